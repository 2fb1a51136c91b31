//! Every spec of the shared corpus loads, normalizes and reads as
//! `openapiv3`. The corpus lives outside the repository
//! (`../shared/corpus` from the workspace root); without it the test says so
//! and passes.
//!
//! Small and big (over 1 MB) specs are two tests so they run in parallel;
//! `--nocapture` prints the time each spec took (about 1 s for the 3.7 MB
//! GitHub spec in a debug build, 0.15 s in release).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{load, normalize};

/// Files over this size are the "big" ones.
const BIG: u64 = 1_000_000;

fn corpus() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: no corpus at {}: skipped", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    files.sort();
    Some(files)
}

fn check(big: bool) {
    let Some(files) = corpus() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in files {
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        if (size > BIG) != big {
            continue;
        }
        checked += 1;
        let started = Instant::now();
        let outcome = load::load(&file).and_then(|mut doc| {
            let warnings = normalize::normalize(&mut doc)?;
            normalize::to_openapi(&doc)?;
            Ok(warnings.len())
        });
        let elapsed: Duration = started.elapsed();
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match outcome {
            Ok(warnings) => {
                println!("ok   {name} ({size} bytes, {warnings} warnings) in {elapsed:.2?}")
            }
            Err(err) => {
                println!("FAIL {name}: {err}");
                failures.push(err.to_string());
            }
        }
    }
    println!("{checked} specs checked");
    assert!(
        failures.is_empty(),
        "{} corpus specs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_small_specs() {
    check(false);
}

#[test]
fn corpus_big_specs() {
    check(true);
}
