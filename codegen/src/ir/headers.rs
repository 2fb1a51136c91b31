//! Response headers the spec declares: per operation one `{Op}Headers`
//! struct of typed, optional fields, read leniently from a success or an
//! error response.

use super::{Deprecation, FloatWidth, IntWidth, StatusMatch};

/// The headers an operation's responses declare, merged by name (a header
/// several responses declare is one field).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// Name of the struct (`CreatePetHeaders`), unique among the crate's types.
    pub type_name: String,
    /// Its fields, in the order first declared (responses in the IR's order,
    /// then each response's `headers` in spec order).
    pub fields: Vec<ResponseHeader>,
}

/// One declared response header: an `Option` field of the operation's
/// headers struct (`None` when absent or not of its type, whatever the spec
/// says: a header never fails a response).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Rust field name (snake_case), unique within the struct.
    pub name: String,
    /// Its name on the wire, as the spec first spells it (header names are
    /// case-insensitive: merged by their lowercase form).
    pub wire_name: String,
    /// The type its value is read as.
    pub ty: HeaderType,
    /// The statuses of the responses that declare it.
    pub statuses: Vec<StatusMatch>,
    /// `required: true` in every response that declares it.
    pub required: bool,
    /// Description, raw (the first response's that has one).
    pub doc: Option<String>,
    /// `deprecated: true`, with the reason the description gives.
    pub deprecated: Option<Deprecation>,
    /// Its name says it holds a credential (same rule as fields): redacted
    /// in the struct's `Debug`.
    pub secret: bool,
}

/// What a header's value is read as: its schema's scalar type, or a list
/// of them (`simple` style, comma-separated). Anything else (objects, enums,
/// `content`) is kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderType {
    /// `String`.
    String,
    /// An integer (`X-RateLimit-Remaining`).
    Integer(IntWidth),
    /// A number.
    Float(FloatWidth),
    /// `bool`.
    Bool,
    /// `chrono::DateTime<FixedOffset>` (`format: date-time`; an HTTP date
    /// is read too).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `linkgen_runtime::Url` (`format: uri`/`url`, or the `Location`
    /// header): absolute URLs only.
    Url,
    /// `Vec<T>` of a scalar.
    List(Box<HeaderType>),
}
