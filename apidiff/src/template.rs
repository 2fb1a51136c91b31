//! The wire and hint texts of a change: a rule's template filled with
//! the items it compares.
//!
//! A template may use `{item}` (the Rust path), `{from}` (the old path of a
//! rename), `{name}` (the last path segment), `{owner}` (the parent path
//! without its `types::`/`operations::` module: `Pet` for
//! `types::Pet::name`, whose constructor is `Pet::new`), `{wire_name}` (the
//! wire name or value, from the origin), `{old}` and `{new}` (signatures, or
//! wire texts for wire changes), `{old_clause}`/`{new_clause}` (the clauses
//! of the wire text only one side has, `none` when there are none),
//! `{old_wire}`/`{new_wire}` (the old and new wire texts), `{old_security}`/`{new_security}` (an
//! operation's security alternatives, `none | api_key`), `{old_success}`/
//! `{new_success}` (its success statuses, `200 | 201`),
//! `{old_features}`/`{new_features}` (the cargo features that compile an
//! item). For a response variant `{wire_name}` is its status.

use std::collections::BTreeSet;

use codegen::surface::wire::scheme_key;
use codegen::surface::{Item, Kind, Wire};

/// `template` filled for the change of `subject` (the new item, or the old
/// one of a removal) from `old` to `new` (`old_text`/`new_text`: their
/// signatures, or wire texts).
pub(crate) fn expand(
    template: &str,
    subject: &Item,
    old: Option<&Item>,
    new: Option<&Item>,
    old_text: Option<&str>,
    new_text: Option<&str>,
) -> String {
    let path = subject.path.as_str();
    let name = path.rsplit("::").next().unwrap_or(path);
    let owner = crate::diff::parent(path)
        .map(|p| {
            p.strip_prefix("types::")
                .or_else(|| p.strip_prefix("operations::"))
                .unwrap_or(p)
        })
        .unwrap_or(path);
    let wire_name = |i: &Item| wire_name(i).to_string();
    let security = |i: Option<&Item>| {
        i.and_then(|i| match &i.wire {
            Wire::Operation(op) => Some(&op.security),
            _ => None,
        })
        .map(|alts| {
            alts.iter()
                .map(|a| {
                    if a.is_empty() {
                        "none".to_string()
                    } else {
                        let keys: Vec<String> = a.iter().map(|k| scheme_key(k)).collect();
                        keys.join(" + ")
                    }
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default()
    };
    template
        .replace("{item}", path)
        .replace("{from}", old.map(|i| i.path.as_str()).unwrap_or(""))
        .replace("{name}", name)
        .replace("{owner}", owner)
        .replace("{old_wire_name}", &old.map(wire_name).unwrap_or_default())
        .replace("{wire_name}", &wire_name(subject))
        .replace(
            "{old_wire}",
            &old.map(|i| i.wire.to_string()).unwrap_or_default(),
        )
        .replace(
            "{new_wire}",
            &new.map(|i| i.wire.to_string()).unwrap_or_default(),
        )
        .replace("{old_security}", &security(old))
        .replace("{new_security}", &security(new))
        .replace("{old_success}", &success(old))
        .replace("{new_success}", &success(new))
        .replace(
            "{old_features}",
            &old.map(|i| features(&i.features)).unwrap_or_default(),
        )
        .replace(
            "{new_features}",
            &new.map(|i| features(&i.features)).unwrap_or_default(),
        )
        .replace("{old_clause}", &clause_diff(old, new))
        .replace("{new_clause}", &clause_diff(new, old))
        .replace("{old}", old_text.unwrap_or("—"))
        .replace("{new}", new_text.unwrap_or("—"))
}

/// An operation's success statuses, `200 | 201` (`none`).
fn success(item: Option<&Item>) -> String {
    let statuses: BTreeSet<String> = match item.map(|i| &i.wire) {
        Some(Wire::Operation(op)) => op.successes.iter().map(|s| s.key()).collect(),
        _ => BTreeSet::new(),
    };
    if statuses.is_empty() {
        "none".into()
    } else {
        statuses.into_iter().collect::<Vec<_>>().join(" | ")
    }
}

/// The features that compile an item, `a | b`, or `none (always compiled)`.
pub(crate) fn features(features: &[String]) -> String {
    if features.is_empty() {
        "none (always compiled)".into()
    } else {
        features.join(" | ")
    }
}

/// The wire clauses (facts as `API.md` prints them) of `a` that `b` lacks,
/// or `none`.
fn clause_diff(a: Option<&Item>, b: Option<&Item>) -> String {
    let (Some(a), Some(b)) = (a, b) else {
        return "none".into();
    };
    let theirs: BTreeSet<String> = b.wire.clauses().into_iter().collect();
    let ours: BTreeSet<String> = a.wire.clauses().into_iter().collect();
    let only: Vec<String> = ours.into_iter().filter(|c| !theirs.contains(c)).collect();
    if only.is_empty() {
        "none".into()
    } else {
        format!("`{}`", only.join(", "))
    }
}

/// The wire name of a field or parameter, or the wire value of an enum
/// value: the origin's last segment (JSON pointer unescaped); the Rust name
/// for other items.
fn wire_name(item: &Item) -> String {
    match item.kind {
        // A path parameter's origin is its position: the name is in its
        // wire facts.
        Kind::PathParam => match &item.wire {
            Wire::Param(p) => p.name.clone(),
            _ => String::new(),
        },
        Kind::Field
        | Kind::Param
        | Kind::EnumValue
        | Kind::ResponseHeader
        | Kind::ErrorVariant
        | Kind::SuccessVariant => {
            let last = item.origin.rsplit('/').next().unwrap_or(&item.origin);
            codegen::pointer::unescape(last).into_owned()
        }
        _ => item
            .path
            .rsplit("::")
            .next()
            .unwrap_or(&item.path)
            .to_string(),
    }
}
