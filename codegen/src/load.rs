//! Reading a spec file. (stub)
use std::path::{Path, PathBuf};

use crate::{Document, Result};

/// Reads and parses a spec file (YAML or JSON).
pub fn load(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
        file: path.to_path_buf(),
        source,
    })?;
    parse(path, &text)
}

/// Parses spec text; `file` is only used in errors.
pub fn parse(file: impl Into<PathBuf>, text: &str) -> Result<Document> {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    Ok(Document::from_value(file, value))
}
