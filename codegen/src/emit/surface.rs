//! The public API of the crate as a [`Surface`]: one [`Item`] per type,
//! field, enum value, union variant, operation (method, parameters, error
//! and success enums), server and credential, and `API.md`, its listing.
//!
//! Signatures are the plan's own values (the method's [`Signature`] as
//! `calls::signature` builds it for `calls::method`, a field's [`RustType`]
//! as `types::field_type` builds it for `types.rs`), written on one line
//! relative to the crate root, so they are exactly what the crate exposes.
//!
//! [`Signature`]: crate::plan::Signature
//! [`RustType`]: crate::plan::RustType

use std::collections::{BTreeMap, BTreeSet};

use super::tyref::{self, Pos};
use super::{credentials, Ctx};
use crate::ir::{
    Deprecation, FloatWidth, IntWidth, SecurityKind, Tagging, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::ir_walk;
use crate::pointer;
use crate::surface::{Direction, Item, Kind, Surface};
use crate::Result;

/// The surface of the crate `ctx` describes, items sorted by path.
///
/// # Errors
///
/// What the emitter reports for the same IR, and an [`Error::Unsupported`]
/// (located at the item's origin) when two items would share a path.
///
/// [`Error::Unsupported`]: crate::Error::Unsupported
pub(crate) fn surface(ctx: &Ctx<'_>) -> Result<Surface> {
    let directions = directions(ctx);
    let mut items = Vec::new();
    for (id, def) in &ctx.api.types {
        let direction = directions.get(id).copied().unwrap_or(Direction::Neither);
        typedef(ctx, def, direction, &mut items)?;
    }
    for op in &ctx.api.operations {
        super::surface_ops::operation(ctx, op, &mut items)?;
    }
    for server in &ctx.api.servers {
        items.push(Item {
            path: format!("Environment::{}", server.variant),
            kind: Kind::Environment,
            origin: format!("servers/{}", server.url),
            signature: String::new(),
            wire: server.url.clone(),
            required: false,
            direction: Direction::Neither,
            deprecated: None,
            doc: server.description.clone(),
            features: Vec::new(),
        });
    }
    for scheme in &ctx.api.security_schemes {
        let (setter, _) = credentials::setter_ident(ctx, scheme)?;
        let signature = credentials::setter_signature(scheme, &setter);
        let wire = match &scheme.kind {
            SecurityKind::ApiKeyHeader { name } => format!("header {name}"),
            SecurityKind::ApiKeyQuery { name } => format!("query {name}"),
            SecurityKind::ApiKeyCookie { name } => format!("cookie {name}"),
            SecurityKind::Bearer => "header Authorization: Bearer".into(),
            SecurityKind::Basic => "header Authorization: Basic".into(),
        };
        items.push(Item {
            path: format!("ClientBuilder::{}", scheme.setter),
            kind: Kind::Credential,
            origin: format!("securitySchemes/{}", scheme.key),
            signature: signature.surface(),
            wire,
            required: false,
            direction: Direction::Neither,
            deprecated: None,
            doc: scheme.description.clone(),
            features: Vec::new(),
        });
    }
    // A crate gated by tag: each feature a consumer may name in its
    // `Cargo.toml` (a removed one fails to resolve there).
    for feature in &ctx.api.features {
        items.push(Item {
            path: format!("features::{}", feature.name),
            kind: Kind::Feature,
            origin: format!("tags/{}", feature.tag),
            signature: String::new(),
            wire: format!("tag {} (in full)", feature.tag),
            required: false,
            direction: Direction::Neither,
            deprecated: None,
            doc: None,
            features: Vec::new(),
        });
    }
    items.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = items.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(ctx.unsupported(
            &pair[1].origin,
            format!(
                "two public items have the path `{}` (from {} and {})",
                pair[1].path, pair[0].origin, pair[1].origin
            ),
        ));
    }
    Ok(Surface { items })
}

/// `API.md`: the header and one line per item.
pub(crate) fn api_md(ctx: &Ctx<'_>, surface: &Surface) -> String {
    let options = ctx.options;
    let spec = options.spec_file.replace(['\r', '\n'], " ");
    let mut out = format!(
        "# API of `{name}`\n\nThe public API of `{name}` {version}, generated from `{spec}` by \
         `cargo xtask codegen`: one line per item, sorted, so a spec change shows here as a \
         small diff.\n\n",
        name = options.crate_name,
        version = options.version,
    );
    for item in &surface.items {
        out.push_str(&api_line(item));
        out.push('\n');
    }
    out
}

