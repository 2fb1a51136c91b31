//! A `oneOf`/`anyOf` beside fields every variant shares: the `properties`
//! of the same schema, or the other members of an `allOf` one of whose
//! members is the union. Each variant becomes one struct of the shared
//! fields and its own (the union distributed over the conjunction), so the
//! common fields and the variant's are all typed. Variants that only list
//! which of the shared fields are `required` add no field: the schema is
//! the object, its docs say which fields one of the alternatives requires.

use std::borrow::Cow;

use openapiv3::{ReferenceOr, Schema, SchemaData};

use super::merge::Merge;
use super::refs::SchemaRef;
use super::schema::name_fields;
use super::schema_compose::Members;
use super::view::{is_null_schema, View};
use super::{Ctx, Lowered};
use crate::ir::{TypeId, TypeRef};
use crate::Result;

/// What every variant of a distributed union shares, in merge order.
pub(super) enum Shared<'s> {
    /// An `allOf` member, merged as `allOf` merges it.
    Member(SchemaRef<'s>, String),
    /// An object's own `properties`, `required` and `additionalProperties`
    /// (its `oneOf`/`anyOf` left out), at its pointer.
    Object(&'s View<'s>, String),
}

/// How a union beside shared fields is typed.
pub(super) enum Beside {
    /// Every variant is an object: a union of merged structs.
    Distribute,
    /// Every variant only requires some of the shared fields: the object,
    /// with this line added to its docs.
    RequiredOnly(String),
    /// Neither: typed as the object, with a warning.
    Degraded,
}

/// The union's members (the `oneOf`, else the `anyOf`), `null` left out.
fn union_members<'s>(view: &View<'s>) -> Option<Vec<&'s ReferenceOr<Schema>>> {
    let list = match (view.one_of.is_empty(), view.any_of.is_empty()) {
        (false, true) => view.one_of,
        (true, false) => view.any_of,
        _ => return None,
    };
    Some(
        list.iter()
            .filter(|m| !matches!(m, ReferenceOr::Item(s) if is_null_schema(s)))
            .collect(),
    )
}

/// A member that only lists `required` property names.
fn requires_only(schema: &Schema) -> Option<&[String]> {
    let view = View::of(schema);
    let adds_nothing = view.typ.is_none_or(|t| t == "object")
        && view.props().is_none()
        && view.additional.is_none()
        && view.items.is_none()
        && view.enumeration.is_empty()
        && view.one_of.is_empty()
        && view.any_of.is_empty()
        && view.all_of.is_empty()
        && !view.not;
    (adds_nothing && !view.required.is_empty()).then_some(view.required)
}

/// `data` with `line` added to its description.
pub(super) fn with_doc_line(data: &SchemaData, line: &str) -> SchemaData {
    let mut data = data.clone();
    data.description = Some(match data.description.take() {
        Some(d) if !d.trim().is_empty() => format!("{d}\n\n{line}"),
        _ => line.to_string(),
    });
    data
}

