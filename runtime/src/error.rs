//! [`Error`]: the one error type of every generated operation.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The one error type of every generated operation.
///
/// `E` is the operation's enum of documented error bodies. The variants that keep a
/// response are boxed so that `Result<T, Error<E>>` stays small on the happy path. `Display` gives a short message
/// that never contains a secret (nor the request URL, which may hold a query API key).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A documented error response.
    Api(Box<ApiError<E>>),
    /// A status the spec does not declare for the operation.
    UnexpectedStatus(Box<RawResponse>),
    /// The body did not decode into the declared type.
    Decode(Box<DecodeError>),
    /// No (complete) response within the timeout, after retries.
    Timeout,
    /// Connection or protocol failure, after retries (URL stripped: may hold query secrets).
    Transport(reqwest::Error),
    /// No credential configured for any security alternative; nothing was sent.
    ///
    /// One entry per security alternative of the operation, naming the security schemes of
    /// that alternative that have no credential (joined with ` + ` when several).
    MissingCredentials {
        /// The missing security schemes, one entry per alternative.
        schemes: Vec<String>,
    },
    /// The request could not be built (bad header value, unserializable param); nothing sent.
    InvalidRequest(String),
}

/// A documented error response, with its decoded body.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
    /// The decoded body.
    pub error: E,
}

/// A response whose status the spec does not declare.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
}

/// A response body that did not decode into the declared type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
    /// Where decoding failed, e.g. `link_sessions[0].events[2].timestamp` (`.` for the
    /// top-level value).
    pub path: String,
    /// Why decoding failed.
    pub message: String,
}

impl<E> Error<E> {
    /// The response status, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus(r) => Some(r.status),
            Error::Decode(d) => Some(d.status),
            _ => None,
        }
    }

    /// The response headers, if a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::UnexpectedStatus(r) => Some(&r.headers),
            Error::Decode(d) => Some(&d.headers),
            _ => None,
        }
    }

    /// The raw response body, if a response was received.
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

    /// Whether the request (its last attempt) may have reached the server.
    ///
    /// `false` only when it certainly did not: missing credentials, an invalid request, or
    /// a connection that could not be established. A timeout counts as sent.
    pub fn was_sent(&self) -> bool {
        match self {
            Error::Api(_) | Error::UnexpectedStatus(_) | Error::Decode(_) | Error::Timeout => true,
            Error::Transport(e) => !(e.is_connect() || e.is_builder()),
            Error::MissingCredentials { .. } | Error::InvalidRequest(_) => false,
        }
    }

    /// Whether this is [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "could not decode response body: {}", self.message)
        } else {
            write!(
                f,
                "could not decode response body at `{}`: {}",
                self.path, self.message
            )
        }
    }
}

impl std::error::Error for DecodeError {}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "server returned {}", e.status),
            Error::UnexpectedStatus(r) => {
                write!(f, "server returned unexpected status {}", r.status)
            }
            Error::Decode(d) => d.fmt(f),
            Error::Timeout => f.write_str("request timed out"),
            Error::Transport(e) => {
                write!(f, "could not complete the request: {e}")?;
                // Surface the root cause ("connection refused", "dns error", ...) too.
                let mut source = std::error::Error::source(e);
                let mut last = None;
                while let Some(s) = source {
                    last = Some(s);
                    source = s.source();
                }
                match last {
                    Some(cause) => write!(f, " ({cause})"),
                    None => Ok(()),
                }
            }
            Error::MissingCredentials { schemes } => {
                let list = schemes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>();
                match list.as_slice() {
                    [one] => write!(f, "missing credentials: set {one}"),
                    _ => write!(f, "missing credentials: set one of {}", list.join(", ")),
                }
            }
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode(d) => Some(d.as_ref()),
            _ => None,
        }
    }
}
