//! Schemas → types: primitives, objects, arrays, maps, enums; component
//! schemas and `$ref`s to schemas. Composition (`allOf`, `oneOf`, `anyOf`)
//! lives in `schema_compose`.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData};

use super::distribute::{with_doc_line, Beside, Shared};
use super::refs::{self, SchemaRef};
use super::view::View;
use super::{render_json, Ctx, Lowered, State};
use crate::ir::{BytesEncoding, Field, FloatWidth, IntWidth, Struct, TypeId, TypeKind, TypeRef};
use crate::naming::{self, NameSet};
use crate::Result;

/// How deeply schemas may nest before the rest is typed as JSON.
pub(crate) const MAX_DEPTH: usize = 64;

/// Properties of an object schema, as the model boxes them.
pub(crate) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A type's doc: `title` and `description`, raw.
pub(crate) fn type_doc(data: &SchemaData) -> Option<String> {
    match (&data.title, &data.description) {
        (Some(t), Some(d)) if !t.trim().is_empty() && !d.trim().is_empty() => {
            Some(format!("{t}\n\n{d}"))
        }
        (t, d) => d
            .clone()
            .or_else(|| t.clone())
            .filter(|s| !s.trim().is_empty()),
    }
}

/// A name piece for a property, union member or pointer segment.
pub(crate) fn hint_piece(s: &str, fallback: &str) -> String {
    let camel = naming::upper_camel(s);
    if camel.is_empty() {
        fallback.to_string()
    } else {
        camel
    }
}

/// A hint for a schema reached by a pointer that is not a component:
/// its meaningful segments, camel-cased; past a schema's `$defs` or
/// `definitions` (which name schemas, as `components.schemas` does), only
/// the last of them, the definition's own key or a property's below it.
pub(crate) fn hint_from_pointer(pointer: &str) -> String {
    const SKIP: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "content",
        "schema",
        "paths",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "definitions",
        "$defs",
        "x-definitions",
        "x-$defs",
    ];
    let segments = refs::segments(pointer);
    let mut meaningful = segments
        .iter()
        .filter(|s| !SKIP.contains(&s.as_str()) && !s.contains('/'));
    let defined = segments.iter().any(|s| {
        let keyword = s.strip_prefix("x-").unwrap_or(s);
        crate::normalize::DEFINITIONS.contains(&keyword)
    });
    let hint: String = if defined {
        meaningful
            .next_back()
            .map(|s| naming::upper_camel(s))
            .unwrap_or_default()
    } else {
        meaningful.map(|s| naming::upper_camel(s)).collect()
    };
    if hint.is_empty() {
        "Schema".into()
    } else {
        hint
    }
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("byte") => TypeRef::Bytes(BytesEncoding::Base64),
        Some("binary") => TypeRef::Bytes(BytesEncoding::Binary),
        _ => TypeRef::String,
    }
}

pub(crate) fn integer_type(format: Option<&str>) -> TypeRef {
    TypeRef::Integer(match format {
        Some("int32") => IntWidth::I32,
        Some("uint32") => IntWidth::U32,
        Some("uint64") => IntWidth::U64,
        _ => IntWidth::I64,
    })
}

pub(crate) fn number_type(format: Option<&str>) -> TypeRef {
    TypeRef::Float(match format {
        Some("float") => FloatWidth::F32,
        _ => FloatWidth::F64,
    })
}

/// Gives the fields of one struct unique Rust names, in order.
pub(crate) fn name_fields(fields: &mut [Field], has_additional: bool) {
    let mut names = NameSet::new("_");
    if has_additional {
        // The emitter's flattened map of extra keys.
        names.reserve("additional_properties");
    }
    for (i, field) in fields.iter_mut().enumerate() {
        field.name = names.claim(&naming::field_ident(&field.wire_name, i + 1));
    }
    let setters = naming::setter_idents(fields.iter().map(|f| f.name.as_str()));
    for (field, setter) in fields.iter_mut().zip(setters) {
        field.setter = setter;
    }
}

