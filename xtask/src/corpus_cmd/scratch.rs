//! The scratch workspace the corpus crates are written into and built in:
//! writing a generated crate and the workspace manifest without touching
//! what did not change (cargo's fingerprints stay fresh), the target dir
//! they share with the repository, and one cargo invocation over them with
//! its compiler errors attributed to their package.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use super::first_line;

/// Writes a generated crate, leaving identical files untouched (so cargo's
/// fingerprints stay fresh) and removing files it no longer has.
pub(crate) fn write_crate(dir: &Path, files: &[codegen::GeneratedFile]) -> Result<()> {
    let wanted: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    if dir.join("src").is_dir() {
        for entry in std::fs::read_dir(dir.join("src"))? {
            let path = entry?.path();
            if path.is_file() && !wanted.contains(&path) {
                std::fs::remove_file(&path)?;
            }
        }
    }
    for (file, path) in files.iter().zip(&wanted) {
        write_if_changed(path, &file.contents)?;
    }
    Ok(())
}

/// Writes `contents` to `path` unless it already holds them.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

/// The scratch workspace's manifest, with the repository's `Cargo.lock`.
pub(crate) fn write_workspace(dir: &Path, members: &[&str]) -> Result<()> {
    let mut manifest = String::from(
        "# Written by `cargo xtask`: a scratch workspace of generated crates.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for member in members {
        manifest.push_str(&format!("    {member:?},\n"));
    }
    manifest.push_str("]\n");
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock"))
        .context("cannot read Cargo.lock")?;
    // Copied every time: cargo adds the members and keeps every locked version.
    write_if_changed(&dir.join("Cargo.lock"), &lock)?;
    Ok(())
}

/// The repository's target dir, which the scratch workspaces share.
pub(crate) fn target_dir() -> PathBuf {
    crate::workspace_root().join("target")
}

/// Runs one cargo command over a scratch workspace with JSON messages and
/// `--keep-going`; returns, per package name, the rendered first line of
/// each error (with `-D warnings`, every warning is one).
pub(crate) fn cargo_json(
    dir: &Path,
    args: &[&str],
    rustc_args: &[&str],
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .args(["--keep-going", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !rustc_args.is_empty() {
        command.arg("--").args(rustc_args);
    }
    let shown = format!(
        "cargo {}{}",
        args.join(" "),
        if rustc_args.is_empty() {
            String::new()
        } else {
            format!(" -- {}", rustc_args.join(" "))
        }
    );
    eprintln!("$ (cd {}) {shown}", dir.display());
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run `{shown}`"))?;
    eprintln!("  took {:.1?}", started.elapsed());
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        if diagnostic["level"] != "error" {
            continue;
        }
        let text = diagnostic["message"].as_str().unwrap_or_default();
        if text.starts_with("aborting due to") {
            continue;
        }
        let manifest = Path::new(message["manifest_path"].as_str().unwrap_or_default());
        let Some(package) = manifest
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
        else {
            continue;
        };
        let place = diagnostic["spans"]
            .as_array()
            .and_then(|spans| spans.first())
            .map(|span| {
                format!(
                    " ({}:{})",
                    span["file_name"].as_str().unwrap_or_default(),
                    span["line_start"]
                )
            })
            .unwrap_or_default();
        let code = diagnostic["code"]["code"]
            .as_str()
            .map(|code| format!("[{code}] "))
            .unwrap_or_default();
        found
            .entry(package)
            .or_default()
            .push(first_line(&format!("{code}{text}{place}")));
    }
    if !output.status.success() && found.is_empty() {
        bail!(
            "`{shown}` failed in {} without a compiler message:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(found)
}
