//! Matching the items of two surfaces, and the raw differences of each
//! matched pair, which [`crate::rules`] then classifies.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use codegen::surface::{Item, Kind, Signature, Surface};

use crate::rules::{self, Trigger};
use crate::wire;
use crate::Change;

/// The pairs of items of `old` and `new` that are the same spec item, and
/// the unmatched rest.
#[derive(Debug, Default)]
pub(crate) struct Matching {
    /// `(old index, new index)`.
    pub pairs: Vec<(usize, usize)>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

/// By origin first (in order, when several items share one), then the rest
/// by Rust path.
pub(crate) fn match_items(old: &[Item], new: &[Item]) -> Matching {
    let mut by_origin: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    for (i, item) in new.iter().enumerate() {
        by_origin.entry(&item.origin).or_default().push_back(i);
    }
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let mut pairs = Vec::new();
    for (i, item) in old.iter().enumerate() {
        if let Some(j) = by_origin
            .get_mut(item.origin.as_str())
            .and_then(|q| q.pop_front())
        {
            old_used[i] = true;
            new_used[j] = true;
            pairs.push((i, j));
        }
    }
    let by_path: BTreeMap<&str, usize> = new
        .iter()
        .enumerate()
        .filter(|(j, _)| !new_used[*j])
        .map(|(j, item)| (item.path.as_str(), j))
        .collect();
    for (i, item) in old.iter().enumerate() {
        if old_used[i] {
            continue;
        }
        if let Some(&j) = by_path.get(item.path.as_str()) {
            if !new_used[j] {
                old_used[i] = true;
                new_used[j] = true;
                pairs.push((i, j));
            }
        }
    }
    crate::shape::match_renamed_components(old, new, &mut old_used, &mut new_used, &mut pairs);
    crate::shape::match_renamed_variants(old, new, &mut old_used, &mut new_used, &mut pairs);
    Matching {
        pairs,
        removed: (0..old.len()).filter(|i| !old_used[*i]).collect(),
        added: (0..new.len()).filter(|j| !new_used[*j]).collect(),
    }
}

/// The parent path of `path` (`types::Pet` for `types::Pet::name`).
pub(crate) fn parent(path: &str) -> Option<&str> {
    path.rfind("::").map(|i| &path[..i])
}

/// Whether some proper ancestor of `path` is in `set`.
fn has_ancestor_in(path: &str, set: &BTreeSet<&str>) -> bool {
    let mut p = path;
    while let Some(up) = parent(p) {
        if set.contains(up) {
            return true;
        }
        p = up;
    }
    false
}

/// Whether the rename `old` → `new` is only a renamed ancestor's
/// (`types::A::x` → `types::B::x` when `types::A` → `types::B`).
fn explained_by_ancestor(old: &str, new: &str, renames: &BTreeMap<&str, &str>) -> bool {
    let mut o = old;
    while let Some(up) = parent(o) {
        let suffix = &old[up.len()..];
        if let Some(to) = renames.get(up) {
            if new.len() > suffix.len()
                && new.ends_with(suffix)
                && &new[..new.len() - suffix.len()] == *to
            {
                return true;
            }
        }
        o = up;
    }
    false
}

/// The `Client::…` path of the operation an origin belongs to (its method's
/// origin, or one of its ancestors at a `/`), by the methods' origins.
fn operation_of<'a>(origin: &str, methods: &BTreeMap<&str, &'a str>) -> Option<&'a str> {
    let mut o = origin;
    loop {
        if let Some(path) = methods.get(o) {
            return Some(path);
        }
        o = &o[..o.rfind('/')?];
    }
}

/// What a change is listed under: its operation's method (for everything
/// an operation defines), else the type (`types::Pet`) or the top-level
/// name (`Environment`, `ClientBuilder`, `features`) of its path.
fn group_of(item: &Item, methods: &BTreeMap<&str, &str>) -> String {
    if let Some(method) = operation_of(&item.origin, methods) {
        return method.to_string();
    }
    let mut segments = item.path.splitn(3, "::");
    match (segments.next(), segments.next()) {
        (Some(first @ ("types" | "operations")), Some(second)) => format!("{first}::{second}"),
        (Some(first), _) => first.to_string(),
        (None, _) => item.path.clone(),
    }
}

