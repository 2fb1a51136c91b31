//! Spec → IR. (stub)
use std::collections::BTreeMap;

use crate::{ir, Document, Result};

/// Naming overrides from `providers.toml`.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// Component schema name → Rust type name.
    pub type_renames: BTreeMap<String, String>,
    /// `operationId` (or `METHOD /path` when there is none) → method name.
    pub method_renames: BTreeMap<String, String>,
}

/// Builds the IR of a normalized document.
pub fn lower(_doc: &Document, _options: &LowerOptions) -> Result<ir::Api> {
    Err(crate::Error::Unsupported {
        location: Default::default(),
        message: "lowering is not implemented yet".into(),
    })
}
