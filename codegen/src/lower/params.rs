//! Parameters: path-item and operation lists merged, `$ref`s resolved,
//! styles defaulted, names made valid and unique.

use openapiv3::{
    CookieStyle, HeaderStyle, Parameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle,
    ReferenceOr, Schema,
};

use super::{refs, Ctx};
use crate::ir::{Param, ParamLocation, ParamStyle, PathTemplate};
use crate::naming::{self, NameSet};
use crate::Result;

/// A parameter, resolved, before its type is lowered.
#[derive(Debug, Clone)]
pub(crate) struct ParamSpec {
    pub wire: String,
    pub location: ParamLocation,
    pub required: bool,
    pub style: ParamStyle,
    pub explode: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The schema, if the parameter has one (not `content`).
    pub schema: Option<ReferenceOr<Schema>>,
    /// Pointer of the parameter object.
    pub pointer: String,
    /// The parameter's own `example` (or first of `examples`).
    pub example: Option<serde_json::Value>,
}

fn spec_of(parameter: &Parameter, pointer: String) -> ParamSpec {
    let (location, style) = match parameter {
        Parameter::Query { style, .. } => (
            ParamLocation::Query,
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
        ),
        Parameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => (ParamLocation::Header, ParamStyle::Simple),
        Parameter::Path { style, .. } => (
            ParamLocation::Path,
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
        ),
        Parameter::Cookie {
            style: CookieStyle::Form,
            ..
        } => (ParamLocation::Cookie, ParamStyle::Form),
    };
    let data = parameter.parameter_data_ref();
    ParamSpec {
        wire: data.name.clone(),
        location,
        required: data.required || location == ParamLocation::Path,
        style,
        explode: data.explode.unwrap_or(style == ParamStyle::Form),
        doc: data.description.clone().filter(|d| !d.trim().is_empty()),
        deprecated: data.deprecated.unwrap_or(false),
        schema: match &data.format {
            ParameterSchemaOrContent::Schema(s) => Some(s.clone()),
            ParameterSchemaOrContent::Content(_) => None,
        },
        pointer,
        example: super::sample::given_example(data.example.as_ref(), &data.examples),
    }
}

