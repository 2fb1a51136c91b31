//! [`Error`]: the one error type of every generated operation.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use crate::secret::REDACTED;

/// The one error type of every generated operation.
///
/// `E` is the operation's enum of documented error bodies. The variants that keep a
/// response are boxed so that `Result<T, Error<E>>` stays small on the happy path.
/// `Display` gives a short message that never contains a secret (nor the request URL, which
/// may hold a query API key, nor values from the response body). `Debug` shows no body
/// bytes (only their count) and no sensitive header values (see [`RawResponse`]).
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
///
/// `Debug` shows the status, the headers as [`RawResponse`] does, the body's length and the
/// decoded `error` (generated types redact their own secret fields).
#[derive(Clone)]
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
///
/// `Debug` shows the status, the headers with the values of sensitive ones (`set-cookie`,
/// `authorization`, `proxy-authorization`, `cookie`, values marked sensitive, and names
/// containing `auth`, `cookie`, `token`, `secret`, `key`, `password`, `session`,
/// `signature` or `credential`) as `[redacted]`, and the body as its length
/// (`"<123 bytes>"`), never its content.
#[derive(Clone)]
pub struct RawResponse {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
}

/// A response body that did not decode into the declared type.
///
/// `Display` and `Debug` show [`message`](DecodeError::message), which holds no value from
/// the body: serde's `invalid type: string "abc", expected i64` becomes
/// `invalid type: string, expected i64`. The full message is kept in
/// [`detail`](DecodeError::detail), which `Display` and `Debug` never show. `Debug` shows
/// the headers and body as [`RawResponse`] does.
#[derive(Clone)]
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
    /// Why decoding failed, without any value from the body (the kind of the offending
    /// value, not the value itself).
    pub message: String,
    /// The decoder's full message, which may quote values from the body (e.g. `invalid
    /// type: string "abc", expected i64`). Not shown by `Display` or `Debug`.
    pub detail: String,
}

impl DecodeError {
    /// A decode error whose message comes from serde: `message` is `detail` without the
    /// values it quotes from the body.
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        path: String,
        detail: String,
    ) -> Self {
        DecodeError {
            status,
            headers,
            body,
            path,
            message: without_values(&detail),
            detail,
        }
    }
}

/// serde's message without the values it quotes from the input.
///
/// `invalid type: string "abc", expected i64` → `invalid type: string, expected i64`;
/// `invalid value: integer `-1`, expected u8` → `invalid value: integer, expected u8`;
/// `unknown variant `x`, expected one of …` → `unknown variant, expected one of …`;
/// likewise `unknown field`. Other messages (syntax errors, `missing field`, messages of
/// hand-written deserializers) are kept as they are.
pub(crate) fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // The expected part comes last and from the code, not the body.
            let (unexpected, tail) = match rest.rfind(", expected ") {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            // `string "abc"`, `floating point `1.5``, `character `x`` …: keep the kind.
            let kind = unexpected
                .find(['`', '"'])
                .map_or(unexpected, |i| unexpected[..i].trim_end());
            return format!("{prefix}{kind}{tail}");
        }
    }
    for prefix in ["unknown variant", "unknown field"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let tail = [", expected ", ", there are no "]
                .iter()
                .filter_map(|marker| rest.rfind(marker))
                .max()
                .map_or("", |i| &rest[i..]);
            return format!("{prefix}{tail}");
        }
    }
    message.to_owned()
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
    /// a connection that could not be established (refused, DNS failure, connect
    /// timeout: an [`Error::Transport`] with `is_connect()`). Any other timeout
    /// ([`Error::Timeout`]) counts as sent.
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

/// `Debug` of a header map: names with their values, sensitive values as `[redacted]`.
pub(crate) struct DebugHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for DebugHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive(name, value) {
                map.entry(&name.as_str(), &Redacted);
            } else {
                match value.to_str() {
                    Ok(text) => map.entry(&name.as_str(), &text),
                    Err(_) => map.entry(&name.as_str(), &NonText),
                };
            }
        }
        map.finish()
    }
}

