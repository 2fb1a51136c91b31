//! How a report is folded for people, the same for the terminal and the
//! changelog: breaking changes grouped by operation and type; additions
//! folded per new operation (its method, call, error and success types,
//! parameters: one line) and new types in one line; docs-only changes
//! apart, to be counted. `--json` folds nothing.

use std::collections::BTreeMap;

use codegen::surface::Kind;

use crate::{Change, ChangeKind, Report, Section};

/// The changes of a report, sorted into what is printed how.
pub(crate) struct Folded<'a> {
    /// Every breaking change, in report order.
    pub breaking: Vec<&'a Change>,
    /// The non-breaking additions.
    added: Vec<&'a Change>,
    /// How many changes the additions stand for.
    pub added_count: usize,
    /// The docs-only changes.
    pub docs: Vec<&'a Change>,
    /// The rest (wire, deprecated, other non-breaking changes).
    rest: Vec<&'a Change>,
}

pub(crate) fn fold(report: &Report) -> Folded<'_> {
    let mut f = Folded {
        breaking: Vec::new(),
        added: Vec::new(),
        added_count: 0,
        docs: Vec::new(),
        rest: Vec::new(),
    };
    for c in &report.changes {
        if c.breaking {
            f.breaking.push(c);
        } else if c.change == ChangeKind::DocsChanged {
            f.docs.push(c);
        } else if c.section == Section::Added && c.change == ChangeKind::Added {
            f.added.push(c);
        } else {
            f.rest.push(c);
        }
    }
    f.added_count = f.added.len();
    f
}

/// A type of `types.rs` (not a member).
fn is_type(c: &Change) -> bool {
    matches!(
        c.kind,
        Kind::Struct | Kind::StringEnum | Kind::IntEnum | Kind::Union | Kind::Alias
    ) && c.item.starts_with("types::")
        && c.item.matches("::").count() == 1
}

impl<'a> Folded<'a> {
    /// The non-breaking, non-addition, non-docs changes of `section`.
    pub fn of(&self, section: Section) -> Vec<&'a Change> {
        self.rest
            .iter()
            .copied()
            .filter(|c| c.section == section)
            .collect()
    }

    /// The additions as lines: one per new operation (what it brings,
    /// counted by kind), one for every new type, one per other addition.
    pub fn added_lines(&self) -> Vec<String> {
        let new_ops: BTreeMap<&str, &Change> = self
            .added
            .iter()
            .filter(|c| c.kind == Kind::Method && c.item == c.group)
            .map(|c| (c.item.as_str(), *c))
            .collect();
        let mut parts: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        let mut types = Vec::new();
        let mut others = Vec::new();
        for c in &self.added {
            if new_ops.contains_key(c.group.as_str()) {
                if c.item != c.group {
                    parts.entry(c.group.as_str()).or_default().push(c);
                }
            } else if is_type(c) {
                types.push(format!("`{}`", c.item));
            } else {
                others.push(*c);
            }
        }
        let mut out = Vec::new();
        for (path, method) in &new_ops {
            let with = parts
                .get(path)
                .map(|p| count_by(p.iter().map(|c| c.kind.label().to_string())))
                .filter(|s| !s.is_empty())
                .map(|s| format!(" (with {s})"))
                .unwrap_or_default();
            let wire = method
                .wire
                .as_deref()
                .map(|w| format!(": {w}"))
                .unwrap_or_default();
            out.push(format!("new operation `{path}`{with}{wire}"));
        }
        if !types.is_empty() {
            out.push(format!(
                "{} new type{}: {}",
                types.len(),
                if types.len() == 1 { "" } else { "s" },
                types.join(", ")
            ));
        }
        // The same addition to many operations (a `429` documented
        // everywhere, a headers struct each): one line, with the list.
        let mut buckets: Vec<(String, Vec<&Change>)> = Vec::new();
        for c in others {
            let key = repeat_key(c);
            match buckets
                .iter_mut()
                .find(|(k, _)| key.is_some() && Some(k) == key.as_ref())
            {
                Some((_, v)) => v.push(c),
                None => buckets.push((key.unwrap_or_default(), vec![c])),
            }
        }
        for (key, changes) in buckets {
            if changes.len() >= REPEATED && !key.is_empty() {
                let groups: Vec<String> =
                    changes.iter().map(|c| format!("`{}`", c.group)).collect();
                out.push(format!(
                    "{key} on {} operations: {}",
                    changes.len(),
                    groups.join(", ")
                ));
                continue;
            }
            for c in changes {
                // A field's or parameter's type is worth reading; an enum
                // value's wire value repeats its name.
                out.push(match &c.new {
                    Some(new)
                        if matches!(c.kind, Kind::Field | Kind::Param | Kind::ResponseHeader) =>
                    {
                        format!("{} `{}`: `{}`", c.kind, c.item, new.replace('\n', " "))
                    }
                    _ => format!("{} `{}`", c.kind, c.item),
                });
            }
        }
        out
    }
}

/// From this many operations on, the same addition to each is one line.
const REPEATED: usize = 3;

/// What an addition to an existing operation is the same as on another:
/// its kind and last name (`error variant `TooManyRequests``), or for an
/// operation's own type the last word of its name (`struct `…Headers``);
/// `None` for anything else.
fn repeat_key(c: &Change) -> Option<String> {
    if !c.group.starts_with("Client::") {
        return None;
    }
    let last = c.item.rsplit("::").next()?;
    let key = if c.item.matches("::").count() == 1 && c.item.starts_with("operations::") {
        let word = last
            .char_indices()
            .rev()
            .find(|(_, ch)| ch.is_uppercase())
            .map(|(i, _)| &last[i..])?;
        format!("…{word}")
    } else {
        last.to_string()
    };
    Some(format!("{} `{key}`", c.kind))
}

/// `changes` by group (an operation's method, a type, …), operations
/// first, each group in report order.
pub(crate) fn grouped<'a>(changes: &[&'a Change]) -> Vec<(String, Vec<&'a Change>)> {
    let mut groups: BTreeMap<(bool, &str), Vec<&'a Change>> = BTreeMap::new();
    for c in changes {
        let key = (!c.group.starts_with("Client::"), c.group.as_str());
        groups.entry(key).or_default().push(c);
    }
    groups
        .into_iter()
        .map(|((_, g), v)| (g.to_string(), v))
        .collect()
}

/// `12 removed, 3 renamed`: how many of each, most first.
pub(crate) fn count_by(labels: impl Iterator<Item = String>) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for l in labels {
        *counts.entry(l).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect::<Vec<_>>()
        .join(", ")
}
