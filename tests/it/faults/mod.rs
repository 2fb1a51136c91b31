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

mod bodies;
mod options;
mod raw;
mod retries;
mod secrets;
mod timeouts;

use std::future::IntoFuture;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use plaid_client::operations::{LinkTokenGetCall, LinkTokenGetError};
use plaid_client::types::LinkTokenGetRequest;
use plaid_client::{Error, RetryPolicy};
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

fn link_token_get(client: &plaid_client::Client) -> LinkTokenGetCall {
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

/// Awaits a call that must succeed; its value and how long it took.
async fn succeeds<T, E: std::fmt::Debug>(
    call: impl IntoFuture<Output = Result<T, E>>,
    why: &str,
) -> (T, Duration) {
    let started = Instant::now();
    let value = call.await.expect(why);
    (value, started.elapsed())
}

/// Awaits a call that must fail; its error and how long it took.
async fn fails<T: std::fmt::Debug, E>(
    call: impl IntoFuture<Output = Result<T, E>>,
    why: &str,
) -> (E, Duration) {
    let started = Instant::now();
    let error = call.await.expect_err(why);
    (error, started.elapsed())
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
