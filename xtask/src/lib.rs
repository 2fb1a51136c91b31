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

/// The workspace root (where `specs/` and `generated/` live) of the checkout
/// the command is run in, found at run time: the first ancestor of the
/// package directory cargo names in `CARGO_MANIFEST_DIR` when it runs us
/// (`cargo xtask`, `cargo test`), else of the current directory, that holds
/// `specs/providers.toml` and `xtask/Cargo.toml`. Never the path this binary
/// was compiled at: two checkouts sharing one `CARGO_TARGET_DIR` share one
/// `xtask` binary, and a path baked in at compile time made `vendor` or
/// `api-bump --write` in one checkout edit the other. `.` when neither
/// leads to a checkout (the commands then fail on the missing files).
pub fn workspace_root() -> PathBuf {
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let from_cwd = std::env::current_dir().ok();
    from_cargo
        .iter()
        .chain(from_cwd.iter())
        .find_map(|start| find_root(start))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The first of `start` and its ancestors that is a checkout of this
/// repository (holds `specs/providers.toml` and `xtask/Cargo.toml`).
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| {
            dir.join("specs").join("providers.toml").is_file()
                && dir.join("xtask").join("Cargo.toml").is_file()
        })
        .map(Path::to_path_buf)
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
