//! Operations: planned first (method names and the operation's own type
//! names are settled before any inline schema is named), then lowered.

use std::borrow::Cow;
use std::collections::BTreeMap;

use openapiv3::{Operation, PathItem, ReferenceOr};

use super::params::ParamSpec;
use super::{refs, Ctx};
use crate::ir::{self, HttpMethod, PathTemplate};
use crate::naming::{self, NameSet};
use crate::{Error, Result};

/// An operation with its names settled, ready to lower.
pub(crate) struct Plan<'a> {
    pub path: PathTemplate,
    pub method: HttpMethod,
    pub operation: Cow<'a, Operation>,
    pub pointer: String,
    pub method_name: String,
    pub stem: String,
    pub params: Vec<ParamSpec>,
    /// The docs lines of its `Accept`/`Content-Type` header parameters
    /// (`Ctx::merge_params`).
    pub media_notes: Vec<String>,
    pub call_type: String,
    pub error_type: String,
    /// Reserved when some response declares a header (`{Op}Headers`).
    pub headers_type: Option<String>,
    /// Reserved when the operation has several success responses; used
    /// only if their bodies differ.
    pub success_type: Option<String>,
    /// The `method_renames` key that applied, if any.
    pub rename_key: Option<String>,
    /// Declared safe to repeat; see [`ir::Operation::retry_safe`].
    pub retry_safe: bool,
    /// The `retry_safe` key of [`super::LowerOptions`] that applied, if any.
    pub retry_safe_key: Option<String>,
    /// The `pagination` key of [`super::LowerOptions`] that applied, if any.
    pub paging_key: Option<String>,
    /// The path item's `servers` (the operation's own take precedence), and
    /// their pointer.
    pub path_servers: (Vec<openapiv3::Server>, String),
}

/// How many responses count as success ([`ir::StatusMatch::is_success`]),
/// known before they are lowered: the success enum's name is reserved when
/// there are two or more.
pub(crate) fn success_count(operation: &Operation) -> usize {
    let responses = &operation.responses;
    let statuses: Vec<ir::StatusMatch> = responses
        .responses
        .keys()
        .map(super::responses::status_match)
        .chain(responses.default.as_ref().map(|_| ir::StatusMatch::Default))
        .collect();
    let class = ir::StatusMatch::success_class(statuses.iter().copied());
    statuses.iter().filter(|s| s.is_success(class)).count()
}

/// `UpperCamelCase` stem of an operation's type names.
fn stem_of(method_name: &str) -> String {
    let stem = naming::upper_camel(method_name);
    if stem.is_empty() {
        "Operation".into()
    } else if stem.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{stem}")
    } else {
        stem
    }
}

impl<'a> Ctx<'a> {
    fn path_item(&self, item: &'a ReferenceOr<PathItem>, at: &str) -> Result<Cow<'a, PathItem>> {
        match item {
            ReferenceOr::Item(item) => Ok(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => {
                let ref_at = refs::push(at, "$ref");
                let target = refs::parse_local(reference)
                    .map_err(|m| self.unresolved(&ref_at, reference, m))?;
                let value = crate::pointer::lookup(&self.doc.value, &target).ok_or_else(|| {
                    self.unresolved(&ref_at, reference, "nothing at that pointer")
                })?;
                let item: PathItem = serde_json::from_value(value.clone()).map_err(|e| {
                    self.unresolved(&ref_at, reference, format!("not a path item: {e}"))
                })?;
                Ok(Cow::Owned(item))
            }
        }
    }

    /// Plans every operation, in spec order: method names (unique on
    /// `Client`), stems, merged parameters, and reserved type names.
    pub(super) fn plan_operations(&mut self) -> Result<Vec<Plan<'a>>> {
        let api = self.api;
        let mut method_names = NameSet::new("_");
        let mut plans = Vec::new();
        // operationId → the pointer of the operation that has it first.
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &api.paths.paths {
            let item_at = refs::push("/paths", path);
            let item = self.path_item(item, &item_at)?;
            let template = PathTemplate::parse(path).map_err(|e| Error::Invalid {
                location: self.doc.location(&item_at),
                message: e.to_string(),
            })?;
            let borrowed: Option<&'a PathItem> = match &item {
                Cow::Borrowed(b) => Some(*b),
                Cow::Owned(_) => None,
            };
            for method in HttpMethod::ALL {
                let Some(operation) = operation_of(&item, method) else {
                    continue;
                };
                let pointer = refs::push(&item_at, method.field());
                let mut media_notes = Vec::new();
                let params = self.merge_params(
                    &item,
                    &item_at,
                    operation,
                    &pointer,
                    &template,
                    &mut media_notes,
                )?;
                let by_route = format!("{method} {path}");
                let id = operation.operation_id.as_deref();
                if let Some(id) = id {
                    if let Some(first) = ids.get(id) {
                        // The spec requires them unique; the method names stay distinct.
                        let message = format!(
                            "operationId `{id}` is also the one of #{first}: the method name gets a suffix"
                        );
                        self.warn(&refs::push(&pointer, "operationId"), message);
                    } else {
                        ids.insert(id.to_owned(), pointer.clone());
                    }
                }
                let renames = &self.options.method_renames;
                let (rename_key, base) =
                    match option_key(id, &by_route, |k| renames.contains_key(k)) {
                        Some(key) => (Some(key.clone()), renames[&key].clone()),
                        None => (
                            None,
                            naming::method_base(
                                operation.operation_id.as_deref(),
                                operation.summary.as_deref(),
                                method.as_str(),
                                path,
                            ),
                        ),
                    };
                let retry_safe_key =
                    option_key(id, &by_route, |k| self.options.retry_safe.contains(k));
                let paging_key =
                    option_key(id, &by_route, |k| self.options.pagination.contains_key(k));
                let method_name = method_names.claim(&naming::method_ident(&base));
                let stem = stem_of(&method_name);
                let call_type = self.type_names.claim(&format!("{stem}Call"));
                let error_type = self.type_names.claim(&format!("{stem}Error"));
                let headers_type = self
                    .declares_headers(operation)
                    .then(|| self.type_names.claim(&format!("{stem}Headers")));
                let success_type = (success_count(operation) >= 2)
                    .then(|| self.type_names.claim(&format!("{stem}Response")));
                let retry_safe = retry_safe_key.is_some() || declared_retry_safe(operation);
                let operation = match borrowed.and_then(|b| operation_of(b, method)) {
                    Some(op) => Cow::Borrowed(op),
                    None => Cow::Owned(operation.clone()),
                };
                plans.push(Plan {
                    path: template.clone(),
                    method,
                    operation,
                    pointer,
                    method_name,
                    stem,
                    params,
                    media_notes,
                    call_type,
                    error_type,
                    headers_type,
                    success_type,
                    rename_key,
                    retry_safe,
                    retry_safe_key,
                    paging_key,
                    path_servers: (item.servers.clone(), refs::push(&item_at, "servers")),
                });
            }
        }
        Ok(plans)
    }

