//! `specs/providers.toml`: the one list of providers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// One provider: where its spec is and what its crate is called.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Spec file, relative to `specs/`.
    pub spec: PathBuf,
    /// Package name of the generated crate.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Package version of the generated crate.
    pub version: String,
    /// Prefix of the environment variables the client's `from_env()` reads.
    pub env_prefix: String,
    /// One-line package description.
    #[serde(default)]
    pub description: Option<String>,
    /// Headers the client sends with every request (`"Plaid-Version" = "2020-09-14"`).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Operations (`operationId` or `METHOD /path`) safe to repeat whatever their HTTP
    /// method: retried like a `GET`.
    #[serde(default)]
    pub retry_safe: Vec<String>,
    /// Operations (`operationId` or `METHOD /path`) → how they page, where the spec does
    /// not say and the generator's inference would not find it:
    /// `listLogs = { shape = "cursor", param = "from", next = "paging.resume_from" }`
    /// (the fields of `x-linkgen-pagination`; `shape = "none"` turns a paginator off).
    #[serde(default)]
    pub pagination: BTreeMap<String, codegen::lower::PagingDecl>,
    /// Naming overrides.
    #[serde(default)]
    pub rename: Renames,
}

/// Naming overrides, for when the generator's own rules read badly.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renames {
    /// Component schema name → Rust type name.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// `operationId` (or `METHOD /path`) → method name.
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
}

/// The providers, by key (the directory name under `generated/`), in key order.
pub fn load(root: &Path) -> Result<BTreeMap<String, Provider>> {
    load_manifest(root, "specs/providers.toml")
}

/// The crates a manifest of the `providers.toml` schema lists (`manifest`,
/// relative to `root`), by key, in key order.
pub fn load_manifest(root: &Path, manifest: &str) -> Result<BTreeMap<String, Provider>> {
    let path = root.join(manifest);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let providers: BTreeMap<String, Provider> =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    for key in providers.keys() {
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            bail!("{}: provider key `{key}` must be lowercase letters, digits and `-` (it names a directory)", path.display());
        }
    }
    for (key, provider) in &providers {
        check_env_prefix(&provider.env_prefix)
            .with_context(|| format!("{}: provider `{key}`", path.display()))?;
    }
    Ok(providers)
}

/// An environment-variable prefix (`env_prefix`, `generate --env-prefix`):
/// uppercase ASCII letters, digits and `_`, not starting with a digit or
/// `_`, or empty (the names are then the bare suffixes: `ENV`, `BASE_URL`…).
pub fn check_env_prefix(prefix: &str) -> Result<()> {
    let valid = prefix.is_empty()
        || (prefix.starts_with(|c: char| c.is_ascii_uppercase())
            && prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
    if !valid {
        bail!("env prefix `{prefix}` must be uppercase letters, digits and `_`, starting with a letter (e.g. `ACME`)");
    }
    Ok(())
}

impl Provider {
    /// The generator's naming overrides.
    pub fn lower_options(&self) -> codegen::LowerOptions {
        codegen::LowerOptions {
            type_renames: self.rename.types.clone(),
            method_renames: self.rename.methods.clone(),
            retry_safe: self.retry_safe.iter().cloned().collect(),
            pagination: self.pagination.clone(),
            tag_features: codegen::lower::TagFeatures::Auto,
            fixed_headers: self.headers.keys().cloned().collect(),
        }
    }
}

/// The provider `key`, or an error listing the known ones.
pub fn find(root: &Path, key: &str) -> Result<Provider> {
    let mut all = load(root)?;
    match all.remove(key) {
        Some(provider) => Ok(provider),
        None => {
            let known: Vec<_> = all.keys().map(String::as_str).collect();
            bail!(
                "no provider `{key}` in specs/providers.toml (known: {})",
                known.join(", ")
            )
        }
    }
}

/// The provider's version in a `providers.toml` text; `None` when it has no
/// such provider.
pub fn version_in(text: &str, key: &str) -> Result<Option<String>> {
    let providers: BTreeMap<String, Provider> =
        toml::from_str(text).context("specs/providers.toml is not valid")?;
    Ok(providers.get(key).map(|p| p.version.clone()))
}

/// Sets the provider's `version` in `specs/providers.toml`, editing that one
/// line so that comments and layout stay as the maintainer wrote them.
pub fn set_version(root: &Path, key: &str, version: &str) -> Result<()> {
    let path = root.join("specs/providers.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut table = None::<String>;
    let mut done = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = Some(trimmed.trim_matches(['[', ']']).trim().to_owned());
        }
        let is_version = trimmed
            .strip_prefix("version")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !done && is_version && table.as_deref() == Some(key) {
            let newline = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("version = \"{version}\"{newline}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if !done {
        bail!("{}: no `version` line in [{key}]", path.display());
    }
    std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))
}
