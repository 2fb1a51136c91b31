//! What a change of an item's wire text means.
//!
//! The wire text is normalized by the surface builder (equal meaning, equal
//! text); this module reads the few facts the rules depend on out of it: the
//! security alternatives of an operation, the wire name (from the origin,
//! which ends in it), and which clause changed.

use std::collections::BTreeSet;

use codegen::surface::{Item, Kind};

/// The class of a wire-only change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WireKind {
    /// An operation's security: some request that satisfied an old
    /// alternative satisfies no new one.
    SecurityStricter,
    /// An operation's security changed, and every request that satisfied it
    /// still does.
    SecurityLooser,
    /// A server's URL.
    Url,
    /// The JSON name (or wire value) under the same Rust name.
    WireName,
    /// A default value.
    Default,
    /// Whether `null` is allowed.
    Nullability,
    /// Whether the spec requires it, without a change of the Rust signature.
    Requiredness,
    /// Which fields of an error body `ErrorSummary::code()`/`message()`
    /// read.
    ErrorSummary,
    /// An operation's success statuses lost one: a response the older
    /// version decoded as a success is `Error::UnexpectedStatus` now.
    SuccessNarrower,
    /// An operation's success statuses only gained some.
    SuccessWider,
    /// Only the names of the path template's parameters (positional: the
    /// URL sent is the same).
    PathParamNames,
    /// Anything else (an operation's HTTP method or path template…).
    Other,
}

impl WireKind {
    /// Whether the change alone can make a request that worked be refused.
    pub fn is_breaking(self) -> bool {
        matches!(self, WireKind::SecurityStricter | WireKind::SuccessNarrower)
    }
}

/// Classifies the wire change from `a` to `b` (same item, `a.wire != b.wire`).
pub(crate) fn classify(a: &Item, b: &Item) -> WireKind {
    if a.kind == Kind::Method || b.kind == Kind::Method {
        let (sa, sb) = (security(&a.wire), security(&b.wire));
        if sa != sb {
            return if stricter(&sa, &sb) {
                WireKind::SecurityStricter
            } else {
                WireKind::SecurityLooser
            };
        }
    }
    if a.kind == Kind::Method || b.kind == Kind::Method {
        let (sa, sb) = (successes(&a.wire), successes(&b.wire));
        if sa != sb {
            return if sa.iter().all(|s| sb.contains(s)) {
                WireKind::SuccessWider
            } else {
                WireKind::SuccessNarrower
            };
        }
        if without_param_names(&a.wire) == without_param_names(&b.wire) {
            return WireKind::PathParamNames;
        }
    }
    if a.kind == Kind::PathParam && b.kind == Kind::PathParam {
        let unnamed = |w: &str| {
            let mut c = clauses(w);
            c.retain(|c| !c.starts_with("name: "));
            c
        };
        if unnamed(&a.wire) == unnamed(&b.wire) {
            return WireKind::PathParamNames;
        }
    }
    if a.kind == Kind::Environment || a.origin.starts_with("servers/") {
        return WireKind::Url;
    }
    if matches!(
        a.kind,
        Kind::Field | Kind::Param | Kind::PathParam | Kind::EnumValue
    ) && last_segment(&a.origin) != last_segment(&b.origin)
    {
        return WireKind::WireName;
    }
    let (ca, cb) = (clauses(&a.wire), clauses(&b.wire));
    let changed: Vec<&str> = ca.symmetric_difference(&cb).map(|s| s.as_str()).collect();
    let any = |words: &[&str]| {
        changed
            .iter()
            .any(|c| words.iter().any(|w| c.to_ascii_lowercase().contains(w)))
    };
    let summary = |c: &&str| c.starts_with("code: ") || c.starts_with("message: ");
    if a.kind == Kind::ErrorVariant && changed.iter().any(summary) {
        WireKind::ErrorSummary
    } else if any(&["default"]) {
        WireKind::Default
    } else if any(&["null"]) {
        WireKind::Nullability
    } else if any(&["required", "optional"]) {
        WireKind::Requiredness
    } else {
        WireKind::Other
    }
}

fn last_segment(origin: &str) -> &str {
    origin.rsplit('/').next().unwrap_or(origin)
}

