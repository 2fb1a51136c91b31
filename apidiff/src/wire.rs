//! What a change of an item's wire facts means.
//!
//! The surface builder gives every item typed facts ([`Wire`]); this module
//! compares them: an operation's security alternatives and success
//! statuses, a parameter's or field's wire name, and which fact changed (a
//! default, `null`, the spec's `required`). Names are data here, never
//! keywords: a tag called `null_event` is not a nullability change.

use codegen::surface::wire::{Alternatives, Operation, Param, Wire};
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

/// Classifies the wire change from `a` to `b` (same item, different
/// [`Wire`]).
pub(crate) fn classify(a: &Item, b: &Item) -> WireKind {
    match (&a.wire, &b.wire) {
        (Wire::Operation(x), Wire::Operation(y)) => return operation(x, y),
        (Wire::Param(x), Wire::Param(y))
            if a.kind == Kind::PathParam
                && b.kind == Kind::PathParam
                && unnamed(x) == unnamed(y) =>
        {
            return WireKind::PathParamNames
        }
        (Wire::Server { .. }, _) => return WireKind::Url,
        _ => {}
    }
    if wire_name(&a.wire) != wire_name(&b.wire) {
        return WireKind::WireName;
    }
    match (&a.wire, &b.wire) {
        (Wire::Response { summary: x, .. }, Wire::Response { summary: y, .. })
            if a.kind == Kind::ErrorVariant && x != y =>
        {
            WireKind::ErrorSummary
        }
        (Wire::Field(x), Wire::Field(y)) if x.default != y.default => WireKind::Default,
        _ if nullable(&a.wire) != nullable(&b.wire) => WireKind::Nullability,
        _ if required(&a.wire) != required(&b.wire) => WireKind::Requiredness,
        _ => WireKind::Other,
    }
}

/// An operation's change: security first (it can refuse requests), then its
/// success statuses, then whether only its path parameters' names changed,
/// then its body's requiredness.
fn operation(a: &Operation, b: &Operation) -> WireKind {
    if a.security != b.security {
        return if stricter(&a.security, &b.security) {
            WireKind::SecurityStricter
        } else {
            WireKind::SecurityLooser
        };
    }
    let (sa, sb) = (a.successes.as_slice(), b.successes.as_slice());
    if !same_set(sa, sb) {
        return if sa.iter().all(|s| sb.contains(s)) {
            WireKind::SuccessWider
        } else {
            WireKind::SuccessNarrower
        };
    }
    // Everything but the path compared as is, the path without its
    // parameters' names.
    let rest = |o: &Operation| Operation {
        path: b.path.clone(),
        ..o.clone()
    };
    if a.path_without_names() == b.path_without_names() && rest(a) == rest(b) {
        return WireKind::PathParamNames;
    }
    match (&a.body, &b.body) {
        (Some(x), Some(y)) if x.required != y.required => WireKind::Requiredness,
        _ => WireKind::Other,
    }
}

fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.iter().all(|x| b.contains(x)) && b.iter().all(|y| a.contains(y))
}

/// A parameter without its name.
fn unnamed(p: &Param) -> Param {
    Param {
        name: String::new(),
        ..p.clone()
    }
}

/// The wire name of a field, parameter or multipart part, or the wire value
/// of an enum value.
fn wire_name(wire: &Wire) -> Option<String> {
    match wire {
        Wire::Field(f) => Some(f.name.clone()),
        Wire::Param(p) => Some(p.name.clone()),
        Wire::Part(p) => Some(p.name.clone()),
        Wire::StringValue(v) => Some(v.clone()),
        Wire::IntValue(v) => Some(v.to_string()),
        _ => None,
    }
}

/// Whether the spec allows `null` for it: a field's `nullable`, or a shape
/// that is `… or null`.
fn nullable(wire: &Wire) -> Option<bool> {
    match wire {
        Wire::Field(f) => Some(f.nullable || f.shape.is_nullable()),
        Wire::Alias(shape) | Wire::Variant { shape, .. } => Some(shape.is_nullable()),
        Wire::AdditionalProperties(shape) => shape.as_ref().map(|s| s.is_nullable()),
        _ => None,
    }
}

/// Whether the spec requires it.
fn required(wire: &Wire) -> Option<bool> {
    match wire {
        Wire::Field(f) => Some(f.required),
        Wire::Param(p) => Some(p.required),
        Wire::Part(p) => Some(p.required),
        Wire::Header(h) => Some(h.required),
        _ => None,
    }
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
}
