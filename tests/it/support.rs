//! What the wire tests share: the docs' examples, read from the specs
//! themselves so a test can never drift from the spec it checks.

use std::path::Path;

use serde_json::Value;

/// The value at `pointer` (RFC 6901) in `specs/<spec>`.
pub fn spec_value(spec: &str, pointer: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(spec);
    let document = codegen::load::load(&path).unwrap_or_else(|error| panic!("{error}"));
    document
        .value
        .pointer(pointer)
        .cloned()
        .unwrap_or_else(|| panic!("{spec} has nothing at {pointer}"))
}

/// The one request the server saw, with its body parsed as JSON (or `Null`
/// when it has none).
pub async fn only_request(server: &wiremock::MockServer) -> (wiremock::Request, Value) {
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    let request = requests.into_iter().next().expect("one request");
    let body = if request.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&request.body).expect("request body is JSON")
    };
    (request, body)
}

/// A header of a recorded request, as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// A local server that answers every `method` request with `response`.
pub async fn serve(method: &str, response: wiremock::ResponseTemplate) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method(method))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}
