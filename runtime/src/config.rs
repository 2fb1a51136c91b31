//! [`ClientConfig`], [`BuildError`] and the configured engine [`Core`].

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::credential::Credential;
use crate::request::Request;
use crate::retry::RetryPolicy;

/// Settings shared by every generated `ClientBuilder` (the generated builder wraps one).
///
/// `Debug` shows which security schemes have credentials, never the credentials, and the
/// names of the default headers, never their values.
#[derive(Clone)]
pub struct ClientConfig {
    default_base_url: String,
    base_url: Option<String>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry_policy: RetryPolicy,
    http_client: Option<reqwest::Client>,
    credentials: Vec<(&'static str, Credential)>,
    headers: HeaderMap,
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is missing, unparsable or not an `http`/`https` URL.
    #[error("invalid base URL `{url}`: {message}")]
    InvalidBaseUrl {
        /// The rejected URL.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// A default header (or the user agent) has an invalid name or value.
    #[error("invalid header `{name}`")]
    InvalidHeader {
        /// The header name.
        name: String,
    },
    /// The HTTP client could not be created (e.g. no TLS backend).
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

impl ClientConfig {
    /// A configuration with the spec's default server URL and the crate's user agent (like
    /// `"plaid-client/0.1.0"`). Defaults: 60 s timeout per attempt, 10 s connect timeout,
    /// [`RetryPolicy::default`], no credentials.
    pub fn new(default_base_url: &str, user_agent: &str) -> Self {
        ClientConfig {
            default_base_url: default_base_url.to_owned(),
            base_url: None,
            user_agent: user_agent.to_owned(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry_policy: RetryPolicy::default(),
            http_client: None,
            credentials: Vec::new(),
            headers: HeaderMap::new(),
        }
    }

    /// Overrides the base URL (a server of another environment, a proxy, a mock server).
    pub fn base_url(&mut self, url: impl Into<String>) {
        self.base_url = Some(url.into());
    }

    /// The timeout of each attempt, from connecting until the whole body is read.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The connect timeout of the HTTP client this crate creates (not applied to a client
    /// given with [`ClientConfig::http_client`]).
    pub fn connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = timeout;
    }

    /// Sets the whole retry policy.
    pub fn retry_policy(&mut self, policy: RetryPolicy) {
        self.retry_policy = policy;
    }

    /// Sets the number of retries, keeping the backoff settings.
    pub fn max_retries(&mut self, n: u32) {
        self.retry_policy.max_retries = n;
    }

    /// Uses the caller's own `reqwest::Client` (proxies, TLS settings, connection pool).
    /// Timeouts, retries and auth still apply per request.
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http_client = Some(client);
    }

    /// Sets the credential of the security scheme `scheme` (the key under
    /// `components.securitySchemes`), replacing any previous one.
    pub fn credential(&mut self, scheme: &'static str, credential: Credential) {
        match self.credentials.iter_mut().find(|(s, _)| *s == scheme) {
            Some(slot) => slot.1 = credential,
            None => self.credentials.push((scheme, credential)),
        }
    }

    /// Adds a header sent with every request. Its value is treated as sensitive.
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), BuildError> {
        let invalid = || BuildError::InvalidHeader {
            name: name.to_owned(),
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        value.set_sensitive(true);
        self.headers.insert(name, value);
        Ok(())
    }

    /// Validates the settings and creates the client engine.
    pub fn build(self) -> Result<Core, BuildError> {
        let base_url =
            validate_base_url(self.base_url.as_deref().unwrap_or(&self.default_base_url))?;
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidHeader {
                name: "user-agent".to_owned(),
            })?;
        let client = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(same_origin_redirects())
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Core {
            inner: Arc::new(Inner {
                client,
                base_url,
                user_agent,
                timeout: self.timeout,
                retry_policy: self.retry_policy,
                credentials: self.credentials.into_iter().collect(),
                headers: self.headers,
            }),
        })
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field(
                "base_url",
                self.base_url.as_ref().unwrap_or(&self.default_base_url),
            )
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("custom_http_client", &self.http_client.is_some())
            .field("credentials", &self.credentials)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Follows at most 10 redirects, and only within the same origin: credentials in custom
/// headers would otherwise leak to another host.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

fn validate_base_url(url: &str) -> Result<String, BuildError> {
    let invalid = |message: &str| BuildError::InvalidBaseUrl {
        url: url.to_owned(),
        message: message.to_owned(),
    };
    if url.trim().is_empty() {
        return Err(invalid("no base URL configured: set one with `base_url`"));
    }
    let parsed = url::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("a base URL cannot have a query or fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// The configured engine of a generated `Client`. Cheap to clone (an `Arc` inside).
///
/// `Debug` shows which security schemes have credentials, never the credentials.
#[derive(Clone)]
pub struct Core {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) client: reqwest::Client,
    /// Without a trailing `/`.
    pub(crate) base_url: String,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) credentials: HashMap<&'static str, Credential>,
    pub(crate) headers: HeaderMap,
}

impl Core {
    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The timeout of each attempt.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry_policy
    }

    /// Whether a credential is configured for the security scheme `scheme`.
    pub fn has_credential(&self, scheme: &str) -> bool {
        self.inner.credentials.contains_key(scheme)
    }

    /// Starts a request. `path` already has its parameters substituted (see
    /// [`path_param`](crate::path_param)), e.g. `"/users/42"`; it is appended to the base
    /// URL.
    pub fn request(&self, method: Method, path: String) -> Request {
        Request::new(method, path)
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut schemes: Vec<&str> = self.inner.credentials.keys().copied().collect();
        schemes.sort_unstable();
        f.debug_struct("Core")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry_policy", &self.inner.retry_policy)
            .field("credentials", &schemes)
            .field("headers", &self.inner.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}
