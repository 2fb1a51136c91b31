//! [`RawCall`]: a request to an endpoint the spec lacks, through the same engine as every
//! generated operation (credentials, retries, timeouts, size cap, tracing, redaction).

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::engine::Core;
use crate::error::Error;
use crate::params::Style;
use crate::request::Request;
use crate::response::Response;
use crate::retry::RetryPolicy;

/// What traces show as the path of a raw call: its path may hold identifiers the caller
/// did not mean to log, and there is no spec template to show instead.
const RAW_TEMPLATE: &str = "(raw request)";

/// The error of a raw call: the runtime's [`Error`] with no documented error body, so a
/// status other than 2xx is [`Error::UnexpectedStatus`] with the whole response kept.
pub type RawError = Error<Infallible>;

/// A request to an endpoint the spec does not describe, made by a generated client's
/// `request(method, path)`: sent like an operation's call (the client's base URL,
/// credentials, default headers, timeouts, retry policy, response size cap and `tracing`
/// spans), with the body decoded into any type.
///
/// ```no_run
/// # async fn run(core: linkgen_runtime::Core) -> Result<(), linkgen_runtime::RawError> {
/// use linkgen_runtime::{Method, RawCall};
///
/// #[derive(serde::Deserialize)]
/// struct Quota {
///     remaining: u32,
/// }
///
/// let quota: Quota = RawCall::new(&core, Method::GET, "/v2/quota")
///     .query("scope", "team")
///     .max_retries(2)
///     .decode()
///     .await?;
/// # let _ = quota.remaining;
/// # Ok(())
/// # }
/// ```
///
/// The path is appended to the base URL by the rule of generated operations, so a call
/// never leaves the configured origin with the client's credentials: a path that is a
/// whole URL (`https://other.example/…`), or that holds a query or fragment (`?`, `#`:
/// use [`query`](RawCall::query)), or a `.`/`..` segment, fails with
/// [`Error::InvalidRequest`] before anything is sent. `Debug` shows no parameter, header
/// or body value.
#[must_use = "a call does nothing until it is sent"]
pub struct RawCall {
    core: Core,
    request: Request,
}

impl RawCall {
    /// A `method` request to `path` (relative to the base URL, e.g. `/v2/quota`) on `core`,
    /// authenticated by the first of `security`'s alternatives whose credentials are all
    /// configured (see [`Request::security`]; a generated client passes the alternatives
    /// its operations use, then anonymous).
    pub fn new(core: &Core, method: Method, path: &str) -> Self {
        let mut request = core.request(method, RAW_TEMPLATE, path.to_owned());
        if let Some(problem) = refused_path(path) {
            request.fail(format!("raw request path: {problem}"));
        }
        RawCall {
            core: core.clone(),
            request,
        }
    }

    /// Authenticates with the first of these security alternatives (scheme keys of the
    /// spec's `components.securitySchemes`) whose credentials are all configured, instead
    /// of the client's default; `&[]` sends no credential.
    pub fn security(mut self, alternatives: &'static [&'static [&'static str]]) -> Self {
        self.request.security(alternatives);
        self
    }

    /// Adds a query parameter (`form` style, exploded: an array repeats the name), after
    /// any already set under another name; setting a name again replaces its value.
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        self.request.query(name, value, Style::Form, true);
        self
    }

    /// Adds a header, replacing one of the same name. Its value is treated as sensitive
    /// (never in `Debug`). An invalid name or value fails the call with
    /// [`Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request.extra_header(name, value);
        self
    }

    /// Sends `body` as JSON (`application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.request.json("application/json", body);
        self
    }

    /// Sends raw bytes with this `Content-Type`.
    pub fn body(mut self, body: impl Into<Bytes>, content_type: impl Into<String>) -> Self {
        self.request.bytes("application/octet-stream", body);
        self.request.content_type(content_type);
        self
    }

    /// Gives up on an attempt after this long (instead of the client's timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.timeout(timeout);
        self
    }

    /// Bounds the whole call, retries and the waits between them included.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.request.total_timeout(timeout);
        self
    }

    /// Retries a failed attempt at most this many times, keeping the backoff of the
    /// retry policy.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        (self.request).max_retries(max_retries, self.core.inner.retry_policy);
        self
    }

    /// Retries failed attempts with this policy (instead of the client's).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.request.retry_policy(policy);
        self
    }

    /// Says whether repeating this call is harmless whatever its method (see
    /// [`Request::retry_safe`]); without it, the method decides (a `GET` is retried, a
    /// `POST` only when the server certainly did not act on it).
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.request.retry_safe(safe);
        self
    }

    /// Sends this idempotency key on every attempt (see [`Request::idempotency_key`]).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.request.idempotency_key(key);
        self
    }

    /// Sends the call: a 2xx answer as the buffered [`Response`] (status, headers, body,
    /// request id, attempts; [`Response::json`] and [`Response::text`] decode it).
    ///
    /// # Errors
    ///
    /// Any other status is [`Error::UnexpectedStatus`] with the response kept; and every
    /// failure of an operation's call (timeout, transport, size cap, missing credentials,
    /// invalid request).
    pub async fn send(self) -> Result<Response, RawError> {
        let response = self.core.send(self.request).await?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(response.unexpected())
        }
    }

    /// Sends the call and decodes a 2xx JSON body into `T` (an empty body decodes as
    /// `null`, so `()` and `Option` accept it).
    ///
    /// # Errors
    ///
    /// As [`send`](RawCall::send); a body that is not a `T` is [`Error::Decode`] with the
    /// path of the offending value and the raw body.
    pub async fn decode<T: DeserializeOwned>(self) -> Result<T, RawError> {
        self.send().await?.json()
    }
}

impl fmt::Debug for RawCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawCall")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

/// Why a raw path cannot be appended to the base URL as it is, if it cannot: a whole URL
/// would carry the client's credentials to whatever origin it names, and a `?` or `#`
/// would end the path where the caller did not see it end.
fn refused_path(path: &str) -> Option<&'static str> {
    if url::Url::parse(path).is_ok() {
        return Some("a whole URL, not a path below the base URL");
    }
    if path.contains(['?', '#']) {
        return Some("it holds `?` or `#` (set query parameters with `query`)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_below_the_base_url_are_taken() {
        for path in ["/v2/quota", "v2/quota", "/a:b", "/", "", "/users/42/x%20y"] {
            assert_eq!(refused_path(path), None, "{path}");
        }
        for path in [
            "https://evil.example/x",
            "http://127.0.0.1/x",
            "mailto:x@y",
            "/x?y=1",
            "/x#frag",
        ] {
            assert!(refused_path(path).is_some(), "{path}");
        }
    }
}
