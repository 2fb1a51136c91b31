//! Response headers at the lowering stage: merged by name into one struct
//! per operation, typed from their schemas (`$ref`s to `components/headers`
//! resolved), `Content-Type` left out, secrets marked, the request id
//! header found by its name, and `Client::request`'s security.

use crate::lower_support;

use codegen::ir::{HeaderType, IntWidth, StatusMatch};
use lower_support::*;

/// `tests/wire/headers.yaml`.
fn headers() -> codegen::ir::Api {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wire/headers.yaml");
    let text = std::fs::read_to_string(path).expect("fixture exists");
    Lowering::text("inline.yaml", &text).api()
}

#[test]
fn declared_headers_are_one_typed_struct_per_operation() {
    let api = headers();
    let list = op(&api, "list_pets");
    let h = list.headers.as_ref().expect("list_pets declares headers");
    assert_eq!(h.type_name, "ListPetsHeaders");
    let fields: Vec<(&str, &str, &HeaderType)> = h
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.wire_name.as_str(), &f.ty))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "x_rate_limit_limit",
                "X-RateLimit-Limit",
                &HeaderType::Integer(IntWidth::I64)
            ),
            (
                "x_rate_limit_remaining",
                "X-RateLimit-Remaining",
                &HeaderType::Integer(IntWidth::I32)
            ),
            (
                "x_rate_limit_reset",
                "X-RateLimit-Reset",
                &HeaderType::DateTime
            ),
            ("x_request_id", "X-Request-Id", &HeaderType::String),
            (
                "x_pet_ids",
                "X-Pet-Ids",
                &HeaderType::List(Box::new(HeaderType::Integer(IntWidth::I64)))
            ),
            (
                "x_legacy_count",
                "X-Legacy-Count",
                &HeaderType::Integer(IntWidth::I64)
            ),
            (
                "retry_after",
                "Retry-After",
                &HeaderType::Integer(IntWidth::I32)
            ),
        ]
    );
    // Declared by two responses: one field, both statuses; required only
    // where every declaring response says so.
    let remaining = header(h, "X-RateLimit-Remaining");
    let limit = header(h, "X-RateLimit-Limit");
    assert_eq!(
        remaining.statuses,
        [StatusMatch::Code(200), StatusMatch::Code(429)]
    );
    assert!(limit.required && !remaining.required);
    assert_eq!(limit.doc.as_deref(), Some("Requests allowed per window."));
    assert!(header(h, "X-Legacy-Count").deprecated.is_some());
    assert_eq!(list.request_id_header.as_deref(), Some("x-request-id"));

    let create = op(&api, "create_pet");
    let h = create
        .headers
        .as_ref()
        .expect("create_pet declares headers");
    let location = header(h, "Location");
    assert_eq!(location.ty, HeaderType::Url, "a Location is a URL");
    assert!(
        header(h, "X-Session-Token").secret,
        "X-Session-Token is a credential"
    );
    assert!(!location.secret);
    assert!(op(&api, "get_pet").headers.is_none());
    assert_eq!(op(&api, "get_pet").request_id_header, None);
}

#[test]
fn a_raw_request_authenticates_as_the_operations_do() {
    let api = headers();
    let security: Vec<Vec<String>> = api.raw_security().iter().map(|a| a.to_vec()).collect();
    assert_eq!(security, [vec!["token".to_owned()], vec![]]);
}
