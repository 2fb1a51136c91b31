//! [`Core::send`]: the prepared request (`prepare.rs`) through the transport, with
//! per-attempt and total timeouts, same-origin redirects, the bounded body read, tracing
//! and the retry loop.

use std::pin::pin;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

use crate::body::Body;
use crate::engine::Core;
use crate::error::{ResponseParts, SendError, TooLarge};
use crate::prepare::Prepared;
use crate::redirect::redirect_target;
use crate::request::Request;
use crate::response::Response;
use crate::retry::should_retry;
use crate::stream::{ByteStream, StreamSlot};
use crate::transport::TransportError;

/// [`Core::send_boxed`]'s future.
pub(crate) type SendFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, SendError>> + Send>>;

/// A call's request once prepared, with what its span names.
struct Start {
    call: CallName,
    resend: Option<std::sync::Arc<crate::sse::Resend>>,
    prepared: Prepared,
}

/// What a call's `linkgen.call` span names.
struct CallName {
    operation: Option<(&'static str, &'static str)>,
    method: Method,
    template: &'static str,
}

impl CallName {
    fn span(&self) -> tracing::Span {
        let (crate_name, operation) = self.operation.unzip();
        tracing::debug_span!(
            "linkgen.call",
            "crate" = crate_name,
            operation,
            method = %self.method,
            path = self.template,
            status = Empty,
            attempts = Empty,
        )
    }
}

/// A call whose request could not be prepared: its span and its closing event, as any
/// call's, and the error; nothing was sent.
async fn refused(call: CallName, error: SendError) -> Result<Response, SendError> {
    let span = call.span();
    let outcome = Err(error);
    span.in_scope(|| log_outcome(&outcome));
    outcome
}

/// The most redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

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

    fn into_error(self, core: &Core, attempts: u32) -> SendError {
        match self {
            Failure::Timeout => SendError::Timeout { attempts },
            Failure::Transport(source) => SendError::Transport { source, attempts },
            Failure::TooLarge { status, headers } => {
                SendError::ResponseTooLarge(Box::new(TooLarge {
                    response: ResponseParts {
                        request_id: crate::metadata::request_id(None, &headers, &[]),
                        status,
                        headers,
                        body: Bytes::new(),
                        attempts,
                        scrub: core.inner.scrub.clone(),
                    },
                    limit: core.inner.max_response_bytes,
                }))
            }
        }
    }
}

impl Core {
    /// Sends the request with auth, timeouts and retries, and returns the buffered
    /// response whatever its status.
    ///
    /// After the retries are exhausted, a retryable status (429, 503, …) is returned as a
    /// response like any other; a failure without response gives [`SendError::Timeout`] or
    /// [`SendError::Transport`], and a body over
    /// [`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)
    /// [`SendError::ResponseTooLarge`]. [`SendError::MissingCredentials`] and
    /// [`SendError::InvalidRequest`] are returned before anything is sent. The error is
    /// the same type for every operation (so this path is compiled once, here); `?` turns
    /// it into the operation's [`Error`](crate::Error). What is retried
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
    /// Each call is a `tracing` span `linkgen.call` (fields `crate` and `operation`: the
    /// generated crate and method, see [`Request::operation`]; `method`, `path`: the spec's
    /// path template, never the filled URL; `status`, `attempts`) holding one
    /// `linkgen.attempt` span per attempt (`attempt`, `status`, `elapsed_ms`), all at
    /// `DEBUG` level under the target `linkgen_runtime`; no header, query or body value is
    /// ever recorded. The call ends with a `linkgen: call done` event inside its span
    /// carrying `status` (or `error`, the kind of failure) and `attempts`, so a plain
    /// `tracing_subscriber::fmt` log, which prints spans' fields only at an event, shows
    /// them; each retry is a `linkgen: retrying` event with its reason and wait.
    pub async fn send(&self, request: Request) -> Result<Response, SendError> {
        match self.start(request) {
            Ok(start) => self.clone().run(start).await,
            Err((call, error)) => refused(call, error).await,
        }
    }

    /// [`Core::send`] as a boxed future that owns its client: what a [`Call`](crate::Call)
    /// awaits. Built here, for every operation the same type, so its state machine is
    /// compiled once in this crate rather than in each operation's.
    pub(crate) fn send_boxed(&self, request: Request) -> SendFuture {
        match self.start(request) {
            Ok(start) => Box::pin(self.clone().run(start)),
            Err((call, error)) => Box::pin(refused(call, error)),
        }
    }

