//! `cargo xtask bench --vs-progenitor`: being built (issue 7).

use anyhow::{bail, Result};

/// Runs the benchmark.
pub fn run(_args: &[String]) -> Result<()> {
    bail!("this benchmark is not built yet")
}
