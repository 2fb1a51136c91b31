//! `tests/corpus-expectations.tsv` and `tests/corpus-warning-expectations.tsv`:
//! reading and writing them, and judging a
//! run against them (worse fails, better is reported).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::{Outcome, Row, EXPECTATIONS};

/// Compares the outcomes with the expectations: prints improvements, fails
/// on regressions and on specs the file does not list.
pub(super) fn judge(rows: &[Row], expected: &BTreeMap<String, String>) -> Result<()> {
    let mut worse = Vec::new();
    for row in rows {
        let Some(key) = expected.get(&row.spec) else {
            worse.push(format!(
                "{}: no expectation in {EXPECTATIONS} (now {}); run `cargo xtask corpus --update`",
                row.spec,
                row.outcome.key()
            ));
            continue;
        };
        let want = Outcome::rank_of_key(key)
            .with_context(|| format!("{EXPECTATIONS}: unknown outcome `{key}` for {}", row.spec))?;
        let now = row.outcome.rank();
        if now > want {
            worse.push(format!("{}: expected {key}, got {}", row.spec, row.outcome));
        } else if now < want && row.outcome != Outcome::Generated {
            eprintln!(
                "improved: {}: expected {key}, got {} (run `cargo xtask corpus --update`)",
                row.spec,
                row.outcome.key()
            );
        } else if now < want {
            eprintln!(
                "improved: {}: expected {key}, now generates (not compiled)",
                row.spec
            );
        }
    }
    if !worse.is_empty() {
        bail!(
            "{} corpus specs fare worse than {EXPECTATIONS}:\n  {}",
            worse.len(),
            worse.join("\n  ")
        );
    }
    Ok(())
}

pub(super) fn read_expectations(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = read_optional(path)?;
    let mut map = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((spec, outcome)) = line.split_once('\t') else {
            bail!(
                "{}:{}: expected `spec<TAB>outcome`",
                path.display(),
                number + 1
            );
        };
        if spec == "spec" {
            continue;
        }
        map.insert(spec.trim().to_string(), outcome.trim().to_string());
    }
    Ok(map)
}

pub(super) fn write_expectations(path: &Path, map: &BTreeMap<String, String>) -> Result<()> {
    let mut out = String::from(
        "# The outcome of every corpus spec under `cargo xtask corpus` (best to worst:\n\
         # ok, warnings, compile-errors, generator-error). The command fails when a\n\
         # spec fares worse; `cargo xtask corpus --update` rewrites this file.\n\
         spec\toutcome\n",
    );
    for (spec, outcome) in map {
        out.push_str(&format!("{spec}\t{outcome}\n"));
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// The count of each generator warning class over the corpus, relative to
/// the workspace root: a class that goes up fails like a spec that fares
/// worse (a new degradation), one that goes down is reported.
pub const WARNING_EXPECTATIONS: &str = "tests/corpus-warning-expectations.tsv";

/// Compares today's warning counts per class with the expected ones: fails
/// when a class has more than expected (an unlisted class expects none).
pub(super) fn judge_warnings(
    totals: &BTreeMap<String, usize>,
    expected: &BTreeMap<String, usize>,
) -> Result<()> {
    let mut worse = Vec::new();
    let classes = totals.keys().chain(expected.keys());
    let classes: std::collections::BTreeSet<&String> = classes.collect();
    for class in classes {
        let now = totals.get(class).copied().unwrap_or(0);
        let want = expected.get(class).copied().unwrap_or(0);
        if now > want {
            worse.push(format!("{class}: expected at most {want}, got {now}"));
        } else if now < want {
            eprintln!(
                "fewer warnings: {class}: expected {want}, got {now} (run `cargo xtask corpus --update`)"
            );
        }
    }
    if !worse.is_empty() {
        bail!(
            "{} generator warning classes went up over {WARNING_EXPECTATIONS}:\n  {}",
            worse.len(),
            worse.join("\n  ")
        );
    }
    Ok(())
}

pub(super) fn read_warning_expectations(path: &Path) -> Result<BTreeMap<String, usize>> {
    let text = read_optional(path)?;
    let mut map = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("count\t") {
            continue;
        }
        let parsed = line
            .split_once('\t')
            .and_then(|(count, class)| Some((count.trim().parse::<usize>().ok()?, class)));
        let Some((count, class)) = parsed else {
            bail!(
                "{}:{}: expected `count<TAB>class`",
                path.display(),
                number + 1
            );
        };
        map.insert(class.to_string(), count);
    }
    Ok(map)
}

pub(super) fn write_warning_expectations(
    path: &Path,
    totals: &BTreeMap<String, usize>,
) -> Result<()> {
    let mut out = String::from(
        "# The generator's warnings over the whole corpus (`../shared/corpus`), per\n\
         # class (`codegen::ir::Warning::class`): what it typed loosely or left out.\n\
         # `cargo xtask corpus` fails when a class goes up; `--update` rewrites this\n\
         # file.\n\
         count\tclass\n",
    );
    for (class, count) in totals {
        out.push_str(&format!("{count}\t{class}\n"));
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// The text of an expectations file; a missing one is empty (no expectations yet).
fn read_optional(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}
