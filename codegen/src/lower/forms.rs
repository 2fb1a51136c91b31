//! Bodies made of named values rather than one document: a
//! `multipart/form-data` body's parts (`ir::Form`: files, text, JSON, each
//! part's `Content-Type` from the spec's `encoding`) and the per-property
//! styles of an `application/x-www-form-urlencoded` body.

use openapiv3::{MediaType, QueryStyle, ReferenceOr, Schema};

use super::media::Choice;
use super::refs::{self, SchemaRef};
use super::view::View;
use super::Ctx;
use crate::ir::{self, FormPart, FormStyle, ParamStyle, PartKind, TypeRef};
use crate::naming::{self, NameSet};
use crate::Result;

/// Whether a media type names JSON (`application/json`, `…+json`).
fn is_json_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
}

impl Ctx<'_> {
    /// The form of a `multipart/form-data` body: one part per property of
    /// its (object) schema, in spec order. A `format: binary` string is a
    /// file, an array of them several files under one name; a scalar, or
    /// an array of scalars, is text; anything else is JSON. The part's
    /// `encoding.contentType` is sent as its `Content-Type` and makes a
    /// non-file part JSON when it names JSON.
    pub(super) fn multipart_form(
        &mut self,
        choice: &Choice<'_>,
        at: &str,
        stem: &str,
    ) -> Result<ir::Form> {
        let media_at = refs::push(&refs::push(at, "content"), choice.key);
        let type_name = self.type_names.claim(&format!("{stem}Form"));
        let mut parts = Vec::new();
        let Some(schema) = &choice.media.schema else {
            self.warn(
                &media_at,
                "multipart body without a schema: a form without parts",
            );
            return Ok(ir::Form { type_name, parts });
        };
        let schema_at = refs::push(&media_at, "schema");
        let (schema, pointer) = self.resolve_schema(schema.into(), &schema_at)?;
        let view = View::of(&schema);
        let Some(properties) = view.properties else {
            self.warn(
                &pointer,
                "multipart body whose schema has no properties: a form without parts",
            );
            return Ok(ir::Form { type_name, parts });
        };
        let properties_at = refs::push(&pointer, "properties");
        let mut names = NameSet::new("_");
        names.reserve("new");
        for (i, (wire, property)) in properties.iter().enumerate() {
            let at = refs::push(&properties_at, wire);
            let declared = choice
                .media
                .encoding
                .get(wire)
                .and_then(|e| e.content_type.clone());
            let kind = self.part_kind(property, &at, declared.as_deref())?;
            let ty = match kind {
                PartKind::File | PartKind::Files => TypeRef::Bytes(ir::BytesEncoding::Binary),
                PartKind::Text | PartKind::Json => {
                    let hint = format!("{stem}{}", naming::upper_camel(wire));
                    self.lower_ref(property.into(), &at, &hint)?.ty
                }
            };
            let doc = match property {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            parts.push(FormPart {
                name: names.claim(&naming::field_ident(wire, i + 1)),
                setter: String::new(),
                wire_name: wire.clone(),
                kind,
                ty,
                required: view.required.contains(wire),
                content_type: declared,
                doc: doc.filter(|d| !d.trim().is_empty()),
            });
        }
        let setters = naming::setter_idents(parts.iter().map(|p| p.name.as_str()));
        for (part, setter) in parts.iter_mut().zip(setters) {
            part.setter = setter;
        }
        Ok(ir::Form { type_name, parts })
    }

    fn part_kind(
        &self,
        property: &ReferenceOr<Box<Schema>>,
        at: &str,
        declared: Option<&str>,
    ) -> Result<PartKind> {
        let (schema, item_at) = self.resolve_schema(property.into(), at)?;
        let view = View::of(&schema);
        let binary = |v: &View<'_>| v.typ == Some("string") && v.format == Some("binary");
        if binary(&view) {
            return Ok(PartKind::File);
        }
        let scalar = |v: &View<'_>| {
            matches!(v.typ, Some("string" | "integer" | "number" | "boolean"))
                || (v.typ.is_none() && !v.enumeration.is_empty())
        };
        let kind = match (view.typ, view.items) {
            (Some("array"), Some(items)) => {
                let (item, _) = self.resolve_schema(SchemaRef::from(items), &item_at)?;
                let item = View::of(&item);
                if binary(&item) {
                    return Ok(PartKind::Files);
                }
                if scalar(&item) {
                    PartKind::Text
                } else {
                    PartKind::Json
                }
            }
            _ if scalar(&view) => PartKind::Text,
            _ => PartKind::Json,
        };
        Ok(match declared {
            Some(ct) if is_json_type(ct) => PartKind::Json,
            _ => kind,
        })
    }
}

/// The styles of a form-encoded body's properties that its `encoding`
/// sets (`style`, `explode`); the others are `form` exploded, OpenAPI's
/// default. (`openapiv3` reads an absent `explode` as `false`, so an explicit
/// `explode: false` with `style: form` cannot be told from the default.)
pub(super) fn form_styles(media: &MediaType) -> Vec<FormStyle> {
    media
        .encoding
        .iter()
        .filter(|(_, e)| e.style.is_some())
        .map(|(wire, e)| {
            let style = match e.style.as_ref().unwrap_or(&QueryStyle::Form) {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            FormStyle {
                wire_name: wire.clone(),
                style,
                explode: e.explode || style == ParamStyle::Form,
            }
        })
        .collect()
}
