//! The release gate of `cargo xtask test`: a spec change must come with the
//! version bump it needs and a changelog entry for that version.
//!
//! The base is `LINKGEN_GATE_BASE` when set (a CI job can point it at the
//! target branch), else `HEAD` when `specs/` has uncommitted changes (a
//! maintainer's working tree), else `HEAD~1` (the last commit, as CI checks
//! it out). Both sides go through today's generator, so only spec changes
//! count, never generator changes.

use std::path::Path;

use anyhow::{bail, Result};

use crate::api_cmd;
use crate::providers;
use crate::spec_change::{self, Args, Old};

/// Runs the gate over every provider.
pub fn check(root: &Path) -> Result<()> {
    let Some(base) = base(root) else {
        eprintln!("gate: no base revision to compare specs/ with (a first commit or a shallow clone): skipped");
        return Ok(());
    };
    let mut refusals = Vec::new();
    for (key, provider) in providers::load(root)? {
        let args = Args {
            provider: key.clone(),
            old: Old::Rev(base.clone()),
            new: None,
        };
        let Some(old) = spec_change::spec_at(root, &base, &provider)? else {
            continue; // a new provider: its first version is whatever it says
        };
        let current = std::fs::read_to_string(root.join(crate::codegen_cmd::spec_path(&provider)))?;
        if old == current {
            continue;
        }
        let bumped = api_cmd::decide(root, &args, &provider)?;
        if bumped.report.bump == apidiff::Bump::None {
            continue;
        }
        let command = format!("cargo xtask api-bump {key} --base {base} --write");
        if !at_least(&provider.version, &bumped.to) {
            refusals.push(format!(
                "{key}: the spec changed since {base} ({} change: {}), so {} must be at least {} but specs/providers.toml says {}: run `{command}`",
                bumped.report.bump.as_str(),
                summary(&bumped.report),
                provider.crate_name,
                bumped.to,
                provider.version
            ));
        } else if !api_cmd::has_changelog_entry(root, &key, &provider.version) {
            refusals.push(format!(
                "{key}: generated/{key}/CHANGELOG.md has no entry for {}: run `{command}`",
                provider.version
            ));
        }
    }
    if !refusals.is_empty() {
        bail!("release gate:\n  {}", refusals.join("\n  "));
    }
    eprintln!("gate: every spec change since {base} carries its version bump and changelog entry");
    Ok(())
}

/// The revision the gate compares with (see the module docs).
fn base(root: &Path) -> Option<String> {
    if let Ok(base) = std::env::var("LINKGEN_GATE_BASE") {
        return Some(base);
    }
    if !spec_change::git_ok(root, &["rev-parse", "--verify", "--quiet", "HEAD"]) {
        return None;
    }
    if !spec_change::git_ok(root, &["diff", "--quiet", "HEAD", "--", "specs"]) {
        return Some("HEAD".to_owned());
    }
    spec_change::git_ok(root, &["rev-parse", "--verify", "--quiet", "HEAD~1"])
        .then(|| "HEAD~1".to_owned())
}

/// `have >= want` as semantic versions (an unparsable one never is).
fn at_least(have: &str, want: &str) -> bool {
    match (semver::Version::parse(have), semver::Version::parse(want)) {
        (Ok(have), Ok(want)) => have >= want,
        _ => false,
    }
}

/// `2 breaking, 1 added`.
fn summary(report: &apidiff::Report) -> String {
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    let others = report.changes.len() - breaking;
    format!("{breaking} breaking, {others} other")
}

#[cfg(test)]
mod tests {
    use super::at_least;

    #[test]
    fn versions_compare_as_semver() {
        assert!(at_least("0.2.0", "0.2.0"));
        assert!(at_least("0.10.0", "0.9.1"));
        assert!(!at_least("0.1.9", "0.2.0"));
        assert!(!at_least("x", "0.1.0"));
    }
}
