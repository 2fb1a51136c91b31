//! `cargo xtask bench [DIR]`: how long each pipeline stage takes on every
//! spec of a directory (default: the shared corpus beside the repository).
//! Run it in release mode (`cargo run --release -p xtask -- bench`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};

/// Runs per spec; the best is reported, so a busy machine skews less.
const RUNS: usize = 3;

/// The best wall time of each stage on one spec.
#[derive(Debug, Default, Clone, Copy)]
struct Timings {
    load: Duration,
    normalize: Duration,
    lower: Duration,
    emit: Duration,
}

impl Timings {
    fn total(&self) -> Duration {
        self.load + self.normalize + self.lower + self.emit
    }

    fn best(self, other: Timings) -> Timings {
        Timings {
            load: self.load.min(other.load),
            normalize: self.normalize.min(other.normalize),
            lower: self.lower.min(other.lower),
            emit: self.emit.min(other.emit),
        }
    }
}

fn time_once(spec: &Path) -> Result<(Timings, usize)> {
    let options = codegen::CrateOptions {
        crate_name: "bench-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: "\"0.1\"".into(),
        env_prefix: "BENCH".into(),
        standalone: true,
        spec_file: spec.display().to_string(),
        default_headers: Vec::new(),
    };
    let located = |error: codegen::Error| anyhow!("{error}");
    let start = Instant::now();
    let mut document = codegen::load::load(spec).map_err(located)?;
    let load = start.elapsed();
    let start = Instant::now();
    codegen::normalize::normalize(&mut document).map_err(located)?;
    let normalize = start.elapsed();
    let start = Instant::now();
    let api =
        codegen::lower::lower(&document, &codegen::LowerOptions::default()).map_err(located)?;
    let lower = start.elapsed();
    let start = Instant::now();
    let files = codegen::emit::emit(&api, &options).map_err(located)?;
    let emit = start.elapsed();
    let bytes = files.iter().map(|file| file.contents.len()).sum();
    Ok((
        Timings {
            load,
            normalize,
            lower,
            emit,
        },
        bytes,
    ))
}

/// Runs the command.
pub fn run(dir: Option<PathBuf>) -> Result<()> {
    let dir = dir.unwrap_or_else(|| crate::workspace_root().join("../shared/corpus"));
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
        })
        .collect();
    specs.sort();
    if cfg!(debug_assertions) {
        eprintln!(
            "note: a debug build; run `cargo run --release -p xtask -- bench` for real figures"
        );
    }
    println!(
        "{:<52} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "spec", "KiB", "load", "normal.", "lower", "emit", "total", "out KiB"
    );
    let mut sum = Duration::ZERO;
    for spec in &specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0) / 1024;
        let mut best: Option<(Timings, usize)> = None;
        for _ in 0..RUNS {
            match time_once(spec) {
                Ok((timings, bytes)) => {
                    best = Some(match best {
                        Some((so_far, _)) => (so_far.best(timings), bytes),
                        None => (timings, bytes),
                    })
                }
                Err(error) => {
                    println!("{name:<52} {size:>9} error: {error}");
                    break;
                }
            }
        }
        let Some((t, bytes)) = best else { continue };
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
        println!(
            "{name:<52} {size:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
            ms(t.load),
            ms(t.normalize),
            ms(t.lower),
            ms(t.emit),
            ms(t.total()),
            bytes / 1024
        );
        sum += t.total();
    }
    println!(
        "{} specs, total {:.0} ms (milliseconds, best of {RUNS} runs)",
        specs.len(),
        sum.as_secs_f64() * 1000.0
    );
    Ok(())
}
