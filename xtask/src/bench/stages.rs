//! `cargo xtask bench [DIR]`: how long each pipeline stage takes on every
//! spec of a directory (default: the shared corpus beside the repository).
//! Run it in release mode (`cargo run --release -p xtask -- bench`).
//!
//! The stages run one after the other on this thread, through the stage
//! API of `codegen` (`emit::emit_tokens`, then `Emitted::format`), so emit
//! and format are timed apart; `codegen::generate` itself formats
//! `src/types.rs` on a second thread, which [`generate_time`] measures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};

/// Runs per spec; the best is reported, so a busy machine skews less.
pub(crate) const RUNS: usize = 3;

/// The best wall time of each stage on one spec.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Timings {
    pub(crate) load: Duration,
    pub(crate) normalize: Duration,
    pub(crate) lower: Duration,
    pub(crate) emit: Duration,
    pub(crate) format: Duration,
}

impl Timings {
    pub(crate) fn total(&self) -> Duration {
        self.load + self.normalize + self.lower + self.emit + self.format
    }

    fn best(self, other: Timings) -> Timings {
        Timings {
            load: self.load.min(other.load),
            normalize: self.normalize.min(other.normalize),
            lower: self.lower.min(other.lower),
            emit: self.emit.min(other.emit),
            format: self.format.min(other.format),
        }
    }
}

fn options(spec: &Path) -> codegen::CrateOptions {
    codegen::CrateOptions {
        crate_name: "bench-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: "\"0.1\"".into(),
        env_prefix: "BENCH".into(),
        standalone: true,
        spec_file: spec.display().to_string(),
        default_headers: Vec::new(),
    }
}

fn located(error: codegen::Error) -> anyhow::Error {
    anyhow!("{error}")
}

fn time_once(spec: &Path) -> Result<(Timings, usize)> {
    let options = options(spec);
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
    let emitted = codegen::emit::emit_tokens(&api, &options).map_err(located)?;
    let emit = start.elapsed();
    let start = Instant::now();
    let (files, _) = emitted.format().map_err(located)?;
    let format = start.elapsed();
    let bytes = files.iter().map(|file| file.contents.len()).sum();
    let timings = Timings {
        load,
        normalize,
        lower,
        emit,
        format,
    };
    Ok((timings, bytes))
}

/// The best stage timings of `runs` runs on a spec, and the output size.
pub(crate) fn stage_times(spec: &Path, runs: usize) -> Result<(Timings, usize)> {
    let mut best: Option<(Timings, usize)> = None;
    for _ in 0..runs.max(1) {
        let (timings, bytes) = time_once(spec)?;
        best = Some(match best {
            Some((so_far, _)) => (so_far.best(timings), bytes),
            None => (timings, bytes),
        });
    }
    best.context("no run")
}

/// The best wall time of `codegen::generate` (file read to formatted
/// files, what `cargo xtask generate` spends before writing) over `runs`.
pub(crate) fn generate_time(spec: &Path, runs: usize) -> Result<Duration> {
    let options = options(spec);
    let mut best = Duration::MAX;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        codegen::generate(spec, &codegen::LowerOptions::default(), &options).map_err(located)?;
        best = best.min(start.elapsed());
    }
    Ok(best)
}

/// The best wall time of reading a JSON spec and parsing it with
/// `serde_json` into a `Value`, nothing else: the floor any generator
/// reading the document pays.
pub(crate) fn parse_time(spec: &Path, runs: usize) -> Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let text = std::fs::read_to_string(spec)
            .with_context(|| format!("cannot read {}", spec.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", spec.display()))?;
        best = best.min(start.elapsed());
        drop(value);
    }
    Ok(best)
}

/// The spec files of a directory, sorted.
pub(crate) fn specs_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// Milliseconds with one decimal.
pub(crate) fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Runs the command.
pub fn run(dir: Option<PathBuf>) -> Result<()> {
    let dir = dir.unwrap_or_else(crate::corpus_cmd::default_dir);
    let specs = specs_in(&dir)?;
    if cfg!(debug_assertions) {
        eprintln!(
            "note: a debug build; run `cargo run --release -p xtask -- bench` for real figures"
        );
    }
    println!(
        "{:<52} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "spec", "KiB", "load", "normal.", "lower", "emit", "format", "total", "out KiB"
    );
    let mut sum = Duration::ZERO;
    for spec in &specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0) / 1024;
        let (t, bytes) = match stage_times(spec, RUNS) {
            Ok(best) => best,
            Err(error) => {
                println!("{name:<52} {size:>9} error: {error}");
                continue;
            }
        };
        println!(
            "{name:<52} {size:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
            ms(t.load),
            ms(t.normalize),
            ms(t.lower),
            ms(t.emit),
            ms(t.format),
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