/// Each method's origin → its path.
fn operations(surface: &Surface) -> BTreeMap<&str, &str> {
    surface
        .items
        .iter()
        .filter(|i| i.kind == Kind::Method)
        .map(|i| (i.origin.as_str(), i.path.as_str()))
        .collect()
}

/// Every classified change from `old` to `new`.
pub(crate) fn changes(old: &Surface, new: &Surface) -> Vec<Change> {
    let m = match_items(&old.items, &new.items);
    let mut out = Vec::new();

    let renames: BTreeMap<&str, &str> = m
        .pairs
        .iter()
        .map(|&(i, j)| (old.items[i].path.as_str(), new.items[j].path.as_str()))
        .filter(|(a, b)| a != b)
        .collect();
    // Wire facts name component schemas by their key.
    let key_renames: BTreeMap<String, String> = m
        .pairs
        .iter()
        .filter_map(|&(i, j)| {
            let a = codegen::pointer::component(&old.items[i].origin, "schemas")?;
            let b = codegen::pointer::component(&new.items[j].origin, "schemas")?;
            (a != b).then_some((a, b))
        })
        .collect();
    let key_renames: BTreeMap<&str, &str> = key_renames
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let removed: BTreeSet<&str> = m
        .removed
        .iter()
        .map(|&i| old.items[i].path.as_str())
        .collect();
    let added: BTreeSet<&str> = m
        .added
        .iter()
        .map(|&j| new.items[j].path.as_str())
        .collect();
    let old_ops = operations(old);
    let new_ops = operations(new);
    // Operations whose method moved between features: their types moved
    // with it, reported once at the method.
    let moved_ops: BTreeSet<&str> = m
        .pairs
        .iter()
        .filter(|&&(i, j)| {
            old.items[i].kind == Kind::Method && old.items[i].features != new.items[j].features
        })
        .map(|&(_, j)| new.items[j].origin.as_str())
        .collect();

    for &i in &m.removed {
        let item = &old.items[i];
        if has_ancestor_in(&item.path, &removed) {
            continue; // reported with its parent
        }
        let mut c = rules::classify(Trigger::Removed, Some(item), None);
        c.group = group_of(item, &old_ops);
        out.push(c);
    }
    for &j in &m.added {
        let item = &new.items[j];
        if has_ancestor_in(&item.path, &added) {
            continue; // part of a new parent
        }
        let trigger = if item.required {
            Trigger::AddedRequired
        } else {
            Trigger::Added
        };
        let mut c = rules::classify(trigger, None, Some(item));
        c.group = group_of(item, &new_ops);
        out.push(c);
    }
    let ctx = PairCtx {
        renames: &renames,
        key_renames: &key_renames,
        moved_ops: &moved_ops,
    };
    for &(i, j) in &m.pairs {
        let (a, b) = (&old.items[i], &new.items[j]);
        let start = out.len();
        pair_changes(a, b, &ctx, &mut out);
        let group = group_of(b, &new_ops);
        for c in &mut out[start..] {
            c.group = group.clone();
        }
    }
    out
}

/// Whether the only change from `old` to `new` is an `Option` field
/// becoming three-state (`Some(true)`: `Option<T>` → `Nullable<T>`) or back
/// (`Some(false)`), read on the types' structure.
fn explicit_null(old: &Signature, new: &Signature) -> Option<bool> {
    let (old, new) = (old.as_type()?, new.as_type()?);
    if old
        .option_inner()
        .is_some_and(|x| Some(x) == new.nullable_inner())
    {
        Some(true)
    } else if old
        .nullable_inner()
        .is_some_and(|x| Some(x) == new.option_inner())
    {
        Some(false)
    } else {
        None
    }
}

