//! What the response-carrying variants of [`Error`](crate::Error) hold, and their
//! redacting `Debug`.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::secret::{Scrub, REDACTED};
use crate::ErrorSummary;

/// A documented error response, with its decoded body.
///
/// `Display` shows the status and the decoded error's own `Display` (the provider's code
/// and message). `Debug` shows the status, the headers as [`RawResponse`] does, the body's
/// length and the decoded `error` (generated types redact their own secret fields). Neither
/// ever shows a configured credential, even one the server echoes back.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The response (also reached through `Deref`: `error.status`).
    pub response: ResponseParts,
    /// The decoded body.
    pub error: E,
}

/// A response whose status the spec does not declare, or whose documented error body did
/// not decode.
///
/// `Debug` shows the status, the headers with the values of sensitive ones (`set-cookie`,
/// `authorization`, `proxy-authorization`, `cookie`, values marked sensitive, and names
/// containing `auth`, `cookie`, `token`, `secret`, `key`, `password`, `session`,
/// `signature` or `credential`) as `[redacted]`, and the body as its length
/// (`"<123 bytes>"`), never its content.
#[derive(Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// The response (also reached through `Deref`: `raw.status`).
    pub response: ResponseParts,
    /// For a documented error status: why the body is not the documented error (without
    /// any value from the body). `None` for a status the spec does not declare.
    pub body_error: Option<String>,
}

/// A success response body that did not decode into the declared type.
///
/// `Display` and `Debug` show [`message`](DecodeError::message), which holds no value from
/// the body: serde's `invalid type: string "abc", expected i64` becomes
/// `invalid type: string, expected i64`. The full message is kept in
/// [`detail`](DecodeError::detail), which `Display` and `Debug` never show. `Debug` shows
/// the headers and body as [`RawResponse`] does.
#[derive(Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The response (also reached through `Deref`: `error.status`).
    pub response: ResponseParts,
    /// Where decoding failed, e.g. `link_sessions[0].events[2].timestamp` (`.` for the
    /// top-level value).
    pub path: String,
    /// Why decoding failed, without any value from the body (the kind of the offending
    /// value, not the value itself).
    pub message: String,
    /// The decoder's full message, which may quote values from the body (e.g. `invalid
    /// type: string "abc", expected i64`). Not shown by `Display` or `Debug`.
    pub detail: String,
    /// The response header that did not decode (`location`, for a redirect whose
    /// `Location` is missing or not a URL); `None`: the body did not.
    pub header: Option<&'static str>,
}

/// A response whose body is larger than the configured limit
/// (the client builder's `max_response_bytes`, 32 MiB by default).
/// Reading stopped at the limit, so the body is not kept.
#[derive(Clone)]
#[non_exhaustive]
pub struct TooLarge {
    /// The response (also reached through `Deref`: `error.status`), its body empty: it
    /// was not kept; its request id only from a common request id header.
    pub response: ResponseParts,
    /// The limit, in bytes.
    pub limit: usize,
}

/// What every error that received a response keeps of it: the one place these fields,
/// and their redacting `Debug`, are written.
///
/// `Debug` shows the status, the headers with the values of sensitive ones (`set-cookie`,
/// `authorization`, `proxy-authorization`, `cookie`, values marked sensitive, and names
/// containing `auth`, `cookie`, `token`, `secret`, `key`, `password`, `session`,
/// `signature` or `credential`) as `[redacted]`, the body as its length
/// (`"<123 bytes>"`), never its content, and the attempts; never a configured
/// credential, even one the server echoes back.
#[derive(Clone)]
#[non_exhaustive]
pub struct ResponseParts {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body (empty when it was not kept: [`TooLarge`]).
    pub body: Bytes,
    /// The provider's request id: from the body property the operation declares for it
    /// (Plaid's `request_id`), else from a common request id header (`x-request-id`, …).
    pub request_id: Option<String>,
    /// How many attempts were made.
    pub attempts: u32,
    pub(crate) scrub: Scrub,
}

impl ResponseParts {
    /// The parts of `response`, its request id looked up.
    pub(crate) fn of(response: crate::Response) -> Self {
        ResponseParts {
            request_id: response.request_id(),
            status: response.status,
            headers: response.headers,
            body: response.body,
            attempts: response.attempts,
            scrub: response.scrub,
        }
    }

    /// The `Debug` of an error holding these parts: its name, these fields, then its own
    /// (`more`), configured credentials cut out of all of it.
    fn debug(
        &self,
        f: &mut fmt::Formatter<'_>,
        name: &str,
        more: impl Fn(&mut fmt::DebugStruct<'_, '_>),
    ) -> fmt::Result {
        self.scrub.fmt(f, |f| {
            let mut d = f.debug_struct(name);
            d.field("status", &self.status)
                .field("headers", &DebugHeaders(&self.headers))
                .field("body", &body_len(&self.body))
                .field("request_id", &self.request_id)
                .field("attempts", &self.attempts);
            more(&mut d);
            d.finish()
        })
    }
}

impl fmt::Debug for ResponseParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.debug(f, "ResponseParts", |_| {})
    }
}

