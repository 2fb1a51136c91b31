//! `cargo xtask bench --vs-progenitor [--runs N]`: this generator against
//! `cargo-progenitor`, paired in one run on every corpus spec progenitor
//! accepts, then this generator's own figures on the largest specs; the
//! tables go to `docs/benchmarks.md`.
//!
//! Both generators run as release binaries in a child process (ours is this
//! very binary's `generate`), so wall time, CPU time and peak memory are
//! measured the same way (`measure.rs`). Each generated crate is built once
//! with its dependencies (ours in one target dir, progenitor's in another),
//! then, per run, `cargo clean -p` of the crate alone and a timed
//! `cargo build`: a clean debug build of the generated crate with everything
//! else prebuilt. Every figure is the best of the runs; the two sides
//! alternate inside each run, so a busy spell of the machine hits both.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use super::consumer;
use super::measure::{self, Cost};
use super::stages::{self, ms};

/// The pinned progenitor release, installed under `.tools/` (gitignored),
/// never a dependency of the workspace.
const VERSION: &str = "0.15.1";

/// The corpus specs progenitor generates a crate for.
const SPECS: &[&str] = &[
    "oxide__nexus.json",
    "oxide__buildomat.json",
    "oxide__propolis-server.json",
    "kubernetes__batch_v1.json",
    "twilio__twilio_lookups_v2.json",
];

/// The three largest corpus specs, for the stage breakdown.
const LARGEST: &[&str] = &[
    "github__api.github.com.json",
    "pagerduty__openapiv3.json",
    "box__openapi.json",
];

/// The spec of the client whose build the goals bound, and whose parse
/// time is the floor of generation.
const GITHUB: &str = "github__api.github.com.json";

/// Feature subsets of the GitHub client built besides its default (every
/// tag): a consumer of a few tags, and of its largest one.
const GITHUB_SUBSETS: &[&str] = &["issues", "repos"];

/// The command that writes the section; named in it.
const COMMAND: &str = "cargo xtask bench --vs-progenitor";

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    let runs = parse_runs(args)?;
    if cfg!(debug_assertions) {
        // Generation speed means nothing in a debug build: the same command,
        // built in release mode.
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["run", "--quiet", "--release", "-p", "xtask", "--"])
            .args(["bench", "--vs-progenitor"])
            .args(args)
            .current_dir(crate::workspace_root())
            .status()?;
        if !status.success() {
            bail!("the release build of the benchmark failed");
        }
        return Ok(());
    }
    let root = crate::workspace_root();
    let corpus = crate::corpus_cmd::default_dir();
    for spec in SPECS.iter().chain(LARGEST) {
        if !corpus.join(spec).is_file() {
            bail!(
                "{} is missing: the benchmark needs the shared corpus",
                corpus.join(spec).display()
            );
        }
    }
    let progenitor = install(&root)?;
    let scratch = root.join("target/bench/vs-progenitor");
    let mut pairs = Vec::new();
    for spec in SPECS {
        pairs.push(Pair::new(&corpus.join(spec), &scratch));
    }
    let me = std::env::current_exe()?;
    eprintln!("generation, {runs} runs…");
    for _ in 0..runs {
        for pair in &mut pairs {
            pair.generate(&me, &progenitor)?;
        }
    }
    eprintln!("dependencies of the generated crates…");
    for pair in &pairs {
        pair.prepare(&root)?;
    }
    eprintln!("clean builds, {runs} runs…");
    for _ in 0..runs {
        for pair in &mut pairs {
            pair.build()?;
        }
    }
    let github = github(&me, &root, &corpus, &scratch, runs)?;
    eprintln!("stages…");
    let mut largest = Vec::new();
    for spec in LARGEST {
        largest.push((*spec, stages::stage_times(&corpus.join(spec), runs)?.0));
    }
    eprintln!("generation time over the corpus…");
    let fit = corpus_fit(&corpus, runs)?;
    let body = report(runs, &pairs, &github, &largest, &fit);
    println!("{body}");
    super::write_section(&root, "progenitor", &body)?;
    eprintln!("written to {}", super::benchmarks_doc(&root).display());
    Ok(())
}

fn parse_runs(args: &[String]) -> Result<usize> {
    match args {
        [] => Ok(stages::RUNS),
        [flag, n] if flag == "--runs" => match n.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => bail!("--runs takes a positive number, not `{n}`"),
        },
        _ => bail!("usage: cargo xtask bench --vs-progenitor [--runs N]"),
    }
}

