//! What a consumer's ordinary `fmt` log shows of a call: a retry says why and how
//! long it waits, and no credential appears.

use std::convert::Infallible;
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

#[tokio::test]
async fn a_retry_is_logged_with_its_reason_and_wait() {
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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
    let mut config = ClientConfig::new(&server.uri(), "test/0");
    config.credential("key", Credential::header("x-api-key", "k-secret-value"));
    config.retry_policy(RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        ..RetryPolicy::default()
    });
    let core = config.build().expect("builds");
    let mut request = core.request(Method::GET, "/things/{id}", "/things/1".into());
    request.security(&[&["key"]]);
    core.send::<Infallible>(request)
        .await
        .expect("200 after a retry");

    let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let retry = log
        .lines()
        .find(|l| l.contains("linkgen: retrying"))
        .unwrap_or_else(|| panic!("no retry event in:\n{log}"));
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
