//! [`Credential`]: how one security scheme's secret is put on a request.

use std::fmt;

use crate::secret::{Secret, REDACTED};

/// How one security scheme's credential is applied to a request.
///
/// Configured per security scheme key with
/// [`ClientConfig::credential`](crate::ClientConfig::credential);
/// [`Request::security`](crate::Request::security) decides which ones a request uses.
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credential {
    pub(crate) kind: CredentialKind,
}

/// The private representation of a [`Credential`].
#[derive(Clone)]
pub(crate) enum CredentialKind {
    /// An API key in a header.
    Header { name: &'static str, value: Secret },
    /// An API key in the query string.
    Query { name: &'static str, value: Secret },
    /// An API key in a cookie.
    Cookie { name: &'static str, value: Secret },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: Secret },
}

impl Credential {
    /// An API key sent in the header `name` (`in: header` apiKey scheme).
    pub fn header(name: &'static str, value: impl Into<Secret>) -> Self {
        Self::from_kind(CredentialKind::Header {
            name,
            value: value.into(),
        })
    }

    /// An API key sent as the query parameter `name` (`in: query` apiKey scheme).
    pub fn query(name: &'static str, value: impl Into<Secret>) -> Self {
        Self::from_kind(CredentialKind::Query {
            name,
            value: value.into(),
        })
    }

    /// An API key sent as the cookie `name` (`in: cookie` apiKey scheme).
    pub fn cookie(name: &'static str, value: impl Into<Secret>) -> Self {
        Self::from_kind(CredentialKind::Cookie {
            name,
            value: value.into(),
        })
    }

    /// A bearer token, sent as `Authorization: Bearer <token>` (http `bearer` scheme and
    /// OAuth 2 / OpenID Connect access tokens).
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::from_kind(CredentialKind::Bearer(token.into()))
    }

    /// HTTP basic authentication, sent as `Authorization: Basic base64(username:password)`.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self::from_kind(CredentialKind::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    fn from_kind(kind: CredentialKind) -> Self {
        Credential { kind }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CredentialKind::Header { name, .. } => f
                .debug_struct("Header")
                .field("name", name)
                .field("value", &Redacted)
                .finish(),
            CredentialKind::Query { name, .. } => f
                .debug_struct("Query")
                .field("name", name)
                .field("value", &Redacted)
                .finish(),
            CredentialKind::Cookie { name, .. } => f
                .debug_struct("Cookie")
                .field("name", name)
                .field("value", &Redacted)
                .finish(),
            CredentialKind::Bearer(_) => f.debug_tuple("Bearer").field(&Redacted).finish(),
            CredentialKind::Basic { .. } => f
                .debug_struct("Basic")
                .field("username", &Redacted)
                .field("password", &Redacted)
                .finish(),
        }
    }
}

/// Prints `[redacted]` in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}
