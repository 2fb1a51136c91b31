//! [`FakeTransport`]: a server in memory, for testing code that uses a generated client
//! without a network (feature `test-util`). Queue answers per operation (by method and
//! the spec's path template), inject faults, and read back what was sent. A real
//! client is built over it ([`ClientConfig::transport`](crate::ClientConfig::transport)),
//! so credentials, retries, timeouts, the size cap and errors behave as in production.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::transport::{Transport, TransportError, TransportFuture};

/// A fake server: answers requests from per-operation queues and records them.
///
/// ```
/// use linkgen_runtime::testing::{Answer, FakeTransport};
/// use linkgen_runtime::{ClientConfig, Method};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let fake = FakeTransport::new();
/// fake.answer(Method::GET, "/users/{id}", Answer::rate_limited(1));
/// fake.answer(Method::GET, "/users/{id}", Answer::json(200, &serde_json::json!({"id": 7})));
///
/// let mut config = ClientConfig::new("https://api.example.com", "test/0");
/// config.transport(fake.clone());
/// let core = config.build()?;
/// let response = core
///     .send(core.request(Method::GET, "/users/{id}", "/users/7".into()))
///     .await?;
/// assert_eq!(response.status().as_u16(), 200);
/// assert_eq!(fake.requests().len(), 2, "the 429 was retried");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct FakeTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    routes: Vec<Route>,
    recorded: Vec<Recorded>,
}

struct Route {
    method: Method,
    template: String,
    queue: VecDeque<Answer>,
    otherwise: Option<Answer>,
}

impl FakeTransport {
    /// A fake with no answers: every request gets a `404` whose body names it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues `answer` for the next request to the operation at `method` and `template`
    /// (the spec's path template, `/users/{id}`; a `{name}` matches any one segment, and
    /// the URL may have a base path before it). Answers are used once each, in order.
    pub fn answer(&self, method: Method, template: &str, answer: Answer) {
        self.route(method, template).queue.push_back(answer);
    }

    /// Answers the operation with `answer` whenever its queue is empty (the spec's
    /// example, say).
    pub fn otherwise(&self, method: Method, template: &str, answer: Answer) {
        self.route(method, template).otherwise = Some(answer);
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().recorded.clone()
    }

    /// The requests received by the operation at `method` and `template`, in order.
    pub fn requests_to(&self, method: Method, template: &str) -> Vec<Recorded> {
        (self.lock().recorded.iter())
            .filter(|r| r.method == method && matches(template, &r.path))
            .cloned()
            .collect()
    }

    fn route(&self, method: Method, template: &str) -> RouteGuard<'_> {
        let mut state = self.lock();
        let index = match (state.routes.iter())
            .position(|r| r.method == method && r.template == template)
        {
            Some(index) => index,
            None => {
                state.routes.push(Route {
                    method,
                    template: template.to_owned(),
                    queue: VecDeque::new(),
                    otherwise: None,
                });
                state.routes.len() - 1
            }
        };
        RouteGuard { state, index }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves plain data behind.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The answer for a request: its route's next queued answer, else its fallback.
    fn next_answer(&self, method: &Method, path: &str) -> Option<Answer> {
        let mut state = self.lock();
        // The most specific template first: `/users/me` before `/users/{id}`.
        let route = (state.routes.iter_mut())
            .filter(|r| r.method == *method && matches(&r.template, path))
            .max_by_key(|r| {
                r.template
                    .split('/')
                    .filter(|s| !s.starts_with('{'))
                    .count()
            })?;
        route.queue.pop_front().or_else(|| route.otherwise.clone())
    }
}

struct RouteGuard<'a> {
    state: MutexGuard<'a, State>,
    index: usize,
}

impl std::ops::Deref for RouteGuard<'_> {
    type Target = Route;
    fn deref(&self) -> &Route {
        &self.state.routes[self.index]
    }
}

