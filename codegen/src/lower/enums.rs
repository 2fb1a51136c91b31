//! Enumerations: string enums (with their catch-all added by the emitter),
//! integer enums, and enums of other or mixed types.

use std::collections::HashSet;

use openapiv3::SchemaData;
use serde_json::Value;

use super::schema::number_type;
use super::view::View;
use super::{Ctx, Lowered};
use crate::ir::{EnumVariant, IntEnum, StringEnum, TypeId, TypeKind, TypeRef};
use crate::naming::{self, NameSet};

impl<'a> Ctx<'a> {
    /// An `enum`: `null` among the values is dropped and makes it nullable.
    pub(crate) fn enumeration(
        &mut self,
        view: &View<'_>,
        data: &SchemaData,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Lowered {
        let nullable = data.nullable || view.enumeration.iter().any(Value::is_null);
        let values: Vec<&Value> = view.enumeration.iter().filter(|v| !v.is_null()).collect();
        let all = |f: fn(&Value) -> bool| values.iter().all(|v| f(v));
        let strings = all(Value::is_string);
        let ints = all(|v| v.as_i64().is_some());
        let ty = match view.typ {
            _ if values.is_empty() => TypeRef::Json,
            Some("string") | None if strings => {
                let entries = enum_entries(view, data);
                TypeRef::Named(self.string_enum(entries, data, at, hint, slot, nullable))
            }
            Some("integer") | None if ints => {
                let (id, _) = self.named(slot, hint, at, data, nullable);
                let names = enum_names(data);
                let mut consts = NameSet::new("_");
                let mut seen = HashSet::new();
                let mut out = Vec::new();
                for (i, v) in view.enumeration.iter().enumerate() {
                    let Some(n) = v.as_i64() else { continue };
                    if !seen.insert(n) {
                        continue;
                    }
                    let base = names
                        .get(i)
                        .cloned()
                        .flatten()
                        .unwrap_or_else(|| n.to_string());
                    out.push((consts.claim(&naming::const_ident(&base, out.len() + 1)), n));
                }
                self.set_kind(id, TypeKind::IntEnum(IntEnum { values: out }));
                TypeRef::Named(id)
            }
            Some("boolean") | None if all(Value::is_boolean) => TypeRef::Bool,
            Some("number") | None if all(Value::is_number) => number_type(view.format),
            _ => {
                self.warn(
                    at,
                    "enum values of mixed or unexpected types: typed as JSON",
                );
                TypeRef::Json
            }
        };
        Lowered { ty, nullable }
    }

    /// A string enum from its (wire value, name override, doc) entries.
    pub(crate) fn string_enum(
        &mut self,
        entries: Vec<(String, Option<String>, Option<String>)>,
        data: &SchemaData,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
        nullable: bool,
    ) -> TypeId {
        let (id, _) = self.named(slot, hint, at, data, nullable);
        let mut names = NameSet::new("");
        names.reserve("Unknown");
        let mut seen = HashSet::new();
        let mut variants = Vec::new();
        for (wire, name, doc) in entries {
            if !seen.insert(wire.clone()) {
                continue;
            }
            let base = name.unwrap_or_else(|| wire.clone());
            let name = names.claim(&naming::variant_ident(&base, variants.len() + 1));
            variants.push(EnumVariant { name, wire, doc });
        }
        self.set_kind(id, TypeKind::StringEnum(StringEnum { variants }));
        id
    }
}

/// `x-enum-varnames` / `x-enumNames`, aligned with `enum`.
fn enum_names(data: &SchemaData) -> Vec<Option<String>> {
    ["x-enum-varnames", "x-enumNames", "x-enum-names"]
        .iter()
        .find_map(|k| data.extensions.get(*k))
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// The string values of an enum with their name overrides and docs
/// (`x-enum-descriptions`, a list aligned with `enum` or a map by value).
pub(crate) fn enum_entries(
    view: &View<'_>,
    data: &SchemaData,
) -> Vec<(String, Option<String>, Option<String>)> {
    let names = enum_names(data);
    let docs = data.extensions.get("x-enum-descriptions");
    view.enumeration
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let wire = v.as_str()?.to_string();
            let doc = match docs {
                Some(Value::Array(a)) => a.get(i).and_then(Value::as_str),
                Some(Value::Object(m)) => m.get(&wire).and_then(Value::as_str),
                _ => None,
            }
            .map(str::to_string);
            let name = names.get(i).cloned().flatten().filter(|n| !n.is_empty());
            Some((wire, name, doc))
        })
        .collect()
}