/// What [`pair_changes`] needs to know of the whole comparison.
struct PairCtx<'a> {
    /// Old Rust path → new, of every matched item whose path changed.
    renames: &'a BTreeMap<&'a str, &'a str>,
    /// Old component key → new, of every renamed component schema.
    key_renames: &'a BTreeMap<&'a str, &'a str>,
    /// The (new) origins of the operations whose method changed features.
    moved_ops: &'a BTreeSet<&'a str>,
}

fn pair_changes(a: &Item, b: &Item, ctx: &PairCtx<'_>, out: &mut Vec<Change>) {
    let renames = ctx.renames;
    if a.path != b.path && !explained_by_ancestor(&a.path, &b.path, renames) {
        out.push(rules::classify(Trigger::Renamed, Some(a), Some(b)));
    }
    let mut api_changed = false;
    // A type renamed is reported once, at the type: the signatures that
    // name it compare with its new path.
    let old_signature = a.signature.with_paths_renamed(renames);
    let same_signature = old_signature == b.signature
        || matches!((&old_signature, &b.signature),
            (Signature::Method(x), Signature::Method(y)) if x.same_but_arg_names(y));
    if a.kind != b.kind {
        out.push(rules::classify(Trigger::TypeChanged, Some(a), Some(b)));
        api_changed = true;
    } else if a.required != b.required {
        let t = if b.required {
            Trigger::BecameRequired
        } else {
            Trigger::BecameOptional
        };
        out.push(rules::classify(t, Some(a), Some(b)));
        api_changed = true;
    } else if !same_signature {
        let trigger = match explicit_null(&old_signature, &b.signature) {
            Some(true) => Trigger::ExplicitNull,
            Some(false) => Trigger::NoExplicitNull,
            None => Trigger::TypeChanged,
        };
        let mut change = rules::classify(trigger, Some(a), Some(b));
        // Shown as compared, with today's names: a new type may have taken
        // a renamed one's old name, and both sides would read the same.
        change.old = Some(old_signature.to_string());
        out.push(change);
        api_changed = true;
    }
    if a.features != b.features {
        // An operation's types move with its method: reported there.
        let with_method = a.kind != Kind::Method
            && ctx.moved_ops.iter().any(|o| {
                b.origin.len() > o.len()
                    && b.origin.starts_with(o)
                    && b.origin[o.len()..].starts_with('/')
            });
        if !with_method {
            let lost = !b.features.is_empty()
                && (a.features.is_empty() || a.features.iter().any(|f| !b.features.contains(f)));
            let t = if lost {
                Trigger::FeaturesMoved
            } else {
                Trigger::FeaturesWidened
            };
            out.push(rules::classify(t, Some(a), Some(b)));
        }
    }
    if a.wire.with_components_renamed(ctx.key_renames) != b.wire {
        let wk = wire::classify(a, b);
        // A path parameter's new name is said by its rename.
        let said = wk == wire::WireKind::PathParamNames && a.path != b.path;
        // A wire change that comes with an API change is part of it, unless
        // it is breaking on its own (a stricter security requirement).
        if said {
        } else if !api_changed || wk.is_breaking() {
            out.push(rules::classify(Trigger::Wire(wk), Some(a), Some(b)));
        } else if let Some(last) = out.last_mut() {
            let note = format!("`{}` → `{}`", a.wire, b.wire);
            last.wire = Some(match last.wire.take() {
                Some(w) => format!("{w} ({note})"),
                None => note,
            });
        }
    }
    match (&a.deprecated, &b.deprecated) {
        (None, Some(_)) => out.push(rules::classify(Trigger::Deprecated, Some(a), Some(b))),
        (Some(_), None) => out.push(rules::classify(Trigger::Undeprecated, Some(a), Some(b))),
        (Some(x), Some(y)) if x != y && a.doc == b.doc => {
            out.push(rules::classify(Trigger::Docs, Some(a), Some(b)))
        }
        _ => {}
    }
    if a.doc != b.doc {
        out.push(rules::classify(Trigger::Docs, Some(a), Some(b)));
    }
}
