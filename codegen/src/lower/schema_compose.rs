//! Composition: `allOf` (one member → that type; several → one merged
//! struct), `oneOf`/`anyOf` (→ a union, tagged when there is a usable
//! discriminator), and the post-pass that checks discriminated unions.

use openapiv3::{ReferenceOr, Schema};

use super::enums::enum_entries;
use super::merge::Merge;
use super::refs::{self, SchemaRef};
use super::schema::{hint_from_pointer, hint_piece, name_fields, MAX_DEPTH};
use super::view::{is_null_schema, is_trivial, View};
use super::{Ctx, Lowered, State};
use crate::ir::{Struct, Tagging, TypeId, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming::{self, NameSet};
use crate::Result;

/// Members of a composition, with their pointers.
type Members<'s> = Vec<(SchemaRef<'s>, String)>;

fn members<'s>(list: &'s [ReferenceOr<Schema>], at: &str, keyword: &str) -> Members<'s> {
    let base = refs::push(at, keyword);
    list.iter()
        .enumerate()
        .map(|(i, m)| (SchemaRef::from(m), refs::push(&base, &i.to_string())))
        .collect()
}

/// A variant name for an inline union member, from its title or its shape.
fn inline_variant_base(schema: &Schema) -> String {
    if let Some(title) = &schema.schema_data.title {
        if !naming::upper_camel(title).is_empty() {
            return title.clone();
        }
    }
    let v = View::of(schema);
    if let Some(props) = v.props() {
        // A constant tag (`kind: {enum: [circle]}`) names the member…
        let constant = props.values().find_map(|p| match p {
            ReferenceOr::Item(p) => match View::of(p).enumeration.as_slice() {
                [serde_json::Value::String(tag)] if !naming::upper_camel(tag).is_empty() => {
                    Some(tag.clone())
                }
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        });
        if let Some(tag) = constant {
            return tag;
        }
        // …and so does the one key of an externally tagged member.
        if let (1, Some(key)) = (props.len(), props.keys().next()) {
            if v.required.contains(key) && !naming::upper_camel(key).is_empty() {
                return key.clone();
            }
        }
    }
    match (v.typ, v.format) {
        (Some("string"), Some("date-time")) => "DateTime",
        (Some("string"), Some("date")) => "Date",
        (Some("string"), _) => "String",
        (Some("integer"), _) => "Integer",
        (Some("number"), _) => "Number",
        (Some("boolean"), _) => "Bool",
        (Some("array"), _) => "Array",
        (None, _) if v.items.is_some() => "Array",
        (Some("object"), _) => "Object",
        (None, _) if v.props().is_some() || v.additional.is_some() || !v.all_of.is_empty() => {
            "Object"
        }
        _ => "Value",
    }
    .to_string()
}

impl<'a> Ctx<'a> {
    /// A member given alone (a one-member `allOf`/`oneOf`): its own type.
    fn single(
        &mut self,
        member: SchemaRef<'_>,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Lowered> {
        match member {
            SchemaRef::Ref(r) => self.schema_by_ref(r, at),
            SchemaRef::Item(s) if slot.is_some() => self.lower_schema(s, at, hint, slot),
            SchemaRef::Item(s) => self.lower_ref(SchemaRef::Item(s), at, hint),
        }
    }

    /// A composition left with one real member is that member's type; with
    /// none, any JSON; `None` when there are several to compose.
    fn at_most_one(
        &mut self,
        real: &Members<'_>,
        nullable: bool,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Option<Lowered>> {
        Ok(match real.as_slice() {
            [] => Some(Lowered {
                ty: TypeRef::Json,
                nullable,
            }),
            [(member, pointer)] => {
                let lowered = self.single(*member, pointer, hint, slot)?;
                Some(Lowered {
                    ty: lowered.ty,
                    nullable: nullable || lowered.nullable,
                })
            }
            _ => None,
        })
    }

    pub(crate) fn all_of(
        &mut self,
        schema: &Schema,
        view: &View<'_>,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Lowered> {
        let data = &schema.schema_data;
        let mut nullable = data.nullable;
        let own = view.props().is_some() || view.additional.is_some() || !view.required.is_empty();
        let mut real = Vec::new();
        for (member, pointer) in members(view.all_of, at, "allOf") {
            match member {
                SchemaRef::Item(s) if is_trivial(s) => nullable |= s.schema_data.nullable,
                _ => real.push((member, pointer)),
            }
        }
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            self.warn(at, "oneOf/anyOf next to allOf: ignored");
        }
        if !own {
            if let Some(lowered) = self.at_most_one(&real, nullable, hint, slot)? {
                return Ok(lowered);
            }
        }
        let (id, name) = self.named(slot, hint, at, data, nullable);
        let mut merge = Merge::default();
        for (member, pointer) in &real {
            self.merge_member(*member, pointer, &name, &mut merge, 0)?;
        }
        if own {
            self.merge_object(view, at, &name, &mut merge)?;
        }
        let Merge {
            mut fields,
            required,
            additional,
            ..
        } = merge;
        for field in &mut fields {
            field.required |= required.contains(&field.wire_name);
        }
        name_fields(&mut fields, additional.is_some());
        self.set_kind(
            id,
            TypeKind::Struct(Struct {
                fields,
                additional,
                required_args: None,
            }),
        );
        Ok(Lowered {
            ty: TypeRef::Named(id),
            nullable,
        })
    }

    fn merge_member(
        &mut self,
        member: SchemaRef<'_>,
        at: &str,
        owner: &str,
        merge: &mut Merge,
        depth: usize,
    ) -> Result<()> {
        if depth > 32 {
            self.warn(at, "allOf nested too deeply: the rest is not merged");
            return Ok(());
        }
        let SchemaRef::Ref(reference) = member else {
            if let SchemaRef::Item(s) = member {
                self.merge_inline(s, at, owner, merge, depth)?;
            }
            return Ok(());
        };
        let (resolved, target) = self.resolve_schema(member, at)?;
        let Some(name) = refs::component_name(&target, "schemas") else {
            return self.merge_inline(&resolved, &target, owner, merge, depth);
        };
        merge
            .required
            .extend(View::of(&resolved).required.iter().cloned());
        let Some(index) = self.components.get_index_of(&name) else {
            return Ok(());
        };
        let (state, id) = match self.components.get_index(index) {
            Some((_, c)) => (c.state, c.id),
            None => return Ok(()),
        };
        if state == State::InProgress {
            self.warn(
                &refs::push(at, "$ref"),
                format!("recursive allOf through `{reference}`: its fields are not merged"),
            );
            return Ok(());
        }
        if state == State::Pending && self.depth + 1 >= MAX_DEPTH {
            // Lowering it here would hit the depth guard and type the whole
            // component as JSON; it is lowered later, from the top.
            self.warn(
                at,
                format!("allOf chain too deep: `{reference}` is not merged"),
            );
            return Ok(());
        }
        self.ensure_component(index)?;
        // Follow aliases to the struct.
        if let Some(TypeRef::Named(id)) = self.struct_behind(&TypeRef::Named(id)) {
            if let Some(TypeKind::Struct(s)) = self.def(id).map(|d| d.kind.clone()) {
                for field in s.fields {
                    self.merge_field(merge, field, at, owner);
                }
                if let Some(additional) = s.additional {
                    merge.additional = Some(additional);
                }
                return Ok(());
            }
        }
        if !is_trivial(&resolved) {
            self.warn(
                at,
                format!("allOf member `{reference}` is not an object: not merged"),
            );
        }
        Ok(())
    }

    fn merge_inline(
        &mut self,
        schema: &Schema,
        at: &str,
        owner: &str,
        merge: &mut Merge,
        depth: usize,
    ) -> Result<()> {
        let view = View::of(schema);
        for (member, pointer) in members(view.all_of, at, "allOf") {
            self.merge_member(member, &pointer, owner, merge, depth + 1)?;
        }
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            self.warn(at, "oneOf/anyOf inside an allOf member: ignored");
        }
        let primitive = view.typ.is_some_and(|t| t != "object")
            || view.items.is_some()
            || !view.enumeration.is_empty();
        if primitive {
            self.warn(at, "allOf member is not an object: not merged");
        }
        self.merge_object(&view, at, owner, merge)
    }

    /// Merges the properties, `required` and `additionalProperties` of one
    /// object schema.
    fn merge_object(
        &mut self,
        view: &View<'_>,
        at: &str,
        owner: &str,
        merge: &mut Merge,
    ) -> Result<()> {
        merge.required.extend(view.required.iter().cloned());
        if let Some(props) = view.props() {
            let props_at = refs::push(at, "properties");
            for (wire, prop) in props {
                let prop_at = refs::push(&props_at, wire);
                let field = self.field(owner, wire, prop.into(), &prop_at, false)?;
                self.merge_field(merge, field, &prop_at, owner);
            }
        }
        if let Some(additional) = view.additional {
            if let Some(value) = self.map_value(additional, at, owner)? {
                merge.additional = Some(value);
            }
        }
        Ok(())
    }

    pub(crate) fn union(
        &mut self,
        schema: &Schema,
        view: &View<'_>,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Lowered> {
        let data = &schema.schema_data;
        let mut nullable = data.nullable;
        let (list, keyword) = if view.one_of.is_empty() {
            (view.any_of, "anyOf")
        } else {
            if !view.any_of.is_empty() {
                self.warn(at, "anyOf next to oneOf: ignored");
            }
            (view.one_of, "oneOf")
        };
        let mut real: Members<'_> = Vec::new();
        for (member, pointer) in members(list, at, keyword) {
            match member {
                SchemaRef::Item(s) if is_null_schema(s) => nullable = true,
                _ => real.push((member, pointer)),
            }
        }
        if let Some(lowered) = self.at_most_one(&real, nullable, hint, slot)? {
            return Ok(lowered);
        }
        // Alternatives that are all inline strings: one string type.
        let strings: Option<Vec<View<'_>>> = real
            .iter()
            .map(|(m, _)| match m {
                SchemaRef::Item(s) => Some(View::of(s)).filter(|v| v.typ == Some("string")),
                SchemaRef::Ref(_) => None,
            })
            .collect();
        if let Some(strings) = strings {
            if strings.iter().all(|v| !v.enumeration.is_empty()) {
                let mut entries = Vec::new();
                for (v, (m, _)) in strings.iter().zip(&real) {
                    if let SchemaRef::Item(s) = m {
                        entries.extend(enum_entries(v, &s.schema_data));
                    }
                }
                let id = self.string_enum(entries, data, at, hint, slot, nullable);
                return Ok(Lowered {
                    ty: TypeRef::Named(id),
                    nullable,
                });
            }
            return Ok(Lowered {
                ty: TypeRef::String,
                nullable,
            });
        }

        let (id, name) = self.named(slot, hint, at, data, nullable);
        let mut names = NameSet::new("");
        let mut variants = Vec::with_capacity(real.len());
        let mut targets = Vec::with_capacity(real.len());
        for (i, (member, pointer)) in real.iter().enumerate() {
            let (base, target) = match member {
                SchemaRef::Ref(r) => {
                    let target = refs::parse_local(r).ok();
                    let base = match target
                        .as_deref()
                        .and_then(|t| refs::component_name(t, "schemas"))
                    {
                        Some(c) => match self.components.get(&c).and_then(|c| self.def(c.id)) {
                            Some(def) => def.name.clone(),
                            None => c,
                        },
                        None => target.as_deref().map(hint_from_pointer).unwrap_or_default(),
                    };
                    (base, target)
                }
                SchemaRef::Item(s) => (inline_variant_base(s), None),
            };
            let variant = names.claim(&naming::variant_ident(&base, i + 1));
            let hint = format!("{name}{}", hint_piece(&variant, "Variant"));
            let lowered = self.lower_ref(*member, pointer, &hint)?;
            nullable |= lowered.nullable;
            targets.push(target);
            variants.push(UnionVariant {
                name: variant,
                tags: Vec::new(),
                ty: lowered.ty,
                boxed: false,
            });
        }
        let tagging = match &data.discriminator {
            Some(d) => match self.tags(d, &real, &targets, &mut variants, at) {
                Some(property) => Tagging::Tagged {
                    property,
                    unknown: names.claim(naming::UNKNOWN_VARIANT),
                },
                None => Tagging::Untagged,
            },
            None => Tagging::Untagged,
        };
        self.set_kind(id, TypeKind::Union(Union { tagging, variants }));
        Ok(Lowered {
            ty: TypeRef::Named(id),
            nullable,
        })
    }

    /// Fills the variants' tags from the discriminator; `None` (and a
    /// warning) when some variant has no usable tag.
    fn tags(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        real: &Members<'_>,
        targets: &[Option<String>],
        variants: &mut [UnionVariant],
        at: &str,
    ) -> Option<String> {
        let property = &discriminator.property_name;
        let mapping: Vec<(String, Option<String>)> = discriminator
            .mapping
            .iter()
            .map(|(tag, target)| {
                let reference = if target.starts_with('#') || target.contains('/') {
                    target.clone()
                } else {
                    crate::pointer::local_ref(&["components", "schemas", target])
                };
                (tag.clone(), refs::parse_local(&reference).ok())
            })
            .collect();
        let mut used = vec![false; mapping.len()];
        let mut complete = true;
        for ((variant, target), (member, _)) in variants.iter_mut().zip(targets).zip(real) {
            if let Some(target) = target {
                for (i, (tag, to)) in mapping.iter().enumerate() {
                    if to.as_deref() == Some(target.as_str()) {
                        variant.tags.push(tag.clone());
                        if let Some(u) = used.get_mut(i) {
                            *u = true;
                        }
                    }
                }
                if variant.tags.is_empty() {
                    if let Some(last) = refs::segments(target).last() {
                        variant.tags.push(last.clone());
                    }
                }
            } else if let SchemaRef::Item(s) = member {
                // An inline member can name its own tag with a one-value enum.
                let view = View::of(s);
                if let Some(ReferenceOr::Item(p)) = view.props().and_then(|p| p.get(property)) {
                    let values = View::of(p).enumeration;
                    if let [serde_json::Value::String(tag)] = values.as_slice() {
                        variant.tags.push(tag.clone());
                    }
                }
            }
            complete &= !variant.tags.is_empty();
        }
        for ((tag, _), used) in mapping.iter().zip(used) {
            if !used {
                self.warn(
                    at,
                    format!("discriminator mapping `{tag}` names no member of the union: ignored"),
                );
            }
        }
        if complete {
            // A tag that selects several members selects the first.
            let mut seen = std::collections::HashSet::new();
            for variant in variants.iter() {
                for tag in &variant.tags {
                    if !seen.insert(tag.as_str()) {
                        self.warn(
                            at,
                            format!(
                                "discriminator `{property}`: tag `{tag}` selects several members; the first wins"
                            ),
                        );
                    }
                }
            }
            Some(property.clone())
        } else {
            for variant in variants.iter_mut() {
                variant.tags.clear();
            }
            self.warn(
                at,
                format!("discriminator `{property}`: a member has no tag; union left untagged"),
            );
            None
        }
    }

    /// A discriminated union needs struct variants: follows aliases to the
    /// struct, or drops the discriminator (with a warning).
    pub(crate) fn check_discriminators(&mut self) {
        for index in 0..self.types.len() {
            let Some(TypeKind::Union(union)) = self.types.get(index).map(|d| &d.kind) else {
                continue;
            };
            let Some(property) = union.tagging.property().map(str::to_owned) else {
                continue;
            };
            let resolved: Option<Vec<TypeRef>> = union
                .variants
                .iter()
                .map(|v| self.struct_behind(&v.ty))
                .collect();
            let origin = self
                .types
                .get(index)
                .map(|d| d.origin.clone())
                .unwrap_or_default();
            let Some(TypeKind::Union(union)) = self.types.get_mut(index).map(|d| &mut d.kind)
            else {
                continue;
            };
            match resolved {
                Some(tys) => {
                    for (variant, ty) in union.variants.iter_mut().zip(tys) {
                        variant.ty = ty;
                    }
                }
                None => {
                    union.tagging = Tagging::Untagged;
                    for variant in &mut union.variants {
                        variant.tags.clear();
                    }
                    self.warn(
                        &origin,
                        format!("discriminator `{property}`: a member is not an object; union left untagged"),
                    );
                }
            }
        }
    }

    fn struct_behind(&self, ty: &TypeRef) -> Option<TypeRef> {
        let aliases = crate::ir_walk::Through::Aliases;
        match crate::ir_walk::unalias(&self.types[..], ty, aliases).ok()? {
            TypeRef::Named(id) if matches!(self.def(*id)?.kind, TypeKind::Struct(_)) => {
                Some(TypeRef::Named(*id))
            }
            _ => None,
        }
    }
}