impl<'a> Ctx<'a> {
    /// Lowers a schema use (inline or `$ref`). `at` is its pointer, `hint`
    /// the name a new type would get.
    pub(crate) fn lower_ref(
        &mut self,
        schema: SchemaRef<'_>,
        at: &str,
        hint: &str,
    ) -> Result<Lowered> {
        match schema {
            SchemaRef::Ref(reference) => self.schema_by_ref(reference, at),
            SchemaRef::Item(s) => {
                if let Some(done) = self.cache.get(at) {
                    return Ok(done.clone());
                }
                let lowered = self.lower_schema(s, at, hint, None)?;
                self.cache.insert(at.to_string(), lowered.clone());
                Ok(lowered)
            }
        }
    }

    /// A `$ref` to a schema: a component is its named type; any other node
    /// (`#/components/schemas/Foo/properties/bar`) is lowered once, where it
    /// stands, and shared.
    pub(crate) fn schema_by_ref(&mut self, reference: &str, at: &str) -> Result<Lowered> {
        let mut reference = reference.to_string();
        let mut here = at.to_string();
        let mut chain: Vec<(String, String)> = Vec::new();
        loop {
            let ref_at = refs::push(&here, "$ref");
            let target = refs::parse_local(&reference)
                .map_err(|m| self.unresolved(&ref_at, &reference, m))?;
            if let Some(name) = refs::component_name(&target, "schemas") {
                return match self.components.get(&name) {
                    Some(c) => Ok(Lowered {
                        ty: TypeRef::Named(c.id),
                        nullable: c.nullable,
                    }),
                    None => Err(self.unresolved(
                        &ref_at,
                        &reference,
                        format!("no `{name}` in components.schemas"),
                    )),
                };
            }
            if let Some(done) = self.cache.get(&target) {
                return Ok(done.clone());
            }
            if chain.iter().any(|(p, _)| *p == target) {
                let mut refs: Vec<&str> = chain.iter().map(|(_, r)| r.as_str()).collect();
                refs.push(&reference);
                return Err(crate::Error::RefCycle {
                    location: self.doc.location(&refs::push(at, "$ref")),
                    chain: refs.join(" -> "),
                });
            }
            chain.push((target.clone(), reference.clone()));
            if self.in_progress.contains(&target) {
                self.warn(
                    &ref_at,
                    "recursive $ref to a schema outside components: typed as JSON",
                );
                return Ok(Lowered::plain(TypeRef::Json));
            }
            let Some(value) = crate::pointer::lookup(&self.doc.value, &target) else {
                return Err(self.unresolved(&ref_at, &reference, "nothing at that pointer"));
            };
            let parsed: ReferenceOr<Schema> = serde_json::from_value(value.clone())
                .map_err(|e| self.unresolved(&ref_at, &reference, format!("not a schema: {e}")))?;
            match parsed {
                ReferenceOr::Reference { reference: next } => {
                    reference = next;
                    here = target;
                }
                ReferenceOr::Item(schema) => {
                    self.in_progress.insert(target.clone());
                    let hint = hint_from_pointer(&target);
                    let lowered = self.lower_schema(&schema, &target, &hint, None);
                    self.in_progress.remove(&target);
                    let lowered = lowered?;
                    self.cache.insert(target, lowered.clone());
                    return Ok(lowered);
                }
            }
        }
    }

