//! The intermediate representation between the spec and the tokens.
//!
//! `lower` builds it from an `openapiv3::OpenAPI`; `emit` turns it into Rust.
//! **The IR holds no `openapiv3` types**: everything here is already resolved
//! (no `$ref`s), named (Rust identifiers chosen, collisions settled) and
//! ordered (output order is the order of these collections), so `emit` makes
//! no naming or ordering decisions of its own.
//!
//! Here: the API, its named types and their uses; [`Operation`] and what it
//! holds come from `operation.rs`, [`PathTemplate`] from `path.rs`, and
//! [`Api::validate`] (`validate.rs`) checks the invariants `emit` relies on.

use std::collections::BTreeMap;

mod body;
mod headers;
mod operation;
mod paging;
mod path;
mod validate;

pub use body::*;
pub use headers::{HeaderType, ResponseHeader, ResponseHeaders};
pub use operation::*;
pub use paging::*;
pub use path::{PathPiece, PathTemplate, TemplateError};

/// A whole API: what one generated crate holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// `servers`, in spec order. Empty when the spec has none.
    pub servers: Vec<Server>,
    /// `components.securitySchemes` that the generator supports, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Every named type, keyed by id. Emitted in id order, so ids are handed
    /// out deterministically (components first, in spec order, then inline
    /// types in the order they are met).
    pub types: BTreeMap<TypeId, TypeDef>,
    /// Operations in spec order (paths in document order, then methods in the
    /// fixed order get, put, post, delete, options, head, patch, trace).
    pub operations: Vec<Operation>,
    /// The crate's cargo features, one per first tag of the operations, in
    /// order of first use; empty when the API is not gated (small APIs:
    /// `lower/features.rs` decides).
    pub features: Vec<Feature>,
    /// Non-fatal findings (unsupported keywords skipped, fallbacks taken),
    /// each with its JSON pointer, for the xtask to print.
    pub warnings: Vec<Warning>,
}

impl Api {
    /// The security alternatives of a raw request (`Client::request`, an
    /// endpoint the spec lacks): those of its operations, each once, in the
    /// order they are first used (an API's own default comes first, as its
    /// first operation uses it), then anonymous, so a client configured
    /// with no credential still sends. Empty when no operation is secured.
    pub fn raw_security(&self) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = Vec::new();
        for alternative in self.operations.iter().flat_map(|op| &op.security) {
            if !alternative.is_empty() && !out.contains(&alternative.as_slice()) {
                out.push(alternative);
            }
        }
        if !out.is_empty() {
            out.push(&[]);
        }
        out
    }
}

/// One cargo feature of the generated crate: the operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature name (lowercase kebab case, unique, never `default` or
    /// `full`).
    pub name: String,
    /// The tag it stands for, as the spec spells it.
    pub tag: String,
    /// How many operations it enables.
    pub operations: usize,
}

/// Something the generator did not honour fully but could work around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer of the node.
    pub pointer: String,
    /// What was done instead.
    pub message: String,
}

impl Warning {
    /// The warning's class: its message with what names the spec's own
    /// items replaced by `…`: every `` `quoted` `` span, every
    /// `(parenthesised)` one (a list of names) and every `#/…` pointer; so
    /// warnings of one construct count together whatever they name (`cargo
    /// xtask corpus` counts them per class).
    pub fn class(&self) -> String {
        let mut class = String::with_capacity(self.message.len());
        // The character closing the variable span being skipped, if any.
        let mut skipping: Option<char> = None;
        let mut depth = 0usize;
        let mut previous = ' ';
        for c in self.message.chars() {
            match skipping {
                Some(')') if c == '(' => depth += 1,
                Some(close) if c == close && depth > 0 => depth -= 1,
                Some(close) if c == close => {
                    skipping = None;
                    match close {
                        ')' => class.push(')'),
                        ' ' if previous == ':' => class.push_str(": "),
                        ' ' => class.push(' '),
                        _ => {}
                    }
                }
                Some(_) => {}
                None => match c {
                    '`' => {
                        class.push('…');
                        skipping = Some('`');
                    }
                    '(' => {
                        class.push_str("(…");
                        skipping = Some(')');
                    }
                    '#' if previous == ' ' => {
                        class.push('…');
                        skipping = Some(' ');
                    }
                    _ => class.push(c),
                },
            }
            previous = c;
        }
        class
    }
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Rust variant name of the `Environment` enum (`Production`, `Sandbox`).
    pub variant: String,
    /// The name `{PREFIX}_ENV` selects it by (`production`, `sandbox`):
    /// lowercase, unique among the servers.
    pub name: String,
    /// URL with server variables replaced by their defaults.
    pub url: String,
    /// `description`, if any.
    pub description: Option<String>,
}

