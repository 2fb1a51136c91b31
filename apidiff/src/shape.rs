//! Component schemas renamed with the same shape: a removed type and an
//! added one whose members are the same (names, kinds, signatures and wire
//! facts, the type's own name left out) are one type under a new name, so
//! the report says "renamed" with the new name as the migration, not
//! "removed" with "remove uses of…" plus "added".

use std::collections::BTreeMap;

use codegen::surface::{Item, Kind, Signature, Wire};

/// The kinds of a named type of `types.rs`.
const TYPE_KINDS: &[Kind] = &[
    Kind::Struct,
    Kind::StringEnum,
    Kind::IntEnum,
    Kind::Union,
    Kind::Alias,
];

/// The component key of a `/components/schemas/{key}` origin (no deeper).
fn component_key(origin: &str) -> Option<&str> {
    let key = origin.strip_prefix("/components/schemas/")?;
    (!key.contains('/')).then_some(key)
}

/// The indices of `items` (sorted by path) under `path::`.
fn members<'a>(items: &'a [Item], path: &str) -> impl Iterator<Item = usize> + 'a {
    let prefix = format!("{path}::");
    let start = items.partition_point(|i| i.path.as_str() < prefix.as_str());
    (start..items.len()).take_while(move |&k| items[k].path.starts_with(&prefix))
}

/// A type's shape: its kind, signature and wire facts and those of its
/// members by relative path, with its own Rust path written `Self` in the
/// signatures and its component key in the wire facts (which key the map
/// as `API.md` prints them: `Wire` has no order). `None` for a type with
/// no members (an empty struct or an alias matches too much by chance).
type Shape = (
    Kind,
    Signature,
    String,
    Vec<(String, Kind, Signature, String, bool)>,
);

fn shape(items: &[Item], at: usize, used: &[bool]) -> Option<Shape> {
    let item = &items[at];
    let key = component_key(&item.origin)?;
    if used[at] || !TYPE_KINDS.contains(&item.kind) || item.path.matches("::").count() != 1 {
        return None;
    }
    let own = |signature: &Signature| {
        signature.with_paths_renamed(&BTreeMap::from([(item.path.as_str(), "Self")]))
    };
    let own_wire = |wire: &Wire| {
        wire.with_components_renamed(&BTreeMap::from([(key, "Self")]))
            .to_string()
    };
    let mut members_shape = Vec::new();
    for k in members(items, &item.path) {
        let m = &items[k];
        if used[k] {
            return None;
        }
        members_shape.push((
            m.path[item.path.len()..].to_owned(),
            m.kind,
            own(&m.signature),
            own_wire(&m.wire),
            m.required,
        ));
    }
    (!members_shape.is_empty()).then(|| {
        (
            item.kind,
            item.signature.clone(),
            own_wire(&item.wire),
            members_shape,
        )
    })
}

/// Pairs each removed component type with the one added type of the same
/// shape (when exactly one removed and one added type share it: never a
/// guess among several), and their members by relative path.
pub(crate) fn match_renamed_components(
    old: &[Item],
    new: &[Item],
    old_used: &mut [bool],
    new_used: &mut [bool],
    pairs: &mut Vec<(usize, usize)>,
) {
    let mut by_shape: BTreeMap<Shape, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for i in 0..old.len() {
        if let Some(s) = shape(old, i, old_used) {
            by_shape.entry(s).or_default().0.push(i);
        }
    }
    if by_shape.is_empty() {
        return;
    }
    for j in 0..new.len() {
        if let Some(s) = shape(new, j, new_used) {
            if let Some(entry) = by_shape.get_mut(&s) {
                entry.1.push(j);
            }
        }
    }
    for (olds, news) in by_shape.values() {
        let ([i], [j]) = (olds.as_slice(), news.as_slice()) else {
            continue;
        };
        let (i, j) = (*i, *j);
        let new_members: BTreeMap<&str, usize> = members(new, &new[j].path)
            .map(|k| (&new[k].path[new[j].path.len()..], k))
            .collect();
        old_used[i] = true;
        new_used[j] = true;
        pairs.push((i, j));
        for k in members(old, &old[i].path) {
            if let Some(&l) = new_members.get(&old[k].path[old[i].path.len()..]) {
                old_used[k] = true;
                new_used[l] = true;
                pairs.push((k, l));
            }
        }
    }
}

/// Pairs the alternatives of a union named after a component renamed by
/// [`match_renamed_components`] (`Owner::Person` → `Owner::Human`): the same
/// alternative of the same union, whose payload is the renamed type.
pub(crate) fn match_renamed_variants(
    old: &[Item],
    new: &[Item],
    old_used: &mut [bool],
    new_used: &mut [bool],
    pairs: &mut Vec<(usize, usize)>,
) {
    let renames: BTreeMap<&str, &str> = pairs
        .iter()
        .filter(|&&(i, j)| old[i].path != new[j].path && TYPE_KINDS.contains(&old[i].kind))
        .map(|&(i, j)| (old[i].path.as_str(), new[j].path.as_str()))
        .collect();
    if renames.is_empty() {
        return;
    }
    let matched: BTreeMap<&str, &str> = pairs
        .iter()
        .map(|&(i, j)| (old[i].path.as_str(), new[j].path.as_str()))
        .collect();
    let mut candidates: BTreeMap<(&str, &Signature), Vec<usize>> = BTreeMap::new();
    for (j, item) in new.iter().enumerate() {
        if !new_used[j] && item.kind == Kind::UnionVariant {
            if let Some(parent) = crate::diff::parent(&item.path) {
                candidates
                    .entry((parent, &item.signature))
                    .or_default()
                    .push(j);
            }
        }
    }
    for (i, item) in old.iter().enumerate() {
        if old_used[i] || item.kind != Kind::UnionVariant {
            continue;
        }
        let Some(new_parent) = crate::diff::parent(&item.path).and_then(|p| matched.get(p)) else {
            continue;
        };
        let signature = item.signature.with_paths_renamed(&renames);
        if signature == item.signature {
            continue; // not about a renamed type
        }
        if let Some([j]) = candidates
            .get(&(*new_parent, &signature))
            .map(Vec::as_slice)
        {
            if !new_used[*j] {
                old_used[i] = true;
                new_used[*j] = true;
                pairs.push((i, *j));
            }
        }
    }
}
