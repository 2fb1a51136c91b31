//! `cargo xtask corpus --wire [DIR]`: every spec's client driven operation
//! by operation against Prism (static answers, then dynamic ones per seed),
//! judged against `tests/corpus-wire-expectations.tsv`.
//!
//! Each spec gets its client crate and a driver binary crate
//! (`<crate>-driver`, its `main.rs` from `codegen::generate_with_driver`,
//! emitted from the IR) in the corpus scratch workspace; one `cargo build`
//! builds every driver. Then, per spec, one Prism per seed, and the driver
//! run once with `Prefer: dynamic=false` (the spec's examples) and once per
//! seed with generated answers. `wire_report.rs` tallies and judges.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Result};

use super::wire_offline;
use super::wire_prism::{drive, Prism};
use super::wire_report::{self, Runs, WireRow};
use super::{crate_options, name_of, specs_in, target_dir, write_crate, write_if_changed};

/// The expectations file, relative to the workspace root.
pub const WIRE_EXPECTATIONS: &str = "tests/corpus-wire-expectations.tsv";

/// The dynamic-mode seeds of a full run (one Prism each).
pub const SEEDS: &[u32] = &[1, 42];

/// Options of `--wire`.
#[derive(Debug, Clone)]
pub struct WireArgs {
    /// The spec directory; `../shared/corpus` when absent.
    pub dir: Option<PathBuf>,
    /// Only these specs (file names); all when empty.
    pub only: Vec<String>,
    /// Dynamic-mode seeds; at least one.
    pub seeds: Vec<u32>,
    /// Rewrite the expectations with today's counts: the lines of the specs
    /// run; the other lines are dropped only by a full run of the default
    /// corpus (a subset, by `--only` or another directory, keeps them).
    pub update: bool,
}

/// One spec's crates in the scratch workspace, or why there are none.
struct Prepared {
    spec: PathBuf,
    name: String,
    /// The driver's binary name (`None`: no operation to drive), or why
    /// there is none.
    driver: Result<Option<String>, String>,
}

/// `target/corpus/wire/`: each run's JSON lines, and Prism's copies.
fn wire_dir() -> PathBuf {
    target_dir().join("corpus").join("wire")
}

/// Keeps each run's JSON lines in [`wire_dir`] to read by hand.
fn keep_lines(spec: &str, runs: &Runs) -> Result<()> {
    let dir = wire_dir();
    let runs = std::iter::once(("static".to_string(), &runs.static_run)).chain(
        runs.dynamic
            .iter()
            .enumerate()
            .map(|(i, run)| (format!("dynamic{i}"), run)),
    );
    for (mode, lines) in runs {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        write_if_changed(&dir.join(format!("{spec}.{mode}.jsonl")), &text)?;
    }
    Ok(())
}

/// A spec's row from the lines [`keep_lines`] kept.
fn replayed(spec: &str) -> WireRow {
    let read = |mode: &str| -> Option<Vec<serde_json::Value>> {
        let text = std::fs::read_to_string(wire_dir().join(format!("{spec}.{mode}.jsonl"))).ok()?;
        Some(
            text.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect(),
        )
    };
    let Some(static_run) = read("static") else {
        return WireRow::failed(spec, "no kept lines to replay");
    };
    let dynamic = (0..).map_while(|i| read(&format!("dynamic{i}"))).collect();
    wire_report::tally(
        spec,
        &Runs {
            static_run,
            dynamic,
        },
    )
}

/// Runs the command: the wire table, then the judgement.
pub fn run(args: &WireArgs) -> Result<()> {
    if args.seeds.is_empty() {
        bail!("--wire needs at least one seed");
    }
    let started = Instant::now();
    let dir = args.dir.clone().unwrap_or_else(super::default_dir);
    let mut specs = specs_in(&dir)?;
    if !args.only.is_empty() {
        for name in &args.only {
            if !specs.iter().any(|p| name_of(p) == *name) {
                bail!("no spec `{name}` in {}", dir.display());
            }
        }
        specs.retain(|p| args.only.contains(&name_of(p)));
    }
    let mut rows = Vec::new();
    // `LINKGEN_WIRE_REPLAY`: the lines kept by the last run, judged again
    // without building or driving (a run cut short, a classifier changed).
    let replay = std::env::var_os("LINKGEN_WIRE_REPLAY").is_some();
    let prepared = if replay {
        rows = specs.iter().map(|spec| replayed(&name_of(spec))).collect();
        rows.iter().for_each(wire_report::print_spec);
        Vec::new()
    } else {
        prepare(&specs)?
    };
    let prism = crate::prism::ensure()?;
    for spec in &prepared {
        let row = match &spec.driver {
            Err(why) => WireRow::failed(&spec.name, why),
            // Prism refuses a spec without operations (webhooks only).
            Ok(None) => WireRow::failed(&spec.name, "no operations"),
            Ok(Some(driver)) => {
                let binary = target_dir().join("debug").join(driver);
                // Prism reads a copy when the spec has `$ref`s it cannot
                // resolve offline (`wire_offline.rs`); the generator never does.
                let started = Instant::now();
                let served = wire_offline::prism_spec(&spec.spec, &wire_dir());
                let driven = served.and_then(|(served, changes)| {
                    Ok((drive_spec(&prism, &served, &binary, &args.seeds)?, changes))
                });
                match driven {
                    Ok((runs, changes)) => {
                        keep_lines(&spec.name, &runs)?;
                        let mut row = wire_report::tally(&spec.name, &runs);
                        row.notes = changes;
                        row.elapsed = Some(started.elapsed());
                        row
                    }
                    Err(error) => WireRow::failed(&spec.name, &format!("{error:#}")),
                }
            }
        };
        wire_report::print_spec(&row);
        rows.push(row);
    }
    wire_report::print_table(&rows);
    eprintln!(
        "corpus --wire: {} specs in {:.1?}",
        rows.len(),
        started.elapsed()
    );
    let path = crate::workspace_root().join(WIRE_EXPECTATIONS);
    let mut expected = wire_report::read(&path)?;
    if args.update {
        if args.only.is_empty() && args.dir.is_none() {
            expected.clear();
        }
        for row in &rows {
            expected.insert(row.spec.clone(), row.counts());
        }
        wire_report::write(&path, &expected)?;
        eprintln!("wrote {}", path.display());
        return Ok(());
    }
    wire_report::judge(&rows, &expected)
}

