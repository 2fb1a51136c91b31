//! The public API of the crate as a [`Surface`]: one [`Item`] per type,
//! field, enum value, union variant, operation (method, parameters, error
//! and success enums), server and credential, and `API.md`, its listing.
//!
//! Signatures are the emitter's own tokens (the method's as `calls::method`
//! writes it, a field's as `types.rs` writes it), printed on one line with
//! `crate::` dropped and the types of `types.rs` written `types::Name`, so
//! they are exactly what the crate exposes, relative to its root.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::quote;

use super::operations::{self, body_type, response_body};
use super::tyref::{self, Pos};
use super::{calls, client, Ctx};
use crate::ir::{
    BodyEncoding, Deprecation, FloatWidth, IntWidth, Operation, ParamLocation, SecurityKind,
    StatusMatch, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::pointer::escape;
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
        operation(ctx, op, &mut items)?;
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
        });
    }
    for scheme in &ctx.api.security_schemes {
        let pointer = format!("/components/securitySchemes/{}", escape(&scheme.key));
        let setter = super::idents::ident(
            ctx,
            &scheme.setter,
            super::idents::Case::Snake,
            "security setter",
            &pointer,
        )?;
        let f = parse_fn(ctx, client::setter_fn(ctx, scheme, &setter), &pointer)?;
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
            signature: fn_signature(ctx, &f.sig),
            wire,
            required: false,
            direction: Direction::Neither,
            deprecated: None,
            doc: scheme.description.clone(),
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
    line.replace('\r', "\\r").replace('\n', "\\n")
}

/// Which way each named type travels: reachable from request bodies and
/// parameters, from responses, or both.
fn directions(ctx: &Ctx<'_>) -> BTreeMap<TypeId, Direction> {
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for op in &ctx.api.operations {
        for p in &op.params {
            reach(ctx, &p.ty, &mut request);
        }
        if let Some(body) = &op.body {
            reach(ctx, &body.ty, &mut request);
        }
        for r in &op.responses {
            reach(ctx, &r.ty, &mut response);
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

/// Adds every named type reachable from `ty` to `seen` (cycles stop there).
fn reach(ctx: &Ctx<'_>, ty: &TypeRef, seen: &mut BTreeSet<TypeId>) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                let Some(def) = ctx.api.types.get(id) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.as_ref());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                stack.push(inner)
            }
            _ => {}
        }
    }
}

fn deprecation(d: Option<&Deprecation>) -> Option<String> {
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
        TypeKind::Struct(s) => {
            let mut signature = String::from("struct");
            let mut wire = String::from("object");
            if let Some(value) = &s.additional {
                let ty = tyref::rust(ctx, value, Pos::Nested, &def.origin)?;
                signature.push_str(&format!(
                    ", additional properties: BTreeMap<String, {}>",
                    text(ctx, &ty)
                ));
                wire.push_str(&format!(
                    ", additionalProperties: {}",
                    wire_type(ctx, value, 0)
                ));
            }
            (Kind::Struct, signature, wire)
        }
        TypeKind::StringEnum(_) => (Kind::StringEnum, "enum".into(), "string enum".into()),
        TypeKind::IntEnum(_) => (
            Kind::IntEnum,
            "struct(pub i64)".into(),
            "integer enum".into(),
        ),
        TypeKind::Union(u) => {
            let wire = match &u.discriminator {
                Some(tag) => format!("oneOf, discriminator: {tag}"),
                None => "oneOf, untagged".into(),
            };
            (Kind::Union, "enum".into(), wire)
        }
        TypeKind::Alias(target) => {
            let ty = tyref::rust(ctx, target, Pos::Nested, &def.origin)?;
            (
                Kind::Alias,
                format!("type = {}", text(ctx, &ty)),
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
    });
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                let origin = format!("{}/properties/{}", def.origin, escape(&field.wire_name));
                let optional = !field.required || field.nullable;
                let mut ty = tyref::rust(ctx, &field.ty, Pos::Field, &origin)?;
                if field.boxed && !tyref::is_heap(&field.ty) {
                    let boxed = ctx.prelude("Box");
                    ty = quote!(#boxed<#ty>);
                }
                if optional {
                    let option = ctx.prelude("Option");
                    ty = quote!(#option<#ty>);
                }
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
                    signature: text(ctx, &ty),
                    wire: wire.join(", "),
                    required: !optional,
                    direction,
                    deprecated: deprecation(field.deprecated.as_ref()),
                    doc: field.doc.clone(),
                });
            }
        }
        TypeKind::StringEnum(e) => {
            for v in &e.variants {
                items.push(Item {
                    path: format!("{path}::{}", v.name),
                    kind: Kind::EnumValue,
                    origin: format!("{}/enum/{}", def.origin, escape(&v.wire)),
                    signature: String::new(),
                    wire: json_string(&v.wire),
                    required: false,
                    direction,
                    deprecated: None,
                    doc: v.doc.clone(),
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
                });
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                let mut ty = tyref::rust(ctx, &v.ty, Pos::Nested, &def.origin)?;
                if v.boxed && !tyref::is_heap(&v.ty) {
                    let boxed = ctx.prelude("Box");
                    ty = quote!(#boxed<#ty>);
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
                    text(ctx, &ty),
                    wire,
                    direction,
                ));
            }
            if let Some(unknown) = u.unknown.as_ref().filter(|_| u.discriminator.is_some()) {
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
    }
}

