//! Routing at the lowering stage: which 3xx is an answer and which a
//! success, an operation's own server, and the `Accept` it sends.

use crate::lower_support;

use codegen::ir::ResponseBody;
use lower_support::*;

/// `tests/wire/routing.yaml`: documented redirects, operation servers
/// and the `Accept` each operation documents.
fn routing() -> codegen::ir::Api {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wire/routing.yaml");
    let text = std::fs::read_to_string(path).expect("fixture exists");
    Lowering::text("inline.yaml", &text).api()
}

#[test]
fn a_3xx_is_the_success_of_an_operation_without_2xx_and_documented_redirects_are_not_followed() {
    let api = routing();
    for name in ["login_local", "download_tarball"] {
        let op = op(&api, name);
        let success: Vec<_> = op.successes().map(|r| (r.status, &r.body)).collect();
        assert_eq!(success.len(), 1, "{name}");
        assert_eq!(success[0].0.class(), Some(3), "{name}");
        assert_eq!(*success[0].1, ResponseBody::Redirect, "{name}");
        assert_eq!(op.accept, None, "{name}: no JSON to decode");
    }
    assert_eq!(op(&api, "login_local").no_follow(), [303]);
    assert_eq!(op(&api, "download_tarball").no_follow(), [302]);
    // Beside a 2xx, a documented 3xx is an error answer, not a redirect to follow.
    let get = op(&api, "get_item");
    for key in ["301", "304"] {
        let answer = response(get, key);
        assert_eq!(
            (answer.success, &answer.body),
            (false, &ResponseBody::Empty),
            "{key}"
        );
    }
    assert_eq!(get.no_follow(), [301], "304 is never followed anyway");
    // A 3XX range answers every redirect the runtime would follow.
    let api = Lowering::text(
        "inline.yaml",
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /go:
    get:
      responses:
        3XX: {description: somewhere, content: {application/json: {schema: {type: object}}}}
"#,
    )
    .api();
    let go = op(&api, "get_go");
    assert_eq!(go.no_follow(), [301, 302, 303, 307, 308]);
    assert_eq!(response(go, "3XX").body, ResponseBody::Redirect);
    assert!(has_warning(
        &api,
        "/paths/~1go/get/responses/3XX",
        "content of a redirect answer"
    ));
}

#[test]
fn operation_and_path_item_servers_are_the_operation_s_own() {
    let api = routing();
    assert_eq!(
        op(&api, "upload_asset").server.as_deref(),
        Some("https://uploads.example.com"),
        "the path item's, its variable at its default"
    );
    assert_eq!(
        op(&api, "get_meta").server.as_deref(),
        Some("https://meta.example.com/v1"),
        "the operation's first, without its trailing slash"
    );
    assert!(has_warning(
        &api,
        "/paths/~1meta/get/servers/0",
        "the first is used"
    ));
    assert_eq!(op(&api, "get_item").server, None);
    assert_eq!(
        api.servers.len(),
        1,
        "top-level servers stay the environments"
    );
    let api = Lowering::text(
        "inline.yaml",
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    servers: [{url: /relative}]
    get: {responses: {'204': {description: ok}}}
  /b:
    get:
      servers: [{url: 'https://{region}.example.com'}]
      responses: {'204': {description: ok}}
"#,
    )
    .api();
    assert!(api.operations.iter().all(|op| op.server.is_none()));
    assert!(has_warning(
        &api,
        "/paths/~1a/servers/0",
        "not an absolute http(s) URL"
    ));
    assert!(has_warning(
        &api,
        "/paths/~1b/get/servers/0",
        "`region` has no default"
    ));
}

#[test]
fn accept_names_the_documented_json_media_types() {
    let api = routing();
    let accept = |name: &str| op(&api, name).accept.clone();
    assert_eq!(
        accept("list_scim_users").as_deref(),
        Some("application/scim+json, application/json"),
        "success types in content order, then error types, each once"
    );
    assert_eq!(
        accept("get_item").as_deref(),
        Some("application/json, application/problem+json")
    );
    assert_eq!(
        accept("upload_asset").as_deref(),
        Some("application/vnd.example+json")
    );
    let api = Lowering::text(
        "inline.yaml",
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /any:
    get:
      responses:
        '200': {description: ok, content: {'*/*': {schema: {type: object}}}}
        '400': {description: bad, content: {application/problem+json: {schema: {type: object}}}}
  /text:
    get:
      responses:
        '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
"#,
    )
    .api();
    assert_eq!(
        op(&api, "get_any").accept.as_deref(),
        Some("application/json, application/problem+json")
    );
    assert_eq!(op(&api, "get_text").accept, None);
}

#[test]
fn an_event_stream_success_is_typed_streamed_and_asks_for_events() {
    let api = Lowering::text(
        "inline.yaml",
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /typed:
    get:
      responses:
        '200':
          description: ok
          content:
            text/event-stream: {schema: {$ref: '#/components/schemas/Tick'}}
        '404':
          description: gone
          content:
            application/json: {schema: {type: object, properties: {code: {type: string}}}}
  /text:
    get:
      responses:
        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
        '400': {description: bad, content: {text/event-stream: {}}}
  /both:
    get:
      responses:
        '200': {description: ok, content: {text/event-stream: {}}}
        '201': {description: made, content: {application/json: {schema: {type: object}}}}
components:
  schemas:
    Tick: {type: object, properties: {seq: {type: integer}}}
"#,
    )
    .api();
    let typed = op(&api, "get_typed");
    let ResponseBody::Events(Some(ty)) = &response(typed, "200").body else {
        panic!("{:?}", response(typed, "200").body);
    };
    assert_eq!(show(&api, ty), "Tick");
    assert!(typed.stream_success && typed.events());
    assert_eq!(typed.accept.as_deref(), Some("text/event-stream"));
    // A string schema, or none, leaves the data text; an error is read as text.
    let text = op(&api, "get_text");
    assert_eq!(response(text, "200").body, ResponseBody::Events(None));
    assert_eq!(response(text, "400").body, ResponseBody::Text);
    assert_eq!(text.accept.as_deref(), Some("text/event-stream"));
    // Among several success bodies, events are buffered text, with a warning.
    let both = op(&api, "get_both");
    assert_eq!(response(both, "200").body, ResponseBody::Text);
    assert!(!both.stream_success && !both.events());
    assert!(api
        .warnings
        .iter()
        .any(|w| w.pointer == "/paths/~1both/get/responses/200"
            && w.message
                .contains("event stream among several success bodies")));
}
