//! [`Core::send`]: auth, URL building, per-attempt timeout and the retry loop.

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::base64;
use crate::config::Core;
use crate::credential::{Credential, CredentialKind};
use crate::error::Error;
use crate::params::encode_component;
use crate::request::Request;
use crate::response::Response;
use crate::retry::should_retry;

/// A request ready to go on the wire, reused by every attempt.
struct Prepared {
    method: Method,
    url: url::Url,
    headers: HeaderMap,
    body: Option<bytes::Bytes>,
    timeout: Duration,
}

/// Why one attempt produced no response.
enum Failure {
    Timeout,
    Transport(reqwest::Error),
}

impl Failure {
    fn is_retryable(&self) -> bool {
        match self {
            Failure::Timeout => true,
            Failure::Transport(e) => !(e.is_builder() || e.is_redirect()),
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
    /// returned before anything is sent.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let prepared = self.prepare(request)?;
        let policy = self.inner.retry_policy;
        let mut retry = 0;
        loop {
            let can_retry = retry < policy.max_retries;
            let wait = match self.attempt(&prepared).await {
                Ok(response)
                    if can_retry && should_retry(response.status(), response.headers()) =>
                {
                    policy.delay(retry, Some(response.headers()))
                }
                Ok(response) => return Ok(response),
                Err(failure) if can_retry && failure.is_retryable() => policy.delay(retry, None),
                Err(failure) => return Err(failure.into_error()),
            };
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// One attempt, body included, bounded by the timeout.
    async fn attempt(&self, prepared: &Prepared) -> Result<Response, Failure> {
        let mut builder = self
            .inner
            .client
            .request(prepared.method.clone(), prepared.url.clone())
            .headers(prepared.headers.clone())
            .timeout(prepared.timeout);
        if let Some(body) = &prepared.body {
            builder = builder.body(body.clone());
        }
        let exchange = async {
            let response = builder.send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>(Response::from_parts(status, headers, body))
        };
        // reqwest's own timeout covers the body too; this one also bounds a caller's client
        // that would not honour it.
        match tokio::time::timeout(prepared.timeout, exchange).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) if e.is_timeout() => Err(Failure::Timeout),
            Ok(Err(e)) => Err(Failure::Transport(e.without_url())),
            Err(_elapsed) => Err(Failure::Timeout),
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

        let mut query = request.query;
        let mut cookies = request.cookies;
        for (scheme, credential) in credentials {
            apply(scheme, credential, &mut headers, &mut query, &mut cookies)?;
        }
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

/// Puts one credential on the request.
fn apply<E>(
    scheme: &str,
    credential: &Credential,
    headers: &mut HeaderMap,
    query: &mut Vec<String>,
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
            query.push(format!(
                "{}={}",
                encode_component(name),
                encode_component(value.expose())
            ));
        }
        CredentialKind::Cookie { name, value } => {
            cookies.push(format!("{name}={}", value.expose()))
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

/// `base_url + path + ?query`, refusing `.`/`..` segments that URL normalization would
/// resolve to another endpoint.
fn build_url<E>(base_url: &str, path: &str, query: &[String]) -> Result<url::Url, Error<E>> {
    let dot_segment = path.split('/').any(|segment| {
        let segment = segment.to_ascii_lowercase().replace("%2e", ".");
        segment == "." || segment == ".."
    });
    if dot_segment {
        return Err(Error::InvalidRequest(
            "a path parameter is `.` or `..`".to_owned(),
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
