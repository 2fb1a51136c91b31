//! The typed wire facts ([`Wire`]) of the surface's items, from the IR: the
//! one place that decides what an item means on the wire (`surface.rs`,
//! `surface_ops.rs` and `paging.rs` take their `wire` from here).

use super::Ctx;
use crate::ir::{
    BodyEncoding, BytesEncoding, CursorSource, Field as StructField, FloatWidth, FormPart,
    IntWidth, MoreFlag, Operation, PageShape, Paging, Param, ResponseHeader, TypeDef, TypeKind,
    TypeRef, UnionVariant,
};
use crate::pointer;
use crate::surface::wire::{self, Alternatives, PageNext, Shape, Wire};

/// A type's own facts: what JSON it is.
pub(super) fn typedef(ctx: &Ctx<'_>, def: &TypeDef) -> Wire {
    match &def.kind {
        TypeKind::Struct(_) => Wire::Object,
        TypeKind::StringEnum(_) => Wire::StringEnum,
        TypeKind::IntEnum(_) => Wire::IntEnum,
        TypeKind::Union(u) => Wire::Union {
            discriminator: u.tagging.property().map(str::to_owned),
        },
        TypeKind::Alias(target) => Wire::Alias(shape(ctx, target)),
    }
}

/// A struct field: its wire name, shape and what the spec says of it.
pub(super) fn field(ctx: &Ctx<'_>, field: &StructField) -> Wire {
    Wire::Field(wire::Field {
        name: field.wire_name.clone(),
        shape: shape(ctx, &field.ty),
        required: field.required,
        nullable: field.nullable,
        read_only: field.read_only,
        write_only: field.write_only,
        default: field.default.clone(),
    })
}

/// The map of a struct's undeclared properties.
pub(super) fn additional(ctx: &Ctx<'_>, value: Option<&TypeRef>) -> Wire {
    Wire::AdditionalProperties(value.map(|v| shape(ctx, v)))
}

/// A union alternative: its shape and the discriminator values that pick it.
pub(super) fn variant(ctx: &Ctx<'_>, v: &UnionVariant) -> Wire {
    Wire::Variant {
        shape: shape(ctx, &v.ty),
        tags: v.tags.clone(),
    }
}

/// An operation: method, path, body, security, successes, server, retries.
pub(super) fn operation(op: &Operation) -> Wire {
    let body = op
        .body
        .as_ref()
        .filter(|b| b.primary().encoding != BodyEncoding::Empty)
        .map(|body| wire::Body {
            media_types: body
                .variants
                .iter()
                .map(|v| v.content_type.clone())
                .collect(),
            required: body.required,
        });
    let mut security: Alternatives = op
        .security
        .iter()
        .map(|alternative| alternative.iter().cloned().collect())
        .collect();
    // No requirement at all is the one alternative that needs nothing.
    if security.is_empty() {
        security.insert(Default::default());
    }
    Wire::Operation(wire::Operation {
        method: op.http_method,
        path: op.path.clone(),
        body,
        security,
        // The statuses the crate decodes as a success: another one is
        // `Error::UnexpectedStatus`, so a change is a change on the wire.
        successes: op.successes().map(|r| r.covers).collect(),
        // Where it is sent is part of what it means on the wire (a moved
        // uploads host is a provider wire change).
        server: op.server.clone(),
        retry_safe: op.retry_safe,
    })
}

/// A parameter: where it travels, its wire name, whether it is required.
pub(super) fn param(p: &Param) -> Wire {
    Wire::Param(wire::Param {
        location: p.location,
        name: p.wire_name.clone(),
        required: p.required,
    })
}

/// A part of a multipart form.
pub(super) fn part(part: &FormPart) -> Wire {
    Wire::Part(wire::Part {
        name: part.wire_name.clone(),
        kind: part.kind,
        required: part.required,
        content_type: part.content_type.clone(),
    })
}

/// A response header: its name, the statuses that declare it, whether it is
/// always sent.
pub(super) fn header(h: &ResponseHeader) -> Wire {
    Wire::Header(wire::Header {
        name: h.wire_name.clone(),
        statuses: h.statuses.clone(),
        required: h.required,
    })
}

