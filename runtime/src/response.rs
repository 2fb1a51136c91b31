//! [`Response`]: a buffered response and its conversions into results and errors.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap};
use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::error::{
    body_len, ApiError, DebugHeaders, DecodeError, Error, RawResponse, ResponseParts,
};
use crate::metadata::{self, RequestIdSource};
use crate::secret::Scrub;
use crate::sse::Resend;
use crate::stream::{ByteStream, StreamSlot};

/// A buffered response: status, headers and the whole body.
///
/// `Debug` shows the status, the headers (sensitive values such as `set-cookie` as
/// `[redacted]`, see [`RawResponse`]) and the body's length, never its content.
#[derive(Clone)]
pub struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// How many attempts the call took to get it.
    pub(crate) attempts: u32,
    /// Where the operation's responses carry the provider's request id.
    pub(crate) request_id_source: Option<RequestIdSource>,
    /// The URL it came from, kept for a redirect (its `Location` may be relative).
    pub(crate) url: Option<url::Url>,
    pub(crate) scrub: Scrub,
    /// A success body left unread (the request asked to stream it): `body` is empty.
    pub(crate) stream: Option<StreamSlot>,
    /// What an event stream needs to reconnect (the request asked for events).
    pub(crate) resend: Option<Arc<Resend>>,
}

