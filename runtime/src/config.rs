//! [`ClientConfig`] and [`BuildError`]: the settings a generated `ClientBuilder` collects,
//! and what `build` checks before it makes the engine ([`Core`], `engine.rs`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::credential::{name_of, Credential, CredentialName, OperationSecurity, Uncallable};
use crate::engine::{Core, Inner};
use crate::retry::RetryPolicy;
use crate::secret::{Scrub, REDACTED};
use crate::shared::SharedConfig;
use crate::transport::{Sender, Transport};

/// The default of [`ClientConfig::max_response_bytes`]: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// The connect timeout of the HTTP client a configuration creates.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings shared by every generated `ClientBuilder` (the generated builder wraps one).
///
/// `Debug` shows which security schemes have credentials, never the credentials, and the
/// names of the default headers, never their values.
#[derive(Clone)]
pub struct ClientConfig {
    default_base_url: String,
    base_url: Option<String>,
    /// Whether `base_url` is the consumer's own URL (a mock, a proxy) rather than a server
    /// of the spec (see [`ClientConfig::server_override`]).
    custom_base_url: bool,
    /// `(operation server URL, replacement)`, both without a trailing `/`.
    server_overrides: Vec<(String, String)>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry_policy: RetryPolicy,
    http_client: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    credentials: Vec<(&'static str, Credential)>,
    credential_names: Vec<CredentialName>,
    headers: HeaderMap,
    idempotency_key_header: Option<&'static str>,
    max_response_bytes: usize,
    total_timeout: Option<Duration>,
    /// The operations whose credentials `build` checks (`require_credentials`).
    required: Option<&'static [OperationSecurity]>,
    /// The first invalid setting, reported by `build`.
    error: Option<BuildError>,
}

/// Why a client could not be built.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is missing, unparsable, not an `http`/`https` URL, or holds a user name
    /// or password (`https://user:pass@host`, refused so that it cannot leak into logs).
    #[error("invalid base URL `{url}`: {message}")]
    InvalidBaseUrl {
        /// The rejected URL, with any `user:password@` part replaced by `[redacted]@`.
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
    /// The environment named in an environment variable (`PLAID_ENV=staging`) is not one
    /// of the crate's.
    #[error(
        "`{variable}` is `{value}`, which names no environment: use one of {}",
        list(valid)
    )]
    UnknownEnvironment {
        /// The variable (`PLAID_ENV`).
        variable: String,
        /// Its value.
        value: String,
        /// The valid names (`production`, `sandbox`).
        valid: Vec<&'static str>,
    },
    /// Credentials that operations need are missing, and the builder was asked to
    /// require them (`require_credentials`).
    #[error("{0}")]
    MissingCredentials(Uncallable),
    /// The HTTP client could not be created (e.g. no TLS backend).
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] Arc<reqwest::Error>),
    /// The TLS configuration of the `rustls-ring` backend could not be set up (the
    /// platform's certificate verifier is unavailable).
    #[error("could not set up TLS: {0}")]
    Tls(String),
}

/// The HTTP client a configuration (or a [`SharedConfig`]) creates when given none,
/// with the TLS backend the features choose (`tls.rs`).
pub(crate) fn default_transport(
    connect_timeout: Duration,
) -> Result<Arc<dyn Transport>, BuildError> {
    crate::tls::default_client(connect_timeout).map(|client| Arc::new(client) as Arc<dyn Transport>)
}

