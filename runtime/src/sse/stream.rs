//! [`EventStream`]: the events of a `text/event-stream` body as they arrive, decoded,
//! with reconnects.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::parser::{Overflow, Parser, RawEvent};
use super::{Event, EventDecodeError, EventError, Resend};
use crate::response::{decode_json, Response};
use crate::retry::is_idempotent;
use crate::stream::{ByteStream, StreamError};

/// The wait before a reconnect when the server sent no `retry` field.
pub const DEFAULT_RECONNECT_DELAY: Duration = Duration::from_secs(3);
/// The longest wait before a reconnect, whatever the server's `retry` asks.
pub const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(60);
/// How many reconnects in a row may deliver no event before the stream gives up.
pub const DEFAULT_MAX_RECONNECTS: u32 = 5;
/// The longest line kept (then lowered to the client's response size cap).
pub const DEFAULT_MAX_LINE_BYTES: usize = 1024 * 1024;
/// The largest event data kept (then lowered to the client's response size cap).
pub const DEFAULT_MAX_EVENT_BYTES: usize = 8 * 1024 * 1024;

/// Decodes one event's data: `(path, message)` on failure.
type DecodeData<T> = fn(&str) -> Result<T, (String, String)>;

type Item<T> = Result<Event<T>, EventError>;
type Step<T> = Pin<Box<dyn Future<Output = (Box<Inner<T>>, Option<Item<T>>)> + Send>>;

/// The events of a `text/event-stream` success, decoded as they arrive: a
/// [`futures_core::Stream`] of `Result<Event<T>, EventError>`, also readable without
/// any stream trait with [`EventStream::next`].
///
/// `T` is the type the spec gives for the events' data, decoded as JSON (an event whose
/// data does not decode is an [`EventError::Decode`] item and the stream goes on), or
/// `String`, the data as sent.
///
/// **Timeouts.** The call's timeout (the client's, or the call's own `timeout`) bounds
/// the wait for the response's headers and then every wait for more of the stream:
/// nothing received for longer than it (not even a keep-alive comment) counts as a
/// dropped connection. The call's total timeout bounds the first request only.
///
/// **Reconnects.** When the connection drops (a transport error, the idle timeout, or
/// the end of the body) and the request is safe to repeat (`GET` and the other
/// idempotent methods, or an operation declared retry-safe), the stream waits for the
/// server's `retry` delay (else [`DEFAULT_RECONNECT_DELAY`]; at most
/// [`MAX_RECONNECT_DELAY`]) and sends the request again through the same client
/// (credentials, retries, spans, redaction), with `Last-Event-ID` set to the last event
/// id when there is one; the event being built when the connection dropped is lost, as
/// the standard says. A request not safe to repeat (a `POST` that starts a generation,
/// say) is never sent again: the end of its body ends the stream, a failure is its last
/// item.
///
/// **The end.** The stream ends (`None`) when a reconnect is answered `204 No Content`
/// (the standard's "stop reconnecting"), when a body ends and the stream does not
/// reconnect, or after an error item other than [`EventError::Decode`]: a reconnect
/// answered with another non-2xx status ([`EventError::Reconnect`]), more than
/// [`max_reconnects`](EventStream::max_reconnects) reconnects in a row without an event,
/// or a line or event over its bound ([`EventError::LineTooLong`],
/// [`EventError::EventTooLarge`]: the parser never holds more than the bound). Drop the
/// stream to stop earlier.
#[must_use = "a stream does nothing unless polled"]
pub struct EventStream<T> {
    inner: Option<Box<Inner<T>>>,
    /// The read under way, holding `inner` until it is done.
    step: Option<Step<T>>,
}

struct Inner<T> {
    /// The body being read; `None` between a drop and the reconnect.
    body: Option<ByteStream>,
    parser: Parser,
    queue: VecDeque<RawEvent>,
    decode: DecodeData<T>,
    /// How to reconnect; `None`: the stream never reconnects.
    resend: Option<Arc<Resend>>,
    /// The longest wait for more of the body; `None`: unbounded.
    idle: Option<Duration>,
    delay: Duration,
    max_reconnects: u32,
    /// Reconnects since the last event.
    fruitless: u32,
    /// An error to yield once the queued events are out; then the stream ends.
    failure: Option<EventError>,
    done: bool,
}

