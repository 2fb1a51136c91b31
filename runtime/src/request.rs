//! [`Request`]: a request under construction.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use crate::body::Body;
use crate::metadata::RequestIdSource;
use crate::multipart::Multipart;
use crate::options::CallOptions;
use crate::params::{cookie_pair, encode_cookie_name, header_text, query_pieces, Style};
use crate::query::Query;
use crate::retry::RetryPolicy;

/// A request under construction, made by [`Core::request`](crate::Core::request) and sent
/// with [`Core::send`](crate::Core::send).
///
/// Clone-able so it can be retried: bodies are buffered, except a streamed [`Body`], which
/// a clone shares and which is sent once. Serialization failures inside
/// the parameter and body methods (rare: a map with non-string keys, a header value with a
/// line break) are stored and reported by `send` as
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest), never a panic. `Debug` shows no
/// parameter values, headers or body.
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    /// The spec's path template (`/users/{id}`): what traces show, never the filled path.
    pub(crate) template: &'static str,
    /// The generated crate and the operation's method (`plaid-client`, `link_token_get`):
    /// what the call's span names; `None` for a request built by hand.
    pub(crate) operation: Option<(&'static str, &'static str)>,
    /// Borrowed when it is the template (a path without parameters).
    pub(crate) path: Cow<'static, str>,
    pub(crate) security: &'static [&'static [&'static str]],
    /// The encoded query string, and which parameter wrote which part of it.
    pub(crate) query: Query,
    pub(crate) headers: HeaderMap,
    /// Encoded `name=value` cookie pairs.
    pub(crate) cookies: Vec<String>,
    /// The body and its `Content-Type` (a multipart one names its boundary).
    pub(crate) body: Option<(Cow<'static, str>, Body)>,
    /// The caller's `Content-Type` for the body, instead of the documented one (a body
    /// documented as `*/*`).
    pub(crate) content_type: Option<String>,
    /// Whether a 2xx response's body is left unread for the caller to stream
    /// ([`Response::stream`](crate::Response::stream)) rather than read under the cap.
    pub(crate) stream_success: bool,
    /// A `text/event-stream` success: `send` keeps a copy of the request so the
    /// [`EventStream`](crate::EventStream) can reconnect.
    pub(crate) events: bool,
    pub(crate) accept: Option<&'static str>,
    /// Redirect statuses the operation documents: returned, not followed.
    pub(crate) no_follow: &'static [u16],
    /// The operation's own server URL, as the spec gives it; `None`: the base URL.
    pub(crate) server: Option<&'static str>,
    /// A whole URL to send to instead of base + path (a [`Redirect`](crate::Redirect)
    /// being followed).
    pub(crate) target: Option<url::Url>,
    /// Whether repeating the request is harmless; `None`: decided by the method.
    pub(crate) retry_safe: Option<bool>,
    /// What the caller sets on this call (timeouts, retries, idempotency key), apart
    /// from what the operation's request is.
    pub(crate) options: CallOptions,
    pub(crate) request_id: Option<RequestIdSource>,
    pub(crate) error: Option<String>,
}

impl Request {
    pub(crate) fn new(method: Method, template: &'static str, path: Cow<'static, str>) -> Self {
        Request {
            method,
            template,
            operation: None,
            path,
            security: &[],
            query: Query::default(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            content_type: None,
            stream_success: false,
            events: false,
            accept: None,
            no_follow: &[],
            server: None,
            target: None,
            retry_safe: None,
            options: CallOptions::default(),
            request_id: None,
            error: None,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path (relative to the base URL), parameters already substituted.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The spec's path template, e.g. `/users/{id}`.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// Security alternatives: the first alternative whose schemes all have a configured
    /// credential is applied (all its schemes). `&[]` = no auth. An empty alternative `&[]`
    /// inside the list = anonymous allowed (used when no other alternative is satisfied).
    /// If the list is non-empty, holds no empty alternative and no alternative is
    /// satisfied, `send` fails with [`Error::MissingCredentials`] before sending anything.
    ///
    /// [`Error::MissingCredentials`]: crate::Error::MissingCredentials
    pub fn security(&mut self, alternatives: &'static [&'static [&'static str]]) {
        self.security = alternatives;
    }

    /// Sets a query parameter serialized per `style` (`Form`, `SpaceDelimited`,
    /// `PipeDelimited` or `DeepObject`) and `explode`, replacing the value set before
    /// under the same name. Scalars, arrays, maps and structs work; `None` / unit add
    /// nothing.
    pub fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) {
        if let Err(e) = self.query.set(name, value, style, explode) {
            self.fail(format!("could not serialize parameter `{name}`: {e}"));
        }
    }

    /// The value a scalar query parameter was set to, decoded (`None`: not set, or set to
    /// several pieces, an array or an object): how a pager reads the offset, page number
    /// or page size the caller chose.
    pub(crate) fn query_value(&self, name: &str) -> Option<String> {
        self.query.value(name)
    }

    /// Sets a header parameter (`simple` style, not exploded: scalar → text; array →
    /// comma-joined; object → `k,v,…`). `None` adds nothing.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.header_exploded(name, value, false);
    }

    /// Sets a header parameter in `simple` style with `explode`: scalar → text; array →
    /// comma-joined (`blue,black`) either way; object → `R=100,G=200` when exploded,
    /// `R,100,G,200` otherwise. `None` adds nothing.
    pub fn header_exploded<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, explode: bool) {
        let Some(text) = self
            .value_of(name, value)
            .as_ref()
            .and_then(|value| header_text(value, explode))
        else {
            return;
        };
        self.insert_header(name, &text, false);
    }

    /// Sets a cookie parameter (`form` style; arrays comma-joined), replacing the value
    /// set before under the same name. `None` adds nothing.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let prefix = format!("{}=", encode_cookie_name(name));
        self.cookies.retain(|pair| !pair.starts_with(&prefix));
        if let Some(pair) = self
            .value_of(name, value)
            .as_ref()
            .and_then(|v| cookie_pair(name, v))
        {
            self.cookies.push(pair);
        }
    }

    /// Sets a JSON body with the given `Content-Type`.
    pub fn json<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((Cow::Borrowed(content_type), Body::from(bytes))),
            Err(e) => self.fail(format!("could not serialize the request body: {e}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from a struct or map: each property
    /// is `form`-exploded (arrays repeat the name) and nested objects use `deepObject`
    /// brackets (`a[b]=c`); `None` properties are left out.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        self.form_with(body, |_, value| {
            let style = if value.is_object() {
                Style::DeepObject
            } else {
                Style::Form
            };
            (style, true)
        });
    }

    /// Sets an `application/x-www-form-urlencoded` body from a struct or map by OpenAPI's
    /// rules: each property `form`-exploded (arrays repeat the name, an object's
    /// properties become pairs of their own), unless `styles` gives it another style and
    /// `explode` (the body's `encoding`: `deepObject` writes `a[b]=c`); `None` properties
    /// are left out.
    pub fn form_styled<T: Serialize + ?Sized>(&mut self, body: &T, styles: &[(&str, Style, bool)]) {
        self.form_with(body, |name, _| {
            styles
                .iter()
                .find(|(n, _, _)| *n == name)
                .map_or((Style::Form, true), |(_, style, explode)| {
                    (*style, *explode)
                })
        });
    }

    /// The form body of `body`'s properties, each written in the style `style` gives it
    /// (from its name and value).
    fn form_with<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        style: impl Fn(&str, &Value) -> (Style, bool),
    ) {
        let map = match serde_json::to_value(body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return self.fail("a form body must be an object".to_owned()),
            Err(e) => return self.fail(format!("could not serialize the request body: {e}")),
        };
        let mut form = String::new();
        for (name, value) in &map {
            let (style, explode) = style(name, value);
            query_pieces(name, value, style, explode, &mut form);
        }
        self.body = Some((
            Cow::Borrowed("application/x-www-form-urlencoded"),
            Body::from(form),
        ));
    }

    /// Sets a raw body with the given `Content-Type`.
    pub fn bytes(&mut self, content_type: &'static str, body: impl Into<Bytes>) {
        self.body = Some((Cow::Borrowed(content_type), Body::from(body.into())));
    }

    /// Sets a raw body, bytes or a stream, with the given `Content-Type`. A streamed body
    /// is sent once: see [`Body`] for what that means for retries and redirects.
    pub fn body(&mut self, content_type: &'static str, body: impl Into<Body>) {
        self.body = Some((Cow::Borrowed(content_type), body.into()));
    }

    /// Sets a text body with the given `Content-Type`.
    pub fn text(&mut self, content_type: &'static str, body: impl Into<String>) {
        self.body = Some((Cow::Borrowed(content_type), Body::from(body.into())));
    }

    /// Sets a `multipart/form-data` body: the form's parts between a boundary of its own,
    /// which the `Content-Type` names. A part that cannot be written (a line break in a
    /// name) makes `send` fail with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    pub fn multipart(&mut self, form: Multipart) {
        match form.encode() {
            Ok((content_type, body)) => {
                self.body = Some((Cow::Owned(content_type), Body::from(body)))
            }
            Err(message) => self.fail(message),
        }
    }

    /// Sends the body with this `Content-Type` instead of the documented one (whichever
    /// is set first): for a body the operation documents as a range such as `*/*` or
    /// `image/*`, whose default is `application/octet-stream`.
    pub fn content_type(&mut self, content_type: impl Into<String>) {
        self.content_type = Some(content_type.into());
    }

    /// Leaves a success (2xx) response's body unread, for the decoder to hand over as a
    /// [`ByteStream`](crate::ByteStream) ([`Response::stream`](crate::Response::stream)):
    /// a download is never held in memory whole, and the size cap does not apply to it.
    /// Error responses are read as usual.
    pub fn stream_success(&mut self, stream: bool) {
        self.stream_success = stream;
    }

    /// Asks for a `text/event-stream` success: its body is left unread (as
    /// [`stream_success`](Request::stream_success) does) for
    /// [`Response::events`](crate::Response::events) or
    /// [`Response::event_text`](crate::Response::event_text), and `send` keeps a copy of
    /// this request so the [`EventStream`](crate::EventStream) can send it again, with
    /// `Last-Event-ID`, when the connection drops.
    pub fn event_stream(&mut self) {
        self.stream_success = true;
        self.events = true;
    }

    /// Names the generated crate and the operation's Rust method this request is a call of
    /// (`"plaid-client"`, `"link_token_get"`): the `crate` and `operation` fields of its
    /// `linkgen.call` span, so a log line says which client and call it is about.
    pub fn operation(&mut self, crate_name: &'static str, operation: &'static str) {
        self.operation = Some((crate_name, operation));
    }

    /// Sets the `Accept` header.
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    /// Redirect statuses (of those `send` follows: 301, 302, 303, 307, 308) that the
    /// operation documents: a response with one of them is the operation's answer, returned
    /// as it is rather than followed (a login answering `303 See Other` with its session
    /// cookie; following it would lead to a page that is not the operation's).
    pub fn no_follow(&mut self, statuses: &'static [u16]) {
        self.no_follow = statuses;
    }

    /// Sends the request to the operation's own server (its `servers` in the spec, e.g.
    /// an uploads host) instead of the client's base URL, unless the configuration
    /// redirects it: see [`ClientConfig::server_override`](crate::ClientConfig::server_override).
    pub fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Overrides the client's per-attempt timeout for this request.
    pub fn timeout(&mut self, timeout: Duration) {
        self.options.timeout = Some(timeout);
    }

    /// Bounds the whole call, retries and their waits included (overrides
    /// [`ClientConfig::total_timeout`](crate::ClientConfig::total_timeout)).
    pub fn total_timeout(&mut self, timeout: Duration) {
        self.options.total_timeout = Some(timeout);
    }

    /// Retries at most `max_retries` times, with the backoff of the policy set before
    /// (else `client`'s, the client's own).
    pub(crate) fn max_retries(&mut self, max_retries: u32, client: RetryPolicy) {
        let mut policy = self.options.retry_policy.unwrap_or(client);
        policy.max_retries = max_retries;
        self.retry_policy(policy);
    }

    /// Overrides the client's retry policy for this request.
    pub fn retry_policy(&mut self, policy: RetryPolicy) {
        self.options.retry_policy = Some(policy);
    }

    /// Says whether repeating this request is harmless, whatever its method: `true` for an
    /// operation that only reads although it is a `POST` (then it is retried like a
    /// `GET`), `false` to retry only what the server certainly did not act on (see
    /// [`RetryPolicy`]).
    pub fn retry_safe(&mut self, safe: bool) {
        self.retry_safe = Some(safe);
    }

    /// Sends this idempotency key (in the client's idempotency key header, by default
    /// `Idempotency-Key`) on every attempt of this call. The server can then carry the
    /// call out at most once, so it is retried like an idempotent one (unless
    /// [`Request::retry_safe`] says otherwise: an explicit `retry_safe` always wins).
    pub fn idempotency_key(&mut self, key: impl Into<String>) {
        self.options.idempotency_key = Some(key.into());
    }

    /// Where the operation's success responses carry the provider's request id.
    pub fn request_id(&mut self, source: RequestIdSource) {
        self.request_id = Some(source);
    }

    /// Adds a header of the caller's (per call), replacing any the request already has
    /// under that name. Its value is treated as sensitive (never shown in `Debug`). An
    /// invalid name or value makes `send` fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    pub fn extra_header(&mut self, name: &str, value: &str) {
        self.insert_header(name, value, true);
    }

    fn insert_header(&mut self, name: &str, text: &str, sensitive: bool) {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(format!("invalid header name `{name}`"));
        };
        match HeaderValue::from_str(text) {
            Ok(mut value) => {
                value.set_sensitive(sensitive);
                self.headers.insert(header, value);
            }
            Err(_) => self.fail(format!("invalid value for header `{name}`")),
        }
    }

    fn value_of<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(format!("could not serialize parameter `{name}`: {e}"));
                None
            }
        }
    }

    /// Records the first build error; `send` reports it.
    pub(crate) fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query_names = self.query.piece_names();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("security", &self.security)
            .field("query", &query_names)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("cookies", &self.cookies.len())
            .field("body", &self.body.as_ref().map(|(ct, b)| (ct, b)))
            .field("content_type", &self.content_type)
            .field("stream_success", &self.stream_success)
            .field("events", &self.events)
            .field("accept", &self.accept)
            .field("no_follow", &self.no_follow)
            .field("server", &self.server)
            .field("retry_safe", &self.retry_safe)
            .field("options", &self.options)
            .finish()
    }
}
