//! The fault matrix: the generated clients (plaid for a `POST`, markifact for a `GET`)
//! against servers that fail in every way we know of: retryable and final statuses,
//! refused and reset connections, silence, trickling bytes, bodies that are not JSON,
//! not the documented error, or too large; plus what must hold whatever happens:
//! credentials never in `Display`/`Debug`/traces, idempotency keys stable across
//! attempts, per-call options on the wire, metadata, and `Send`/`Sync` bounds.
//!
//! Each case asserts the exact variant, the attempts the error (or the metadata) reports
//! and those the server saw, and bounds on the elapsed time. Retry policies back off for
//! a few milliseconds, so the module runs in a few seconds. Each case also prints a
//! `FAULT|case|outcome|attempts|server requests|elapsed` line (shown with
//! `--nocapture`), from which the fault-matrix table is made.

mod raw;

use std::future::IntoFuture;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use plaid_client::operations::LinkTokenGetError;
use plaid_client::types::{LinkTokenGetRequest, LinkTokenGetResponse};
use plaid_client::{Call, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{header, spec_value};
use raw::{refused_uri, Behaviour, RawServer};

const CLIENT_ID: &str = "cid-SENTINEL-1234";
const SECRET: &str = "sec-SENTINEL-5678";
const TOKEN: &str = "tok-SENTINEL-4242";
/// A path parameter value: must never reach a trace.
const LINK_ID: &str = "alnk-SENTINEL-9999";
const LINK_TOKEN: &str = "link-sandbox-SENTINEL-0000";
const SENTINELS: [&str; 5] = [CLIENT_ID, SECRET, TOKEN, LINK_ID, LINK_TOKEN];

const MS: Duration = Duration::from_millis(1);
/// Scheduling slack on elapsed-time upper bounds.
const SLACK: Duration = Duration::from_millis(400);

/// Retries with a 5–20 ms backoff.
fn fast(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: 5 * MS,
        max_backoff: 20 * MS,
    }
}

fn plaid_builder(uri: &str, retries: u32) -> plaid_client::ClientBuilder {
    plaid_client::Client::builder()
        .base_url(uri)
        .client_id(CLIENT_ID)
        .secret(SECRET)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast(retries))
}

fn plaid(uri: &str, retries: u32) -> plaid_client::Client {
    plaid_builder(uri, retries).build().expect("plaid client")
}

fn markifact_builder(uri: &str, retries: u32) -> markifact_client::ClientBuilder {
    markifact_client::Client::builder()
        .base_url(uri)
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast(retries))
}

fn markifact(uri: &str, retries: u32) -> markifact_client::Client {
    markifact_builder(uri, retries)
        .build()
        .expect("markifact client")
}

fn link_token_get(client: &plaid_client::Client) -> Call<LinkTokenGetResponse, LinkTokenGetError> {
    client.link_token_get(&LinkTokenGetRequest::new(LINK_TOKEN))
}

/// Plaid's documented 200 example.
fn plaid_ok() -> Value {
    static EXAMPLE: OnceLock<Value> = OnceLock::new();
    EXAMPLE
        .get_or_init(|| {
            spec_value(
                "plaid-2020-09-14.yaml",
                "/paths/~1link~1token~1get/post/responses/200/content/application~1json/example",
            )
        })
        .clone()
}

/// Markifact's documented 200 example.
fn markifact_ok() -> Value {
    static EXAMPLE: OnceLock<Value> = OnceLock::new();
    EXAMPLE
        .get_or_init(|| {
            spec_value(
                "markifact-v1.yaml",
                "/paths/~1v1~1connections~1auth-links~1{auth_link_id}~1status/get/responses/200/content/application~1json/example",
            )
        })
        .clone()
}

/// A Plaid error body (decodes as `PlaidError`).
fn plaid_error() -> Value {
    json!({
        "error_type": "API_ERROR",
        "error_code": "INTERNAL_SERVER_ERROR",
        "error_message": "an unexpected error occurred",
        "display_message": null,
        "request_id": "req-err-1",
    })
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code)
}

fn plaid_status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(plaid_error())
}

/// Answers with `responses` in order, then the last one forever.
struct Seq {
    responses: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Respond for Seq {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        self.responses[i.min(self.responses.len() - 1)].clone()
    }
}

/// A server answering every request with `responses` in order, then the last forever.
async fn seq(responses: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Seq {
            responses,
            next: AtomicUsize::new(0),
        })
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

async fn count(server: &MockServer) -> usize {
    requests(server).await.len()
}

/// The variant of an error, with its status when it has one.
fn variant<E>(error: &Error<E>) -> String {
    let name = match error {
        Error::Api(_) => "Api",
        Error::UnexpectedStatus(_) => "UnexpectedStatus",
        Error::Decode(_) => "Decode",
        Error::ResponseTooLarge(_) => "ResponseTooLarge",
        Error::Timeout { .. } => "Timeout",
        Error::Transport { .. } => "Transport",
        Error::MissingCredentials(_) => "MissingCredentials",
        Error::InvalidRequest(_) => "InvalidRequest",
        _ => "other",
    };
    match error.status() {
        Some(status) => format!("{name} {}", status.as_u16()),
        None => name.to_owned(),
    }
}

