//! `partoo-client` against a local server: the request on the wire, the
//! docs' example decoding, each documented error status.

use partoo_client::operations::CheckConnectionTokenError;
use partoo_client::types::CheckConnectionTokenResponseStatus;
use partoo_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request, serve};

const API_KEY: &str = "partoo-key-7f3a";

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// The 200 body built from the examples the spec gives for each field.
fn example_body() -> serde_json::Value {
    json!({
        "token": "\\xaf3e8951c1f4c42f9cc53116b3fc855bd44bce01cf27604b",
        "expiration_date": "2019-08-02T19:15:54.256000+02:00",
        "generated_by": "5309c3a237bbc544d8e26737",
        "creation_date": "2019-08-01T19:15:54.256000+02:00",
        "consumption_date": "2019-08-01T23:15:54.256000+02:00",
        "status": "consumed"
    })
}

#[tokio::test]
async fn check_connection_token_sends_query_and_api_key_and_decodes_the_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/connection/check_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example_body()))
        .mount(&server)
        .await;
    let client = client_for(&server).await;

    let token = client
        .check_connection_token("5309c3a237bbc544d8e26737", "tok en/&=")
        .await
        .expect("200 decodes");

    let (request, body) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/connection/check_token");
    assert_eq!(
        request.url.query(),
        Some("user_id=5309c3a237bbc544d8e26737&token=tok%20en%2F%26%3D")
    );
    assert_eq!(header(&request, "x-apikey"), Some(API_KEY));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(body, serde_json::Value::Null);

    // The spec's examples keep their literal backslash.
    assert_eq!(
        token.token.as_deref(),
        Some("\\xaf3e8951c1f4c42f9cc53116b3fc855bd44bce01cf27604b")
    );
    assert_eq!(
        token.generated_by.as_deref(),
        Some("5309c3a237bbc544d8e26737")
    );
    assert_eq!(
        token.status,
        Some(CheckConnectionTokenResponseStatus::Consumed)
    );
    // Date-times keep the offset they were written with (the same instant
    // as the UTC reading, and what is sent back).
    let expiration = token.expiration_date.expect("expiration_date");
    assert_eq!(expiration.to_rfc3339(), "2019-08-02T19:15:54.256+02:00");
    assert_eq!(
        expiration.timestamp_millis(),
        partoo_client::linkgen_runtime::chrono::DateTime::parse_from_rfc3339(
            "2019-08-02T17:15:54.256Z"
        )
        .expect("parses")
        .timestamp_millis()
    );
    assert_eq!(
        token.creation_date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2019-08-01T19:15:54.256+02:00")
    );
    assert_eq!(
        token.consumption_date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2019-08-01T23:15:54.256+02:00")
    );
    // The token is a credential: Debug never shows it.
    assert!(!format!("{token:?}").contains("af3e8951"));
}

#[tokio::test]
async fn unknown_status_values_and_extra_fields_still_decode() {
    let server = MockServer::start().await;
    let mut body = example_body();
    body["status"] = json!("suspended");
    body["added_later"] = json!({"nested": true});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let token = client_for(&server)
        .await
        .check_connection_token("u", "t")
        .await
        .expect("tolerant decoding");
    let status = token.status.expect("status");
    assert!(matches!(
        status,
        CheckConnectionTokenResponseStatus::Unknown(_)
    ));
    assert_eq!(
        status,
        CheckConnectionTokenResponseStatus::from("suspended")
    );
    assert_eq!(status.as_str(), "suspended");
}

async fn error_for(status: u16, body: serde_json::Value) -> Error<CheckConnectionTokenError> {
    let server = serve(
        "GET",
        ResponseTemplate::new(status)
            .set_body_json(body)
            .insert_header("x-request-id", "req-1"),
    )
    .await;
    client_for(&server)
        .await
        .check_connection_token("u", "t")
        .await
        .expect_err("error status")
}

#[tokio::test]
async fn each_documented_error_status_has_its_typed_error() {
    let error = error_for(
        400,
        json!({"errors": {"json": {"user_id": ["Missing data"]}}}),
    )
    .await;
    let Error::Api(api) = &error else {
        panic!("expected Api, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(
        api.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-1"[..])
    );
    let CheckConnectionTokenError::BadRequest(body) = &api.error else {
        panic!("{api:?}")
    };
    let details = body
        .errors
        .as_ref()
        .and_then(|e| e.json.as_ref())
        .expect("errors.json");
    assert_eq!(details["user_id"], json!(["Missing data"]));

    let error = error_for(
        401,
        json!({"errors": {"authentication": "User not authenticated"}}),
    )
    .await;
    match error.api_error() {
        Some(CheckConnectionTokenError::Unauthorized(body)) => assert_eq!(
            body.errors
                .as_ref()
                .and_then(|e| e.authentication.as_deref()),
            Some("User not authenticated")
        ),
        other => panic!("expected Unauthorized, got {other:?}"),
    }

    let error = error_for(
        403,
        json!({"errors": {"authorization": "Operation not allowed"}}),
    )
    .await;
    match error.api_error() {
        Some(CheckConnectionTokenError::Forbidden(body)) => assert_eq!(
            body.errors
                .as_ref()
                .and_then(|e| e.authorization.as_deref()),
            Some("Operation not allowed")
        ),
        other => panic!("expected Forbidden, got {other:?}"),
    }

    let error = error_for(404, json!({"errors": {"json": "Resource not found"}})).await;
    match error.api_error() {
        Some(CheckConnectionTokenError::NotFound(body)) => assert_eq!(
            body.errors.as_ref().and_then(|e| e.json.as_deref()),
            Some("Resource not found")
        ),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undeclared_status_keeps_status_headers_and_raw_body() {
    let server = serve(
        "GET",
        ResponseTemplate::new(418)
            .set_body_string("I'm a teapot")
            .insert_header("x-why", "tea"),
    )
    .await;
    let error = client_for(&server)
        .await
        .check_connection_token("u", "t")
        .await
        .expect_err("418 is not declared");
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status.as_u16(), 418);
    assert_eq!(
        raw.headers.get("x-why").map(|v| v.as_bytes()),
        Some(&b"tea"[..])
    );
    assert_eq!(&raw.body[..], b"I'm a teapot");
}

#[tokio::test]
async fn a_missing_api_key_fails_before_sending() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let error = client
        .check_connection_token("u", "t")
        .await
        .expect_err("no credentials");
    assert!(
        matches!(error, Error::MissingCredentials { .. }),
        "{error:?}"
    );
    assert!(!error.was_sent());
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

/// The connection token is a credential: `Debug` of the call (as in a log
/// line or a panic message) shows which parameters it carries, never a value.
#[tokio::test]
async fn call_debug_shows_no_parameter_value() {
    let server = MockServer::start().await;
    let client = client_for(&server).await;
    let call = client.check_connection_token("5309c3a237bbc544d8e26737", "s3cr3t-token");
    let shown = format!("{call:?}");
    assert!(!shown.contains("s3cr3t-token"), "{shown}");
    assert!(!shown.contains("5309c3a237bbc544d8e26737"), "{shown}");
    assert!(shown.contains("CheckConnectionTokenCall"), "{shown}");
    assert!(shown.contains("\"token\""), "{shown}");
}
