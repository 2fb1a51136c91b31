//! `cargo xtask corpus [DIR] [--compile N|all] [--update]`: a client for every
//! spec of a directory (default: the shared corpus beside the repository),
//! written as crates of one scratch workspace (`target/corpus/`), built in
//! the repository's own target dir (`cargo check`, then `cargo clippy -- -D
//! warnings`, each one cargo invocation for all crates, with JSON messages
//! attributed to their spec), and judged against
//! `tests/corpus-expectations.tsv`; the generator's warnings, counted per
//! class over the whole corpus, are judged against
//! `tests/corpus-warning-expectations.tsv` (a class that goes up fails).
//!
//! The scratch workspace's crates depend on `runtime/` by path and use a copy
//! of the repository's `Cargo.lock`, so dependency versions are the ones the
//! repository builds with and their artifacts in `target/` are reused.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

mod expectations;
mod scratch;
pub mod wire;
mod wire_known;
mod wire_offline;
mod wire_prism;
mod wire_report;
use expectations::{
    judge, judge_warnings, read_expectations, read_warning_expectations, write_expectations,
    write_warning_expectations, WARNING_EXPECTATIONS,
};
pub(crate) use scratch::{cargo_json, target_dir, write_crate, write_if_changed, write_workspace};

/// The expectations file, relative to the workspace root.
pub const EXPECTATIONS: &str = "tests/corpus-expectations.tsv";

/// The corpus specs `cargo xtask test` compiles: the smaller ones, about a
/// minute together on a 2-core machine with a warm target dir (see the
/// README). The others are compiled by `cargo xtask corpus`.
pub const CI_SPECS: &[&str] = &[
    "readme-edge__webhooks.yaml",
    "ogen-edge__additional_operations.yml",
    "readme-edge__schema-circular.yaml",
    "oxide__buildomat.json",
    "oxide__propolis-server.json",
    "redocly-museum__openapi.yaml",
    "train-travel__openapi.yaml",
    "deck__v1-2025-12-05.yaml",
    "firecracker__firecracker.json",
    "ogen-edge__sample.json",
    "twilio__twilio_lookups_v2.json",
];

/// Which specs get compiled.
#[derive(Debug, Clone)]
pub enum Compile {
    /// Every spec of the directory.
    All,
    /// The N smallest specs (by file size); the others are only generated.
    Smallest(usize),
    /// Only these specs (file names), which must all exist; the others are
    /// neither generated nor judged.
    Only(Vec<String>),
}

/// Options of the command.
#[derive(Debug, Clone)]
pub struct Args {
    /// The spec directory; `../shared/corpus` from the workspace root when
    /// absent.
    pub dir: Option<PathBuf>,
    /// Which specs are compiled.
    pub compile: Compile,
    /// Rewrite the expectations file with today's outcomes.
    pub update: bool,
}

/// The default corpus directory.
pub fn default_dir() -> PathBuf {
    crate::workspace_root().join("../shared/corpus")
}

/// How a spec fares, from best to worst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Generated, not compiled (only judged on generating).
    Generated,
    /// Compiles, clippy-clean.
    Ok,
    /// Compiles, but `cargo clippy -- -D warnings` fails: count, first one.
    Warnings(usize, String),
    /// `cargo check` fails: count, first error.
    CompileErrors(usize, String),
    /// The generator refused the spec: its message.
    GeneratorError(String),
}

impl Outcome {
    /// The rank of the outcome: 0 is best. `Generated` ranks with `Ok`.
    fn rank(&self) -> u8 {
        match self {
            Outcome::Generated | Outcome::Ok => 0,
            Outcome::Warnings(..) => 1,
            Outcome::CompileErrors(..) => 2,
            Outcome::GeneratorError(_) => 3,
        }
    }

    /// The word in the expectations file.
    fn key(&self) -> &'static str {
        match self {
            Outcome::Generated => "generated",
            Outcome::Ok => "ok",
            Outcome::Warnings(..) => "warnings",
            Outcome::CompileErrors(..) => "compile-errors",
            Outcome::GeneratorError(_) => "generator-error",
        }
    }

    fn rank_of_key(key: &str) -> Option<u8> {
        Some(match key {
            "ok" => 0,
            "warnings" => 1,
            "compile-errors" => 2,
            "generator-error" => 3,
            _ => return None,
        })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Generated => f.write_str("generated (not compiled)"),
            Outcome::Ok => f.write_str("ok"),
            Outcome::Warnings(n, first) => write!(f, "warnings ({n}): {first}"),
            Outcome::CompileErrors(n, first) => write!(f, "compile errors ({n}): {first}"),
            Outcome::GeneratorError(message) => write!(f, "generator error: {message}"),
        }
    }
}

