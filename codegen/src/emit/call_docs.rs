//! The rustdoc of a `Client` method: summary, description, endpoint, its
//! arguments, the setters of its optional parameters, request body, and the
//! errors it can return.

use super::docs::{self, Doc};
use crate::ir::{BodyEncoding, Operation, RequestBody, ResponseBody, StatusMatch};

/// The doc comment of `op`'s method.
pub(crate) fn method_doc(op: &Operation) -> Doc {
    let endpoint = docs::code(&format!("{} {}", op.http_method, op.path));
    let endpoint = match &op.operation_id {
        Some(id) => format!("{endpoint} (operation {})", docs::code(id)),
        None => endpoint,
    };
    let mut doc = Doc::new();
    match op
        .summary
        .as_deref()
        .map(docs::inline)
        .filter(|s| !s.is_empty())
    {
        Some(summary) => {
            doc = doc
                .line(summary)
                .spec(op.description.as_deref())
                .line(endpoint)
        }
        None => {
            doc = doc
                .line(format!("Calls {endpoint}."))
                .spec(op.description.as_deref())
        }
    }
    doc = routing_doc(op, doc);
    if op.events() {
        doc = doc.line("Succeeds once the response's headers arrive, with an [`EventStream`](linkgen_runtime::EventStream) of the server-sent events as they come (read them with [`next`](linkgen_runtime::EventStream::next)). Nothing received for longer than the call's timeout counts as a dropped connection; a dropped connection is resumed with `Last-Event-ID` when the request is safe to repeat (see the crate's README).");
    }
    let arg_docs: Vec<String> = op
        .required_params()
        .filter_map(|p| {
            let text = docs::inline(p.doc.as_deref()?);
            let name = p.name.trim_start_matches("r#");
            let location = p.location.as_str();
            (!text.is_empty()).then(|| format!("- `{name}` ({location}): {text}"))
        })
        .collect();
    if !arg_docs.is_empty() {
        doc = doc.line("# Arguments").line(arg_docs.join("\n"));
    }
    let call = op.call_type.as_str();
    let mut setters: Vec<String> = op
        .optional_params()
        .map(|p| {
            let setter = p.setter.trim_start_matches("r#");
            let text = docs::entry_text(p.doc.as_deref());
            format!(
                "- [`{setter}`](crate::operations::{call}::{setter}): the {} {} parameter{text}",
                docs::code(&p.wire_name),
                p.location.as_str()
            )
        })
        .collect();
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.primary().encoding != BodyEncoding::Empty && !b.required)
    {
        setters.push(format!(
            "- [`body`](crate::operations::{call}::body): the request body"
        ));
    }
    if !setters.is_empty() {
        doc = doc
            .line("# Optional parameters")
            .line(format!(
                "Set on the returned [`{call}`](crate::operations::{call}) before awaiting it:"
            ))
            .line(setters.join("\n"));
    }
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.primary().encoding != BodyEncoding::Empty)
    {
        let mut section = Doc::new().spec(body.doc.as_deref());
        if let Some(line) = body_media_line(body, call) {
            section = section.line(line);
        }
        // Whether the call can be retried depends on the kind of raw body.
        if body
            .variants
            .iter()
            .any(|v| v.encoding == BodyEncoding::Bytes)
        {
            section = section.line("Raw bytes are a [`Body`](linkgen_runtime::Body): bytes in memory, resent when the call is retried, or a stream (`Body::from_stream`, `Body::from_reader` for a file) read as it is sent, with its length as `Content-Length` when given; a stream is sent once, so the call is not retried once it began to be read.");
        }
        if !section.is_empty() {
            doc = doc.line("# Request body").line(section.text());
        }
    }
    let mut errors = Vec::new();
    let error_type = op.error_type.as_str();
    for r in op.errors() {
        let mut item = format!(
            "- [`Error::Api`](linkgen_runtime::Error::Api) with [`{error_type}::{v}`](crate::operations::{error_type}::{v}) on {}",
            r.status.describe(),
            v = r.variant
        );
        item.push_str(&docs::entry_text(r.description.as_deref()));
        errors.push(item);
    }
    let undeclared = if op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default)
    {
        ""
    } else {
        "on a status the spec does not declare, or "
    };
    errors.push(format!("- [`Error::UnexpectedStatus`](linkgen_runtime::Error::UnexpectedStatus) {undeclared}when an error body is not the documented one (a gateway's HTML page, `{{}}`, an empty body)"));
    if op.security.iter().any(|alt| !alt.is_empty()) && !op.security.iter().any(Vec::is_empty) {
        errors.push("- [`Error::MissingCredentials`](linkgen_runtime::Error::MissingCredentials) when no credential is configured for the operation's security; nothing is sent".into());
    }
    errors.push("- [`Error::Decode`](linkgen_runtime::Error::Decode) when a success body does not decode, [`Error::ResponseTooLarge`](linkgen_runtime::Error::ResponseTooLarge) when a body exceeds the size limit, [`Error::Timeout`](linkgen_runtime::Error::Timeout) and [`Error::Transport`](linkgen_runtime::Error::Transport) when no response arrives (after retries)".into());
    doc.line("# Errors").line(errors.join("\n"))
}

