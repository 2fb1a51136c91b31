//! The whole pipeline over the shared corpus: every spec of
//! `../shared/corpus` (from the workspace root) goes through
//! `codegen::generate_from_str` (load → normalize → lower → emit) without
//! panicking, and every `.rs` file it emits parses with `syn::parse_file`.
//! A spec may instead fail with a located error only when it is listed in
//! [`BROKEN`], with the reason. Without the corpus the tests say so and pass.
//!
//! The specs are shared between two tests of about the same total size, so
//! they run in parallel; `--nocapture` prints the time each spec took (in a
//! debug build, about 6 s for the 3.7 MB GitHub spec, of which 3 s emit and
//! 2.5 s re-parsing its 4.5 MB of output here).

use crate::lower_support::{self, Lowered, Lowering};

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{CrateOptions, LowerOptions};

/// Specs that may fail with a located error, with why. Empty: every corpus
/// spec generates.
const BROKEN: &[(&str, &str)] = &[];

/// The time one spec may take, whole pipeline and re-parsing included, is at
/// least this: a guard against runaway (exponential) work, not a benchmark.
const LIMIT_FLOOR: Duration = Duration::from_secs(60);

/// ... and at most this many times as long as loading the same spec alone.
/// Loading is the yardstick because it slows down with the machine: a busy
/// machine stretches both, while runaway work stretches only the pipeline.
/// In a debug build the whole pipeline takes 45x (GitHub) to 110x
/// (PagerDuty, whose output is 9 MB) its load; exponential work is far
/// beyond 400x.
const LOAD_FACTOR: u32 = 400;

/// The corpus specs with their sizes, split in two halves of about the same
/// total size (largest first, each to the lighter half).
fn corpus(half: usize) -> Option<Vec<(PathBuf, u64)>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: no corpus at {}: skipped", dir.display());
        return None;
    };
    let files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    let mut sized: Vec<(PathBuf, u64)> = files
        .into_iter()
        .map(|p| {
            let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            (p, size)
        })
        .collect();
    sized.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut halves: [(u64, Vec<(PathBuf, u64)>); 2] = Default::default();
    for (path, size) in sized {
        let lighter = usize::from(halves[1].0 < halves[0].0);
        halves[lighter].0 += size;
        halves[lighter].1.push((path, size));
    }
    Some(std::mem::take(&mut halves[half].1))
}

fn options(name: &str) -> CrateOptions {
    CrateOptions {
        crate_name: "corpus-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: "{ path = \"../runtime\" }".into(),
        env_prefix: "CORPUS".into(),
        standalone: true,
        spec_file: name.into(),
        default_headers: Vec::new(),
    }
}

/// How long loading the spec alone takes (the yardstick of [`LOAD_FACTOR`]).
fn load_time(path: &Path) -> Duration {
    let started = Instant::now();
    let _ = codegen::load::load(path);
    started.elapsed()
}

/// Generates one spec; `Err` says what went wrong.
fn generate(path: &Path, name: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("unreadable: {e}"))?;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        codegen::generate_from_str(
            Path::new(name),
            &text,
            &LowerOptions::default(),
            &options(name),
        )
    }));
    let generated = match outcome {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(format!("panicked: {message}"));
        }
        Ok(Err(error)) => {
            let text = error.to_string();
            return match BROKEN.iter().find(|(file, _)| *file == name) {
                Some((_, why)) => Ok(format!("expected error ({why}): {text}")),
                None => Err(format!("error: {text}")),
            };
        }
        Ok(Ok(generated)) => generated,
    };
    for file in &generated.files {
        if file.path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(&file.contents)
                .map_err(|e| format!("{} does not parse: {e}", file.path.display()))?;
        }
    }
    let bytes: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    Ok(format!(
        "{} files, {bytes} bytes, {} warnings",
        generated.files.len(),
        generated.warnings.len()
    ))
}

fn check(half: usize) {
    let Some(files) = corpus(half) else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, size) in files {
        checked += 1;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let load = load_time(&path);
        let limit = LIMIT_FLOOR.max(load * LOAD_FACTOR);
        let started = Instant::now();
        let outcome = generate(&path, &name);
        let took = started.elapsed();
        match outcome {
            Ok(summary) => println!(
                "ok   {name} ({size} bytes): {summary} in {took:.2?} (load alone {load:.2?})"
            ),
            Err(why) => {
                println!("FAIL {name}: {why}");
                failures.push(format!("{name}: {why}"));
            }
        }
        if took > limit {
            failures.push(format!("{name}: took {took:.2?}, over {limit:.2?}"));
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
fn corpus_generates_first_half() {
    check(0);
}

#[test]
fn corpus_generates_second_half() {
    check(1);
}

/// `LOWER_DUMP=dir cargo test --test lower_corpus -- --ignored`: writes a
/// readable outline of each corpus spec's IR, for reviewing names by eye.
#[test]
#[ignore]
fn dump_outlines() {
    let Some(out) = std::env::var_os("LOWER_DUMP") else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut files = Vec::new();
    for d in [dir, specs] {
        if let Ok(entries) = std::fs::read_dir(&d) {
            files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    for path in files {
        let Ok(Lowered { api, .. }) = Lowering::file(&path).run() else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = std::fs::write(
            Path::new(&out).join(format!("{name}.txt")),
            lower_support::outline(&api),
        );
    }
}

/// `cargo test -p linkgen-codegen --test lower_corpus body_choices --
/// --ignored --nocapture`: per corpus spec, the operations whose request
/// bodies differ (the caller chooses among them with their `{Op}Content`)
/// and the bodies beyond the preferred one, which before that choice were
/// documented but could not be sent (how many of them multipart); and that
/// every documented media type is reachable: a variant, or the same schema
/// in the same family as one.
#[test]
#[ignore]
fn body_choices() {
    let Some(mut specs) = corpus(0) else { return };
    specs.extend(corpus(1).unwrap_or_default());
    specs.sort();
    let mut totals = [0usize; 4];
    println!("spec\tbodies\tchoices\tunreachable before\tof them multipart");
    for (path, _) in specs {
        let Ok(Lowered { api, .. }) = Lowering::file(&path).run() else {
            continue;
        };
        let bodies: Vec<_> = api
            .operations
            .iter()
            .filter_map(|o| o.body.as_ref())
            .collect();
        let choices = bodies.iter().filter(|b| b.has_choice()).count();
        let others = bodies.iter().flat_map(|b| b.variants.iter().skip(1));
        let (unreachable, multipart) = others.fold((0, 0), |(n, m), v| {
            let multipart = v.encoding == codegen::ir::BodyEncoding::Multipart;
            (n + 1, m + usize::from(multipart))
        });
        for b in &bodies {
            assert_eq!(b.has_choice(), b.choice_type.is_some());
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "{name}\t{}\t{choices}\t{unreachable}\t{multipart}",
            bodies.len()
        );
        for (total, n) in totals
            .iter_mut()
            .zip([bodies.len(), choices, unreachable, multipart])
        {
            *total += n;
        }
    }
    let [bodies, choices, unreachable, multipart] = totals;
    println!("total\t{bodies}\t{choices}\t{unreachable}\t{multipart}");
}