/// One spec's row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The spec's file name.
    pub spec: String,
    /// `openapi:` of the document, as written.
    pub version: String,
    /// Operations (client methods).
    pub operations: usize,
    /// Named types.
    pub types: usize,
    /// Wall time of `codegen::generate`.
    pub generation: Duration,
    /// Lines of Rust emitted.
    pub lines: usize,
    /// Operations that got a paginator, by shape (`cursor`, `link header`…).
    pub paged: BTreeMap<String, usize>,
    /// The generator's warnings (what it typed loosely or left out), by
    /// class (`codegen::ir::Warning::class`).
    pub warnings: BTreeMap<String, usize>,
    /// The outcome.
    pub outcome: Outcome,
}

/// Runs the command: prints the table, then fails when a spec fares worse
/// than its expectation (or, with `update`, rewrites the expectations).
pub fn run(args: &Args) -> Result<()> {
    let dir = args.dir.clone().unwrap_or_else(default_dir);
    let started = Instant::now();
    let rows = evaluate(&dir, &args.compile)?;
    print_table(&rows);
    eprintln!("corpus: {} specs in {:.1?}", rows.len(), started.elapsed());
    let path = crate::workspace_root().join(EXPECTATIONS);
    let expected = read_expectations(&path)?;
    // Warning counts are judged over the whole default corpus only: another
    // directory or a subset of specs counts other warnings.
    let whole_corpus = args.dir.is_none() && !matches!(args.compile, Compile::Only(_));
    let warnings_path = crate::workspace_root().join(WARNING_EXPECTATIONS);
    if args.update && whole_corpus {
        write_warning_expectations(&warnings_path, &warning_totals(&rows))?;
        eprintln!("wrote {}", warnings_path.display());
    }
    if args.update {
        let mut merged = expected;
        if matches!(args.compile, Compile::All) {
            merged.clear();
        }
        for row in &rows {
            if row.outcome != Outcome::Generated {
                merged.insert(row.spec.clone(), row.outcome.key().to_string());
            }
        }
        write_expectations(&path, &merged)?;
        eprintln!("wrote {}", path.display());
        return Ok(());
    }
    let judged = judge(&rows, &expected);
    if whole_corpus {
        judge_warnings(
            &warning_totals(&rows),
            &read_warning_expectations(&warnings_path)?,
        )?;
    }
    judged
}

/// The spec files of a directory, sorted by name; an error when the
/// directory does not exist or holds none.
fn specs_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "cannot read the corpus directory {} (the shared corpus lives in \
             `../shared/corpus` beside the repository; pass another DIR to use one)",
            dir.display()
        )
    })?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    specs.sort();
    if specs.is_empty() {
        bail!("no .json, .yaml or .yml spec in {}", dir.display());
    }
    Ok(specs)
}

