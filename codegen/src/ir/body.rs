//! Request bodies: the variants an operation accepts (media type, encoding,
//! value type or multipart form), and the choice among them when the
//! documented bodies differ.

use super::{ParamStyle, TypeRef};

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// What can be sent, one entry per documented body that differs from the
    /// others (another schema, or another encoding family), preferred first
    /// (JSON, form, bytes, text, multipart): never empty. With one entry the
    /// caller passes its value; with several, a value of
    /// [`RequestBody::choice_type`], whose variant picks the media type.
    pub variants: Vec<BodyVariant>,
    /// The enum the caller passes when there are several variants
    /// (`CreateMessageContent`), unique among the crate's types; `None` with
    /// one.
    pub choice_type: Option<String>,
    /// `required: true`. An optional body is set by the `body` setter of
    /// the operation's call type.
    pub required: bool,
    /// Description, raw.
    pub doc: Option<String>,
    /// The other media types the body is documented with that need no
    /// choice (the same schema in the same encoding family as a variant):
    /// not sent, only named by the call's docs.
    pub alternatives: Vec<String>,
    /// A value meeting the first variant's scalar schema (a string body's
    /// `minLength`…), the media type's example first: see
    /// [`Param::sample`](super::Param::sample). Only the wire driver reads it.
    pub sample: Option<super::Sample>,
}

impl RequestBody {
    /// The preferred variant: the one body there is, or the first of the
    /// choice.
    pub fn primary(&self) -> &BodyVariant {
        &self.variants[0]
    }

    /// Whether the caller chooses among several bodies.
    pub fn has_choice(&self) -> bool {
        self.variants.len() > 1
    }
}

/// One body an operation accepts: a media type, how it is encoded and what
/// value it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyVariant {
    /// Its variant name in [`RequestBody::choice_type`] (`Json`,
    /// `Multipart`, `Form`, `Bytes`, `Text`; by media type when a family
    /// repeats), unique in the body.
    pub name: String,
    /// The media type sent (`application/json`).
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: TypeRef,
    /// The documented media type is a range (`*/*`, `image/*`):
    /// `content_type` is only the default, which the call's `content_type`
    /// setter replaces.
    pub content_type_range: bool,
    /// A `multipart/form-data` body ([`BodyEncoding::Multipart`]): its form
    /// type and parts (then `ty` is `Unit`).
    pub form: Option<Form>,
    /// An `application/x-www-form-urlencoded` body: the properties whose
    /// `encoding` gives another style than `form` exploded.
    pub form_styles: Vec<FormStyle>,
}

/// A `multipart/form-data` body: a type of its own with one setter per part.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Name of the form type (`UploadFileForm`), unique among the crate's types.
    pub type_name: String,
    /// Its parts, in spec order.
    pub parts: Vec<FormPart>,
}

/// One part of a multipart form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// Rust name of its argument (snake_case), unique within the form.
    pub name: String,
    /// Its `with_…` setter (an optional part), unique within the form.
    pub setter: String,
    /// The part's name on the wire.
    pub wire_name: String,
    /// How its value is written.
    pub kind: PartKind,
    /// The value's type (a file part: `Bytes`).
    pub ty: TypeRef,
    /// In the schema's `required`: an argument of the form's `new`.
    pub required: bool,
    /// The part's `Content-Type` from the spec's `encoding`, if it gives one.
    pub content_type: Option<String>,
    /// Description, raw.
    pub doc: Option<String>,
}

/// How a multipart part's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`format: binary`): bytes, with a file name and content type.
    File,
    /// Several files under one name (an array of `format: binary`).
    Files,
    /// A scalar (or an array of them, one part per item) as text.
    Text,
    /// An object (or what `encoding` says is JSON), as JSON.
    Json,
}

/// A form-encoded property's style, from the body's `encoding`.
#[derive(Debug, Clone, PartialEq)]
pub struct FormStyle {
    /// The property's name on the wire.
    pub wire_name: String,
    /// Its style.
    pub style: ParamStyle,
    /// Its `explode`.
    pub explode: bool,
}

/// How a request body is serialized (and, in `lower`, how a chosen media
/// type is read before it becomes a [`ResponseBody`](super::ResponseBody)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `*/*+json`, `text/json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Raw bytes (`application/octet-stream`, any other binary type, and a
    /// string or schemaless body of a range such as `*/*`).
    Bytes,
    /// `multipart/form-data`: a form of parts ([`BodyVariant::form`]).
    Multipart,
    /// Plain text (`text/*`).
    Text,
    /// No body (`204`, no `content`).
    Empty,
}
