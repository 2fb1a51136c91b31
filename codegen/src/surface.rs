//! The public API of a generated crate as a flat list of items: what each
//! crate's `API.md` lists, and what `cargo xtask api-diff` compares between
//! two versions of a spec.
//!
//! Built from the IR by the emitter (it knows the Rust types as written), so
//! an item's [`Item::path`] and [`Item::signature`] (typed: `signature.rs`)
//! are exactly what the crate exposes, while [`Item::origin`] names where the item comes from in
//! the spec, independently of Rust naming: two versions of an item are
//! matched by origin first, so a type renamed only because inline-schema
//! naming shifted is a rename, not a removal plus an addition.

use std::fmt;

pub mod signature;
pub mod wire;

pub use signature::{Arg, Method, Path, Receiver, Signature, Type};
pub use wire::Wire;

/// A crate's public API, items sorted by [`Item::path`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Every public item, sorted by path (unique).
    pub items: Vec<Item>,
}

/// One public item of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The Rust path in the crate, without the crate name:
    /// `types::LinkTokenGetRequest`, `types::LinkTokenGetRequest::client_id`
    /// (a field), `types::Status::Active` (an enum value),
    /// `Client::link_token_get` (an operation),
    /// `operations::CheckConnectionTokenParams::user_id` (a parameter),
    /// `operations::CheckConnectionTokenError::BadRequest` (an error),
    /// `Environment::Sandbox`, `ClientBuilder::client_id` (a credential).
    pub path: String,
    /// What kind of item it is.
    pub kind: Kind,
    /// Where it comes from in the spec, independent of Rust naming:
    ///
    /// - a type: the JSON pointer of its schema (`/components/schemas/Pet`,
    ///   or an inline schema's position);
    /// - a field: `{type origin}/properties/{wire name}`; an enum value:
    ///   `{type origin}/enum/{wire value}`; a union alternative:
    ///   `{type origin}/variant/{Rust variant name}`;
    /// - an operation: `{METHOD} {path template}` (so an `operationId`
    ///   rename is a method rename); its parameters
    ///   `{METHOD} {path}/parameters/{in}/{wire name}`, its body
    ///   `{METHOD} {path}/body`, its responses `{METHOD} {path}/responses/{status}`
    ///   (`404`, `4XX`, `default`), its params/error/success types
    ///   `{METHOD} {path}/params|errors|successes`, its response headers
    ///   struct `{METHOD} {path}/headers` and each header
    ///   `{METHOD} {path}/headers/{lowercase wire name}`;
    ///   (the path template with its parameters' names left out, `/keys/{}`,
    ///   so renaming one in place is not another operation; a path
    ///   parameter's origin is its position, `…/parameters/path/0`, for the
    ///   same reason: it is a positional argument);
    /// - a server: `servers/{url}`; a credential: `securitySchemes/{key}`;
    ///   a cargo feature: `tags/{tag}`.
    pub origin: String,
    /// The Rust shape a consumer's code depends on, as typed values of the
    /// types the crate writes (its `Display` is what `API.md` lists): a
    /// field's or parameter's type (`Option<String>`), a method's receiver,
    /// arguments and result (`(&self, body: &types::LinkTokenGetRequest) ->
    /// operations::LinkTokenGetCall`), a variant's payload
    /// (`(types::PlaidError)`), a type's kind and generic shape (`struct`,
    /// `enum`, `type = Vec<types::Pet>`). Type paths are relative to the
    /// crate root (`types::Pet`).
    pub signature: Signature,
    /// What the item means on the wire, for the changelog's "Provider wire
    /// changes" and for rules that depend on it, as typed facts: a field's
    /// wire name and whether the spec requires it or allows `null`, a
    /// method's HTTP method, path and security alternatives, a server's URL,
    /// an enum value's wire value. `API.md` prints it (`Display`).
    pub wire: Wire,
    /// Fields and parameters: an argument of the containing type's `new(…)`
    /// (required and not nullable), so adding one changes `new`'s signature.
    /// Path parameters and required bodies are always `true`.
    pub required: bool,
    /// Which way values of it travel, from the operations that use it.
    pub direction: Direction,
    /// `#[deprecated]` in the crate, with its note when it has one.
    pub deprecated: Option<String>,
    /// The doc text from the spec (raw), so a description-only change is
    /// visible; `None` when the spec gives none.
    pub doc: Option<String>,
    /// The cargo features that gate it (`#[cfg(any(feature = …))]`), sorted;
    /// empty when it is always compiled. Set on the items that carry a
    /// `cfg` of their own (a type; an operation's method and its types); a
    /// member (field, variant, parameter) is gated with its parent and has
    /// none of its own.
    pub features: Vec<String>,
}

