//! The environment variables a generated `ClientBuilder::from_env` reads:
//! their names (by [`naming::env_var`](crate::naming::env_var)'s rule, from
//! the crate's prefix) and the docs that list them.

use proc_macro2::TokenStream;

use super::docs::{self, Doc};
use super::Ctx;
use crate::ir::{SecurityKind, SecurityScheme};

/// The name of an environment variable `from_env` reads (the rule is
/// [`naming::env_var`](crate::naming::env_var)'s).
pub(crate) fn env_var(ctx: &Ctx<'_>, suffix: &str) -> String {
    crate::naming::env_var(&ctx.options.env_prefix, suffix).name
}

/// One sentence per variable `from_env` reads under another name than
/// `{PREFIX}_{SUFFIX}` because a tool owns that one, for the docs.
pub(crate) fn moved_env_vars(ctx: &Ctx<'_>) -> Vec<String> {
    let mut suffixes = Vec::new();
    if !ctx.api.servers.is_empty() {
        suffixes.push("ENV".to_owned());
    }
    suffixes.push("BASE_URL".to_owned());
    suffixes.extend(ctx.api.security_schemes.iter().flat_map(scheme_suffixes));
    suffixes
        .iter()
        .map(|suffix| crate::naming::env_var(&ctx.options.env_prefix, suffix))
        .filter_map(|var| {
            let (owned, owner) = var.avoids?;
            Some(format!(
                "{} is read instead of {}, which belongs to {owner}.",
                docs::code(&var.name),
                docs::code(owned)
            ))
        })
        .collect()
}

/// The variables one scheme's credential is read from.
pub(crate) fn scheme_vars(ctx: &Ctx<'_>, scheme: &SecurityScheme) -> Vec<String> {
    scheme_suffixes(scheme)
        .iter()
        .map(|suffix| env_var(ctx, suffix))
        .collect()
}

/// What follows the prefix in the names of [`scheme_vars`].
fn scheme_suffixes(scheme: &SecurityScheme) -> Vec<String> {
    match scheme.kind {
        SecurityKind::Basic => vec![
            format!("{}_USERNAME", scheme.env_suffix),
            format!("{}_PASSWORD", scheme.env_suffix),
        ],
        _ => vec![scheme.env_suffix.clone()],
    }
}

/// The doc of `from_env`: every variable it reads.
pub(crate) fn from_env_doc(ctx: &Ctx<'_>) -> TokenStream {
    let mut vars: Vec<String> = Vec::new();
    if !ctx.api.servers.is_empty() {
        vars.push(format!(
            "{} (an environment's name: {})",
            docs::code(&env_var(ctx, "ENV")),
            ctx.api
                .servers
                .iter()
                .map(|s| docs::code(&s.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    vars.push(docs::code(&env_var(ctx, "BASE_URL")));
    vars.extend(
        ctx.api
            .security_schemes
            .iter()
            .flat_map(|s| scheme_vars(ctx, s))
            .map(|v| docs::code(&v)),
    );
    let var_list = vars
        .iter()
        .map(|v| format!("- {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut doc = Doc::new()
        .line("Reads settings from environment variables; unset or empty ones are skipped:")
        .line(var_list);
    for moved in moved_env_vars(ctx) {
        doc = doc.line(moved);
    }
    doc.line("An environment name that is not one of the crate's makes [`build`](Self::build) fail with [`BuildError::UnknownEnvironment`](crate::BuildError::UnknownEnvironment).")
        .line("[`from_env_with`](Self::from_env_with) reads them from elsewhere (a map, in tests).")
        .outer()
}