/// A supported security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The key in `components.securitySchemes` (what operations refer to).
    pub key: String,
    /// Snake-case name of the builder setter (`api_key`, `client_id`).
    pub setter: String,
    /// Upper-snake suffix of the environment variable `from_env()` reads
    /// (`API_KEY`); the crate's own prefix is added by the emitter.
    pub env_suffix: String,
    /// How the credential travels.
    pub kind: SecurityKind,
    /// `description`, if any.
    pub description: Option<String>,
}

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `type: apiKey, in: header`.
    ApiKeyHeader {
        /// Header name.
        name: String,
    },
    /// `type: apiKey, in: query`.
    ApiKeyQuery {
        /// Query parameter name.
        name: String,
    },
    /// `type: apiKey, in: cookie`.
    ApiKeyCookie {
        /// Cookie name.
        name: String,
    },
    /// `type: http, scheme: bearer` (also `oauth2` and `openIdConnect`: the
    /// caller obtains the token, we send it as a bearer token).
    Bearer,
    /// `type: http, scheme: basic`.
    Basic,
}

/// Index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A named type the crate defines.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust identifier (UpperCamelCase), unique in the crate.
    pub name: String,
    /// JSON pointer of the schema it comes from (for docs and errors).
    pub origin: String,
    /// Doc text: the schema's `title` and `description`, raw (the emitter
    /// sanitizes it).
    pub doc: Option<String>,
    /// An example value from the spec, rendered as JSON, if any.
    pub example: Option<String>,
    /// `deprecated: true`, with the reason the description gives.
    pub deprecated: Option<Deprecation>,
    /// What kind of type.
    pub kind: TypeKind,
    /// The features whose operations use it (sorted): it is compiled when
    /// any of them is on. Empty: always compiled (an ungated operation uses
    /// it, or none does).
    pub features: Vec<String>,
}

/// Something the spec marks `deprecated: true`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecation {
    /// The reason or the replacement, when the description gives one (its
    /// sentence that says "deprecated", "use … instead", "replaced by"…),
    /// whitespace collapsed: the `note` of `#[deprecated]`.
    pub note: Option<String>,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties → `struct`.
    Struct(Struct),
    /// A string `enum` → `enum` with a catch-all `Unknown(UnknownValue)` variant.
    StringEnum(StringEnum),
    /// An integer `enum` → newtype over `i64` with associated constants, so
    /// unknown values still decode.
    IntEnum(IntEnum),
    /// `oneOf`/`anyOf` → `enum` (tagged when there is a discriminator,
    /// untagged otherwise).
    Union(Union),
    /// Anything else that still deserves a name (a component schema that is
    /// an array, a map, a primitive…) → `pub type Name = …;`.
    Alias(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties, in spec order (for `allOf` merges: in member order).
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema (or `true`): extra keys are kept
    /// in a flattened map of this value type. `None`: extra keys are ignored.
    pub additional: Option<TypeRef>,
    /// The name of its required-fields struct (`{Name}Required`), which its
    /// `new` takes instead of positional arguments, when it has more
    /// required fields than `lower/required_args.rs`'s threshold; `None`:
    /// `new` takes them in order.
    pub required_args: Option<String>,
}