    /// Lowers component schema number `index` (once).
    pub(crate) fn ensure_component(&mut self, index: usize) -> Result<()> {
        let api = self.api;
        let Some((key, schema)) = api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get_index(index))
        else {
            return Ok(());
        };
        let Some(component) = self.components.get_index_mut(index).map(|(_, c)| c) else {
            return Ok(());
        };
        if component.state != State::Pending {
            return Ok(());
        }
        component.state = State::InProgress;
        let id = component.id;
        let pointer = refs::pointer(&["components", "schemas", key]);
        let lowered = match schema {
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, &pointer)?,
            ReferenceOr::Item(s) => {
                let name = self.def(id).map(|d| d.name.clone()).unwrap_or_default();
                self.lower_schema(s, &pointer, &name, Some(id))?
            }
        };
        if lowered.ty != TypeRef::Named(id) {
            self.set_kind(id, TypeKind::Alias(lowered.ty));
        }
        if let Some((_, component)) = self.components.get_index_mut(index) {
            component.state = State::Done;
            // From now on the lowered nullability is the component's (the
            // registered one was a first look, for references met earlier;
            // `lower_components` corrects those).
            component.nullable = lowered.nullable;
        }
        Ok(())
    }

    /// The id a new named type gets: the component being defined (`slot`),
    /// or a new inline type named after `hint` (registered in the cache at
    /// once, so recursion back to this node finds it).
    pub(crate) fn named(
        &mut self,
        slot: Option<TypeId>,
        hint: &str,
        at: &str,
        data: &SchemaData,
        nullable: bool,
    ) -> (TypeId, String) {
        let id = match slot {
            Some(id) => id,
            None => {
                let id = self.alloc_type(hint, at, Some(data));
                self.cache.insert(
                    at.to_string(),
                    Lowered {
                        ty: TypeRef::Named(id),
                        nullable,
                    },
                );
                id
            }
        };
        let name = self.def(id).map(|d| d.name.clone()).unwrap_or_default();
        (id, name)
    }

    /// Lowers an inline schema. With `slot`, a named type is written into
    /// that (component) id instead of a new one. Schemas nested deeper than
    /// [`MAX_DEPTH`] (through properties, items, compositions and `allOf`
    /// merges of components) are typed as JSON, so no document can exhaust
    /// the stack.
    pub(crate) fn lower_schema(
        &mut self,
        schema: &Schema,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Lowered> {
        if self.depth >= MAX_DEPTH {
            self.warn(at, "schema nested too deeply: typed as JSON");
            return Ok(Lowered::plain(TypeRef::Json));
        }
        self.depth += 1;
        let lowered = self.lower_schema_inner(schema, at, hint, slot);
        self.depth -= 1;
        lowered
    }

    fn lower_schema_inner(
        &mut self,
        schema: &Schema,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<Lowered> {
        let view = View::of(schema);
        let data = &schema.schema_data;
        let nullable = data.nullable;
        if view.not {
            self.warn(at, "`not` is not supported: typed as JSON");
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }
        if !view.all_of.is_empty() {
            return self.all_of(schema, &view, at, hint, slot);
        }
        let mut data = Cow::Borrowed(data);
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            if view.props().is_none() {
                return self.union(schema, &view, at, hint, slot);
            }
            match self.beside(&view, at) {
                Beside::Distribute => {
                    let shared = [Shared::Object(&view, at.to_string())];
                    return self.union_with(schema, &view, (at, at), hint, slot, &shared);
                }
                Beside::RequiredOnly(line) => {
                    // A component's type exists already, with the docs it
                    // was registered with.
                    if let Some(id) = slot {
                        self.add_doc_line(id, &line);
                    }
                    data = Cow::Owned(with_doc_line(&data, &line));
                }
                Beside::Degraded => {
                    self.warn(
                        at,
                        "oneOf/anyOf next to properties: ignored, typed as the object",
                    );
                    let line = "The spec's `oneOf`/`anyOf` beside these fields is not typed: only the fields are.";
                    if let Some(id) = slot {
                        self.add_doc_line(id, line);
                    }
                    data = Cow::Owned(with_doc_line(&data, line));
                }
            }
        }
        let data = data.as_ref();
        if !view.enumeration.is_empty() {
            return Ok(self.enumeration(&view, data, at, hint, slot));
        }
        let ty = match view.typ {
            Some("string") => string_type(view.format),
            Some("integer") => integer_type(view.format),
            Some("number") => number_type(view.format),
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array(&view, at, hint)?,
            Some("object") => self.object(&view, data, at, hint, slot, nullable)?,
            Some("null") => {
                return Ok(Lowered {
                    ty: TypeRef::Unit,
                    nullable: true,
                })
            }
            Some(other) => {
                self.warn(at, format!("unknown type `{other}`: typed as JSON"));
                TypeRef::Json
            }
            None if view.props().is_some() || view.additional.is_some() => {
                self.object(&view, data, at, hint, slot, nullable)?
            }
            None if view.items.is_some() => self.array(&view, at, hint)?,
            None => TypeRef::Json,
        };
        Ok(Lowered { ty, nullable })
    }

    fn array(&mut self, view: &View<'_>, at: &str, hint: &str) -> Result<TypeRef> {
        let item = match view.items {
            Some(items) => {
                let lowered = self.lower_ref(
                    items.into(),
                    &refs::push(at, "items"),
                    &format!("{hint}Item"),
                )?;
                wrap_nullable(lowered)
            }
            None => TypeRef::Json,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    /// The value type of a map (`additionalProperties`).
    pub(crate) fn map_value(
        &mut self,
        additional: &AdditionalProperties,
        at: &str,
        hint: &str,
    ) -> Result<Option<TypeRef>> {
        Ok(match additional {
            AdditionalProperties::Any(true) => Some(TypeRef::Json),
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Schema(s) => {
                let lowered = self.lower_ref(
                    s.as_ref().into(),
                    &refs::push(at, "additionalProperties"),
                    &format!("{hint}Value"),
                )?;
                Some(wrap_nullable(lowered))
            }
        })
    }

    fn object(
        &mut self,
        view: &View<'_>,
        data: &SchemaData,
        at: &str,
        hint: &str,
        slot: Option<TypeId>,
        nullable: bool,
    ) -> Result<TypeRef> {
        let Some(props) = view.props() else {
            return Ok(match view.additional {
                None => TypeRef::Map(Box::new(TypeRef::Json)),
                Some(AdditionalProperties::Any(false)) => {
                    let (id, _) = self.named(slot, hint, at, data, nullable);
                    self.set_kind(
                        id,
                        TypeKind::Struct(Struct {
                            fields: vec![],
                            additional: None,
                            required_args: None,
                        }),
                    );
                    TypeRef::Named(id)
                }
                Some(additional) => {
                    let value = self
                        .map_value(additional, at, hint)?
                        .unwrap_or(TypeRef::Json);
                    TypeRef::Map(Box::new(value))
                }
            });
        };
        let (id, name) = self.named(slot, hint, at, data, nullable);
        let mut fields = Vec::with_capacity(props.len());
        let props_at = refs::push(at, "properties");
        for (wire, prop) in props {
            let required = view.required.iter().any(|r| r == wire);
            fields.push(self.field(
                &name,
                wire,
                prop.into(),
                &refs::push(&props_at, wire),
                required,
            )?);
        }
        let additional = match view.additional {
            Some(a) => self.map_value(a, at, &name)?,
            None => None,
        };
        name_fields(&mut fields, additional.is_some());
        self.set_struct(id, fields, additional);
        Ok(TypeRef::Named(id))
    }

    /// One property of an object (its Rust name is given later, by
    /// [`name_fields`]).
    pub(crate) fn field(
        &mut self,
        owner: &str,
        wire: &str,
        prop: SchemaRef<'_>,
        at: &str,
        required: bool,
    ) -> Result<Field> {
        let hint = format!("{owner}{}", hint_piece(wire, "Field"));
        let lowered = self.lower_ref(prop, at, &hint)?;
        let data = match prop {
            SchemaRef::Item(s) => Some(&s.schema_data),
            SchemaRef::Ref(_) => None,
        };
        let read_only = data.is_some_and(|d| d.read_only);
        let write_only = data.is_some_and(|d| d.write_only);
        Ok(Field {
            name: String::new(),
            setter: String::new(),
            wire_name: wire.to_string(),
            // Decided once every type is known (`mark_secrets`).
            secret: false,
            ty: lowered.ty,
            // One type serves requests and responses: a read-only field is
            // left out of requests, a write-only one out of responses.
            required: required && !read_only && !write_only,
            nullable: lowered.nullable,
            boxed: false,
            doc: data.and_then(|d| {
                d.description
                    .clone()
                    .or_else(|| d.title.clone())
                    .filter(|s| !s.trim().is_empty())
            }),
            example: data.and_then(|d| d.example.as_ref()).map(render_json),
            default: data.and_then(|d| d.default.as_ref()).map(render_json),
            sample: self.sample(Some(prop), at, None),
            deprecated: super::deprecation::deprecation(
                data.is_some_and(|d| d.deprecated),
                data.and_then(|d| d.description.as_deref()),
            ),
            read_only,
            write_only,
            // Decided once every operation is known (`nulls.rs`).
            explicit_null: false,
            null_setter: String::new(),
        })
    }
}

/// A lowered item or map value as a type: `Option<T>` when it may be null.
pub(crate) fn wrap_nullable(lowered: Lowered) -> TypeRef {
    if lowered.nullable {
        TypeRef::Nullable(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}
