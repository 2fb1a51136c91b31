//! The operations' part of the [`Surface`](crate::surface::Surface): per
//! operation its `Client` method, its parameters (arguments or setters),
//! its call type, error and success enums; their signatures the plan's own
//! (`calls::signature`).

use std::collections::BTreeMap;

use super::operations::{self, body_type};
use super::surface::deprecation;
use super::{calls, surface_wire, Ctx};
use crate::ir::{Operation, ParamLocation, PartKind, ResponseHeaders};
use crate::surface::{self, Direction, Item, Kind, Signature, Wire};
use crate::Result;

/// The enum choosing among an operation's request bodies, like a union and
/// its alternatives: a body added to the spec adds a variant.
fn body_choice(op: &Operation, origin: &str, features: &[String], items: &mut Vec<Item>) {
    let Some(body) = &op.body else { return };
    let Some(choice) = &body.choice_type else {
        return;
    };
    let path = format!("operations::{choice}");
    let body_at = crate::pointer::join_all(origin, &["requestBody", "content"]);
    items.push(Item {
        path: path.clone(),
        kind: Kind::Union,
        origin: body_at.clone(),
        signature: Signature::Enum,
        wire: Wire::BodyChoice,
        required: false,
        direction: Direction::Request,
        deprecated: None,
        doc: body.doc.clone(),
        features: features.to_vec(),
    });
    for v in &body.variants {
        items.push(Item {
            path: format!("{path}::{}", v.name),
            kind: Kind::UnionVariant,
            origin: crate::pointer::join_all(&body_at, &[&v.content_type]),
            signature: Signature::Encoding(v.encoding),
            wire: Wire::BodyVariant {
                content_type: v.content_type.clone(),
            },
            required: false,
            direction: Direction::Request,
            deprecated: None,
            doc: None,
            features: Vec::new(),
        });
    }
}

