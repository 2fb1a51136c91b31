//! A loaded spec: its parsed value, plus what is needed to point back into
//! the source text.

use std::path::PathBuf;

use crate::error::Location;

/// A spec document, parsed but not yet interpreted.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it was read from, as the caller named it.
    pub file: PathBuf,
    /// The whole document. After `normalize`, it is in OpenAPI 3.0 form.
    pub value: serde_json::Value,
    /// Maps JSON pointers to 1-based (line, column) in the source text.
    /// Empty for documents built in memory.
    pub positions: crate::locate::Positions,
}

impl Document {
    /// A document built in memory (tests, fixtures): no source positions.
    pub fn from_value(file: impl Into<PathBuf>, value: serde_json::Value) -> Self {
        Document {
            file: file.into(),
            value,
            positions: Default::default(),
        }
    }

    /// The location of a JSON pointer in this document, with the line and
    /// column of the nearest enclosing node the source text tells us about.
    pub fn location(&self, pointer: &str) -> Location {
        Location {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            line_col: self.positions.find(pointer),
        }
    }
}
