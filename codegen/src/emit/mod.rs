//! IR → Rust source files. (stub)
use std::path::PathBuf;

use crate::{ir, Result};

/// What the emitted crate is called and how it finds the runtime.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// Package name (`plaid-client`).
    pub crate_name: String,
    /// Package version.
    pub version: String,
    /// Package description; defaults to one built from the API title.
    pub description: Option<String>,
    /// The TOML value of the runtime dependency, e.g.
    /// `{ path = "../../runtime" }` or `"0.1"`.
    pub runtime_dependency: String,
    /// Prefix of the environment variables `from_env()` reads (`PLAID`).
    pub env_prefix: String,
    /// Add an empty `[workspace]` table so the crate builds wherever it lands.
    pub standalone: bool,
    /// The spec file the crate was generated from, for the header comment.
    pub spec_file: String,
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root (`src/types.rs`).
    pub path: PathBuf,
    /// Full contents.
    pub contents: String,
}

/// Renders the crate.
pub fn emit(_api: &ir::Api, _options: &CrateOptions) -> Result<Vec<GeneratedFile>> {
    Ok(Vec::new())
}