fn api_line(item: &Item) -> String {
    let mut line = format!("- `{}` {} ({})", item.path, item.kind, item.direction);
    if !item.signature.is_empty() {
        line.push_str(&format!(": `{}`", item.signature));
    }
    if !item.wire.is_empty() {
        line.push_str(" — ");
        line.push_str(&item.wire);
    }
    match item.deprecated.as_deref() {
        None => {}
        Some("") => line.push_str(" (deprecated)"),
        Some(note) => line.push_str(&format!(" (deprecated: {note})")),
    }
    if !item.features.is_empty() {
        line.push_str(&format!(" [features: {}]", item.features.join(", ")));
    }
    line.replace('\r', "\\r").replace('\n', "\\n")
}

/// Which way each named type travels: reachable from request bodies and
/// parameters, from responses, or both.
fn directions(ctx: &Ctx<'_>) -> BTreeMap<TypeId, Direction> {
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for op in &ctx.api.operations {
        for (ty, way) in ir_walk::operation_types(op) {
            let seen = match way {
                ir_walk::Way::Request => &mut request,
                ir_walk::Way::Response => &mut response,
            };
            ir_walk::reach(&ctx.api.types, ty, seen);
        }
    }
    let mut out = BTreeMap::new();
    for id in ctx.api.types.keys() {
        let d = match (request.contains(id), response.contains(id)) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            (false, false) => Direction::Neither,
        };
        out.insert(*id, d);
    }
    out
}

pub(super) fn deprecation(d: Option<&Deprecation>) -> Option<String> {
    d.map(|d| d.note.clone().unwrap_or_default())
}

fn typedef(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    direction: Direction,
    items: &mut Vec<Item>,
) -> Result<()> {
    let path = format!("types::{}", def.name);
    let (kind, signature, wire) = match &def.kind {
        TypeKind::Struct(_) => (Kind::Struct, "struct".to_string(), "object".to_string()),
        TypeKind::StringEnum(_) => (Kind::StringEnum, "enum".into(), "string enum".into()),
        TypeKind::IntEnum(_) => (
            Kind::IntEnum,
            "struct(pub i64)".into(),
            "integer enum".into(),
        ),
        TypeKind::Union(u) => {
            let wire = match u.tagging.property() {
                Some(tag) => format!("oneOf, discriminator: {tag}"),
                None => "oneOf, untagged".into(),
            };
            (Kind::Union, "enum".into(), wire)
        }
        TypeKind::Alias(target) => {
            let ty = tyref::rust(ctx, target, Pos::Nested, &def.origin)?;
            (
                Kind::Alias,
                format!("type = {}", ty.surface()),
                wire_type(ctx, target, 0),
            )
        }
    };
    items.push(Item {
        path: path.clone(),
        kind,
        origin: def.origin.clone(),
        signature,
        wire,
        required: false,
        direction,
        deprecated: deprecation(def.deprecated.as_ref()),
        doc: def.doc.clone(),
        features: def.features.clone(),
    });
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                let origin = pointer::join_all(&def.origin, &["properties", &field.wire_name]);
                let optional = field.optional();
                let (ty, _) = super::types::field_type(ctx, field, &origin)?;
                let mut wire = vec![
                    json_string(&field.wire_name) + ": " + &wire_type(ctx, &field.ty, 0),
                    if field.required {
                        "required".into()
                    } else {
                        "optional".into()
                    },
                ];
                if field.nullable {
                    wire.push("nullable".into());
                }
                if field.read_only {
                    wire.push("readOnly".into());
                }
                if field.write_only {
                    wire.push("writeOnly".into());
                }
                if let Some(default) = &field.default {
                    wire.push(format!("default: {default}"));
                }
                items.push(Item {
                    path: format!("{path}::{}", field.name),
                    kind: Kind::Field,
                    origin,
                    signature: ty.surface(),
                    wire: wire.join(", "),
                    required: !optional,
                    direction,
                    deprecated: deprecation(field.deprecated.as_ref()),
                    doc: field.doc.clone(),
                    features: Vec::new(),
                });
            }
            // The map of undeclared properties is a public field like the
            // others (`new(…)` leaves it empty): gaining one is an addition.
            if let Some((name, ty)) = super::types::additional_field(ctx, def, s)? {
                let value = s.additional.as_ref().map(|v| wire_type(ctx, v, 0));
                items.push(Item {
                    path: format!("{path}::{name}"),
                    kind: Kind::Field,
                    origin: pointer::join_all(&def.origin, &["additionalProperties"]),
                    signature: ty.surface(),
                    wire: format!("additionalProperties: {}", value.unwrap_or_default()),
                    required: false,
                    direction,
                    deprecated: None,
                    doc: None,
                    features: Vec::new(),
                });
            }
        }
        TypeKind::StringEnum(e) => {
            for v in &e.variants {
                items.push(Item {
                    path: format!("{path}::{}", v.name),
                    kind: Kind::EnumValue,
                    origin: pointer::join_all(&def.origin, &["enum", &v.wire]),
                    signature: String::new(),
                    wire: json_string(&v.wire),
                    required: false,
                    direction,
                    deprecated: None,
                    doc: v.doc.clone(),
                    features: Vec::new(),
                });
            }
        }
        TypeKind::IntEnum(e) => {
            for (name, value) in &e.values {
                items.push(Item {
                    path: format!("{path}::{name}"),
                    kind: Kind::EnumValue,
                    origin: format!("{}/enum/{value}", def.origin),
                    signature: String::new(),
                    wire: value.to_string(),
                    required: false,
                    direction,
                    deprecated: None,
                    doc: None,
                    features: Vec::new(),
                });
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                let mut ty = tyref::rust(ctx, &v.ty, Pos::Nested, &def.origin)?;
                if v.boxed && !tyref::is_heap(&v.ty) {
                    ty = ty.wrapped_in(ctx.prelude_path("Box"));
                }
                let mut wire = wire_type(ctx, &v.ty, 0);
                if !v.tags.is_empty() {
                    let tags: Vec<String> = v.tags.iter().map(|t| json_string(t)).collect();
                    wire.push_str(&format!(", tag: {}", tags.join(" | ")));
                }
                items.push(union_variant(
                    def,
                    &path,
                    &v.name,
                    ty.surface(),
                    wire,
                    direction,
                ));
            }
            if let Tagging::Tagged { unknown, .. } = &u.tagging {
                if !u.variants.is_empty() {
                    items.push(union_variant(
                        def,
                        &path,
                        unknown,
                        "serde_json::Value".into(),
                        "any other tag".into(),
                        direction,
                    ));
                }
            }
        }
        TypeKind::Alias(_) => {}
    }
    Ok(())
}