impl Response {
    /// A `text/event-stream` success as a stream of events whose data decodes as JSON
    /// into `T` (what generated operations return for events the spec types).
    pub fn events<T: DeserializeOwned>(self) -> EventStream<T> {
        EventStream::new(self, |data| decode_json(data.as_bytes()))
    }

    /// A `text/event-stream` success as a stream of events whose data is text, as sent.
    pub fn event_text(self) -> EventStream<String> {
        EventStream::new(self, |data| Ok(data.to_owned()))
    }
}

impl<T> EventStream<T> {
    fn new(mut response: Response, decode: DecodeData<T>) -> Self {
        let resend = response.resend.take();
        let body = response.stream();
        let bound = |default: usize| default.min(body.limit()).max(1);
        let parser = Parser::new(
            bound(DEFAULT_MAX_LINE_BYTES),
            bound(DEFAULT_MAX_EVENT_BYTES),
        );
        let idle =
            (resend.as_ref()).map(|r| r.request.options.timeout.unwrap_or(r.core.inner.timeout));
        // Sending again is harmless only for what the retry loop repeats without a
        // key: an idempotent method, or an operation declared retry-safe. (An
        // idempotency key replays the first answer, it does not resume a stream.)
        let resend = resend
            .filter(|r| (r.request.retry_safe).unwrap_or_else(|| is_idempotent(&r.request.method)));
        EventStream {
            inner: Some(Box::new(Inner {
                body: Some(body),
                parser,
                queue: VecDeque::new(),
                decode,
                resend,
                idle,
                delay: DEFAULT_RECONNECT_DELAY,
                max_reconnects: DEFAULT_MAX_RECONNECTS,
                fruitless: 0,
                failure: None,
                done: false,
            })),
            step: None,
        }
    }

    fn with(mut self, set: impl FnOnce(&mut Inner<T>)) -> Self {
        if let Some(inner) = &mut self.inner {
            set(inner);
        }
        self
    }

    /// Gives up after this many reconnects in a row that deliver no event (instead of
    /// [`DEFAULT_MAX_RECONNECTS`]); `0` never reconnects.
    pub fn max_reconnects(self, max: u32) -> Self {
        self.with(|inner| inner.max_reconnects = max)
    }

    /// Waits this long before a reconnect when the server sent no `retry` field (instead
    /// of [`DEFAULT_RECONNECT_DELAY`]; at most [`MAX_RECONNECT_DELAY`]).
    pub fn reconnect_delay(self, delay: Duration) -> Self {
        self.with(|inner| inner.delay = delay)
    }

    /// Fails the stream with [`EventError::LineTooLong`] on a line longer than this
    /// (instead of [`DEFAULT_MAX_LINE_BYTES`] or the client's size cap if smaller).
    pub fn max_line_bytes(self, limit: usize) -> Self {
        self.with(|inner| inner.parser.max_line = limit)
    }

    /// Fails the stream with [`EventError::EventTooLarge`] on event data larger than
    /// this (instead of [`DEFAULT_MAX_EVENT_BYTES`] or the client's size cap if
    /// smaller).
    pub fn max_event_bytes(self, limit: usize) -> Self {
        self.with(|inner| inner.parser.max_event = limit)
    }

    /// The last event id so far (what a reconnect sends as `Last-Event-ID`); `None`
    /// when there is none, or while a read is under way.
    pub fn last_event_id(&self) -> Option<&str> {
        let id = self.inner.as_ref()?.parser.last_event_id();
        Some(id).filter(|id| !id.is_empty())
    }
}