/// One row of the fault matrix, printed for the report.
fn row(case: &str, outcome: &str, attempts: u32, server: usize, elapsed: Duration) {
    eprintln!(
        "FAULT|{case}|{outcome}|{attempts}|{server}|{:.0} ms",
        elapsed.as_secs_f64() * 1000.0
    );
}

fn within(elapsed: Duration, min: Duration, max: Duration) {
    assert!(
        elapsed >= min && elapsed <= max,
        "elapsed {elapsed:?} not within {min:?}..={max:?}"
    );
}

// 1. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c01_500_then_200_on_a_get_is_retried() {
    let server = seq(vec![status(500), status(200).set_body_json(markifact_ok())]).await;
    let client = markifact(&server.uri(), 2);
    let started = Instant::now();
    let ok = client
        .get_auth_link_status(LINK_ID)
        .with_metadata()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(elapsed, Duration::ZERO, SLACK);
    row("1 GET 500,200", "Ok", 2, 2, elapsed);
}

#[tokio::test]
async fn c01_500_then_200_on_the_safe_post_is_retried() {
    let server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let started = Instant::now();
    let ok = link_token_get(&client)
        .with_metadata()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(elapsed, Duration::ZERO, SLACK);
    row("1 safe POST 500,200", "Ok", 2, 2, elapsed);
}

// 2. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c02_429_retry_after_is_honoured() {
    let server = seq(vec![
        status(429).insert_header("Retry-After", "1"),
        status(200).set_body_json(markifact_ok()),
    ])
    .await;
    let client = markifact(&server.uri(), 2);
    let started = Instant::now();
    let ok = client
        .get_auth_link_status(LINK_ID)
        .with_metadata()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(
        elapsed,
        Duration::from_secs(1),
        Duration::from_secs(1) + SLACK,
    );
    row("2 GET 429 Retry-After: 1, 200", "Ok", 2, 2, elapsed);
}

// 3. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c03_429_forever_gives_up_after_max_retries() {
    let server = seq(vec![status(429).set_body_string("slow down")]).await;
    let client = markifact(&server.uri(), 3);
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("429 forever");
    let elapsed = started.elapsed();
    let Error::UnexpectedStatus(raw) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(raw.status.as_u16(), 429);
    assert_eq!(
        raw.body_error, None,
        "429 is not declared: no body to judge"
    );
    assert_eq!(raw.body.as_ref(), b"slow down");
    assert_eq!(err.attempts(), 4);
    assert_eq!(count(&server).await, 4);
    assert_eq!(
        err.to_string(),
        "server returned unexpected status 429 Too Many Requests (after 4 attempts)"
    );
    within(elapsed, Duration::ZERO, SLACK);
    row(
        "3 GET 429 forever, max_retries 3",
        &variant(&err),
        4,
        4,
        elapsed,
    );
}

// 4. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c04_503_on_an_unsafe_post_is_retried() {
    let server = seq(vec![
        plaid_status(503),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let started = Instant::now();
    let ok = link_token_get(&client)
        .retry_safe(false)
        .with_metadata()
        .await
        .expect("503 says the server did not act: retried");
    let elapsed = started.elapsed();
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(elapsed, Duration::ZERO, SLACK);
    row("4 unsafe POST 503,200", "Ok", 2, 2, elapsed);

    // 503 forever: retried to the end, then the documented error.
    let server = seq(vec![plaid_status(503)]).await;
    let client = plaid(&server.uri(), 2);
    let started = Instant::now();
    let err = link_token_get(&client)
        .retry_safe(false)
        .await
        .expect_err("503 forever");
    let elapsed = started.elapsed();
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
    assert_eq!(count(&server).await, 3);
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    row("4 unsafe POST 503 forever", &variant(&err), 3, 3, elapsed);
}

#[tokio::test]
async fn c04_500_on_an_unsafe_post_is_not_retried() {
    let server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let started = Instant::now();
    let err = link_token_get(&client)
        .retry_safe(false)
        .await
        .expect_err("500 on an unsafe POST is final");
    let elapsed = started.elapsed();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status.as_u16(), 500);
    let LinkTokenGetError::Default(body) = &api.error else {
        panic!("{:?}", api.error)
    };
    assert_eq!(body.error_code, "INTERNAL_SERVER_ERROR");
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    assert!(!err.to_string().contains("attempts"), "{err}");
    within(elapsed, Duration::ZERO, SLACK);
    row("4 unsafe POST 500", &variant(&err), 1, 1, elapsed);
}