    /// What a call's future starts from: the request prepared here, before the future
    /// exists, so the future holds the smaller [`Prepared`] rather than the [`Request`]
    /// (every byte of a future is copied when it is moved or boxed). Nothing here is
    /// observable: no I/O, no tracing; a failure is reported when the future is awaited
    /// ([`refused`]).
    fn start(&self, request: Request) -> Result<Start, (CallName, SendError)> {
        let call = CallName {
            operation: request.operation,
            method: request.method.clone(),
            template: request.template,
        };
        // An event stream sends its request again on reconnect: the copy is taken
        // before `prepare` consumes it (credentials are applied anew each time).
        let resend = request.events.then(|| {
            std::sync::Arc::new(crate::sse::Resend {
                core: self.clone(),
                request: request.clone(),
            })
        });
        match self.prepare(request) {
            Ok(prepared) => Ok(Start {
                call,
                resend,
                prepared,
            }),
            Err(error) => Err((call, error)),
        }
    }

    /// The call: its span, the attempts inside it, the event that ends it.
    async fn run(self, start: Start) -> Result<Response, SendError> {
        let span = start.call.span();
        // Pinned where it stands rather than moved to the await (the attempts' future is
        // most of the call's, and each move copies all of it), and given the prepared
        // request by reference: the future then holds it once, here.
        let mut outcome = pin!(self
            .attempts(&start.prepared, &span)
            .instrument(span.clone()))
        .await;
        span.in_scope(|| log_outcome(&outcome));
        // Completed where it stands (each move of a response copies all its bytes).
        if let Ok(response) = &mut outcome {
            // The URL it came from, when `exchange` left it out: the prepared one, moved
            // in.
            response.url.get_or_insert(start.prepared.url);
            response.resend = start.resend;
        }
        outcome
    }

    /// The retry loop, inside the call's span `span` (given rather than looked up as the
    /// current one, which costs a thread-local access even when tracing is off).
    async fn attempts(
        &self,
        prepared: &Prepared,
        span: &tracing::Span,
    ) -> Result<Response, SendError> {
        let policy = prepared.retry_policy;
        let deadline = prepared.total_timeout.map(|t| Instant::now() + t);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut timeout = prepared.timeout;
            if let Some(deadline) = deadline {
                timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
            }
            let outcome = self.attempt(prepared, timeout, attempts).await;
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
            // Why, so that a log of retries can be read without the spans.
            let (reason, status) = match &outcome {
                Ok(response) => ("status", Some(response.status().as_u16())),
                Err(Failure::Timeout) => ("timeout", None),
                Err(Failure::Transport(e)) if e.is_connect() => ("connect error", None),
                Err(Failure::Transport(_)) => ("transport error", None),
                Err(Failure::TooLarge { status, .. }) => ("too large", Some(status.as_u16())),
            };
            tracing::debug!(
                attempt = attempts,
                reason,
                status,
                wait_ms = wait.as_millis() as u64,
                "linkgen: retrying"
            );
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
        // Read only for the span: no clock read when no subscriber wants it.
        let started = (!span.is_disabled()).then(Instant::now);
        // One timer for the whole attempt (redirects and body included), rather than
        // reqwest's per-request one too: it also bounds a caller's client whatever its
        // settings.
        let timed = tokio::time::timeout(timeout, self.exchange(prepared));
        let outcome = (pin!(timed.instrument(span.clone())).await)
            .unwrap_or_else(|_elapsed| Err(Failure::Timeout));
        if let Some(started) = started {
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        }
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
            // What a relative `Location` or next-page link is resolved against: left
            // `None` when it is the prepared URL, which `run` then moves in rather than
            // this copying it.
            let url =
                (redirects > 0 || response.url() != &prepared.url).then(|| response.url().clone());
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

/// The event that ends a call, inside its span: a `fmt` log prints a span's fields
/// only with an event, so without it `status` and `attempts` would reach no log line.
fn log_outcome(outcome: &Result<Response, SendError>) {
    match outcome {
        Ok(response) => tracing::debug!(
            status = response.status.as_u16(),
            attempts = response.attempts,
            "linkgen: call done"
        ),
        Err(error) => {
            let kind = error.kind();
            tracing::debug!(
                error = kind,
                status = error.status().map(|s| s.as_u16()),
                attempts = error.attempts(),
                "linkgen: call done"
            )
        }
    }
}
