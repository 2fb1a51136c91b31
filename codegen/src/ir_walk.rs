//! Walks over IR types, written once for every stage: what a type holds
//! ([`nested`], [`named`], [`leaf_mut`]), the types a named type is made of
//! ([`members`]), every type reachable from a use ([`reach`]) and the types
//! an operation writes ([`operation_types`]), and the one alias chaser
//! ([`unalias`]).
//!
//! A [`TypeRef`] is a chain: each container (`Nullable`, `Array`, `Map`)
//! holds exactly one type, and the chain ends at a primitive or a
//! `Named` type. So "the types inside `ty`" is a path, walked iteratively
//! (no recursion, whatever the nesting depth), and it names at most one
//! type. Which containers a walk looks into is the one question callers
//! differ on: a `Vec` or a map keeps its elements on the heap, so only
//! `Nullable` holds a value inline ([`Reach::Inline`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, TypeDef, TypeId, TypeKind, TypeRef};

/// Which containers a walk looks into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// `Nullable` only: what a value of the type holds inline (what a
    /// recursive type must box).
    Inline,
    /// `Nullable`, `Array` and `Map`: every type written.
    All,
}

/// The type directly inside `ty`, when `reach` looks into its container.
pub(crate) fn child(ty: &TypeRef, reach: Reach) -> Option<&TypeRef> {
    match (ty, reach) {
        (TypeRef::Nullable(inner), _) => Some(inner),
        (TypeRef::Array(inner) | TypeRef::Map(inner), Reach::All) => Some(inner),
        _ => None,
    }
}

/// `ty`, then each type nested in it that `reach` looks into, outermost
/// first.
pub(crate) fn nested(ty: &TypeRef, reach: Reach) -> impl Iterator<Item = &TypeRef> {
    std::iter::successors(Some(ty), move |t| child(t, reach))
}

/// The named type at the end of `ty`'s chain, if `reach` gets there.
pub(crate) fn named(ty: &TypeRef, reach: Reach) -> Option<TypeId> {
    nested(ty, reach).find_map(|t| match t {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    })
}

/// The innermost type of `ty` that `reach` gets to, for rewriting it.
pub(crate) fn leaf_mut(ty: &mut TypeRef, reach: Reach) -> &mut TypeRef {
    let mut ty = ty;
    loop {
        if child(ty, reach).is_none() {
            return ty;
        }
        match ty {
            TypeRef::Nullable(inner) | TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
            _ => return ty,
        }
    }
}

/// One type a named type is made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    /// The member's type.
    pub(crate) ty: &'a TypeRef,
    /// Stored in the value itself (a field, a variant's payload, an alias's
    /// target), rather than in the map of `additionalProperties`.
    pub(crate) by_value: bool,
    /// Marked to be boxed (fields and variants on a recursive cycle).
    pub(crate) boxed: bool,
}

/// The types `kind` is made of, in declaration order: a struct's fields
/// then its `additionalProperties` value, a union's variants, an alias's
/// target; nothing for enums.
pub(crate) fn members(kind: &TypeKind) -> impl Iterator<Item = Member<'_>> {
    let (fields, additional, variants, target) = match kind {
        TypeKind::Struct(s) => (&s.fields[..], s.additional.as_ref(), &[][..], None),
        TypeKind::Union(u) => (&[][..], None, &u.variants[..], None),
        TypeKind::Alias(target) => (&[][..], None, &[][..], Some(target)),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => (&[][..], None, &[][..], None),
    };
    let member = |ty, by_value, boxed| Member {
        ty,
        by_value,
        boxed,
    };
    fields
        .iter()
        .map(move |f| member(&f.ty, true, f.boxed))
        .chain(additional.map(move |ty| member(ty, false, false)))
        .chain(variants.iter().map(move |v| member(&v.ty, true, v.boxed)))
        .chain(target.map(move |ty| member(ty, true, false)))
}

/// Adds every named type reachable from `ty` (through every container and
/// member) to `seen`; a type already in `seen` is not walked again, so
/// cycles stop there and several walks can share one set.
pub(crate) fn reach<T: Types + ?Sized>(types: &T, ty: &TypeRef, seen: &mut BTreeSet<TypeId>) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        let Some(id) = named(ty, Reach::All) else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        if let Some(def) = types.def(id) {
            stack.extend(members(&def.kind).map(|m| m.ty));
        }
    }
}

/// Whether a type an operation writes travels in the request or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    /// A parameter or the request body.
    Request,
    /// A JSON response body.
    Response,
}

