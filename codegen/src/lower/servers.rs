//! `servers` → the variants of the generated `Environment` enum.

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
}