/// `cargo-progenitor`, installed into `.tools/progenitor` when missing.
fn install(root: &Path) -> Result<PathBuf> {
    let prefix = root.join(".tools/progenitor");
    let binary = prefix.join("bin/cargo-progenitor");
    let wanted = format!("cargo-progenitor {VERSION}");
    // Cargo's record of what it installed there: `"cargo-progenitor 0.15.1 (registry+…)"`.
    let listed = std::fs::read_to_string(prefix.join(".crates.toml")).unwrap_or_default();
    if binary.is_file() && listed.contains(&format!("\"{wanted} ")) {
        return Ok(binary);
    }
    eprintln!("installing {wanted} into {}…", prefix.display());
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["install", "--locked", "--root"])
        .arg(&prefix)
        .arg(format!("cargo-progenitor@{VERSION}"))
        .status()?;
    if !status.success() || !binary.is_file() {
        bail!("cannot install {wanted}");
    }
    Ok(binary)
}

/// One generated crate: where it is, and the best costs seen so far.
struct Side {
    name: String,
    dir: PathBuf,
    target: PathBuf,
    generate: Option<Cost>,
    build: Option<Cost>,
}

impl Side {
    fn new(name: String, dir: PathBuf, target: PathBuf) -> Self {
        Side {
            name,
            dir,
            target,
            generate: None,
            build: None,
        }
    }

    fn record_generate(&mut self, cost: Cost) {
        self.generate = Some(self.generate.map_or(cost, |best| best.best(cost)));
    }

    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS");
        command
    }

    /// Dependencies and the crate, built once.
    fn prebuild(&self) -> Result<()> {
        let log = self.dir.with_extension("prebuild.log");
        measure::run(&mut self.cargo(&["build"]), &log)?;
        Ok(())
    }

    /// One clean debug build of the crate alone.
    fn build(&mut self) -> Result<()> {
        let cost = self.clean_build(&[])?;
        self.build = Some(self.build.map_or(cost, |best| best.best(cost)));
        Ok(())
    }

    /// A clean debug build of the crate alone, with these `cargo build` arguments.
    fn clean_build(&self, args: &[&str]) -> Result<Cost> {
        let log = self.dir.with_extension("build.log");
        measure::run(&mut self.cargo(&["clean", "-p", &self.name]), &log)?;
        let mut build = vec!["build"];
        build.extend_from_slice(args);
        measure::run(&mut self.cargo(&build), &log)
    }

    /// Whether the generated crate declares this cargo feature.
    fn has_feature(&self, feature: &str) -> bool {
        let manifest = std::fs::read_to_string(self.dir.join("Cargo.toml")).unwrap_or_default();
        manifest
            .split("\n[features]\n")
            .nth(1)
            .and_then(|features| features.split("\n[").next())
            .is_some_and(|features| {
                features
                    .lines()
                    .any(|line| line.split('=').next().map(str::trim) == Some(feature))
            })
    }
}

/// A spec, and the crate each generator makes of it.
struct Pair {
    spec: PathBuf,
    label: String,
    ours: Side,
    theirs: Side,
}

impl Pair {
    fn new(spec: &Path, scratch: &Path) -> Self {
        let label = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let base = label.replace("__", "-").replace('_', "-").to_lowercase();
        Pair {
            spec: spec.to_path_buf(),
            ours: Side::new(
                format!("{base}-linkgen"),
                scratch.join("linkgen").join(&base),
                scratch.join("target-linkgen"),
            ),
            theirs: Side::new(
                format!("{base}-progenitor"),
                scratch.join("progenitor").join(&base),
                scratch.join("target-progenitor"),
            ),
            label,
        }
    }

    /// One generation by each side, each into an emptied directory.
    fn generate(&mut self, me: &Path, progenitor: &Path) -> Result<()> {
        let cost = generate_ours(me, &self.spec, &self.ours)?;
        self.ours.record_generate(cost);
        let _ = std::fs::remove_dir_all(&self.theirs.dir);
        let mut command = Command::new(progenitor);
        command
            .arg("progenitor")
            .arg("-i")
            .arg(&self.spec)
            .arg("-o")
            .arg(&self.theirs.dir)
            .args(["-n", &self.theirs.name, "-v", "0.1.0"]);
        let log = self.theirs.dir.with_extension("generate.log");
        let cost = measure::run(&mut command, &log)?;
        self.theirs.record_generate(cost);
        Ok(())
    }

