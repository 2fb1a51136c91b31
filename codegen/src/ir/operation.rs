//! Operations: what one method of the generated `Client` sends and what it
//! decodes (HTTP method, path template, parameters, bodies, responses).

use super::{Deprecation, PathTemplate, RequestBody, TypeRef};

/// One operation: one method of the generated `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name (snake_case), unique on `Client`.
    pub method_name: String,
    /// Name of the type the method returns (`CheckConnectionTokenCall`): a
    /// call ready to send, with a chainable setter per optional parameter
    /// and for an optional body. Every operation has one, so an operation's
    /// first optional parameter adds a method, not a type.
    pub call_type: String,
    /// Name of the enum of documented error responses
    /// (`CheckConnectionTokenError`), one variant per non-success response.
    pub error_type: String,
    /// Name of the enum of success responses, when there are several with
    /// different bodies; `None` means the one success body type (or `()`) is
    /// returned directly.
    pub success_type: Option<String>,
    /// `operationId`, if the spec gives one.
    pub operation_id: Option<String>,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template as in the spec (`/users/{user_id}`), parsed.
    pub path: PathTemplate,
    /// JSON pointer of the operation (`#/paths/~1users/get` without `#`).
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`, with the reason the description gives.
    pub deprecated: Option<Deprecation>,
    /// Path-item and operation parameters merged (operation wins), path
    /// parameters first in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// Declared responses: explicit codes ascending, then ranges, then
    /// `default`.
    pub responses: Vec<Response>,
    /// Security alternatives (any one suffices), each a list of scheme keys
    /// that must all be applied. `[]`: no auth. `[[]]`-style empty
    /// alternatives mean "anonymous is allowed".
    pub security: Vec<Vec<String>>,
    /// Declared safe to repeat (in `providers.toml` or by
    /// `x-linkgen-retry-safe: true`), whatever the HTTP method: retried like
    /// a `GET`.
    pub retry_safe: bool,
    /// The top-level property of the JSON success body that carries the
    /// provider's request id (`request_id`), when the spec has one.
    pub request_id_field: Option<String>,
    /// The response header that carries the provider's request id, as the
    /// spec declares it (`X-Request-Id`), when no body property does.
    pub request_id_header: Option<String>,
    /// The headers its responses declare, typed: one `{Op}Headers` struct;
    /// `None` when they declare none.
    pub headers: Option<super::ResponseHeaders>,
    /// Its one success body is raw bytes or events: the call returns it as a
    /// `linkgen_runtime::ByteStream` or `EventStream`, read as it arrives, not
    /// buffered.
    pub stream_success: bool,
    /// The cargo feature that compiles it (from its first tag); `None`: always
    /// compiled (an untagged operation, or an API that is not gated).
    pub feature: Option<String>,
    /// The `Accept` header it sends: the JSON media types its responses
    /// document (successes first), when it decodes JSON; `None`: no `Accept`.
    pub accept: Option<String>,
    /// Its own server's URL (its `servers`, else its path item's; the first,
    /// variables at their defaults): sent there rather than to the client's
    /// base URL, by the runtime's override rule. `None`: the base URL.
    pub server: Option<String>,
    /// How it pages, when it returns one page of a list: its call type then
    /// has `pages()` and `items()`.
    pub paging: Option<super::Paging>,
}

impl Operation {
    /// The path parameters, in template order (the method's positional
    /// arguments).
    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
    }

    /// The positional arguments of the method besides the body: the path
    /// parameters, then the required query, header and cookie parameters.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.path_params().chain(
            self.params
                .iter()
                .filter(|p| p.required && p.location != ParamLocation::Path),
        )
    }

    /// The optional query, header and cookie parameters: one setter each on
    /// [`Operation::call_type`].
    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.required)
    }

    /// The success responses.
    pub fn successes(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.success)
    }

    /// The documented error responses.
    pub fn errors(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| !r.success)
    }

    /// The status a test kit answers with to stand for `response`: its code;
    /// else the first status it covers that no more specific response
    /// claims (beside a `404`, a `4XX` stands as `400`; an error `default`
    /// as the first free 4xx, 5xx, then 6xx), so the client routes the
    /// answer back to `response`.
    pub fn answer_status(&self, response: &Response) -> u16 {
        // An error `default` beside `4XX` and `5XX` still covers the rest of
        // what HTTP allows (600–999), which the client routes to it.
        let candidates = match response.covers {
            StatusMatch::Code(code) => return code,
            StatusMatch::Range(n) => u16::from(n) * 100..u16::from(n) * 100 + 100,
            StatusMatch::Default => 400..1000,
        };
        let rank = |s: StatusMatch| match s {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        };
        let claimed = |code: u16| {
            (self.responses.iter())
                .filter(|r| rank(r.covers) < rank(response.covers))
                .any(|r| match r.covers {
                    StatusMatch::Code(c) => c == code,
                    StatusMatch::Range(n) => u16::from(n) == code / 100,
                    StatusMatch::Default => true,
                })
        };
        let first = candidates.start;
        candidates
            .into_iter()
            .find(|&c| !claimed(c))
            .unwrap_or(first)
    }

    /// Whether some response is a success. When none is, any 2xx status
    /// still means the call worked: it returns `()`.
    pub fn declares_success(&self) -> bool {
        self.successes().next().is_some()
    }

    /// The redirect statuses the runtime would follow that this operation
    /// documents (by code or by `3XX`): they are its answers, to decode, not
    /// to follow (Nexus' login answers `303` with its session).
    pub fn no_follow(&self) -> Vec<u16> {
        FOLLOWED_REDIRECTS
            .into_iter()
            .filter(|code| {
                self.responses.iter().any(|r| match r.status {
                    StatusMatch::Code(c) => c == *code,
                    StatusMatch::Range(n) => n == 3,
                    StatusMatch::Default => false,
                })
            })
            .collect()
    }
}

/// The redirect statuses the runtime follows (within the origin) unless the
/// operation documents them; the ones a success [`ResponseBody::Redirect`]
/// is made for.
pub const FOLLOWED_REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust identifier (snake_case), unique within the operation.
    pub name: String,
    /// Name of its chainable setter on the operation's call type
    /// (snake_case, unique among that type's methods: see
    /// `naming::call_setter_idents`); empty for a required parameter, which
    /// is a positional argument of the method.
    pub setter: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Value type, without the `Option` that optionality adds.
    pub ty: TypeRef,
    /// `required: true` (always true for path parameters).
    pub required: bool,
    /// Serialization style.
    pub style: ParamStyle,
    /// `explode` (defaults applied: true for `form`, false otherwise).
    pub explode: bool,
    /// Description, raw.
    pub doc: Option<String>,
    /// `deprecated: true`, with the reason the description gives.
    pub deprecated: Option<Deprecation>,
    /// Holds a credential-like value (same rule as [`Field::secret`](super::Field::secret)):
    /// redacted in the `Debug` of the parameters struct.
    pub secret: bool,
    /// A value meeting the schema, as JSON, for the wire driver of `cargo
    /// xtask corpus --wire` (a validating mock server checks patterns,
    /// formats and bounds): the spec's example, default or first enum
    /// value, else one generated from the constraints (`lower/sample.rs`).
    /// `None` when nothing constrains the value. Never rendered into a
    /// generated crate.
    pub sample: Option<super::Sample>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl ParamLocation {
    /// Its name in the spec's `in` field (`query`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// OpenAPI parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path and header default).
    Simple,
    /// `form` (query and cookie default).
    Form,
    /// `label` (`.value`, path only).
    Label,
    /// `matrix` (`;name=value`, path only).
    Matrix,
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject` (`name[key]=value`).
    DeepObject,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A range: `4` for `4XX`.
    Range(u8),
    /// `default`: any status not otherwise declared.
    Default,
}

impl StatusMatch {
    /// A 2xx code or the `2XX` range.
    pub fn is_2xx(self) -> bool {
        self.class() == Some(2)
    }

    /// The first digit of a code or range (`4` for `404` and `4XX`);
    /// `None` for `default`.
    pub fn class(self) -> Option<u8> {
        match self {
            StatusMatch::Code(code) => u8::try_from(code / 100).ok(),
            StatusMatch::Range(n) => Some(n),
            StatusMatch::Default => None,
        }
    }

    /// The class of an operation's successes, from all its declared
    /// statuses: `2` when it declares some 2xx; else `3` when it declares
    /// some 3xx (its answer is a redirect: an archive download's
    /// `Location`, a login's `303`); else `None`, and `default` stands for
    /// success.
    pub fn success_class(statuses: impl IntoIterator<Item = StatusMatch>) -> Option<u8> {
        let classes: Vec<Option<u8>> = statuses.into_iter().map(StatusMatch::class).collect();
        [2, 3].into_iter().find(|c| classes.contains(&Some(*c)))
    }

    /// Whether a response declared for `self` is a success, in an operation
    /// whose successes are of `class` ([`StatusMatch::success_class`]).
    pub fn is_success(self, class: Option<u8>) -> bool {
        match class {
            Some(class) => self.class() == Some(class),
            None => self == StatusMatch::Default,
        }
    }

    /// `404`, `4XX`, `default`: its key in the spec's `responses`, also how
    /// `API.md` writes it.
    pub fn key(self) -> String {
        match self {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(n) => format!("{n}XX"),
            StatusMatch::Default => "default".into(),
        }
    }

    /// `status 404`, `status 4XX`, `any other status`: how docs and errors
    /// name it.
    pub fn describe(self) -> String {
        match self {
            StatusMatch::Code(code) => format!("status {code}"),
            StatusMatch::Range(n) => format!("status {n}XX"),
            StatusMatch::Default => "any other status".into(),
        }
    }

    /// What a response declared for `self` covers: a success `default`
    /// covers the 2xx statuses only (an undeclared 4xx stays unexpected).
    pub fn covered(self, success: bool) -> StatusMatch {
        match self {
            StatusMatch::Default if success => StatusMatch::Range(2),
            status => status,
        }
    }
}

/// What a response body decodes to.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// Nothing (no content, a status that has no body, or a `null` schema).
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// Text, a `String`.
    Text,
    /// Raw bytes, `linkgen_runtime::Bytes`.
    Bytes,
    /// A success redirect (one of [`FOLLOWED_REDIRECTS`], or `3XX`): its
    /// `Location`, `linkgen_runtime::Redirect`, which the caller may follow.
    /// The body, if any, is not read.
    Redirect,
    /// A `text/event-stream` success, `linkgen_runtime::EventStream<T>`: each
    /// event's data decoded as JSON of this type, or (`None`: no schema, or a
    /// string one) its text as sent.
    Events(Option<TypeRef>),
}

impl Operation {
    /// Whether its success is a stream of server-sent events.
    pub fn events(&self) -> bool {
        self.successes()
            .any(|r| matches!(r.body, ResponseBody::Events(_)))
    }
}

impl ResponseBody {
    /// The type a JSON body decodes to.
    pub fn json_type(&self) -> Option<&TypeRef> {
        match self {
            ResponseBody::Json(ty) => Some(ty),
            ResponseBody::Empty
            | ResponseBody::Text
            | ResponseBody::Bytes
            | ResponseBody::Redirect
            | ResponseBody::Events(_) => None,
        }
    }

    /// The type of the values the body holds: a JSON body's, or the data of
    /// typed events (what makes a type reachable from a response).
    pub fn value_type(&self) -> Option<&TypeRef> {
        match self {
            ResponseBody::Events(Some(ty)) => Some(ty),
            body => body.json_type(),
        }
    }
}

/// The HTTP methods an operation can have: the eight operation fields of an
/// OpenAPI 3.0/3.1 path item. (3.2's `query` and `additionalOperations` are
/// not supported: `normalize` keeps them as `x-` extensions, with a warning.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item's operations are emitted.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// Upper case, as sent (`GET`); also the name of its
    /// `linkgen_runtime::Method` constant.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The path item field that holds it (`get`), the last segment of the
    /// operation's JSON pointer.
    pub fn field(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method of a name, ASCII case ignored (`get`, `GET`); `None` for
    /// any other (`QUERY`, `CONNECT`, custom methods).
    pub fn parse(name: &str) -> Option<HttpMethod> {
        HttpMethod::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it is declared for (its key in `responses`).
    pub status: StatusMatch,
    /// The statuses the decoder routes to it: `status`, except that a
    /// success `default` covers the 2xx statuses only (anything else
    /// undeclared is unexpected): [`StatusMatch::covered`].
    pub covers: StatusMatch,
    /// Whether it is a success (2xx; else, in an operation that declares
    /// none, 3xx; `default` counts as success only when the operation
    /// declares neither): [`StatusMatch::success_class`].
    pub success: bool,
    /// Variant name in the operation's error or response enum
    /// (`BadRequest`, `NotFound`, `Status418`, `ClientError`, `Default`).
    pub variant: String,
    /// `description`.
    pub description: Option<String>,
    /// What its body decodes to.
    pub body: ResponseBody,
    /// The spec's example of its JSON body, as JSON text: the media type's
    /// `example` (or first of its `examples`), else its schema's `example`.
    /// A crate's test kit answers with it when a test queued nothing.
    pub example: Option<String>,
    /// Error responses whose body is an object: the fields that hold the
    /// provider's machine-readable code and its message, which the error's
    /// `Display` shows.
    pub summary: ErrorSummary,
}

/// The fields of an error body a person reads first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorSummary {
    /// Rust names of the fields holding codes (`error_type`, `error_code`),
    /// broadest first.
    pub codes: Vec<String>,
    /// Rust name of the field holding the message (`error_message`,
    /// `message`, `errors`…).
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_round_trip_in_emission_order() {
        let names: Vec<&str> = HttpMethod::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(
            names,
            ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
        );
        for m in HttpMethod::ALL {
            assert_eq!(HttpMethod::parse(m.as_str()), Some(m));
            assert_eq!(HttpMethod::parse(m.field()), Some(m));
            assert_eq!(m.field().to_ascii_uppercase(), m.to_string());
        }
        assert_eq!(HttpMethod::parse("Patch"), Some(HttpMethod::Patch));
        // OpenAPI 3.2's `query` and custom methods have no operation here.
        for other in ["QUERY", "query", "CONNECT", "PURGE", "", "GET "] {
            assert_eq!(HttpMethod::parse(other), None, "{other}");
        }
    }

    #[test]
    fn success_is_2xx_and_a_success_default_covers_only_2xx() {
        for (status, is_2xx) in [
            (StatusMatch::Code(200), true),
            (StatusMatch::Code(299), true),
            (StatusMatch::Code(199), false),
            (StatusMatch::Code(300), false),
            (StatusMatch::Range(2), true),
            (StatusMatch::Range(4), false),
            (StatusMatch::Default, false),
        ] {
            assert_eq!(status.is_2xx(), is_2xx, "{status:?}");
            assert_eq!(status.covered(false), status);
        }
        assert!(StatusMatch::Default.is_success(None));
        assert!(!StatusMatch::Default.is_success(Some(2)));
        assert!(StatusMatch::Code(204).is_success(Some(2)));
        assert!(!StatusMatch::Code(404).is_success(None));
        assert!(!StatusMatch::Code(302).is_success(Some(2)));
        assert!(StatusMatch::Code(302).is_success(Some(3)));
        assert!(StatusMatch::Range(3).is_success(Some(3)));
        let class = |statuses: &[StatusMatch]| StatusMatch::success_class(statuses.iter().copied());
        assert_eq!(
            class(&[StatusMatch::Code(302), StatusMatch::Code(200)]),
            Some(2)
        );
        assert_eq!(
            class(&[StatusMatch::Code(303), StatusMatch::Range(4)]),
            Some(3)
        );
        assert_eq!(class(&[StatusMatch::Range(4), StatusMatch::Default]), None);
        assert_eq!(StatusMatch::Default.covered(true), StatusMatch::Range(2));
        assert_eq!(StatusMatch::Code(201).covered(true), StatusMatch::Code(201));
        assert_eq!(StatusMatch::Code(404).describe(), "status 404");
        assert_eq!(StatusMatch::Range(5).describe(), "status 5XX");
        assert_eq!(StatusMatch::Default.describe(), "any other status");
    }

    #[test]
    fn only_a_json_body_has_a_type() {
        assert_eq!(
            ResponseBody::Json(TypeRef::Bool).json_type(),
            Some(&TypeRef::Bool)
        );
        for body in [
            ResponseBody::Empty,
            ResponseBody::Text,
            ResponseBody::Bytes,
            ResponseBody::Redirect,
        ] {
            assert_eq!(body.json_type(), None, "{body:?}");
        }
    }
}
