//! [`Core::send`]: the prepared request (`prepare.rs`) through the transport, with
//! per-attempt and total timeouts, tracing and the retry loop ([`SendFuture`], a
//! hand-written state machine); each attempt's redirects and bounded body read are
//! `exchange.rs`'s.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::Method;
use tokio::time::{Instant, Sleep};
use tracing::field::Empty;

use crate::body::Body;
use crate::engine::Core;
use crate::error::SendError;
use crate::exchange::{Exchange, Failure};
use crate::metadata::RequestIdSource;
use crate::prepare::Prepared;
use crate::request::Request;
use crate::response::Response;
use crate::retry::should_retry;
use crate::sse::Resend;

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
    pub async fn send(&self, mut request: Request) -> Result<Response, SendError> {
        self.send_future(&mut request).await
    }

    /// [`Core::send`]'s future, which owns its client: what a [`Call`](crate::Call)
    /// awaits. The same type for every operation, so it is compiled once in this crate
    /// rather than in each operation's.
    pub(crate) fn send_future(&self, request: &mut Request) -> SendFuture {
        let (call, resend, prepared) = self.start(request);
        let (prepared, url) = match prepared {
            Ok((prepared, url)) => (Ok(prepared), Some(url)),
            Err(error) => (Err(Some(error)), None),
        };
        SendFuture {
            span: tracing::Span::none(),
            state: State {
                core: self.clone(),
                call,
                resend,
                prepared,
                url,
                deadline: None,
                attempts: 0,
                timer: None,
                phase: Phase::Unpolled,
                attempt_span: tracing::Span::none(),
                started: None,
                exchange: Exchange::idle(),
            },
        }
    }

    /// What a call's future starts from: the request prepared here, before the future
    /// exists, so the future holds the smaller [`Prepared`] rather than the [`Request`]
    /// (every byte of a future is copied when it is moved or boxed). Nothing here is
    /// observable: no I/O, no tracing; a failure is reported when the future is awaited
    /// (at its first poll).
    #[allow(clippy::type_complexity)]
    fn start(
        &self,
        request: &mut Request,
    ) -> (
        CallName,
        Option<Arc<Resend>>,
        Result<(Prepared, url::Url), SendError>,
    ) {
        let call = CallName {
            operation: request.operation,
            method: request.method.clone(),
            template: request.template,
        };
        // An event stream sends its request again on reconnect: the copy is taken
        // before `prepare` consumes it (credentials are applied anew each time).
        let resend = request.events.then(|| {
            Arc::new(Resend {
                core: self.clone(),
                request: request.clone(),
            })
        });
        (call, resend, self.prepare(request))
    }
}

/// [`Core::send`]'s future: the call's span, its attempts one after the other (each
/// bounded by the timer, inside its own span), the waits between them, and the event
/// that ends the call. Written by hand rather than as nested `async fn`s, so that it is
/// small enough to be held in place by a [`Call`](crate::Call)'s future (no box) and a
/// response is not moved through a layer per `async fn` on its way out.
pub(crate) struct SendFuture {
    /// `linkgen.call`, made at the first poll (as an `async fn`'s would be).
    span: tracing::Span,
    state: State,
}

/// Everything of a [`SendFuture`] but its span (which is entered while the rest moves).
struct State {
    core: Core,
    call: CallName,
    resend: Option<Arc<Resend>>,
    /// `Err`: refused (`None` once reported).
    prepared: Result<Prepared, Option<SendError>>,
    /// The prepared URL, `None` once moved into the response.
    url: Option<url::Url>,
    /// When the whole call runs out ([`Prepared::total_timeout`]).
    deadline: Option<Instant>,
    attempts: u32,
    /// The attempt's timeout, then the wait before the next one: one timer per call,
    /// boxed to keep this future `Unpin`, reset rather than made again.
    timer: Option<Pin<Box<Sleep>>>,
    phase: Phase,
    /// The attempt in flight's `linkgen.attempt` span.
    attempt_span: tracing::Span,
    /// When it started, read only for the span: no clock read when no subscriber wants
    /// it.
    started: Option<Instant>,
    exchange: Exchange,
}

/// What a timer set beyond the clock's range waits instead.
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

enum Phase {
    Unpolled,
    /// The next attempt starts at the next poll.
    Next,
    /// An attempt in flight (`State::exchange`).
    Attempt,
    /// Between two attempts, on the timer.
    Waiting,
    Done,
}

impl Future for SendFuture {
    type Output = Result<Response, SendError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().drive(cx)
    }
}

