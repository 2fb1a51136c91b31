//! `Api::validate` and the IR pieces `lower` parses once: a malformed path
//! template, an impossible status range or an operation whose parts do not
//! agree gets one located error, before `emit` sees it. The operations
//! `validate` refuses are hand-built (`emit_common`'s builders): lowering
//! does not make them.
use crate::emit_common;

use std::path::Path;

use codegen::ir::*;
use codegen::{Document, Error};
use emit_common::*;

use crate::lower_support::Lowering;

/// A spec with one `GET` operation at `path` and these `responses` (YAML).
fn spec(path: &str, responses: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  '{path}':\n    get:\n      \
         responses:\n{responses}"
    )
}

const OK: &str = "        '200': {description: ok}\n";

#[test]
fn malformed_path_templates_are_refused_where_they_stand() {
    for (path, pointer, why) in [
        ("/a/{", "/paths/~1a~1{", "unclosed `{` (at byte 3)"),
        (
            "/a/{}",
            "/paths/~1a~1{}",
            "empty parameter name `{}` (at byte 3)",
        ),
        (
            "/{a}{b}",
            "/paths/~1{a}{b}",
            "two parameters with nothing between them (at byte 4)",
        ),
        ("/a}", "/paths/~1a}", "`}` without a `{` (at byte 2)"),
    ] {
        match Lowering::text("spec.yaml", &spec(path, OK)).error() {
            Error::Invalid { location, message } => {
                assert_eq!(location.pointer, pointer, "{path}");
                assert_eq!(location.line_col, Some((4, 3)), "{path}");
                assert_eq!(message, format!("path template `{path}`: {why}"));
            }
            other => panic!("{path}: expected Invalid, got {other:?}"),
        }
    }
}

#[test]
fn a_parsed_template_is_what_the_operation_carries() {
    let api = Lowering::text("spec.yaml", &spec("/files/{name}.{ext}", OK)).api();
    let op = &api.operations[0];
    assert_eq!(op.http_method, HttpMethod::Get);
    assert_eq!(op.path.as_str(), "/files/{name}.{ext}");
    assert_eq!(op.path.params().collect::<Vec<_>>(), ["name", "ext"]);
    let args: Vec<&str> = op.path_params().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(args, ["name", "ext"]);
}

