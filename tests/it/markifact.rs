//! `markifact-client` against a local server.

use markifact_client::types::AuthLinkStatusValue;
use markifact_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request, serve, spec_value};

const TOKEN: &str = "mk_live_0123456789";

/// The docs' example response, as the spec carries it.
fn docs_example() -> serde_json::Value {
    spec_value(
        "markifact-v1.yaml",
        "/paths/~1v1~1connections~1auth-links~1{auth_link_id}~1status/get/responses/200/content/application~1json/example",
    )
}

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .max_retries(0)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn get_auth_link_status_sends_bearer_and_decodes_the_docs_example() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(docs_example()),
    )
    .await;

    let status = client_for(&server)
        .await
        .get_auth_link_status("7b6a5c4d-0000-0000-0000-000000000000")
        .await
        .expect("200 decodes");

    let (request, body) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.path(),
        "/v1/connections/auth-links/7b6a5c4d-0000-0000-0000-000000000000/status"
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer mk_live_0123456789")
    );
    assert_eq!(body, serde_json::Value::Null);

    assert_eq!(status.id, "7b6a5c4d-0000-0000-0000-000000000000");
    assert_eq!(status.status, AuthLinkStatusValue::Connected);
    assert_eq!(status.connection_type, "ga4");
    assert_eq!(
        status.connection_id.as_deref(),
        Some("1f2e3d4c-0000-0000-0000-000000000000")
    );
    assert_eq!(status.external_id.as_deref(), Some("customer_123"));
    assert_eq!(status.expires_at, 1_764_086_400_000);
    assert_eq!(status.consumed_at, Some(1_764_000_000_000));
    assert_eq!(status.created_at, 1_763_999_900_000);
    assert_eq!(status.updated_at, 1_764_000_000_000);
    assert_eq!(status.connections.len(), 1);
    let connection = &status.connections[0];
    assert_eq!(
        connection.id.as_deref(),
        Some("1f2e3d4c-0000-0000-0000-000000000000")
    );
    assert_eq!(connection.type_.as_deref(), Some("ga4"));
    assert_eq!(
        connection.display_name.as_deref(),
        Some("login@example.com")
    );
    assert_eq!(connection.external_id.as_deref(), Some("customer_123"));
    assert_eq!(connection.is_private, Some(false));
    assert_eq!(connection.created_at, Some(1_764_000_000_000));
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(docs_example()),
    )
    .await;
    client_for(&server)
        .await
        .get_auth_link_status("a/b c?d")
        .await
        .expect("200");
    let (request, _) = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/v1/connections/auth-links/a%2Fb%20c%3Fd/status"
    );
}

