//! [`Core::send`]: auth, URL building, per-attempt and total timeouts, same-origin
//! redirects, the bounded body read, tracing and the retry loop.

use std::borrow::Cow;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use rand::Rng;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

use crate::body::Body;
use crate::config::Core;
use crate::credential::{Credential, CredentialKind, HeaderProblem, MissingCredentials};
use crate::error::{Error, TooLarge};
use crate::metadata::RequestIdSource;
use crate::params::{cookie_pair_text, query_pair};
use crate::redirect::{redirect_target, with_query_credentials};
use crate::request::Request;
use crate::response::Response;
use crate::retry::{is_idempotent, should_retry, RetryPolicy};
use crate::stream::{ByteStream, StreamSlot};
use crate::transport::TransportError;

/// The most redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

/// The idempotency key header when the client configures none.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// A request ready to go on the wire, reused by every attempt.
struct Prepared {
    method: Method,
    url: url::Url,
    headers: HeaderMap,
    body: Option<Body>,
    timeout: Duration,
    total_timeout: Option<Duration>,
    retry_policy: RetryPolicy,
    /// `in: query` credentials as `(name, encoded piece)`, put again on redirect targets.
    query_credentials: Vec<(&'static str, String)>,
    /// Redirect statuses the operation documents: its answers, not followed.
    no_follow: &'static [u16],
    /// A 2xx body is left unread for the caller to stream.
    stream_success: bool,
    request_id: Option<RequestIdSource>,
    /// Whether repeating the request is harmless (idempotent method, an operation declared
    /// safe, or an idempotency key): then the full retry set applies (see
    /// [`RetryPolicy`](crate::RetryPolicy)).
    repeatable: bool,
}

/// Why a body could not be read (the status and headers are the caller's).
enum BodyFailure {
    TooLarge,
    Transport(reqwest::Error),
}

/// Why one attempt produced no usable response.
enum Failure {
    Timeout,
    Transport(TransportError),
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
    },
}

impl Failure {
    /// A connection that could not be established is always worth retrying (nothing was
    /// sent); a timeout or a connection lost mid-way only when the request is repeatable;
    /// an oversized body never (it would be as large again).
    fn is_retryable(&self, repeatable: bool) -> bool {
        match self {
            Failure::Timeout => repeatable,
            Failure::Transport(e) if e.is_builder() => false,
            Failure::Transport(e) => e.is_connect() || repeatable,
            Failure::TooLarge { .. } => false,
        }
    }

    fn into_error<E>(self, core: &Core, attempts: u32) -> Error<E> {
        match self {
            Failure::Timeout => Error::Timeout { attempts },
            Failure::Transport(source) => Error::Transport { source, attempts },
            Failure::TooLarge { status, headers } => Error::ResponseTooLarge(Box::new(TooLarge {
                request_id: crate::metadata::request_id(None, &headers, &[]),
                status,
                headers,
                limit: core.inner.max_response_bytes,
                attempts,
                scrub: core.inner.scrub.clone(),
            })),
        }
    }
}

