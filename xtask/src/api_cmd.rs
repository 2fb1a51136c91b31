//! `cargo xtask api-diff` and `cargo xtask api-bump`: what a spec change
//! means for the consumers of a provider's crate, and the version it must
//! take.

use std::path::Path;

use anyhow::{Context, Result};

use crate::providers::{self, Provider};
use crate::spec_change::{self, Args, Old, Sides};

/// `api-diff PROVIDER [--old FILE | --base GIT_REV] [--new FILE] [--json]
/// [--verbose]`: the folded text report, as wide as the terminal
/// (`COLUMNS`, else 100 columns), docs-only changes listed with
/// `--verbose`; `--json` keeps every change.
pub fn diff(args: &[String]) -> Result<()> {
    let (args, flags) = Args::parse(args, &["--json", "--verbose"])?;
    let root = crate::workspace_root();
    let provider = args.provider(&root)?;
    let sides = args.sides(&root, &provider)?;
    let report = spec_change::compare(&provider, &sides)?;
    if flags[0] {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print!("{}", report.to_text_with(&text_options(flags[1])));
    }
    Ok(())
}

/// The terminal's width (`COLUMNS`, which shells set) or 100 columns.
pub fn text_options(verbose: bool) -> apidiff::TextOptions {
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(100);
    apidiff::TextOptions { verbose, width }
}

/// What `api-bump` decided.
#[derive(Debug, Clone)]
pub struct Bumped {
    /// The comparison.
    pub report: apidiff::Report,
    /// The version before the change (at the base revision, else today's).
    pub from: String,
    /// The version the crate must take.
    pub to: String,
    /// Both spec texts.
    pub sides: Sides,
}

impl Bumped {
    /// `plaid-client: major change: 0.1.0 → 0.2.0`.
    pub fn verdict(&self, provider: &Provider) -> String {
        format!(
            "{}: {} change: {} → {}",
            provider.crate_name,
            self.report.bump.as_str(),
            self.from,
            self.to
        )
    }
}

/// Decides the version for `args`.
pub fn decide(root: &Path, args: &Args, provider: &Provider) -> Result<Bumped> {
    let sides = args.sides(root, provider)?;
    let report = spec_change::compare(provider, &sides)?;
    // The version the crate had before the change: at the base revision when there is
    // one, so that running the command twice does not bump twice.
    let from = match &args.old {
        Old::Rev(rev) => spec_change::git_show(root, rev, "specs/providers.toml")?
            .map(|text| providers::version_in(&text, &args.provider))
            .transpose()?
            .flatten(),
        Old::File(_) => None,
    }
    .unwrap_or_else(|| provider.version.clone());
    let to = apidiff::next_version(&from, report.bump)
        .with_context(|| format!("the version of `{}`", args.provider))?;
    Ok(Bumped {
        report,
        from,
        to,
        sides,
    })
}

/// `api-bump PROVIDER [--old FILE | --base GIT_REV] [--new FILE] [--write]`.
pub fn bump(args: &[String]) -> Result<()> {
    let (args, flags) = Args::parse(args, &["--write"])?;
    let root = crate::workspace_root();
    let provider = args.provider(&root)?;
    let bumped = decide(&root, &args, &provider)?;
    println!("{}", bumped.verdict(&provider));
    if flags[0] {
        write(
            &root,
            &args.provider,
            &provider,
            &bumped,
            &spec_change::today(),
        )?;
    }
    Ok(())
}

/// Records a decided bump: the version in `providers.toml`, the changelog
/// entry dated `date` (`YYYY-MM-DD`: the caller's, so a test passes a fixed
/// one instead of setting `LINKGEN_DATE` in its process), the regenerated
/// crate.
pub fn write(
    root: &Path,
    key: &str,
    provider: &Provider,
    bumped: &Bumped,
    date: &str,
) -> Result<()> {
    if bumped.report.bump == apidiff::Bump::None {
        println!("the generated crate does not change: nothing to write");
        return Ok(());
    }
    if provider.version != bumped.to {
        providers::set_version(root, key, &bumped.to)?;
    }
    let changelog = root.join("generated").join(key).join("CHANGELOG.md");
    let existing = std::fs::read_to_string(&changelog).ok();
    let entry = bumped.report.changelog_entry(
        &bumped.to,
        date,
        &spec_change::spec_version(provider, &bumped.sides.new),
        &apidiff::spec_hash(bumped.sides.new.as_bytes()),
    );
    let text = apidiff::add_changelog_entry(existing.as_deref(), &provider.crate_name, &entry);
    if let Some(dir) = changelog.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&changelog, text)
        .with_context(|| format!("cannot write {}", changelog.display()))?;
    crate::codegen_cmd::run_in(root, false, Some(key))?;
    println!(
        "wrote version {} to specs/providers.toml, its entry to {}, and regenerated: review and commit",
        bumped.to,
        Path::new("generated").join(key).join("CHANGELOG.md").display()
    );
    Ok(())
}

/// Whether `version` has an entry in the provider's changelog.
pub fn has_changelog_entry(root: &Path, key: &str, version: &str) -> bool {
    std::fs::read_to_string(root.join("generated").join(key).join("CHANGELOG.md"))
        .is_ok_and(|text| text.contains(&format!("## [{version}]")))
}
