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
// An `emit` or `lower` function returns `Result` only where input can fail.
#![warn(clippy::unnecessary_wraps)]

mod bundle;
pub mod document;
pub mod emit;
pub mod error;
pub mod ir;
mod ir_walk;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod normalize;
mod plan;
pub mod pointer;
pub mod surface;

pub use document::Document;
pub use emit::{CrateOptions, GeneratedFile};
pub use error::{Error, Location, Result};
pub use lower::LowerOptions;

use std::path::Path;

/// A generated crate, and what the generator had to approximate on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files, paths relative to its root, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Non-fatal findings, each with its JSON pointer.
    pub warnings: Vec<ir::Warning>,
    /// The crate's public API, one item per public item (what `API.md`
    /// lists).
    pub surface: surface::Surface,
}

/// Runs the whole pipeline on a spec file.
pub fn generate(spec: &Path, lower: &LowerOptions, krate: &CrateOptions) -> Result<Generated> {
    generate_document(load::load(spec)?, lower, krate)
}

/// [`generate`], and the `main.rs` of the crate's wire driver
/// ([`emit::driver_main`]), from the same IR: for `cargo xtask corpus --wire`.
pub fn generate_with_driver(
    spec: &Path,
    lower: &LowerOptions,
    krate: &CrateOptions,
) -> Result<(Generated, String)> {
    let document = load::load(spec)?;
    let file = document.file.clone();
    load::on_big_stack(move || {
        let (generated, api) = generate_parts(document, lower, krate)?;
        Ok((generated, emit::driver_main(&api, krate)?))
    })
    .map_err(|source| Error::Io { file, source })?
}

/// Runs the whole pipeline on spec text; `file` names it in errors.
pub fn generate_from_str(
    file: &Path,
    text: &str,
    lower: &LowerOptions,
    krate: &CrateOptions,
) -> Result<Generated> {
    generate_document(load::parse(file, text)?, lower, krate)
}

/// Runs the stages after `load` on a thread with a large stack: each of
/// them recurses once per nesting level somewhere (normalize, lowering, and
/// `syn` re-parsing emitted types such as `Vec<Vec<…>>` 64 deep), with large
/// frames in debug builds, so the caller's stack (2 MB for a test thread)
/// is not enough for the deepest documents the readers accept.
fn generate_document(
    document: Document,
    lower: &LowerOptions,
    krate: &CrateOptions,
) -> Result<Generated> {
    let file = document.file.clone();
    load::on_big_stack(move || generate_here(document, lower, krate))
        .map_err(|source| Error::Io { file, source })?
}

fn generate_here(
    document: Document,
    lower: &LowerOptions,
    krate: &CrateOptions,
) -> Result<Generated> {
    Ok(generate_parts(document, lower, krate)?.0)
}

/// The generated crate, and the IR it came from.
fn generate_parts(
    mut document: Document,
    lower: &LowerOptions,
    krate: &CrateOptions,
) -> Result<(Generated, ir::Api)> {
    let mut warnings = normalize::normalize(&mut document)?;
    let api = lower::lower(&document, lower)?;
    warnings.extend(api.warnings.iter().cloned());
    let (files, surface) = emit::emit_with_surface(&api, krate)?;
    Ok((
        Generated {
            files,
            warnings,
            surface,
        },
        api,
    ))
}
