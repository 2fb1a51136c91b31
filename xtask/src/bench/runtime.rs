//! `cargo xtask bench --runtime`: being built (issue 8).

use anyhow::{bail, Result};

/// Runs the benchmark.
pub fn run(_args: &[String]) -> Result<()> {
    bail!("this benchmark is not built yet")
}
