//! The one way a test turns a spec into IR: the public stages
//! `codegen::generate` runs, in its order (`load::parse` →
//! `normalize::normalize` → `lower::lower`), so a test lowers what a user's
//! spec would become. What a test changes is said at its call, on a
//! [`Lowering`]: where the document comes from (text, an in-memory value, a
//! fixture), the `LowerOptions`, and, for the tests of lowering alone,
//! [`Lowering::skip_normalize`].

use std::path::{Path, PathBuf};

use codegen::ir::{Api, Warning};
use codegen::{Document, Error, LowerOptions};

/// A spec on its way to IR; [`Lowering::run`] (or [`Lowering::api`],
/// [`Lowering::error`]) runs the stages.
pub struct Lowering {
    /// The loaded document, or the loader's error (which `run` returns).
    document: codegen::Result<Document>,
    normalize: bool,
    options: LowerOptions,
}

/// What the stages made of a spec.
pub struct Lowered {
    pub api: Api,
    /// Every warning, normalize's first, then lowering's: what
    /// `codegen::Generated::warnings` holds.
    pub warnings: Vec<Warning>,
}

impl Lowering {
    /// Spec text, read by the loader (`load::parse`: YAML, or JSON when it
    /// opens with `{`), so errors carry `file` and a line:column.
    pub fn text(file: impl Into<PathBuf>, text: &str) -> Self {
        Self::document(codegen::load::parse(file, text))
    }

    /// A spec file, read as `codegen::generate` reads one (`load::load`).
    pub fn file(path: impl AsRef<Path>) -> Self {
        Self::document(codegen::load::load(path.as_ref()))
    }

    /// A document built in memory (`Document::from_value`): no source
    /// positions, and none of the loader's limits, so a test can hand
    /// lowering nesting deeper than the readers accept.
    pub fn value(file: impl Into<PathBuf>, value: serde_json::Value) -> Self {
        Self::loaded(Document::from_value(file, value))
    }

    /// `codegen/tests/fixtures/lower/<name>`, read by the loader
    /// (`load::parse`) and named by its bare file name, so errors read the
    /// same on every machine.
    pub fn fixture(name: &str) -> Self {
        let path = super::fixture_path(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Self::text(name, &text)
    }

    /// A document already loaded (and perhaps changed by the test).
    pub fn loaded(document: Document) -> Self {
        Self::document(Ok(document))
    }

    fn document(document: codegen::Result<Document>) -> Self {
        Lowering {
            document,
            normalize: true,
            options: LowerOptions::default(),
        }
    }

    /// Lowers with these options (by default, `LowerOptions::default()`).
    pub fn options(self, options: LowerOptions) -> Self {
        Lowering { options, ..self }
    }

    /// Hands the document to `lower` as it was loaded: for the tests of
    /// lowering alone, on input normalize would have rewritten first.
    pub fn skip_normalize(self) -> Self {
        Lowering {
            normalize: false,
            ..self
        }
    }

    /// Runs the stages; the first error stops them.
    pub fn run(self) -> codegen::Result<Lowered> {
        let mut document = self.document?;
        let mut warnings = if self.normalize {
            codegen::normalize::normalize(&mut document)?
        } else {
            Vec::new()
        };
        let api = codegen::lower::lower(&document, &self.options)?;
        warnings.extend(api.warnings.iter().cloned());
        Ok(Lowered { api, warnings })
    }

    /// The IR, for a spec the stages accept (else the test fails with the
    /// located error).
    pub fn api(self) -> Api {
        match self.run() {
            Ok(lowered) => lowered.api,
            // The error names the file and where in it.
            Err(e) => panic!("{e}"),
        }
    }

    /// The error, for a spec a stage refuses (else the test fails).
    pub fn error(self) -> Error {
        // A document that did not load is the error `run` returns.
        let file = (self.document.as_ref().ok()).map(|d| d.file.display().to_string());
        match self.run() {
            Ok(_) => panic!("{}: lowered, expected an error", file.unwrap_or_default()),
            Err(e) => e,
        }
    }
}
