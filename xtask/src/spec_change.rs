//! What `api-diff`, `api-bump`, `vendor` and the CI gate share: two versions
//! of a provider's spec, both run through today's generator and compared, so
//! the verdict is about the spec and never about generator changes.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::codegen_cmd;
use crate::providers::{self, Provider};

/// Where the old side of a comparison comes from.
#[derive(Debug, Clone)]
pub enum Old {
    /// The provider's spec file at a git revision (`HEAD` by default).
    Rev(String),
    /// A spec file on disk.
    File(PathBuf),
}

/// The two sides of a comparison, as text.
#[derive(Debug, Clone)]
pub struct Sides {
    /// The old spec; `None` when the revision has no such file (a new provider).
    pub old: Option<String>,
    /// The new spec.
    pub new: String,
}

/// The options `api-diff` and `api-bump` share.
#[derive(Debug, Clone)]
pub struct Args {
    /// The provider's key in `specs/providers.toml`.
    pub provider: String,
    /// The old side.
    pub old: Old,
    /// The new side; the provider's spec in `specs/` when `None`.
    pub new: Option<PathBuf>,
}

impl Args {
    /// Parses `PROVIDER [--old FILE | --base GIT_REV] [--new FILE]` and the
    /// flags in `flags` (returned as set or not, in order).
    pub fn parse(args: &[String], flags: &[&str]) -> Result<(Args, Vec<bool>)> {
        let mut provider = None;
        let mut old = None;
        let mut new = None;
        let mut set = vec![false; flags.len()];
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .with_context(|| format!("`{arg}` needs a value"))
            };
            match arg.as_str() {
                "--old" if old.is_none() => old = Some(Old::File(PathBuf::from(value()?))),
                "--base" if old.is_none() => old = Some(Old::Rev(value()?)),
                "--old" | "--base" => bail!("give at most one of --old and --base"),
                "--new" => new = Some(PathBuf::from(value()?)),
                flag if flags.contains(&flag) => {
                    set[flags.iter().position(|f| *f == flag).unwrap_or_default()] = true
                }
                flag if flag.starts_with('-') => bail!("unknown flag `{flag}`"),
                _ if provider.is_some() => bail!("give one provider"),
                _ => provider = Some(arg.clone()),
            }
        }
        let provider = provider.context("which provider? (a key of specs/providers.toml)")?;
        let old = old.unwrap_or_else(|| Old::Rev("HEAD".to_owned()));
        Ok((Args { provider, old, new }, set))
    }

    /// The provider these arguments name.
    pub fn provider(&self, root: &Path) -> Result<Provider> {
        providers::find(root, &self.provider)
    }

    /// Reads both sides.
    pub fn sides(&self, root: &Path, provider: &Provider) -> Result<Sides> {
        let new_path = match &self.new {
            Some(path) => path.clone(),
            None => root.join(codegen_cmd::spec_path(provider)),
        };
        let new = std::fs::read_to_string(&new_path)
            .with_context(|| format!("cannot read {}", new_path.display()))?;
        let old = match &self.old {
            Old::File(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            ),
            Old::Rev(rev) => spec_at(root, rev, provider)?,
        };
        Ok(Sides { old, new })
    }
}

/// The provider's spec as committed at `rev`; `None` when `rev` has no such
/// file.
pub fn spec_at(root: &Path, rev: &str, provider: &Provider) -> Result<Option<String>> {
    let spec = codegen_cmd::spec_path(provider);
    git_show(root, rev, &spec.to_string_lossy().replace('\\', "/"))
}

/// `git show REV:PATH`; `None` when the path does not exist at that revision.
pub fn git_show(root: &Path, rev: &str, path: &str) -> Result<Option<String>> {
    if !git_ok(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    ) {
        bail!("`{rev}` is not a git revision of this repository");
    }
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .current_dir(root)
        .output()
        .context("cannot run git")?;
    Ok(output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// Whether a git command succeeds (quietly).
pub fn git_ok(root: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Runs both sides through the generator and compares the crates. A missing
/// old side compares against nothing: everything is added.
pub fn compare(provider: &Provider, sides: &Sides) -> Result<apidiff::Report> {
    let new = codegen_cmd::generate(provider, &sides.new).context("the new spec")?;
    let old = match &sides.old {
        Some(text) => Some(codegen_cmd::generate(provider, text).context("the old spec")?),
        None => None,
    };
    let empty = codegen::surface::Surface::default();
    let old_side = match &old {
        Some(old) => apidiff::Side {
            surface: &old.surface,
            files: &old.files,
        },
        None => apidiff::Side {
            surface: &empty,
            files: &[],
        },
    };
    Ok(apidiff::compare(
        old_side,
        apidiff::Side {
            surface: &new.surface,
            files: &new.files,
        },
    ))
}

/// The spec's `info.version`, for the changelog.
pub fn spec_version(provider: &Provider, text: &str) -> String {
    codegen::load::parse(codegen_cmd::spec_path(provider), text)
        .ok()
        .and_then(|doc| doc.value["info"]["version"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Today's date as `YYYY-MM-DD` (UTC), or `LINKGEN_DATE` when set (for
/// reproducible runs of the command: a test passes its date instead).
pub fn today() -> String {
    if let Ok(date) = std::env::var("LINKGEN_DATE") {
        return date;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_423), (2025, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
