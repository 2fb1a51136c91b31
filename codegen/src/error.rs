//! Located errors: every failure names the spec file, the JSON pointer of the
//! offending node and, where the loader could map it, the line and column.

use std::fmt;
use std::path::PathBuf;

/// A place in a spec document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The spec file, as the caller named it.
    pub file: PathBuf,
    /// RFC 6901 JSON pointer of the offending node (`""` is the document root).
    pub pointer: String,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, " at #{pointer}")
    }
}

/// Everything that can go wrong turning a spec into a crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}", file = .file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// The file is not valid YAML or JSON.
    #[error("{location}: invalid {format}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// `YAML` or `JSON`.
        format: &'static str,
        /// What the parser said.
        message: String,
    },
    /// The document is not an OpenAPI 3.0/3.1 document we can use.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` points nowhere, or outside the document.
    #[error("{location}: unresolved $ref `{reference}`: {message}")]
    UnresolvedRef {
        /// Where the `$ref` stands.
        location: Location,
        /// The reference as written.
        reference: String,
        /// Why it does not resolve.
        message: String,
    },
    /// A `$ref` chain loops back on itself without ever reaching a schema.
    #[error("{location}: $ref cycle: {chain}")]
    RefCycle {
        /// Where the cycle was entered.
        location: Location,
        /// The refs of the cycle, joined by ` -> `.
        chain: String,
    },
    /// The spec uses something the generator does not support.
    #[error("{location}: unsupported: {message}")]
    Unsupported {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
}

impl Error {
    /// The location the error points at, if it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Io { .. } => None,
            Error::Syntax { location, .. }
            | Error::Invalid { location, .. }
            | Error::UnresolvedRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
        }
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