impl std::ops::DerefMut for RouteGuard<'_> {
    fn deref_mut(&mut self) -> &mut Route {
        &mut self.state.routes[self.index]
    }
}

impl fmt::Debug for FakeTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("FakeTransport")
            .field("routes", &state.routes.len())
            .field("recorded", &state.recorded.len())
            .finish()
    }
}

impl Transport for FakeTransport {
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_> {
        let recorded = Recorded::of(&request);
        let answer = self.next_answer(&recorded.method, &recorded.path);
        let missing = format!(
            "FakeTransport: no answer for {} {}",
            recorded.method, recorded.path
        );
        self.lock().recorded.push(recorded);
        Box::pin(async move {
            let answer = answer.unwrap_or_else(|| Answer::text(404, missing));
            if let Some(delay) = answer.delay {
                tokio::time::sleep(delay).await;
            }
            match answer.reply {
                Reply::Dropped => Err(TransportError::other("connection reset (FakeTransport)")),
                Reply::Refused => Err(TransportError::connect(
                    "connection refused (FakeTransport)",
                )),
                Reply::Response {
                    status,
                    headers,
                    body,
                } => {
                    let mut response = http::Response::new(reqwest::Body::from(body));
                    *response.status_mut() = http::StatusCode::from_u16(status)
                        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
                    *response.headers_mut() = headers;
                    Ok(reqwest::Response::from(response))
                }
            }
        })
    }
}

/// What [`FakeTransport`] answers a request with: a response, or a fault.
#[derive(Clone, Debug)]
pub struct Answer {
    reply: Reply,
    delay: Option<Duration>,
}

#[derive(Clone, Debug)]
enum Reply {
    Response {
        status: u16,
        headers: HeaderMap,
        body: Bytes,
    },
    /// The connection drops after the request was sent.
    Dropped,
    /// No connection could be made.
    Refused,
}

impl Answer {
    /// A response with this status, `Content-Type` and body.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(content_type) {
            headers.insert(reqwest::header::CONTENT_TYPE, value);
        }
        Answer {
            reply: Reply::Response {
                status,
                headers,
                body: body.into(),
            },
            delay: None,
        }
    }

    /// A JSON response (a success value or a documented error body).
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        let body = serde_json::to_vec(body).unwrap_or_else(|e| format!("{e}").into_bytes());
        Self::bytes(status, "application/json", body)
    }

    /// A plain-text response.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Self::bytes(status, "text/plain", body.into())
    }

    /// A response with this status and no body.
    pub fn empty(status: u16) -> Self {
        Self::bytes(status, "application/octet-stream", Bytes::new()).without_content_type()
    }

    /// `429 Too Many Requests` with `Retry-After: seconds`.
    pub fn rate_limited(seconds: u64) -> Self {
        Self::text(429, "slow down").header("retry-after", &seconds.to_string())
    }

    /// `503 Service Unavailable`.
    pub fn unavailable() -> Self {
        Self::text(503, "unavailable")
    }

    /// A `200` whose JSON body is cut short.
    pub fn malformed_json() -> Self {
        Self::bytes(200, "application/json", &b"{\"truncated\": "[..])
    }

    /// A `200` whose body is `len` bytes long (over the client's size cap, say).
    pub fn oversized(len: usize) -> Self {
        Self::bytes(200, "application/json", vec![b' '; len])
    }

    /// The connection drops once the request was sent (the server may have acted on it).
    pub fn dropped() -> Self {
        Answer {
            reply: Reply::Dropped,
            delay: None,
        }
    }

    /// No connection can be made (the server certainly did not see the request).
    pub fn refused() -> Self {
        Answer {
            reply: Reply::Refused,
            delay: None,
        }
    }

    /// Answers only after `delay` (past the client's timeout, say).
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Adds a response header (ignored on a dropped or refused connection).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Response { headers, .. } = &mut self.reply {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(name, value);
            }
        }
        self
    }

    fn without_content_type(mut self) -> Self {
        if let Reply::Response { headers, .. } = &mut self.reply {
            headers.remove(reqwest::header::CONTENT_TYPE);
        }
        self
    }
}

