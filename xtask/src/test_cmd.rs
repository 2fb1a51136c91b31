//! `cargo xtask test`: everything CI runs, in CI's order.

use std::process::Command;

use anyhow::{bail, Result};

/// Runs one step, echoing it first.
fn step(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(crate::workspace_root())
        .status()?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Installs the rustup components the checks need when they are missing.
fn ensure_components() -> Result<()> {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        let present = Command::new("cargo")
            .args([probe, "--version"])
            .output()
            .is_ok_and(|output| output.status.success());
        if !present {
            step("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// Runs the command.
pub fn run() -> Result<()> {
    ensure_components()?;
    step("cargo", &["fmt", "--all", "--check"])?;
    step(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    crate::codegen_cmd::run(true, None)?;
    step("cargo", &["test", "--workspace"])?;
    Ok(())
}