/// `` `a`, `b` ``.
fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ClientConfig {
    /// A configuration with the spec's default server URL and the crate's user agent (like
    /// `"plaid-client/0.1.0"`). Defaults: 60 s timeout per attempt, 10 s connect timeout,
    /// no total timeout, [`RetryPolicy::default`], responses of at most
    /// [`DEFAULT_MAX_RESPONSE_BYTES`], no credentials.
    pub fn new(default_base_url: &str, user_agent: &str) -> Self {
        ClientConfig {
            default_base_url: default_base_url.to_owned(),
            base_url: None,
            custom_base_url: false,
            server_overrides: Vec::new(),
            user_agent: user_agent.to_owned(),
            timeout: Duration::from_secs(60),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry_policy: RetryPolicy::default(),
            http_client: None,
            transport: None,
            credentials: Vec::new(),
            credential_names: Vec::new(),
            headers: HeaderMap::new(),
            idempotency_key_header: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            total_timeout: None,
            required: None,
            error: None,
        }
    }

    /// Takes the settings of a [`SharedConfig`]: its connection pool (or transport), and
    /// those of its timeouts, retry policy, size cap, headers and application name it
    /// sets. Settings made after this call win; a transport or HTTP client of this
    /// configuration's own (a test's fake) is kept whatever the order.
    pub fn shared(&mut self, shared: &SharedConfig) {
        let shared = &shared.inner;
        if self.transport.is_none() && self.http_client.is_none() {
            self.transport = Some(shared.transport.clone());
        }
        if let Some(name) = &shared.app_name {
            self.user_agent = format!("{} {name}", self.user_agent);
        }
        if let Some(timeout) = shared.timeout {
            self.timeout = timeout;
        }
        if let Some(timeout) = shared.total_timeout {
            self.total_timeout = Some(timeout);
        }
        if let Some(policy) = shared.retry_policy {
            self.retry_policy = policy;
        }
        if let Some(n) = shared.max_retries {
            self.retry_policy.max_retries = n;
        }
        if let Some(limit) = shared.max_response_bytes {
            self.max_response_bytes = limit;
        }
        for (name, value) in &shared.headers {
            self.headers.insert(name.clone(), value.clone());
        }
    }

    /// Makes [`build`](Self::build) fail with [`BuildError::MissingCredentials`] unless
    /// every one of `operations` can be called with the credentials configured by then:
    /// for each, one of its alternatives that names credentials has all of them. An
    /// anonymous alternative does not count (a client meant to authenticate fails at
    /// start-up rather than sending requests without credentials); an operation that
    /// declares no credentials at all always passes.
    pub fn require_credentials(&mut self, operations: &'static [OperationSecurity]) {
        self.required = Some(operations);
    }

    /// Overrides the base URL with the consumer's own (a proxy, a mock server). Operations
    /// that have their own server go there too: see [`ClientConfig::server_override`].
    pub fn base_url(&mut self, url: impl Into<String>) {
        self.base_url = Some(url.into());
        self.custom_base_url = true;
    }

    /// Sends requests to a server the spec declares (another environment's): unlike
    /// [`ClientConfig::base_url`], operations with their own server keep it.
    pub fn environment(&mut self, url: impl Into<String>) {
        self.base_url = Some(url.into());
        self.custom_base_url = false;
    }

    /// Sends the operations whose own server (their `servers` in the spec) is `original`
    /// to `replacement` instead (a proxy for an uploads host, say).
    ///
    /// The rule for an operation with its own server, first that applies: its override
    /// set here; else, when [`ClientConfig::base_url`] set the consumer's own base URL (a
    /// mock server, a proxy), that base URL, so that pointing the client elsewhere
    /// redirects every operation; else (the default server, or an
    /// [`environment`](ClientConfig::environment)) its own server. `original` is compared
    /// without a trailing `/`; an invalid `replacement` makes [`ClientConfig::build`] fail
    /// with [`BuildError::InvalidBaseUrl`].
    pub fn server_override(&mut self, original: &str, replacement: impl Into<String>) {
        let original = original.trim_end_matches('/').to_owned();
        let replacement = replacement.into();
        match self
            .server_overrides
            .iter_mut()
            .find(|(o, _)| *o == original)
        {
            Some(slot) => slot.1 = replacement,
            None => self.server_overrides.push((original, replacement)),
        }
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

    /// Bounds each call as a whole, retries and the waits between them included (off by
    /// default: each attempt is bounded by [`ClientConfig::timeout`]). When it runs out
    /// the call fails with [`Error::Timeout`](crate::Error::Timeout).
    pub fn total_timeout(&mut self, timeout: Duration) {
        self.total_timeout = Some(timeout);
    }

    /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]). The body is
    /// read incrementally, so a larger one costs at most about this much memory before the
    /// call fails with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn max_response_bytes(&mut self, limit: usize) {
        self.max_response_bytes = limit;
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
    ///
    /// Redirects: [`Core::send`] follows them itself, only within the origin (scheme, host
    /// and port) of the request, so credentials never go to another host; a cross-origin
    /// redirect is returned as the 3xx response. But a client that follows redirects itself
    /// (reqwest's default policy follows up to 10, to any host) does so before `send` sees
    /// them, and re-sends the credential headers (API keys in custom headers, cookies) to
    /// wherever the server points. To keep credentials safe, build the client with
    /// `.redirect(reqwest::redirect::Policy::none())`.
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http_client = Some(client);
    }

    /// Sends every request through `transport` instead of reqwest (middleware, a fake:
    /// see [`Transport`]); [`http_client`](Self::http_client) and the connect timeout
    /// then do not apply. Retries, timeouts, the size cap, credentials and redaction do.
    pub fn transport(&mut self, transport: impl Transport) {
        self.transport = Some(Arc::new(transport));
    }

    /// Sets the credential of the security scheme `scheme` (the key under
    /// `components.securitySchemes`), replacing any previous one.
    pub fn credential(&mut self, scheme: &'static str, credential: Credential) {
        match self.credentials.iter_mut().find(|(s, _)| *s == scheme) {
            Some(slot) => slot.1 = credential,
            None => self.credentials.push((scheme, credential)),
        }
    }

    /// Says how a consumer sets the credential of a security scheme, so that
    /// [`Error::MissingCredentials`](crate::Error::MissingCredentials) can name the
    /// builder method and environment variables rather than the spec's scheme key.
    pub fn describe_credential(&mut self, name: CredentialName) {
        self.credential_names.retain(|n| n.scheme != name.scheme);
        self.credential_names.push(name);
    }

    /// Adds a header sent with every request, replacing an earlier one of that name. Its
    /// value is treated as sensitive (never shown in `Debug`). An invalid name or value
    /// makes [`ClientConfig::build`] fail with [`BuildError::InvalidHeader`].
    pub fn header(&mut self, name: &str, value: &str) {
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value).ok());
        match parsed {
            Some((name, mut value)) => {
                value.set_sensitive(true);
                self.headers.insert(name, value);
            }
            None => self.fail(BuildError::InvalidHeader {
                name: name.to_owned(),
            }),
        }
    }

    /// Records that the environment variable `variable` names an environment the crate
    /// does not have; [`ClientConfig::build`] then fails with
    /// [`BuildError::UnknownEnvironment`].
    pub fn unknown_environment(&mut self, variable: &str, value: &str, valid: &[&'static str]) {
        self.fail(BuildError::UnknownEnvironment {
            variable: variable.to_owned(),
            value: value.to_owned(),
            valid: valid.to_vec(),
        });
    }

    fn fail(&mut self, error: BuildError) {
        self.error.get_or_insert(error);
    }

    /// Sends an idempotency key with every call of a non-idempotent method (`POST`,
    /// `PATCH`, …), in the header `name` (e.g. `"Idempotency-Key"`); off by default.
    ///
    /// Each call gets one random key (32 hex digits), the same on every attempt of that
    /// call, so a server that supports idempotency keys carries the call out at most once;
    /// such calls are then retried like idempotent ones (timeouts, 5xx, …; see
    /// [`RetryPolicy`]). A value the request already has in that header (an operation's
    /// own parameter) is kept. An invalid header name makes [`ClientConfig::build`] fail.
    pub fn idempotency_key_header(&mut self, name: &'static str) {
        self.idempotency_key_header = Some(name);
    }

    /// Validates the settings and creates the client engine.
    pub fn build(self) -> Result<Core, BuildError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if let Some(operations) = self.required {
            let configured = |scheme: &str| self.credentials.iter().any(|(s, _)| *s == scheme);
            let name = |scheme: &'static str| name_of(&self.credential_names, scheme);
            let uncallable = crate::credential::uncallable(operations, configured, name);
            if !uncallable.is_empty() {
                return Err(BuildError::MissingCredentials(uncallable));
            }
        }
        let base_url =
            validate_base_url(self.base_url.as_deref().unwrap_or(&self.default_base_url))?;
        // Parsed once: each call's URL starts from a copy of it (see `send::build_url`).
        let base = parse_base(&base_url)?;
        let mut server_overrides = Vec::with_capacity(self.server_overrides.len());
        for (original, replacement) in self.server_overrides {
            let base_url = validate_base_url(&replacement)?;
            let base = parse_base(&base_url)?;
            server_overrides.push((original, base_url, base));
        }
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidHeader {
                name: "user-agent".to_owned(),
            })?;
        let idempotency_key_header = match self.idempotency_key_header {
            Some(name) => Some(HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                BuildError::InvalidHeader {
                    name: name.to_owned(),
                }
            })?),
            None => None,
        };
        let transport = match (self.transport, self.http_client) {
            (Some(transport), _) => Sender::Custom(transport),
            (None, Some(client)) => Sender::Reqwest(client),
            (None, None) => Sender::Reqwest(crate::tls::default_client(self.connect_timeout)?),
        };
        let scrub = Scrub::new(self.credentials.iter().flat_map(|(_, c)| c.secret_forms()));
        let mut base_headers = HeaderMap::with_capacity(1 + self.headers.len());
        base_headers.insert(reqwest::header::USER_AGENT, user_agent);
        for (name, value) in &self.headers {
            base_headers.insert(name.clone(), value.clone());
        }
        Ok(Core {
            inner: Arc::new(Inner {
                transport,
                base_url,
                base,
                custom_base_url: self.custom_base_url,
                server_overrides,
                static_urls: Default::default(),
                base_headers,
                timeout: self.timeout,
                total_timeout: self.total_timeout,
                retry_policy: self.retry_policy,
                credentials: self.credentials,
                credential_names: self.credential_names,
                headers: self.headers,
                idempotency_key_header,
                max_response_bytes: self.max_response_bytes,
                scrub,
            }),
        })
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field(
                "base_url",
                &redact_userinfo(self.base_url.as_ref().unwrap_or(&self.default_base_url)),
            )
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("custom_transport", &self.transport.is_some())
            .field("custom_http_client", &self.http_client.is_some())
            .field("credentials", &self.credentials)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("idempotency_key_header", &self.idempotency_key_header)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("total_timeout", &self.total_timeout)
            .finish()
    }
}