/// A request [`FakeTransport`] received, as it went on the wire (credentials included:
/// `Debug` shows no header value).
#[derive(Clone)]
#[non_exhaustive]
pub struct Recorded {
    /// The method.
    pub method: Method,
    /// The URL's path, percent-encoded as sent.
    pub path: String,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body (empty when there is none, or when it was streamed).
    pub body: Bytes,
}

impl Recorded {
    fn of(request: &reqwest::Request) -> Self {
        let url = request.url();
        Recorded {
            method: request.method().clone(),
            path: url.path().to_owned(),
            query: url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: request.headers().clone(),
            body: (request.body().and_then(|b| b.as_bytes()))
                .map(Bytes::copy_from_slice)
                .unwrap_or_default(),
        }
    }

    /// The first value of query parameter `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        (self.query.iter())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of header `name`, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The path's segments, percent-decoded.
    pub fn segments(&self) -> Vec<String> {
        (self.path.split('/').filter(|s| !s.is_empty()))
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect()
    }

    /// The value of path parameter `name` (percent-decoded), the path read against
    /// `template`, the spec's path template (`/users/{id}`); `None` when the path does
    /// not match it or the template has no such parameter.
    pub fn path_param(&self, template: &str, name: &str) -> Option<String> {
        if !matches(template, &self.path) {
            return None;
        }
        let wanted: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        let segments = self.segments();
        let tail = &segments[segments.len() - wanted.len()..];
        let slot = format!("{{{name}}}");
        (wanted.iter().zip(tail))
            .find(|(want, _)| **want == slot)
            .map(|(_, got)| got.clone())
    }

