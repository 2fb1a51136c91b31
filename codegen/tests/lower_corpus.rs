//! Every spec of the shared corpus lowers without panicking, fast enough.

mod lower_support;

use std::path::Path;
use std::time::{Duration, Instant};

use codegen::{Document, LowerOptions};

#[test]
fn corpus_lowers_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}: skipped", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    let mut lowered = 0;
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("readable corpus file");
        let value = match lower_support::parse(&path, &text) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{name}: not parsed ({e}): skipped");
                continue;
            }
        };
        let doc = Document::from_value(&path, value);
        // Without the normalize stage, some 3.1 documents do not fit the
        // 3.0 model: those are skipped, and said so.
        if let Err(e) = codegen::normalize::to_openapi(&doc) {
            eprintln!(
                "{name}: skipped, needs normalize: {}",
                first_line(&e.to_string())
            );
            continue;
        }
        let start = Instant::now();
        let result = codegen::lower::lower(&doc, &LowerOptions::default());
        let took = start.elapsed();
        match result {
            Ok(api) => {
                lowered += 1;
                eprintln!(
                    "{name}: {} types, {} operations, {} warnings in {took:?}",
                    api.types.len(),
                    api.operations.len(),
                    api.warnings.len()
                );
            }
            Err(e) => eprintln!("{name}: error: {e}"),
        }
        assert!(
            took < Duration::from_secs(10),
            "{name}: lowering took {took:?}"
        );
    }
    eprintln!("{lowered} specs lowered");
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
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
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(value) = lower_support::parse(&path, &text) else {
            continue;
        };
        let doc = Document::from_value(&path, value);
        let Ok(api) = codegen::lower::lower(&doc, &LowerOptions::default()) else {
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
