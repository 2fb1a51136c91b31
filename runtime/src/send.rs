//! [`Core::send`]: auth, URL building, per-attempt timeout, same-origin redirects and the
//! retry loop.

use std::time::Duration;

use percent_encoding::percent_decode_str;
use rand::Rng;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::base64;
use crate::config::Core;
use crate::credential::{Credential, CredentialKind};
use crate::error::Error;
use crate::params::{cookie_pair_text, is_dot_segment, query_pair};
use crate::request::Request;
use crate::response::Response;
use crate::retry::{is_idempotent, should_retry};

/// The most redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

/// A request ready to go on the wire, reused by every attempt.
struct Prepared {
    method: Method,
    url: url::Url,
    headers: HeaderMap,
    body: Option<bytes::Bytes>,
    timeout: Duration,
    /// `in: query` credentials as `(name, encoded piece)`, put again on redirect targets.
    query_credentials: Vec<(&'static str, String)>,
    /// Whether repeating the request is harmless (idempotent method or idempotency key):
    /// then the full retry set applies (see [`RetryPolicy`](crate::RetryPolicy)).
    repeatable: bool,
}

/// Why one attempt produced no response.
enum Failure {
    Timeout,
    Transport(reqwest::Error),
}

impl Failure {
    /// A connection that could not be established is always worth retrying (nothing was
    /// sent); a timeout or a connection lost mid-way only when the request is repeatable.
    fn is_retryable(&self, repeatable: bool) -> bool {
        match self {
            Failure::Timeout => repeatable,
            Failure::Transport(e) if e.is_builder() || e.is_redirect() => false,
            Failure::Transport(e) => e.is_connect() || repeatable,
        }
    }

    fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Timeout => Error::Timeout,
            Failure::Transport(e) => Error::Transport(e),
        }
    }
}

