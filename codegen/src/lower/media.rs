//! Choosing one media type among a body's `content`, and what it means for
//! (de)serialization.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr};

use super::view::View;
use crate::ir::BodyEncoding;

/// The media type picked for a body.
pub(crate) struct Choice<'c> {
    /// The key in `content`, as written.
    pub key: &'c str,
    /// Its entry.
    pub media: &'c MediaType,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// What to send as `Content-Type` (the key, or a concrete type for a
    /// wildcard like `application/*+json`).
    pub content_type: String,
    /// `multipart/*` other than `multipart/form-data`: sent and received as
    /// raw bytes.
    pub multipart: bool,
    /// The key is a range (`*/*`, `image/*`): `content_type` is a default.
    pub range: bool,
}

/// Preference rank (lower is better) and encoding of one media type.
fn rank(essence: &str) -> (u8, BodyEncoding) {
    match essence {
        "application/json" => (0, BodyEncoding::Json),
        e if e.ends_with("+json") => (1, BodyEncoding::Json),
        "text/json" => (2, BodyEncoding::Json),
        "application/x-www-form-urlencoded" => (3, BodyEncoding::Form),
        "application/octet-stream" => (4, BodyEncoding::Bytes),
        "*/*" | "application/*" => (8, BodyEncoding::Json),
        "multipart/form-data" => (7, BodyEncoding::Multipart),
        e if e.starts_with("multipart/") => (7, BodyEncoding::Bytes),
        e if e.starts_with("text/") => (6, BodyEncoding::Text),
        _ => (5, BodyEncoding::Bytes),
    }
}

/// The media type without parameters, lower-cased.
fn essence(key: &str) -> String {
    key.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is `text/event-stream`: a response of server-sent
/// events.
pub(crate) fn is_event_stream(key: &str) -> bool {
    essence(key) == "text/event-stream"
}

/// Whether a body of a range like `*/*` is raw bytes rather than JSON: no
/// schema, or a string one (GitHub's release asset upload: `*/*`, `type:
/// string`, "the raw file data"). A JSON document that is one string is rare
/// enough that a string schema under a range means the bytes themselves.
fn is_raw_schema(media: &MediaType) -> bool {
    match &media.schema {
        None => true,
        Some(ReferenceOr::Item(s)) => View::of(s).typ == Some("string"),
        Some(ReferenceOr::Reference { .. }) => false,
    }
}

/// The preferred media type: JSON (`application/json`, `…+json`,
/// `text/json`), then form, then binary, then text, then multipart, then
/// wildcards (`*/*` with a string or no schema is raw bytes, sent as
/// `application/octet-stream` unless the caller names another type; with
/// any other schema, JSON). `None` when `content` is empty.
pub(crate) fn choose(content: &IndexMap<String, MediaType>) -> Option<Choice<'_>> {
    ranked(content).into_iter().next()
}

/// Every media type of `content`, preferred first (by [`choose`]'s order;
/// spec order among equals).
pub(crate) fn ranked(content: &IndexMap<String, MediaType>) -> Vec<Choice<'_>> {
    let mut keys: Vec<(&String, &MediaType)> = content.iter().collect();
    keys.sort_by_key(|(key, _)| rank(&essence(key)).0);
    keys.into_iter()
        .map(|(key, media)| choice(key, media))
        .collect()
}

/// What sending `media` under `key` means.
fn choice<'c>(key: &'c String, media: &'c MediaType) -> Choice<'c> {
    let essence = essence(key);
    let (_, mut encoding) = rank(&essence);
    let wildcard = essence.contains('*');
    let content_type = match encoding {
        _ if !wildcard => key.clone(),
        BodyEncoding::Json if essence == "*/*" || essence == "application/*" => {
            if is_raw_schema(media) {
                encoding = BodyEncoding::Bytes;
                "application/octet-stream".into()
            } else {
                "application/json".into()
            }
        }
        BodyEncoding::Json => "application/json".into(),
        BodyEncoding::Text => "text/plain".into(),
        _ => "application/octet-stream".into(),
    };
    Choice {
        key,
        media,
        encoding,
        content_type,
        multipart: essence.starts_with("multipart/") && essence != "multipart/form-data",
        range: wildcard && encoding == BodyEncoding::Bytes,
    }
}

/// The request bodies a caller must choose among: `ranked` split into
/// groups of media types that take the same value the same way (the same
/// encoding and, but for raw bytes, which take any schema as bytes, the
/// same schema: equal as written, or the same `$ref`). Each group is led by
/// its preferred media type; the others only document it.
pub(crate) fn distinct<'c>(ranked: Vec<Choice<'c>>) -> Vec<(Choice<'c>, Vec<&'c str>)> {
    let mut groups: Vec<(Choice<'c>, Vec<&'c str>)> = Vec::new();
    for choice in ranked {
        let same = groups.iter_mut().find(|(lead, _)| {
            lead.encoding == choice.encoding
                && (choice.encoding == BodyEncoding::Bytes
                    || schema_key(lead.media) == schema_key(choice.media))
        });
        match same {
            Some((_, others)) => others.push(choice.key),
            None => groups.push((choice, Vec::new())),
        }
    }
    groups
}

/// A media type's schema as a comparable value.
fn schema_key(media: &MediaType) -> Option<serde_json::Value> {
    media
        .schema
        .as_ref()
        .and_then(|s| serde_json::to_value(s).ok())
}

/// The variant name of a body in its operation's choice: its encoding's
/// (`Json`, `Form`, `Bytes`, `Multipart`, `Text`).
pub(crate) fn variant_name(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::Json => "Json",
        BodyEncoding::Form => "Form",
        BodyEncoding::Bytes => "Bytes",
        BodyEncoding::Multipart => "Multipart",
        BodyEncoding::Text => "Text",
        BodyEncoding::Empty => "Empty",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(yaml: &[(&str, serde_json::Value)]) -> IndexMap<String, MediaType> {
        yaml.iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::from_value(v.clone()).unwrap()))
            .collect()
    }

    #[test]
    fn bodies_differ_by_schema_or_encoding_family() {
        let note = serde_json::json!({"schema": {"$ref": "#/components/schemas/Note"}});
        let form = serde_json::json!({"schema": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}}});
        let c = content(&[
            ("multipart/form-data", form),
            ("application/xml", note.clone()),
            ("text/json", note.clone()),
            ("application/json", note),
            ("application/octet-stream", serde_json::json!({})),
            (
                "image/png",
                serde_json::json!({"schema": {"type": "string"}}),
            ),
        ]);
        let groups = distinct(ranked(&c));
        let led: Vec<(&str, &[&str])> = groups.iter().map(|(c, o)| (c.key, o.as_slice())).collect();
        assert_eq!(
            led,
            [
                ("application/json", &["text/json"][..]),
                (
                    "application/octet-stream",
                    &["application/xml", "image/png"][..]
                ),
                ("multipart/form-data", &[][..]),
            ]
        );
    }
}