// 5. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c05_connection_refused_is_retried_and_not_sent() {
    let uri = refused_uri().await;
    let client = markifact(&uri, 2);
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("refused");
    let elapsed = started.elapsed();
    let Error::Transport { source, attempts } = &err else {
        panic!("{err:?}")
    };
    assert!(source.is_connect(), "{source:?}");
    assert_eq!(*attempts, 3);
    assert!(!err.was_sent());
    assert!(
        err.to_string()
            .starts_with("transport error (after 3 attempts): "),
        "{err}"
    );
    within(elapsed, Duration::ZERO, SLACK);
    row("5 GET connection refused", &variant(&err), 3, 0, elapsed);

    // A refused connection is retried even on an unsafe POST: nothing was sent.
    let client = plaid(&uri, 2);
    let started = Instant::now();
    let err = link_token_get(&client)
        .retry_safe(false)
        .await
        .expect_err("refused");
    let elapsed = started.elapsed();
    assert!(matches!(&err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert!(!err.was_sent());
    row(
        "5 unsafe POST connection refused",
        &variant(&err),
        3,
        0,
        elapsed,
    );
}

// 6. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c06_reset_mid_body_is_a_transport_error() {
    let server = RawServer::start(Behaviour::ResetMidBody).await;
    let client = markifact(&server.uri(), 2);
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("reset");
    let elapsed = started.elapsed();
    let Error::Transport { source, attempts } = &err else {
        panic!("{err:?}")
    };
    assert!(!source.is_connect(), "{source:?}");
    assert_eq!(*attempts, 3, "a GET is retried after a reset");
    assert_eq!(server.requests(), 3);
    assert!(err.was_sent());
    assert!(
        err.to_string()
            .starts_with("transport error (after 3 attempts): "),
        "{err}"
    );
    eprintln!("reset mid-body: {err}");
    assert_eq!(
        err.status(),
        None,
        "the head arrived, but Transport keeps no status"
    );
    within(elapsed, Duration::ZERO, SLACK);
    row(
        "6 GET reset mid-body",
        &variant(&err),
        3,
        server.requests(),
        elapsed,
    );

    // The same on an unsafe POST: the server may have acted, so no retry.
    let server = RawServer::start(Behaviour::ResetMidBody).await;
    let client = plaid(&server.uri(), 2);
    let started = Instant::now();
    let err = link_token_get(&client)
        .retry_safe(false)
        .await
        .expect_err("reset");
    let elapsed = started.elapsed();
    assert!(matches!(&err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests(), 1);
    assert!(err.was_sent());
    row(
        "6 unsafe POST reset mid-body",
        &variant(&err),
        1,
        server.requests(),
        elapsed,
    );
}

// 7. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c07_bad_json_on_200_is_a_decode_error() {
    let example = markifact_ok().to_string();
    let truncated = example[..example.len() / 2].to_owned();
    let mut wrong = markifact_ok();
    wrong["expires_at"] = json!("soon");
    let cases = [
        ("truncated JSON", truncated, "EOF while parsing"),
        (
            "invalid JSON",
            r#"{"id": nope}"#.to_owned(),
            "expected ident",
        ),
        (
            "wrong-shape JSON",
            wrong.to_string(),
            "invalid type: string, expected i64",
        ),
    ];
    for (case, body, message) in cases {
        let server = seq(vec![
            status(200).set_body_raw(body.clone(), "application/json")
        ])
        .await;
        let client = markifact(&server.uri(), 2);
        let started = Instant::now();
        let err = client.get_auth_link_status(LINK_ID).await.expect_err(case);
        let elapsed = started.elapsed();
        let Error::Decode(decode) = &err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!(decode.status.as_u16(), 200, "{case}");
        assert_eq!(decode.body.as_ref(), body.as_bytes(), "{case}");
        assert!(
            decode.message.contains(message),
            "{case}: {}",
            decode.message
        );
        let display = err.to_string();
        assert!(
            display.starts_with("could not decode the body of the 200 OK response"),
            "{case}: {display}"
        );
        if case == "wrong-shape JSON" {
            assert_eq!(decode.path, "expires_at");
            assert!(display.contains("at `expires_at`"), "{display}");
        }
        assert_eq!(err.attempts(), 1, "{case}: a 200 is not retried");
        assert_eq!(count(&server).await, 1);
        eprintln!("{case}: path `{}`, display: {display}", decode.path);
        row(&format!("7 GET 200 {case}"), &variant(&err), 1, 1, elapsed);
    }
}

/// Runtime defect: at an unknown position (a truncated body) `serde_path_to_error` gives
/// the path `?`, which the runtime passes on: `DecodeError::path` is `"?"` and `Display`
/// says "… response at `?`: EOF while parsing …". Expected: no path (`.`, as for an
/// empty body) or the deepest known one.
#[tokio::test]
async fn c07_truncated_json_has_no_meaningless_path() {
    let example = markifact_ok().to_string();
    let server = seq(vec![status(200).set_body_raw(
        example[..example.len() / 2].to_owned(),
        "application/json",
    )])
    .await;
    let err = markifact(&server.uri(), 0)
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("truncated");
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_ne!(decode.path, "?");
    assert!(!err.to_string().contains("`?`"), "{err}");
}