impl<T: Send + 'static> EventStream<T> {
    /// The next event; `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<Event<T>, EventError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_step(cx)).await
    }

    fn poll_step(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item<T>>> {
        if self.step.is_none() {
            let Some(mut inner) = self.inner.take() else {
                return Poll::Ready(None);
            };
            self.step = Some(Box::pin(async move {
                let item = inner.next().await;
                (inner, item)
            }));
        }
        let Some(step) = &mut self.step else {
            return Poll::Ready(None);
        };
        match step.as_mut().poll(cx) {
            Poll::Ready((inner, item)) => {
                self.step = None;
                self.inner = Some(inner);
                Poll::Ready(item)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: Send + 'static> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, EventError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_step(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("last_event_id", &self.last_event_id())
            .finish_non_exhaustive()
    }
}

/// Why a connection's body stopped.
enum Dropped {
    /// The body ended.
    End,
    Transport(reqwest::Error),
    Idle(Duration),
}

impl<T> Inner<T> {
    async fn next(&mut self) -> Option<Item<T>> {
        loop {
            if let Some(raw) = self.queue.pop_front() {
                self.fruitless = 0;
                return Some(self.decode(raw));
            }
            if let Some(failure) = self.failure.take() {
                return Some(Err(failure));
            }
            if self.done {
                return None;
            }
            let Some(body) = &mut self.body else {
                if let Err(failure) = self.reconnect().await {
                    self.done = true;
                    return failure.map(Err);
                }
                continue;
            };
            let read = match self.idle {
                Some(idle) => tokio::time::timeout(idle, body.next())
                    .await
                    .map_err(|_| Dropped::Idle(idle)),
                None => Ok(body.next().await),
            };
            let dropped = match read {
                Ok(Some(Ok(chunk))) => {
                    if let Err(overflow) = self.parser.feed(&chunk, &mut self.queue) {
                        self.fail(match overflow {
                            Overflow::Line(limit) => EventError::LineTooLong { limit },
                            Overflow::Event(limit) => EventError::EventTooLarge { limit },
                        });
                    }
                    continue;
                }
                Ok(None) => Dropped::End,
                Ok(Some(Err(StreamError::Transport(e)))) => Dropped::Transport(e),
                // A live body yields no other error.
                Ok(Some(Err(_))) => Dropped::End,
                Err(idle) => idle,
            };
            self.body = None;
            self.parser.reset_connection();
            if self.resend.is_none() || self.fruitless >= self.max_reconnects {
                match dropped {
                    Dropped::End => self.done = true,
                    Dropped::Transport(e) => self.fail(EventError::Transport(e)),
                    Dropped::Idle(timeout) => self.fail(EventError::Idle { timeout }),
                }
            }
        }
    }

    fn fail(&mut self, failure: EventError) {
        self.failure = Some(failure);
        self.done = true;
        self.body = None;
    }

    fn decode(&self, raw: RawEvent) -> Item<T> {
        match (self.decode)(&raw.data) {
            Ok(data) => Ok(Event {
                id: raw.id,
                event: raw.event,
                data,
                retry: raw.retry,
            }),
            Err((path, message)) => Err(EventError::Decode(Box::new(EventDecodeError {
                id: raw.id,
                event: raw.event,
                data: raw.data,
                path,
                // As a body's decode error: no value quoted from the data.
                message: crate::error::without_values(&message),
            }))),
        }
    }

    /// Sends the request again after the reconnection delay, until a body comes (`Ok`)
    /// or the stream ends: `Err(None)` on `204`, else the error to yield.
    async fn reconnect(&mut self) -> Result<(), Option<EventError>> {
        let Some(resend) = self.resend.clone() else {
            return Err(None);
        };
        loop {
            self.fruitless += 1;
            let delay = self.parser.reconnect.unwrap_or(self.delay);
            tokio::time::sleep(delay.min(MAX_RECONNECT_DELAY)).await;
            let mut request = resend.request.clone();
            let last_id = self.parser.last_event_id();
            if !last_id.is_empty() {
                request.extra_header("last-event-id", last_id);
            }
            tracing::debug!(
                attempt = self.fruitless,
                "linkgen: reconnecting an event stream"
            );
            match resend.core.send(request).await {
                Ok(response) if response.status == StatusCode::NO_CONTENT => return Err(None),
                Ok(response) if response.status.is_success() => {
                    self.body = Some(response.stream());
                    return Ok(());
                }
                Ok(response) => {
                    let raw = response.into_raw(None);
                    let error = crate::Error::UnexpectedStatus(Box::new(raw));
                    return Err(Some(EventError::Reconnect(Box::new(error))));
                }
                Err(_) if self.fruitless < self.max_reconnects => {}
                Err(error) => return Err(Some(EventError::Reconnect(Box::new(error.into())))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// What generated code and `Call`'s `IntoFuture` rely on.
    #[test]
    fn an_event_stream_is_a_send_stream() {
        fn stream<S: futures_core::Stream + Send + Unpin + 'static>() {}
        stream::<super::EventStream<serde_json::Value>>();
        stream::<super::EventStream<String>>();
    }
}