impl Core {
    /// Sends the request with auth, the per-attempt timeout and retries, and returns the
    /// buffered response whatever its status.
    ///
    /// After the retries are exhausted, a retryable status (429, 503, …) is returned as a
    /// response like any other; a failure without response gives [`Error::Timeout`] or
    /// [`Error::Transport`]. [`Error::MissingCredentials`] and [`Error::InvalidRequest`] are
    /// returned before anything is sent. What is retried depends on the method and on
    /// [`ClientConfig::idempotency_key_header`](crate::ClientConfig::idempotency_key_header):
    /// see [`RetryPolicy`](crate::RetryPolicy).
    ///
    /// Redirects (301, 302, 303, 307, 308; at most 10 per attempt) are followed only within
    /// the origin (scheme, host and port) of the request, with the same credentials; 301,
    /// 302 and 303 turn the request into a `GET` without body (`HEAD` stays `HEAD`). A
    /// redirect to another origin, or beyond the 10th, is returned as the 3xx response:
    /// credentials are never sent to another origin. (A caller's own client given with
    /// [`ClientConfig::http_client`](crate::ClientConfig::http_client) should not follow
    /// redirects itself.)
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let prepared = self.prepare(request)?;
        let policy = self.inner.retry_policy;
        let repeatable = prepared.repeatable;
        let mut retry = 0;
        loop {
            let can_retry = retry < policy.max_retries;
            let wait = match self.attempt(&prepared).await {
                Ok(response)
                    if can_retry
                        && should_retry(response.status(), response.headers(), repeatable) =>
                {
                    policy.delay(retry, Some(response.headers()))
                }
                Ok(response) => return Ok(response),
                Err(failure) if can_retry && failure.is_retryable(repeatable) => {
                    policy.delay(retry, None)
                }
                Err(failure) => return Err(failure.into_error()),
            };
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// One attempt, redirects and body included, bounded by the timeout.
    async fn attempt(&self, prepared: &Prepared) -> Result<Response, Failure> {
        // reqwest's own timeout covers the body too; this one also bounds a caller's client
        // that would not honour it, and the redirects.
        match tokio::time::timeout(prepared.timeout, self.exchange(prepared)).await {
            Ok(Ok(response)) => Ok(response),
            // A connect timeout is a connection that could not be established: nothing was
            // sent.
            Ok(Err(e)) if e.is_connect() => Err(Failure::Transport(e.without_url())),
            Ok(Err(e)) if e.is_timeout() => Err(Failure::Timeout),
            Ok(Err(e)) => Err(Failure::Transport(e.without_url())),
            Err(_elapsed) => Err(Failure::Timeout),
        }
    }

    /// Sends the request, follows same-origin redirects, and buffers the final response.
    async fn exchange(&self, prepared: &Prepared) -> Result<Response, reqwest::Error> {
        let mut method = prepared.method.clone();
        let mut url = prepared.url.clone();
        let mut headers = prepared.headers.clone();
        let mut body = prepared.body.clone();
        let mut redirects = 0;
        loop {
            let mut builder = self
                .inner
                .client
                .request(method.clone(), url.clone())
                .headers(headers.clone())
                .timeout(prepared.timeout);
            if let Some(body) = &body {
                builder = builder.body(body.clone());
            }
            let response = builder.send().await?;
            let status = response.status();
            let next = (redirects < MAX_REDIRECTS)
                .then(|| redirect_target(prepared, &url, status, response.headers()))
                .flatten();
            if let Some(next) = next {
                if matches!(status.as_u16(), 301..=303) {
                    if method != Method::HEAD {
                        method = Method::GET;
                    }
                    body = None;
                    headers.remove(header::CONTENT_TYPE);
                }
                url = next;
                redirects += 1;
                continue;
            }
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            return Ok(Response::from_parts(status, headers, body));
        }
    }

    fn prepare<E>(&self, request: Request) -> Result<Prepared, Error<E>> {
        if let Some(message) = request.error {
            return Err(Error::InvalidRequest(message));
        }
        let credentials = self.select_credentials(request.security)?;
        let inner = &self.inner;

        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        for (name, value) in &inner.headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(accept) = request.accept {
            headers.insert(header::ACCEPT, static_value(accept, "Accept")?);
        }
        let body = match request.body {
            Some((content_type, body)) => {
                headers.insert(
                    header::CONTENT_TYPE,
                    static_value(content_type, "Content-Type")?,
                );
                Some(body)
            }
            None => None,
        };

        let repeatable = is_idempotent(&request.method)
            || match &inner.idempotency_key_header {
                Some(name) => {
                    if !headers.contains_key(name) {
                        headers.insert(name.clone(), idempotency_key());
                    }
                    true
                }
                None => false,
            };

        let mut query = request.query;
        let mut cookies = request.cookies;
        let mut query_credentials = Vec::new();
        for (scheme, credential) in credentials {
            apply(
                scheme,
                credential,
                &mut headers,
                &mut query_credentials,
                &mut cookies,
            )?;
        }
        query.extend(query_credentials.iter().map(|(_, piece)| piece.clone()));
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| Error::InvalidRequest("invalid cookie value".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(header::COOKIE, value);
        }

        let url = build_url(&inner.base_url, &request.path, &query)?;
        Ok(Prepared {
            method: request.method,
            url,
            headers,
            body,
            timeout: request.timeout.unwrap_or(inner.timeout),
            query_credentials,
            repeatable,
        })
    }

    /// Picks the security alternative to apply (see [`Request::security`]).
    fn select_credentials<E>(
        &self,
        alternatives: &'static [&'static [&'static str]],
    ) -> Result<Vec<(&'static str, &Credential)>, Error<E>> {
        let credentials = &self.inner.credentials;
        for alternative in alternatives.iter().filter(|a| !a.is_empty()) {
            if alternative.iter().all(|s| credentials.contains_key(s)) {
                return Ok(alternative.iter().map(|s| (*s, &credentials[s])).collect());
            }
        }
        if alternatives.is_empty() || alternatives.iter().any(|a| a.is_empty()) {
            return Ok(Vec::new());
        }
        let mut schemes: Vec<String> = Vec::new();
        for alternative in alternatives {
            let missing: Vec<&str> = alternative
                .iter()
                .copied()
                .filter(|s| !credentials.contains_key(s))
                .collect();
            let entry = missing.join(" + ");
            if !schemes.contains(&entry) {
                schemes.push(entry);
            }
        }
        Err(Error::MissingCredentials { schemes })
    }
}

fn static_value<E>(value: &'static str, name: &str) -> Result<HeaderValue, Error<E>> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("invalid {name} header value")))
}

fn secret_value<E>(text: &str, scheme: &str) -> Result<HeaderValue, Error<E>> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        Error::InvalidRequest(format!(
            "the credential of `{scheme}` is not a valid header value"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// A fresh idempotency key: 128 random bits as 32 hex digits.
fn idempotency_key() -> HeaderValue {
    let key = format!("{:032x}", rand::rng().random::<u128>());
    HeaderValue::from_str(&key).expect("hex digits are a valid header value")
}

/// Where a same-origin redirect leads; `None` when the response is not a redirect to
/// follow (not a redirect status, no or bad `Location`, another origin).
fn redirect_target(
    prepared: &Prepared,
    current: &url::Url,
    status: StatusCode,
    headers: &HeaderMap,
) -> Option<url::Url> {
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = headers.get(header::LOCATION)?.to_str().ok()?;
    let mut next = current.join(location).ok()?;
    if next.origin() != prepared.url.origin() {
        return None;
    }
    next.set_fragment(None);
    if !prepared.query_credentials.is_empty() {
        // Replace whatever the server echoed under a credential's name with ours.
        let mut pieces: Vec<String> = next
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|piece| {
                let name = piece.split('=').next().unwrap_or_default();
                let name = percent_decode_str(name).decode_utf8_lossy();
                !piece.is_empty() && !prepared.query_credentials.iter().any(|(n, _)| *n == name)
            })
            .map(str::to_owned)
            .collect();
        pieces.extend(prepared.query_credentials.iter().map(|(_, p)| p.clone()));
        next.set_query(Some(&pieces.join("&")));
    }
    Some(next)
}

/// Puts one credential on the request; `in: query` ones go to `query` as
/// `(name, encoded piece)`.
fn apply<E>(
    scheme: &str,
    credential: &Credential,
    headers: &mut HeaderMap,
    query: &mut Vec<(&'static str, String)>,
    cookies: &mut Vec<String>,
) -> Result<(), Error<E>> {
    match &credential.kind {
        CredentialKind::Header { name, value } => {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("invalid header name for `{scheme}`"))
            })?;
            headers.insert(name, secret_value(value.expose(), scheme)?);
        }
        CredentialKind::Query { name, value } => {
            query.push((name, query_pair(name, value.expose())));
        }
        CredentialKind::Cookie { name, value } => {
            cookies.push(cookie_pair_text(name, value.expose()));
        }
        CredentialKind::Bearer(token) => {
            let value = secret_value(&format!("Bearer {}", token.expose()), scheme)?;
            headers.insert(header::AUTHORIZATION, value);
        }
        CredentialKind::Basic { username, password } => {
            let encoded = base64::encode(format!("{username}:{}", password.expose()).as_bytes());
            headers.insert(
                header::AUTHORIZATION,
                secret_value(&format!("Basic {encoded}"), scheme)?,
            );
        }
    }
    Ok(())
}

/// `base_url + path + ?query`, refusing `.`/`..` segments (also percent-encoded: the URL
/// parser treats `%2E` as `.`) that URL normalization would resolve to another endpoint.
fn build_url<E>(base_url: &str, path: &str, query: &[String]) -> Result<url::Url, Error<E>> {
    if path.split('/').any(is_dot_segment) {
        return Err(Error::InvalidRequest(
            "the path has a `.` or `..` segment (a path parameter that is `.` or `..`, or an \
             empty label-style one), which URL normalization would resolve to another \
             endpoint"
                .to_owned(),
        ));
    }
    let slash = if path.starts_with('/') || path.is_empty() {
        ""
    } else {
        "/"
    };
    let mut url = format!("{base_url}{slash}{path}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    // url's errors never echo the input, which may hold a query API key.
    url::Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("invalid URL: {e}")))
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
            let mut request = core.request(Method::GET, "/x".to_owned());
            let alternatives: &'static [&'static [&'static str]] = match scheme {
                "bearer" => &[&["bearer"]],
                "basic" => &[&["basic"]],
                "key" => &[&["key"]],
                _ => &[&["cookie"]],
            };
            request.security(alternatives);
            let prepared = core.prepare::<()>(request).unwrap();
            let value = &prepared.headers[header];
            assert!(value.is_sensitive(), "{scheme}");
            assert!(!format!("{:?}", prepared.headers).contains(value.to_str().unwrap()));
        }
    }

    #[test]
    fn url_is_base_plus_path_plus_query() {
        let core = core();
        let mut request = core.request(Method::GET, "items".to_owned());
        request.query("a", "1", Style::Form, true);
        let prepared = core.prepare::<()>(request).unwrap();
        assert_eq!(
            prepared.url.as_str(),
            "https://api.example.com/v1/items?a=1"
        );
        assert_eq!(prepared.timeout, Duration::from_secs(60));
        for path in ["/a/./b", "/a/%2E%2e", "/.."] {
            let request = core.request(Method::GET, path.to_owned());
            assert!(
                matches!(core.prepare::<()>(request), Err(Error::InvalidRequest(_))),
                "{path}"
            );
        }
    }
}