fn operation(ctx: &Ctx<'_>, op: &Operation, items: &mut Vec<Item>) -> Result<()> {
    let origin = format!("{} {}", op.http_method, op.path);
    let f = parse_fn(ctx, calls::method(ctx, op)?, &op.pointer)?;
    let mut args: BTreeMap<String, String> = BTreeMap::new();
    for input in &f.sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            let pat = &typed.pat;
            let ty = &typed.ty;
            args.insert(text(ctx, &quote!(#pat)), text(ctx, &quote!(#ty)));
        }
    }
    let mut security: Vec<String> = op
        .security
        .iter()
        .map(|alternative| {
            if alternative.is_empty() {
                "none".to_string()
            } else {
                let mut keys = alternative.clone();
                keys.sort();
                keys.join("+")
            }
        })
        .collect();
    security.sort();
    security.dedup();
    if security.is_empty() {
        security.push("none".into());
    }
    let mut wire = vec![origin.clone()];
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.encoding != BodyEncoding::Empty)
    {
        let required = if body.required { "" } else { ", optional" };
        wire.push(format!("body: {}{required}", body.content_type));
    }
    wire.push(format!("security: {}", security.join(" | ")));
    if op.retry_safe {
        wire.push("retry_safe".into());
    }
    let doc = match (&op.summary, &op.description) {
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (s, d) => s.clone().or_else(|| d.clone()),
    };
    let method = format!("Client::{}", op.method_name);
    items.push(Item {
        path: method.clone(),
        kind: Kind::Method,
        origin: origin.clone(),
        signature: fn_signature(ctx, &f.sig),
        wire: wire.join(", "),
        required: false,
        direction: Direction::Both,
        deprecated: deprecation(op.deprecated.as_ref()),
        doc,
    });
    let location = |l: ParamLocation| match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let name = operations::param_ident(ctx, op, p)?.to_string();
        let signature = args.get(&name).cloned().ok_or_else(|| {
            ctx.unsupported(
                &op.pointer,
                format!("internal error: no argument `{name}` in the method"),
            )
        })?;
        items.push(Item {
            path: format!("{method}::{}", p.name),
            kind: Kind::PathParam,
            origin: format!("{origin}/parameters/path/{}", p.wire_name),
            signature,
            wire: format!("in: path, name: {}, required", p.wire_name),
            required: true,
            direction: Direction::Request,
            deprecated: deprecation(p.deprecated.as_ref()),
            doc: p.doc.clone(),
        });
    }
    if let Some(params) = &op.params_type {
        let path = format!("operations::{params}");
        items.push(Item {
            path: path.clone(),
            kind: Kind::ParamsType,
            origin: format!("{origin}/params"),
            signature: "struct".into(),
            wire: String::new(),
            required: false,
            direction: Direction::Request,
            deprecated: None,
            doc: None,
        });
        for p in operations::struct_params(op) {
            let mut ty = tyref::rust(ctx, &p.ty, Pos::Crate, &op.pointer)?;
            if !p.required {
                let option = ctx.prelude("Option");
                ty = quote!(#option<#ty>);
            }
            let where_ = location(p.location);
            let required = if p.required { "required" } else { "optional" };
            items.push(Item {
                path: format!("{path}::{}", p.name),
                kind: Kind::Param,
                origin: format!("{origin}/parameters/{where_}/{}", p.wire_name),
                signature: text(ctx, &ty),
                wire: format!("in: {where_}, name: {}, {required}", p.wire_name),
                required: p.required,
                direction: Direction::Request,
                deprecated: deprecation(p.deprecated.as_ref()),
                doc: p.doc.clone(),
            });
        }
    }
    let error = format!("operations::{}", op.error_type);
    items.push(Item {
        path: error.clone(),
        kind: Kind::ErrorType,
        origin: format!("{origin}/errors"),
        signature: "enum".into(),
        wire: String::new(),
        required: false,
        direction: Direction::Response,
        deprecated: None,
        doc: None,
    });
    let success = op.success_type.as_ref().map(|s| format!("operations::{s}"));
    if let Some(success) = &success {
        items.push(Item {
            path: success.clone(),
            kind: Kind::SuccessType,
            origin: format!("{origin}/successes"),
            signature: "enum".into(),
            wire: String::new(),
            required: false,
            direction: Direction::Response,
            deprecated: None,
            doc: None,
        });
    }
    for r in &op.responses {
        let (parent, kind) = match (&success, r.success) {
            (_, false) => (&error, Kind::ErrorVariant),
            (Some(success), true) => (success, Kind::SuccessVariant),
            (None, true) => continue,
        };
        let body = response_body(ctx, op, r)?;
        let signature = match body_type(ctx, op, body)? {
            Some(ty) => format!("({})", text(ctx, &ty)),
            None => String::new(),
        };
        let status = status(r.status);
        items.push(Item {
            path: format!("{parent}::{}", r.variant),
            kind,
            origin: format!("{origin}/responses/{status}"),
            signature,
            wire: status,
            required: false,
            direction: Direction::Response,
            deprecated: None,
            doc: r.description.clone(),
        });
    }
    Ok(())
}

