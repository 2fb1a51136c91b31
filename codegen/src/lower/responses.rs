//! Request bodies and responses.

use openapiv3::{ReferenceOr, RequestBody, StatusCode};

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

    /// The request body, if it has any content.
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        op_at: &str,
        stem: &str,
    ) -> Result<Option<ir::RequestBody>> {
        let at = refs::push(op_at, "requestBody");
        let (body, pointer) = self.resolve(body, &at, "requestBodies", |c| &c.request_bodies)?;
        let Some(choice) = media::choose(&body.content) else {
            self.warn(&pointer, "request body without content: ignored");
            return Ok(None);
        };
        let hint = match refs::component_name(&pointer, "requestBodies") {
            Some(name) => component_hint(&name, "Body", &["Body", "Request"]),
            None => format!("{stem}Body"),
        };
        // A nullable request body schema changes nothing: the caller's
        // value is sent as given (an optional body is already an `Option`).
        let (encoding, ty, form) = if choice.encoding == BodyEncoding::Multipart {
            let form = self.multipart_form(&choice, &pointer, stem)?;
            (BodyEncoding::Multipart, TypeRef::Unit, Some(form))
        } else {
            let (encoding, ty, _) = self.body_type(&choice, &pointer, &hint)?;
            (encoding, ty, None)
        };
        let form_styles = match encoding {
            BodyEncoding::Form => super::forms::form_styles(choice.media),
            _ => Vec::new(),
        };
        let media_at = refs::push(&refs::push(&pointer, "content"), choice.key);
        let given =
            super::sample::given_example(choice.media.example.as_ref(), &choice.media.examples);
        // An object example is the whole body's (the driver decodes it into
        // the body type); a scalar one, a scalar body's sample.
        let sample = match given {
            Some(object @ serde_json::Value::Object(_)) => {
                Some(ir::Sample::Json(object.to_string()))
            }
            given => self.sample(
                choice.media.schema.as_ref().map(Into::into),
                &refs::push(&media_at, "schema"),
                given.as_ref(),
            ),
        };
        let alternatives = body
            .content
            .keys()
            .filter(|k| *k != choice.key)
            .cloned()
            .collect();
        Ok(Some(ir::RequestBody {
            content_type: choice.content_type,
            encoding,
            ty,
            required: body.required,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
            content_type_range: choice.range,
            form,
            form_styles,
            alternatives,
            sample,
        }))
    }

    /// Every declared response: codes ascending, then ranges, then `default`;
    /// and the operation's `Accept` ([`accept`]).
    pub(super) fn responses(
        &mut self,
        plan: &Plan<'a>,
    ) -> Result<(Vec<ir::Response>, Option<String>)> {
        let operation = plan.operation.as_ref();
        let base = refs::push(&plan.pointer, "responses");
        let mut entries: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>, String)> = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = status_match(status);
                let key = match status {
                    StatusMatch::Code(c) => c.to_string(),
                    StatusMatch::Range(r) => format!("{r}XX"),
                    StatusMatch::Default => "default".into(),
                };
                (status, response, refs::push(&base, &key))
            })
            .collect();
        if let Some(default) = &operation.responses.default {
            entries.push((StatusMatch::Default, default, refs::push(&base, "default")));
        }
        entries.sort_by_key(|(status, _, _)| *status);
        let class = StatusMatch::success_class(entries.iter().map(|(s, _, _)| *s));
        let successes = success_count(operation);
        let mut out = Vec::with_capacity(entries.len());
        // The JSON media types each response documents, successes first.
        let mut json_types: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (status, response, at) in entries {
            let (response, pointer) = self.resolve(response, &at, "responses", |c| &c.responses)?;
            for (name, header) in &response.headers {
                let header_at = refs::push(&refs::push(&pointer, "headers"), name);
                self.resolve(header, &header_at, "headers", |c| &c.headers)?;
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
                Some(choice) => {
                    let hint = match refs::component_name(&pointer, "responses") {
                        Some(name) => component_hint(&name, "Response", &["Response"]),
                        None if success && successes == 1 => format!("{}Response", plan.stem),
                        None => format!("{}{variant}Response", plan.stem),
                    };
                    self.response_body(&choice, &pointer, &hint, success)?
                }
            };
            out.push(ir::Response {
                status,
                covers: status.covered(success),
                success,
                variant,
                description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
                body,
                summary: ir::ErrorSummary::default(),
            });
        }
        let accept = accept(&out, json_types);
        Ok((out, accept))
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
