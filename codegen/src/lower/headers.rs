//! Response headers → [`ir::ResponseHeaders`]: the headers an operation's
//! responses declare (each `$ref` to `components/headers` resolved by the
//! ref walker), merged by name into one struct of typed, optional fields.

use openapiv3::{Header, ParameterSchemaOrContent};

use super::refs::SchemaRef;
use super::view::View;
use super::{refs, Ctx};
use crate::ir::{self, HeaderType, StatusMatch};
use crate::naming::{self, NameSet};
use crate::Result;

/// One header as a response declares it, resolved.
pub(super) struct Declared {
    pub status: StatusMatch,
    pub wire_name: String,
    pub header: Header,
    /// Where it is (after `$ref`s), for warnings and errors.
    pub pointer: String,
}

/// Whether a declared header is read: OpenAPI says a response's
/// `Content-Type` header is ignored (its media type says it).
pub(super) fn kept(name: &str) -> bool {
    !name.eq_ignore_ascii_case("content-type")
}

impl<'a> Ctx<'a> {
    /// Whether some response of `operation` declares a header that is kept
    /// (checked while planning, to claim the struct's name; an unresolvable
    /// response is reported when the responses are lowered).
    pub(super) fn declares_headers(&self, operation: &openapiv3::Operation) -> bool {
        let responses = &operation.responses;
        responses
            .responses
            .values()
            .chain(responses.default.as_ref())
            .filter_map(|r| self.resolve(r, "", "responses", |c| &c.responses).ok())
            .any(|(r, _)| r.headers.keys().any(|name| kept(name)))
    }

    /// The headers struct of an operation named `type_name`, from every
    /// header its responses declare (in order); `None` when there is none.
    pub(super) fn response_headers(
        &mut self,
        type_name: Option<&String>,
        declared: Vec<Declared>,
    ) -> Result<Option<ir::ResponseHeaders>> {
        let Some(type_name) = type_name else {
            return Ok(None);
        };
        let mut fields: Vec<ir::ResponseHeader> = Vec::new();
        let mut names = NameSet::new("_");
        for d in declared {
            let ty = self.header_type(&d)?;
            let doc = d
                .header
                .description
                .clone()
                .filter(|t| !t.trim().is_empty());
            if let Some(field) = fields
                .iter_mut()
                .find(|f| f.wire_name.eq_ignore_ascii_case(&d.wire_name))
            {
                if field.ty != ty {
                    let message = format!(
                        "header `{}` is declared with another type than in the operation's other responses: read as the first declared",
                        d.wire_name
                    );
                    self.warn(&d.pointer, message);
                }
                if !field.statuses.contains(&d.status) {
                    field.statuses.push(d.status);
                }
                field.required &= d.header.required;
                field.doc = field.doc.take().or(doc);
                continue;
            }
            let name = names.claim(&naming::field_ident(&d.wire_name, fields.len()));
            let lower = d.wire_name.to_ascii_lowercase();
            fields.push(ir::ResponseHeader {
                name,
                secret: naming::is_secret_name(&d.wire_name) || lower == "set-cookie",
                wire_name: d.wire_name,
                ty,
                statuses: vec![d.status],
                required: d.header.required,
                deprecated: super::deprecation::deprecation(
                    d.header.deprecated.unwrap_or(false),
                    doc.as_deref(),
                ),
                doc,
            });
        }
        Ok((!fields.is_empty()).then(|| ir::ResponseHeaders {
            type_name: type_name.clone(),
            fields,
        }))
    }

    /// What a header's value is read as: its schema's scalar (or a list of
    /// them); `Location` as a URL; text for anything else.
    fn header_type(&mut self, d: &Declared) -> Result<HeaderType> {
        let ParameterSchemaOrContent::Schema(schema) = &d.header.format else {
            return Ok(HeaderType::String);
        };
        let at = refs::push(&d.pointer, "schema");
        let location = d.wire_name.eq_ignore_ascii_case("location")
            || d.wire_name.eq_ignore_ascii_case("content-location");
        let ty = self.scalar(schema.into(), &at, true)?;
        Ok(match ty {
            HeaderType::String if location => HeaderType::Url,
            ty => ty,
        })
    }

    /// A scalar schema's header type; an array of scalars when `list`.
    fn scalar(&self, schema: SchemaRef<'_>, at: &str, list: bool) -> Result<HeaderType> {
        let (schema, at) = self.resolve_schema(schema, at)?;
        let view = View::of(&schema);
        if !view.enumeration.is_empty() {
            return Ok(HeaderType::String);
        }
        Ok(match (view.typ, view.format) {
            (Some("integer"), format) => match super::schema::integer_type(format) {
                ir::TypeRef::Integer(width) => HeaderType::Integer(width),
                _ => HeaderType::String,
            },
            (Some("number"), format) => match super::schema::number_type(format) {
                ir::TypeRef::Float(width) => HeaderType::Float(width),
                _ => HeaderType::String,
            },
            (Some("boolean"), _) => HeaderType::Bool,
            (Some("string"), Some("date-time")) => HeaderType::DateTime,
            (Some("string"), Some("date")) => HeaderType::Date,
            (Some("string"), Some("uri" | "url")) => HeaderType::Url,
            (Some("array"), _) if list => {
                let item = match view.items {
                    Some(item) => self.scalar(item.into(), &refs::push(&at, "items"), false)?,
                    None => HeaderType::String,
                };
                HeaderType::List(Box::new(item))
            }
            _ => HeaderType::String,
        })
    }
}
