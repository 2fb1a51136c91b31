//! Uses of types: `ir::TypeRef` → Rust type tokens, and the questions the
//! emitter asks about a type (is it `Copy`, does it name a deprecated type,
//! how big can it be, does it recurse without indirection).

use std::collections::BTreeSet;

use super::idents::{ident, Case};
use super::Ctx;
use crate::ir::{FloatWidth, IntWidth, TypeId, TypeKind, TypeRef};
use crate::ir_walk::{self, members, named, nested, AliasCycle, Reach, Through};
use crate::plan::{Root, RustType, TypePath};
use crate::Result;

/// Where a type is written, which decides how bytes are carried and how
/// named types are reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    /// The type of a struct field, in `types.rs`: bytes are `Vec<u8>` (the
    /// field gets a base64 `with` helper).
    Field,
    /// Anywhere else inside a serde type, in `types.rs`: bytes are the
    /// base64 text, a `String`.
    Nested,
    /// Outside `types.rs` (parameters, JSON bodies, error variants): like
    /// `Nested`, with named types reached through `crate::types::`.
    Crate,
}

/// The Rust type of `ty` written at `pos`.
pub(crate) fn rust(ctx: &Ctx<'_>, ty: &TypeRef, pos: Pos, pointer: &str) -> Result<RustType> {
    let inner_pos = match pos {
        Pos::Field | Pos::Nested => Pos::Nested,
        Pos::Crate => Pos::Crate,
    };
    let prelude = |name| RustType::Path(ctx.prelude_path(name), Vec::new());
    Ok(match ty {
        TypeRef::String => prelude("String"),
        TypeRef::Bool => RustType::Primitive("bool"),
        TypeRef::Integer(IntWidth::I32) => RustType::Primitive("i32"),
        TypeRef::Integer(IntWidth::I64) => RustType::Primitive("i64"),
        TypeRef::Integer(IntWidth::U32) => RustType::Primitive("u32"),
        TypeRef::Integer(IntWidth::U64) => RustType::Primitive("u64"),
        TypeRef::Float(FloatWidth::F32) => RustType::Primitive("f32"),
        TypeRef::Float(FloatWidth::F64) => RustType::Primitive("f64"),
        TypeRef::DateTime => RustType::Path(
            TypePath::new(Root::Global, "chrono::DateTime"),
            vec![RustType::path(Root::Global, "chrono::FixedOffset")],
        ),
        TypeRef::Date => RustType::path(Root::Global, "chrono::NaiveDate"),
        TypeRef::Bytes(_) => match pos {
            Pos::Field => RustType::Primitive("u8").wrapped_in(ctx.prelude_path("Vec")),
            Pos::Nested | Pos::Crate => prelude("String"),
        },
        TypeRef::Json => RustType::path(Root::Global, "serde_json::Value"),
        TypeRef::Unit => RustType::Unit,
        TypeRef::Named(id) => {
            let def = ctx.typedef(*id, pointer)?;
            let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?.to_string();
            match pos {
                Pos::Field | Pos::Nested => RustType::path(Root::TypesModule, &name),
                Pos::Crate => RustType::path(Root::Crate, &format!("types::{name}")),
            }
        }
        TypeRef::Array(item) => {
            rust(ctx, item, inner_pos, pointer)?.wrapped_in(ctx.prelude_path("Vec"))
        }
        TypeRef::Map(value) => RustType::Path(
            TypePath::new(Root::Global, "std::collections::BTreeMap"),
            vec![prelude("String"), rust(ctx, value, inner_pos, pointer)?],
        ),
        TypeRef::Nullable(inner) => {
            rust(ctx, inner, inner_pos, pointer)?.wrapped_in(ctx.prelude_path("Option"))
        }
    })
}

/// Follows aliases to the type they stand for.
pub(crate) fn resolve<'a>(ctx: &Ctx<'a>, ty: &'a TypeRef, pointer: &str) -> Result<&'a TypeRef> {
    match ir_walk::unalias(&ctx.api.types, ty, Through::Aliases) {
        Ok(resolved) => {
            if let TypeRef::Named(id) = resolved {
                // An id nothing defines is reported here, located.
                ctx.typedef(*id, pointer)?;
            }
            Ok(resolved)
        }
        Err(AliasCycle(id)) => Err(self_alias(ctx, id, pointer)),
    }
}

/// The error for a type alias that refers to itself.
fn self_alias(ctx: &Ctx<'_>, id: TypeId, pointer: &str) -> crate::Error {
    match ctx.typedef(id, pointer) {
        Ok(def) => ctx.unsupported(
            &def.origin,
            format!("type alias `{}` refers to itself", def.name),
        ),
        Err(unknown) => unknown,
    }
}