    /// Makes both crates buildable where they are and builds them once.
    fn prepare(&self, root: &Path) -> Result<()> {
        lock_like_the_workspace(root, &self.ours.dir)?;
        // Progenitor's manifest has no `[workspace]`, and `target/` lies
        // inside this repository's workspace, which does not list it.
        let manifest = self.theirs.dir.join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest)?;
        if !text.contains("[workspace]") {
            text.push_str("\n[workspace]\n");
            std::fs::write(&manifest, text)?;
        }
        self.ours.prebuild()?;
        self.theirs.prebuild()
    }

    fn build(&mut self) -> Result<()> {
        self.ours.build()?;
        self.theirs.build()
    }
}

/// `cargo xtask generate` of a spec into the side's emptied directory.
fn generate_ours(me: &Path, spec: &Path, side: &Side) -> Result<Cost> {
    let _ = std::fs::remove_dir_all(&side.dir);
    let mut command = Command::new(me);
    command
        .arg("generate")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(&side.dir)
        .args(["--name", &side.name]);
    measure::run(&mut command, &side.dir.with_extension("generate.log"))
}

/// The workspace's `Cargo.lock` beside a generated crate, so that it builds
/// with the versions the repository tests (cargo drops what it does not use).
fn lock_like_the_workspace(root: &Path, dir: &Path) -> Result<()> {
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .context("cannot copy Cargo.lock")?;
    Ok(())
}