#[tokio::test]
async fn a_pending_link_with_nulls_and_unknown_values_decodes() {
    let server = MockServer::start().await;
    let body = json!({
        "id": "al_1", "status": "revoked_by_admin", "connection_type": "meta_ads",
        "expires_at": 1, "created_at": 2, "updated_at": 3, "connections": [],
        "connection_id": null, "external_id": null, "consumed_at": null,
        "a_field_added_later": [1, 2, 3]
    });
    Mock::given(path("/v1/connections/auth-links/al_1/status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let status = client_for(&server)
        .await
        .get_auth_link_status("al_1")
        .await
        .expect("decodes");
    assert!(matches!(status.status, AuthLinkStatusValue::Unknown(_)));
    assert_eq!(status.status.as_str(), "revoked_by_admin");
    assert_eq!(status.status, AuthLinkStatusValue::from("revoked_by_admin"));
    assert_eq!(status.connection_id, None);
    assert_eq!(status.consumed_at, None);
    assert!(status.connections.is_empty());
}

#[tokio::test]
async fn undocumented_error_statuses_keep_status_headers_and_body() {
    let server = serve(
        "GET",
        ResponseTemplate::new(404)
            .set_body_json(json!({"error": "auth link not found"}))
            .insert_header("x-trace", "t-9"),
    )
    .await;
    let error = client_for(&server)
        .await
        .get_auth_link_status("nope")
        .await
        .expect_err("404");
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status.as_u16(), 404);
    assert_eq!(
        raw.headers.get("x-trace").map(|v| v.as_bytes()),
        Some(&b"t-9"[..])
    );
    assert_eq!(&raw.body[..], br#"{"error":"auth link not found"}"#);
    assert!(error.was_sent());
}

#[tokio::test]
async fn a_body_that_does_not_decode_reports_the_json_path() {
    let server = MockServer::start().await;
    let mut body = docs_example();
    body["connections"][0]["created_at"] = json!("yesterday");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .await
        .get_auth_link_status("x")
        .await
        .expect_err("bad body");
    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(decode.path, "connections[0].created_at");
    assert!(std::str::from_utf8(&decode.body)
        .expect("utf-8")
        .contains("yesterday"));
}

#[tokio::test]
async fn garbage_and_empty_bodies_are_decode_errors_not_panics() {
    for body in ["<html>oops</html>", ""] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
        let error = client_for(&server)
            .await
            .get_auth_link_status("x")
            .await
            .expect_err("garbage");
        assert!(matches!(error, Error::Decode(_)), "{body:?} gave {error:?}");
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(30)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .timeout(std::time::Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("client builds");
    let error = client.get_auth_link_status("x").await.expect_err("timeout");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let builder = Client::builder().bearer_token(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().expect("client builds");
    assert!(!format!("{client:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_value_built_from_its_named_required_fields_goes_over_the_wire_as_built() {
    use markifact_client::types::{AuthLinkStatus, AuthLinkStatusRequired};

    // Seven required fields: `new` takes them by name, so two `String`s
    // (`id`, `connection_type`) cannot be swapped silently.
    let built = AuthLinkStatus::new(AuthLinkStatusRequired {
        id: "7b6a5c4d-0000-0000-0000-000000000000".into(),
        status: AuthLinkStatusValue::Pending,
        connection_type: "ga4".into(),
        expires_at: 1_764_086_400_000,
        created_at: 1_763_999_900_000,
        updated_at: 1_764_000_000_000,
        connections: Vec::new(),
    })
    .with_external_id("customer_123");
    let wire = serde_json::to_value(&built).expect("serializes");
    assert_eq!(
        wire,
        json!({
            "id": "7b6a5c4d-0000-0000-0000-000000000000",
            "status": "pending",
            "connection_type": "ga4",
            "expires_at": 1_764_086_400_000_i64,
            "created_at": 1_763_999_900_000_i64,
            "updated_at": 1_764_000_000_000_i64,
            "connections": [],
            "external_id": "customer_123",
        })
    );
    let server = serve("GET", ResponseTemplate::new(200).set_body_json(&wire)).await;
    let decoded = client_for(&server)
        .await
        .get_auth_link_status("7b6a5c4d-0000-0000-0000-000000000000")
        .await
        .expect("200 decodes");
    assert_eq!(decoded, built);
}

#[tokio::test]
async fn a_call_logs_its_crate_operation_status_and_attempts() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // See `faults::secrets`: a second dispatcher keeps another test's thread
    // from deciding the runtime callsites' interest.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(docs_example()),
    )
    .await;
    client_for(&server)
        .await
        .get_auth_link_status("7b6a5c4d-0000-0000-0000-000000000000")
        .await
        .expect("200 decodes");
    drop(guard);

    let log = String::from_utf8_lossy(&sink.0.lock().unwrap()).into_owned();
    let done = log
        .lines()
        .find(|l| l.contains("linkgen: call done"))
        .unwrap_or_else(|| panic!("no `call done` line in:\n{log}"));
    for field in [
        "crate=\"markifact-client\"",
        "operation=\"get_auth_link_status\"",
        "status=200",
        "attempts=1",
        "linkgen_runtime",
    ] {
        assert!(done.contains(field), "{field} missing from {done}");
    }
    assert!(!log.contains(TOKEN), "{log}");
}
