//! OpenAPI 3.1 → 3.0 rewriting. (stub)
use crate::{ir::Warning, Document, Result};

/// Rewrites `doc.value` in place into the 3.0 form `openapiv3` reads.
pub fn normalize(_doc: &mut Document) -> Result<Vec<Warning>> {
    Ok(Vec::new())
}
