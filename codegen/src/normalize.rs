//! OpenAPI 3.1 → 3.0 rewriting. (stub)
use crate::{ir::Warning, Document, Result};

/// Rewrites `doc.value` in place into the 3.0 form `openapiv3` reads.
pub fn normalize(_doc: &mut Document) -> Result<Vec<Warning>> {
    Ok(Vec::new())
}

/// The normalized document as an `openapiv3` model. (temporary version: the
/// integrator keeps the real one)
pub fn to_openapi(doc: &Document) -> Result<openapiv3::OpenAPI> {
    serde_json::from_value(doc.value.clone()).map_err(|e| crate::Error::Invalid {
        location: doc.location(""),
        message: format!("not an OpenAPI 3.0 document: {e}"),
    })
}
