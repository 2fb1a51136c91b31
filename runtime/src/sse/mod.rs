//! Server-sent events: a `text/event-stream` success body as an [`EventStream`] of
//! typed [`Event`]s, and what can go wrong with one ([`EventError`]).
//!
//! `parser.rs` reads the stream's lines into events (the WHATWG rules, bounded);
//! `stream.rs` turns them into typed events and reconnects.

mod parser;
mod stream;

use std::fmt;
use std::time::Duration;

use crate::engine::Core;
use crate::error::Error;
use crate::request::Request;

pub use stream::{
    EventStream, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RECONNECTS,
    DEFAULT_RECONNECT_DELAY, MAX_RECONNECT_DELAY,
};

/// What a stream needs to send its request again: the engine (credentials, retries,
/// spans, redaction) and the request as the operation built it.
pub(crate) struct Resend {
    pub(crate) core: Core,
    pub(crate) request: Request,
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The last event id the stream gave, at this event (an `id` field carries over to
    /// the events after it); `None` when empty. A reconnect sends it as `Last-Event-ID`.
    pub id: Option<String>,
    /// The event's type (its `event` field); `message` when it has none.
    pub event: String,
    /// The event's data: its `data` lines joined by `\n`, decoded (JSON into the type
    /// the spec gives for the events, or the text as it is).
    pub data: T,
    /// The reconnection time this event's block set (its `retry` field), if any.
    pub retry: Option<Duration>,
}

/// Why an [`EventStream`] yielded an error.
///
/// Only [`EventError::Decode`] leaves the stream going; after any other, the stream
/// ends (its next item is `None`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The connection failed mid-stream, and the stream does not reconnect (the request
    /// is not safe to repeat, or the reconnects ran out).
    #[error("the event stream's connection failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// Nothing arrived for longer than the call's timeout, and the stream does not
    /// reconnect.
    #[error("the event stream was idle for more than {}ms", timeout.as_millis())]
    Idle {
        /// The call's timeout: the longest wait between two reads.
        timeout: Duration,
    },
    /// A line longer than the limit ([`EventStream::max_line_bytes`]); nothing more of
    /// it was kept.
    #[error("an event stream line over the {limit}-byte limit")]
    LineTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// An event whose data is larger than the limit ([`EventStream::max_event_bytes`]).
    #[error("an event over the {limit}-byte limit")]
    EventTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// An event's data did not decode into the event type. The stream goes on with the
    /// next event: one malformed event does not end a long-lived stream.
    #[error("{0}")]
    Decode(Box<EventDecodeError>),
    /// Reconnecting failed: the reconnect was answered with a status other than `2xx`
    /// or `204` ([`Error::UnexpectedStatus`], the response kept), or its last attempt
    /// failed ([`Error::Timeout`], [`Error::Transport`], …).
    #[error("reconnecting the event stream failed: {0}")]
    Reconnect(#[source] Box<Error<std::convert::Infallible>>),
}

/// An event whose data did not decode.
///
/// `Display` says where and why (never the data); `Debug` shows the data's length only.
#[derive(Clone)]
#[non_exhaustive]
pub struct EventDecodeError {
    /// The event's id, as [`Event::id`].
    pub id: Option<String>,
    /// The event's type, as [`Event::event`].
    pub event: String,
    /// The data as received.
    pub data: String,
    /// Where in the data decoding failed (`.`: the whole value).
    pub path: String,
    /// Why (serde's message, without the values it would quote from the data).
    pub message: String,
}

impl fmt::Display for EventDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the data of event `{}`", self.event)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
        }
        write!(f, " did not decode at `{}`: {}", self.path, self.message)
    }
}

impl fmt::Debug for EventDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventDecodeError")
            .field("id", &self.id)
            .field("event", &self.event)
            .field("data", &format_args!("<{} bytes>", self.data.len()))
            .field("path", &self.path)
            .field("message", &self.message)
            .finish()
    }
}

impl std::error::Error for EventDecodeError {}
