//! [`Credential`]: how one security scheme's secret is put on a request.

use std::fmt;

use reqwest::header::{self, HeaderName, HeaderValue};

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
    /// The header a header, bearer or basic credential travels in, made once here rather
    /// than on every call; `None` for query and cookie credentials.
    pub(crate) header: Option<Result<(HeaderName, HeaderValue), HeaderProblem>>,
}

/// Why a credential cannot travel as the header it should (reported by the call, which
/// knows the scheme's name).
#[derive(Clone, Copy, Debug)]
pub(crate) enum HeaderProblem {
    /// The API key's header name is not a valid header name.
    Name,
    /// The secret is not a valid header value.
    Value,
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
        let sensitive = |text: &str| {
            let mut value = HeaderValue::from_str(text).map_err(|_| HeaderProblem::Value)?;
            value.set_sensitive(true);
            Ok(value)
        };
        let header = match &kind {
            CredentialKind::Header { name, value } => Some(
                HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| HeaderProblem::Name)
                    .and_then(|name| Ok((name, sensitive(value.expose())?))),
            ),
            CredentialKind::Bearer(token) => Some(
                sensitive(&format!("Bearer {}", token.expose()))
                    .map(|value| (header::AUTHORIZATION, value)),
            ),
            CredentialKind::Basic { username, password } => {
                let encoded =
                    crate::base64::encode(format!("{username}:{}", password.expose()).as_bytes());
                Some(
                    sensitive(&format!("Basic {encoded}"))
                        .map(|value| (header::AUTHORIZATION, value)),
                )
            }
            CredentialKind::Query { .. } | CredentialKind::Cookie { .. } => None,
        };
        Credential { kind, header }
    }

    /// Every form in which this credential's secret can travel, and so be echoed back:
    /// as is, percent-encoded (query and cookie values), and base64-encoded (basic auth).
    pub(crate) fn secret_forms(&self) -> Vec<String> {
        match &self.kind {
            CredentialKind::Header { value, .. } | CredentialKind::Bearer(value) => {
                vec![value.expose().to_owned()]
            }
            CredentialKind::Query { value, .. } | CredentialKind::Cookie { value, .. } => vec![
                value.expose().to_owned(),
                crate::params::encode_component(value.expose()),
            ],
            CredentialKind::Basic { username, password } => vec![
                password.expose().to_owned(),
                crate::base64::encode(format!("{username}:{}", password.expose()).as_bytes()),
            ],
        }
    }
}

/// How a consumer sets the credential of one security scheme: what
/// [`Error::MissingCredentials`](crate::Error::MissingCredentials) names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialName {
    /// The key under `components.securitySchemes` of the spec.
    pub scheme: &'static str,
    /// The generated `ClientBuilder` method that sets it (`client_id`).
    pub builder_method: &'static str,
    /// The environment variables `from_env()` reads it from (`PLAID_CLIENT_ID`).
    pub env_vars: &'static [&'static str],
}

impl CredentialName {
    /// Names a scheme's credential by the builder method and environment variables that
    /// set it.
    pub fn new(
        scheme: &'static str,
        builder_method: &'static str,
        env_vars: &'static [&'static str],
    ) -> Self {
        CredentialName {
            scheme,
            builder_method,
            env_vars,
        }
    }
}

impl fmt::Display for CredentialName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`ClientBuilder::{}`", self.builder_method)?;
        match self.env_vars {
            [] => Ok(()),
            [one] => write!(f, " (or `{one}`)"),
            many => write!(f, " (or `{}`)", many.join("` and `")),
        }
    }
}

/// The credentials an operation needs but that are not configured; nothing was sent.
///
/// `Display` names the builder methods and environment variables to set, e.g.
/// ``missing credentials, nothing was sent: set `ClientBuilder::secret` (or `PLAID_SECRET`)``.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MissingCredentials {
    /// One entry per security alternative that would do, each listing the credentials of
    /// that alternative that are missing. When an alternative is partly configured, only
    /// the partly configured alternatives are listed.
    pub alternatives: Vec<Vec<CredentialName>>,
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing credentials, nothing was sent: ")?;
        self.write_needs(f)
    }
}

impl MissingCredentials {
    /// `` set `ClientBuilder::a` and `ClientBuilder::b`, or `ClientBuilder::c` ``.
    fn write_needs(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("set ")?;
        for (i, alternative) in self.alternatives.iter().enumerate() {
            if i > 0 {
                f.write_str(", or ")?;
            }
            for (j, name) in alternative.iter().enumerate() {
                if j > 0 {
                    f.write_str(" and ")?;
                }
                write!(f, "{name}")?;
            }
        }
        Ok(())
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

/// The name of `scheme`'s credential among `names`; the scheme key when none is given.
pub(crate) fn name_of(names: &[CredentialName], scheme: &'static str) -> CredentialName {
    (names.iter().find(|n| n.scheme == scheme).cloned()).unwrap_or(CredentialName::new(
        scheme,
        scheme,
        &[],
    ))
}

/// An operation and its security alternatives (as `Request::security` takes them), for
/// `ClientConfig::require_credentials`.
pub type OperationSecurity = (&'static str, &'static [&'static [&'static str]]);

/// The operations a client cannot call with the credentials it was built with
/// ([`BuildError::MissingCredentials`](crate::BuildError::MissingCredentials)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Uncallable {
    /// Each operation (its method name) with what it lacks.
    pub operations: Vec<(&'static str, MissingCredentials)>,
}

impl Uncallable {
    /// Whether every operation can be called.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }
}

/// How many operations the message names before "and N more".
const NAMED_OPERATIONS: usize = 3;

impl fmt::Display for Uncallable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.operations.len();
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} operation{plural} cannot be called: ")?;
        // Operations needing the same credentials are named together.
        let mut groups: Vec<(&MissingCredentials, Vec<&str>)> = Vec::new();
        for (operation, missing) in &self.operations {
            match groups.iter_mut().find(|(m, _)| *m == missing) {
                Some((_, names)) => names.push(operation),
                None => groups.push((missing, vec![operation])),
            }
        }
        for (i, (missing, names)) in groups.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            let shown: Vec<String> = (names.iter().take(NAMED_OPERATIONS))
                .map(|n| format!("`{n}`"))
                .collect();
            f.write_str(&shown.join(", "))?;
            if names.len() > NAMED_OPERATIONS {
                write!(f, " and {} more", names.len() - NAMED_OPERATIONS)?;
            }
            f.write_str(" (")?;
            missing.write_needs(f)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// The operations none of whose alternatives naming credentials is fully `configured`
/// (anonymous alternatives do not count; an operation naming none always passes), each
/// with the credentials of its alternatives that are missing.
pub(crate) fn uncallable(
    operations: &[OperationSecurity],
    configured: impl Fn(&str) -> bool,
    name: impl Fn(&'static str) -> CredentialName,
) -> Uncallable {
    let mut out = Vec::new();
    for &(operation, alternatives) in operations {
        let named: Vec<_> = alternatives.iter().filter(|a| !a.is_empty()).collect();
        if named.is_empty() || named.iter().any(|a| a.iter().all(|s| configured(s))) {
            continue;
        }
        let mut missing: Vec<Vec<CredentialName>> = Vec::new();
        for alternative in named {
            let names: Vec<_> = (alternative.iter())
                .filter(|s| !configured(s))
                .map(|s| name(s))
                .collect();
            if !missing.contains(&names) {
                missing.push(names);
            }
        }
        out.push((
            operation,
            MissingCredentials {
                alternatives: missing,
            },
        ));
    }
    Uncallable { operations: out }
}
