//! What an item means on the wire, as typed facts: [`Wire`], one variant per
//! kind of item, built once by the surface builder from the IR.
//!
//! `API.md` prints it ([`Wire`]'s `Display`, one line of clauses) and
//! `apidiff` compares the facts themselves, so a tag named `null_event` or a
//! path segment `default_x` is a name, never a keyword.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ir::{HttpMethod, ParamLocation, PartKind, PathTemplate, SecurityKind};

pub use crate::ir::StatusMatch as Status;

/// The security alternatives of an operation: a request must satisfy one;
/// each is the set of scheme keys it needs (the empty set: no credentials).
pub type Alternatives = BTreeSet<BTreeSet<String>>;

/// What an item means on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wire {
    /// Nothing of its own (a call type, an operation's error or success
    /// enum, its response headers struct).
    None,
    /// A schema struct: a JSON object.
    Object,
    /// A string enum.
    StringEnum,
    /// An integer enum.
    IntEnum,
    /// A `oneOf`/`anyOf`, with the property that tells its alternatives
    /// apart (`None`: untagged).
    Union {
        /// The discriminator property.
        discriminator: Option<String>,
    },
    /// A type alias: the JSON shape it names.
    Alias(Shape),
    /// A field of a schema struct.
    Field(Field),
    /// The map of a struct's undeclared properties, with the shape of its
    /// values when the spec gives one.
    AdditionalProperties(Option<Shape>),
    /// A known value of a string enum.
    StringValue(String),
    /// A known value of an integer enum.
    IntValue(i64),
    /// An alternative of a union: its shape and the discriminator values
    /// that select it (none when untagged).
    Variant {
        /// The alternative's JSON shape.
        shape: Shape,
        /// The discriminator values, as the spec lists them.
        tags: Vec<String>,
    },
    /// The alternative of a tagged union that keeps any other tag's value.
    UnknownTag,
    /// An operation (its `Client` method).
    Operation(Operation),
    /// A parameter of an operation.
    Param(Param),
    /// The enum choosing among an operation's request bodies.
    BodyChoice,
    /// One request body of such an enum, by media type.
    BodyVariant {
        /// The media type.
        content_type: String,
    },
    /// A multipart body's form type.
    Form,
    /// A part of a multipart form.
    Part(Part),
    /// A documented response (an error or success variant).
    Response {
        /// The status it covers.
        status: Status,
        /// The fields of its body that `ErrorSummary::code()`/`message()`
        /// read (empty for a success, or a body without such fields).
        summary: ErrorSummary,
    },
    /// A response header an operation declares.
    Header(Header),
    /// How a list operation pages.
    Paging(Paging),
    /// A server (a variant of `Environment`).
    Server {
        /// Its URL.
        url: String,
    },
    /// A credential (a security scheme): how it travels.
    Credential(SecurityKind),
    /// A cargo feature of a crate gated by tag.
    Feature {
        /// The spec's tag.
        tag: String,
    },
}

/// The JSON shape of a value, independent of Rust naming where the spec
/// names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A JSON type with the format that changes its Rust type:
    /// `string`, `integer(int32)`, `string(date-time)`, `any`, `empty`.
    Scalar(&'static str),
    /// An array.
    Array(Box<Shape>),
    /// An object used as a map.
    Map(Box<Shape>),
    /// The shape, or `null`.
    Nullable(Box<Shape>),
    /// A component schema, by its key (not its Rust name).
    Component(String),
    /// An inline schema, by what it is: `object`, `string enum`,
    /// `integer enum`, `oneOf`.
    Inline(&'static str),
    /// A type the IR does not hold (or an alias chain too deep to follow).
    Unknown,
}

/// A field of a schema struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The property name on the wire.
    pub name: String,
    /// The value's shape.
    pub shape: Shape,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `readOnly: true`.
    pub read_only: bool,
    /// `writeOnly: true`.
    pub write_only: bool,
    /// The spec's `default`, as JSON.
    pub default: Option<String>,
}

