//! The fields an `allOf` gathers from its members, merged deeply: two
//! members that define the same property have its two types merged (the
//! objects' fields, an array's items, a map's values, recursively), so
//! PagerDuty's `sets[].id` from one member and `sets[].rules` from another
//! both survive. A genuine conflict (two different scalar types) keeps the
//! later definition, as a shallow merge did, with a warning where it is.

use std::collections::{HashMap, HashSet};

use super::schema::name_fields;
use super::Ctx;
use crate::ir::{Field, TypeId, TypeKind, TypeRef};
use crate::ir_walk::{unalias, Through};
use crate::naming;

/// How deeply two property types are merged (through nested objects and
/// arrays); deeper, the later definition is kept, with a warning.
const MAX_MERGE_DEPTH: usize = 16;

/// Fields gathered from the members of an `allOf`.
#[derive(Default)]
pub(super) struct Merge {
    pub fields: Vec<Field>,
    index: HashMap<String, usize>,
    pub required: HashSet<String>,
    pub additional: Option<TypeRef>,
    /// What the merge left out, each a line for the merged type's docs.
    pub notes: Vec<String>,
}

impl Ctx<'_> {
    /// Adds a field to `merge`. A property defined before keeps its place,
    /// is required when either definition says so, and gets the two types
    /// merged (`at` is the later definition, `owner` the merged type's
    /// name, which nested merged types are named after).
    pub(super) fn merge_field(&mut self, merge: &mut Merge, field: Field, at: &str, owner: &str) {
        self.merge_field_at(merge, field, at, owner, 0);
    }

    fn merge_field_at(
        &mut self,
        merge: &mut Merge,
        mut field: Field,
        at: &str,
        owner: &str,
        depth: usize,
    ) {
        field.boxed = false;
        let Some(&i) = merge.index.get(&field.wire_name) else {
            merge
                .index
                .insert(field.wire_name.clone(), merge.fields.len());
            merge.fields.push(field);
            return;
        };
        let Some(old) = merge.fields.get(i) else {
            return;
        };
        let (old_ty, old_required) = (old.ty.clone(), old.required);
        let hint = format!("{owner}{}", naming::upper_camel(&field.wire_name));
        field.ty = self.merged_type(&old_ty, &field.ty, at, &hint, &field.wire_name, depth);
        field.required |= old_required;
        merge.fields[i] = field;
    }

    /// The type a value satisfying both `old` and `new` has. `Option` is
    /// the later definition's (as before); an unknown shape (`Json`) yields
    /// to a known one.
    fn merged_type(
        &mut self,
        old: &TypeRef,
        new: &TypeRef,
        at: &str,
        hint: &str,
        wire: &str,
        depth: usize,
    ) -> TypeRef {
        if old == new {
            return new.clone();
        }
        if depth >= MAX_MERGE_DEPTH {
            self.warn(
                at,
                format!("allOf: `{wire}` nested too deeply to merge: the later definition is kept"),
            );
            return new.clone();
        }
        let strip = |ty: &TypeRef| match ty {
            TypeRef::Nullable(inner) => (*inner.clone(), true),
            other => (other.clone(), false),
        };
        let ((old, _), (new, nullable)) = (strip(old), strip(new));
        let merged =
            match (&old, &new) {
                _ if old == new => new.clone(),
                (TypeRef::Json, _) => new.clone(),
                (_, TypeRef::Json) => old.clone(),
                (TypeRef::Array(a), TypeRef::Array(b)) => TypeRef::Array(Box::new(
                    self.merged_type(a, b, at, &format!("{hint}Item"), wire, depth + 1),
                )),
                (TypeRef::Map(a), TypeRef::Map(b)) => TypeRef::Map(Box::new(self.merged_type(
                    a,
                    b,
                    at,
                    &format!("{hint}Value"),
                    wire,
                    depth + 1,
                ))),
                _ => match (self.struct_id(&old), self.struct_id(&new)) {
                    (Some(x), Some(y)) if x == y => new.clone(),
                    (Some(x), Some(y)) => TypeRef::Named(self.merged_struct(x, y, at, hint, depth)),
                    _ if self.refines(&old, &new) => old.clone(),
                    _ if self.refines(&new, &old) => new.clone(),
                    _ => {
                        let (a, b) = (self.json_kind(&old), self.json_kind(&new));
                        if a.is_some() && b.is_some() && a != b {
                            self.warn(
                                at,
                                format!(
                                "allOf members give `{wire}` different types: the later one is kept"
                            ),
                            );
                        }
                        new.clone()
                    }
                },
            };
        if nullable {
            TypeRef::Nullable(Box::new(merged))
        } else {
            merged
        }
    }

    /// Whether `narrow` is an enum of the scalar `wide` is (`kind: string`
    /// in one member, `kind: {enum: [small, large]}` in another): not a
    /// conflict, the enum is what both allow.
    fn refines(&self, narrow: &TypeRef, wide: &TypeRef) -> bool {
        let aliases = Through::Aliases;
        let (Ok(narrow), Ok(wide)) = (
            unalias(&self.types[..], narrow, aliases),
            unalias(&self.types[..], wide, aliases),
        ) else {
            return false;
        };
        let TypeRef::Named(id) = narrow else {
            return false;
        };
        match self.def(*id).map(|d| &d.kind) {
            Some(TypeKind::StringEnum(_)) => *wide == TypeRef::String,
            Some(TypeKind::IntEnum(_)) => matches!(wide, TypeRef::Integer(_)),
            _ => false,
        }
    }

    /// What JSON a type reads, as far as a conflict goes: two enums of one
    /// property (PagerDuty's log entries narrow `type` to their own value),
    /// a string and a date-time, an integer and a number are no conflict.
    /// `None` (a union, any JSON) conflicts with nothing.
    fn json_kind(&self, ty: &TypeRef) -> Option<&'static str> {
        let ty = unalias(&self.types[..], ty, Through::AliasesAndNull).ok()?;
        Some(match ty {
            TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Bytes(_) => "string",
            TypeRef::Integer(_) | TypeRef::Float(_) => "number",
            TypeRef::Bool => "boolean",
            TypeRef::Array(_) => "array",
            TypeRef::Map(_) => "object",
            TypeRef::Named(id) => match &self.def(*id)?.kind {
                TypeKind::StringEnum(_) => "string",
                TypeKind::IntEnum(_) => "number",
                TypeKind::Struct(_) => "object",
                TypeKind::Union(_) | TypeKind::Alias(_) => return None,
            },
            TypeRef::Json | TypeRef::Unit | TypeRef::Nullable(_) => return None,
        })
    }

    /// The struct a type is, through aliases.
    fn struct_id(&self, ty: &TypeRef) -> Option<TypeId> {
        match unalias(&self.types[..], ty, Through::Aliases).ok()? {
            TypeRef::Named(id) if matches!(self.def(*id)?.kind, TypeKind::Struct(_)) => Some(*id),
            _ => None,
        }
    }

    /// A new struct with the fields of `x` then `y`, merged the same way.
    /// Made once per pair, so recursive structs merge into one recursive
    /// struct; neither `x` nor `y` changes (either may be used elsewhere).
    fn merged_struct(
        &mut self,
        x: TypeId,
        y: TypeId,
        at: &str,
        hint: &str,
        depth: usize,
    ) -> TypeId {
        if let Some(&id) = self.merged.get(&(x, y)) {
            return id;
        }
        let structs = |id: TypeId| match self.def(id).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => Some(s.clone()),
            _ => None,
        };
        let (Some(sx), Some(sy)) = (structs(x), structs(y)) else {
            return y;
        };
        let id = self.alloc_type(hint, at, None);
        self.merged.insert((x, y), id);
        let later = self.def(y).map(|d| (d.doc.clone(), d.example.clone()));
        if let (Some((doc, example)), Some(def)) = (later, self.types.get_mut(id.0)) {
            def.doc = doc;
            def.example = example;
        }
        let name = self.def(id).map(|d| d.name.clone()).unwrap_or_default();
        let mut merge = Merge::default();
        for field in sx.fields.into_iter().chain(sy.fields) {
            self.merge_field_at(&mut merge, field, at, &name, depth + 1);
        }
        let additional = match (sx.additional, sy.additional) {
            (Some(a), Some(b)) => Some(self.merged_type(
                &a,
                &b,
                at,
                &format!("{name}Value"),
                "additionalProperties",
                depth + 1,
            )),
            (a, b) => b.or(a),
        };
        let mut fields = merge.fields;
        name_fields(&mut fields, additional.is_some());
        self.set_struct(id, fields, additional);
        id
    }
}