#[test]
fn a_status_range_beyond_5xx_is_refused_with_its_line() {
    let text = spec("/x", "        '6XX': {description: odd}\n");
    match Lowering::text("spec.yaml", &text).error() {
        Error::Unsupported { location, message } => {
            assert_eq!(location.pointer, "/paths/~1x/get");
            assert_eq!(location.line_col, Some((5, 5)));
            assert_eq!(message, "status range 6XX");
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn response_body_kinds_come_from_lower() {
    let text = spec(
        "/x",
        "        '200':\n          description: ok\n          content:\n            \
         application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}}\n        \
         '400':\n          description: bad\n          content:\n            \
         text/plain: {schema: {type: integer}}\n        \
         '404': {description: gone, content: {application/json: {schema: {type: 'null'}}}}\n        \
         '500': {description: boom, content: {application/json: {schema: {type: array, items: {type: string}}}}}\n",
    );
    let api = Lowering::text("spec.yaml", &text).api();
    let bodies: Vec<&ResponseBody> = api.operations[0]
        .responses
        .iter()
        .map(|r| &r.body)
        .collect();
    assert_eq!(
        bodies,
        [
            // The runtime reads no form: raw bytes, with a warning.
            &ResponseBody::Bytes,
            // Text is text, whatever its schema says.
            &ResponseBody::Text,
            // A `null` body is no body.
            &ResponseBody::Empty,
            &ResponseBody::Json(TypeRef::Array(Box::new(TypeRef::String))),
        ]
    );
    // No type is made for a body that stays bytes.
    assert!(api.types.is_empty(), "{:?}", api.types);
    assert!(api.warnings.iter().any(|w| w.pointer
        == "/paths/~1x/get/responses/200/content/application~1x-www-form-urlencoded"
        && w.message.contains("decoded as raw bytes")));
}

#[test]
fn a_success_default_covers_the_2xx_statuses_only() {
    let text = spec(
        "/x",
        "        '404': {description: gone}\n        default: {description: fine}\n",
    );
    let api = Lowering::text("spec.yaml", &text).api();
    let covers: Vec<(StatusMatch, bool, StatusMatch)> = api.operations[0]
        .responses
        .iter()
        .map(|r| (r.status, r.success, r.covers))
        .collect();
    assert_eq!(
        covers,
        [
            (StatusMatch::Code(404), false, StatusMatch::Code(404)),
            (StatusMatch::Default, true, StatusMatch::Range(2)),
        ]
    );
}

/// A hand-built API with one operation, checked against a parsed document
/// that has the operation, so the error carries its line.
fn refused(op: Operation, expected: &str) {
    let mut api = emit_common::api("Hand");
    let pointer = op.pointer.clone();
    api.operations = vec![op];
    let doc = codegen::load::parse(Path::new("spec.yaml"), &spec("/things/{id}", OK)).unwrap();
    match api.validate(&doc) {
        Err(Error::Unsupported { location, message }) => {
            assert_eq!(location.file, Path::new("spec.yaml"));
            assert_eq!(location.pointer, pointer);
            assert_eq!(location.line_col, Some((5, 5)), "{message}");
            assert_eq!(message, expected);
        }
        other => panic!("expected Unsupported `{expected}`, got {other:?}"),
    }
}

fn things() -> Operation {
    let mut op = op("get_thing", "GET", "/things/{id}");
    op.params = vec![param(
        "id",
        "id",
        ParamLocation::Path,
        TypeRef::String,
        true,
    )];
    op
}

#[test]
fn validate_catches_what_emit_used_to_refuse() {
    let mut api = emit_common::api("Hand");
    api.operations = vec![things()];
    api.validate(&Document::from_value("spec.yaml", serde_json::Value::Null))
        .expect("a consistent operation passes");

    // The template names a parameter the operation does not have.
    let mut op = things();
    op.params.clear();
    refused(
        op,
        "path template `/things/{id}` names `id`, which is no path parameter",
    );
    // A path parameter the template does not place.
    let mut op = things();
    op.path = template("/things");
    refused(
        op,
        "path parameter `id` does not appear in the path template `/things`",
    );
    // Two positional arguments of one name.
    let mut op = things();
    op.path = template("/things/{id}/{other}");
    op.params.push(param(
        "id",
        "other",
        ParamLocation::Path,
        TypeRef::String,
        true,
    ));
    refused(op, "parameter name `id` is used twice");
    // Query parameters with no struct to hold them.
    // Responses.
    let mut op = things();
    op.responses = vec![
        empty(StatusMatch::Code(200), true, "Ok"),
        empty(StatusMatch::Code(200), true, "Again"),
    ];
    refused(op, "status 200 is declared twice");
    let mut op = things();
    op.responses = vec![empty(StatusMatch::Range(0), false, "Zero")];
    refused(op, "status range 0XX");
    let mut op = things();
    op.responses = vec![empty(StatusMatch::Default, true, "Default")];
    op.responses[0].covers = StatusMatch::Default;
    refused(
        op,
        "response `Default` is declared for any other status but covers any other status",
    );
    let mut op = things();
    op.responses = vec![
        empty(StatusMatch::Code(200), true, "Ok"),
        json(201, true, "Created", TypeRef::Json),
    ];
    refused(
        op,
        "success responses have different bodies but the operation has no success enum",
    );
    // Only a 3xx success decodes a redirect.
    for (code, success) in [(302, false), (200, true)] {
        let mut op = things();
        op.responses = vec![empty(StatusMatch::Code(code), success, "Moved")];
        op.responses[0].body = ResponseBody::Redirect;
        refused(
            op,
            "response `Moved` decodes a redirect but is no 3xx success",
        );
    }
    // Events are only the one, streamed, success body.
    for (success, stream) in [(false, true), (true, false)] {
        let mut op = things();
        op.responses = vec![empty(StatusMatch::Code(200), success, "Ok")];
        op.responses[0].body = ResponseBody::Events(None);
        op.stream_success = stream;
        refused(
            op,
            "response `Ok` is events but not the operation's one, streamed, success",
        );
    }
    // Request bodies the runtime cannot send.
    for (encoding, ty) in [
        (BodyEncoding::Text, TypeRef::Json),
        (
            BodyEncoding::Text,
            TypeRef::Array(Box::new(TypeRef::String)),
        ),
        (BodyEncoding::Bytes, TypeRef::Integer(IntWidth::I64)),
    ] {
        let mut op = things();
        op.body = Some(body("text/plain", encoding, ty, true));
        refused(
            op,
            &format!("a {encoding:?} request body of this type cannot be sent"),
        );
    }
}

#[test]
fn validate_follows_aliases_to_what_a_body_holds() {
    let mut api = emit_common::api("Hand");
    let name = add(&mut api, "Name", TypeKind::Alias(TypeRef::String));
    let level = add(&mut api, "Level", string_enum(&[("Low", "low")]));
    let blob = add(&mut api, "Blob", TypeKind::Alias(TypeRef::Json));
    let unknown = Document::from_value("spec.yaml", serde_json::Value::Null);
    for (ty, ok) in [(name, true), (level, true), (blob, false)] {
        let mut op = things();
        op.body = Some(body("text/plain", BodyEncoding::Text, ty.clone(), true));
        api.operations = vec![op];
        let outcome = api.validate(&unknown);
        if ok {
            assert!(outcome.is_ok(), "{ty:?}: {outcome:?}");
        } else {
            text_body_refused(outcome);
        }
    }
    // An alias cycle has nothing to send.
    let mut api = emit_common::api("Loop");
    add(&mut api, "A", TypeKind::Alias(TypeRef::Named(TypeId(1))));
    let b = add(&mut api, "B", TypeKind::Alias(TypeRef::Named(TypeId(0))));
    let mut op = things();
    op.body = Some(body("text/plain", BodyEncoding::Text, b, true));
    api.operations = vec![op];
    text_body_refused(api.validate(&unknown));
}

/// `things`' text body refused, located at the operation (the document
/// holds no such node, so no line).
fn text_body_refused(outcome: codegen::Result<()>) {
    match outcome {
        Err(Error::Unsupported { location, message }) => {
            assert_eq!(location.file, Path::new("spec.yaml"));
            assert_eq!(location.pointer, "/paths/~1things~1{id}/get");
            assert_eq!(location.line_col, None);
            assert_eq!(message, "a Text request body of this type cannot be sent");
        }
        other => panic!("expected the text body refused, got {other:?}"),
    }
}