pub(super) fn operation(ctx: &Ctx<'_>, op: &Operation, items: &mut Vec<Item>) -> Result<()> {
    let origin = format!("{} {}", op.http_method, op.path.without_param_names());
    let features: Vec<String> = op.feature.iter().cloned().collect();
    let signature = calls::signature(ctx, op)?;
    let signature = signature.surface();
    let args: BTreeMap<&str, &surface::Type> = (signature.args.iter())
        .map(|arg| (arg.name.as_str(), &arg.ty))
        .collect();
    let doc = match (&op.summary, &op.description) {
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (s, d) => s.clone().or_else(|| d.clone()),
    };
    let method = format!("Client::{}", op.method_name);
    items.push(Item {
        path: method.clone(),
        kind: Kind::Method,
        origin: origin.clone(),
        signature: Signature::Method(signature.clone()),
        wire: surface_wire::operation(op),
        required: false,
        direction: Direction::Both,
        deprecated: deprecation(op.deprecated.as_ref()),
        doc,
        features: features.clone(),
    });
    let call = format!("operations::{}", op.call_type);
    items.push(Item {
        path: call.clone(),
        kind: Kind::CallType,
        origin: format!("{origin}/call"),
        signature: Signature::Struct,
        wire: Wire::None,
        required: false,
        direction: Direction::Request,
        deprecated: None,
        doc: None,
        features: features.clone(),
    });
    if let Some(paging) = &op.paging {
        items.push(super::paging::surface_item(
            ctx, op, paging, &call, &origin,
        )?);
    }
    // Every parameter under the method, whether an argument (required) or a
    // setter of the call (optional), so a change of either is one item's
    // `required` changing, not a removal and an addition.
    let mut path_index = 0usize;
    for p in &op.params {
        let signature = if p.required {
            let name = operations::param_ident(ctx, op, p)?.to_string();
            let ty = args.get(name.as_str()).copied().cloned();
            Signature::Type(ty.ok_or_else(|| {
                ctx.unsupported(
                    &op.pointer,
                    format!("internal error: no argument `{name}` in the method"),
                )
            })?)
        } else {
            let pass = calls::pass_of(ctx, op, &p.ty)?;
            let ty = calls::arg_type(ctx, op, &p.ty, pass)?;
            Signature::Setter {
                call: surface::Path::new(&call),
                name: p.setter.clone(),
                ty: ty.surface(),
            }
        };
        let where_ = p.location.as_str();
        items.push(Item {
            path: format!("{method}::{}", p.name),
            kind: if p.location == ParamLocation::Path {
                Kind::PathParam
            } else {
                Kind::Param
            },
            // A path parameter by its position in the template (the
            // argument's), any other by its wire name.
            origin: if p.location == ParamLocation::Path {
                path_index += 1;
                let at = (path_index - 1).to_string();
                crate::pointer::join_all(&origin, &["parameters", where_, &at])
            } else {
                crate::pointer::join_all(&origin, &["parameters", where_, &p.wire_name])
            },
            signature,
            wire: surface_wire::param(p),
            required: p.required,
            direction: Direction::Request,
            deprecated: deprecation(p.deprecated.as_ref()),
            doc: p.doc.clone(),
            features: Vec::new(),
        });
    }
    // A multipart body's form type and its parts, like a struct and its
    // fields: a required part is an argument of `new`, an optional one a
    // `with_…` setter.
    body_choice(op, &origin, &features, items);
    let forms = op.body.iter().flat_map(|b| &b.variants);
    for form in forms.filter_map(|v| v.form.as_ref()) {
        let path = format!("operations::{}", form.type_name);
        let body_at = crate::pointer::join_all(&origin, &["requestBody"]);
        items.push(Item {
            path: path.clone(),
            kind: Kind::Struct,
            origin: body_at.clone(),
            signature: Signature::Struct,
            wire: Wire::Form,
            required: false,
            direction: Direction::Request,
            deprecated: None,
            doc: None,
            features: features.clone(),
        });
        for part in &form.parts {
            let ty = match part.kind {
                // As the form's docs name them (the code writes full paths).
                PartKind::File => file_part("Into", surface::Type::path("FilePart")),
                PartKind::Files => file_part(
                    "IntoIterator",
                    surface::Type::Assoc("Item".into(), Box::new(surface::Type::path("FilePart"))),
                ),
                PartKind::Text | PartKind::Json => {
                    let pass = calls::pass_of(ctx, op, &part.ty)?;
                    calls::arg_type(ctx, op, &part.ty, pass)?.surface()
                }
            };
            items.push(Item {
                path: format!("{path}::{}", part.name),
                kind: Kind::Field,
                origin: crate::pointer::join_all(&body_at, &["parts", &part.wire_name]),
                signature: Signature::Type(ty),
                wire: surface_wire::part(part),
                required: part.required,
                direction: Direction::Request,
                deprecated: None,
                doc: part.doc.clone(),
                features: Vec::new(),
            });
        }
    }
    // The operation's response enums: one for errors, one for successes.
    let response_enum = |path: &str, kind, origin: String| Item {
        path: path.to_owned(),
        kind,
        origin,
        signature: Signature::Enum,
        wire: Wire::None,
        required: false,
        direction: Direction::Response,
        deprecated: None,
        doc: None,
        features: features.clone(),
    };
    let error = format!("operations::{}", op.error_type);
    items.push(response_enum(
        &error,
        Kind::ErrorType,
        format!("{origin}/errors"),
    ));
    let success = op.success_type.as_ref().map(|s| format!("operations::{s}"));
    if let Some(success) = &success {
        let origin = format!("{origin}/successes");
        items.push(response_enum(success, Kind::SuccessType, origin));
    }
    if let Some(headers) = &op.headers {
        headers_items(ctx, headers, &origin, &features, items);
    }
    for r in &op.responses {
        let (parent, kind) = match (&success, r.success) {
            (_, false) => (&error, Kind::ErrorVariant),
            (Some(success), true) => (success, Kind::SuccessVariant),
            (None, true) => continue,
        };
        let signature = match body_type(ctx, op, &r.body)? {
            Some(ty) => Signature::Payload(ty.surface()),
            None => Signature::None,
        };
        let status = r.status.key();
        // What `ErrorSummary::code()`/`message()` read: a wire meaning.
        let wire = Wire::Response {
            status: r.status,
            summary: super::errors::summary_fields(ctx, op, r)?,
        };
        items.push(Item {
            path: format!("{parent}::{}", r.variant),
            kind,
            origin: format!("{origin}/responses/{status}"),
            signature,
            wire,
            required: false,
            direction: Direction::Response,
            deprecated: None,
            doc: r.description.clone(),
            features: Vec::new(),
        });
    }
    Ok(())
}

/// The operation's `{Op}Headers` struct and one item per header: the field
/// type a consumer reads, and on the wire its name, the statuses that
/// declare it and whether the spec says it is always sent.
fn headers_items(
    ctx: &Ctx<'_>,
    headers: &ResponseHeaders,
    origin: &str,
    features: &[String],
    items: &mut Vec<Item>,
) {
    let path = format!("operations::{}", headers.type_name);
    let at = format!("{origin}/headers");
    items.push(Item {
        path: path.clone(),
        kind: Kind::Struct,
        origin: at.clone(),
        signature: Signature::Struct,
        wire: Wire::None,
        required: false,
        direction: Direction::Response,
        deprecated: None,
        doc: None,
        features: features.to_vec(),
    });
    for h in &headers.fields {
        let ty = super::headers::rust(ctx, &h.ty).wrapped_in(ctx.prelude_path("Option"));
        items.push(Item {
            path: format!("{path}::{}", h.name),
            kind: Kind::ResponseHeader,
            origin: crate::pointer::join_all(&at, &[&h.wire_name.to_ascii_lowercase()]),
            signature: Signature::Type(ty.surface()),
            wire: surface_wire::header(h),
            required: false,
            direction: Direction::Response,
            deprecated: deprecation(h.deprecated.as_ref()),
            doc: h.doc.clone(),
            features: Vec::new(),
        });
    }
}

/// `impl {trait_}<{arg}>`: what a file part's setter takes.
fn file_part(trait_: &str, arg: surface::Type) -> surface::Type {
    surface::Type::Impl(surface::Path::new(trait_), vec![arg])
}