fn union_variant(
    def: &TypeDef,
    path: &str,
    name: &str,
    ty: String,
    wire: String,
    direction: Direction,
) -> Item {
    Item {
        path: format!("{path}::{name}"),
        kind: Kind::UnionVariant,
        origin: format!("{}/variant/{name}", def.origin),
        signature: format!("({ty})"),
        wire,
        required: false,
        direction,
        deprecated: None,
        doc: None,
        features: Vec::new(),
    }
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The JSON shape of a type, independent of Rust naming where the spec
/// names it (a component schema is named by its key).
fn wire_type(ctx: &Ctx<'_>, ty: &TypeRef, depth: usize) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::Integer(IntWidth::I32) => "integer(int32)".into(),
        TypeRef::Integer(IntWidth::I64) => "integer".into(),
        TypeRef::Integer(IntWidth::U32) => "integer(uint32)".into(),
        TypeRef::Integer(IntWidth::U64) => "integer(uint64)".into(),
        TypeRef::Float(FloatWidth::F32) => "number(float)".into(),
        TypeRef::Float(FloatWidth::F64) => "number".into(),
        TypeRef::DateTime => "string(date-time)".into(),
        TypeRef::Date => "string(date)".into(),
        TypeRef::Bytes(crate::ir::BytesEncoding::Base64) => "string(byte)".into(),
        TypeRef::Bytes(crate::ir::BytesEncoding::Binary) => "string(binary)".into(),
        TypeRef::Json => "any".into(),
        TypeRef::Unit => "empty".into(),
        TypeRef::Array(inner) => format!("array of {}", wire_type(ctx, inner, depth + 1)),
        TypeRef::Map(inner) => format!("map of {}", wire_type(ctx, inner, depth + 1)),
        TypeRef::Nullable(inner) => format!("{} or null", wire_type(ctx, inner, depth + 1)),
        TypeRef::Named(id) => {
            let Some(def) = ctx.api.types.get(id) else {
                return "?".into();
            };
            if let Some(key) = pointer::component(&def.origin, "schemas") {
                return key;
            }
            match &def.kind {
                TypeKind::Struct(_) => "object".into(),
                TypeKind::StringEnum(_) => "string enum".into(),
                TypeKind::IntEnum(_) => "integer enum".into(),
                TypeKind::Union(_) => "oneOf".into(),
                TypeKind::Alias(target) if depth < 16 => wire_type(ctx, target, depth + 1),
                TypeKind::Alias(_) => "?".into(),
            }
        }
    }
}
