//! The crate's `CHANGELOG.md`, in the Keep a Changelog format.

use sha2::{Digest, Sha256};

/// The SHA-256 of a spec's bytes, as the first 16 hex digits.
pub fn spec_hash(text: &[u8]) -> String {
    let digest = Sha256::digest(text);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The header of a new changelog.
fn header(crate_name: &str) -> String {
    format!(
        "# Changelog\n\n\
         All notable changes to `{crate_name}` are documented in this file.\n\n\
         The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n\
         and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n"
    )
}

/// The version of a `## [version] - date` heading line (`None` for other
/// lines and for `## [Unreleased]`).
fn entry_version(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("## [")?;
    let version = &rest[..rest.find(']')?];
    (!version.eq_ignore_ascii_case("unreleased")).then_some(version)
}

/// `existing` (a changelog, or `None` to create one with the Keep a
/// Changelog header) with `entry` (starting with `## [version] - date`)
/// added: in place of an entry of the same version when there is one, else
/// above the newest entry (below `## [Unreleased]`), else at the end.
pub fn add_changelog_entry(existing: Option<&str>, crate_name: &str, entry: &str) -> String {
    let entry = format!("{}\n", entry.trim_end());
    let version = entry
        .lines()
        .next()
        .and_then(entry_version)
        .map(str::to_owned);
    let text = match existing {
        Some(t) if !t.trim().is_empty() => t.to_string(),
        _ => header(crate_name),
    };
    // Byte offsets of every `## ` heading line.
    let mut headings = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") {
            headings.push((offset, line.trim_end()));
        }
        offset += line.len();
    }
    let end_of = |k: usize| headings.get(k + 1).map(|h| h.0).unwrap_or(text.len());

    let same = version.as_deref().and_then(|v| {
        headings
            .iter()
            .position(|(_, line)| entry_version(line) == Some(v))
    });
    let (start, end) = if let Some(k) = same {
        (headings[k].0, end_of(k))
    } else if let Some((k, _)) = headings
        .iter()
        .enumerate()
        .find(|(_, (_, line))| entry_version(line).is_some())
    {
        (headings[k].0, headings[k].0)
    } else {
        (text.len(), text.len())
    };
    let before = text[..start].trim_end_matches('\n');
    let after = text[end..].trim_start_matches('\n');
    let mut out = String::with_capacity(text.len() + entry.len() + 4);
    out.push_str(before);
    out.push_str("\n\n");
    out.push_str(&entry);
    if !after.is_empty() {
        out.push('\n');
        out.push_str(after);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const E1: &str = "## [0.1.1] - 2026-11-01\n\n### Added\n\n- `a`\n";
    const E2: &str = "## [0.2.0] - 2026-12-01\n\n### Breaking\n\n- `b`\n";

    #[test]
    fn hash() {
        assert_eq!(spec_hash(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn creates_inserts_replaces() {
        let one = add_changelog_entry(None, "pet-client", E1);
        assert!(one.starts_with("# Changelog\n\nAll notable changes to `pet-client`"));
        assert!(one.contains("Keep a Changelog"));
        assert!(one.contains("Semantic Versioning"));
        assert!(one.ends_with(&format!("\n\n{E1}")));

        let two = add_changelog_entry(Some(&one), "pet-client", E2);
        let (i1, i2) = (
            two.find("## [0.1.1]").unwrap(),
            two.find("## [0.2.0]").unwrap(),
        );
        assert!(i2 < i1, "{two}");
        assert!(two.contains(&format!("{E2}\n{E1}")), "{two}");

        let e2b = "## [0.2.0] - 2026-12-02\n\n### Changed\n\n- Documentation only.\n";
        let three = add_changelog_entry(Some(&two), "pet-client", e2b);
        assert_eq!(three.matches("## [0.2.0]").count(), 1);
        assert!(three.contains("2026-12-02") && !three.contains("### Breaking"));
        assert!(three.contains(&format!("{e2b}\n{E1}")), "{three}");
        // Idempotent.
        assert_eq!(add_changelog_entry(Some(&three), "pet-client", e2b), three);
    }

    #[test]
    fn below_unreleased() {
        let text = "# Changelog\n\n## [Unreleased]\n\n- wip\n\n## [0.1.1] - 2026-11-01\n\n- a\n";
        let out = add_changelog_entry(Some(text), "x", E2);
        let (u, n, o) = (
            out.find("[Unreleased]").unwrap(),
            out.find("[0.2.0]").unwrap(),
            out.find("[0.1.1]").unwrap(),
        );
        assert!(u < n && n < o, "{out}");
    }
}