/// Writes every spec's client and driver crate, builds the drivers in one
/// cargo run; per spec, its driver's binary name or why there is none.
fn prepare(specs: &[PathBuf]) -> Result<Vec<Prepared>> {
    let scratch = crate::workspace_root().join("target").join("corpus");
    let mut prepared = Vec::new();
    let mut members = Vec::new();
    for spec in specs {
        let name = name_of(spec);
        let crate_name = crate::generate_cmd::default_crate_name(spec);
        let driver_name = format!("{crate_name}-driver");
        let generated = codegen::generate_with_driver(
            spec,
            &codegen::LowerOptions::default(),
            &crate_options(&crate_name, &name),
        );
        let driver = match generated {
            Err(error) => Err(format!(
                "generator error: {}",
                super::first_line(&error.to_string())
            )),
            Ok((generated, main_rs)) => {
                write_crate(&scratch.join(&crate_name), &generated.files)?;
                let dir = scratch.join(&driver_name);
                write_if_changed(
                    &dir.join("Cargo.toml"),
                    &driver_manifest(&crate_name, &driver_name),
                )?;
                write_if_changed(&dir.join("src").join("main.rs"), &main_rs)?;
                members.push(crate_name);
                if main_rs.contains("async fn op_") {
                    members.push(driver_name.clone());
                    Ok(Some(driver_name))
                } else {
                    Ok(None)
                }
            }
        };
        prepared.push(Prepared {
            spec: spec.clone(),
            name,
            driver,
        });
    }
    if members.is_empty() {
        return Ok(prepared);
    }
    let names: Vec<&str> = members.iter().map(String::as_str).collect();
    super::write_workspace(&scratch, &names)?;
    let mut build = vec!["build".to_string()];
    for spec in &prepared {
        if let Ok(Some(driver)) = &spec.driver {
            build.push("-p".into());
            build.push(driver.clone());
        }
    }
    let build: Vec<&str> = build.iter().map(String::as_str).collect();
    let errors = super::cargo_json(&scratch, &build, &[])?;
    for spec in &mut prepared {
        let Ok(Some(driver)) = &spec.driver else {
            continue;
        };
        let crate_name = driver.trim_end_matches("-driver");
        // A client that does not compile leaves its driver unbuilt too.
        if let Some(found) = [driver.as_str(), crate_name]
            .iter()
            .find_map(|package| errors.get(*package).filter(|e| !e.is_empty()))
        {
            spec.driver = Err(format!(
                "{} does not compile ({} errors): {}",
                if errors.get(crate_name).is_some_and(|e| !e.is_empty()) {
                    "the client"
                } else {
                    "the driver"
                },
                found.len(),
                found[0]
            ));
        }
    }
    Ok(prepared)
}

/// The driver crate's manifest: the client by path, tokio to run it.
fn driver_manifest(crate_name: &str, driver_name: &str) -> String {
    format!(
        "# Written by `cargo xtask corpus --wire`.\n[package]\nname = \"{driver_name}\"\n\
         version = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         {crate_name} = {{ path = \"../{crate_name}\" }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
    )
}

/// Prism on one spec: the static run, then one dynamic run per seed.
fn drive_spec(prism: &Path, spec: &Path, driver: &Path, seeds: &[u32]) -> Result<Runs> {
    // Boot every seed's Prism at once: boots are most of the wait.
    let servers: Vec<Result<Prism>> = std::thread::scope(|scope| {
        let handles: Vec<_> = seeds
            .iter()
            .map(|seed| scope.spawn(move || Prism::start(prism, spec, *seed)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| bail!("Prism start thread panicked"))
            })
            .collect()
    });
    let servers = servers.into_iter().collect::<Result<Vec<_>>>()?;
    let Some(first) = servers.first() else {
        bail!("no Prism started");
    };
    let mut runs = Runs {
        static_run: drive(driver, &first.base, Some("dynamic=false"))?,
        dynamic: Vec::new(),
    };
    for server in &servers {
        runs.dynamic.push(drive(driver, &server.base, None)?);
    }
    Ok(runs)
}
