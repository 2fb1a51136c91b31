//! `servers` → the variants of the generated `Environment` enum; a path
//! item's or an operation's own `servers` → its server URL.

use super::Ctx;
use crate::ir::Server;
use crate::naming::{self, NameSet};

/// Replaces `{variable}`s by their defaults; returns the URL and the
/// variables that had none.
fn substitute(url: &str, server: &openapiv3::Server) -> (String, Vec<String>) {
    let mut out = String::with_capacity(url.len());
    let mut missing = Vec::new();
    for piece in naming::template_pieces(url) {
        let name = match piece {
            naming::TemplatePiece::Text(text) => {
                out.push_str(text);
                continue;
            }
            naming::TemplatePiece::Name(name) => name,
        };
        match server.variables.as_ref().and_then(|v| v.get(name)) {
            Some(variable) => out.push_str(&variable.default),
            None => {
                missing.push(name.to_string());
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }
    (out, missing)
}

impl<'a> Ctx<'a> {
    /// One `Server` per entry of `servers`, in spec order.
    pub(super) fn servers(&mut self) -> Vec<Server> {
        let api = self.api;
        let found: Vec<Option<&'static str>> = api
            .servers
            .iter()
            .map(|s| naming::environment_variant(s.description.as_deref(), &s.url))
            .collect();
        let production_taken = found.contains(&Some("Production"));
        let mut names = NameSet::new("");
        let mut out = Vec::with_capacity(api.servers.len());
        for (i, (server, found)) in api.servers.iter().zip(found).enumerate() {
            let at = format!("/servers/{i}");
            let (url, missing) = substitute(&server.url, server);
            for variable in missing {
                self.warn(
                    &at,
                    format!("server variable `{variable}` has no default: kept as written"),
                );
            }
            if !url.contains("://") {
                self.warn(
                    &at,
                    "relative server URL: kept as given (resolve it against the spec's own URL)",
                );
            }
            let base = match found {
                Some(variant) => variant.to_string(),
                None if i == 0 && !production_taken => "Production".to_string(),
                None => format!("Server{}", i + 1),
            };
            let variant = names.claim(&base);
            out.push(Server {
                name: naming::snake(&variant),
                variant,
                url,
                description: server.description.clone(),
            });
        }
        out
    }

    /// The URL of an operation's own server, from its (or its path item's)
    /// `servers` at `at`: the first, its variables at their defaults. One
    /// that is relative or keeps a variable without default is ignored (the
    /// client's base URL is used), with a warning.
    pub(super) fn operation_server(
        &mut self,
        servers: &[openapiv3::Server],
        at: &str,
    ) -> Option<String> {
        let server = servers.first()?;
        let at = format!("{at}/0");
        if servers.len() > 1 {
            self.warn(&at, "several servers for one operation: the first is used");
        }
        let (url, missing) = substitute(&server.url, server);
        let problem = if let Some(variable) = missing.first() {
            format!("server variable `{variable}` has no default")
        } else if !(url.starts_with("https://") || url.starts_with("http://")) {
            "not an absolute http(s) URL".to_string()
        } else {
            return Some(url.trim_end_matches('/').to_string());
        };
        self.warn(
            &at,
            format!(
                "operation server `{}`: {problem}: the client's base URL is used",
                server.url
            ),
        );
        None
    }
}
