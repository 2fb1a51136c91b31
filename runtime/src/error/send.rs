//! [`SendError`]: why [`Core::send`](crate::Core::send) got no response to decode. One
//! type for every operation, so the send path (credentials, retries, timeouts,
//! redirects, the body read) is compiled once, in this crate, not once per operation's
//! error type in the consumer's; it becomes an [`Error<E>`] only at the edge.

use std::fmt;

use super::{Attempts, Error, TooLarge};
use crate::credential::MissingCredentials;
use crate::transport::TransportError;

/// Why a request got no response to decode: the failures of [`Core::send`](crate::Core::send),
/// the same for every operation. Each is the [`Error`] variant of the same name
/// (`From<SendError> for Error<E>`, so `?` converts it); `Display` and `Debug` are that
/// variant's.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    /// [`Error::ResponseTooLarge`].
    ResponseTooLarge(Box<TooLarge>),
    /// [`Error::Timeout`].
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// [`Error::Transport`].
    Transport {
        /// The transport's error.
        source: TransportError,
        /// How many attempts were made.
        attempts: u32,
    },
    /// [`Error::MissingCredentials`].
    MissingCredentials(MissingCredentials),
    /// [`Error::InvalidRequest`].
    InvalidRequest(String),
}

impl SendError {
    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            SendError::ResponseTooLarge(t) => t.attempts,
            SendError::Timeout { attempts } | SendError::Transport { attempts, .. } => *attempts,
            SendError::MissingCredentials(_) | SendError::InvalidRequest(_) => 0,
        }
    }

    /// The response status, for a response too large to read (the only failure with one).
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            SendError::ResponseTooLarge(t) => Some(t.status),
            _ => None,
        }
    }

    /// Whether the request (its last attempt) may have reached the server: as
    /// [`Error::was_sent`].
    pub fn was_sent(&self) -> bool {
        match self {
            SendError::ResponseTooLarge(_) | SendError::Timeout { .. } => true,
            SendError::Transport { source, .. } => may_have_reached(source),
            SendError::MissingCredentials(_) | SendError::InvalidRequest(_) => false,
        }
    }

    /// Whether this is [`SendError::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, SendError::Timeout { .. })
    }

    /// A short name of the failure, for the log line that ends a call.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            SendError::Timeout { .. } => "timeout",
            SendError::Transport { .. } => "transport",
            SendError::ResponseTooLarge(_) => "too large",
            SendError::MissingCredentials(_) => "missing credentials",
            SendError::InvalidRequest(_) => "invalid request",
        }
    }
}

impl<E> From<SendError> for Error<E> {
    #[inline]
    fn from(error: SendError) -> Self {
        match error {
            SendError::ResponseTooLarge(t) => Error::ResponseTooLarge(t),
            SendError::Timeout { attempts } => Error::Timeout { attempts },
            SendError::Transport { source, attempts } => Error::Transport { source, attempts },
            SendError::MissingCredentials(m) => Error::MissingCredentials(m),
            SendError::InvalidRequest(m) => Error::InvalidRequest(m),
        }
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::ResponseTooLarge(t) => write!(f, "{t}{}", Attempts(t.attempts)),
            SendError::Timeout { attempts } => fmt_timeout(f, *attempts),
            SendError::Transport { source, attempts } => fmt_transport(f, source, *attempts),
            SendError::MissingCredentials(missing) => write!(f, "{missing}"),
            SendError::InvalidRequest(message) => fmt_invalid(f, message),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Whether a request that failed with this transport error may have reached the server:
/// not when the connection could not be established or the request not built.
pub(super) fn may_have_reached(source: &TransportError) -> bool {
    !(source.is_connect() || source.is_builder())
}

/// [`Error::Timeout`]'s and [`SendError::Timeout`]'s `Display`.
pub(super) fn fmt_timeout(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    write!(f, "no response within the timeout{}", Attempts(attempts))
}

/// [`Error::InvalidRequest`]'s and [`SendError::InvalidRequest`]'s `Display`.
pub(super) fn fmt_invalid(f: &mut fmt::Formatter<'_>, message: &str) -> fmt::Result {
    write!(f, "invalid request: {message}")
}

/// [`Error::Transport`]'s and [`SendError::Transport`]'s `Display`.
pub(super) fn fmt_transport(
    f: &mut fmt::Formatter<'_>,
    source: &TransportError,
    attempts: u32,
) -> fmt::Result {
    write!(f, "transport error{}", Attempts(attempts))?;
    // reqwest's own message is generic ("error sending request"); the cause
    // (connection refused, reset…) is what a person needs.
    let mut cause: Option<&dyn std::error::Error> = None;
    let mut next = std::error::Error::source(source);
    while let Some(s) = next {
        cause = Some(s);
        next = s.source();
    }
    match cause {
        Some(cause) => write!(f, ": {cause}"),
        None => write!(f, ": {source}"),
    }
}