/// A spec's file name.
fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Generates every selected spec, builds those to compile, and returns the
/// rows in file-name order.
pub fn evaluate(dir: &Path, compile: &Compile) -> Result<Vec<Row>> {
    let mut specs = specs_in(dir)?;
    let to_compile: Vec<String> = match compile {
        Compile::All => specs.iter().map(|p| name_of(p)).collect(),
        Compile::Smallest(n) => {
            let mut sized: Vec<(u64, String)> = specs
                .iter()
                .map(|p| {
                    (
                        std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                        name_of(p),
                    )
                })
                .collect();
            sized.sort();
            sized.into_iter().take(*n).map(|(_, name)| name).collect()
        }
        Compile::Only(list) => {
            for name in list {
                if !specs.iter().any(|p| name_of(p) == *name) {
                    bail!("no spec `{name}` in {}", dir.display());
                }
            }
            specs.retain(|p| list.contains(&name_of(p)));
            list.clone()
        }
    };

    let scratch = crate::workspace_root().join("target").join("corpus");
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for spec in &specs {
        let name = name_of(spec);
        let crate_name = crate::generate_cmd::default_crate_name(spec);
        let started = Instant::now();
        let generated = codegen::generate(
            spec,
            &codegen::LowerOptions::default(),
            &crate_options(&crate_name, &name),
        );
        let generation = started.elapsed();
        let mut row = Row {
            version: openapi_version(spec),
            spec: name.clone(),
            operations: 0,
            types: 0,
            generation,
            lines: 0,
            paged: BTreeMap::new(),
            warnings: BTreeMap::new(),
            outcome: Outcome::Generated,
        };
        match generated {
            Err(error) => {
                row.outcome = Outcome::GeneratorError(first_line(&error.to_string()));
            }
            Ok(generated) => {
                use codegen::surface::Kind;
                for warning in &generated.warnings {
                    *row.warnings.entry(warning.class()).or_default() += 1;
                }
                for item in &generated.surface.items {
                    match item.kind {
                        Kind::Method => row.operations += 1,
                        Kind::Struct
                        | Kind::StringEnum
                        | Kind::IntEnum
                        | Kind::Union
                        | Kind::Alias => row.types += 1,
                        Kind::Paginator => {
                            if let codegen::surface::Wire::Paging(paging) = &item.wire {
                                *row.paged.entry(paging.shape.to_owned()).or_default() += 1;
                            }
                        }
                        _ => {}
                    }
                }
                row.lines = generated
                    .files
                    .iter()
                    .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
                    .map(|f| f.contents.lines().count())
                    .sum();
                if to_compile.contains(&name) {
                    write_crate(&scratch.join(&crate_name), &generated.files)?;
                    members.push((crate_name, rows.len()));
                }
            }
        }
        rows.push(row);
    }
    if members.is_empty() {
        return Ok(rows);
    }
    let names: Vec<&str> = members.iter().map(|(name, _)| name.as_str()).collect();
    write_workspace(&scratch, &names)?;
    // The test kit (`test-util`) is part of each crate: compiled and linted too.
    let check = cargo_json(
        &scratch,
        &["check", "--workspace", "--features", "test-util"],
        &[],
    )?;
    let mut clean = Vec::new();
    for (crate_name, index) in &members {
        let errors = check.get(crate_name).cloned().unwrap_or_default();
        if errors.is_empty() {
            rows[*index].outcome = Outcome::Ok;
            clean.push(crate_name.clone());
        } else {
            rows[*index].outcome = Outcome::CompileErrors(errors.len(), errors[0].clone());
        }
    }
    if !clean.is_empty() {
        let mut args = vec![
            "clippy".to_string(),
            "--features".into(),
            "test-util".into(),
        ];
        for name in &clean {
            args.push("-p".into());
            args.push(name.clone());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let clippy = cargo_json(&scratch, &args, &["-D", "warnings"])?;
        for (crate_name, index) in &members {
            if let Some(found) = clippy.get(crate_name).filter(|found| !found.is_empty()) {
                rows[*index].outcome = Outcome::Warnings(found.len(), found[0].clone());
            }
        }
    }
    Ok(rows)
}

fn crate_options(crate_name: &str, spec_file: &str) -> codegen::CrateOptions {
    codegen::CrateOptions {
        crate_name: crate_name.to_string(),
        version: "0.1.0".into(),
        description: None,
        // target/<scratch>/<crate>/ → runtime/
        runtime_dependency: r#"{ path = "../../../runtime" }"#.into(),
        env_prefix: crate::generate_cmd::env_prefix(crate_name),
        standalone: false,
        spec_file: spec_file.to_string(),
        default_headers: Vec::new(),
    }
}

/// Options for a crate of a scratch workspace under `target/`.
pub(crate) fn scratch_crate_options(crate_name: &str, spec_file: &str) -> codegen::CrateOptions {
    crate_options(crate_name, spec_file)
}

/// `openapi:` of a spec, read cheaply from its text (the generator's own
/// parse is not exposed by `codegen::generate`).
fn openapi_version(spec: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(spec) else {
        return "?".into();
    };
    for key in ["\"openapi\"", "openapi"] {
        for (at, _) in text.match_indices(key) {
            let rest = text[at + key.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let value: String = rest
                .trim_start()
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            if !value.is_empty() {
                return value;
            }
        }
    }
    "?".into()
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 160 {
        format!("{}…", line.chars().take(160).collect::<String>())
    } else {
        line.to_string()
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<50} {:>7} {:>5} {:>6} {:>5} {:>5} {:>9} {:>8}  outcome",
        "spec", "openapi", "ops", "types", "paged", "warn", "gen ms", "lines"
    );
    for row in rows {
        println!(
            "{:<50} {:>7} {:>5} {:>6} {:>5} {:>5} {:>9.0} {:>8}  {}",
            row.spec,
            row.version,
            row.operations,
            row.types,
            row.paged.values().sum::<usize>(),
            row.warnings.values().sum::<usize>(),
            row.generation.as_secs_f64() * 1000.0,
            row.lines,
            row.outcome
        );
    }
    println!("\npaginators by shape:");
    for row in rows.iter().filter(|r| !r.paged.is_empty()) {
        let shapes: Vec<String> = (row.paged.iter())
            .map(|(shape, n)| format!("{shape} {n}"))
            .collect();
        println!("  {:<50} {}", row.spec, shapes.join(", "));
    }
    println!("\ngenerator warnings by class:");
    for (class, count) in &warning_totals(rows) {
        println!("  {count:>5}  {class}");
    }
}

/// The generator's warnings over every row, by class.
fn warning_totals(rows: &[Row]) -> BTreeMap<String, usize> {
    let mut totals = BTreeMap::new();
    for (class, count) in rows.iter().flat_map(|row| &row.warnings) {
        *totals.entry(class.clone()).or_default() += count;
    }
    totals
}
