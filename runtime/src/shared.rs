//! [`SharedConfig`]: the settings several generated clients share (one connection pool,
//! the application's name in the user agent, timeouts, the retry policy), so a service
//! over four providers configures them once, not in four identical builder chains.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::config::BuildError;
use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// Settings shared by every client built with it (each generated `ClientBuilder` has
/// `.shared(&config)`): the clients send through one connection pool (or one
/// [`Transport`]), and take its timeouts, retry policy, size cap, default headers and
/// application name. Settings made on a client's builder after `.shared(…)` win for that
/// client. Cheap to clone.
///
/// ```
/// use std::time::Duration;
/// use linkgen_runtime::SharedConfig;
///
/// let shared = SharedConfig::builder()
///     .app_name("link-service/1.4.0")
///     .timeout(Duration::from_secs(20))
///     .max_retries(3)
///     .build()
///     .expect("valid settings");
/// // plaid_client::Client::builder().shared(&shared).build()?, and the same for the others.
/// # let _ = shared;
/// ```
#[derive(Clone)]
pub struct SharedConfig {
    pub(crate) inner: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) app_name: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) max_response_bytes: Option<usize>,
    pub(crate) headers: HeaderMap,
}

/// Builds a [`SharedConfig`]: see [`SharedConfig::builder`].
#[derive(Default)]
pub struct SharedConfigBuilder {
    transport: Option<Arc<dyn Transport>>,
    http_client: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    app_name: Option<String>,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    max_retries: Option<u32>,
    max_response_bytes: Option<usize>,
    headers: Vec<(String, String)>,
}

impl SharedConfig {
    /// Starts a shared configuration; what it does not set, each client keeps at its own
    /// default.
    pub fn builder() -> SharedConfigBuilder {
        SharedConfigBuilder::default()
    }

    /// The application name added to each client's user agent (`plaid-client/0.4.0
    /// link-service/1.4.0`), if set.
    pub fn app_name(&self) -> Option<&str> {
        self.inner.app_name.as_deref()
    }
}

impl SharedConfigBuilder {
    /// Names the application in every client's `User-Agent`, after the crate's own name:
    /// providers see which service calls them.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = Some(name.into());
        self
    }

    /// The timeout of each attempt (see `ClientConfig::timeout`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The connect timeout of the one HTTP client the clients share (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Bounds each call as a whole, retries included (see `ClientConfig::total_timeout`).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The whole retry policy of every client.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// The number of retries, keeping each client's backoff settings.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// The largest response body read (see `ClientConfig::max_response_bytes`; default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES)).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// A header every client sends with every request (not a credential: those are per
    /// provider). An invalid name or value makes [`build`](Self::build) fail.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Shares the caller's own `reqwest::Client` (proxies, TLS settings); see
    /// `ClientConfig::http_client` for why it should not follow redirects itself.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Sends every client's requests through `transport` (middleware, or one fake for all
    /// of them in tests).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Creates the shared connection pool (unless a transport or client was given) and
    /// checks the headers.
    ///
    /// # Errors
    ///
    /// [`BuildError::InvalidHeader`] for an invalid header or application name,
    /// [`BuildError::Http`] when the HTTP client cannot be created.
    pub fn build(self) -> Result<SharedConfig, BuildError> {
        let mut headers = HeaderMap::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let invalid = || BuildError::InvalidHeader { name: name.clone() };
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.append(header, value);
        }
        if let Some(name) = &self.app_name {
            HeaderValue::from_str(name).map_err(|_| BuildError::InvalidHeader {
                name: "user-agent".to_owned(),
            })?;
        }
        let transport = match (self.transport, self.http_client) {
            (Some(transport), _) => transport,
            (None, Some(client)) => Arc::new(client),
            (None, None) => crate::config::default_transport(
                self.connect_timeout
                    .unwrap_or(crate::config::DEFAULT_CONNECT_TIMEOUT),
            )?,
        };
        Ok(SharedConfig {
            inner: Arc::new(Shared {
                transport,
                app_name: self.app_name,
                timeout: self.timeout,
                total_timeout: self.total_timeout,
                retry_policy: self.retry_policy,
                max_retries: self.max_retries,
                max_response_bytes: self.max_response_bytes,
                headers,
            }),
        })
    }
}

impl fmt::Debug for SharedConfig {
    /// Header names only, never their values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.inner;
        f.debug_struct("SharedConfig")
            .field("app_name", &shared.app_name)
            .field("timeout", &shared.timeout)
            .field("total_timeout", &shared.total_timeout)
            .field("retry_policy", &shared.retry_policy)
            .field("max_retries", &shared.max_retries)
            .field("max_response_bytes", &shared.max_response_bytes)
            .field("headers", &shared.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for SharedConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedConfigBuilder")
            .field("app_name", &self.app_name)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}