impl Core {
    /// Sends the request with auth, timeouts and retries, and returns the buffered
    /// response whatever its status.
    ///
    /// After the retries are exhausted, a retryable status (429, 503, …) is returned as a
    /// response like any other; a failure without response gives [`Error::Timeout`] or
    /// [`Error::Transport`], and a body over
    /// [`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)
    /// [`Error::ResponseTooLarge`]. [`Error::MissingCredentials`] and
    /// [`Error::InvalidRequest`] are returned before anything is sent. What is retried
    /// depends on the method, on [`Request::retry_safe`] and on idempotency keys: see
    /// [`RetryPolicy`](crate::RetryPolicy); a streamed [`Body`] that began to be sent is
    /// never sent again (no retry, no `307`/`308` followed).
    ///
    /// Redirects (301, 302, 303, 307, 308; at most 10 per attempt) are followed only within
    /// the origin (scheme, host and port) of the request, with the same credentials; 301,
    /// 302 and 303 turn the request into a `GET` without body (`HEAD` stays `HEAD`). A
    /// redirect to another origin, or beyond the 10th, is returned as the 3xx response:
    /// credentials are never sent to another origin. A redirect status the operation
    /// documents ([`Request::no_follow`]) is its answer: returned, never followed. (A
    /// caller's own client given with
    /// [`ClientConfig::http_client`](crate::ClientConfig::http_client) should not follow
    /// redirects itself.)
    ///
    /// Each call is a `tracing` span `linkgen.call` (fields `method`, `path`: the spec's
    /// path template, never the filled URL, `status`, `attempts`) holding one
    /// `linkgen.attempt` span per attempt (`attempt`, `status`, `elapsed_ms`), all at
    /// `DEBUG` level; no header, query or body value is ever recorded.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let span = tracing::debug_span!(
            "linkgen.call",
            method = %request.method,
            path = request.template,
            status = Empty,
            attempts = Empty,
        );
        // An event stream sends its request again on reconnect: the copy is taken
        // before `prepare` consumes it (credentials are applied anew each time).
        let resend = request.events.then(|| {
            std::sync::Arc::new(crate::sse::Resend {
                core: self.clone(),
                request: request.clone(),
            })
        });
        let mut response = self.send_in_span(request).instrument(span).await?;
        response.resend = resend;
        Ok(response)
    }

    async fn send_in_span<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let prepared = self.prepare(request)?;
        let policy = prepared.retry_policy;
        let deadline = prepared.total_timeout.map(|t| Instant::now() + t);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut timeout = prepared.timeout;
            if let Some(deadline) = deadline {
                timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
            }
            let outcome = self.attempt(&prepared, timeout, attempts).await;
            // A streamed body that began to be read cannot be sent again.
            let replayable = prepared.body.as_ref().is_none_or(Body::replayable);
            let can_retry = attempts <= policy.max_retries && replayable;
            let wait = match &outcome {
                Ok(response)
                    if can_retry
                        && should_retry(
                            response.status(),
                            response.headers(),
                            prepared.repeatable,
                        ) =>
                {
                    Some(policy.delay(attempts - 1, Some(response.headers())))
                }
                Err(failure) if can_retry && failure.is_retryable(prepared.repeatable) => {
                    Some(policy.delay(attempts - 1, None))
                }
                _ => None,
            };
            // No retry when the wait would outlast the total timeout.
            let wait = wait.filter(|wait| deadline.is_none_or(|d| Instant::now() + *wait < d));
            let Some(wait) = wait else {
                let span = tracing::Span::current();
                span.record("attempts", attempts);
                return match outcome {
                    Ok(mut response) => {
                        span.record("status", response.status.as_u16());
                        response.attempts = attempts;
                        response.request_id_source = prepared.request_id;
                        Ok(response)
                    }
                    Err(failure) => Err(failure.into_error(self, attempts)),
                };
            };
            tracing::debug!(wait_ms = wait.as_millis() as u64, "linkgen: retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt, redirects and body included, bounded by `timeout`.
    async fn attempt(
        &self,
        prepared: &Prepared,
        timeout: Duration,
        attempt: u32,
    ) -> Result<Response, Failure> {
        let span = tracing::debug_span!(
            "linkgen.attempt",
            attempt,
            status = Empty,
            elapsed_ms = Empty
        );
        let started = Instant::now();
        // One timer for the whole attempt (redirects and body included), rather than
        // reqwest's per-request one too: it also bounds a caller's client whatever its
        // settings.
        let outcome = match tokio::time::timeout(timeout, self.exchange(prepared))
            .instrument(span.clone())
            .await
        {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(failure)) => Err(failure),
            Err(_elapsed) => Err(Failure::Timeout),
        };
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        match &outcome {
            Ok(response) => span.record("status", response.status.as_u16()),
            Err(Failure::TooLarge { status, .. }) => span.record("status", status.as_u16()),
            Err(_) => &span,
        };
        outcome
    }

    /// Sends the request, follows same-origin redirects, and reads the final response's
    /// body up to the size limit.
    ///
    /// The prepared parts are copied once per hop into the request handed to reqwest (which
    /// takes them by value); the `Bytes` body and the header values are shared, not copied.
    async fn exchange(&self, prepared: &Prepared) -> Result<Response, Failure> {
        let mut method = prepared.method.clone();
        // Whether a 301/302/303 turned the request into one without body.
        let mut bodiless = false;
        let mut url = prepared.url.clone();
        let mut redirects = 0;
        loop {
            let mut request = reqwest::Request::new(method.clone(), url);
            let headers = request.headers_mut();
            *headers = prepared.headers.clone();
            if bodiless {
                headers.remove(header::CONTENT_TYPE);
            } else if let Some(body) = &prepared.body {
                *request.body_mut() = Some(body.to_reqwest());
            }
            let mut response = self
                .inner
                .transport
                .send(request)
                .await
                .map_err(transport)?;
            let status = response.status();
            let next = (redirects < MAX_REDIRECTS
                && !prepared.no_follow.contains(&status.as_u16()))
            .then(|| {
                redirect_target(
                    &prepared.url,
                    &prepared.query_credentials,
                    response.url(),
                    status,
                    response.headers(),
                )
            })
            .flatten()
            // A 307 or 308 resends the body: not a stream already read.
            .filter(|_| {
                bodiless
                    || matches!(status.as_u16(), 301..=303)
                    || prepared.body.as_ref().is_none_or(Body::replayable)
            });
            if let Some(next) = next {
                if matches!(status.as_u16(), 301..=303) {
                    if method != Method::HEAD {
                        method = Method::GET;
                    }
                    bodiless = true;
                }
                url = next;
                redirects += 1;
                continue;
            }
            // What a relative `Location` or next-page link is resolved against.
            let url = Some(response.url().clone());
            // Taken, not cloned: reading the body needs no headers.
            let headers = std::mem::take(response.headers_mut());
            if prepared.stream_success && status.is_success() {
                let stream = ByteStream::live(response, self.inner.max_response_bytes);
                let mut response =
                    Response::received(status, headers, Bytes::new(), 1, self.inner.scrub.clone());
                response.stream = Some(StreamSlot::new(stream));
                return Ok(response);
            }
            let body = match self.read_body(response).await {
                Ok(body) => body,
                Err(BodyFailure::TooLarge) => return Err(Failure::TooLarge { status, headers }),
                Err(BodyFailure::Transport(e)) => return Err(transport(e.into())),
            };
            let mut response =
                Response::received(status, headers, body, 1, self.inner.scrub.clone());
            response.url = url;
            return Ok(response);
        }
    }

    /// The body, read chunk by chunk so that an oversized one costs at most about the
    /// limit.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Bytes, BodyFailure> {
        let limit = self.inner.max_response_bytes;
        let declared = response.content_length().unwrap_or(0);
        if declared > limit as u64 {
            return Err(BodyFailure::TooLarge);
        }
        let first = match response.chunk().await.map_err(BodyFailure::Transport)? {
            Some(first) if first.len() > limit => return Err(BodyFailure::TooLarge),
            Some(first) => first,
            None => return Ok(Bytes::new()),
        };
        // A body that arrives in one chunk is kept as it is, without a copy.
        let Some(second) = response.chunk().await.map_err(BodyFailure::Transport)? else {
            return Ok(first);
        };
        let mut body = BytesMut::with_capacity((declared as usize).max(first.len() + second.len()));
        let mut next = Some(second);
        body.extend_from_slice(&first);
        while let Some(chunk) = next {
            if body.len() + chunk.len() > limit {
                return Err(BodyFailure::TooLarge);
            }
            body.extend_from_slice(&chunk);
            next = response.chunk().await.map_err(BodyFailure::Transport)?;
        }
        Ok(body.freeze())
    }

    fn prepare<E>(&self, request: Request) -> Result<Prepared, Error<E>> {
        if let Some(message) = request.error {
            return Err(Error::InvalidRequest(message));
        }
        let inner = &self.inner;
        // A whole URL on another origin (a redirect followed there, a next page's link
        // pointing there) carries no credential and none of the client's default headers,
        // which may be secrets: only the user agent.
        let foreign = (request.target.as_ref()).is_some_and(|t| t.origin() != inner.base.origin());
        let credentials = if foreign {
            &[]
        } else {
            self.select_credentials(request.security)?
        };

        // Sized for everything below, so that the map never grows while being filled.
        let mut headers = HeaderMap::with_capacity(
            inner.base_headers.len() + request.headers.len() + credentials.len() + 4,
        );
        for (name, value) in &inner.base_headers {
            if !foreign || name == header::USER_AGENT {
                headers.insert(name.clone(), value.clone());
            }
        }
        // Replaces what the base has under the same names.
        headers.extend(request.headers);
        if let Some(accept) = request.accept {
            headers.insert(header::ACCEPT, static_value(accept, "Accept")?);
        }
        let body = match request.body {
            Some((content_type, body)) => {
                let value = match (request.content_type, content_type) {
                    (Some(own), _) => HeaderValue::try_from(own).ok(),
                    (None, Cow::Borrowed(documented)) => {
                        Some(static_value(documented, "Content-Type")?)
                    }
                    (None, Cow::Owned(made)) => HeaderValue::try_from(made).ok(),
                };
                let value = value.ok_or_else(|| {
                    Error::InvalidRequest("invalid value for header `Content-Type`".to_owned())
                })?;
                headers.insert(header::CONTENT_TYPE, value);
                Some(body)
            }
            None => None,
        };

        // One key per call, the same on every attempt: the server can deduplicate.
        let key_header = inner
            .idempotency_key_header
            .clone()
            .unwrap_or(HeaderName::from_static(IDEMPOTENCY_KEY));
        let keyed = match request.idempotency_key {
            Some(key) => {
                let value = HeaderValue::from_str(&key)
                    .map_err(|_| Error::InvalidRequest("invalid idempotency key".to_owned()))?;
                headers.insert(key_header, value);
                true
            }
            None if inner.idempotency_key_header.is_some() && !is_idempotent(&request.method) => {
                if !headers.contains_key(&key_header) {
                    headers.insert(key_header, idempotency_key());
                }
                true
            }
            None => false,
        };
        let repeatable = request
            .retry_safe
            .unwrap_or(is_idempotent(&request.method) || keyed);

        let mut query = request.query;
        let mut cookies = request.cookies;
        let mut query_credentials = Vec::new();
        for scheme in credentials {
            let credential = &inner.credentials[scheme];
            apply(
                scheme,
                credential,
                &mut headers,
                &mut query_credentials,
                &mut cookies,
            )?;
        }
        query.extend(query_credentials.iter().map(|(_, piece)| piece.clone()));
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| Error::InvalidRequest("invalid cookie value".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(header::COOKIE, value);
        }

        let url = match (request.target, request.server) {
            (Some(target), _) => with_query_credentials(target, &query_credentials),
            (None, Some(server)) => self.server_url(server, &request.path, &query)?,
            (None, None) => self.url(request.template, &request.path, &query)?,
        };
        Ok(Prepared {
            method: request.method,
            url,
            headers,
            body,
            timeout: request.timeout.unwrap_or(inner.timeout),
            total_timeout: request.total_timeout.or(inner.total_timeout),
            retry_policy: request.retry_policy.unwrap_or(inner.retry_policy),
            query_credentials,
            no_follow: request.no_follow,
            stream_success: request.stream_success,
            request_id: request.request_id,
            repeatable,
        })
    }

    /// Picks the security alternative to apply (see [`Request::security`]): the first one
    /// whose credentials are all configured (its schemes; none for anonymous access). An alternative that is only partly configured
    /// means the caller meant to use it: then the call fails naming what is missing, rather
    /// than falling through to another alternative (anonymous access, say) and sending
    /// none of the credentials.
    fn select_credentials<E>(
        &self,
        alternatives: &'static [&'static [&'static str]],
    ) -> Result<&'static [&'static str], Error<E>> {
        let credentials = &self.inner.credentials;
        let configured = |scheme: &&str| credentials.contains_key(scheme);
        let named = alternatives.iter().filter(|a| !a.is_empty());
        if let Some(alternative) = named.clone().find(|a| a.iter().all(configured)) {
            return Ok(alternative);
        }
        let partial: Vec<_> = named.clone().filter(|a| a.iter().any(configured)).collect();
        let anonymous = alternatives.is_empty() || alternatives.iter().any(|a| a.is_empty());
        if partial.is_empty() && anonymous {
            return Ok(&[]);
        }
        let wanted = if partial.is_empty() {
            named.collect()
        } else {
            partial
        };
        let mut missing: Vec<Vec<_>> = Vec::new();
        for alternative in wanted {
            let names: Vec<_> = alternative
                .iter()
                .filter(|s| !configured(s))
                .map(|s| self.credential_name(s))
                .collect();
            if !missing.contains(&names) {
                missing.push(names);
            }
        }
        Err(Error::MissingCredentials(MissingCredentials {
            alternatives: missing,
        }))
    }
}