impl SendFuture {
    fn drive(&mut self, cx: &mut Context<'_>) -> Poll<Result<Response, SendError>> {
        let state = &mut self.state;
        if let Phase::Unpolled = state.phase {
            self.span = state.call.span();
            match &mut state.prepared {
                Ok(prepared) => {
                    // Not `Instant + Duration`, which panics past the clock's range
                    // (a caller's `Duration::MAX` for "no total timeout").
                    state.deadline = prepared.total_timeout.map(|t| after(Instant::now(), t));
                    state.phase = Phase::Next;
                }
                // Refused before anything was sent: its span and closing event, as any
                // call's.
                Err(error) => {
                    state.phase = Phase::Done;
                    let Some(error) = error.take() else {
                        return Poll::Pending;
                    };
                    self.span.in_scope(|| log_failed(&error));
                    return Poll::Ready(Err(error));
                }
            }
        }
        // The attempts run inside the call's span, as `Instrumented` would run them.
        let _call = self.span.enter();
        state.drive(cx, &self.span)
    }
}

impl State {
    /// The attempts, inside the call's span `span`.
    fn drive(
        &mut self,
        cx: &mut Context<'_>,
        span: &tracing::Span,
    ) -> Poll<Result<Response, SendError>> {
        let (Ok(prepared), Some(url)) = (&self.prepared, &self.url) else {
            return Poll::Pending; // polled after completion
        };
        loop {
            match &mut self.phase {
                Phase::Unpolled | Phase::Done => return Poll::Pending,
                Phase::Next => {
                    self.attempts += 1;
                    let mut timeout = prepared.timeout;
                    if let Some(deadline) = self.deadline {
                        timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
                    }
                    self.attempt_span = tracing::debug_span!(
                        "linkgen.attempt",
                        attempt = self.attempts,
                        status = Empty,
                        elapsed_ms = Empty
                    );
                    self.started = (!self.attempt_span.is_disabled()).then(Instant::now);
                    // One timer for the whole attempt (redirects and body included),
                    // rather than reqwest's per-request one too: it also bounds a caller's
                    // client whatever its settings.
                    arm(&mut self.timer, timeout);
                    let _attempt = self.attempt_span.enter();
                    self.exchange.begin(&self.core, prepared, url);
                    self.phase = Phase::Attempt;
                }
                Phase::Attempt => {
                    let outcome = {
                        let _attempt = self.attempt_span.enter();
                        match self.exchange.poll(cx, &self.core, prepared, url) {
                            Poll::Ready(outcome) => outcome,
                            Poll::Pending => match &mut self.timer {
                                Some(timer) => match timer.as_mut().poll(cx) {
                                    Poll::Ready(()) => Err(Failure::Timeout),
                                    Poll::Pending => return Poll::Pending,
                                },
                                None => return Poll::Pending,
                            },
                        }
                    };
                    self.exchange.end();
                    let attempt_span = &self.attempt_span;
                    if let Some(started) = self.started {
                        attempt_span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                    }
                    match &outcome {
                        Ok(response) => attempt_span.record("status", response.status.as_u16()),
                        Err(Failure::TooLarge { status, .. }) => {
                            attempt_span.record("status", status.as_u16())
                        }
                        Err(_) => attempt_span,
                    };
                    // The attempt (and its span) ends here.
                    self.attempt_span = tracing::Span::none();
                    let Some(wait) = self.retry_wait(prepared, &outcome) else {
                        self.phase = Phase::Done;
                        let request_id = prepared.request_id;
                        return Poll::Ready(self.finish(outcome, request_id, span));
                    };
                    log_retry(self.attempts, &outcome, wait);
                    arm(&mut self.timer, wait);
                    self.phase = Phase::Waiting;
                }
                Phase::Waiting => match &mut self.timer {
                    Some(timer) => match timer.as_mut().poll(cx) {
                        Poll::Ready(()) => self.phase = Phase::Next,
                        Poll::Pending => return Poll::Pending,
                    },
                    None => self.phase = Phase::Next,
                },
            }
        }
    }