/// The clauses of a wire text: split on `;`, `,` at depth 0 and newlines.
pub(crate) fn clauses(wire: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut depth = 0i32;
    let mut in_code = false;
    let mut in_str = false;
    let mut escaped = false;
    let mut cur = String::new();
    for ch in wire.chars() {
        if in_str {
            cur.push(ch);
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' if !in_code => in_str = true,
            '`' => in_code = !in_code,
            '(' | '[' | '{' if !in_code => depth += 1,
            ')' | ']' | '}' if !in_code => depth -= 1,
            _ => {}
        }
        if !in_code && depth <= 0 && matches!(ch, ';' | ',' | '\n') {
            out.insert(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(ch);
        }
    }
    out.insert(cur.trim().to_string());
    out.remove("");
    out
}

/// The statuses of a method's wire clause `success: 200 | 201` (none
/// without the clause).
pub(crate) fn successes(wire: &str) -> BTreeSet<String> {
    let Some(at) = wire.find("success: ") else {
        return BTreeSet::new();
    };
    let rest = &wire[at + "success: ".len()..];
    let end = rest.find([',', ';', '\n']).unwrap_or(rest.len());
    rest[..end]
        .split('|')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A method's wire text with every `{name}` of its path written `{}`.
fn without_param_names(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    let mut in_param = false;
    for c in wire.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' if in_param => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// A set of security alternatives: a request must satisfy one; each is the
/// set of schemes it needs (empty: no credentials).
pub(crate) type Alternatives = BTreeSet<BTreeSet<String>>;

/// The security alternatives in a method's wire text
/// (`POST /pets, body: application/json, security: none | api_key+secret,
/// retry_safe`): the clause `security: …` (at the start or after `, `, up
/// to the next `,`, `;` or newline), alternatives separated by `|`, schemes
/// of one alternative by `+`; `none` is the empty alternative. A text
/// without the clause needs no credentials.
pub(crate) fn security(wire: &str) -> Alternatives {
    let key = "security: ";
    let at = wire
        .match_indices(key)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || wire[..i].ends_with(", ") || wire[..i].ends_with("; "))
        .last();
    let Some(at) = at else {
        return BTreeSet::from([BTreeSet::new()]);
    };
    let rest = &wire[at + key.len()..];
    let end = rest.find([',', ';', '\n']).unwrap_or(rest.len());
    let mut out = BTreeSet::new();
    for alt in rest[..end].split('|') {
        let mut schemes = BTreeSet::new();
        for part in alt.split('+') {
            let name = part.trim().trim_matches('`').trim();
            if !name.is_empty() && name != "none" {
                schemes.insert(name.to_string());
            }
        }
        out.insert(schemes);
    }
    out
}

/// Whether some request satisfying an alternative of `old` satisfies no
/// alternative of `new` (a new alternative is satisfied by a request that
/// carries a superset of its schemes).
pub(crate) fn stricter(old: &Alternatives, new: &Alternatives) -> bool {
    old.iter().any(|a| !new.iter().any(|b| b.is_subset(a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alts(list: &[&[&str]]) -> Alternatives {
        list.iter()
            .map(|a| a.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn security_text() {
        assert_eq!(security("POST /x"), alts(&[&[]]));
        assert_eq!(
            security("POST /x; security: client_id + secret | bearer"),
            alts(&[&["client_id", "secret"], &["bearer"]])
        );
        assert_eq!(
            security("GET /x; security: none | `api_key`"),
            alts(&[&[], &["api_key"]])
        );
    }

    #[test]
    fn strictness() {
        let none = alts(&[&[]]);
        let key = alts(&[&["key"]]);
        let key_or_none = alts(&[&[], &["key"]]);
        let both = alts(&[&["a", "b"]]);
        let a = alts(&[&["a"]]);
        assert!(stricter(&none, &key));
        assert!(stricter(&key_or_none, &key));
        assert!(!stricter(&key, &key_or_none));
        assert!(stricter(&a, &both));
        assert!(!stricter(&both, &a));
        assert!(stricter(&key, &a));
    }

    #[test]
    fn clause_split() {
        let c = clauses("json `a,b`, required; default (1, 2), \"x, \\\"y\": string");
        assert!(c.contains("json `a,b`"));
        assert!(c.contains("\"x, \\\"y\": string"), "{c:?}");
        assert!(c.contains("default (1, 2)"));
    }
}