impl Struct {
    /// Whether its `Deserialize` is the runtime's compact
    /// `deserialize_struct!` rather than `#[derive(Deserialize)]`: always,
    /// except for what that macro does not read, a flattened map of
    /// undeclared properties and a base64 field (`#[serde(with)]`).
    pub fn compact_deserialize(&self) -> bool {
        self.additional.is_none()
            && !self
                .fields
                .iter()
                .any(|f| matches!(f.ty, TypeRef::Bytes(_)))
    }
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier (snake_case, keywords escaped as `r#type` or `type_`).
    pub name: String,
    /// Name of its chainable `with_…` setter (snake_case, unique among the
    /// struct's methods); used when the field is an `Option` in Rust (not
    /// required, or nullable).
    pub setter: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The value type, *without* the `Option` that optionality adds.
    pub ty: TypeRef,
    /// Listed in `required`. A non-required field is `Option<ty>` (or
    /// `Nullable<ty>`, see `explicit_null`) and is skipped when `None` on
    /// serialization.
    pub required: bool,
    /// `nullable: true` (or 3.1 `type: [T, "null"]`). A required nullable
    /// field is `Option<ty>` and serializes `None` as `null`.
    pub nullable: bool,
    /// The value must be boxed to break a recursive type cycle.
    pub boxed: bool,
    /// Holds a credential-like value (`secret`, `password`, `client_secret`,
    /// `*_token`…) in a string, type aliases resolved: redacted in `Debug`.
    pub secret: bool,
    /// Description, raw.
    pub doc: Option<String>,
    /// Example from the spec, rendered as JSON.
    pub example: Option<String>,
    /// `default` from the spec, rendered as JSON.
    pub default: Option<String>,
    /// A value meeting the schema, as JSON, for the wire driver of `cargo
    /// xtask corpus --wire` (a validating mock server checks patterns,
    /// formats and bounds): the spec's example, default or first enum
    /// value, else one generated from the constraints (`lower/sample.rs`).
    /// `None` when nothing constrains the value. Never rendered into a
    /// generated crate.
    pub sample: Option<Sample>,
    /// `deprecated: true`, with the reason the description gives.
    pub deprecated: Option<Deprecation>,
    /// `readOnly: true`: set by the server, left out of requests; never
    /// `required` (so never demanded of the caller).
    pub read_only: bool,
    /// `writeOnly: true`: sent by the client, left out of responses; never
    /// `required` (so a response without it still decodes).
    pub write_only: bool,
    /// Three-state: `linkgen_runtime::Nullable<ty>` (absent, `null`, a
    /// value) instead of `Option<ty>`, so a request can send `null` to
    /// clear it. Only an optional, nullable field of a type a JSON request
    /// body carries (`lower/nulls.rs`, the one place that decides).
    pub explicit_null: bool,
    /// Name of the setter that sets it to `null` (`with_x_null`), unique
    /// among the struct's methods; empty unless `explicit_null`.
    pub null_setter: String,
}

impl Field {
    /// Whether it is not a plain `ty` in Rust: an `Option` (not required,
    /// or nullable) or, when [`Field::explicit_null`], a `Nullable`. Such a
    /// field starts empty and has a `with_…` setter.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringEnum {
    /// Known values, in spec order.
    pub variants: Vec<EnumVariant>,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust identifier (UpperCamelCase), unique within the enum and never
    /// `Unknown` (the catch-all's name).
    pub name: String,
    /// The value on the wire.
    pub wire: String,
    /// Per-value doc, when the spec gives one (`x-enum-descriptions`…).
    pub doc: Option<String>,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntEnum {
    /// Known values, in spec order: (constant name in UPPER_SNAKE, value).
    pub values: Vec<(String, i64)>,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// How a value tells which alternative it is.
    pub tagging: Tagging,
    /// Alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
}

/// How a union's value selects its alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// No (usable) discriminator: the variant a value is is chosen at
    /// decode time (the first that decodes losing nothing, else the first
    /// that decodes; `linkgen_runtime::deserialize_untagged!`).
    Untagged,
    /// Untagged, but the variants give one property enum or `const` values
    /// that tell them apart (an implicit discriminator): a value whose
    /// property is in some variants' `tags` is chosen among those first.
    /// Variants that give it no values have no `tags`.
    Implicit {
        /// The property's wire name.
        property: String,
    },
    /// Internally tagged by a `discriminator`. Every variant is then a
    /// struct (`TypeRef::Named`) with its tags.
    Tagged {
        /// `discriminator.propertyName`.
        property: String,
        /// The name of the catch-all variant that keeps, as raw JSON, a
        /// value whose tag this version of the crate does not know (unique
        /// among the variants).
        unknown: String,
    },
}

