//! A transport of the caller's own: it sees each prepared request (credentials
//! applied), and the engine's retries, timeouts and size cap still apply to what
//! it answers.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use linkgen_runtime::{
    ClientConfig, Credential, Method, RetryPolicy, SendError, Transport, TransportError,
    TransportFuture,
};

/// What the fake answers, in order.
enum Answer {
    Status(u16, &'static str),
    Slow(Duration),
    Refused,
    Reset,
}

/// A request as the fake saw it: method, URL, `Authorization`.
type Seen = (String, String, Option<String>);

/// Answers from a queue and records every request it was handed.
#[derive(Debug, Default, Clone)]
struct Fake {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Answer")
    }
}

impl Fake {
    fn new(answers: impl IntoIterator<Item = Answer>) -> Self {
        let fake = Fake::default();
        fake.answers.lock().unwrap().extend(answers);
        fake
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Transport for Fake {
    fn send(&self, request: linkgen_runtime::reqwest::Request) -> TransportFuture<'_> {
        let auth = request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.seen.lock().unwrap().push((
            request.method().to_string(),
            request.url().to_string(),
            auth,
        ));
        let answer = self.answers.lock().unwrap().pop_front();
        Box::pin(async move {
            match answer.unwrap_or(Answer::Status(200, "{}")) {
                Answer::Status(status, body) => {
                    let response = http::Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(body)
                        .expect("a response");
                    Ok(linkgen_runtime::reqwest::Response::from(response))
                }
                Answer::Slow(delay) => {
                    tokio::time::sleep(delay).await;
                    Err(TransportError::other("too slow"))
                }
                Answer::Refused => Err(TransportError::connect("connection refused")),
                Answer::Reset => Err(TransportError::other("connection reset by peer")),
            }
        })
    }
}

fn core_over(fake: &Fake, configure: impl FnOnce(&mut ClientConfig)) -> linkgen_runtime::Core {
    let mut config = ClientConfig::new("https://api.example.com/v1", "test/0");
    config.transport(fake.clone());
    config.credential("bearer", Credential::bearer("tok-secret"));
    config.retry_policy(RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    });
    configure(&mut config);
    config.build().expect("builds")
}

fn get(core: &linkgen_runtime::Core) -> linkgen_runtime::Request {
    let mut request = core.request(Method::GET, "/things", "/things".to_owned());
    request.security(&[&["bearer"]]);
    request
}

#[tokio::test]
async fn the_transport_sees_the_prepared_request_and_retries_apply() {
    let fake = Fake::new([
        Answer::Status(503, "busy"),
        Answer::Status(200, r#"{"a":1}"#),
    ]);
    let core = core_over(&fake, |_| {});
    let response = core.send(get(&core)).await.expect("200 after a retry");
    assert_eq!(response.attempts(), 2);
    let value: serde_json::Value = response.json::<_, Infallible>().expect("json");
    assert_eq!(value, serde_json::json!({"a": 1}));
    let seen = fake.seen();
    assert_eq!(seen[0].0, "GET");
    assert_eq!(seen[0].1, "https://api.example.com/v1/things");
    assert_eq!(seen[0].2.as_deref(), Some("Bearer tok-secret"));
}

#[tokio::test]
async fn a_refused_connection_is_retried_and_reported_as_not_sent() {
    let fake = Fake::new([Answer::Refused, Answer::Refused, Answer::Refused]);
    let core = core_over(&fake, |c| c.max_retries(2));
    let mut post = core.request(Method::POST, "/things", "/things".to_owned());
    post.security(&[&["bearer"]]);
    let error = core.send(post).await.expect_err("refused");
    assert!(
        matches!(error, SendError::Transport { attempts: 3, .. }),
        "{error:?}"
    );
    assert!(!error.was_sent());
    assert!(error.to_string().contains("connection refused"), "{error}");
}

#[tokio::test]
async fn a_reset_post_is_not_retried() {
    let fake = Fake::new([Answer::Reset, Answer::Status(200, "{}")]);
    let core = core_over(&fake, |_| {});
    let mut post = core.request(Method::POST, "/things", "/things".to_owned());
    post.security(&[&["bearer"]]);
    let error = core.send(post).await.expect_err("reset");
    assert!(error.was_sent());
    assert_eq!(
        fake.seen().len(),
        1,
        "a POST that may have arrived is not repeated"
    );
}

#[tokio::test]
async fn the_engine_times_out_a_slow_transport() {
    let fake = Fake::new([Answer::Slow(Duration::from_secs(5))]);
    let core = core_over(&fake, |c| {
        c.timeout(Duration::from_millis(50));
        c.max_retries(0);
    });
    let error = core.send(get(&core)).await.expect_err("timeout");
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn the_size_cap_applies_to_what_the_transport_answers() {
    let fake = Fake::new([Answer::Status(
        200,
        r#"{"big":"0123456789012345678901234567890123456789"}"#,
    )]);
    let core = core_over(&fake, |c| c.max_response_bytes(16));
    let error = core.send(get(&core)).await.expect_err("too large");
    assert!(matches!(error, SendError::ResponseTooLarge(_)), "{error:?}");
}

#[tokio::test]
async fn debug_of_the_config_names_the_transport_not_its_secrets() {
    let fake = Fake::default();
    let mut config = ClientConfig::new("https://api.example.com", "test/0");
    config.transport(fake);
    config.credential("bearer", Credential::bearer("tok-secret"));
    let shown = format!("{config:?}");
    assert!(shown.contains("custom_transport: true"), "{shown}");
    assert!(!shown.contains("tok-secret"), "{shown}");
}