/// Each error reads as its response (`error.status`, `raw.body`): the fields every one
/// of them keeps, in one place.
macro_rules! deref_to_parts {
    ($($ty:ty $(, $param:ident)?;)*) => {$(
        impl$(<$param>)? std::ops::Deref for $ty {
            type Target = ResponseParts;

            fn deref(&self) -> &ResponseParts {
                &self.response
            }
        }
    )*};
}

deref_to_parts! {
    ApiError<E>, E;
    RawResponse;
    DecodeError;
    TooLarge;
}

impl RawResponse {
    /// Decodes the body as JSON into `T`: an error body the spec does not document (a
    /// gateway's, another service's), as the type you know it to be.
    ///
    /// An empty (or all-whitespace) body decodes as JSON `null`. Failure gives a
    /// [`DecodeError`] with the path of the offending value and no value from the body in
    /// its `Display`, as a success body's does.
    ///
    /// ```
    /// use std::convert::Infallible;
    ///
    /// use linkgen_runtime::{Error, HeaderMap, Response, StatusCode};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct GatewayError {
    ///     reason: String,
    /// }
    ///
    /// // What a generated client returns for a status its spec does not declare.
    /// let body = r#"{"reason":"upstream timed out"}"#;
    /// let response = Response::from_parts(StatusCode::BAD_GATEWAY, HeaderMap::new(), body);
    /// let Error::UnexpectedStatus(raw) = response.unexpected::<Infallible>() else {
    ///     unreachable!()
    /// };
    /// let gateway: GatewayError = raw.json()?;
    /// assert_eq!(gateway.reason, "upstream timed out");
    ///
    /// let wrong = raw.json::<Vec<u8>>().unwrap_err();
    /// assert_eq!(wrong.path, ".");
    /// assert_eq!(wrong.status, StatusCode::BAD_GATEWAY);
    /// # Ok::<(), Box<linkgen_runtime::DecodeError>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`DecodeError`] when the body is not JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Box<DecodeError>> {
        crate::response::decode_json(&self.body).map_err(|(path, detail)| {
            Box::new(DecodeError {
                response: self.response.clone(),
                message: super::without_values(&detail),
                detail,
                path,
                header: None,
            })
        })
    }
}

impl DecodeError {
    /// A decode error whose message comes from serde: `message` is `detail` without the
    /// values it quotes from the body.
    pub(crate) fn new(response: crate::Response, path: String, detail: String) -> Self {
        DecodeError {
            response: ResponseParts::of(response),
            message: super::without_values(&detail),
            detail,
            path,
            header: None,
        }
    }
}

/// `Debug` of a header map: names with their values, sensitive values as `[redacted]`.
pub(crate) struct DebugHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for DebugHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive(name, value) {
                map.entry(&name.as_str(), &format_args!("{REDACTED}"));
            } else {
                match value.to_str() {
                    Ok(text) => map.entry(&name.as_str(), &text),
                    Err(_) => map.entry(&name.as_str(), &format_args!("<non-text value>")),
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

/// `Debug` of a body: `"<123 bytes>"`.
pub(crate) fn body_len(body: &Bytes) -> String {
    format!("<{} bytes>", body.len())
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.response).debug(f, "ApiError", |d| {
            d.field("error", &self.error);
        })
    }
}

/// The decoded error's code and message, configured credentials cut out (as `Display`
/// does).
impl<E: ErrorSummary> ErrorSummary for ApiError<E> {
    fn codes(&self) -> Vec<String> {
        let mut codes = self.error.codes();
        for code in &mut codes {
            if let Cow::Owned(scrubbed) = self.response.scrub.apply(code) {
                *code = scrubbed;
            }
        }
        codes
    }

    fn message(&self) -> Option<String> {
        let message = self.error.message()?;
        Some(match self.response.scrub.apply(&message) {
            Cow::Owned(scrubbed) => scrubbed,
            Cow::Borrowed(_) => message,
        })
    }
}

impl<E: fmt::Display> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.response.scrub).fmt(f, |f| {
            write!(f, "server returned {}: {}", self.status, self.error)
        })
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.response).debug(f, "RawResponse", |d| {
            d.field("body_error", &self.body_error);
        })
    }
}

impl fmt::Display for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body_error {
            None => write!(f, "server returned unexpected status {}", self.status),
            Some(why) => write!(
                f,
                "server returned {} with a body that is not the documented error ({why})",
                self.status
            ),
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `detail` is left out: it may quote values from the body.
        (self.response).debug(f, "DecodeError", |d| {
            d.field("path", &self.path)
                .field("header", &self.header)
                .field("message", &self.message);
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.header {
            Some(header) => write!(
                f,
                "could not decode the `{header}` header of the {} response",
                self.status
            )?,
            None => write!(
                f,
                "could not decode the body of the {} response",
                self.status
            )?,
        }
        if !(self.path.is_empty() || self.path == ".") {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DecodeError {}

impl fmt::Debug for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.response).debug(f, "TooLarge", |d| {
            d.field("limit", &self.limit);
        })
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the body of the {} response is larger than the limit of {} bytes",
            self.status, self.limit
        )
    }
}