impl Tagging {
    /// The discriminator property, when the union is tagged.
    pub fn property(&self) -> Option<&str> {
        match self {
            Tagging::Untagged | Tagging::Implicit { .. } => None,
            Tagging::Tagged { property, .. } => Some(property),
        }
    }

    /// The implicit discriminator property of an untagged union.
    pub fn implicit(&self) -> Option<&str> {
        match self {
            Tagging::Implicit { property } => Some(property),
            Tagging::Untagged | Tagging::Tagged { .. } => None,
        }
    }
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust identifier (UpperCamelCase), unique within the enum.
    pub name: String,
    /// The tag values that select it: of a discriminated union, from the
    /// `mapping`, or the schema name when the mapping is silent; of an
    /// implicitly tagged one, the enum values it gives the property.
    pub tags: Vec<String>,
    /// Its type.
    pub ty: TypeRef,
    /// Boxed to break a recursive type cycle.
    pub boxed: bool,
}

/// A use of a type: what a field, parameter or body holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer of the given width.
    Integer(IntWidth),
    /// `f32` (`format: float`) or `f64`.
    Float(FloatWidth),
    /// `chrono::DateTime<chrono::FixedOffset>` (`format: date-time`): the
    /// offset the value was written with is kept, so a caller's
    /// `…-07:00` is sent as `…-07:00`, not rewritten to `Z`.
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// Raw bytes (`format: byte` is base64 in JSON, `binary` is a raw body).
    Bytes(BytesEncoding),
    /// `serde_json::Value`: free-form, or a shape we cannot type better.
    Json,
    /// `()`: no content (`{}` that is explicitly empty, 204 bodies).
    Unit,
    /// A named type of the crate.
    Named(TypeId),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>` (`additionalProperties` without properties).
    Map(Box<TypeRef>),
    /// `Option<T>`, only where optionality is part of the type itself (a
    /// nullable array item, a nullable map value); field and parameter
    /// optionality is carried by their own flags instead.
    Nullable(Box<TypeRef>),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntWidth {
    /// `int32` → `i32`.
    I32,
    /// `int64` or no format → `i64`.
    I64,
    /// `uint32` → `u32`.
    U32,
    /// `uint64` → `u64`.
    U64,
}

/// A value meeting a parameter's or field's schema, for the wire driver
/// (`Param::sample`, `Field::sample`; decided by `lower/sample.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// A scalar (string, number, boolean), as JSON.
    Value(String),
    /// An array of `min` items (its `minItems`, at least 1); `items`: the
    /// items' own samples when they are scalars.
    Items {
        /// How many items.
        min: usize,
        /// The items' samples, as JSON: one, which every item repeats, or,
        /// for `uniqueItems`, `min` distinct ones (none: built from the type).
        items: Vec<String>,
    },
    /// A whole JSON value (object or array): a request body's media-type
    /// example, which the driver sends when it decodes into the body type.
    Json(String),
}

/// Float widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FloatWidth {
    /// `float` → `f32`.
    F32,
    /// `double` or no format → `f64`.
    F64,
}

/// How a bytes value is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BytesEncoding {
    /// `format: byte`: base64 inside JSON.
    Base64,
    /// `format: binary`: the raw body.
    Binary,
}
