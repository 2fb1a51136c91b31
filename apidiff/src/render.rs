//! The report as terminal text and as a changelog entry, both folded the
//! same way (`fold.rs`): a summary first (counts, the bump and why), then
//! the breaking changes grouped by operation and type, then the additions
//! folded per new operation, then the rest; docs-only changes are counted
//! (listed only when asked). No terminal line is wider than asked.

use std::fmt::Write as _;

use crate::fold::{self, Folded};
use crate::{Bump, Change, ChangeKind, Report, Section};

/// How [`Report::to_text_with`](crate::Report::to_text_with) prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// List every docs-only change (with its old and new text, cut to the
    /// width), not only their count.
    pub verbose: bool,
    /// The widest a line may be, in characters (a longer one is cut with
    /// `…` and how many characters were left out).
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            verbose: false,
            width: 100,
        }
    }
}

/// `added`, `renamed from `x``, … for one change.
pub(crate) fn what(c: &Change) -> String {
    match &c.change {
        ChangeKind::Added if c.breaking => "added, required".into(),
        ChangeKind::Added => "added".into(),
        ChangeKind::Removed => "removed".into(),
        ChangeKind::Renamed { from } => format!("renamed from `{from}`"),
        ChangeKind::TypeChanged => "signature changed".into(),
        ChangeKind::BecameRequired => "became required".into(),
        ChangeKind::BecameOptional => "became optional".into(),
        ChangeKind::Deprecated if c.new.is_none() => "no longer deprecated".into(),
        ChangeKind::Deprecated => "deprecated".into(),
        ChangeKind::WireChanged => "wire meaning changed".into(),
        ChangeKind::FeaturesChanged => "cargo features changed".into(),
        ChangeKind::DocsChanged => "documentation changed".into(),
    }
}

/// `s` cut to `width` characters: the cut end replaced by `… (+N chars)`.
pub(crate) fn fit(s: &str, width: usize) -> String {
    let len = s.chars().count();
    if len <= width {
        return s.to_string();
    }
    // The marker's own length depends on N; two passes settle it.
    let mut keep = width.saturating_sub(4);
    for _ in 0..2 {
        let marker = format!("… (+{} chars)", len - keep);
        keep = width.saturating_sub(marker.chars().count());
    }
    let marker = format!("… (+{} chars)", len - keep);
    let head: String = s.chars().take(keep).collect();
    format!("{head}{marker}")
}

/// The counts line: `3 breaking, 12 added, 2 wire, 40 docs-only`.
fn counts(f: &Folded<'_>) -> String {
    let mut parts = Vec::new();
    let mut push = |n: usize, label: &str| {
        if n > 0 {
            parts.push(format!("{n} {label}"));
        }
    };
    push(f.breaking.len(), "breaking");
    push(f.added_count, "added");
    push(f.of(Section::Wire).len(), "wire");
    push(f.of(Section::Deprecated).len(), "deprecated");
    push(f.of(Section::Changed).len(), "changed");
    push(f.docs.len(), "docs-only");
    parts.join(", ")
}

/// Why the bump is what it is, in one line.
fn why(report: &Report, f: &Folded<'_>) -> String {
    match report.bump {
        Bump::None => "the generated files are identical".into(),
        Bump::Patch if report.changes.is_empty() => {
            "no API change: documentation or other non-API output only".into()
        }
        Bump::Patch => "no API change: documentation, or names no code uses".into(),
        Bump::Minor => "additions, deprecations or wire changes only: nothing breaks".into(),
        Bump::Major => {
            let by_kind = fold::count_by(f.breaking.iter().map(|c| what_kind(c)));
            format!(
                "{} breaking change{} ({})",
                f.breaking.len(),
                if f.breaking.len() == 1 { "" } else { "s" },
                by_kind
            )
        }
    }
}

/// A change's kind of change without its details (`renamed`, not `renamed
/// from …`), for counts.
fn what_kind(c: &Change) -> String {
    match &c.change {
        ChangeKind::Renamed { .. } => "renamed".into(),
        ChangeKind::Added if c.breaking => "required added".into(),
        _ => what(c),
    }
}

