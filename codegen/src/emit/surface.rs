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
use super::{credentials, surface_wire, Ctx};
use crate::ir::{Deprecation, Tagging, TypeDef, TypeId, TypeKind};
use crate::ir_walk;
use crate::pointer;
use crate::surface::{Direction, Item, Kind, Signature, Surface, Type, Wire};
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
        let wire = Wire::Server {
            url: server.url.clone(),
        };
        items.push(Item {
            doc: server.description.clone(),
            ..Item::new(
                format!("Environment::{}", server.variant),
                Kind::Environment,
                format!("servers/{}", server.url),
                Signature::None,
                wire,
            )
        });
    }
    for scheme in &ctx.api.security_schemes {
        let (setter, _) = credentials::setter_ident(ctx, scheme)?;
        let signature = credentials::setter_signature(scheme, &setter);
        items.push(Item {
            doc: scheme.description.clone(),
            ..Item::new(
                format!("ClientBuilder::{}", scheme.setter),
                Kind::Credential,
                format!("securitySchemes/{}", scheme.key),
                Signature::Method(signature.surface()),
                Wire::Credential(scheme.kind.clone()),
            )
        });
    }
    // A crate gated by tag: each feature a consumer may name in its
    // `Cargo.toml` (a removed one fails to resolve there).
    for feature in &ctx.api.features {
        items.push(Item::new(
            format!("features::{}", feature.name),
            Kind::Feature,
            format!("tags/{}", feature.tag),
            Signature::None,
            Wire::Feature {
                tag: feature.tag.clone(),
            },
        ));
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
    if item.signature != Signature::None {
        line.push_str(&format!(": `{}`", item.signature));
    }
    let wire = item.wire.to_string();
    if !wire.is_empty() {
        line.push_str(" — ");
        line.push_str(&wire);
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
    let (kind, signature) = match &def.kind {
        TypeKind::Struct(_) => (Kind::Struct, Signature::Struct),
        TypeKind::StringEnum(_) => (Kind::StringEnum, Signature::Enum),
        TypeKind::IntEnum(_) => (Kind::IntEnum, Signature::IntNewtype),
        TypeKind::Union(_) => (Kind::Union, Signature::Enum),
        TypeKind::Alias(target) => {
            let ty = tyref::rust(ctx, target, Pos::Nested, &def.origin)?;
            (Kind::Alias, Signature::Alias(ty.surface()))
        }
    };
    items.push(Item {
        path: path.clone(),
        kind,
        origin: def.origin.clone(),
        signature,
        wire: surface_wire::typedef(ctx, def),
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
                items.push(Item {
                    path: format!("{path}::{}", field.name),
                    kind: Kind::Field,
                    origin,
                    signature: Signature::Type(ty.surface()),
                    wire: surface_wire::field(ctx, field),
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
                items.push(Item {
                    direction,
                    ..Item::new(
                        format!("{path}::{name}"),
                        Kind::Field,
                        pointer::join_all(&def.origin, &["additionalProperties"]),
                        Signature::Type(ty.surface()),
                        surface_wire::additional(ctx, s.additional.as_ref()),
                    )
                });
            }
        }
        TypeKind::StringEnum(e) => {
            for v in &e.variants {
                let wire = Wire::StringValue(v.wire.clone());
                items.push(enum_value(
                    def,
                    &path,
                    &v.name,
                    &v.wire,
                    wire,
                    v.doc.clone(),
                    direction,
                ));
            }
        }
        TypeKind::IntEnum(e) => {
            for (name, value) in &e.values {
                let wire = Wire::IntValue(*value);
                items.push(enum_value(
                    def,
                    &path,
                    name,
                    &value.to_string(),
                    wire,
                    None,
                    direction,
                ));
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                let mut ty = tyref::rust(ctx, &v.ty, Pos::Nested, &def.origin)?;
                if v.boxed && !tyref::is_heap(&v.ty) {
                    ty = ty.wrapped_in(ctx.prelude_path("Box"));
                }
                items.push(union_variant(
                    def,
                    &path,
                    &v.name,
                    ty.surface(),
                    surface_wire::variant(ctx, v),
                    direction,
                ));
            }
            if let Tagging::Tagged { unknown, .. } = &u.tagging {
                if !u.variants.is_empty() {
                    items.push(union_variant(
                        def,
                        &path,
                        unknown,
                        Type::path("serde_json::Value"),
                        Wire::UnknownTag,
                        direction,
                    ));
                }
            }
        }
        TypeKind::Alias(_) => {}
    }
    Ok(())
}

/// One value of a string or integer enum, found in the spec under its
/// `enum` list by its wire text.
fn enum_value(
    def: &TypeDef,
    path: &str,
    name: &str,
    wire_text: &str,
    wire: Wire,
    doc: Option<String>,
    direction: Direction,
) -> Item {
    Item {
        direction,
        doc,
        ..Item::new(
            format!("{path}::{name}"),
            Kind::EnumValue,
            pointer::join_all(&def.origin, &["enum", wire_text]),
            Signature::None,
            wire,
        )
    }
}

fn union_variant(
    def: &TypeDef,
    path: &str,
    name: &str,
    ty: Type,
    wire: Wire,
    direction: Direction,
) -> Item {
    Item {
        direction,
        ..Item::new(
            format!("{path}::{name}"),
            Kind::UnionVariant,
            format!("{}/variant/{name}", def.origin),
            Signature::Payload(ty),
            wire,
        )
    }
}
