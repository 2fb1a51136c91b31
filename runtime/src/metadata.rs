//! What a success response says besides its body: [`ResponseMetadata`], and the
//! provider's request id.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::error::DebugHeaders;
use crate::response::Response;

/// The response headers that carry a provider's request id, in the order they are looked
/// up when the operation declares none (a declared one is found by the generator's rule,
/// `codegen`'s `lower::summaries::is_request_id_header`, which each of these meets).
const REQUEST_ID_HEADERS: [&str; 6] = [
    "x-request-id",
    "x-github-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
];

/// The status, headers and request id of a success response, and how many attempts the
/// call took. `Debug` redacts sensitive headers as [`RawResponse`](crate::RawResponse) does.
#[derive(Clone)]
#[non_exhaustive]
pub struct ResponseMetadata {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The provider's request id: from where the operation says it travels (the body's
    /// request id property where the spec has one, Plaid's `request_id`), else from a
    /// common request id header (`x-request-id`, `request-id`, …).
    pub request_id: Option<String>,
    /// How many attempts the call took.
    pub attempts: u32,
}

impl ResponseMetadata {
    /// The metadata of `response`, read before its body is decoded.
    pub(crate) fn of(response: &Response) -> Self {
        ResponseMetadata {
            status: response.status,
            headers: response.headers.clone(),
            request_id: response.request_id(),
            attempts: response.attempts,
        }
    }
}

impl fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMetadata")
            .field("status", &self.status)
            .field("headers", &DebugHeaders(&self.headers))
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// A decoded success value with its [`ResponseMetadata`]: what
/// [`Call::with_metadata`](crate::Call::with_metadata) gives.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WithMetadata<T> {
    /// The decoded response.
    pub value: T,
    /// Its status, headers and request id.
    pub metadata: ResponseMetadata,
}

impl<T> WithMetadata<T> {
    /// The value and the metadata, apart.
    pub fn into_parts(self) -> (T, ResponseMetadata) {
        (self.value, self.metadata)
    }
}

/// Where an operation's request id travels, as the spec says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestIdSource {
    /// A response header the spec declares (`X-Request-Id`).
    Header(&'static str),
    /// A top-level property of the JSON success body (`request_id`).
    BodyField(&'static str),
}

/// The request id from the common request id headers.
pub(crate) fn request_id_header(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .filter(|id| !id.is_empty())
}

/// The request id of a response, looked up as [`ResponseMetadata::request_id`] says.
pub(crate) fn request_id(
    source: Option<RequestIdSource>,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<String> {
    let declared = match source {
        Some(RequestIdSource::Header(name)) => headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        Some(RequestIdSource::BodyField(field)) => body_field(body, field),
        None => None,
    };
    declared
        .filter(|id| !id.is_empty())
        .or_else(|| request_id_header(headers).map(str::to_owned))
}

/// The string (or number) value of the top-level property `field` of a JSON object body,
/// skipping the rest without building it.
fn body_field(body: &[u8], field: &'static str) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    FieldSeed(field)
        .deserialize(&mut deserializer)
        .ok()
        .flatten()
}

struct FieldSeed(&'static str);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if found.is_none() && key == self.0 {
                found = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_sources() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_id(None, &headers, b"{}"), None);
        headers.insert("x-request-id", "hdr-1".parse().unwrap());
        headers.insert("x-req", "declared".parse().unwrap());
        let body = br#"{"a":{"request_id":"nested"},"request_id":"body-1","z":[1,2]}"#;
        assert_eq!(
            request_id(
                Some(RequestIdSource::BodyField("request_id")),
                &headers,
                body
            ),
            Some("body-1".to_owned())
        );
        assert_eq!(
            request_id(Some(RequestIdSource::Header("x-req")), &headers, body),
            Some("declared".to_owned())
        );
        // Not in the body (or not JSON): the common header.
        for body in [&b"{}"[..], b"<html>", b""] {
            assert_eq!(
                request_id(
                    Some(RequestIdSource::BodyField("request_id")),
                    &headers,
                    body
                ),
                Some("hdr-1".to_owned())
            );
        }
        assert_eq!(request_id(None, &headers, b""), Some("hdr-1".to_owned()));
    }
}