/// The wire names of the properties of `ty` when it is an object type that
/// admits no others (what tells a documented error body from `{}` or another
/// service's error); empty otherwise.
pub(crate) fn wire_names<'a>(
    ctx: &Ctx<'a>,
    ty: &'a TypeRef,
    pointer: &str,
) -> Result<Vec<&'a str>> {
    if let TypeRef::Named(id) = resolve(ctx, ty, pointer)? {
        if let TypeKind::Struct(s) = &ctx.typedef(*id, pointer)?.kind {
            if s.additional.is_none() {
                return Ok(s.fields.iter().map(|f| f.wire_name.as_str()).collect());
            }
        }
    }
    Ok(Vec::new())
}

/// Whether values of the type are `Copy` and small (passed by value).
pub(crate) fn is_copy(ctx: &Ctx<'_>, ty: &TypeRef, pointer: &str) -> Result<bool> {
    Ok(match resolve(ctx, ty, pointer)? {
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => true,
        TypeRef::Named(id) => matches!(ctx.typedef(*id, pointer)?.kind, TypeKind::IntEnum(_)),
        _ => false,
    })
}

/// Whether the type is (an alias of) `String`.
pub(crate) fn is_string(ctx: &Ctx<'_>, ty: &TypeRef, pointer: &str) -> Result<bool> {
    Ok(matches!(resolve(ctx, ty, pointer)?, TypeRef::String))
}

/// Whether writing the type names a deprecated type (directly or inside
/// `Vec`/`Option`/maps): the using item then needs `#[allow(deprecated)]`.
pub(crate) fn names_deprecated(ctx: &Ctx<'_>, ty: &TypeRef) -> bool {
    named(ty, Reach::All)
        .and_then(|id| ctx.api.types.get(&id))
        .is_some_and(|def| def.deprecated.is_some())
}

/// Whether the API uses `chrono` anywhere.
pub(crate) fn uses_chrono(ctx: &Ctx<'_>) -> bool {
    fn walk(ty: &TypeRef) -> bool {
        nested(ty, Reach::All).any(|t| matches!(t, TypeRef::DateTime | TypeRef::Date))
    }
    let api = ctx.api;
    api.types
        .values()
        .any(|def| members(&def.kind).any(|m| walk(m.ty)))
        || api.operations.iter().any(|op| {
            op.params.iter().any(|p| walk(&p.ty))
                || op
                    .body
                    .iter()
                    .flat_map(|b| &b.variants)
                    .any(|v| walk(&v.ty))
                || op
                    .responses
                    .iter()
                    .any(|r| r.body.value_type().is_some_and(walk))
        })
}

/// Whether the type already lives on the heap (boxing it again would trip
/// `clippy::box_collection` and gains nothing).
pub(crate) fn is_heap(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Bytes(_)
    )
}

/// Refuses types that contain themselves without indirection (they would
/// have infinite size): struct fields and union variants that are not boxed
/// and not behind a `Vec` or a map.
pub(crate) fn check_recursion(ctx: &Ctx<'_>) -> Result<()> {
    let mut done = BTreeSet::new();
    for id in ctx.api.types.keys() {
        let mut path = Vec::new();
        visit(ctx, *id, &mut path, &mut done)?;
    }
    // A type alias may not refer to itself at all, even through a `Vec`.
    for (id, def) in &ctx.api.types {
        let TypeKind::Alias(target) = &def.kind else {
            continue;
        };
        let mut stack: Vec<TypeId> = named(target, Reach::All).into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == *id {
                return Err(ctx.unsupported(
                    &def.origin,
                    format!("type alias `{}` refers to itself", def.name),
                ));
            }
            if !seen.insert(next) {
                continue;
            }
            if let Some(TypeKind::Alias(inner)) = ctx.api.types.get(&next).map(|d| &d.kind) {
                stack.extend(named(inner, Reach::All));
            }
        }
    }
    Ok(())
}

fn visit(
    ctx: &Ctx<'_>,
    id: TypeId,
    path: &mut Vec<TypeId>,
    done: &mut BTreeSet<TypeId>,
) -> Result<()> {
    if done.contains(&id) {
        return Ok(());
    }
    // Unknown ids are reported, located, where the types are written.
    let Some(def) = ctx.api.types.get(&id) else {
        return Ok(());
    };
    if path.contains(&id) {
        return Err(ctx.unsupported(
            &def.origin,
            format!(
                "type `{}` contains itself without a boxed field to break the cycle",
                def.name
            ),
        ));
    }
    path.push(id);
    // What a value of the type holds inline: members not boxed (a box
    // around a heap type is left out, so it holds it) and not in a map.
    let inline = members(&def.kind)
        .filter(|m| m.by_value && (!m.boxed || is_heap(m.ty)))
        .filter_map(|m| named(m.ty, Reach::Inline));
    for next in inline {
        visit(ctx, next, path, done)?;
    }
    path.pop();
    done.insert(id);
    Ok(())
}
