//! Security schemes → builder setters; security requirements → the
//! alternatives each operation accepts.

use openapiv3::{APIKeyLocation, SecurityRequirement, SecurityScheme};

use super::{refs, Ctx};
use crate::ir::{self, SecurityKind, Warning};
use crate::naming::{self, NameSet, SetterKind};
use crate::{Document, Result};

/// Scheme types `openapiv3` models (the rest would fail the whole document).
const MODELLED: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

/// A copy of the document without the security schemes `openapiv3` cannot
/// read (`mutualTLS`, unknown types), or `None` when there are none. Each
/// one skipped is reported.
pub(super) fn without_unsupported_schemes(
    doc: &Document,
    warnings: &mut Vec<Warning>,
) -> Option<Document> {
    let schemes = doc
        .value
        .pointer("/components/securitySchemes")?
        .as_object()?;
    let unsupported: Vec<(String, String)> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("$ref").is_none())
        .filter_map(|(key, scheme)| {
            let kind = scheme.get("type").and_then(|t| t.as_str()).unwrap_or("");
            let location = scheme.get("in").and_then(|t| t.as_str());
            let bad_location =
                kind == "apiKey" && !matches!(location, Some("header" | "query" | "cookie"));
            (!MODELLED.contains(&kind) || bad_location).then(|| (key.clone(), kind.to_string()))
        })
        .collect();
    if unsupported.is_empty() {
        return None;
    }
    let mut copy = doc.clone();
    if let Some(schemes) = copy
        .value
        .pointer_mut("/components/securitySchemes")
        .and_then(|s| s.as_object_mut())
    {
        for (key, kind) in &unsupported {
            schemes.shift_remove(key);
            warnings.push(Warning {
                pointer: refs::pointer(&["components", "securitySchemes", key]),
                message: format!("security scheme of type `{kind}` is not supported: skipped"),
            });
        }
    }
    Some(copy)
}

impl<'a> Ctx<'a> {
    /// The supported security schemes, in spec order, with their setters.
    pub(super) fn security_schemes(&mut self) -> Result<Vec<ir::SecurityScheme>> {
        let api = self.api;
        let Some(components) = api.components.as_ref() else {
            return Ok(Vec::new());
        };
        let mut setters = NameSet::new("_");
        let mut out = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let at = refs::pointer(&["components", "securitySchemes", key]);
            let (scheme, _) =
                self.resolve(scheme, &at, "securitySchemes", |c| &c.security_schemes)?;
            let (kind, setter_kind, description) = match scheme.as_ref() {
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    // The crate already sends this header with every
                    // request (Plaid declares `Plaid-Version` so): the
                    // scheme is met, not a credential to set.
                    if matches!(location, APIKeyLocation::Header) && self.is_fixed_header(name) {
                        self.satisfied_keys.insert(key.clone());
                        continue;
                    }
                    let kind = match location {
                        APIKeyLocation::Header => SecurityKind::ApiKeyHeader { name: name.clone() },
                        APIKeyLocation::Query => SecurityKind::ApiKeyQuery { name: name.clone() },
                        APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie { name: name.clone() },
                    };
                    (kind, SetterKind::ApiKey, description)
                }
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SecurityKind::Bearer, SetterKind::Bearer, description),
                    "basic" => (SecurityKind::Basic, SetterKind::Basic, description),
                    other => {
                        self.warn(
                            &at,
                            format!("http scheme `{other}` is not supported: skipped"),
                        );
                        continue;
                    }
                },
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer, SetterKind::Bearer, description)
                }
            };
            let setter = setters.claim(&naming::security_setter(key, setter_kind));
            self.scheme_keys.insert(key.clone());
            out.push(ir::SecurityScheme {
                key: key.clone(),
                env_suffix: setter.to_ascii_uppercase(),
                setter,
                kind,
                description: description.clone(),
            });
        }
        Ok(out)
    }

    /// Whether the crate sends a header named `name` with every request
    /// ([`super::LowerOptions::fixed_headers`]).
    fn is_fixed_header(&self, name: &str) -> bool {
        self.options
            .fixed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    }

    /// An operation's security alternatives. `requirements` is the
    /// operation's own list, else the document's; `at` its pointer.
    /// Alternatives naming an unsupported or unknown scheme are dropped,
    /// unless that drops them all: then they are kept as they are, so the
    /// call fails with `MissingCredentials` (no credential can be set for
    /// such a scheme) rather than going out without authentication.
    pub(super) fn security(
        &mut self,
        requirements: Option<&Vec<SecurityRequirement>>,
        at: &str,
    ) -> Vec<Vec<String>> {
        let Some(requirements) = requirements else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut dropped = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            // A scheme a fixed header satisfies is met by every request.
            let needed = requirement
                .keys()
                .filter(|k| !self.satisfied_keys.contains(*k));
            let mut needed_again = needed.clone();
            match needed_again.find(|k| !self.scheme_keys.contains(*k)) {
                Some(key) => dropped.push((i, key.clone())),
                None => out.push(needed.cloned().collect()),
            }
        }
        if out.is_empty() && !requirements.is_empty() {
            let keys: Vec<String> = dropped.iter().map(|(_, k)| format!("`{k}`")).collect();
            let message = format!(
                "no security alternative uses a supported scheme ({}): kept, so calls fail with MissingCredentials",
                keys.join(", ")
            );
            self.warn(at, message);
            return requirements
                .iter()
                .map(|r| r.keys().cloned().collect())
                .collect();
        }
        for (i, key) in dropped {
            let message = format!(
                "security requirement uses `{key}`, which is not a supported scheme: alternative dropped"
            );
            self.warn(&refs::push(at, &i.to_string()), message);
        }
        out
    }
}