pub(crate) fn text(report: &Report, opts: &TextOptions) -> String {
    let w = opts.width.max(20);
    let f = fold::fold(report);
    let mut out = String::new();
    let line = |out: &mut String, s: String| {
        out.push_str(&fit(&s, w));
        out.push('\n');
    };
    let summary = if report.changes.is_empty() {
        why(report, &f)
    } else {
        counts(&f)
    };
    line(&mut out, format!("bump: {} ({summary})", report.bump));
    if !report.changes.is_empty() {
        line(&mut out, format!("why: {}", why(report, &f)));
    }
    if !f.breaking.is_empty() {
        line(
            &mut out,
            format!("\nBREAKING ({}), by operation and type:", f.breaking.len()),
        );
        for (group, changes) in fold::grouped(&f.breaking) {
            line(&mut out, group.clone());
            // A removed operation: its call, error and success types go
            // with its method, said once.
            let gone = changes
                .iter()
                .any(|c| c.item == group && c.change == ChangeKind::Removed);
            let mut with = Vec::new();
            for c in changes {
                if gone && c.item != group && c.change == ChangeKind::Removed {
                    with.push(c.kind.label().to_string());
                    continue;
                }
                let rel = c
                    .item
                    .strip_prefix(group.as_str())
                    .map(|r| r.trim_start_matches("::"))
                    .unwrap_or(&c.item);
                let name = if rel.is_empty() {
                    String::new()
                } else {
                    format!(" `{rel}`")
                };
                line(&mut out, format!("  {}{name}: {}", c.kind, what(c)));
                if c.change != ChangeKind::Removed && (c.old.is_some() || c.new.is_some()) {
                    line(&mut out, format!("      {}", old_new(c)));
                }
                if let Some(wire) = &c.wire {
                    line(&mut out, format!("      wire: {wire}"));
                }
                if let Some(hint) = &c.hint {
                    line(&mut out, format!("      hint: {hint}"));
                }
            }
            if !with.is_empty() {
                let with = fold::count_by(with.into_iter());
                line(&mut out, format!("      with it: {with}"));
            }
        }
    }
    if f.added_count > 0 {
        line(&mut out, format!("\nADDED ({}):", f.added_count));
        for entry in f.added_lines() {
            line(&mut out, format!("  {entry}"));
        }
    }
    for (section, title) in [
        (Section::Wire, "PROVIDER WIRE CHANGES"),
        (Section::Deprecated, "DEPRECATED"),
        (Section::Changed, "CHANGED (not breaking)"),
    ] {
        let changes = f.of(section);
        if changes.is_empty() {
            continue;
        }
        line(&mut out, format!("\n{title} ({}):", changes.len()));
        for c in changes {
            let mut s = format!("  {} `{}`: {}", c.kind, c.item, what(c));
            if let Some(wire) = &c.wire {
                let _ = write!(s, ": {wire}");
            } else if c.old.is_some() || c.new.is_some() {
                let _ = write!(s, ": {}", old_new(c));
            }
            line(&mut out, s);
        }
    }
    if !f.docs.is_empty() {
        if opts.verbose {
            line(&mut out, format!("\nDOCS ONLY ({}) [patch]:", f.docs.len()));
            for c in &f.docs {
                line(&mut out, format!("  `{}`: {}", c.item, old_new(c)));
            }
        } else {
            line(
                &mut out,
                format!(
                    "\ndocs only: {} item{} [patch] (list them with --verbose)",
                    f.docs.len(),
                    if f.docs.len() == 1 { "" } else { "s" }
                ),
            );
        }
    }
    out
}

/// `` `old` → `new` `` (`—` for a missing side), on one line.
fn old_new(c: &Change) -> String {
    let show = |s: &Option<String>| {
        s.as_deref()
            .map(|s| format!("`{}`", s.replace('\n', " ")))
            .unwrap_or_else(|| "—".into())
    };
    format!("{} → {}", show(&c.old), show(&c.new))
}

fn first_upper(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence(s: &str) -> String {
    let s = first_upper(s.trim());
    if s.ends_with('.') {
        s
    } else {
        format!("{s}.")
    }
}

/// Docs-only changes are listed by name up to this many, else counted.
const DOCS_LISTED: usize = 5;

pub(crate) fn changelog_entry(
    report: &Report,
    version: &str,
    date: &str,
    spec_version: &str,
    spec_hash: &str,
) -> String {
    let f = fold::fold(report);
    let mut out = format!(
        "## [{version}] - {date}\n\nSpec `info.version` {spec_version}, sha256 `{spec_hash}`.\n"
    );
    let mut section = |heading: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = write!(out, "\n### {heading}\n");
            for line in lines {
                let _ = writeln!(out, "- {line}");
            }
        }
    };
    let label = |c: &Change| format!("`{}` ({})", c.item, c.kind);

    // Breaking: grouped by operation and type, in that order.
    let breaking = fold::grouped(&f.breaking)
        .into_iter()
        .flat_map(|(_, changes)| changes)
        .map(|c| {
            let mut line = format!("{}: {}.", label(c), what(c));
            if let Some(w) = &c.wire {
                line.push(' ');
                line.push_str(&sentence(w));
            }
            if let Some(h) = &c.hint {
                let _ = write!(line, " Migration: {}", sentence(h));
            }
            line
        })
        .collect();
    section(Section::Breaking.heading(), breaking);
    section(
        Section::Added.heading(),
        f.added_lines().into_iter().map(|l| sentence(&l)).collect(),
    );
    let mut changed: Vec<String> = f
        .of(Section::Changed)
        .iter()
        .map(|c| format!("{}: {}.", label(c), what(c)))
        .collect();
    if !f.docs.is_empty() {
        changed.push(if f.docs.len() <= DOCS_LISTED {
            let names: Vec<String> = f.docs.iter().map(|c| format!("`{}`", c.item)).collect();
            format!("Documentation: {}.", names.join(", "))
        } else {
            format!("Documentation of {} items.", f.docs.len())
        });
    }
    if report.changes.is_empty() {
        changed.push(match report.bump {
            Bump::None => "No change to the generated crate.".into(),
            _ => "Documentation only.".into(),
        });
    }
    section(Section::Changed.heading(), changed);
    section(
        Section::Deprecated.heading(),
        f.of(Section::Deprecated)
            .iter()
            .map(
                |c| match c.new.as_deref().filter(|n| *n != "#[deprecated]") {
                    Some(note) => format!("{}: {}", label(c), sentence(note)),
                    None => format!("{}.", label(c)),
                },
            )
            .collect(),
    );
    section(
        Section::Removed.heading(),
        report
            .changes
            .iter()
            .filter(|c| c.section == Section::Removed)
            .map(|c| format!("{}.", label(c)))
            .collect(),
    );
    section(
        Section::Wire.heading(),
        f.of(Section::Wire)
            .iter()
            .map(|c| match &c.wire {
                Some(w) => format!("{}: {}", label(c), sentence(w)),
                None => format!("{}: {}.", label(c), what(c)),
            })
            .collect(),
    );
    out
}
