//! [`Core`]: the engine a [`ClientConfig`](crate::ClientConfig) builds, which every
//! generated `Client` wraps (the send path is in `send.rs` and `prepare.rs`).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::Method;

use crate::credential::{name_of, Credential, CredentialName};
use crate::request::Request;
use crate::request_url::StaticUrls;
use crate::retry::RetryPolicy;
use crate::secret::Scrub;
use crate::transport::Sender;

/// The configured engine of a generated `Client`. Cheap to clone (an `Arc` inside).
///
/// `Debug` shows which security schemes have credentials, never the credentials.
#[derive(Clone)]
pub struct Core {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) transport: Sender,
    /// Without a trailing `/`.
    pub(crate) base_url: String,
    /// `base_url`, parsed.
    pub(crate) base: url::Url,
    /// Whether `base_url` is the consumer's own (see [`ClientConfig::server_override`](crate::ClientConfig::server_override)).
    pub(crate) custom_base_url: bool,
    /// `(operation server URL, replacement base URL, parsed)`.
    pub(crate) server_overrides: Vec<(String, String, url::Url)>,
    /// The URL of each operation whose path has no parameter (its path is its template),
    /// made on its first call: at most one entry per such operation.
    pub(crate) static_urls: std::sync::RwLock<StaticUrls>,
    /// What every request's headers start from: the user agent, then the default headers
    /// (built once, not per call).
    pub(crate) base_headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry_policy: RetryPolicy,
    /// By security scheme, each scheme once (as `ClientConfig::credential` keeps them).
    /// A list, not a map: a client has a few, and comparing a few short names costs a
    /// call less than hashing one.
    pub(crate) credentials: Vec<(&'static str, Credential)>,
    pub(crate) credential_names: Vec<CredentialName>,
    pub(crate) headers: HeaderMap,
    pub(crate) idempotency_key_header: Option<HeaderName>,
    pub(crate) max_response_bytes: usize,
    /// The configured credentials' values, cut out of error and response output.
    pub(crate) scrub: Scrub,
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
        self.credential(scheme).is_some()
    }

    /// Starts a request. `template` is the spec's path template (`"/users/{id}"`, what
    /// traces show); `path` is that template with its parameters substituted (see
    /// [`path_param`](crate::path_param)), e.g. `"/users/42"`, appended to the base URL.
    pub fn request(&self, method: Method, template: &'static str, path: String) -> Request {
        Request::new(method, template, Cow::Owned(path))
    }

    /// Starts a request whose path is its template (a path without parameters): the
    /// template is the path, borrowed rather than copied into a `String` on each call.
    pub fn request_template(&self, method: Method, template: &'static str) -> Request {
        Request::new(method, template, Cow::Borrowed(template))
    }

    /// The credential configured for the security scheme `scheme`.
    pub(crate) fn credential(&self, scheme: &str) -> Option<&Credential> {
        (self.inner.credentials.iter())
            .find(|(configured, _)| *configured == scheme)
            .map(|(_, credential)| credential)
    }

    /// The name a consumer knows a security scheme's credential by.
    pub(crate) fn credential_name(&self, scheme: &'static str) -> CredentialName {
        name_of(&self.inner.credential_names, scheme)
    }
}

/// What [`Redirect::follow`](crate::Redirect::follow) takes: a generated `Client`, or the
/// engine itself.
impl AsRef<Core> for Core {
    fn as_ref(&self) -> &Core {
        self
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut schemes: Vec<&str> = self.inner.credentials.iter().map(|(s, _)| *s).collect();
        schemes.sort_unstable();
        f.debug_struct("Core")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry_policy", &self.inner.retry_policy)
            .field("credentials", &schemes)
            .field("headers", &self.inner.headers.keys().collect::<Vec<_>>())
            .field("idempotency_key_header", &self.inner.idempotency_key_header)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("total_timeout", &self.inner.total_timeout)
            .finish()
    }
}
