//! Request bodies and responses.

use openapiv3::{ReferenceOr, RequestBody, StatusCode};

use super::headers::Declared;
use super::media::{self, Choice};
use super::operation::{success_count, Plan};
use super::params::component_hint;
use super::{refs, Ctx};
use crate::ir::{
    self, BodyEncoding, BytesEncoding, HttpMethod, ResponseBody, StatusMatch, TypeRef,
};
use crate::naming;
use crate::Result;

impl<'a> Ctx<'a> {
    /// The encoding and type of a chosen body, and whether its schema
    /// allows `null`. A `format: binary` string is raw bytes whatever the
    /// media type says.
    fn body_type(
        &mut self,
        choice: &Choice<'_>,
        at: &str,
        hint: &str,
    ) -> Result<(BodyEncoding, TypeRef, bool)> {
        let media_at = refs::push(&refs::push(at, "content"), choice.key);
        if choice.multipart {
            self.warn(&media_at, "multipart sent as raw bytes");
        }
        let binary = TypeRef::Bytes(BytesEncoding::Binary);
        let (ty, nullable) = match choice.encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Text => {
                match &choice.media.schema {
                    Some(schema) => {
                        let lowered =
                            self.lower_ref(schema.into(), &refs::push(&media_at, "schema"), hint)?;
                        (lowered.ty, lowered.nullable)
                    }
                    None if choice.encoding == BodyEncoding::Text => (TypeRef::String, false),
                    None => (TypeRef::Json, false),
                }
            }
            BodyEncoding::Bytes | BodyEncoding::Multipart => (binary.clone(), false),
            BodyEncoding::Empty => (TypeRef::Unit, false),
        };
        Ok(match choice.encoding {
            _ if ty == binary => (BodyEncoding::Bytes, ty, false),
            BodyEncoding::Text => (BodyEncoding::Text, TypeRef::String, false),
            encoding => (encoding, ty, nullable),
        })
    }

    /// What a chosen response body decodes to. The runtime reads no
    /// form-encoded response: it stays raw bytes (its schema unlowered, so
    /// no type is made for it).
    fn response_body(
        &mut self,
        choice: &Choice<'_>,
        at: &str,
        hint: &str,
        success: bool,
    ) -> Result<ResponseBody> {
        // A success of server-sent events: its schema (that of one event's
        // data) types the events, a string or no schema leaves them text. An
        // error documented as events is read as text, like any text body.
        if media::is_event_stream(choice.key) && success {
            let ty = match &choice.media.schema {
                Some(schema) => {
                    let media_at = refs::push(&refs::push(at, "content"), choice.key);
                    let at = refs::push(&media_at, "schema");
                    let lowered = self.lower_ref(schema.into(), &at, hint)?;
                    Some(lowered.ty).filter(|ty| *ty != TypeRef::String)
                }
                None => None,
            };
            return Ok(ResponseBody::Events(ty));
        }
        if choice.encoding == BodyEncoding::Form {
            let media_at = refs::push(&refs::push(at, "content"), choice.key);
            self.warn(&media_at, "form-encoded response: decoded as raw bytes");
            return Ok(ResponseBody::Bytes);
        }
        Ok(match self.body_type(choice, at, hint)? {
            (_, TypeRef::Unit, _) | (BodyEncoding::Empty, _, _) => ResponseBody::Empty,
            // A schema-valid `null` success body (`type: [array, "null"]`,
            // or `nullable: true` on the body's own schema) must decode: the
            // success type is `Option<T>`. `Json` already holds a `null`.
            // An error body stays `T`: its code and message are read from
            // the struct (a `null` error fails to decode and is reported
            // with its raw body, as any undecodable error).
            (BodyEncoding::Json, ty, true) if success && ty != TypeRef::Json => {
                ResponseBody::Json(TypeRef::Nullable(Box::new(ty)))
            }
            (BodyEncoding::Json, ty, _) => ResponseBody::Json(ty),
            // `body_type` made these a string and raw bytes.
            (BodyEncoding::Text, _, _) => ResponseBody::Text,
            // A multipart response is read as raw bytes.
            (BodyEncoding::Bytes | BodyEncoding::Form | BodyEncoding::Multipart, _, _) => {
                ResponseBody::Bytes
            }
        })
    }

    /// The example of a JSON response body (see `ir::Response::example`).
    fn response_example(&self, choice: &Choice<'_>, at: &str) -> Option<String> {
        let media = choice.media;
        if let Some(given) = super::sample::given_example(media.example.as_ref(), &media.examples) {
            return Some(given.to_string());
        }
        let schema_at = refs::push(
            &refs::push(&refs::push(at, "content"), choice.key),
            "schema",
        );
        let (schema, _) = self
            .resolve_schema(media.schema.as_ref()?.into(), &schema_at)
            .ok()?;
        schema.schema_data.example.as_ref().map(ToString::to_string)
    }

    /// The request body, if it has any content: one variant per documented
    /// body that differs from the others (`media::distinct`), preferred
    /// first, and the enum the caller chooses with when there are several
    /// (`{Op}Content`, named after the variants' types so that the preferred
    /// body keeps the names it has alone).
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        op_at: &str,
        stem: &str,
    ) -> Result<Option<ir::RequestBody>> {
        let at = refs::push(op_at, "requestBody");
        let (body, pointer) = self.resolve(body, &at, "requestBodies", |c| &c.request_bodies)?;
        let groups = media::distinct(media::ranked(&body.content));
        let Some((primary, _)) = groups.first() else {
            self.warn(&pointer, "request body without content: ignored");
            return Ok(None);
        };
        let hint = match refs::component_name(&pointer, "requestBodies") {
            Some(name) => component_hint(&name, "Body", &["Body", "Request"]),
            None => format!("{stem}Body"),
        };
        let media_at = refs::push(&refs::push(&pointer, "content"), primary.key);
        let given =
            super::sample::given_example(primary.media.example.as_ref(), &primary.media.examples);
        // An object example is the whole body's (the driver decodes it into
        // the body type); a scalar one, a scalar body's sample.
        let sample = match given {
            Some(object @ serde_json::Value::Object(_)) => {
                Some(ir::Sample::Json(object.to_string()))
            }
            given => self.sample(
                primary.media.schema.as_ref().map(Into::into),
                &refs::push(&media_at, "schema"),
                given.as_ref(),
            ),
        };
        let mut variants = Vec::with_capacity(groups.len());
        let mut alternatives = Vec::new();
        let mut names = naming::NameSet::new("");
        for (i, (choice, others)) in groups.iter().enumerate() {
            alternatives.extend(others.iter().map(|k| (*k).to_owned()));
            // The preferred body's types are named as when it is alone.
            let hint = match i {
                0 => hint.clone(),
                _ => format!("{hint}{}", media::variant_name(choice.encoding)),
            };
            let mut variant = self.body_variant(choice, &pointer, stem, &hint, &mut names)?;
            // Raw bytes take any schema: the other binary types it is
            // documented with are reached through the `content_type` setter.
            variant.content_type_range |=
                variant.encoding == BodyEncoding::Bytes && !others.is_empty();
            variants.push(variant);
        }
        // Named in the spec's order.
        alternatives.sort_by_key(|k| body.content.get_index_of(k.as_str()));
        let choice_type =
            (variants.len() > 1).then(|| self.type_names.claim(&format!("{stem}Content")));
        Ok(Some(ir::RequestBody {
            variants,
            choice_type,
            required: body.required,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
            alternatives,
            sample,
        }))
    }

    /// One body the operation accepts, named in `names` by its encoding (by
    /// its media type when the encoding repeats).
    fn body_variant(
        &mut self,
        choice: &Choice<'_>,
        pointer: &str,
        stem: &str,
        hint: &str,
        names: &mut naming::NameSet,
    ) -> Result<ir::BodyVariant> {
        // A nullable request body schema changes nothing: the caller's
        // value is sent as given (an optional body is already an `Option`).
        let (encoding, ty, form) = if choice.encoding == BodyEncoding::Multipart {
            let form = self.multipart_form(choice, pointer, stem)?;
            (BodyEncoding::Multipart, TypeRef::Unit, Some(form))
        } else {
            let (encoding, ty, _) = self.body_type(choice, pointer, hint)?;
            (encoding, ty, None)
        };
        let form_styles = match encoding {
            BodyEncoding::Form => super::forms::form_styles(choice.media),
            _ => Vec::new(),
        };
        let by_encoding = media::variant_name(encoding);
        let name = if names.contains(by_encoding) {
            names.claim(&naming::upper_camel(choice.key))
        } else {
            names.claim(by_encoding)
        };
        Ok(ir::BodyVariant {
            name,
            content_type: choice.content_type.clone(),
            encoding,
            ty,
            content_type_range: choice.range,
            form,
            form_styles,
        })
    }

    /// Every declared response: codes ascending, then ranges, then `default`;
    /// the operation's `Accept` ([`accept`]) and the headers its responses
    /// declare (`headers.rs`).
    pub(super) fn responses(
        &mut self,
        plan: &Plan<'a>,
    ) -> Result<(
        Vec<ir::Response>,
        Option<String>,
        Option<ir::ResponseHeaders>,
    )> {
        let operation = plan.operation.as_ref();
        let base = refs::push(&plan.pointer, "responses");
        let mut entries: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>, String)> = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = status_match(status);
                (status, response, refs::push(&base, &status.key()))
            })
            .collect();
        if let Some(default) = &operation.responses.default {
            entries.push((StatusMatch::Default, default, refs::push(&base, "default")));
        }
        entries.sort_by_key(|(status, _, _)| *status);
        let class = StatusMatch::success_class(entries.iter().map(|(s, _, _)| *s));
        let successes = success_count(operation);
        let mut out = Vec::with_capacity(entries.len());
        let mut headers: Vec<Declared> = Vec::new();
        // The JSON media types each response documents, successes first.
        let mut json_types: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (status, response, at) in entries {
            let (response, pointer) = self.resolve(response, &at, "responses", |c| &c.responses)?;
            for (name, header) in &response.headers {
                let header_at = refs::push(&refs::push(&pointer, "headers"), name);
                let (header, header_at) =
                    self.resolve(header, &header_at, "headers", |c| &c.headers)?;
                if super::headers::kept(name) {
                    headers.push(Declared {
                        status,
                        wire_name: name.clone(),
                        header: header.into_owned(),
                        pointer: header_at,
                    });
                }
            }
            let success = status.is_success(class);
            let documented = if success {
                &mut json_types.0
            } else {
                &mut json_types.1
            };
            documented.extend(response.content.keys().filter(|k| is_json(k)).cloned());
            let variant = match status {
                StatusMatch::Code(c) => naming::status_variant(c),
                StatusMatch::Range(r) => naming::range_variant(r),
                StatusMatch::Default => "Default".into(),
            };
            let no_body = plan.method == HttpMethod::Head
                || matches!(status, StatusMatch::Code(204 | 205 | 304));
            let choice = media::choose(&response.content);
            // A success redirect's answer is its `Location`, whatever its body.
            let redirect = success && status.class() == Some(3) && redirects(status);
            let body = match choice {
                _ if redirect => {
                    if choice.is_some() {
                        let message = "content of a redirect answer: ignored (its `Location` is the success value)";
                        self.warn(&pointer, message);
                    }
                    ResponseBody::Redirect
                }
                Some(_) if no_body => {
                    self.warn(
                        &pointer,
                        "content declared for a response that has no body: ignored",
                    );
                    ResponseBody::Empty
                }
                None => ResponseBody::Empty,
                Some(ref choice) => {
                    let hint = match refs::component_name(&pointer, "responses") {
                        Some(name) => component_hint(&name, "Response", &["Response"]),
                        None if success && successes == 1 => format!("{}Response", plan.stem),
                        None => format!("{}{variant}Response", plan.stem),
                    };
                    self.response_body(choice, &pointer, &hint, success)?
                }
            };
            let example = match (&body, &choice) {
                (ResponseBody::Json(_), Some(choice)) => self.response_example(choice, &pointer),
                _ => None,
            };
            out.push(ir::Response {
                status,
                covers: status.covered(success),
                success,
                variant,
                description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
                body,
                example,
                summary: ir::ErrorSummary::default(),
            });
        }
        self.events_alone(&mut out, &plan.pointer);
        let accept = accept(&out, json_types);
        let headers = self.response_headers(plan.headers_type.as_ref(), headers)?;
        Ok((out, accept, headers))
    }

    /// Events are streamed only as an operation's one success body: among
    /// several (through the success enum, buffered) they are read as text.
    fn events_alone(&mut self, responses: &mut [ir::Response], op_at: &str) {
        let mut bodies: Vec<&ResponseBody> = Vec::new();
        for r in responses.iter().filter(|r| r.success) {
            if !bodies.contains(&&r.body) {
                bodies.push(&r.body);
            }
        }
        if bodies.len() < 2 {
            return;
        }
        for r in responses.iter_mut().filter(|r| r.success) {
            if matches!(r.body, ResponseBody::Events(_)) {
                r.body = ResponseBody::Text;
                let at = refs::push(&refs::push(op_at, "responses"), &r.status.key());
                self.warn(
                    &at,
                    "event stream among several success bodies: read as text",
                );
            }
        }
    }
}