    /// The body decoded as JSON into `T` (the operation's request type).
    ///
    /// # Errors
    ///
    /// When the body is not JSON of that type.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorded")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// Whether `path` (maybe under a base path) ends with the segments of `template`.
fn matches(template: &str, path: &str) -> bool {
    let wanted: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let got: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if got.len() < wanted.len() {
        return false;
    }
    let tail = &got[got.len() - wanted.len()..];
    wanted
        .iter()
        .zip(tail)
        .all(|(want, got)| (want.starts_with('{') && want.ends_with('}')) || want == got)
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;
    use std::time::Duration;

    use super::{matches, Answer, FakeTransport};
    use crate::{ClientConfig, Core, Credential, Error, Method, RetryPolicy, SendError};

    fn client(fake: &FakeTransport) -> Core {
        let mut config = ClientConfig::new("https://api.example.com/v2", "test/0");
        config.transport(fake.clone());
        config.credential("key", Credential::header("x-api-key", "k-secret"));
        config.retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        });
        config.timeout(Duration::from_millis(200));
        config.max_response_bytes(1024);
        config.build().expect("builds")
    }

    async fn get(core: &Core, path: &str) -> Result<crate::Response, SendError> {
        let mut request = core.request(Method::GET, "/users/{id}", path.to_owned());
        request.security(&[&["key"]]);
        request.query("expand", &"teams", crate::Style::Form, true);
        core.send(request).await
    }

    #[tokio::test]
    async fn answers_come_from_the_queue_then_the_fallback_and_requests_are_recorded() {
        let fake = FakeTransport::new();
        let core = client(&fake);
        fake.answer(
            Method::GET,
            "/users/{id}",
            Answer::json(200, &serde_json::json!({"n": 1})),
        );
        fake.otherwise(
            Method::GET,
            "/users/{id}",
            Answer::json(200, &serde_json::json!({"n": 0})),
        );
        fake.answer(
            Method::GET,
            "/users/me",
            Answer::json(200, &serde_json::json!({"me": true})),
        );
        let first = get(&core, "/users/7").await.expect("200");
        assert_eq!(&first.body()[..], br#"{"n":1}"#);
        let again = get(&core, "/users/8").await.expect("200");
        assert_eq!(&again.body()[..], br#"{"n":0}"#);
        let me = get(&core, "/users/me")
            .await
            .expect("the specific template wins");
        assert_eq!(&me.body()[..], br#"{"me":true}"#);
        let sent = fake.requests_to(Method::GET, "/users/{id}");
        assert_eq!(sent.len(), 3);
        assert_eq!(sent[0].path, "/v2/users/7");
        assert_eq!(sent[0].query("expand"), Some("teams"));
        assert_eq!(sent[0].header("x-api-key"), Some("k-secret"));
        assert!(!format!("{:?}", sent[0]).contains("k-secret"));
        let unknown = core
            .send(core.request(Method::DELETE, "/x", "/x".into()))
            .await;
        let unknown = unknown.expect("a response");
        assert_eq!(unknown.status().as_u16(), 404);
        assert!(std::str::from_utf8(unknown.body())
            .unwrap()
            .contains("no answer for DELETE /v2/x"));
    }

    #[tokio::test]
    async fn faults_behave_as_on_a_network() {
        let fake = FakeTransport::new();
        let core = client(&fake);
        let route = |answer| fake.answer(Method::GET, "/users/{id}", answer);
        route(Answer::rate_limited(0));
        route(Answer::unavailable());
        route(Answer::json(200, &1));
        let ok = get(&core, "/users/1").await.expect("retried twice");
        assert_eq!(ok.attempts(), 3);

        route(Answer::refused());
        route(Answer::empty(204));
        let empty = get(&core, "/users/1")
            .await
            .expect("a refused connection is retried");
        assert_eq!(empty.status().as_u16(), 204);

        let only = |answer| {
            let fake = FakeTransport::new();
            fake.otherwise(Method::GET, "/users/{id}", answer);
            fake
        };
        let dropped = only(Answer::dropped());
        let error = get(&client(&dropped), "/users/1")
            .await
            .expect_err("dropped");
        assert!(
            matches!(error, SendError::Transport { .. }) && error.was_sent(),
            "{error:?}"
        );
        let slow = only(Answer::json(200, &1).after(Duration::from_secs(5)));
        let error = get(&client(&slow), "/users/1").await.expect_err("timeout");
        assert!(error.is_timeout(), "{error:?}");
        let big = only(Answer::oversized(4096));
        let error = get(&client(&big), "/users/1").await.expect_err("too large");
        assert!(matches!(error, SendError::ResponseTooLarge(_)), "{error:?}");
        let broken = only(Answer::malformed_json());
        let response = get(&client(&broken), "/users/1").await.expect("a response");
        let error = response
            .json::<serde_json::Value, Infallible>()
            .unwrap_err();
        let Error::Decode(decode) = error else {
            panic!("{error:?}")
        };
        assert_eq!(
            decode.message,
            "EOF while parsing a value at line 1 column 14"
        );
    }

    #[tokio::test]
    async fn path_parameters_are_read_against_the_template() {
        let fake = FakeTransport::new();
        let core = client(&fake);
        let _ = get(&core, "/users/a%20b/posts/7").await;
        let sent = &fake.requests()[0];
        let template = "/users/{id}/posts/{post}";
        assert_eq!(sent.path_param(template, "id").as_deref(), Some("a b"));
        assert_eq!(sent.path_param(template, "post").as_deref(), Some("7"));
        assert_eq!(sent.path_param(template, "other"), None);
        assert_eq!(sent.path_param("/teams/{id}", "id"), None);
    }

    #[test]
    fn templates_match_the_tail_of_a_path() {
        assert!(matches("/users/{id}", "/users/7"));
        assert!(matches("/users/{id}", "/v1/users/7"));
        assert!(!matches("/users/{id}", "/users"));
        assert!(!matches("/users/{id}", "/groups/7"));
        assert!(matches("/", "/anything"));
    }
}
