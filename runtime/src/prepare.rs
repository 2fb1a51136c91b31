//! What a [`Request`] becomes before it goes on the wire ([`Prepared`]): the
//! credentials of the security alternative chosen, the default and per-call headers,
//! the idempotency key, the body's `Content-Type`, and the URL.

use std::borrow::Cow;
use std::time::Duration;

use rand::Rng;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::body::Body;
use crate::credential::{Credential, CredentialKind, HeaderProblem, MissingCredentials};
use crate::engine::Core;
use crate::error::SendError;
use crate::metadata::RequestIdSource;
use crate::params::{cookie_pair_text, query_pair};
use crate::redirect::with_query_credentials;
use crate::request::Request;
use crate::retry::{is_idempotent, RetryPolicy};

/// The idempotency key header when the client configures none.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// A request ready to go on the wire, reused by every attempt.
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    pub(crate) timeout: Duration,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry_policy: RetryPolicy,
    /// `in: query` credentials as `(name, encoded piece)`, put again on redirect targets.
    pub(crate) query_credentials: Vec<(&'static str, String)>,
    /// Redirect statuses the operation documents: its answers, not followed.
    pub(crate) no_follow: &'static [u16],
    /// A 2xx body is left unread for the caller to stream.
    pub(crate) stream_success: bool,
    pub(crate) request_id: Option<RequestIdSource>,
    /// Whether repeating the request is harmless (idempotent method, an operation declared
    /// safe, or an idempotency key): then the full retry set applies (see
    /// [`RetryPolicy`](crate::RetryPolicy)).
    pub(crate) repeatable: bool,
}