impl Response {
    /// Builds a response from its parts (useful to test generated code without a server).
    /// `set-cookie` values are marked sensitive.
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Self::received(status, headers, body.into(), 1, Scrub::default())
    }

    pub(crate) fn received(
        status: StatusCode,
        mut headers: HeaderMap,
        body: Bytes,
        attempts: u32,
        scrub: Scrub,
    ) -> Self {
        // `entry` would allocate an empty map's table: look first.
        if headers.contains_key(header::SET_COOKIE) {
            if let header::Entry::Occupied(mut cookies) = headers.entry(header::SET_COOKIE) {
                for value in cookies.iter_mut() {
                    value.set_sensitive(true);
                }
            }
        }
        Response {
            status,
            headers,
            body,
            attempts,
            request_id_source: None,
            url: None,
            scrub,
            stream: None,
            resend: None,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// How many attempts the call took to get this response.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The provider's request id: from the body property the operation declares for it
    /// (see [`Request::request_id`](crate::Request::request_id)), else from a common
    /// request id header (`x-request-id`, `request-id`, …).
    pub fn request_id(&self) -> Option<String> {
        metadata::request_id(self.request_id_source, &self.headers, &self.body)
    }

    /// Decodes a success body as JSON into `T`.
    ///
    /// An empty (or all-whitespace) body decodes as JSON `null`, so `()` and `Option`
    /// targets accept it. Failure gives [`Error::Decode`] with the path of the offending
    /// value (e.g. `items[0].created_at`) and the raw body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        match decode_json(&self.body) {
            Ok(value) => Ok(value),
            Err(failure) => Err(Error::Decode(self.into_decode_error(failure))),
        }
    }

    /// A success body as UTF-8 text; invalid UTF-8 gives [`Error::Decode`].
    pub fn text<E>(self) -> Result<String, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => {
                let failure = (".".to_owned(), format!("invalid UTF-8: {e}"));
                Err(Error::Decode(self.into_decode_error(failure)))
            }
        }
    }

    /// The body as a stream: the unread body of a streamed success (see
    /// [`Request::stream_success`](crate::Request::stream_success)), else the buffered
    /// body as one chunk. A clone of the response that streamed first leaves an empty one.
    pub fn stream(self) -> ByteStream {
        match &self.stream {
            Some(slot) => slot
                .take()
                .unwrap_or_else(|| ByteStream::from(Bytes::new())),
            None => ByteStream::from(self.body),
        }
    }

    /// The raw body.
    pub fn bytes(self) -> Bytes {
        self.body
    }

    /// A documented error status with a JSON body: decodes it as `T` and wraps it with
    /// `wrap` into [`Error::Api`].
    ///
    /// A body that is not that error is [`Error::UnexpectedStatus`] with
    /// [`RawResponse::body_error`] saying why: it does not decode as `T` (an HTML page from
    /// a gateway, an empty body), or `T` is an object type with the properties
    /// `properties` and the body is an object with none of them (`{}` from a proxy, some
    /// other service's error).
    pub fn api_error<T: DeserializeOwned, E>(
        self,
        properties: &[&str],
        wrap: fn(T) -> E,
    ) -> Error<E> {
        // Every operation instantiates this: the work is in functions generic
        // over `T` alone, or over nothing.
        match self.documented_error::<T>(properties) {
            Ok(value) => self.into_api_error(wrap(value)),
            Err(why) => self.not_documented(why),
        }
    }

    /// The documented error body, or why the body is not it.
    fn documented_error<T: DeserializeOwned>(&self, properties: &[&str]) -> Result<T, String> {
        match decode_json::<T>(&self.body) {
            Ok(value) => match self.undocumented_error(properties) {
                None => Ok(value),
                Some(why) => Err(why),
            },
            Err(failure) => Err(self.undecodable_error(failure)),
        }
    }

    /// A documented error status with a text body: [`Error::Api`] holding `wrap(text)`;
    /// invalid UTF-8 gives [`Error::UnexpectedStatus`].
    pub fn api_error_text<E>(self, wrap: fn(String) -> E) -> Error<E> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                let text = text.to_owned();
                self.into_api_error(wrap(text))
            }
            Err(e) => self.not_documented(format!("invalid UTF-8: {e}")),
        }
    }

    /// A documented error status without a (meaningful) body: [`Error::Api`] holding `error`.
    pub fn api_error_empty<E>(self, error: E) -> Error<E> {
        self.into_api_error(error)
    }

    /// A status the spec does not declare: [`Error::UnexpectedStatus`].
    pub fn unexpected<E>(self) -> Error<E> {
        self.raw(None)
    }

    fn not_documented<E>(self, why: String) -> Error<E> {
        self.raw(Some(why))
    }

    fn raw<E>(self, body_error: Option<String>) -> Error<E> {
        Error::UnexpectedStatus(Box::new(self.into_raw(body_error)))
    }

    fn into_api_error<E>(self, error: E) -> Error<E> {
        Error::Api(Box::new(ApiError {
            response: ResponseParts::of(self),
            error,
        }))
    }

    /// What every error keeps of the response; not generic, so that the
    /// generic conversions into [`Error`] stay small.
    pub(crate) fn into_raw(self, body_error: Option<String>) -> RawResponse {
        RawResponse {
            response: ResponseParts::of(self),
            body_error,
        }
    }

    fn into_decode_error(self, (path, message): (String, String)) -> Box<DecodeError> {
        Box::new(DecodeError::new(self, path, message))
    }

    /// Why an error body that decoded as the documented type is still not that
    /// error: an object with none of the type's `properties` (`{}` from a proxy,
    /// some other service's error).
    fn undocumented_error(&self, properties: &[&str]) -> Option<String> {
        if properties.is_empty() {
            return None;
        }
        let keys = serde_json::from_slice::<BTreeMap<String, IgnoredAny>>(&self.body).ok()?;
        if keys.keys().any(|key| properties.contains(&key.as_str())) {
            None
        } else {
            Some("it has none of the documented error's properties".to_owned())
        }
    }

    /// Why an error body did not decode as the documented type, without the
    /// body's values (they may be anything, secrets included).
    fn undecodable_error(&self, (path, message): (String, String)) -> String {
        if is_blank(&self.body) {
            return "the body is empty".to_owned();
        }
        let message = crate::error::without_values(&message);
        if path.is_empty() || path == "." {
            message
        } else {
            format!("at `{path}`: {message}")
        }
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.scrub.fmt(f, |f| {
            f.debug_struct("Response")
                .field("status", &self.status)
                .field("headers", &DebugHeaders(&self.headers))
                .field("body", &body_len(&self.body))
                .field("attempts", &self.attempts)
                .finish()
        })
    }
}

/// Decodes JSON, reporting `(path, message)` on failure.
///
/// Plain `serde_json`: tracking the path while decoding costs an allocation
/// per object key and more than doubles the decode time, so only a body that
/// fails is looked at again, to say where ([`crate::json_path`]). Instantiated
/// once per decoded type: all but the decoding itself is in [`json_input`] and
/// [`located`].
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, String)> {
    let input = json_input(body);
    match serde_json::from_slice(input) {
        Ok(value) => Ok(value),
        Err(error) => Err(located(input, &error)),
    }
}