// 8. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c08_gateway_html_on_a_documented_error_is_unexpected_status() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = seq(vec![status(502)
        .set_body_raw(html, "text/html")
        .insert_header("x-gateway", "edge-1")])
    .await;
    let client = plaid(&server.uri(), 1);
    let started = Instant::now();
    let err = link_token_get(&client).await.expect_err("502");
    let elapsed = started.elapsed();
    let Error::UnexpectedStatus(raw) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(raw.status.as_u16(), 502);
    let why = raw.body_error.as_deref().expect("body_error says why");
    assert!(why.contains("expected value"), "{why}");
    assert_eq!(raw.body.as_ref(), html.as_bytes());
    assert_eq!(raw.headers["x-gateway"], "edge-1");
    assert_eq!(raw.headers["content-type"], "text/html");
    assert_eq!(err.attempts(), 2, "502 on the safe POST is retried once");
    assert_eq!(count(&server).await, 2);
    assert_eq!(
        err.to_string(),
        format!(
            "server returned 502 Bad Gateway with a body that is not the documented error \
             ({why}) (after 2 attempts)"
        )
    );
    row("8 safe POST 502 HTML", &variant(&err), 2, 2, elapsed);

    for (case, body, expected) in [
        // `PlaidError` has required fields: `{}` fails to decode before the property check.
        ("{}", "{}", "missing field `error_type` at line 1 column 2"),
        (
            "other service's JSON",
            r#"{"message":"upstream timed out"}"#,
            "missing field `error_type` at line 1 column 32",
        ),
        ("empty body", "", "the body is empty"),
    ] {
        let server = seq(vec![status(400).set_body_raw(body, "application/json")]).await;
        let client = plaid(&server.uri(), 2);
        let started = Instant::now();
        let err = link_token_get(&client).await.expect_err(case);
        let elapsed = started.elapsed();
        let Error::UnexpectedStatus(raw) = &err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!(raw.status.as_u16(), 400);
        assert_eq!(raw.body_error.as_deref(), Some(expected), "{case}");
        assert_eq!(raw.body.as_ref(), body.as_bytes());
        assert_eq!(err.attempts(), 1, "400 is not retried");
        assert_eq!(count(&server).await, 1);
        row(
            &format!("8 safe POST 400 {case}"),
            &variant(&err),
            1,
            1,
            elapsed,
        );
    }

    // Control: the documented error body is Api.
    let server = seq(vec![plaid_status(400)]).await;
    let err = link_token_get(&plaid(&server.uri(), 2))
        .await
        .expect_err("400");
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 400),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "server returned 400 Bad Request: API_ERROR/INTERNAL_SERVER_ERROR: an unexpected \
         error occurred"
    );
}

// 9. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c09_wrong_content_type_with_a_json_body_decodes() {
    let server = seq(vec![
        status(200).set_body_raw(markifact_ok().to_string(), "text/html")
    ])
    .await;
    let client = markifact(&server.uri(), 2);
    let started = Instant::now();
    let ok = client
        .get_auth_link_status(LINK_ID)
        .with_metadata()
        .await
        .expect("the runtime decodes by body, whatever the Content-Type");
    let elapsed = started.elapsed();
    assert_eq!(ok.metadata.headers["content-type"], "text/html");
    assert_eq!(ok.value.id, markifact_ok()["id"].as_str().unwrap());
    assert_eq!(ok.metadata.attempts, 1);
    assert_eq!(count(&server).await, 1);
    row("9 GET 200 text/html + JSON", "Ok", 1, 1, elapsed);
}

// 10. --------------------------------------------------------------------------------

#[tokio::test]
async fn c10_empty_200_is_a_decode_error_for_a_struct() {
    let server = seq(vec![status(200)]).await;
    let client = markifact(&server.uri(), 2);
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("empty body");
    let elapsed = started.elapsed();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert!(decode.body.is_empty());
    assert!(
        decode
            .message
            .contains("invalid type: null, expected struct AuthLinkStatus"),
        "{}",
        decode.message
    );
    assert!(err
        .to_string()
        .starts_with("could not decode the body of the 200 OK response"));
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    eprintln!("empty 200: path `{}`, display: {err}", decode.path);
    row("10 GET 200 empty body", &variant(&err), 1, 1, elapsed);
}

// 11. --------------------------------------------------------------------------------