impl<'a> Ctx<'a> {
    /// An `allOf` one of whose inline members is a union that can be
    /// distributed (`distribute.rs`): the union, each variant merged with
    /// the other members and the `allOf`'s own fields. `None` otherwise.
    pub(super) fn union_in_member(
        &mut self,
        view: &View<'_>,
        real: &Members<'_>,
        own: bool,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Option<Lowered>> {
        let holding: Vec<usize> = (real.iter().enumerate())
            .filter(|(_, (m, _))| {
                matches!(m, SchemaRef::Item(s) if {
                    let v = View::of(s);
                    !v.one_of.is_empty() || !v.any_of.is_empty()
                })
            })
            .map(|(i, _)| i)
            .collect();
        let [index] = holding.as_slice() else {
            return Ok(None);
        };
        let (SchemaRef::Item(union_schema), union_at) = &real[*index] else {
            return Ok(None);
        };
        let union_view = View::of(union_schema);
        if !matches!(self.beside(&union_view, union_at), Beside::Distribute) {
            return Ok(None);
        }
        let mut shared: Vec<Shared<'_>> = (real.iter().enumerate())
            .filter(|(i, _)| i != index)
            .map(|(_, (m, p))| Shared::Member(*m, p.clone()))
            .collect();
        shared.push(Shared::Object(&union_view, union_at.clone()));
        if own {
            shared.push(Shared::Object(view, at.to_string()));
        }
        let ats = (at, union_at.as_str());
        let lowered = self.union_with(union_schema, &union_view, ats, hint, slot, &shared)?;
        Ok(Some(lowered))
    }

    /// How the union of `view` is typed beside fields it shares.
    pub(super) fn beside(&self, view: &View<'_>, at: &str) -> Beside {
        let Some(members) = union_members(view) else {
            return Beside::Degraded;
        };
        if members.is_empty() {
            return Beside::Degraded;
        }
        let mut resolved: Vec<Cow<'_, Schema>> = Vec::with_capacity(members.len());
        for member in &members {
            match self.resolve_schema(SchemaRef::from(*member), at) {
                Ok((schema, _)) => resolved.push(schema),
                Err(_) => return Beside::Degraded,
            }
        }
        let required: Option<Vec<String>> = resolved
            .iter()
            .map(|s| requires_only(s).map(|r| format!("`{}`", r.join("`, `"))))
            .collect();
        if let Some(alternatives) = required {
            return Beside::RequiredOnly(format!(
                "The spec requires one of these sets of fields: {}.",
                alternatives.join("; ")
            ));
        }
        let objects = resolved.iter().all(|s| {
            let v = View::of(s);
            v.typ.is_none_or(|t| t == "object")
                && (v.props().is_some() || !v.all_of.is_empty() || v.typ == Some("object"))
                && v.one_of.is_empty()
                && v.any_of.is_empty()
        });
        if objects {
            Beside::Distribute
        } else {
            Beside::Degraded
        }
    }

    /// One variant of a distributed union: a struct of the `shared` fields
    /// and the member's own, named `hint`. The types of shared fields are
    /// named after `union` (the union's name), as the object's own would
    /// be, so every variant shares them whichever is lowered first.
    pub(super) fn shared_variant(
        &mut self,
        shared: &[Shared<'_>],
        union: &str,
        member: SchemaRef<'_>,
        at: &str,
        hint: &str,
    ) -> Result<Lowered> {
        let data = match self.resolve_schema(member, at) {
            Ok((schema, _)) => schema.schema_data.clone(),
            Err(_) => SchemaData::default(),
        };
        let (id, name) = self.named(None, hint, at, &data, false);
        let mut merge = Merge::default();
        for part in shared {
            match part {
                Shared::Member(member, pointer) => {
                    self.merge_member(*member, pointer, union, &mut merge, 0)?
                }
                Shared::Object(view, pointer) => {
                    self.merge_object(view, pointer, union, &mut merge)?
                }
            }
        }
        self.merge_member(member, at, &name, &mut merge, 0)?;
        self.finish_merge(id, merge);
        Ok(Lowered::plain(TypeRef::Named(id)))
    }

    /// Writes the struct `merge` gathered into `id`.
    pub(super) fn finish_merge(&mut self, id: TypeId, merge: Merge) {
        let Merge {
            mut fields,
            required,
            additional,
            notes,
            ..
        } = merge;
        for field in &mut fields {
            field.required |= required.contains(&field.wire_name);
        }
        name_fields(&mut fields, additional.is_some());
        self.set_struct(id, fields, additional);
        for note in notes {
            self.add_doc_line(id, &note);
        }
    }

    /// Adds a paragraph to the docs of the type `id`, once.
    pub(super) fn add_doc_line(&mut self, id: TypeId, line: &str) {
        if let Some(def) = self.types.get_mut(id.0) {
            def.doc = Some(match def.doc.take() {
                Some(doc) if doc.contains(line) => doc,
                Some(doc) => format!("{doc}\n\n{line}"),
                None => line.to_string(),
            });
        }
    }
}