/// An operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, with its parameters' names.
    pub path: PathTemplate,
    /// The request body, unless it has none (or only an empty one).
    pub body: Option<Body>,
    /// The security alternatives (`{{}}` when it needs no credentials).
    pub security: Alternatives,
    /// The statuses the crate decodes as a success, in the spec's order.
    pub successes: Vec<Status>,
    /// The server it is sent to when not the client's (`servers` of the
    /// operation or its path).
    pub server: Option<String>,
    /// Whether the runtime may retry it.
    pub retry_safe: bool,
}

/// An operation's request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Its media types, in the spec's order.
    pub media_types: Vec<String>,
    /// `required: true`.
    pub required: bool,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Where it travels.
    pub location: ParamLocation,
    /// Its wire name.
    pub name: String,
    /// `required: true` (always for a path parameter).
    pub required: bool,
}

/// A part of a multipart form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its wire name.
    pub name: String,
    /// How its value is written.
    pub kind: PartKind,
    /// Listed in the form schema's `required`.
    pub required: bool,
    /// The `encoding`'s content type, when the spec gives one.
    pub content_type: Option<String>,
}

/// The fields of an error body that `ErrorSummary::code()`/`message()`
/// read, by wire name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorSummary {
    /// The code fields, first present wins.
    pub codes: Vec<String>,
    /// The message field.
    pub message: Option<String>,
}

/// A response header an operation declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Its wire name, as the spec writes it.
    pub name: String,
    /// The statuses whose responses declare it.
    pub statuses: Vec<Status>,
    /// `required: true`: the spec says it is always sent.
    pub required: bool,
}

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The kind of paging (`cursor`, `offset`, `link header`…).
    pub shape: &'static str,
    /// The request parameter that asks for the next page.
    pub param: Option<String>,
    /// Where the next page's URL or token comes from.
    pub next: Option<PageNext>,
    /// The flag that says whether more pages follow.
    pub more: Option<MoreFlag>,
    /// The request parameter that sets the page size.
    pub limit: Option<String>,
    /// The page's field that holds the items (dotted wire names; `None`:
    /// the page is the array).
    pub items: Option<String>,
}

/// Where the next page's URL or token comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageNext {
    /// A field of the page (dotted wire names).
    Field(String),
    /// A field of the page's last item.
    LastItem(String),
}

/// A field of the page that says whether more pages follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoreFlag {
    /// `true` for `has_more`-like fields, `false` for `done`-like ones.
    pub more_when: bool,
    /// The field (dotted wire names).
    pub field: String,
}

