//! `$ref` resolution: local references only, to components (`schemas`,
//! `responses`, `parameters`, `requestBodies`, `headers`,
//! `securitySchemes`) or to any other node of the document; chains are
//! followed, pure ref → ref loops are reported as [`Error::RefCycle`].

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr, Schema};
use serde::de::DeserializeOwned;

use super::Ctx;
use crate::{Error, Result};

/// A schema or a reference to one, whichever box the model put it in.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemaRef<'s> {
    /// `$ref`, as written.
    Ref(&'s str),
    /// An inline schema.
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// A JSON pointer from unescaped segments.
pub(crate) fn pointer(segments: &[&str]) -> String {
    crate::pointer::join_all("", segments)
}

/// `base` + one more (unescaped) segment.
pub(crate) fn push(base: &str, segment: &str) -> String {
    crate::pointer::join(base, segment)
}

/// The unescaped segments of a (valid) JSON pointer.
pub(crate) fn segments(pointer: &str) -> Vec<String> {
    crate::pointer::tokens(pointer)
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The JSON pointer a local `$ref` designates (`pointer.rs` holds the rule).
pub(crate) use crate::pointer::parse_local_ref as parse_local;

/// The name of a `components` section entry a pointer designates exactly
/// (`/components/schemas/Foo` → `Foo`), if it does.
pub(crate) fn component_name(pointer: &str, section: &str) -> Option<String> {
    crate::pointer::component(pointer, section)
}

impl<'a> Ctx<'a> {
    pub(crate) fn unresolved(
        &self,
        at: &str,
        reference: &str,
        message: impl Into<String>,
    ) -> Error {
        Error::UnresolvedRef {
            location: self.doc.location(at),
            reference: reference.to_string(),
            message: message.into(),
        }
    }

    /// Follows `item` through any chain of `$ref`s to the object it stands
    /// for. `at` is the pointer of `item`; `section` the `components` section
    /// its references normally point into. Returns the object and its
    /// pointer.
    pub(crate) fn resolve<'b, T>(
        &self,
        item: &'b ReferenceOr<T>,
        at: &str,
        section: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(Cow<'b, T>, String)>
    where
        'a: 'b,
        T: Clone + DeserializeOwned,
    {
        self.follow(Cow::Borrowed(item), at, section, map)
    }

    fn follow<'b, T>(
        &self,
        start: Cow<'b, ReferenceOr<T>>,
        at: &str,
        section: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(Cow<'b, T>, String)>
    where
        'a: 'b,
        T: Clone + DeserializeOwned,
    {
        let mut current = start;
        let mut here = at.to_string();
        let mut chain: Vec<(String, String)> = Vec::new();
        loop {
            let reference = match current {
                Cow::Borrowed(ReferenceOr::Item(t)) => return Ok((Cow::Borrowed(t), here)),
                Cow::Owned(ReferenceOr::Item(t)) => return Ok((Cow::Owned(t), here)),
                Cow::Borrowed(ReferenceOr::Reference { reference }) => reference.clone(),
                Cow::Owned(ReferenceOr::Reference { reference }) => reference,
            };
            let ref_at = push(&here, "$ref");
            let target =
                parse_local(&reference).map_err(|m| self.unresolved(&ref_at, &reference, m))?;
            if chain.iter().any(|(p, _)| *p == target) || target == at {
                let mut refs: Vec<&str> = chain.iter().map(|(_, r)| r.as_str()).collect();
                refs.push(&reference);
                return Err(Error::RefCycle {
                    location: self.doc.location(&push(at, "$ref")),
                    chain: refs.join(" -> "),
                });
            }
            chain.push((target.clone(), reference.clone()));
            if let Some(name) = component_name(&target, section) {
                let found = self.api.components.as_ref().and_then(|c| map(c).get(&name));
                let Some(found) = found else {
                    return Err(self.unresolved(
                        &ref_at,
                        &reference,
                        format!("no `{name}` in components.{section}"),
                    ));
                };
                current = Cow::Borrowed(found);
            } else {
                let Some(value) = crate::pointer::lookup(&self.doc.value, &target) else {
                    return Err(self.unresolved(&ref_at, &reference, "nothing at that pointer"));
                };
                let parsed: ReferenceOr<T> =
                    serde_json::from_value(value.clone()).map_err(|e| {
                        self.unresolved(&ref_at, &reference, format!("not a valid target: {e}"))
                    })?;
                current = Cow::Owned(parsed);
            }
            here = target;
        }
    }

    /// [`Ctx::resolve`] for schemas, whichever box they come in.
    pub(crate) fn resolve_schema<'b>(
        &self,
        schema: SchemaRef<'b>,
        at: &str,
    ) -> Result<(Cow<'b, Schema>, String)>
    where
        'a: 'b,
    {
        match schema {
            SchemaRef::Item(s) => Ok((Cow::Borrowed(s), at.to_string())),
            SchemaRef::Ref(reference) => {
                let start = ReferenceOr::Reference {
                    reference: reference.to_string(),
                };
                self.follow(Cow::Owned(start), at, "schemas", |c| &c.schemas)
            }
        }
    }
}