#[tokio::test]
async fn c11_body_over_the_cap_is_too_large_and_not_retried() {
    let big = vec![b' '; 64 * 1024];
    let server = seq(vec![status(200).set_body_raw(big, "application/json")]).await;
    let client = markifact_builder(&server.uri(), 2)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("too large");
    let elapsed = started.elapsed();
    let Error::ResponseTooLarge(large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(large.status.as_u16(), 200);
    assert_eq!(large.limit, 1024);
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    eprintln!("too large (Content-Length): {err}");
    row(
        "11 GET 64 KiB, cap 1 KiB (Content-Length)",
        &variant(&err),
        1,
        1,
        elapsed,
    );

    let server = RawServer::start(Behaviour::Chunked { total: 64 * 1024 }).await;
    let client = markifact_builder(&server.uri(), 2)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("too large");
    let elapsed = started.elapsed();
    let Error::ResponseTooLarge(large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(large.status.as_u16(), 200);
    assert!(large.headers.get("content-length").is_none());
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests(), 1);
    row(
        "11 GET 64 KiB chunked, cap 1 KiB",
        &variant(&err),
        1,
        1,
        elapsed,
    );
}

// 12. --------------------------------------------------------------------------------

#[tokio::test]
async fn c12_a_silent_server_times_out_each_attempt() {
    let server = RawServer::start(Behaviour::Silent).await;
    let timeout = 200 * MS;
    let client = markifact_builder(&server.uri(), 2)
        .timeout(timeout)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("silence");
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { attempts: 3 }), "{err:?}");
    assert!(err.was_sent());
    assert_eq!(server.requests(), 3);
    // 3 timeouts, 2 backoffs of at most 20 ms.
    within(elapsed, 3 * timeout, 3 * timeout + 40 * MS + SLACK);
    assert_eq!(
        err.to_string(),
        "no response within the timeout (after 3 attempts)"
    );
    row(
        "12 GET silent server, timeout 200 ms, 2 retries",
        &variant(&err),
        3,
        3,
        elapsed,
    );

    // An unsafe POST is not retried after a timeout: the server may have acted.
    let server = RawServer::start(Behaviour::Silent).await;
    let client = plaid_builder(&server.uri(), 2)
        .timeout(timeout)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = link_token_get(&client)
        .retry_safe(false)
        .await
        .expect_err("silence");
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(server.requests(), 1);
    within(elapsed, timeout, timeout + SLACK);
    row(
        "12 unsafe POST silent server, timeout 200 ms",
        &variant(&err),
        1,
        1,
        elapsed,
    );
}

// 13. --------------------------------------------------------------------------------

#[tokio::test]
async fn c13_a_trickling_server_times_out_within_the_attempt_timeout() {
    let timeout = 300 * MS;
    for (case, behaviour) in [
        ("body", Behaviour::TrickleBody),
        ("head", Behaviour::TrickleHead),
    ] {
        let server = RawServer::start(behaviour).await;
        let client = markifact_builder(&server.uri(), 1)
            .timeout(timeout)
            .build()
            .unwrap();
        let started = Instant::now();
        let err = client
            .get_auth_link_status(LINK_ID)
            .await
            .expect_err("trickle");
        let elapsed = started.elapsed();
        assert!(
            matches!(err, Error::Timeout { attempts: 2 }),
            "{case}: {err:?}"
        );
        assert_eq!(server.requests(), 2);
        within(elapsed, 2 * timeout, 2 * timeout + 20 * MS + SLACK);
        row(
            &format!("13 GET {case} trickles 1 B/s, timeout 300 ms, 1 retry"),
            &variant(&err),
            2,
            2,
            elapsed,
        );
    }
}

// 14. --------------------------------------------------------------------------------

#[tokio::test]
async fn c14_total_timeout_bounds_the_whole_call() {
    let total = 500 * MS;
    // Per call: 6 attempts of 300 ms would take 1.8 s.
    let server = RawServer::start(Behaviour::Silent).await;
    let client = markifact_builder(&server.uri(), 5)
        .timeout(300 * MS)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .total_timeout(total)
        .await
        .expect_err("total timeout");
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert_eq!(server.requests(), 2);
    within(elapsed, total, total + 150 * MS);
    row(
        "14 GET silent, timeout 300 ms x6, total 500 ms (per call)",
        &variant(&err),
        2,
        2,
        elapsed,
    );

    // On the builder.
    let server = RawServer::start(Behaviour::Silent).await;
    let client = markifact_builder(&server.uri(), 5)
        .timeout(300 * MS)
        .total_timeout(total)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("total timeout");
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert_eq!(server.requests(), 2);
    within(elapsed, total, total + 150 * MS);
    row(
        "14 GET silent, total 500 ms (builder)",
        &variant(&err),
        2,
        2,
        elapsed,
    );
}

// 15. --------------------------------------------------------------------------------

/// What the echo server answers: the request's headers, as text, in the body and in
/// `x-echo-*` response headers (and the credential headers under their own names).
#[derive(Clone, Copy)]
enum Echo {
    /// A `PlaidError` whose `error_message` and `display_message` are the headers.
    PlaidError(u16),
    /// A `PlaidError` whose `status` (an integer) is the headers' text: the decode
    /// error's message would quote it.
    BadPlaidError(u16),
    /// `{"echo": "<headers>"}`.
    Other(u16),
    /// A `200` whose `metadata` (an object) is the headers' text.
    BadSuccess,
}

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let text: Vec<String> = request
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
            .collect();
        let text = text.join("; ");
        let (code, body) = match *self {
            Echo::PlaidError(code) => (
                code,
                json!({
                    "error_type": "INVALID_INPUT",
                    "error_code": "ECHO",
                    "error_message": text,
                    "display_message": text,
                    "request_id": text,
                }),
            ),
            Echo::BadPlaidError(code) => (
                code,
                json!({
                    "error_type": "INVALID_INPUT",
                    "error_code": "ECHO",
                    "error_message": text,
                    "display_message": null,
                    "status": text,
                }),
            ),
            Echo::Other(code) => (code, json!({ "echo": text })),
            Echo::BadSuccess => {
                let mut body = plaid_ok();
                body["metadata"] = json!(text);
                (200, body)
            }
        };
        let mut response = ResponseTemplate::new(code).set_body_json(body);
        for (name, value) in &request.headers {
            response = response.insert_header(format!("x-echo-{name}").as_str(), value.clone());
        }
        for name in ["plaid-client-id", "plaid-secret", "authorization"] {
            if let Some(value) = request.headers.get(name) {
                response = response.insert_header(name, value.clone());
            }
        }
        response
    }
}

