//! What a person reads first of an operation's responses: the code and
//! message fields of error bodies ([`ir::ErrorSummary`]) and the request id
//! property of success bodies. Decided once every type is known, by wire
//! names, so every provider's errors read the same way.

use super::through_aliases;
use crate::ir;

/// Wire names of error properties holding a machine-readable code, broadest
/// first (Plaid: `error_type` then `error_code`; Deck: `error_code`).
const CODE_PROPERTIES: [&str; 3] = ["error_type", "error_code", "code"];

/// Wire names of error properties holding the message, best first; the first
/// one present is shown (Partoo's `errors` is an object, shown as JSON).
const MESSAGE_PROPERTIES: [&str; 7] = [
    "error_message",
    "message",
    "error_description",
    "detail",
    "errors",
    "title",
    "error",
];

/// Wire names of success body properties holding the request id.
const REQUEST_ID_PROPERTIES: [&str; 2] = ["request_id", "requestId"];

/// Whether a declared response header is the provider's request id, by its
/// name: `X-Request-Id`, `Request-Id`, `X-GitHub-Request-Id`,
/// `X-Amzn-RequestId`, `X-Correlation-Id`… The runtime, when the spec
/// declares none, looks up a fixed list of such names
/// (`linkgen_runtime`'s `metadata::REQUEST_ID_HEADERS`), each of which meets
/// this rule (`request_id_header_rule_covers_the_runtime_list` below).
pub(crate) fn is_request_id_header(wire: &str) -> bool {
    let name = wire.to_ascii_lowercase();
    name.ends_with("request-id") || name.ends_with("requestid") || name == "x-correlation-id"
}

/// Fills [`ir::Response::summary`], [`ir::Operation::request_id_field`] and,
/// when no body property holds it, [`ir::Operation::request_id_header`]: the
/// first declared header [`is_request_id_header`] accepts.
pub(super) fn describe(types: &[ir::TypeDef], operations: &mut [ir::Operation]) {
    for op in operations.iter_mut() {
        describe_operation(types, op);
        if op.request_id_field.is_none() {
            op.request_id_header = op.headers.as_ref().and_then(|h| {
                h.fields
                    .iter()
                    .find(|f| is_request_id_header(&f.wire_name))
                    .map(|f| f.wire_name.to_ascii_lowercase())
            });
        }
    }
}

fn describe_operation(types: &[ir::TypeDef], op: &mut ir::Operation) {
    {
        for response in &mut op.responses {
            let Some(fields) = response
                .body
                .json_type()
                .and_then(|ty| struct_fields(types, ty))
            else {
                continue;
            };
            if response.success {
                if op.request_id_field.is_none() {
                    op.request_id_field = REQUEST_ID_PROPERTIES
                        .iter()
                        .find(|wire| {
                            fields
                                .iter()
                                .any(|f| f.wire_name == **wire && is_scalar(types, &f.ty))
                        })
                        .map(|wire| wire.to_string());
                }
                continue;
            }
            let field = |wire: &str| {
                fields
                    .iter()
                    .find(|f| f.wire_name.eq_ignore_ascii_case(wire))
            };
            response.summary = ir::ErrorSummary {
                codes: CODE_PROPERTIES
                    .iter()
                    .filter_map(|wire| field(wire))
                    .filter(|f| is_scalar(types, &f.ty))
                    .map(|f| f.name.clone())
                    .collect(),
                message: MESSAGE_PROPERTIES
                    .iter()
                    .find_map(|wire| field(wire))
                    .filter(|f| !f.secret)
                    .map(|f| f.name.clone()),
            };
        }
    }
}

/// The fields of `ty` when it is (an alias of) a struct.
fn struct_fields<'t>(types: &'t [ir::TypeDef], ty: &'t ir::TypeRef) -> Option<&'t [ir::Field]> {
    let ir::TypeRef::Named(id) = through_aliases(types, ty) else {
        return None;
    };
    match &types.get(id.0)?.kind {
        ir::TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// Whether a value of `ty` is one short piece of text (a string, a number, a
/// string or integer enum), aliases resolved.
fn is_scalar(types: &[ir::TypeDef], ty: &ir::TypeRef) -> bool {
    match through_aliases(types, ty) {
        ir::TypeRef::String | ir::TypeRef::Integer(_) | ir::TypeRef::Bool => true,
        ir::TypeRef::Named(id) => types.get(id.0).is_some_and(|def| {
            matches!(
                def.kind,
                ir::TypeKind::StringEnum(_) | ir::TypeKind::IntEnum(_)
            )
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_request_id_header;

    #[test]
    fn request_id_header_rule_covers_the_runtime_list() {
        // The runtime's `REQUEST_ID_HEADERS`, in its order.
        for name in [
            "x-request-id",
            "request-id",
            "x-amzn-requestid",
            "x-amz-request-id",
            "x-correlation-id",
            "X-GitHub-Request-Id",
        ] {
            assert!(is_request_id_header(name), "{name}");
        }
        for name in [
            "x-requests-remaining",
            "location",
            "x-ratelimit-limit",
            "id",
        ] {
            assert!(!is_request_id_header(name), "{name}");
        }
    }
}