impl<'a> Ctx<'a> {
    /// The merged, ordered parameters of one operation.
    ///
    /// An `Accept` or `Content-Type` header parameter is never one (OpenAPI
    /// says it is ignored; the client sends those headers itself, once).
    /// When it only selects among the media types the operation documents,
    /// the body or response handling is how the caller chooses, and `notes`
    /// gets the line the operation's docs say so with; otherwise a warning.
    pub(crate) fn merge_params(
        &mut self,
        item: &PathItem,
        item_at: &str,
        operation: &openapiv3::Operation,
        op_at: &str,
        path: &PathTemplate,
        notes: &mut Vec<String>,
    ) -> Result<Vec<ParamSpec>> {
        let mut merged: Vec<ParamSpec> = Vec::new();
        let lists = [(&item.parameters, item_at), (&operation.parameters, op_at)];
        for (list, at) in lists {
            let base = refs::push(at, "parameters");
            for (i, parameter) in list.iter().enumerate() {
                let here = refs::push(&base, &i.to_string());
                let (parameter, pointer) =
                    self.resolve(parameter, &here, "parameters", |c| &c.parameters)?;
                let spec = spec_of(&parameter, pointer);
                if let ParameterSchemaOrContent::Content(_) = &parameter.parameter_data_ref().format
                {
                    self.warn(
                        &spec.pointer,
                        "parameter with `content`: typed as a string holding the encoded (JSON) value",
                    );
                }
                if spec.location == ParamLocation::Header
                    && ["accept", "content-type", "authorization"]
                        .contains(&spec.wire.to_ascii_lowercase().as_str())
                {
                    match self.media_header_note(&spec, operation) {
                        Some(note) if !notes.contains(&note) => notes.push(note),
                        Some(_) => {}
                        None => self.warn(
                            &spec.pointer,
                            "header parameter ignored, as OpenAPI requires",
                        ),
                    }
                    continue;
                }
                if spec.location == ParamLocation::Path && !parameter.parameter_data_ref().required
                {
                    self.warn(
                        &spec.pointer,
                        "path parameter not marked required: required anyway",
                    );
                }
                match merged
                    .iter_mut()
                    .find(|p| p.wire == spec.wire && p.location == spec.location)
                {
                    Some(existing) => *existing = spec,
                    None => merged.push(spec),
                }
            }
        }
        // Path parameters first, in template order; undeclared ones are
        // strings; declared ones the template lacks cannot be sent.
        let mut ordered = Vec::with_capacity(merged.len());
        for name in path.params() {
            if ordered
                .iter()
                .any(|p: &ParamSpec| p.location == ParamLocation::Path && p.wire == name)
            {
                continue;
            }
            match merged
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire == name)
            {
                Some(i) => ordered.push(merged.remove(i)),
                None => {
                    self.warn(
                        op_at,
                        format!("path parameter `{name}` is not declared: typed as a string"),
                    );
                    ordered.push(ParamSpec {
                        wire: name.to_string(),
                        location: ParamLocation::Path,
                        required: true,
                        style: ParamStyle::Simple,
                        explode: false,
                        doc: Some(format!(
                            "The path template names `{{{name}}}` but the spec declares no such parameter: typed as a string."
                        )),
                        deprecated: false,
                        schema: None,
                        pointer: op_at.to_string(),
                        example: None,
                    });
                }
            }
        }
        for spec in merged {
            if spec.location == ParamLocation::Path {
                self.warn(
                    &spec.pointer,
                    "path parameter not in the path template: skipped",
                );
            } else {
                ordered.push(spec);
            }
        }
        Ok(ordered)
    }

    /// The docs line of an `Accept` or `Content-Type` header parameter whose
    /// values (its enum and default; none: any) are media types the
    /// operation documents for its request body (`Content-Type`) or
    /// responses (`Accept`); `None` for any other parameter.
    fn media_header_note(
        &self,
        spec: &ParamSpec,
        operation: &openapiv3::Operation,
    ) -> Option<String> {
        let request = spec.wire.eq_ignore_ascii_case("content-type");
        if !request && !spec.wire.eq_ignore_ascii_case("accept") {
            return None;
        }
        let documented: Vec<String> = if request {
            let body = operation.request_body.as_ref()?;
            let (body, _) = self
                .resolve(body, &spec.pointer, "requestBodies", |c| &c.request_bodies)
                .ok()?;
            body.content.keys().map(|k| media_essence(k)).collect()
        } else {
            let responses = &operation.responses;
            let all = responses.default.iter().chain(responses.responses.values());
            let mut keys = Vec::new();
            for response in all {
                if let Ok((response, _)) =
                    self.resolve(response, &spec.pointer, "responses", |c| &c.responses)
                {
                    keys.extend(response.content.keys().map(|k| media_essence(k)));
                }
            }
            keys
        };
        if documented.is_empty() {
            return None;
        }
        let values: Vec<String> = match &spec.schema {
            Some(schema) => {
                let (schema, _) = self.resolve_schema(schema.into(), &spec.pointer).ok()?;
                let view = super::view::View::of(&schema);
                // Its default counts too: a vendor media type there (a
                // versioning `Accept`) is one the client would not send.
                let default = schema.schema_data.default.as_ref();
                let values: Option<Vec<String>> = (view.enumeration.iter().chain(default))
                    .filter(|v| !v.is_null())
                    .map(|v| v.as_str().map(media_essence))
                    .collect();
                values?
            }
            None => Vec::new(),
        };
        if !values.iter().all(|v| documented.contains(v)) {
            return None;
        }
        Some(if request {
            format!(
                "The spec's `{}` header parameter is not an argument: the body given decides the media type sent (one of the documented request bodies).",
                spec.wire
            )
        } else {
            format!(
                "The spec's `{}` header parameter is not an argument: the client sends the `Accept` of the documented media types it reads.",
                spec.wire
            )
        })
    }

    /// Lowers the parameters of an operation (`stem` names inline types).
    pub(crate) fn lower_params(&mut self, specs: &[ParamSpec], stem: &str) -> Result<Vec<Param>> {
        let mut names = NameSet::new("_");
        let mut out = Vec::with_capacity(specs.len());
        for (i, spec) in specs.iter().enumerate() {
            let ty = match &spec.schema {
                Some(schema) => {
                    let hint = match refs::component_name(&spec.pointer, "parameters") {
                        Some(name) => component_hint(&name, "Param", &["Param", "Parameter"]),
                        None => format!("{stem}{}Param", naming::upper_camel(&spec.wire)),
                    };
                    let at = refs::push(&spec.pointer, "schema");
                    self.lower_ref(schema.into(), &at, &hint)?.ty
                }
                None => crate::ir::TypeRef::String,
            };
            out.push(Param {
                name: names.claim(&naming::param_ident(&spec.wire, i + 1)),
                setter: String::new(),
                wire_name: spec.wire.clone(),
                location: spec.location,
                ty,
                required: spec.required,
                style: spec.style,
                explode: spec.explode,
                doc: spec.doc.clone(),
                deprecated: super::deprecation::deprecation(spec.deprecated, spec.doc.as_deref()),
                // Decided once every type is known (`mark_secrets`).
                secret: false,
                sample: self.sample(
                    spec.schema.as_ref().map(Into::into),
                    &refs::push(&spec.pointer, "schema"),
                    spec.example.as_ref(),
                ),
            });
        }
        let optional: Vec<usize> = (0..out.len())
            .filter(|&i| !out[i].required && out[i].location != ParamLocation::Path)
            .collect();
        let setters = naming::call_setter_idents(optional.iter().map(|&i| out[i].name.as_str()));
        for (i, setter) in optional.into_iter().zip(setters) {
            out[i].setter = setter;
        }
        Ok(out)
    }
}

/// A media type without its parameters, lowercase: what two spellings of
/// one media type share.
fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The type name hint for an inline schema of a component (response,
/// request body, parameter): its name, with `suffix` unless it already ends
/// with one of `endings`. A numeric response name reads as its status
/// (`400` → `BadRequestResponse`).
pub(crate) fn component_hint(name: &str, suffix: &str, endings: &[&str]) -> String {
    let base = match name.parse::<u16>() {
        Ok(code) => naming::status_variant(code),
        Err(_) => naming::upper_camel(name),
    };
    if endings.iter().any(|e| base.ends_with(e)) {
        base
    } else {
        format!("{base}{suffix}")
    }
}
