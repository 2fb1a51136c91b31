//! [`Error`]: the one error type of every generated operation, and what its variants hold.

mod parts;
mod send;
mod values;

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::ErrorSummary;

pub use crate::credential::MissingCredentials;
use crate::transport::TransportError;
pub(crate) use parts::{body_len, DebugHeaders};
pub use parts::{ApiError, DecodeError, RawResponse, ResponseParts, TooLarge};
pub use send::SendError;
pub(crate) use values::without_values;

/// The one error type of every generated operation.
///
/// `E` is the operation's enum of documented error bodies. The variants that keep a
/// response are boxed so that `Result<T, Error<E>>` stays small on the happy path.
///
/// `Display` gives a short message a person can read: the status and, for a documented
/// error, the provider's own code and message (whatever `E`'s `Display` shows), and how
/// many attempts were made when there was more than one. It never contains a configured
/// credential (even when a server echoes one back), nor the request URL (which may hold a
/// query API key). `Debug` shows no body bytes (only their count) and no sensitive header
/// values (see [`RawResponse`]).
///
/// To branch on it: [`status`](Self::status), [`was_sent`](Self::was_sent),
/// [`is_timeout`](Self::is_timeout), [`api_error`](Self::api_error) (the decoded documented
/// error), and [`ErrorSummary`]'s `code()` and `message()` (the provider's, for any crate);
/// an undocumented error body decodes with [`RawResponse::json`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A documented error response, decoded.
    Api(Box<ApiError<E>>),
    /// A status the spec does not declare for the operation, or a documented error status
    /// whose body is not the documented error (an HTML page from a gateway, `{}` from a
    /// proxy, an empty body): then [`RawResponse::body_error`] says why.
    UnexpectedStatus(Box<RawResponse>),
    /// A success response whose body did not decode into the declared type.
    Decode(Box<DecodeError>),
    /// The response body is larger than the configured limit; reading stopped there.
    ResponseTooLarge(Box<TooLarge>),
    /// No (complete) response within the per-attempt timeout, or the call's total timeout
    /// ran out.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// Connection or protocol failure (URL stripped: it may hold query secrets).
    Transport {
        /// The transport's error (reqwest's: [`TransportError::reqwest`]).
        source: TransportError,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A credential the operation needs is not configured; nothing was sent.
    MissingCredentials(MissingCredentials),
    /// The request could not be built (bad header value, unserializable param); nothing sent.
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The response status, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus(r) => Some(r.status),
            Error::Decode(d) => Some(d.status),
            Error::ResponseTooLarge(t) => Some(t.status),
            _ => None,
        }
    }

    /// The response headers, if a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::UnexpectedStatus(r) => Some(&r.headers),
            Error::Decode(d) => Some(&d.headers),
            Error::ResponseTooLarge(t) => Some(&t.headers),
            _ => None,
        }
    }

    /// The response headers the spec declares for the operation, typed (its
    /// `{Op}Headers`), if a response was received: a documented error's, an undeclared
    /// status's, or those of a body that did not decode or was too large.
    pub fn typed_headers(&self) -> Option<E::Headers>
    where
        E: crate::headers::OperationHeaders,
    {
        use crate::headers::ResponseHeaders;
        self.headers().map(E::Headers::from_headers)
    }

    /// The raw response body, if a whole response was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::UnexpectedStatus(r) => Some(&r.body),
            Error::Decode(d) => Some(&d.body),
            _ => None,
        }
    }

    /// The decoded documented error body, for [`Error::Api`].
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.error),
            _ => None,
        }
    }

    /// The provider's request id, if a response was received and has one: from the body
    /// property the operation declares for it (Plaid's `request_id`), else from a common
    /// request id header (`x-request-id`, `request-id`, …).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::UnexpectedStatus(r) => r.request_id.as_deref(),
            Error::Decode(d) => d.request_id.as_deref(),
            Error::ResponseTooLarge(t) => t.request_id.as_deref(),
            _ => None,
        }
    }

    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::UnexpectedStatus(r) => r.attempts,
            Error::Decode(d) => d.attempts,
            Error::ResponseTooLarge(t) => t.attempts,
            Error::Timeout { attempts } | Error::Transport { attempts, .. } => *attempts,
            Error::MissingCredentials(_) | Error::InvalidRequest(_) => 0,
        }
    }

    /// Whether the request (its last attempt) may have reached the server.
    ///
    /// `false` only when it certainly did not: missing credentials, an invalid request, or
    /// a connection that could not be established (refused, DNS failure, connect
    /// timeout: an [`Error::Transport`] with `is_connect()`). Any other timeout
    /// ([`Error::Timeout`]) counts as sent.
    pub fn was_sent(&self) -> bool {
        match self {
            Error::Api(_)
            | Error::UnexpectedStatus(_)
            | Error::Decode(_)
            | Error::ResponseTooLarge(_)
            | Error::Timeout { .. } => true,
            Error::Transport { source, .. } => send::may_have_reached(source),
            Error::MissingCredentials(_) | Error::InvalidRequest(_) => false,
        }
    }

    /// Whether this is [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

/// ` (after 3 attempts)`, or nothing for a single attempt.
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " (after {} attempts)", self.0)
        } else {
            Ok(())
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "{e}{}", Attempts(e.attempts)),
            Error::UnexpectedStatus(r) => write!(f, "{r}{}", Attempts(r.attempts)),
            Error::Decode(d) => write!(f, "{d}{}", Attempts(d.attempts)),
            Error::ResponseTooLarge(t) => write!(f, "{t}{}", Attempts(t.attempts)),
            Error::Timeout { attempts } => send::fmt_timeout(f, *attempts),
            Error::Transport { source, attempts } => send::fmt_transport(f, source, *attempts),
            Error::MissingCredentials(missing) => write!(f, "{missing}"),
            Error::InvalidRequest(message) => send::fmt_invalid(f, message),
        }
    }
}

/// The provider's code and message of a documented error ([`Error::Api`]); every other
/// variant has neither. Configured credentials are cut out, as in `Display`.
impl<E: ErrorSummary> ErrorSummary for Error<E> {
    fn codes(&self) -> Vec<String> {
        match self {
            Error::Api(e) => e.codes(),
            _ => Vec::new(),
        }
    }

    fn message(&self) -> Option<String> {
        match self {
            Error::Api(e) => e.message(),
            _ => None,
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Decode(d) => Some(d.as_ref()),
            _ => None,
        }
    }
}