/// How the list pages, as the surface's typed wire facts.
pub(super) fn paging(paging: &Paging) -> Wire {
    let mut facts = wire::Paging {
        shape: paging.shape.label(),
        param: None,
        next: None,
        more: None,
        limit: None,
        items: (!paging.items.steps.is_empty()).then(|| paging.items.dotted()),
    };
    let flag = |more: &MoreFlag| wire::MoreFlag {
        more_when: more.more_when,
        field: more.field.dotted(),
    };
    match &paging.shape {
        PageShape::LinkHeader => {}
        PageShape::NextUrl { next } => facts.next = Some(PageNext::Field(next.dotted())),
        PageShape::Cursor { param, next } => {
            facts.param = Some(param.clone());
            let (next, more) = match next {
                CursorSource::Field { token, more } => {
                    (PageNext::Field(token.dotted()), more.as_ref())
                }
                CursorSource::LastItem { id, more } => {
                    (PageNext::LastItem(id.dotted()), Some(more))
                }
            };
            facts.next = Some(next);
            facts.more = more.map(flag);
        }
        PageShape::Offset { param, limit } | PageShape::Page { param, limit, .. } => {
            facts.param = Some(param.clone());
            facts.limit = limit.clone();
        }
    }
    Wire::Paging(facts)
}

/// The JSON shape of a type, independent of Rust naming where the spec
/// names it (a component schema is named by its key).
pub(super) fn shape(ctx: &Ctx<'_>, ty: &TypeRef) -> Shape {
    shape_at(ctx, ty, 0)
}

fn shape_at(ctx: &Ctx<'_>, ty: &TypeRef, depth: usize) -> Shape {
    let inner = |ty: &TypeRef| Box::new(shape_at(ctx, ty, depth + 1));
    match ty {
        TypeRef::String => Shape::Scalar("string"),
        TypeRef::Bool => Shape::Scalar("boolean"),
        TypeRef::Integer(IntWidth::I32) => Shape::Scalar("integer(int32)"),
        TypeRef::Integer(IntWidth::I64) => Shape::Scalar("integer"),
        TypeRef::Integer(IntWidth::U32) => Shape::Scalar("integer(uint32)"),
        TypeRef::Integer(IntWidth::U64) => Shape::Scalar("integer(uint64)"),
        TypeRef::Float(FloatWidth::F32) => Shape::Scalar("number(float)"),
        TypeRef::Float(FloatWidth::F64) => Shape::Scalar("number"),
        TypeRef::DateTime => Shape::Scalar("string(date-time)"),
        TypeRef::Date => Shape::Scalar("string(date)"),
        TypeRef::Bytes(BytesEncoding::Base64) => Shape::Scalar("string(byte)"),
        TypeRef::Bytes(BytesEncoding::Binary) => Shape::Scalar("string(binary)"),
        TypeRef::Json => Shape::Scalar("any"),
        TypeRef::Unit => Shape::Scalar("empty"),
        TypeRef::Array(item) => Shape::Array(inner(item)),
        TypeRef::Map(value) => Shape::Map(inner(value)),
        TypeRef::Nullable(value) => Shape::Nullable(inner(value)),
        TypeRef::Named(id) => {
            let Some(def) = ctx.api.types.get(id) else {
                return Shape::Unknown;
            };
            if let Some(key) = pointer::component(&def.origin, "schemas") {
                return Shape::Component(key);
            }
            match &def.kind {
                TypeKind::Struct(_) => Shape::Inline("object"),
                TypeKind::StringEnum(_) => Shape::Inline("string enum"),
                TypeKind::IntEnum(_) => Shape::Inline("integer enum"),
                TypeKind::Union(_) => Shape::Inline("oneOf"),
                TypeKind::Alias(target) if depth < 16 => shape_at(ctx, target, depth + 1),
                TypeKind::Alias(_) => Shape::Unknown,
            }
        }
    }
}