async fn echo(echo: Echo) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(echo).mount(&server).await;
    server
}

/// `Display`, `{:?}` and `{:#?}` of the error and of what it boxes.
fn renderings<E: std::fmt::Debug + std::fmt::Display>(err: &Error<E>) -> Vec<String> {
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    match err {
        Error::Api(api) => texts.extend([api.to_string(), format!("{api:?}"), format!("{api:#?}")]),
        Error::UnexpectedStatus(raw) => {
            texts.extend([raw.to_string(), format!("{raw:?}"), format!("{raw:#?}")]);
        }
        Error::Decode(decode) => texts.extend([
            decode.to_string(),
            format!("{decode:?}"),
            format!("{decode:#?}"),
        ]),
        _ => {}
    }
    texts
}

fn assert_no_sentinel(case: &str, texts: &[String]) {
    for text in texts {
        for sentinel in SENTINELS {
            assert!(!text.contains(sentinel), "{case}: `{sentinel}` in\n{text}");
        }
    }
}

#[tokio::test]
async fn c15_echoed_credentials_never_reach_display_or_debug() {
    for (case, behaviour, expected) in [
        (
            "400 PlaidError echoing headers",
            Echo::PlaidError(400),
            "Api 400",
        ),
        (
            "400 PlaidError with the headers in an integer field",
            Echo::BadPlaidError(400),
            "UnexpectedStatus 400",
        ),
        (
            "502 other JSON echoing headers",
            Echo::Other(502),
            "UnexpectedStatus 502",
        ),
        (
            "200 with the headers in an object field",
            Echo::BadSuccess,
            "Decode 200",
        ),
    ] {
        let server = echo(behaviour).await;
        let client = plaid(&server.uri(), 0);
        let started = Instant::now();
        let err = link_token_get(&client).await.expect_err(case);
        let elapsed = started.elapsed();
        assert_eq!(variant(&err), expected, "{case}: {err:?}");
        // The echo worked: the raw body and headers do hold the credentials.
        let body = String::from_utf8_lossy(err.body().expect("a body")).into_owned();
        assert!(
            body.contains(CLIENT_ID) && body.contains(SECRET),
            "{case}: {body}"
        );
        assert_eq!(err.headers().expect("headers")["plaid-secret"], SECRET);
        assert_no_sentinel(case, &renderings(&err));
        row(
            &format!("15 {case}"),
            &variant(&err),
            1,
            count(&server).await,
            elapsed,
        );
    }

    // Markifact: an undeclared status echoing the bearer token.
    let server = echo(Echo::Other(500)).await;
    let client = markifact(&server.uri(), 0);
    let started = Instant::now();
    let err = client.get_auth_link_status(LINK_ID).await.expect_err("500");
    let elapsed = started.elapsed();
    assert_eq!(variant(&err), "UnexpectedStatus 500");
    let body = String::from_utf8_lossy(err.body().expect("a body")).into_owned();
    assert!(body.contains(TOKEN), "{body}");
    for text in &renderings(&err) {
        assert!(!text.contains(TOKEN), "`{TOKEN}` in\n{text}");
    }
    row(
        "15 GET 500 echoing the bearer token",
        &variant(&err),
        1,
        count(&server).await,
        elapsed,
    );
}

// 16. --------------------------------------------------------------------------------

fn keys(requests: &[Request], name: &str) -> Vec<String> {
    requests
        .iter()
        .map(|r| header(r, name).unwrap_or("<none>").to_owned())
        .collect()
}

