//! Recursion: a type that holds itself by value (directly, or through
//! `Option`, or through other types doing the same) would be infinitely
//! sized. Such fields and variants are marked `boxed`: exactly those whose
//! type reaches, directly or through `Nullable`, a type of the same
//! strongly connected component as their owner. `Vec` and maps already
//! break the cycle, so they never need a box.
//!
//! Type aliases cannot be recursive at all in Rust (`type A = Vec<A>`), so a
//! cycle made of aliases only is broken first: the recursive reference
//! becomes JSON, with a warning.

use crate::ir::{TypeDef, TypeKind, TypeRef, Warning};
use crate::ir_walk::{leaf_mut, members, named, Reach};

/// The named type a value of `ty` holds inline (not behind `Vec` or a map).
fn direct(ty: &TypeRef) -> Option<usize> {
    named(ty, Reach::Inline).map(|id| id.0)
}

/// Strongly connected components (iterative Tarjan): the component number
/// of each node. Edges to nodes out of range are ignored.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut calls = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut next_edge)) = calls.last_mut() {
            let out = edges.get(v).map_or(&[][..], Vec::as_slice);
            if let Some(&w) = out.get(*next_edge) {
                *next_edge += 1;
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = next_component;
                        if w == v {
                            break;
                        }
                    }
                    next_component += 1;
                }
            }
        }
    }
    component
}

/// Replaces the `Named(x)` inside `ty` by `Json` when `select` picks `x`.
fn cut(ty: &mut TypeRef, select: &dyn Fn(usize) -> bool) {
    let leaf = leaf_mut(ty, Reach::All);
    if matches!(leaf, TypeRef::Named(id) if select(id.0)) {
        *leaf = TypeRef::Json;
    }
}

/// Breaks cycles made only of type aliases.
pub(super) fn break_alias_cycles(types: &mut [TypeDef], warnings: &mut Vec<Warning>) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => named(ty, Reach::All)
                .map(|id| id.0)
                .filter(|t| matches!(types.get(*t).map(|d| &d.kind), Some(TypeKind::Alias(_))))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = components(&edges);
    for (i, def) in types.iter_mut().enumerate() {
        let Some(out) = edges.get(i) else { continue };
        let mine = component.get(i).copied();
        let cyclic = out.iter().any(|t| component.get(*t).copied() == mine);
        if !cyclic {
            continue;
        }
        if let TypeKind::Alias(ty) = &mut def.kind {
            cut(ty, &|t| component.get(t).copied() == mine);
            warnings.push(Warning {
                pointer: def.origin.clone(),
                message: "recursive type alias: the recursive reference typed as JSON".into(),
            });
        }
    }
}

/// Marks the fields and variants that must be boxed.
pub(super) fn mark_boxes(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            members(&def.kind)
                .filter(|m| m.by_value)
                .filter_map(|m| direct(m.ty))
                .collect()
        })
        .collect();
    let component = components(&edges);
    let same = |owner: usize, ty: &TypeRef| {
        direct(ty)
            .is_some_and(|t| component.get(t).is_some() && component.get(t) == component.get(owner))
    };
    for (i, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(i, &field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same(i, &variant.ty);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn tarjan() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone, 5 -> 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![], vec![0, 99]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[0], c[4]);
        assert_ne!(c[0], c[5]);
    }

    #[test]
    fn deep_chain_does_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = components(&edges);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}
