//! The implicit discriminator of an untagged union: a property that the
//! variants give enum or `const` values, different ones (Adyen's payment
//! methods: `type: {enum: [ach]}`, `type: {enum: [applepay]}`, …). Found
//! once every type is lowered, recorded as `Tagging::Implicit` with each
//! variant's values in its `tags`; the runtime tries the variants that list
//! a value's tag first.

use super::Ctx;
use crate::ir::{Tagging, TypeKind, TypeRef};
use crate::ir_walk::{unalias, Through};

impl Ctx<'_> {
    /// Gives each untagged union of struct variants its implicit
    /// discriminator, if it has one: the first property (in the variants'
    /// order) that two or more variants give enum values and that not all
    /// of them give the same ones.
    pub(super) fn implicit_tags(&mut self) {
        for index in 0..self.types.len() {
            let Some(TypeKind::Union(union)) = self.types.get(index).map(|d| &d.kind) else {
                continue;
            };
            if union.tagging != Tagging::Untagged || union.variants.len() < 2 {
                continue;
            }
            // Per variant, its properties with the enum values each gives.
            let variants: Vec<Vec<(String, Vec<String>)>> = union
                .variants
                .iter()
                .map(|v| self.enum_properties(&v.ty))
                .collect();
            let values = |property: &str, of: &[(String, Vec<String>)]| {
                of.iter()
                    .find(|(wire, _)| wire == property)
                    .map(|(_, values)| values.clone())
                    .unwrap_or_default()
            };
            let found = variants.iter().flatten().find_map(|(property, _)| {
                let sets: Vec<Vec<String>> = variants
                    .iter()
                    .map(|of| values(property, of))
                    .filter(|set| !set.is_empty())
                    .collect();
                let distinct = sets.iter().any(|set| *set != sets[0]);
                (sets.len() >= 2 && distinct).then(|| property.clone())
            });
            let Some(property) = found else {
                continue;
            };
            let tags: Vec<Vec<String>> = variants.iter().map(|of| values(&property, of)).collect();
            let Some(TypeKind::Union(union)) = self.types.get_mut(index).map(|d| &mut d.kind)
            else {
                continue;
            };
            for (variant, tags) in union.variants.iter_mut().zip(tags) {
                variant.tags = tags;
            }
            union.tagging = Tagging::Implicit { property };
        }
    }

    /// The properties of the struct `ty` is whose type is a string enum,
    /// with its values (`const` is a one-value enum after `normalize`).
    fn enum_properties(&self, ty: &TypeRef) -> Vec<(String, Vec<String>)> {
        let through = Through::AliasesAndNull;
        let Ok(TypeRef::Named(id)) = unalias(&self.types[..], ty, through) else {
            return Vec::new();
        };
        let Some(TypeKind::Struct(s)) = self.def(*id).map(|d| &d.kind) else {
            return Vec::new();
        };
        s.fields
            .iter()
            .filter_map(|field| {
                let Ok(TypeRef::Named(id)) = unalias(&self.types[..], &field.ty, through) else {
                    return None;
                };
                match self.def(*id).map(|d| &d.kind) {
                    Some(TypeKind::StringEnum(e)) if !e.variants.is_empty() => Some((
                        field.wire_name.clone(),
                        e.variants.iter().map(|v| v.wire.clone()).collect(),
                    )),
                    _ => None,
                }
            })
            .collect()
    }
}
