//! Prism (`@stoplight/prism-cli`), the OpenAPI mock server the contract tests
//! (`tests/it/prism.rs`) run every generated client against.
//!
//! Pinned to one exact version and installed by npm into `.tools/prism/`
//! (gitignored) when missing. Needs Node.js and npm on `PATH`; without them
//! this fails with what to install: the contract tests are never skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The exact Prism release: the latest 5.x whose `engines` accepts Node 20
/// (5.15 and later require Node 24).
pub const VERSION: &str = "5.14.2";

/// The environment variable through which the tests find the Prism binary.
pub const ENV: &str = "LINKGEN_PRISM";

/// Oldest Node.js major Prism 5.14 runs on (`engines: node >=18.20.1`).
const MIN_NODE_MAJOR: u32 = 18;

/// Where npm installs Prism: `<root>/.tools/prism`.
pub fn install_dir() -> PathBuf {
    crate::workspace_root().join(".tools").join("prism")
}

/// The Prism executable inside [`install_dir`].
pub fn binary() -> PathBuf {
    let bin = install_dir().join("node_modules").join(".bin");
    if cfg!(windows) {
        bin.join("prism.cmd")
    } else {
        bin.join("prism")
    }
}

/// The version `prism --version` reports, if it runs at all.
fn installed_version(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs `program --version`, or explains what to install.
fn tool_version(program: &str) -> Result<String> {
    let output = Command::new(program).arg("--version").output();
    match output {
        Ok(output) if output.status.success() => {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        }
        _ => bail!(
            "`{program}` is not available: the Prism contract tests need Node.js >= 20 and npm \
             (https://nodejs.org/en/download) to install @stoplight/prism-cli@{VERSION}; \
             install them and re-run `cargo xtask test`"
        ),
    }
}

/// Installs Prism into [`install_dir`] unless the pinned version is already
/// there, and returns the path of its executable.
pub fn ensure() -> Result<PathBuf> {
    let binary = binary();
    if installed_version(&binary).as_deref() == Some(VERSION) {
        return Ok(binary);
    }
    let node = tool_version("node")?;
    let major: u32 = node
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .with_context(|| format!("cannot read the Node.js version from `{node}`"))?;
    if major < MIN_NODE_MAJOR {
        bail!(
            "Node.js {node} is too old for @stoplight/prism-cli@{VERSION} (needs >= 18.20.1; \
             CI uses 20): upgrade Node.js and re-run `cargo xtask test`"
        );
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    tool_version(npm)?;
    let dir = install_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let package = format!("@stoplight/prism-cli@{VERSION}");
    eprintln!("$ npm install --prefix {} {package}", dir.display());
    let status = Command::new(npm)
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            "--prefix",
        ])
        .arg(&dir)
        .arg(&package)
        .status()
        .with_context(|| format!("running `{npm} install {package}`"))?;
    if !status.success() {
        bail!(
            "`npm install {package}` failed ({status}): the Prism contract tests need it \
             (network access to the npm registry)"
        );
    }
    match installed_version(&binary) {
        Some(version) if version == VERSION => Ok(binary),
        other => bail!(
            "{} does not run as Prism {VERSION} after installing (got {other:?})",
            binary.display()
        ),
    }
}

/// `cargo xtask prism`: installs Prism when missing and prints its path.
pub fn run() -> Result<()> {
    let binary = ensure()?;
    println!("{}", binary.display());
    Ok(())
}