/// Whether a header value is hidden from `Debug` output.
pub(crate) fn is_sensitive(name: &HeaderName, value: &HeaderValue) -> bool {
    const PARTS: [&str; 9] = [
        "auth",
        "cookie",
        "token",
        "secret",
        "key",
        "password",
        "session",
        "signature",
        "credential",
    ];
    // Header names are lowercase; `auth` covers authorization and proxy-authorization,
    // `cookie` covers cookie and set-cookie.
    value.is_sensitive() || PARTS.iter().any(|part| name.as_str().contains(part))
}

struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

struct NonText;

impl fmt::Debug for NonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<non-text value>")
    }
}

/// `Debug` of a body: `"<123 bytes>"`.
pub(crate) fn body_len(body: &Bytes) -> String {
    format!("<{} bytes>", body.len())
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &DebugHeaders(&self.headers))
            .field("body", &body_len(&self.body))
            .field("error", &self.error)
            .finish()
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &DebugHeaders(&self.headers))
            .field("body", &body_len(&self.body))
            .finish()
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("headers", &DebugHeaders(&self.headers))
            .field("body", &body_len(&self.body))
            .field("path", &self.path)
            .field("message", &self.message)
            .finish_non_exhaustive()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_their_values() {
        for (message, want) in [
            (
                r#"invalid type: string "abc", expected i64 at line 1 column 9"#,
                "invalid type: string, expected i64 at line 1 column 9",
            ),
            (
                r#"invalid type: string "a, expected b", expected i64"#,
                "invalid type: string, expected i64",
            ),
            (
                "invalid value: integer `-1`, expected u8",
                "invalid value: integer, expected u8",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "invalid type: floating point, expected u32",
            ),
            (
                "invalid type: map, expected a string",
                "invalid type: map, expected a string",
            ),
            (
                "unknown variant `s3cr3t`, expected one of `a`, `b`",
                "unknown variant, expected one of `a`, `b`",
            ),
            (
                "unknown variant `s3cr3t`, there are no variants",
                "unknown variant, there are no variants",
            ),
            (
                "unknown field `s3cr3t`, expected `a`",
                "unknown field, expected `a`",
            ),
            ("missing field `id`", "missing field `id`"),
            (
                "expected value at line 1 column 1",
                "expected value at line 1 column 1",
            ),
        ] {
            assert_eq!(without_values(message), want);
        }
    }

    #[test]
    fn debug_hides_bodies_and_sensitive_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req-1"));
        headers.insert("set-cookie", HeaderValue::from_static("sid=s3cr3t"));
        headers.insert("x-auth-token", HeaderValue::from_static("s3cr3t"));
        let mut marked = HeaderValue::from_static("s3cr3t");
        marked.set_sensitive(true);
        headers.insert("x-other", marked);
        let body = Bytes::from_static(br#"{"password":"s3cr3t"}"#);
        let raw = RawResponse {
            status: StatusCode::BAD_GATEWAY,
            headers: headers.clone(),
            body: body.clone(),
        };
        let api = ApiError {
            status: StatusCode::NOT_FOUND,
            headers: headers.clone(),
            body: body.clone(),
            error: "typed",
        };
        let decode = DecodeError::new(
            StatusCode::OK,
            headers,
            body,
            "password".to_owned(),
            r#"invalid type: string "s3cr3t", expected u8"#.to_owned(),
        );
        let errors: [Error<&str>; 3] = [
            Error::UnexpectedStatus(Box::new(raw)),
            Error::Api(Box::new(api)),
            Error::Decode(Box::new(decode)),
        ];
        for err in &errors {
            for text in [format!("{err:?}"), format!("{err:#?}"), err.to_string()] {
                assert!(!text.contains("s3cr3t"), "{text}");
            }
            let debug = format!("{err:?}");
            assert!(debug.contains(r#"body: "<21 bytes>""#), "{debug}");
            assert!(debug.contains(r#""x-request-id": "req-1""#), "{debug}");
            assert!(debug.contains(r#""set-cookie": [redacted]"#), "{debug}");
            assert!(debug.contains(r#""x-other": [redacted]"#), "{debug}");
        }
        assert!(format!("{:?}", errors[1]).contains(r#"error: "typed""#));
        let Error::Decode(d) = &errors[2] else {
            unreachable!()
        };
        assert_eq!(d.message, "invalid type: string, expected u8");
        assert!(d.detail.contains("s3cr3t"));
        assert_eq!(
            errors[2].to_string(),
            "could not decode response body at `password`: invalid type: string, expected u8"
        );
    }
}
