//! A step of `cargo xtask test`: every fixture spec the snapshot tests
//! generate (`tests/fixtures/*.yaml|json`; the broken ones live under
//! `tests/fixtures/errors/` and are left out) is written as a crate of one
//! scratch workspace (`target/snapshot-build/`) and built with `cargo clippy
//! --all-targets -- -D warnings`, then its doc tests run (`cargo test
//! --doc`), one cargo invocation each, in the repository's target dir and
//! with its `Cargo.lock`. Failures name the fixture.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};

use crate::corpus_cmd::{
    cargo_json, scratch_crate_options, target_dir, write_crate, write_workspace,
};

/// The fixture specs that generate, sorted.
fn fixtures(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("tests").join("fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.is_file()
                && matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("json" | "yaml" | "yml")
                )
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// Runs the step.
pub fn run() -> Result<()> {
    let root = crate::workspace_root();
    let scratch = root.join("target").join("snapshot-build");
    let started = Instant::now();
    // crate name → fixture file name
    let mut crates = BTreeMap::new();
    for spec in fixtures(&root)? {
        let file = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let crate_name = format!("fixture-{}", crate::generate_cmd::default_crate_name(&spec));
        let generated = codegen::generate(
            &spec,
            &codegen::LowerOptions::default(),
            &scratch_crate_options(&crate_name, &file),
        )
        .map_err(|error| anyhow!("fixture {file} does not generate: {error}"))?;
        write_crate(&scratch.join(&crate_name), &generated.files)?;
        crates.insert(crate_name, file);
    }
    let members: Vec<&str> = crates.keys().map(String::as_str).collect();
    write_workspace(&scratch, &members)?;
    eprintln!(
        "snapshot-build: {} fixtures: {}",
        crates.len(),
        crates.values().cloned().collect::<Vec<_>>().join(", ")
    );

    let clippy = cargo_json(
        &scratch,
        &["clippy", "--workspace", "--all-targets"],
        &["-D", "warnings"],
    )?;
    if !clippy.is_empty() {
        let mut report = Vec::new();
        for (crate_name, errors) in &clippy {
            let fixture = crates
                .get(crate_name)
                .map_or(crate_name.as_str(), String::as_str);
            for error in errors {
                report.push(format!("tests/fixtures/{fixture}: {error}"));
            }
        }
        bail!(
            "the crates generated from {} fixtures do not pass `cargo clippy --all-targets -- -D warnings` \
             (the crates are in {}):\n  {}",
            clippy.len(),
            scratch.display(),
            report.join("\n  ")
        );
    }

    doc_tests(&scratch, &crates)?;
    eprintln!("snapshot-build: done in {:.1?}", started.elapsed());
    Ok(())
}

/// `cargo test --doc` over the scratch workspace; a failure names the
/// fixtures whose doc tests failed.
fn doc_tests(scratch: &Path, crates: &BTreeMap<String, String>) -> Result<()> {
    let shown = "cargo test --workspace --doc --no-fail-fast";
    eprintln!("$ (cd {}) {shown}", scratch.display());
    let started = Instant::now();
    // One log for both streams, so each crate's "Doc-tests" heading (on
    // stderr) stays before its "test result" (on stdout).
    let log_path = scratch.join("doc-tests.log");
    let log = std::fs::File::create(&log_path)?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--workspace", "--doc", "--no-fail-fast"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target_dir())
        .stdout(Stdio::from(log.try_clone()?))
        .stderr(Stdio::from(log))
        .status()
        .with_context(|| format!("cannot run `{shown}`"))?;
    eprintln!("  took {:.1?}", started.elapsed());
    if status.success() {
        return Ok(());
    }
    let text = std::fs::read_to_string(&log_path)?;
    let mut failed = Vec::new();
    let mut current: Option<&str> = None;
    for line in text.lines() {
        if let Some(lib) = line.trim().strip_prefix("Doc-tests ") {
            current = Some(lib.trim());
        }
        if line.starts_with("test result: FAILED") {
            if let Some(lib) = current {
                let name = lib.replace('_', "-");
                let fixture = crates.get(&name).cloned().unwrap_or(name);
                failed.push(format!("tests/fixtures/{fixture}"));
            }
        }
    }
    bail!(
        "doc tests of the crates generated from fixtures fail ({}; the crates are in {}):\n{text}",
        if failed.is_empty() {
            "see below".to_string()
        } else {
            failed.join(", ")
        },
        scratch.display()
    )
}
