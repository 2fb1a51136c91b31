//! What a consumer's ordinary `fmt` log shows of a call: which client and operation
//! it is, its status and attempts, why a retry happens and how long it waits, and no
//! credential.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use linkgen_runtime::{ClientConfig, Credential, Method, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A log sink the test reads back.
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

/// A `fmt` subscriber at `DEBUG` writing into a sink the test reads back, and a second
/// live dispatcher: with one only, tracing-core decides a callsite's interest by the
/// subscriber of the thread that registers it first, which another test's could be.
fn capture() -> (Sink, tracing::subscriber::DefaultGuard, tracing::Dispatch) {
    let second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (sink, tracing::subscriber::set_default(subscriber), second)
}

impl Sink {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A server answering 503 once, then 200.
async fn flaky() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

fn core(server: &MockServer) -> linkgen_runtime::Core {
    let mut config = ClientConfig::new(&server.uri(), "test/0");
    config.credential("key", Credential::header("x-api-key", "k-secret-value"));
    config.retry_policy(RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        ..RetryPolicy::default()
    });
    config.build().expect("builds")
}

/// The line of `log` holding `message`.
fn line<'l>(log: &'l str, message: &str) -> &'l str {
    log.lines()
        .find(|l| l.contains(message))
        .unwrap_or_else(|| panic!("no `{message}` in:\n{log}"))
}

#[tokio::test]
async fn the_last_line_of_a_call_names_its_crate_operation_status_and_attempts() {
    let (sink, _guard, _second) = capture();
    let server = flaky().await;
    let core = core(&server);
    let mut request = core.request(Method::GET, "/things/{id}", "/things/1".into());
    request.operation("acme-client", "get_thing");
    core.send(request).await.expect("200 after a retry");

    let log = sink.text();
    let done = line(&log, "linkgen: call done");
    for field in [
        "crate=\"acme-client\"",
        "operation=\"get_thing\"",
        "status=200",
        "attempts=2",
        "linkgen_runtime",
    ] {
        assert!(done.contains(field), "{field} missing from {done}");
    }
}

#[tokio::test]
async fn a_failed_call_ends_with_its_error_kind() {
    let (sink, _guard, _second) = capture();
    // Nothing listens on a port just released: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = ClientConfig::new(&format!("http://127.0.0.1:{port}"), "test/0");
    config.retry_policy(RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::default()
    });
    let core = config.build().expect("builds");
    let mut request = core.request(Method::GET, "/things", "/things".into());
    request.operation("acme-client", "list_things");
    core.send(request).await.expect_err("refused");

    let log = sink.text();
    let done = line(&log, "linkgen: call done");
    for field in [
        "operation=\"list_things\"",
        "error=\"transport\"",
        "attempts=1",
    ] {
        assert!(done.contains(field), "{field} missing from {done}");
    }
}

#[tokio::test]
async fn a_retry_is_logged_with_its_reason_and_wait() {
    let (sink, _guard, _second) = capture();
    let server = flaky().await;
    let core = core(&server);
    let mut request = core.request(Method::GET, "/things/{id}", "/things/1".into());
    request.security(&[&["key"]]);
    core.send(request).await.expect("200 after a retry");

    let log = sink.text();
    let retry = line(&log, "linkgen: retrying");
    assert!(
        retry.contains("reason=\"status\"") || retry.contains("reason=status"),
        "{retry}"
    );
    assert!(retry.contains("status=503"), "{retry}");
    assert!(retry.contains("wait_ms="), "{retry}");
    assert!(
        retry.contains("/things/{id}"),
        "the span names the path template: {retry}"
    );
    assert!(!log.contains("k-secret-value"), "{log}");
}