/// A media type `Accept` can name for a JSON body: `application/json`,
/// `…+json` or `text/json`, without wildcards, as written (visible ASCII,
/// so a header value).
fn is_json(key: &str) -> bool {
    let essence = key
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || essence == "text/json"
        || (essence.ends_with("+json") && essence.contains('/'));
    json && !essence.contains('*') && key.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The `Accept` of an operation that decodes JSON (some success body is
/// JSON, every other is empty or a redirect): the JSON media types its
/// success responses document, then its error responses' (a server that
/// negotiates refuses what is not named: GitHub's SCIM operations answer
/// only `application/scim+json`, 406 to `application/json`), in response
/// and `content` order, each once; `application/json` first when no success
/// names one (`*/*`). `None` when it decodes no JSON.
fn accept(
    responses: &[ir::Response],
    (success, error): (Vec<String>, Vec<String>),
) -> Option<String> {
    let mut successes = responses.iter().filter(|r| r.success).map(|r| &r.body);
    // An event stream asks for nothing else: a server that negotiates would
    // answer JSON to `application/json` where the caller wants the stream.
    if successes
        .clone()
        .any(|b| matches!(b, ResponseBody::Events(_)))
    {
        return Some("text/event-stream".to_owned());
    }
    let decodes_json = successes
        .clone()
        .any(|b| matches!(b, ResponseBody::Json(_)))
        && successes.all(|b| {
            matches!(
                b,
                ResponseBody::Json(_) | ResponseBody::Empty | ResponseBody::Redirect
            )
        });
    if !decodes_json {
        return None;
    }
    // A success documented only as `*/*` is still read as JSON.
    let mut named: Vec<&str> = Vec::new();
    if success.is_empty() {
        named.push("application/json");
    }
    for key in success.iter().chain(&error).map(|k| k.trim()) {
        if !named.iter().any(|n| n.eq_ignore_ascii_case(key)) {
            named.push(key);
        }
    }
    Some(named.join(", "))
}

/// Whether the runtime would follow `status` (a success redirect of these
/// carries a `Location`; `304 Not Modified` does not).
fn redirects(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => ir::FOLLOWED_REDIRECTS.contains(&code),
        StatusMatch::Range(n) => n == 3,
        StatusMatch::Default => false,
    }
}

/// A `responses` key as the IR says it. A range's digit is one character
/// (`openapiv3` reads `\dXX`), so it fits a `u8`.
pub(super) fn status_match(status: &StatusCode) -> StatusMatch {
    match status {
        StatusCode::Code(c) => StatusMatch::Code(*c),
        StatusCode::Range(r) => StatusMatch::Range(u8::try_from(*r).unwrap_or(u8::MAX)),
    }
}