/// The types `op` writes: its parameters', its request body's, then its
/// JSON response bodies'.
pub(crate) fn operation_types(op: &Operation) -> impl Iterator<Item = (&TypeRef, Way)> {
    let params = op.params.iter().map(|p| (&p.ty, Way::Request));
    let body = op.body.iter().flat_map(|b| &b.variants).flat_map(|v| {
        let parts = v.form.iter().flat_map(|f| f.parts.iter().map(|p| &p.ty));
        std::iter::once(&v.ty)
            .chain(parts)
            .map(|ty| (ty, Way::Request))
    });
    let responses = op
        .responses
        .iter()
        .filter_map(|r| r.body.value_type())
        .map(|ty| (ty, Way::Response));
    params.chain(body).chain(responses)
}

/// Where named types are looked up: the finished [`crate::ir::Api::types`],
/// or the `Vec` that lowering fills (indexed by id).
pub(crate) trait Types {
    /// The definition of `id`, if there is one.
    fn def(&self, id: TypeId) -> Option<&TypeDef>;
    /// How many types there are: the longest alias chain without a cycle.
    fn count(&self) -> usize;
}

impl Types for [TypeDef] {
    fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.get(id.0)
    }
    fn count(&self) -> usize {
        self.len()
    }
}

impl Types for BTreeMap<TypeId, TypeDef> {
    fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.get(&id)
    }
    fn count(&self) -> usize {
        self.len()
    }
}

/// What [`unalias`] sees through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Through {
    /// Type aliases only.
    Aliases,
    /// Type aliases and `Nullable` wrappers (what a value is, null aside).
    AliasesAndNull,
}

/// An alias chain that comes back to a type it passed: the first type met
/// twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AliasCycle(pub(crate) TypeId);

/// What `ty` stands for once type aliases (and, per `through`, `Nullable`
/// wrappers) are seen through: a primitive, a container, a named type that
/// is not an alias, or a `Named` id `types` does not know.
///
/// The one bound: a chain of more alias hops than there are types has met
/// some type twice, so it is a cycle (lowering breaks those, emit refuses
/// them; the bound keeps hand-built or broken IR from looping).
pub(crate) fn unalias<'t, T: Types + ?Sized>(
    types: &'t T,
    ty: &'t TypeRef,
    through: Through,
) -> Result<&'t TypeRef, AliasCycle> {
    let mut current = ty;
    let mut hops = 0usize;
    while let Some((next, alias)) = step(types, current, through) {
        if let Some(id) = alias {
            if hops == types.count() {
                return Err(first_repeated(types, ty, through).unwrap_or(AliasCycle(id)));
            }
            hops += 1;
        }
        current = next;
    }
    Ok(current)
}

/// One step of [`unalias`]: the type `ty` stands for, and the alias passed
/// (`None` for a `Nullable` seen through); `None` at the end of the chain.
fn step<'t, T: Types + ?Sized>(
    types: &'t T,
    ty: &'t TypeRef,
    through: Through,
) -> Option<(&'t TypeRef, Option<TypeId>)> {
    match ty {
        TypeRef::Nullable(inner) if through == Through::AliasesAndNull => Some((inner, None)),
        TypeRef::Named(id) => match &types.def(*id)?.kind {
            TypeKind::Alias(target) => Some((target, Some(*id))),
            _ => None,
        },
        _ => None,
    }
}