impl Core {
    /// The request ready to send, and its URL (apart: the call moves the URL into its
    /// response at the end, and the rest stays where it is). The parts it needs are taken
    /// out of `request` rather than the whole of it moved in (each move of a `Request`
    /// copies all its bytes); what is left of it is only dropped.
    pub(crate) fn prepare(&self, request: &mut Request) -> Result<(Prepared, url::Url), SendError> {
        if let Some(message) = request.error.take() {
            return Err(SendError::InvalidRequest(message));
        }
        let inner = &self.inner;
        // A whole URL on another origin (a redirect followed there, a next page's link
        // pointing there) carries no credential and none of the client's default headers,
        // which may be secrets: only the user agent.
        let foreign = (request.target.as_ref()).is_some_and(|t| t.origin() != inner.base.origin());
        let credentials = if foreign {
            &[]
        } else {
            self.select_credentials(request.security)?
        };

        // Sized for everything below, so that the map never grows while being filled.
        let mut headers = HeaderMap::with_capacity(
            inner.base_headers.len() + request.headers.len() + credentials.len() + 4,
        );
        for (name, value) in &inner.base_headers {
            if !foreign || name == header::USER_AGENT {
                headers.insert(name.clone(), value.clone());
            }
        }
        // Replaces what the base has under the same names.
        if !request.headers.is_empty() {
            headers.extend(std::mem::take(&mut request.headers));
        }
        if let Some(accept) = request.accept {
            headers.insert(header::ACCEPT, static_value(accept, "Accept")?);
        }
        let body = match request.body.take() {
            Some((content_type, body)) => {
                let value = match (request.content_type.take(), content_type) {
                    (Some(own), _) => HeaderValue::try_from(own).ok(),
                    (None, Cow::Borrowed(documented)) => {
                        Some(static_value(documented, "Content-Type")?)
                    }
                    (None, Cow::Owned(made)) => HeaderValue::try_from(made).ok(),
                };
                let value = value.ok_or_else(|| {
                    SendError::InvalidRequest("invalid value for header `Content-Type`".to_owned())
                })?;
                headers.insert(header::CONTENT_TYPE, value);
                Some(body)
            }
            None => None,
        };

        // One key per call, the same on every attempt: the server can deduplicate.
        // Made only when a key is sent (`from_static` checks the name on each call).
        let key_header = || {
            (inner.idempotency_key_header.clone())
                .unwrap_or(HeaderName::from_static(IDEMPOTENCY_KEY))
        };
        let options = std::mem::take(&mut request.options);
        let keyed = match options.idempotency_key {
            Some(key) => {
                let value = HeaderValue::from_str(&key)
                    .map_err(|_| SendError::InvalidRequest("invalid idempotency key".to_owned()))?;
                headers.insert(key_header(), value);
                true
            }
            None if inner.idempotency_key_header.is_some() && !is_idempotent(&request.method) => {
                let key_header = key_header();
                if !headers.contains_key(&key_header) {
                    headers.insert(key_header, idempotency_key());
                }
                true
            }
            None => false,
        };
        let repeatable = request
            .retry_safe
            .unwrap_or(is_idempotent(&request.method) || keyed);

        let query = &mut request.query;
        let mut cookies = std::mem::take(&mut request.cookies);
        let mut query_credentials = Vec::new();
        for scheme in credentials {
            let Some(credential) = self.credential(scheme) else {
                continue; // `select_credentials` chose configured schemes only.
            };
            apply(
                scheme,
                credential,
                &mut headers,
                &mut query_credentials,
                &mut cookies,
            )?;
        }
        for (_, piece) in &query_credentials {
            query.push_piece(piece);
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| SendError::InvalidRequest("invalid cookie value".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(header::COOKIE, value);
        }

        let url = match (request.target.take(), request.server) {
            (Some(target), _) => with_query_credentials(target, &query_credentials),
            (None, Some(server)) => self.server_url(server, &request.path, query)?,
            (None, None) => self.url(request.template, &request.path, query)?,
        };
        let prepared = Prepared {
            method: std::mem::take(&mut request.method),
            headers,
            body,
            timeout: options.timeout.unwrap_or(inner.timeout),
            total_timeout: options.total_timeout.or(inner.total_timeout),
            retry_policy: options.retry_policy.unwrap_or(inner.retry_policy),
            query_credentials,
            no_follow: request.no_follow,
            stream_success: request.stream_success,
            request_id: request.request_id,
            repeatable,
        };
        Ok((prepared, url))
    }

    /// Picks the security alternative to apply (see [`Request::security`]): the first one
    /// whose credentials are all configured (its schemes; none for anonymous access). An alternative that is only partly configured
    /// means the caller meant to use it: then the call fails naming what is missing, rather
    /// than falling through to another alternative (anonymous access, say) and sending
    /// none of the credentials.
    fn select_credentials(
        &self,
        alternatives: &'static [&'static [&'static str]],
    ) -> Result<&'static [&'static str], SendError> {
        let configured = |scheme: &&str| self.credential(scheme).is_some();
        let named = alternatives.iter().filter(|a| !a.is_empty());
        if let Some(alternative) = named.clone().find(|a| a.iter().all(configured)) {
            return Ok(alternative);
        }
        let partial: Vec<_> = named.clone().filter(|a| a.iter().any(configured)).collect();
        let anonymous = alternatives.is_empty() || alternatives.iter().any(|a| a.is_empty());
        if partial.is_empty() && anonymous {
            return Ok(&[]);
        }
        let wanted = if partial.is_empty() {
            named.collect()
        } else {
            partial
        };
        let mut missing: Vec<Vec<_>> = Vec::new();
        for alternative in wanted {
            let names: Vec<_> = alternative
                .iter()
                .filter(|s| !configured(s))
                .map(|s| self.credential_name(s))
                .collect();
            if !missing.contains(&names) {
                missing.push(names);
            }
        }
        Err(SendError::MissingCredentials(MissingCredentials {
            alternatives: missing,
        }))
    }
}

/// `application/json`, the media type of most requests and responses, as a header value
/// made at compile time.
const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A header value from generated code's media types: borrowed, not copied, when it is
/// plain visible ASCII (what `from_static` takes without panicking), else checked.
/// `application/json` is the value made at compile time, without a check per call.
fn static_value(value: &'static str, name: &str) -> Result<HeaderValue, SendError> {
    if value == "application/json" {
        return Ok(APPLICATION_JSON);
    }
    if value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Ok(HeaderValue::from_static(value));
    }
    HeaderValue::from_str(value)
        .map_err(|_| SendError::InvalidRequest(format!("invalid {name} header value")))
}