/// `404`, `4XX`, `default`.
fn status(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(n) => format!("{n}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn parse_fn(ctx: &Ctx<'_>, tokens: TokenStream, pointer: &str) -> Result<syn::ImplItemFn> {
    syn::parse2::<syn::ImplItemFn>(tokens).map_err(|e| {
        ctx.unsupported(
            pointer,
            format!("internal error: a generated method does not parse: {e}"),
        )
    })
}

/// `(&self, a: &str) -> Call<…>`.
fn fn_signature(ctx: &Ctx<'_>, sig: &syn::Signature) -> String {
    let inputs = &sig.inputs;
    let output = &sig.output;
    text(ctx, &quote!((#inputs) #output))
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
            if let Some(key) = def
                .origin
                .strip_prefix("/components/schemas/")
                .filter(|k| !k.contains('/'))
            {
                return key.replace("~1", "/").replace("~0", "~");
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

/// Tokens as one line of Rust: no space inside paths, generics, references
/// and groups, `crate::` and leading `::` dropped, and a type of `types.rs`
/// written bare there (`Pet`) qualified as `types::Pet`.
fn text(ctx: &Ctx<'_>, tokens: &TokenStream) -> String {
    let mut atoms = Vec::new();
    atomize(tokens.clone(), &mut atoms);
    let names: BTreeSet<&str> = ctx.api.types.values().map(|d| d.name.as_str()).collect();
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    // The atom follows a dropped `crate::`: already a path of the crate.
    let mut in_path = false;
    let mut i = 0;
    while i < atoms.len() {
        let atom = atoms[i].as_str();
        let next = atoms.get(i + 1).map(String::as_str);
        // `crate::x` → `x`; `::chrono::…` → `chrono::…` (a path's start).
        if atom == "crate" && next == Some("::") && prev != Some("::") {
            in_path = true;
            i += 2;
            continue;
        }
        let path_start = !matches!(prev, Some(p) if is_word(p));
        if atom == "::" && path_start {
            i += 1;
            continue;
        }
        let tight_after = matches!(prev, None | Some("&" | "<" | "(" | "[" | "::" | "'"));
        let tight_before = matches!(atom, "," | ">" | ")" | "]" | "::" | "<" | ":" | ";");
        if !tight_after && !tight_before && !out.is_empty() {
            out.push(' ');
        }
        if !in_path && prev != Some("::") && names.contains(atom) {
            out.push_str("types::");
        }
        in_path = false;
        out.push_str(atom);
        prev = Some(atom);
        i += 1;
    }
    out
}

fn is_word(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '#')
}

/// Flattens tokens into atoms: identifiers, literals, joined punctuation
/// (`::`, `->`), lifetimes and delimiters.
fn atomize(tokens: TokenStream, out: &mut Vec<String>) {
    let mut joint = String::new();
    for tree in tokens {
        match tree {
            TokenTree::Punct(p) => {
                joint.push(p.as_char());
                if p.spacing() == Spacing::Alone {
                    out.push(std::mem::take(&mut joint));
                }
                continue;
            }
            TokenTree::Ident(ident) => {
                if joint == "'" {
                    out.push(format!("'{ident}"));
                    joint.clear();
                    continue;
                }
                flush(&mut joint, out);
                out.push(ident.to_string());
            }
            TokenTree::Literal(lit) => {
                flush(&mut joint, out);
                out.push(lit.to_string());
            }
            TokenTree::Group(group) => {
                flush(&mut joint, out);
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                if !open.is_empty() {
                    out.push(open.into());
                }
                atomize(group.stream(), out);
                if !close.is_empty() {
                    out.push(close.into());
                }
            }
        }
    }
    flush(&mut joint, out);
}

fn flush(joint: &mut String, out: &mut Vec<String>) {
    if !joint.is_empty() {
        out.push(std::mem::take(joint));
    }
}
