//! Turns an OpenAPI 3.0/3.1 document into the source of a typed, async Rust
//! client crate.
//!
//! The pipeline runs one way, each stage in its own module:
//!
//! ```text
//! load (YAML/JSON → Document) → normalize (3.1 → 3.0) → lower (→ ir::Api) → emit (→ files)
//! ```
//!
//! Nothing here prints or exits: every stage returns a value or an
//! [`Error`] that names the file, the JSON pointer and, where known, the line.
#![deny(missing_docs)]

pub mod document;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod normalize;

pub use document::Document;
pub use emit::{CrateOptions, GeneratedFile};
pub use lower::LowerOptions;
pub use error::{Error, Location, Result};
