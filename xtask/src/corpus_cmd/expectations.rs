//! `tests/corpus-expectations.tsv`: reading and writing it, and judging a
//! run's outcomes against it (worse fails, better is reported).

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
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
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