/// `url` with a `user:password@` part (if any) replaced by `[redacted]@`. Textual, so that
/// it also works on strings that do not parse, and on the lenient forms URL parsers accept
/// (`https:u:p@host`, `https:\\u:p@host`).
fn redact_userinfo(url: &str) -> String {
    let after_scheme = url.find(':').map_or(0, |i| i + 1);
    let slashes = url[after_scheme..]
        .bytes()
        .take_while(|b| matches!(b, b'/' | b'\\'))
        .count();
    let start = after_scheme + slashes;
    let rest = &url[start..];
    let authority_end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{REDACTED}{}", &url[..start], &rest[at..]),
        None => url.to_owned(),
    }
}

/// A validated base URL, parsed.
pub(crate) fn parse_base(base_url: &str) -> Result<url::Url, BuildError> {
    url::Url::parse(base_url).map_err(|e| BuildError::InvalidBaseUrl {
        url: redact_userinfo(base_url),
        message: e.to_string(),
    })
}

pub(crate) fn validate_base_url(url: &str) -> Result<String, BuildError> {
    let invalid = |message: &str| BuildError::InvalidBaseUrl {
        url: redact_userinfo(url),
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
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "a base URL cannot hold a user name or password: use a credential instead",
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted() {
        for (url, want) in [
            ("https://u:p@host/x", "https://[redacted]@host/x"),
            ("https://p@h@host", "https://[redacted]@host"),
            ("https:u:p@host", "https:[redacted]@host"),
            ("https:\\\\u:p@host/a@b", "https:\\\\[redacted]@host/a@b"),
            ("https://host/a@b", "https://host/a@b"),
            ("https://host?x@y", "https://host?x@y"),
            ("", ""),
        ] {
            assert_eq!(redact_userinfo(url), want, "{url}");
        }
    }

    #[test]
    fn base_url_with_userinfo_is_refused_without_echoing_it() {
        for url in [
            "https://user:hunter2pw@api.example.com",
            "https://hunter2pw@api.example.com/v1",
            "https:user:hunter2pw@api.example.com",
            "ftp://user:hunter2pw@api.example.com",
            "https://user:hunter2pw@api.example.com/?q",
        ] {
            let mut config = ClientConfig::new("https://default.example.com", "t/1");
            config.base_url(url);
            let debug = format!("{config:?}");
            assert!(!debug.contains("hunter2pw"), "{debug}");
            let err = config.build().unwrap_err();
            assert!(matches!(err, BuildError::InvalidBaseUrl { .. }), "{url}");
            for text in [err.to_string(), format!("{err:?}")] {
                assert!(!text.contains("hunter2pw"), "{text}");
                assert!(text.contains("api.example.com"), "{text}");
            }
        }
        let err = ClientConfig::new("https://user:hunter2pw@h.example.com", "t/1")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("user name or password"), "{err}");
    }

    #[test]
    fn idempotency_key_header_name_is_validated() {
        let mut config = ClientConfig::new("https://api.example.com", "t/1");
        config.idempotency_key_header("bad name");
        assert!(matches!(
            config.build(),
            Err(BuildError::InvalidHeader { ref name }) if name == "bad name"
        ));
        let mut config = ClientConfig::new("https://api.example.com", "t/1");
        config.idempotency_key_header("Idempotency-Key");
        let core = config.build().unwrap();
        assert!(format!("{core:?}").contains("idempotency-key"));
    }
}
