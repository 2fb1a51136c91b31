//! The maintainers' commands, as a library so the workspace tests can run
//! them in memory (see `tests/freshness.rs`).

pub mod api_cmd;
pub mod bench;
pub mod codegen_cmd;
pub mod corpus_cmd;
pub mod gate;
pub mod generate_cmd;
pub mod prism;
pub mod providers;
pub mod snapshot_build;
pub mod spec_change;
pub mod test_cmd;
pub mod vendor_cmd;

use std::path::{Path, PathBuf};

/// The workspace root (where `specs/` and `generated/` live).
pub fn workspace_root() -> PathBuf {
    // xtask/ sits directly under the root; this holds for `cargo xtask`,
    // `cargo test` and a fresh checkout alike.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Renders codegen warnings for the terminal.
pub fn print_warnings(spec: &Path, warnings: &[codegen::ir::Warning]) {
    for warning in warnings {
        eprintln!(
            "warning: {} at #{}: {}",
            spec.display(),
            warning.pointer,
            warning.message
        );
    }
}
