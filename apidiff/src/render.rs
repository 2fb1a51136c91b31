//! The report as terminal text and as a changelog entry.

use std::fmt::Write as _;

use crate::{Bump, Change, ChangeKind, Report, Section};

/// `added`, `renamed from `x``, … for one change.
fn what(c: &Change) -> String {
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

fn summary(report: &Report) -> String {
    if report.changes.is_empty() {
        return match report.bump {
            Bump::None => "generated files identical".into(),
            _ => "no API change: documentation or other non-API output only".into(),
        };
    }
    let mut parts = Vec::new();
    let breaking = report.breaking_count();
    if breaking > 0 {
        parts.push(format!("{breaking} breaking"));
    }
    for (section, label) in [
        (Section::Added, "added"),
        (Section::Changed, "changed"),
        (Section::Deprecated, "deprecated"),
        (Section::Removed, "removed"),
        (Section::Wire, "wire"),
    ] {
        let n = report
            .changes
            .iter()
            .filter(|c| c.section == section)
            .count();
        if n > 0 {
            parts.push(format!("{n} {label}"));
        }
    }
    parts.join(", ")
}

pub(crate) fn text(report: &Report) -> String {
    let mut out = format!("bump: {} ({})\n", report.bump, summary(report));
    let mut docs = Vec::new();
    for c in &report.changes {
        if c.change == ChangeKind::DocsChanged {
            docs.push(format!("`{}`", c.item));
            continue;
        }
        let tag = if c.breaking {
            "BREAKING"
        } else {
            match c.section {
                Section::Added => "added",
                Section::Deprecated => "deprecated",
                Section::Wire => "wire",
                Section::Removed => "removed",
                Section::Breaking | Section::Changed => "changed",
            }
        };
        let _ = writeln!(
            out,
            "\n{tag} {} `{}`: {} [{}; {}]",
            c.kind,
            c.item,
            what(c),
            crate::direction_name(c.direction),
            c.bump
        );
        if c.old.is_some() || c.new.is_some() {
            let show = |s: &Option<String>| {
                s.as_deref()
                    .map(|s| format!("`{s}`"))
                    .unwrap_or_else(|| "—".into())
            };
            let _ = writeln!(out, "    {} → {}", show(&c.old), show(&c.new));
        }
        if let Some(w) = &c.wire {
            let _ = writeln!(out, "    wire: {w}");
        }
        if let Some(h) = &c.hint {
            let _ = writeln!(out, "    hint: {h}");
        }
    }
    if !docs.is_empty() {
        let _ = writeln!(out, "\ndocs changed [patch]: {}", docs.join(", "));
    }
    out
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

pub(crate) fn changelog_entry(
    report: &Report,
    version: &str,
    date: &str,
    spec_version: &str,
    spec_hash: &str,
) -> String {
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
    let of = |s: Section| report.changes.iter().filter(move |c| c.section == s);

    section(
        Section::Breaking.heading(),
        report
            .changes
            .iter()
            .filter(|c| c.breaking)
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
            .collect(),
    );
    section(
        Section::Added.heading(),
        of(Section::Added)
            .map(|c| match &c.new {
                Some(sig)
                    if c.kind == codegen::surface::Kind::Field
                        || c.kind == codegen::surface::Kind::Param =>
                {
                    format!("{}: `{sig}`.", label(c))
                }
                _ => format!("{}.", label(c)),
            })
            .collect(),
    );
    let mut changed: Vec<String> = of(Section::Changed)
        .filter(|c| c.change != ChangeKind::DocsChanged)
        .map(|c| format!("{}: {}.", label(c), what(c)))
        .collect();
    let docs: Vec<String> = of(Section::Changed)
        .filter(|c| c.change == ChangeKind::DocsChanged)
        .map(|c| format!("`{}`", c.item))
        .collect();
    if !docs.is_empty() {
        changed.push(format!("Documentation: {}.", docs.join(", ")));
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
        of(Section::Deprecated)
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
        of(Section::Removed)
            .map(|c| format!("{}.", label(c)))
            .collect(),
    );
    section(
        Section::Wire.heading(),
        of(Section::Wire)
            .map(|c| match &c.wire {
                Some(w) => format!("{}: {}", label(c), sentence(w)),
                None => format!("{}: {}.", label(c), what(c)),
            })
            .collect(),
    );
    out
}