impl Wire {
    /// Its facts as the clauses `API.md` prints, in order; [`Wire`]'s
    /// `Display` joins them (`; ` for a response, `, ` otherwise).
    pub fn clauses(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let flag = |on: bool, text: &str, out: &mut Vec<String>| {
            if on {
                out.push(text.to_owned());
            }
        };
        match self {
            Wire::None => {}
            Wire::Object => out.push("object".into()),
            Wire::StringEnum => out.push("string enum".into()),
            Wire::IntEnum => out.push("integer enum".into()),
            Wire::Union { discriminator } => {
                out.push("oneOf".into());
                out.push(match discriminator {
                    Some(tag) => format!("discriminator: {tag}"),
                    None => "untagged".into(),
                });
            }
            Wire::Alias(shape) => out.push(shape.to_string()),
            Wire::Field(f) => {
                out.push(format!("{}: {}", json_string(&f.name), f.shape));
                out.push(required(f.required).into());
                flag(f.nullable, "nullable", &mut out);
                flag(f.read_only, "readOnly", &mut out);
                flag(f.write_only, "writeOnly", &mut out);
                out.extend(f.default.as_ref().map(|d| format!("default: {d}")));
            }
            Wire::AdditionalProperties(shape) => {
                let shape = shape.as_ref().map(Shape::to_string).unwrap_or_default();
                out.push(format!("additionalProperties: {shape}"));
            }
            Wire::StringValue(value) => out.push(json_string(value)),
            Wire::IntValue(value) => out.push(value.to_string()),
            Wire::Variant { shape, tags } => {
                out.push(shape.to_string());
                if !tags.is_empty() {
                    let tags: Vec<String> = tags.iter().map(|t| json_string(t)).collect();
                    out.push(format!("tag: {}", tags.join(" | ")));
                }
            }
            Wire::UnknownTag => out.push("any other tag".into()),
            Wire::Operation(op) => op.clauses(&mut out),
            Wire::Param(p) => {
                out.push(format!("in: {}", p.location.as_str()));
                out.push(format!("name: {}", p.name));
                out.push(required(p.required).into());
            }
            Wire::BodyChoice => out.push("request body".into()),
            Wire::BodyVariant { content_type } => out.push(format!("content type: {content_type}")),
            Wire::Form => out.push("multipart/form-data".into()),
            Wire::Part(p) => {
                out.push(format!("part: {}", p.name));
                out.push(format!("{:?}", p.kind));
                out.push(required(p.required).into());
                out.extend(
                    p.content_type
                        .as_ref()
                        .map(|c| format!("content type: {c}")),
                );
            }
            Wire::Response { status: s, summary } => {
                out.push(s.key());
                if !summary.codes.is_empty() {
                    out.push(format!("code: {}", summary.codes.join("/")));
                }
                out.extend(summary.message.as_ref().map(|m| format!("message: {m}")));
            }
            Wire::Header(h) => {
                out.push(format!("header: {}", h.name));
                let statuses: Vec<String> = h.statuses.iter().map(|s| s.key()).collect();
                out.push(format!("statuses: {}", statuses.join(" ")));
                out.push(required(h.required).into());
            }
            Wire::Paging(p) => p.clauses(&mut out),
            Wire::Server { url } => out.push(url.clone()),
            Wire::Credential(kind) => out.push(match kind {
                SecurityKind::ApiKeyHeader { name } => format!("header {name}"),
                SecurityKind::ApiKeyQuery { name } => format!("query {name}"),
                SecurityKind::ApiKeyCookie { name } => format!("cookie {name}"),
                SecurityKind::Bearer => "header Authorization: Bearer".into(),
                SecurityKind::Basic => "header Authorization: Basic".into(),
            }),
            Wire::Feature { tag } => out.push(format!("tag {tag} (in full)")),
        }
        out
    }

    /// The same facts with every component key `renames` maps written as
    /// its image (a component rename alone is not a wire change).
    pub fn with_components_renamed(&self, renames: &BTreeMap<&str, &str>) -> Wire {
        let mut out = self.clone();
        match &mut out {
            Wire::Alias(shape)
            | Wire::Field(Field { shape, .. })
            | Wire::AdditionalProperties(Some(shape))
            | Wire::Variant { shape, .. } => shape.rename_components(renames),
            _ => {}
        }
        out
    }
}

impl Operation {
    fn clauses(&self, out: &mut Vec<String>) {
        out.push(format!("{} {}", self.method, self.path));
        if let Some(body) = &self.body {
            out.push(format!("body: {}", body.media_types.join(" | ")));
            if !body.required {
                out.push("optional".into());
            }
        }
        out.push(format!("security: {}", security(&self.security)));
        if !self.successes.is_empty() {
            let statuses: Vec<String> = self.successes.iter().map(|s| s.key()).collect();
            out.push(format!("success: {}", statuses.join(" | ")));
        }
        out.extend(self.server.as_ref().map(|s| format!("server: {s}")));
        if self.retry_safe {
            out.push("retry_safe".into());
        }
    }

    /// The path template with its parameters' names left out (`/keys/{}`,
    /// and the fragment the template may carry): renaming a path parameter
    /// in place sends the same URL.
    pub fn path_without_names(&self) -> String {
        let mut out = self.path.without_param_names();
        if let Some((_, fragment)) = self.path.as_str().split_once('#') {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }
}

impl Paging {
    fn clauses(&self, out: &mut Vec<String>) {
        out.push(self.shape.to_owned());
        out.extend(self.param.as_ref().map(|p| format!("param: {p}")));
        out.extend(self.next.as_ref().map(|next| match next {
            PageNext::Field(field) => format!("next: {field}"),
            PageNext::LastItem(field) => format!("next: last item's {field}"),
        }));
        out.extend(self.more.as_ref().map(|more| {
            let role = if more.more_when { "has_more" } else { "done" };
            format!("{role}: {}", more.field)
        }));
        out.extend(self.limit.as_ref().map(|l| format!("limit: {l}")));
        out.extend(self.items.as_ref().map(|i| format!("items: {i}")));
    }
}

impl Shape {
    /// Whether `null` is one of its values (at the top).
    pub fn is_nullable(&self) -> bool {
        matches!(self, Shape::Nullable(_))
    }