/// Which of the documented media types goes on the wire: the one body's,
/// or the variant's of the choice enum the caller passes; `None` when one
/// media type is all the spec documents.
fn body_media_line(body: &RequestBody, call: &str) -> Option<String> {
    let others: Vec<String> = body.alternatives.iter().map(|m| docs::code(m)).collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("; the operation also accepts {}", others.join(", "))
    };
    let setter = format!("[`content_type`](crate::operations::{call}::content_type)");
    if let Some(choice) = &body.choice_type {
        let variants: Vec<String> = body
            .variants
            .iter()
            .map(|v| {
                let range = if v.content_type_range {
                    format!(" (or what {setter} names)")
                } else {
                    String::new()
                };
                format!(
                    "[`{n}`](crate::operations::{choice}::{n}) as {}{range}",
                    docs::code(&v.content_type),
                    n = v.name
                )
            })
            .collect();
        return Some(format!(
            "The variant of [`{choice}`](crate::operations::{choice}) given decides the media type sent: {}{also}. A variant's value converts into it as it is (a type two variants share picks the first).",
            variants.join(", ")
        ));
    }
    let primary = body.primary();
    if others.is_empty() && !primary.content_type_range {
        return None;
    }
    let mut line = format!("Sent as {}", docs::code(&primary.content_type));
    if primary.content_type_range {
        line.push_str(&format!(" unless {setter} names another type"));
    }
    line.push_str(&also);
    line.push('.');
    Some(line)
}

/// Where the request goes when not to the base URL, and what a documented
/// redirect does.
fn routing_doc(op: &Operation, mut doc: Doc) -> Doc {
    if let Some(server) = &op.server {
        doc = doc.line(format!(
            "Sent to its own server, {}, not to the client's base URL: unless [`ClientBuilder::server_override`](crate::ClientBuilder::server_override) replaces that server, or [`ClientBuilder::base_url`](crate::ClientBuilder::base_url) set a base URL of your own (a mock server, a proxy), which then receives every operation.",
            docs::code(server)
        ));
    }
    let no_follow = op.no_follow();
    if op.successes().any(|r| r.body == ResponseBody::Redirect) {
        doc = doc.line("Succeeds with the redirect the server answers, not followed: its [`Location`](linkgen_runtime::Redirect::location), which [`Redirect::follow`](linkgen_runtime::Redirect::follow) fetches without the client's credentials.");
    } else if !no_follow.is_empty() {
        let codes: Vec<String> = no_follow.iter().map(u16::to_string).collect();
        doc = doc.line(format!(
            "A documented redirect ({}) is its answer: returned, not followed.",
            codes.join(", ")
        ));
    }
    doc
}