/// The GitHub client: generation, parse floor and clean build, of the
/// default features and of each of [`GITHUB_SUBSETS`] alone.
struct Github {
    side: Side,
    subsets: Vec<(&'static str, Cost)>,
    /// The consumer program (`consumer.rs`), built with the client prebuilt.
    consumer: Side,
    generate: Duration,
    parse: Duration,
}

fn github(me: &Path, root: &Path, corpus: &Path, scratch: &Path, runs: usize) -> Result<Github> {
    let spec = corpus.join(GITHUB);
    let mut side = Side::new(
        "github-linkgen".into(),
        scratch.join("linkgen/github"),
        scratch.join("target-linkgen"),
    );
    eprintln!("the GitHub client…");
    for _ in 0..runs {
        let cost = generate_ours(me, &spec, &side)?;
        side.record_generate(cost);
    }
    lock_like_the_workspace(root, &side.dir)?;
    side.prebuild()?;
    let mut consumer = Side::new(
        consumer::NAME.into(),
        scratch.join("linkgen").join(consumer::NAME),
        scratch.join("target-linkgen"),
    );
    consumer::write(&consumer.dir, &side.dir, &side.name)?;
    lock_like_the_workspace(root, &consumer.dir)?;
    consumer.prebuild()?;
    let mut subsets: Vec<(&'static str, Cost)> = Vec::new();
    for _ in 0..runs {
        consumer.build()?;
        side.build()?;
        for &feature in GITHUB_SUBSETS.iter().filter(|f| side.has_feature(f)) {
            let cost = side.clean_build(&["--no-default-features", "--features", feature])?;
            match subsets.iter_mut().find(|(f, _)| *f == feature) {
                Some((_, best)) => *best = best.best(cost),
                None => subsets.push((feature, cost)),
            }
        }
    }
    Ok(Github {
        side,
        subsets,
        consumer,
        generate: stages::generate_time(&spec, runs)?,
        parse: stages::parse_time(&spec, runs)?,
    })
}

/// Generation time (`codegen::generate`, in process) against spec size over
/// every corpus spec that generates.
struct Fit {
    points: Vec<(String, u64, Duration)>,
    line: Option<(f64, f64, f64)>,
}

fn corpus_fit(corpus: &Path, runs: usize) -> Result<Fit> {
    let mut points = Vec::new();
    for spec in stages::specs_in(corpus)? {
        let Ok(time) = stages::generate_time(&spec, runs) else {
            continue;
        };
        let size = std::fs::metadata(&spec)?.len();
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        points.push((name, size, time));
    }
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|(_, size, time)| (*size as f64 / MIB, time.as_secs_f64() * 1000.0))
        .collect();
    Ok(Fit {
        line: measure::linear_fit(&xy),
        points,
    })
}

const MIB: f64 = 1024.0 * 1024.0;

fn secs(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn mib(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

fn ratio(ours: f64, theirs: f64) -> String {
    if theirs > 0.0 {
        format!("{:.2}×", ours / theirs)
    } else {
        "–".into()
    }
}

/// The section of `docs/benchmarks.md`, as Markdown.
fn report(
    runs: usize,
    pairs: &[Pair],
    github: &Github,
    largest: &[(&str, stages::Timings)],
    fit: &Fit,
) -> String {
    let mut out = format!(
        "Written by `{COMMAND}` (best of {runs} runs; `--runs N` to change) against \
         cargo-progenitor {VERSION}, on a {}-core machine shared with other work. \
         \"wall\" is elapsed time, \"CPU\" user plus system time (steadier on a busy \
         machine), \"peak\" the largest resident set of the process or of any rustc it ran. \
         Builds are `cargo build` (debug) of the generated crate alone after `cargo clean -p`, \
         its dependencies prebuilt. Ratios are linkgen ÷ progenitor.\n\n",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    out.push_str(
        "| spec | generate wall ms (linkgen / progenitor / ratio) | generate peak MiB | \
         build wall s | build CPU s | build peak MiB |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for pair in pairs {
        let (Some(og), Some(tg), Some(ob), Some(tb)) = (
            pair.ours.generate,
            pair.theirs.generate,
            pair.ours.build,
            pair.theirs.build,
        ) else {
            continue;
        };
        let f = |o: f64, t: f64, show: &dyn Fn(f64) -> String| {
            format!("{} / {} / {}", show(o), show(t), ratio(o, t))
        };
        let millis = |x: f64| format!("{x:.0}");
        let seconds = |x: f64| format!("{x:.2}");
        let whole = |x: f64| format!("{x:.0}");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            pair.label,
            f(
                og.wall.as_secs_f64() * 1000.0,
                tg.wall.as_secs_f64() * 1000.0,
                &millis
            ),
            f(
                og.peak_kib as f64 / 1024.0,
                tg.peak_kib as f64 / 1024.0,
                &whole
            ),
            f(ob.wall.as_secs_f64(), tb.wall.as_secs_f64(), &seconds),
            f(ob.cpu.as_secs_f64(), tb.cpu.as_secs_f64(), &seconds),
            f(
                ob.peak_kib as f64 / 1024.0,
                tb.peak_kib as f64 / 1024.0,
                &whole
            ),
        ));
    }
    if let (Some(generate), Some(build)) = (github.side.generate, github.side.build) {
        out.push_str(&format!(
            "\nThe GitHub client ({GITHUB}): generation {} s wall, {} MiB peak \
             (`cargo xtask generate`); clean debug build {} s wall, {} s CPU, {} MiB peak rustc.\n",
            secs(generate.wall),
            mib(generate.peak_kib),
            secs(build.wall),
            secs(build.cpu),
            mib(build.peak_kib),
        ));
    }
    for (feature, build) in &github.subsets {
        out.push_str(&format!(
            "With only the `{feature}` feature (`--no-default-features --features {feature}`): \
             {} s wall, {} s CPU, {} MiB peak rustc.\n",
            secs(build.wall),
            secs(build.cpu),
            mib(build.peak_kib),
        ));
    }
    if let Some(build) = github.consumer.build {
        out.push_str(&format!(
            "A consumer program calling 20 of its operations (`xtask/src/bench/consumer.rs`, \
             the client prebuilt with the tags it needs): clean debug build of the program {} s \
             wall, {} s CPU, {} MiB peak rustc.\n",
            secs(build.wall),
            secs(build.cpu),
            mib(build.peak_kib),
        ));
    }
    out.push_str(&format!(
        "\nGeneration of the GitHub spec in process (`codegen::generate`): {} ms; reading \
         and parsing it with serde_json alone: {} ms; ratio {:.1}×.\n",
        ms(github.generate),
        ms(github.parse),
        github.generate.as_secs_f64() / github.parse.as_secs_f64().max(1e-9),
    ));
    out.push_str(
        "\nStages on the three largest corpus specs, in ms, one after the other on one thread \
         (`codegen::generate` formats `src/types.rs` on a second one):\n\n\
         | spec | load | normalize | lower | emit | format | total |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for (spec, t) in largest {
        out.push_str(&format!(
            "| {spec} | {} | {} | {} | {} | {} | {} |\n",
            ms(t.load),
            ms(t.normalize),
            ms(t.lower),
            ms(t.emit),
            ms(t.format),
            ms(t.total())
        ));
    }
    match fit.line {
        Some((slope, intercept, r2)) => out.push_str(&format!(
            "\nGeneration time against spec size over the {} corpus specs that generate \
             (least squares): {slope:.0} ms per MiB, intercept {intercept:.0} ms, r² = {r2:.3}.\n",
            fit.points.len()
        )),
        None => out.push_str("\nToo few corpus specs generate for a fit.\n"),
    }
    out.push_str(
        "\n<details><summary>Generation time per corpus spec</summary>\n\n\
         | spec | KiB | ms |\n| --- | --- | --- |\n",
    );
    for (name, size, time) in &fit.points {
        out.push_str(&format!("| {name} | {} | {} |\n", size / 1024, ms(*time)));
    }
    out.push_str("\n</details>\n");
    out
}