    fn rename_components(&mut self, renames: &BTreeMap<&str, &str>) {
        match self {
            Shape::Array(inner) | Shape::Map(inner) | Shape::Nullable(inner) => {
                inner.rename_components(renames)
            }
            Shape::Component(key) => {
                if let Some(to) = renames.get(key.as_str()) {
                    *key = (*to).to_owned();
                }
            }
            Shape::Scalar(_) | Shape::Inline(_) | Shape::Unknown => {}
        }
    }
}

/// Security alternatives as `API.md` writes them: `none | api_key+secret`
/// (each alternative's keys sorted, the alternatives sorted as text).
fn security(alternatives: &Alternatives) -> String {
    let mut alts: Vec<String> = alternatives
        .iter()
        .map(|keys| {
            if keys.is_empty() {
                "none".to_owned()
            } else {
                let keys: Vec<String> = keys.iter().map(|k| scheme_key(k)).collect();
                keys.join("+")
            }
        })
        .collect();
    alts.sort();
    alts.dedup();
    if alts.is_empty() {
        alts.push("none".into());
    }
    alts.join(" | ")
}

/// A security scheme's key as the wire text writes it: a JSON string when
/// it could be read as the text around it (`none`, the word for no
/// credentials, or a key holding a separator), as is otherwise.
pub fn scheme_key(key: &str) -> String {
    let ambiguous = key == "none"
        || key.is_empty()
        || key
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '+' | '|' | ',' | ';' | '`'));
    if ambiguous {
        json_string(key)
    } else {
        key.to_owned()
    }
}

fn required(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let separator = match self {
            Wire::Response { .. } => "; ",
            _ => ", ",
        };
        f.write_str(&self.clauses().join(separator))
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Scalar(name) | Shape::Inline(name) => f.write_str(name),
            Shape::Array(inner) => write!(f, "array of {inner}"),
            Shape::Map(inner) => write!(f, "map of {inner}"),
            Shape::Nullable(inner) => write!(f, "{inner} or null"),
            Shape::Component(key) => f.write_str(key),
            Shape::Unknown => f.write_str("?"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_prints_none_for_the_empty_alternative_sorted_as_text() {
        let alts: Alternatives = [vec![], vec!["secret", "client_id"], vec!["bearer"]]
            .into_iter()
            .map(|a| a.into_iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(security(&alts), "bearer | client_id+secret | none");
        assert_eq!(security(&Alternatives::new()), "none");
        let keyed_none: Alternatives = [["none".to_owned()].into()].into();
        assert_eq!(security(&keyed_none), "\"none\"");
    }

    #[test]
    fn a_response_joins_its_summary_with_semicolons() {
        let wire = Wire::Response {
            status: Status::Range(4),
            summary: ErrorSummary {
                codes: vec!["code".into(), "error_code".into()],
                message: Some("message".into()),
            },
        };
        assert_eq!(
            wire.to_string(),
            "4XX; code: code/error_code; message: message"
        );
    }

    #[test]
    fn only_component_keys_are_renamed() {
        let wire = Wire::Field(Field {
            name: "Pet".into(),
            shape: Shape::Array(Box::new(Shape::Component("Pet".into()))),
            required: true,
            nullable: false,
            read_only: false,
            write_only: false,
            default: None,
        });
        let renamed = wire.with_components_renamed(&BTreeMap::from([("Pet", "Animal")]));
        assert_eq!(renamed.to_string(), "\"Pet\": array of Animal, required");
    }
}