    /// How long to wait before the next attempt, or `None`: the outcome is the call's.
    fn retry_wait(
        &self,
        prepared: &Prepared,
        outcome: &Result<Response, Failure>,
    ) -> Option<Duration> {
        let policy = prepared.retry_policy;
        let attempts = self.attempts;
        // A streamed body that began to be read cannot be sent again.
        let replayable = prepared.body.as_ref().is_none_or(Body::replayable);
        let can_retry = attempts <= policy.max_retries && replayable;
        let wait = match outcome {
            Ok(response)
                if can_retry
                    && should_retry(response.status(), response.headers(), prepared.repeatable) =>
            {
                Some(policy.delay(attempts - 1, Some(response.headers())))
            }
            Err(failure) if can_retry && failure.is_retryable(prepared.repeatable) => {
                Some(policy.delay(attempts - 1, None))
            }
            _ => None,
        };
        // No retry when the wait would outlast the total timeout (a wait past the clock's
        // range outlasts any: the backoff is the caller's to set, and `Instant + Duration`
        // would panic).
        wait.filter(|wait| {
            self.deadline
                .is_none_or(|d| Instant::now().checked_add(*wait).is_some_and(|end| end < d))
        })
    }

    /// The call's outcome from its last attempt's, recorded on its span with the event
    /// that ends it; a response is completed where it stands (each move of a response
    /// copies all its bytes: this one is moved once, into the result).
    fn finish(
        &mut self,
        mut outcome: Result<Response, Failure>,
        request_id: Option<RequestIdSource>,
        span: &tracing::Span,
    ) -> Result<Response, SendError> {
        let attempts = self.attempts;
        span.record("attempts", attempts);
        // The timer is not needed any more: out of the runtime's wheel now.
        self.timer = None;
        if let Ok(response) = &mut outcome {
            span.record("status", response.status.as_u16());
            response.attempts = attempts;
            response.request_id_source = request_id;
            log_done(response);
            // The URL it came from, when the exchange left it out: the prepared one,
            // moved in.
            if response.url.is_none() {
                response.url = self.url.take();
            }
            response.resend = self.resend.take();
        }
        outcome.map_err(|failure| {
            let error = failure.into_error(&self.core, attempts);
            log_failed(&error);
            error
        })
    }
}

/// Sets the call's timer to go off after `duration` (as `tokio::time::sleep` does, a
/// duration past what the clock can hold is about 30 years): made on first use, then
/// reset.
fn arm(timer: &mut Option<Pin<Box<Sleep>>>, duration: Duration) {
    let at = after(Instant::now(), duration);
    match timer {
        Some(timer) => timer.as_mut().reset(at),
        None => *timer = Some(Box::pin(tokio::time::sleep_until(at))),
    }
}

/// `duration` after `now`, or [`FAR_FUTURE`] after it when that is past what the clock
/// can hold (as `tokio::time::sleep` does).
fn after(now: Instant, duration: Duration) -> Instant {
    now.checked_add(duration)
        .unwrap_or_else(|| now + FAR_FUTURE)
}

/// Why a retry, so that a log of retries can be read without the spans.
fn log_retry(attempt: u32, outcome: &Result<Response, Failure>, wait: Duration) {
    let (reason, status) = match outcome {
        Ok(response) => ("status", Some(response.status().as_u16())),
        Err(Failure::Timeout) => ("timeout", None),
        Err(Failure::Transport(e)) if e.is_connect() => ("connect error", None),
        Err(Failure::Transport(_)) => ("transport error", None),
        Err(Failure::TooLarge { status, .. }) => ("too large", Some(status.as_u16())),
    };
    tracing::debug!(
        attempt,
        reason,
        status,
        wait_ms = wait.as_millis() as u64,
        "linkgen: retrying"
    );
}

/// The event that ends a call with a response, inside its span: a `fmt` log prints a
/// span's fields only with an event, so without it `status` and `attempts` would reach
/// no log line.
fn log_done(response: &Response) {
    tracing::debug!(
        status = response.status.as_u16(),
        attempts = response.attempts,
        "linkgen: call done"
    );
}

/// The event that ends a call with a failure (as [`log_done`]).
fn log_failed(error: &SendError) {
    tracing::debug!(
        error = error.kind(),
        status = error.status().map(|s| s.as_u16()),
        attempts = error.attempts(),
        "linkgen: call done"
    );
}

#[cfg(test)]
mod tests {
    /// A call's future holds the send future in place (no box): every move of it copies
    /// all its bytes, so it stays small (840 bytes when this was written; the boxed
    /// `async fn`s it replaced were 2.9 KB).
    #[test]
    fn the_send_future_stays_under_a_kibibyte() {
        let size = std::mem::size_of::<crate::CallFuture<(), std::convert::Infallible>>();
        assert!(size <= 1024, "{size} bytes");
    }
}
