//! The escape hatch, `Client::request(method, path)`, on `plaid-client`
//! against a local server: an endpoint the spec lacks, sent through the same
//! engine as the operations (credentials, retries, size cap, redaction) and
//! decoded into a type of the caller's.

use std::time::Duration;

use plaid_client::linkgen_runtime::Method;
use plaid_client::{Client, Environment, Error, RetryPolicy};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request};

const CLIENT_ID: &str = "5f1d2c3b4a5968778695a4b3";
const SECRET: &str = "sandbox-secret-raw-f00dfeed";

fn client_for(server: &MockServer) -> plaid_client::ClientBuilder {
    Client::builder()
        .environment(Environment::Sandbox)
        .base_url(server.uri())
        .client_id(CLIENT_ID)
        .secret(SECRET)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
}

/// A type of the caller's own, for an endpoint the spec lacks.
#[derive(Debug, Deserialize, PartialEq)]
struct Institution {
    id: String,
    products: Vec<String>,
}

#[tokio::test]
async fn a_raw_call_carries_the_credentials_and_decodes_into_any_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/institutions/get_by_id"))
        .and(query_param("country", "US"))
        .and(body_json(json!({"institution_id": "ins_1"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "ins_1", "products": ["auth"], "extra": 1})),
        )
        .mount(&server)
        .await;
    let client = client_for(&server).build().expect("client builds");
    let institution: Institution = client
        .request(Method::POST, "/institutions/get_by_id")
        .query("country", "US")
        .header("X-Trace", "t-1")
        .json(&json!({"institution_id": "ins_1"}))
        .decode()
        .await
        .expect("200 decodes");
    assert_eq!(
        institution,
        Institution {
            id: "ins_1".into(),
            products: vec!["auth".into()],
        }
    );
    let (request, _) = only_request(&server).await;
    assert_eq!(header(&request, "plaid-client-id"), Some(CLIENT_ID));
    assert_eq!(header(&request, "plaid-secret"), Some(SECRET));
    assert_eq!(header(&request, "x-trace"), Some("t-1"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert!(header(&request, "user-agent").is_some_and(|ua| ua.starts_with("plaid-client/")));
}

#[tokio::test]
async fn a_raw_get_is_retried_on_503_and_a_raw_post_on_500_only_when_safe() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("busy"))
        .mount(&server)
        .await;
    let client = client_for(&server).build().expect("client builds");
    let response = client
        .request(Method::GET, "/status")
        .send()
        .await
        .expect("the third attempt answers");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.attempts(), 3);
    let value: serde_json::Value = response
        .json::<_, std::convert::Infallible>()
        .expect("JSON");
    assert_eq!(value, json!({"ok": true}));

    // A POST that failed with a 500 may have been acted on: not retried (a 503 or 429,
    // which say it was not, would be); the error keeps the whole response.
    let error = client
        .request(Method::POST, "/charge")
        .body("x=1", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect_err("500");
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status.as_u16(), 500);
    assert_eq!(&raw.body[..], b"busy");
    assert_eq!(error.attempts(), 1);
    // Unless the caller says it may be repeated.
    let error = client
        .request(Method::POST, "/charge")
        .retry_safe(true)
        .send()
        .await
        .expect_err("500");
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn a_raw_call_is_held_to_the_size_cap_and_redacts_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096)))
        .mount(&server)
        .await;
    // A server that echoes the secret back, in a header and in the body.
    Mock::given(method("GET"))
        .and(path("/echo"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-echo", SECRET)
                .set_body_string(format!("bad secret {SECRET}")),
        )
        .mount(&server)
        .await;
    let client = client_for(&server)
        .max_response_bytes(1024)
        .build()
        .expect("client builds");
    let error = client
        .request(Method::GET, "/big")
        .send()
        .await
        .expect_err("over the cap");
    assert!(
        matches!(&error, Error::ResponseTooLarge(t) if t.limit == 1024),
        "{error:?}"
    );

    let call = client
        .request(Method::GET, "/echo")
        .header("X-Api-Key", "per-call-secret-value");
    let shown = format!("{call:?}");
    assert!(!shown.contains("per-call-secret-value"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
    let error = call.send().await.expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    for shown in [format!("{error:?}"), error.to_string()] {
        assert!(!shown.contains(SECRET), "{shown}");
    }
}

#[tokio::test]
async fn a_raw_path_never_leaves_the_base_url() {
    let server = MockServer::start().await;
    let client = client_for(&server).build().expect("client builds");
    for path in [
        "https://attacker.example/steal",
        "/items?id=1",
        "/a/../admin",
    ] {
        let error = client
            .request(Method::GET, path)
            .send()
            .await
            .expect_err(path);
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{path}: {error:?}"
        );
        assert!(!error.was_sent());
    }
    let requests = server.received_requests().await.expect("recording");
    assert!(requests.is_empty(), "{requests:?}");
}
