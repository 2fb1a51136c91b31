//! `cargo xtask vendor PROVIDER FILE`: takes a new version of a provider's
//! spec into `specs/` (keeping a vendored spec's source comment), prints what
//! changes for consumers, bumps the version, writes the changelog entry and
//! regenerates; the maintainer reviews and commits.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::api_cmd;
use crate::providers;
use crate::spec_change::{self, Args, Old};

/// Runs the command.
pub fn run(args: &[String]) -> Result<()> {
    let [key, file] = args else {
        bail!("usage: cargo xtask vendor PROVIDER FILE");
    };
    run_in(
        &crate::workspace_root(),
        key,
        Path::new(file),
        &spec_change::today(),
    )
}

/// Runs the command on the repository at `root`: `file` becomes the spec of
/// the provider `key`, its changelog entry dated `date` (`YYYY-MM-DD`).
pub fn run_in(root: &Path, key: &str, file: &Path, date: &str) -> Result<()> {
    let provider = providers::find(root, key)?;
    let target = root.join(crate::codegen_cmd::spec_path(&provider));
    let incoming =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let current = std::fs::read_to_string(&target).unwrap_or_default();
    let text = with_source_comment(&current, &incoming);
    // Refuse a file the generator cannot read before touching anything.
    crate::codegen_cmd::generate(&provider, &text).with_context(|| {
        format!(
            "{} cannot be generated: nothing was changed",
            file.display()
        )
    })?;
    std::fs::write(&target, &text).with_context(|| format!("cannot write {}", target.display()))?;
    println!("copied {} to {}", file.display(), target.display());
    let args = Args {
        provider: key.to_owned(),
        old: Old::Rev("HEAD".to_owned()),
        new: None,
    };
    let bumped = api_cmd::decide(root, &args, &provider)?;
    print!(
        "{}",
        bumped.report.to_text_with(&api_cmd::text_options(false))
    );
    println!("{}", bumped.verdict(&provider));
    api_cmd::write(root, key, &provider, &bumped, date)
}

/// `incoming` with the leading comment block of `current` (a vendored spec's
/// source note), unless `incoming` starts with a comment of its own. JSON has
/// no comments, so a JSON spec is taken as it is.
fn with_source_comment(current: &str, incoming: &str) -> String {
    let starts_json = |text: &str| text.trim_start().starts_with('{');
    if starts_json(incoming) || incoming.trim_start().starts_with('#') {
        return incoming.to_owned();
    }
    let comment: String = current
        .split_inclusive('\n')
        .take_while(|line| line.trim_start().starts_with('#'))
        .collect();
    format!("{comment}{incoming}")
}

#[cfg(test)]
mod tests {
    use super::with_source_comment;

    #[test]
    fn the_source_comment_is_kept() {
        let current =
            "# Vendored from https://example.com/openapi.yaml\n# on 2026-01-01\nopenapi: 3.0.0\n";
        assert_eq!(
            with_source_comment(current, "openapi: 3.1.0\n"),
            "# Vendored from https://example.com/openapi.yaml\n# on 2026-01-01\nopenapi: 3.1.0\n"
        );
        assert_eq!(
            with_source_comment(current, "# own\nopenapi: 3.1.0\n"),
            "# own\nopenapi: 3.1.0\n"
        );
        assert_eq!(
            with_source_comment(current, "{\"openapi\":\"3.1.0\"}"),
            "{\"openapi\":\"3.1.0\"}"
        );
        assert_eq!(
            with_source_comment("openapi: 3.0.0\n", "openapi: 3.1.0\n"),
            "openapi: 3.1.0\n"
        );
    }
}