    /// Lowers one planned operation.
    pub(super) fn lower_operation(&mut self, plan: &Plan<'a>) -> Result<ir::Operation> {
        let operation = plan.operation.as_ref();
        if !operation.callbacks.is_empty() {
            self.warn(&plan.pointer, "callbacks are not supported: skipped");
        }
        let server = if operation.servers.is_empty() {
            self.operation_server(&plan.path_servers.0, &plan.path_servers.1)
        } else {
            let at = refs::push(&plan.pointer, "servers");
            self.operation_server(&operation.servers, &at)
        };
        let mut params = self.lower_params(&plan.params, &plan.stem)?;
        let body = match &operation.request_body {
            Some(body) => self.request_body(body, &plan.pointer, &plan.stem)?,
            None => None,
        };
        // A raw body of several media types has a `content_type` setter: a parameter's
        // setter of that name steps aside, as for the call's own methods.
        if body
            .iter()
            .flat_map(|b| &b.variants)
            .any(|v| v.content_type_range)
        {
            for p in params.iter_mut().filter(|p| p.setter == "content_type") {
                p.setter = "content_type_param".into();
            }
        }
        let (responses, accept, headers) = self.responses(plan)?;
        let mut success: Vec<&ir::ResponseBody> = Vec::new();
        for r in responses.iter().filter(|r| r.success) {
            if !success.contains(&&r.body) {
                success.push(&r.body);
            }
        }
        let success_type = if success.len() > 1 {
            plan.success_type.clone()
        } else {
            None
        };
        // One raw success body is handed over unread, so a download of any
        // size streams; several go through the success enum, buffered. (An
        // event stream is only ever the one success: `responses` makes
        // events among several successes text.)
        let stream_success = matches!(
            success[..],
            [ir::ResponseBody::Bytes | ir::ResponseBody::Events(_)]
        );
        let security = match &operation.security {
            Some(own) => self.security(Some(own), &refs::push(&plan.pointer, "security")),
            None => self.security(self.api.security.as_ref(), "/security"),
        };
        Ok(ir::Operation {
            method_name: plan.method_name.clone(),
            call_type: plan.call_type.clone(),
            error_type: plan.error_type.clone(),
            success_type,
            operation_id: operation.operation_id.clone(),
            http_method: plan.method,
            path: plan.path.clone(),
            pointer: plan.pointer.clone(),
            summary: operation.summary.clone(),
            description: with_notes(operation.description.as_deref(), &plan.media_notes),
            deprecated: super::deprecation::deprecation(
                operation.deprecated,
                operation.description.as_deref(),
            ),
            params,
            body,
            responses,
            security,
            retry_safe: plan.retry_safe,
            request_id_field: None,
            request_id_header: None,
            headers,
            stream_success,
            feature: None,
            accept,
            server,
            paging: None,
        })
    }
}

/// The key of a per-operation option in `providers.toml` that names this
/// operation: its `operationId`, else `METHOD /path`.
fn option_key(id: Option<&str>, by_route: &str, has: impl Fn(&str) -> bool) -> Option<String> {
    id.filter(|id| has(id))
        .or(Some(by_route).filter(|route| has(route)))
        .map(str::to_owned)
}

/// The spec's own declaration that an operation is safe to repeat.
fn declared_retry_safe(operation: &Operation) -> bool {
    operation.extensions.get(RETRY_SAFE_EXTENSION) == Some(&serde_json::Value::Bool(true))
}

/// The extension that declares an operation safe to repeat.
pub(crate) const RETRY_SAFE_EXTENSION: &str = "x-linkgen-retry-safe";

/// The operation of a path item for `method`.
fn operation_of(item: &PathItem, method: HttpMethod) -> Option<&Operation> {
    match method {
        HttpMethod::Get => item.get.as_ref(),
        HttpMethod::Put => item.put.as_ref(),
        HttpMethod::Post => item.post.as_ref(),
        HttpMethod::Delete => item.delete.as_ref(),
        HttpMethod::Options => item.options.as_ref(),
        HttpMethod::Head => item.head.as_ref(),
        HttpMethod::Patch => item.patch.as_ref(),
        HttpMethod::Trace => item.trace.as_ref(),
    }
}

/// An operation's description with `notes` added, each its own paragraph.
fn with_notes(description: Option<&str>, notes: &[String]) -> Option<String> {
    let parts: Vec<&str> = description
        .filter(|d| !d.trim().is_empty())
        .into_iter()
        .chain(notes.iter().map(String::as_str))
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
