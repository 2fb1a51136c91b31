//! A step of `cargo xtask test`: every fixture spec the snapshot tests
//! generate (`tests/fixtures/*.yaml|json`; the broken ones live under
//! `tests/fixtures/errors/` and are left out) is written as a crate of one
//! scratch workspace (`target/snapshot-build/`) and built with `cargo clippy
//! --all-targets -- -D warnings`, then its doc tests run (`cargo test
//! --doc`), one cargo invocation each, in the repository's target dir and
//! with its `Cargo.lock`. Failures name the fixture.
//!
//! The [`GATED`] fixture is generated with one cargo feature per tag forced
//! on (it is far below the size that turns gating on by itself), and its
//! library is linted again with no features and with each feature alone
//! (the workspace run covers the default, every feature): each one a small
//! incremental check of one crate, so the step stays a few seconds longer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};

use crate::corpus_cmd::{
    cargo_json, scratch_crate_options, target_dir, write_crate, write_workspace,
};

/// The fixture generated with one cargo feature per tag (as
/// `tests/it/tag_features.rs` does).
pub const GATED: &str = "tags.yaml";

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
    let mut gated = None;
    for spec in fixtures(&root)? {
        let file = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let crate_name = format!("fixture-{}", crate::generate_cmd::default_crate_name(&spec));
        let mut lower = codegen::LowerOptions::default();
        if file == GATED {
            lower.tag_features = codegen::lower::TagFeatures::Always;
        }
        let generated =
            codegen::generate(&spec, &lower, &scratch_crate_options(&crate_name, &file))
                .map_err(|error| anyhow!("fixture {file} does not generate: {error}"))?;
        if file == GATED {
            gated = Some((crate_name.clone(), feature_names(&generated.files)?));
        }
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

    if let Some((crate_name, features)) = &gated {
        feature_subsets(&scratch, crate_name, features)?;
    }
    doc_tests(&scratch, &crates)?;
    eprintln!("snapshot-build: done in {:.1?}", started.elapsed());
    Ok(())
}

/// The tag features of a generated crate, from its `Cargo.toml`: the
/// names `full` enables.
fn feature_names(files: &[codegen::GeneratedFile]) -> Result<Vec<String>> {
    let manifest = files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .ok_or_else(|| anyhow!("{GATED}: no Cargo.toml generated"))?;
    let full = manifest
        .contents
        .lines()
        .find_map(|line| line.strip_prefix("full = "))
        .ok_or_else(|| anyhow!("{GATED}: the generated Cargo.toml has no `full` feature"))?;
    let names: Vec<String> = full
        .trim_matches(['[', ']'])
        .split(',')
        .map(|name| name.trim().trim_matches('"').to_string())
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        bail!("{GATED}: the generated crate has no tag features");
    }
    Ok(names)
}

/// `cargo clippy -- -D warnings` of the gated fixture's library with no
/// features, then with each one alone.
fn feature_subsets(scratch: &Path, crate_name: &str, features: &[String]) -> Result<()> {
    let subsets = std::iter::once(None).chain(features.iter().map(Some));
    for feature in subsets {
        let mut args = vec!["clippy", "-p", crate_name, "--lib", "--no-default-features"];
        if let Some(feature) = feature {
            args.extend(["--features", feature.as_str()]);
        }
        let errors = cargo_json(scratch, &args, &["-D", "warnings"])?;
        if !errors.is_empty() {
            let shown = feature.map_or("no features".to_string(), |f| {
                format!("feature `{f}` alone")
            });
            let report: Vec<&String> = errors.values().flatten().collect();
            bail!(
                "tests/fixtures/{GATED} with {shown} does not pass `cargo clippy -- -D warnings` \
                 (the crate is in {}):\n  {}",
                scratch.join(crate_name).display(),
                report
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            );
        }
    }
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