/// The first alias a chain known to be cyclic meets twice (walked again
/// with a set only once a cycle is certain, so the common path allocates
/// nothing).
fn first_repeated<T: Types + ?Sized>(
    types: &T,
    start: &TypeRef,
    through: Through,
) -> Option<AliasCycle> {
    let mut seen = BTreeSet::new();
    let mut current = start;
    while let Some((next, alias)) = step(types, current, through) {
        if let Some(id) = alias {
            if !seen.insert(id) {
                return Some(AliasCycle(id));
            }
        }
        current = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::ir::{Struct, TypeDef};

    /// A type whose name and origin no walk looks at.
    fn def(kind: TypeKind) -> TypeDef {
        TypeDef {
            kind,
            name: "T".into(),
            origin: String::new(),
            doc: None,
            example: None,
            deprecated: None,
            features: Vec::new(),
        }
    }

    fn alias(target: TypeRef) -> TypeDef {
        def(TypeKind::Alias(target))
    }

    fn to(id: usize) -> TypeRef {
        TypeRef::Named(TypeId(id))
    }

    fn null(ty: TypeRef) -> TypeRef {
        TypeRef::Nullable(Box::new(ty))
    }

    fn array(ty: TypeRef) -> TypeRef {
        TypeRef::Array(Box::new(ty))
    }

    fn object() -> TypeKind {
        TypeKind::Struct(Struct {
            fields: Vec::new(),
            additional: None,
            required_args: None,
        })
    }

    #[test]
    fn unalias_follows_a_chain_to_what_it_stands_for() {
        // 0 = 1 = 2 = String, 3 = Option<4>, 4 a struct
        let types = [
            alias(to(1)),
            alias(to(2)),
            alias(TypeRef::String),
            alias(null(to(4))),
            def(object()),
        ];
        let start = to(0);
        assert_eq!(
            unalias(&types[..], &start, Through::Aliases),
            Ok(&TypeRef::String)
        );
        let d = to(3);
        assert_eq!(unalias(&types[..], &d, Through::Aliases), Ok(&null(to(4))));
        assert_eq!(unalias(&types[..], &d, Through::AliasesAndNull), Ok(&to(4)));
        // A container is an answer, not something to look through.
        let vec = array(to(0));
        assert_eq!(unalias(&types[..], &vec, Through::AliasesAndNull), Ok(&vec));
        // An id nobody defines is returned as is, for the caller to report.
        let unknown = to(99);
        assert_eq!(
            unalias(&types[..], &unknown, Through::Aliases),
            Ok(&unknown)
        );
    }

    #[test]
    fn unalias_names_the_first_type_an_alias_cycle_meets_twice() {
        // 0 -> 1 -> 2 -> 1: the cycle is entered at 1, not at 0.
        let types = [alias(to(1)), alias(to(2)), alias(to(1))];
        let start = to(0);
        assert_eq!(
            unalias(&types[..], &start, Through::Aliases),
            Err(AliasCycle(TypeId(1)))
        );
        // Through `Nullable` too, and in the map `emit` reads.
        let types: BTreeMap<TypeId, TypeDef> =
            [(TypeId(0), alias(null(to(1)))), (TypeId(1), alias(to(0)))]
                .into_iter()
                .collect();
        assert_eq!(
            unalias(&types, &start, Through::AliasesAndNull),
            Err(AliasCycle(TypeId(0)))
        );
        // A self-alias, the shortest cycle.
        let types = [alias(to(0))];
        assert_eq!(
            unalias(&types[..], &start, Through::Aliases),
            Err(AliasCycle(TypeId(0)))
        );
    }

    #[test]
    fn unalias_bound_admits_a_chain_through_every_type() {
        // The longest acyclic chain passes each of the n types once.
        let n = 10_000;
        let mut types: Vec<TypeDef> = (0..n - 1).map(|i| alias(to(i + 1))).collect();
        types.push(alias(TypeRef::Bool));
        let start = to(0);
        assert_eq!(
            unalias(&types[..], &start, Through::Aliases),
            Ok(&TypeRef::Bool)
        );
        // Closing the chain into a loop is caught, at the type it returns to.
        if let Some(last) = types.last_mut() {
            last.kind = TypeKind::Alias(to(n / 2));
        }
        assert_eq!(
            unalias(&types[..], &start, Through::Aliases),
            Err(AliasCycle(TypeId(n / 2)))
        );
    }

    #[test]
    fn members_in_declaration_order_with_how_they_are_held() {
        let kind = TypeKind::Alias(to(1));
        let held: Vec<_> = members(&kind).map(|m| (m.ty.clone(), m.by_value)).collect();
        assert_eq!(held, vec![(to(1), true)]);
        let kind = TypeKind::Struct(Struct {
            fields: Vec::new(),
            additional: Some(to(2)),
            required_args: None,
        });
        let held: Vec<_> = members(&kind).map(|m| (m.ty.clone(), m.by_value)).collect();
        assert_eq!(held, vec![(to(2), false)]);
        assert_eq!(members(&object()).count(), 0);
    }

    #[test]
    fn walks_reach_into_the_containers_asked_for() {
        let ty = null(array(TypeRef::Map(Box::new(to(7)))));
        assert_eq!(named(&ty, Reach::All), Some(TypeId(7)));
        assert_eq!(named(&ty, Reach::Inline), None);
        assert_eq!(named(&null(null(to(3))), Reach::Inline), Some(TypeId(3)));
        assert_eq!(nested(&ty, Reach::All).count(), 4);
        assert_eq!(nested(&ty, Reach::Inline).count(), 2);
        let mut ty = ty;
        *leaf_mut(&mut ty, Reach::All) = TypeRef::Json;
        assert_eq!(ty, null(array(TypeRef::Map(Box::new(TypeRef::Json)))));
    }

    #[test]
    fn walks_do_not_recurse_on_deep_nesting() {
        let mut ty = to(1);
        for _ in 0..200_000 {
            ty = array(ty);
        }
        assert_eq!(named(&ty, Reach::All), Some(TypeId(1)));
        *leaf_mut(&mut ty, Reach::All) = TypeRef::Unit;
        assert_eq!(nested(&ty, Reach::All).last(), Some(&TypeRef::Unit));
        // Dropping a deep `Box` chain recurses; unwind it by hand.
        while let TypeRef::Array(inner) = ty {
            ty = *inner;
        }
    }
}