#[tokio::test]
async fn c16_idempotency_keys_are_stable_across_attempts() {
    let server = seq(vec![
        plaid_status(503),
        plaid_status(503),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let started = Instant::now();
    let ok = link_token_get(&client)
        .idempotency_key("k-1")
        .with_metadata()
        .await
        .expect("third attempt succeeds");
    let elapsed = started.elapsed();
    assert_eq!(ok.metadata.attempts, 3);
    let seen = requests(&server).await;
    assert_eq!(keys(&seen, "idempotency-key"), ["k-1", "k-1", "k-1"]);
    row(
        "16 POST 503,503,200 with key k-1",
        "Ok",
        3,
        seen.len(),
        elapsed,
    );

    // A key header on the builder: one random key per call, the same on its attempts.
    let server = seq(vec![
        plaid_status(503),
        plaid_status(503),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid_builder(&server.uri(), 2)
        .idempotency_key_header("Idempotency-Key")
        .build()
        .unwrap();
    let started = Instant::now();
    let first = link_token_get(&client)
        .with_metadata()
        .await
        .expect("call 1");
    let second = link_token_get(&client)
        .with_metadata()
        .await
        .expect("call 2");
    let elapsed = started.elapsed();
    assert_eq!((first.metadata.attempts, second.metadata.attempts), (3, 1));
    let seen = keys(&requests(&server).await, "idempotency-key");
    assert_eq!(seen.len(), 4);
    assert!(
        seen[0].len() == 32 && seen[0].bytes().all(|b| b.is_ascii_hexdigit()),
        "{seen:?}"
    );
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[1], seen[2]);
    assert_ne!(seen[2], seen[3], "a second call has its own key");
    assert_eq!(seen[3].len(), 32);
    row(
        "16 POST 503,503,200 then 200, builder key header",
        "Ok, Ok",
        4,
        seen.len(),
        elapsed,
    );
}

// 17. --------------------------------------------------------------------------------

#[tokio::test]
async fn c17_missing_credentials_fail_before_sending() {
    let server = seq(vec![status(200).set_body_json(plaid_ok())]).await;
    let client = plaid_client::Client::builder()
        .base_url(server.uri())
        .client_id(CLIENT_ID)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = link_token_get(&client).await.expect_err("no secret");
    let elapsed = started.elapsed();
    let Error::MissingCredentials(missing) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing.alternatives.len(), 1);
    assert_eq!(err.attempts(), 0);
    assert!(!err.was_sent());
    assert_eq!(count(&server).await, 0);
    let display = err.to_string();
    assert!(display.contains("`ClientBuilder::secret`"), "{display}");
    assert!(display.contains("PLAID_SECRET"), "{display}");
    assert_eq!(
        display,
        "missing credentials, nothing was sent: set `ClientBuilder::secret` (or `PLAID_SECRET`)"
    );
    assert_no_sentinel("missing credentials", &renderings(&err));
    row("17 POST with client_id only", &variant(&err), 0, 0, elapsed);
}

// 18. --------------------------------------------------------------------------------

#[tokio::test]
async fn c18_per_call_options_reach_the_wire() {
    // A header.
    let server = seq(vec![status(200).set_body_json(markifact_ok())]).await;
    markifact(&server.uri(), 0)
        .get_auth_link_status(LINK_ID)
        .header("X-Trace", "t1")
        .await
        .expect("200");
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(header(&seen[0], "x-trace"), Some("t1"));

    // A per-call timeout shorter than the client's (5 s).
    let silent = RawServer::start(Behaviour::Silent).await;
    let client = markifact(&silent.uri(), 0);
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .timeout(150 * MS)
        .await
        .expect_err("timeout");
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(silent.requests(), 1);
    within(elapsed, 150 * MS, 150 * MS + SLACK);
    row(
        "18 GET .timeout(150 ms) on a 5 s client, silent",
        &variant(&err),
        1,
        1,
        elapsed,
    );

    // max_retries(0) on a client that retries 3 times.
    let server = seq(vec![status(500)]).await;
    let client = markifact(&server.uri(), 3);
    let started = Instant::now();
    let err = client
        .get_auth_link_status(LINK_ID)
        .max_retries(0)
        .await
        .expect_err("500");
    let elapsed = started.elapsed();
    assert_eq!(variant(&err), "UnexpectedStatus 500");
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    row(
        "18 GET 500 forever, .max_retries(0) on a 3-retry client",
        &variant(&err),
        1,
        1,
        elapsed,
    );
}

// 19. --------------------------------------------------------------------------------

#[tokio::test]
async fn c19_with_metadata_has_request_id_status_and_attempts() {
    let server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let (value, metadata) = link_token_get(&plaid(&server.uri(), 2))
        .with_metadata()
        .await
        .expect("200")
        .into_parts();
    let expected = plaid_ok()["request_id"].as_str().unwrap().to_owned();
    assert_eq!(metadata.request_id.as_deref(), Some(expected.as_str()));
    assert_eq!(value.request_id, expected);
    assert_eq!(metadata.status.as_u16(), 200);
    assert_eq!(metadata.attempts, 2);
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(header(request, "plaid-version"), Some("2020-09-14"));
    }

    let server = seq(vec![status(200)
        .set_body_json(markifact_ok())
        .insert_header("x-request-id", "req-mk-1")])
    .await;
    let metadata = markifact(&server.uri(), 2)
        .get_auth_link_status(LINK_ID)
        .with_metadata()
        .await
        .expect("200")
        .metadata;
    assert_eq!(metadata.request_id.as_deref(), Some("req-mk-1"));
    assert_eq!(metadata.status.as_u16(), 200);
    assert_eq!(metadata.attempts, 1);
    assert_eq!(count(&server).await, 1);
}

/// Runtime gap: `Error::request_id` reads only the common request id headers, while
/// `ResponseMetadata::request_id` also reads the body field the operation declares
/// (Plaid's `request_id`). Plaid sends its request id in the error body
/// (`PlaidError.request_id`), not in a header, so on an error, exactly when support asks
/// for it, `err.request_id()` is `None`.
#[tokio::test]
async fn c19_error_request_id_uses_the_declared_body_field() {
    let server = seq(vec![plaid_status(400)]).await;
    let err = link_token_get(&plaid(&server.uri(), 0))
        .await
        .expect_err("400");
    assert!(matches!(&err, Error::Api(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req-err-1"));
}

// 20. --------------------------------------------------------------------------------

/// A `MakeWriter` appending to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn c20_traces_show_templates_and_statuses_never_values() {
    use tracing_subscriber::fmt::format::FmtSpan;

    // tracing-core computes a callsite's interest with only the registering thread's
    // subscriber while a single dispatcher exists: another test (on another thread,
    // without a subscriber) registering a runtime callsite first would then disable it
    // for this one too. A second live dispatcher makes it consult every dispatcher.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);

    let plaid_server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let markifact_server = seq(vec![status(200).set_body_json(markifact_ok())]).await;
    let failing = echo(Echo::Other(404)).await;
    link_token_get(&plaid(&plaid_server.uri(), 2))
        .header("X-Trace", TOKEN)
        .await
        .expect("plaid 200");
    markifact(&markifact_server.uri(), 2)
        .get_auth_link_status(LINK_ID)
        .await
        .expect("markifact 200");
    markifact(&failing.uri(), 2)
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("404");
    drop(guard);

    let log = buffer.text();
    eprintln!("{log}");
    assert!(log.contains("linkgen.call"), "{log}");
    assert!(log.contains("linkgen.attempt"), "{log}");
    assert!(log.contains(r#"path="/link/token/get""#), "{log}");
    assert!(
        log.contains(r#"path="/v1/connections/auth-links/{auth_link_id}/status""#),
        "{log}"
    );
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("status=500"), "{log}");
    assert!(log.contains("status=404"), "{log}");
    assert!(log.contains("attempts=2"), "{log}");
    assert!(
        log.contains("method=POST") && log.contains("method=GET"),
        "{log}"
    );
    assert!(log.contains("elapsed_ms="), "{log}");
    assert_no_sentinel("trace", &[log]);
}

// 21. --------------------------------------------------------------------------------

fn assert_send_sync<T: Send + Sync + 'static>() {}
fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
/// Futures need `Send` (and `'static`, to be spawned); `Sync` means nothing for them.
fn assert_spawnable<F: std::future::Future + Send + 'static>(_: F) {}

#[test]
fn c21_clients_errors_calls_and_futures_are_send() {
    use deck_client::operations::GetTokenStatusError;
    use markifact_client::operations::GetAuthLinkStatusError;
    use partoo_client::operations::CheckConnectionTokenError;

    assert_send_sync::<plaid_client::Client>();
    assert_send_sync::<markifact_client::Client>();
    assert_send_sync::<deck_client::Client>();
    assert_send_sync::<partoo_client::Client>();

    assert_error::<plaid_client::Error<LinkTokenGetError>>();
    assert_error::<markifact_client::Error<GetAuthLinkStatusError>>();
    assert_error::<deck_client::Error<GetTokenStatusError>>();
    assert_error::<partoo_client::Error<CheckConnectionTokenError>>();

    assert_send_sync::<Call<LinkTokenGetResponse, LinkTokenGetError>>();
    assert_send_sync::<
        markifact_client::Call<markifact_client::types::AuthLinkStatus, GetAuthLinkStatusError>,
    >();
    assert_send_sync::<
        deck_client::Call<deck_client::types::LinkConnectionStatusResponse, GetTokenStatusError>,
    >();
    assert_send_sync::<
        partoo_client::Call<
            partoo_client::types::CheckConnectionTokenResponse,
            CheckConnectionTokenError,
        >,
    >();

    // Futures (built, never polled: no runtime needed).
    let uri = "http://127.0.0.1:9";
    let plaid = plaid(uri, 0);
    assert_spawnable(link_token_get(&plaid).into_future());
    assert_spawnable(link_token_get(&plaid).with_metadata());
    let markifact = markifact(uri, 0);
    assert_spawnable(markifact.get_auth_link_status(LINK_ID).into_future());
    assert_spawnable(markifact.get_auth_link_status(LINK_ID).with_metadata());
    let deck = deck_client::Client::builder()
        .base_url(uri)
        .build()
        .unwrap();
    assert_spawnable(deck.get_token_status(None).into_future());
    assert_spawnable(deck.get_token_status(None).with_metadata());
    let partoo = partoo_client::Client::builder()
        .base_url(uri)
        .api_key(TOKEN)
        .build()
        .unwrap();
    let params = partoo_client::operations::CheckConnectionTokenParams::new("u", "t");
    assert_spawnable(partoo.check_connection_token(&params).into_future());
    assert_spawnable(partoo.check_connection_token(&params).with_metadata());
}