/// A transport's error, as a failure of the attempt.
fn transport(e: TransportError) -> Failure {
    // A connect timeout is a connection that could not be established (nothing was sent),
    // not a timeout of the request.
    if e.reqwest().is_some_and(|e| e.is_timeout()) && !e.is_connect() {
        Failure::Timeout
    } else {
        Failure::Transport(e)
    }
}

/// A header value from generated code's media types: borrowed, not copied, when it is
/// plain visible ASCII (what `from_static` takes without panicking), else checked.
fn static_value<E>(value: &'static str, name: &str) -> Result<HeaderValue, Error<E>> {
    if value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Ok(HeaderValue::from_static(value));
    }
    HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("invalid {name} header value")))
}

/// A fresh idempotency key: 128 random bits as 32 hex digits.
fn idempotency_key() -> HeaderValue {
    let key = format!("{:032x}", rand::rng().random::<u128>());
    HeaderValue::from_str(&key).expect("hex digits are a valid header value")
}

/// Puts one credential on the request; `in: query` ones go to `query` as
/// `(name, encoded piece)`.
fn apply<E>(
    scheme: &str,
    credential: &Credential,
    headers: &mut HeaderMap,
    query: &mut Vec<(&'static str, String)>,
    cookies: &mut Vec<String>,
) -> Result<(), Error<E>> {
    match &credential.kind {
        CredentialKind::Query { name, value } => {
            query.push((name, query_pair(name, value.expose())));
        }
        CredentialKind::Cookie { name, value } => {
            cookies.push(cookie_pair_text(name, value.expose()));
        }
        CredentialKind::Header { .. }
        | CredentialKind::Bearer(_)
        | CredentialKind::Basic { .. } => match &credential.header {
            Some(Ok((name, value))) => {
                headers.insert(name.clone(), value.clone());
            }
            Some(Err(HeaderProblem::Name)) => {
                return Err(Error::InvalidRequest(format!(
                    "invalid header name for `{scheme}`"
                )))
            }
            Some(Err(HeaderProblem::Value)) | None => {
                return Err(Error::InvalidRequest(format!(
                    "the credential of `{scheme}` is not a valid header value"
                )))
            }
        },
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientConfig, Style};

    fn core() -> Core {
        let mut config = ClientConfig::new("https://api.example.com/v1", "t/1");
        config.credential("bearer", Credential::bearer("tok-secret"));
        config.credential("basic", Credential::basic("user", "pass-secret"));
        config.credential("key", Credential::header("X-Key", "key-secret"));
        config.credential("cookie", Credential::cookie("sid", "cookie-secret"));
        config.build().unwrap()
    }

    #[test]
    fn secret_headers_are_sensitive() {
        let core = core();
        for (scheme, header) in [
            ("bearer", "authorization"),
            ("basic", "authorization"),
            ("key", "x-key"),
            ("cookie", "cookie"),
        ] {
            let mut request = core.request(Method::GET, "/x", "/x".to_owned());
            let alternatives: &'static [&'static [&'static str]] = match scheme {
                "bearer" => &[&["bearer"]],
                "basic" => &[&["basic"]],
                "key" => &[&["key"]],
                _ => &[&["cookie"]],
            };
            request.security(alternatives);
            let prepared = core.prepare::<()>(request).unwrap();
            let value = &prepared.headers[header];
            assert!(value.is_sensitive(), "{scheme}");
            assert!(!format!("{:?}", prepared.headers).contains(value.to_str().unwrap()));
        }
    }

    #[test]
    fn url_is_base_plus_path_plus_query() {
        let core = core();
        let mut request = core.request(Method::GET, "items", "items".to_owned());
        request.query("a", "1", Style::Form, true);
        let prepared = core.prepare::<()>(request).unwrap();
        assert_eq!(
            prepared.url.as_str(),
            "https://api.example.com/v1/items?a=1"
        );
        assert_eq!(prepared.timeout, Duration::from_secs(60));
        for path in ["/a/./b", "/a/%2E%2e", "/.."] {
            let request = core.request(Method::GET, "/{p}", path.to_owned());
            assert!(
                matches!(core.prepare::<()>(request), Err(Error::InvalidRequest(_))),
                "{path}"
            );
        }
    }
}