impl Item {
    /// An item of this path, kind, origin, signature and wire meaning, not
    /// required, used in no direction, not deprecated, undocumented and
    /// ungated: the rest is set with struct update syntax where it differs.
    pub fn new(path: String, kind: Kind, origin: String, signature: Signature, wire: Wire) -> Item {
        Item {
            path,
            kind,
            origin,
            signature,
            wire,
            required: false,
            direction: Direction::Neither,
            deprecated: None,
            doc: None,
            features: Vec::new(),
        }
    }
}

/// The kinds of public items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A schema struct (`types::Pet`).
    Struct,
    /// A string enum.
    StringEnum,
    /// An integer enum (newtype with constants).
    IntEnum,
    /// A `oneOf`/`anyOf` enum.
    Union,
    /// `pub type Name = …;`.
    Alias,
    /// A field of a schema struct.
    Field,
    /// A known value of a string or integer enum.
    EnumValue,
    /// An alternative of a union.
    UnionVariant,
    /// A `Client` method (one per operation).
    Method,
    /// The call type of an operation (what its method returns).
    CallType,
    /// A list operation's `pages()` and `items()` (on its call type).
    Paginator,
    /// A query, header or cookie parameter: a positional argument of the
    /// method when required, a setter of the call type when optional.
    Param,
    /// A path parameter: a positional argument of the method.
    PathParam,
    /// An operation's enum of documented errors.
    ErrorType,
    /// One documented error response.
    ErrorVariant,
    /// An operation's enum of success responses (when it has several).
    SuccessType,
    /// One success response of such an enum.
    SuccessVariant,
    /// A variant of `Environment` (one server).
    Environment,
    /// A credential setter of `ClientBuilder` (one security scheme).
    Credential,
    /// A response header the spec declares: an `Option` field of the
    /// operation's `{Op}Headers` struct.
    ResponseHeader,
    /// A cargo feature of a crate gated by tag (`features::{name}`).
    Feature,
}

/// Which way values of an item travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Only in requests: the consumer builds it, the server reads it.
    Request,
    /// Only in responses: the server sends it, the consumer reads it.
    Response,
    /// Both ways.
    Both,
    /// Neither (an unused component schema, a server, a credential).
    Neither,
}

impl Kind {
    /// A short lowercase name for listings (`struct`, `field`, `method`…).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::StringEnum => "string enum",
            Kind::IntEnum => "integer enum",
            Kind::Union => "union",
            Kind::Alias => "type alias",
            Kind::Field => "field",
            Kind::EnumValue => "enum value",
            Kind::UnionVariant => "union variant",
            Kind::Method => "method",
            Kind::CallType => "call type",
            Kind::Paginator => "paginator",
            Kind::Param => "parameter",
            Kind::PathParam => "path parameter",
            Kind::ErrorType => "error enum",
            Kind::ErrorVariant => "error variant",
            Kind::SuccessType => "success enum",
            Kind::SuccessVariant => "success variant",
            Kind::Environment => "environment",
            Kind::Credential => "credential",
            Kind::ResponseHeader => "response header",
            Kind::Feature => "cargo feature",
        }
    }
}

impl Direction {
    /// `request`, `response`, `request and response` or `—`.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "request and response",
            Direction::Neither => "—",
        }
    }

    /// The direction of something used in both `self` and `other` positions.
    pub fn join(self, other: Direction) -> Direction {
        match (self, other) {
            (Direction::Neither, d) | (d, Direction::Neither) => d,
            (a, b) if a == b => a,
            _ => Direction::Both,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