/// A fresh idempotency key: 128 random bits as 32 hex digits.
fn idempotency_key() -> HeaderValue {
    let key = format!("{:032x}", rand::rng().random::<u128>());
    HeaderValue::from_str(&key).expect("hex digits are a valid header value")
}

/// Puts one credential on the request; `in: query` ones go to `query` as
/// `(name, encoded piece)`.
fn apply(
    scheme: &str,
    credential: &Credential,
    headers: &mut HeaderMap,
    query: &mut Vec<(&'static str, String)>,
    cookies: &mut Vec<String>,
) -> Result<(), SendError> {
    match &credential.kind {
        CredentialKind::Query { name, value } => {
            query.push((name, query_pair(name, value.expose())));
        }
        CredentialKind::Cookie { name, value } => {
            cookies.push(cookie_pair_text(name, value.expose()));
        }
        CredentialKind::Header { .. }
        | CredentialKind::Bearer(_)
        | CredentialKind::Basic { .. } => match &credential.header {
            Some(Ok((name, value))) => {
                headers.insert(name.clone(), value.clone());
            }
            Some(Err(HeaderProblem::Name)) => {
                return Err(SendError::InvalidRequest(format!(
                    "invalid header name for `{scheme}`"
                )))
            }
            Some(Err(HeaderProblem::Value)) | None => {
                return Err(SendError::InvalidRequest(format!(
                    "the credential of `{scheme}` is not a valid header value"
                )))
            }
        },
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientConfig, Style};

    fn core() -> Core {
        let mut config = ClientConfig::new("https://api.example.com/v1", "t/1");
        config.credential("bearer", Credential::bearer("tok-secret"));
        config.credential("basic", Credential::basic("user", "pass-secret"));
        config.credential("key", Credential::header("X-Key", "key-secret"));
        config.credential("cookie", Credential::cookie("sid", "cookie-secret"));
        config.build().unwrap()
    }

    #[test]
    fn secret_headers_are_sensitive() {
        let core = core();
        for (scheme, header) in [
            ("bearer", "authorization"),
            ("basic", "authorization"),
            ("key", "x-key"),
            ("cookie", "cookie"),
        ] {
            let mut request = core.request(Method::GET, "/x", "/x".to_owned());
            let alternatives: &'static [&'static [&'static str]] = match scheme {
                "bearer" => &[&["bearer"]],
                "basic" => &[&["basic"]],
                "key" => &[&["key"]],
                _ => &[&["cookie"]],
            };
            request.security(alternatives);
            let (prepared, _) = core.prepare(&mut request).unwrap();
            let value = &prepared.headers[header];
            assert!(value.is_sensitive(), "{scheme}");
            assert!(!format!("{:?}", prepared.headers).contains(value.to_str().unwrap()));
        }
    }

    #[test]
    fn url_is_base_plus_path_plus_query() {
        let core = core();
        let mut request = core.request(Method::GET, "items", "items".to_owned());
        request.query("a", "1", Style::Form, true);
        let (prepared, url) = core.prepare(&mut request).unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/items?a=1");
        assert_eq!(prepared.timeout, Duration::from_secs(60));
        for path in ["/a/./b", "/a/%2E%2e", "/.."] {
            let mut request = core.request(Method::GET, "/{p}", path.to_owned());
            assert!(
                matches!(
                    core.prepare(&mut request),
                    Err(SendError::InvalidRequest(_))
                ),
                "{path}"
            );
        }
    }
}
