//! A loaded spec: its parsed value, plus what is needed to point back into
//! the source text.

use std::path::PathBuf;

use crate::locate::Positions;

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
    /// The nodes copied in from other files of a spec split across files,
    /// so that a location inside one names its own file.
    pub parts: Vec<Part>,
}

/// A node copied from another file: where it sits in the gathered document,
/// and where it was written.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its JSON pointer in the gathered document.
    pub at: String,
    /// The file it was copied from, as reached from the spec's path.
    pub file: PathBuf,
    /// Its JSON pointer in that file.
    pub pointer: String,
    /// That file's source positions.
    pub positions: Positions,
}

impl Document {
    /// A document built in memory (tests, fixtures): no source positions.
    pub fn from_value(file: impl Into<PathBuf>, value: serde_json::Value) -> Self {
        Document {
            file: file.into(),
            value,
            positions: Default::default(),
            parts: Vec::new(),
        }
    }

    /// The location of a JSON pointer in this document, with the line and
    /// column of the nearest enclosing node the source text tells us about.
    pub fn location(&self, pointer: &str) -> Location {
        // The innermost copy holding it, when a copy does.
        let part = (self.parts.iter())
            .filter(|part| within(pointer, &part.at))
            .max_by_key(|part| part.at.len());
        if let Some(part) = part {
            let inner = format!("{}{}", part.pointer, &pointer[part.at.len()..]);
            return Location {
                file: part.file.clone(),
                line_col: part.positions.find(&inner),
                pointer: inner,
            };
        }
        Location {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            line_col: self.positions.find(pointer),
        }
    }
}

/// Whether `pointer` is `base` or under it.
fn within(pointer: &str, base: &str) -> bool {
    pointer
        .strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