/// The bytes to decode: an empty (or all-whitespace) body reads as `null`.
fn json_input(body: &[u8]) -> &[u8] {
    if is_blank(body) {
        b"null"
    } else {
        body
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// The path in `input` where decoding failed, and serde_json's message.
fn located(input: &[u8], error: &serde_json::Error) -> (String, String) {
    let path = crate::json_path::at(input, error.line(), error.column());
    (path, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn response(status: u16, body: &'static str) -> Response {
        Response::from_parts(
            StatusCode::from_u16(status).unwrap(),
            HeaderMap::new(),
            body,
        )
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Event {
        timestamp: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Session {
        events: Vec<Event>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Sessions {
        link_sessions: Vec<Session>,
    }

    #[test]
    fn decode_error_has_path_and_body() {
        let body = r#"{"link_sessions":[{"events":[{"timestamp":"a"},{"timestamp":"b"},{"timestamp":3}]}]}"#;
        let err = response(200, body)
            .json::<Sessions, Infallible>()
            .unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(d.path, "link_sessions[0].events[2].timestamp");
        assert!(
            d.detail.starts_with("invalid type: integer `3`"),
            "{}",
            d.detail
        );
        assert!(
            d.message.starts_with("invalid type: integer, expected"),
            "{}",
            d.message
        );
        assert_eq!(d.body, body.as_bytes());
        assert!(err.to_string().starts_with(
            "could not decode the body of the 200 OK response at `link_sessions[0].events[2].timestamp`: invalid type: integer, expected"
        ));

        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Count {
            n: i64,
        }
        let err = response(200, r#"{"n":"leaked-value"}"#)
            .json::<Count, Infallible>()
            .unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("leaked-value"), "{text}");
        }
        assert!(
            err.to_string()
                .contains("invalid type: string, expected i64"),
            "{err}"
        );
    }

    #[test]
    fn empty_body_is_null_and_trailing_garbage_fails() {
        response(204, "").json::<(), Infallible>().unwrap();
        assert_eq!(
            response(200, " \n")
                .json::<Option<u8>, Infallible>()
                .unwrap(),
            None
        );
        let err = response(200, "1 2").json::<u8, Infallible>().unwrap_err();
        assert!(
            matches!(err, Error::Decode(ref d) if d.path == "."),
            "{err:?}"
        );
        assert_eq!(
            err.to_string().split(':').next(),
            Some("could not decode the body of the 200 OK response")
        );
    }

    #[test]
    fn error_conversions() {
        let code = |v: serde_json::Value| v["code"].as_str().unwrap_or_default().to_owned();
        let err = response(404, r#"{"code":"NOT_FOUND"}"#).api_error(&["code"], code);
        assert_eq!(err.api_error().map(String::as_str), Some("NOT_FOUND"));
        assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(err.to_string(), "server returned 404 Not Found: NOT_FOUND");
        assert!(err.was_sent());
        // Not the documented error: unexpected, with the reason.
        for (body, why) in [
            ("<html>nope</html>", "expected value at line 1 column 1"),
            ("", "the body is empty"),
            ("{}", "it has none of the documented error's properties"),
            (
                r#"{"other":1}"#,
                "it has none of the documented error's properties",
            ),
        ] {
            let err = response(502, body)
                .api_error::<BTreeMap<String, serde_json::Value>, String>(&["code"], |_| {
                    String::new()
                });
            let Error::UnexpectedStatus(raw) = &err else {
                panic!("{err:?}")
            };
            assert_eq!(raw.body_error.as_deref(), Some(why), "{body}");
            assert_eq!(raw.body, body.as_bytes());
            assert_eq!(
                err.to_string(),
                format!("server returned 502 Bad Gateway with a body that is not the documented error ({why})")
            );
        }
        let err = response(500, "boom").api_error_text(|t| t);
        assert_eq!(err.api_error().map(String::as_str), Some("boom"));
        let err = response(401, "").api_error_empty("unauthorized");
        assert_eq!(err.body().map(|b| b.len()), Some(0));
        let err = response(418, "tea").unexpected::<Infallible>();
        assert_eq!(
            err.to_string(),
            "server returned unexpected status 418 I'm a teapot"
        );
        assert_eq!(err.headers().map(HeaderMap::len), Some(0));
        assert_eq!(response(200, "hé").text::<Infallible>().unwrap(), "hé");
        let bad = Response::from_parts(StatusCode::OK, HeaderMap::new(), vec![0xff, 0xfe]);
        assert!(matches!(
            bad.clone().text::<Infallible>(),
            Err(Error::Decode(_))
        ));
        assert_eq!(bad.bytes().as_ref(), &[0xff, 0xfe]);
    }

    #[test]
    fn set_cookie_is_sensitive_and_debug_is_short() {
        let mut headers = HeaderMap::new();
        headers.append(header::SET_COOKIE, "a=s3cr3t".parse().unwrap());
        headers.append(header::SET_COOKIE, "b=s3cr3t".parse().unwrap());
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        let response = Response::from_parts(StatusCode::OK, headers, "s3cr3t body");
        assert!(response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .all(|v| v.is_sensitive()));
        let debug = format!("{response:?}");
        assert!(!debug.contains("s3cr3t"), "{debug}");
        assert!(debug.contains(r#"body: "<11 bytes>""#), "{debug}");
        assert!(debug.contains(r#""content-type": "text/plain""#), "{debug}");
    }
}
