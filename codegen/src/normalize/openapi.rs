//! Reading a normalized document with `openapiv3`, with located errors.
//!
//! `openapiv3` buffers much of the document (untagged `ReferenceOr`,
//! flattened extensions), so serde's error path often stops far above the
//! offending node. When it does, the failing node is read again on its own,
//! then its children, until the error is pinned to the deepest node that
//! still fails.

use std::panic::{catch_unwind, AssertUnwindSafe};

use indexmap::IndexMap;
use openapiv3 as oa;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::structure::{child_kind, enclosing_kind, kind_at, Kind};
use crate::pointer::{join, push_token};
use crate::{Document, Error, Result};

/// Reads a normalized document as an `openapiv3::OpenAPI`.
///
/// A failure is an [`Error::Invalid`] at the JSON pointer of the offending
/// node (with its line and column when the document came from a file), with
/// a message such as `invalid schema: expected a string, found integer 5`.
pub fn to_openapi(doc: &Document) -> Result<oa::OpenAPI> {
    let outcome = crate::load::on_big_stack(|| {
        catch_unwind(AssertUnwindSafe(|| {
            presift(doc)?;
            check::<oa::OpenAPI>(&doc.value).map_err(|failure| refine(doc, failure))
        }))
    })
    .map_err(|source| Error::Io {
        file: doc.file.clone(),
        source,
    })?;
    match outcome {
        Ok(result) => result,
        Err(_) => Err(Error::Invalid {
            location: doc.location(""),
            message: "openapiv3 could not read this document (it panicked)".to_string(),
        }),
    }
}

/// Reads every schema on its own, its subschemas replaced by `{}`, and
/// fails at the first one `openapiv3` rejects.
///
/// `openapiv3` reads schemas through untagged enums (`ReferenceOr`,
/// `SchemaKind`), which try each variant on the whole subtree: a bad node
/// `d` schemas deep costs some 1.7^d tries (seconds at 20 levels, hours at
/// 40). Read one level at a time, every schema costs one try, and once all
/// pass, reading the whole document only ever fails shallowly.
fn presift(doc: &Document) -> Result<()> {
    let mut stack = vec![(String::new(), Kind::Root, &doc.value)];
    while let Some((pointer, kind, node)) = stack.pop() {
        if kind == Kind::Schema && !is_reference(kind, node) {
            let stub = stubbed(node);
            if let Err(mut f) = probe::<oa::Schema>(&stub) {
                if f.pointer.is_empty() {
                    // A keyword of the wrong type: find it by reading each alone.
                    f = bad_keyword(&stub).unwrap_or(f);
                }
                return Err(Error::Invalid {
                    location: doc.location(&(pointer.clone() + &f.pointer)),
                    message: format!("invalid schema: {}", readable(&f.message)),
                });
            }
        }
        let children = crate::pointer::children(node);
        for (key, child) in children.into_iter().rev() {
            if let Some(child_kind) = child_kind(kind, &key, child) {
                stack.push((join(&pointer, &key), child_kind, child));
            }
        }
    }
    Ok(())
}

/// The first keyword of a (stubbed) schema that fails read alone.
fn bad_keyword(schema: &Value) -> Option<Failure> {
    let Value::Object(obj) = schema else {
        return None;
    };
    obj.iter()
        .filter(|(key, _)| !key.starts_with("x-"))
        .find_map(|(key, value)| {
            // A subschema of the wrong type fails as a schema of its own.
            let failure = if child_kind(Kind::Schema, key, value) == Some(Kind::Schema) {
                probe::<oa::Schema>(value)
            } else {
                let single = Value::Object([(key.clone(), value.clone())].into_iter().collect());
                probe::<oa::Schema>(&single)
            };
            failure.err().map(|f| Failure {
                pointer: join("", key),
                message: f.message,
            })
        })
}

/// A schema with each of its subschemas (where one is well placed) replaced
/// by the empty schema.
fn stubbed(schema: &Value) -> Value {
    let Value::Object(obj) = schema else {
        return schema.clone();
    };
    let empty = || Value::Object(serde_json::Map::new());
    let mut out = serde_json::Map::new();
    for (key, value) in obj {
        let stub = match (key.as_str(), value) {
            ("properties", Value::Object(props)) => {
                Value::Object(props.keys().map(|k| (k.clone(), empty())).collect())
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(items)) => {
                Value::Array(items.iter().map(|_| empty()).collect())
            }
            ("not", Value::Object(_))
            | ("items", Value::Object(_))
            | ("additionalProperties", Value::Object(_)) => empty(),
            _ => value.clone(),
        };
        out.insert(key.clone(), stub);
    }
    Value::Object(out)
}

/// A deserialization failure: where (relative pointer) and what.
struct Failure {
    pointer: String,
    message: String,
}

fn check<T: DeserializeOwned>(value: &Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let mut pointer = String::new();
        for segment in err.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    push_token(&mut pointer, &index.to_string())
                }
                serde_path_to_error::Segment::Map { key } => push_token(&mut pointer, key),
                serde_path_to_error::Segment::Enum { .. } => {}
                serde_path_to_error::Segment::Unknown => break,
            }
        }
        Failure {
            pointer,
            message: err.inner().to_string(),
        }
    })
}

fn probe<T: DeserializeOwned>(value: &Value) -> Result<(), Failure> {
    check::<T>(value).map(drop)
}

type RefMap<T> = IndexMap<String, oa::ReferenceOr<T>>;

/// Reads `value` as what `kind` stands for.
fn probe_kind(kind: Kind, value: &Value) -> Result<(), Failure> {
    use Kind::*;
    match kind {
        Root => probe::<oa::OpenAPI>(value),
        Info => probe::<oa::Info>(value),
        License => probe::<oa::License>(value),
        Paths => probe::<oa::Paths>(value),
        PathItemMap => probe::<RefMap<oa::PathItem>>(value),
        PathItem => probe::<oa::PathItem>(value),
        Operation => probe::<oa::Operation>(value),
        ParameterList => probe::<Vec<oa::ReferenceOr<oa::Parameter>>>(value),
        ParameterMap => probe::<RefMap<oa::Parameter>>(value),
        Parameter => probe::<oa::Parameter>(value),
        RequestBodyMap => probe::<RefMap<oa::RequestBody>>(value),
        RequestBody => probe::<oa::RequestBody>(value),
        Content => probe::<IndexMap<String, oa::MediaType>>(value),
        MediaType => probe::<oa::MediaType>(value),
        EncodingMap => probe::<IndexMap<String, oa::Encoding>>(value),
        Encoding => probe::<oa::Encoding>(value),
        Responses => probe::<oa::Responses>(value),
        ResponseMap => probe::<RefMap<oa::Response>>(value),
        Response => probe::<oa::Response>(value),
        HeaderMap => probe::<RefMap<oa::Header>>(value),
        Header => probe::<oa::Header>(value),
        CallbackMap => probe::<RefMap<oa::Callback>>(value),
        Callback => probe::<oa::Callback>(value),
        Components => probe::<oa::Components>(value),
        SecuritySchemeMap => probe::<RefMap<oa::SecurityScheme>>(value),
        SecurityScheme => probe::<oa::SecurityScheme>(value),
        Schema => probe::<oa::Schema>(value),
        SchemaMap => probe::<RefMap<oa::Schema>>(value),
        SchemaList => probe::<Vec<oa::ReferenceOr<oa::Schema>>>(value),
        SecurityRequirementList => probe::<Vec<oa::SecurityRequirement>>(value),
        SecurityRequirement => probe::<oa::SecurityRequirement>(value),
    }
}

/// Whether `openapiv3` reads this node as a Reference Object.
fn is_reference(kind: Kind, value: &Value) -> bool {
    kind != Kind::Root && value.get("$ref").is_some_and(Value::is_string)
}

/// One step down towards the offending node.
enum Step {
    /// The error lies below, at this relative pointer.
    Deeper(String, String),
    /// The error is this node's own.
    Here(String),
    /// The node reads fine on its own: stop where we are.
    Fine,
}

fn step(kind: Kind, node: &Value) -> Step {
    if is_reference(kind, node) {
        return Step::Fine;
    }
    let own = match probe_kind(kind, node) {
        Ok(()) => return Step::Fine,
        Err(f) if !f.pointer.is_empty() => return Step::Deeper(f.pointer, f.message),
        Err(f) => f.message,
    };
    let failing_child = |key: &str, child: &Value| {
        let child_kind = child_kind(kind, key, child)?;
        if is_reference(child_kind, child) {
            return None;
        }
        probe_kind(child_kind, child).err()
    };
    match node {
        Value::Object(obj) => {
            for (key, child) in obj {
                if let Some(f) = failing_child(key, child) {
                    return Step::Deeper(join("", key) + &f.pointer, f.message);
                }
            }
            if kind == Kind::Schema {
                // A keyword of the wrong type: find it by reading each alone.
                for (key, value) in obj {
                    if key.starts_with("x-") {
                        continue;
                    }
                    let single =
                        Value::Object([(key.clone(), value.clone())].into_iter().collect());
                    if let Err(f) = probe::<oa::Schema>(&single) {
                        return Step::Deeper(join("", key), f.message);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let key = index.to_string();
                if let Some(f) = failing_child(&key, child) {
                    return Step::Deeper(join("", &key) + &f.pointer, f.message);
                }
            }
        }
        _ => {}
    }
    Step::Here(own)
}

/// Most steps `refine` takes (each goes at least one level down).
const MAX_STEPS: usize = 512;

/// Turns the failure of the whole document into an error at the deepest
/// node that still fails when read on its own.
fn refine(doc: &Document, first: Failure) -> Error {
    let mut pointer = first.pointer;
    let mut message = first.message;
    let mut label = "document";
    for _ in 0..MAX_STEPS {
        let Some(kind) = kind_at(&doc.value, &pointer) else {
            break;
        };
        label = kind_label(kind);
        let Some(node) = doc.value.pointer(&pointer) else {
            break;
        };
        match step(kind, node) {
            Step::Deeper(sub, why) if !sub.is_empty() => {
                pointer.push_str(&sub);
                message = why;
            }
            Step::Deeper(_, why) | Step::Here(why) => {
                message = why;
                break;
            }
            Step::Fine => break,
        }
    }
    // A step can land below the last node of a known kind (a scope list):
    // the error names what that node belongs to.
    if !pointer.is_empty() {
        label = kind_label(enclosing_kind(&doc.value, &pointer));
    }
    Error::Invalid {
        location: doc.location(&pointer),
        message: format!("invalid {label}: {}", readable(&message)),
    }
}

fn kind_label(kind: Kind) -> &'static str {
    use Kind::*;
    match kind {
        Root => "document",
        Info => "info",
        License => "license",
        Paths => "paths",
        PathItemMap => "path items",
        PathItem => "path item",
        Operation => "operation",
        ParameterList | ParameterMap => "parameters",
        Parameter => "parameter",
        RequestBodyMap => "request bodies",
        RequestBody => "request body",
        Content => "content",
        MediaType => "media type",
        EncodingMap | Encoding => "encoding",
        Responses | ResponseMap => "responses",
        Response => "response",
        HeaderMap => "headers",
        Header => "header",
        CallbackMap => "callbacks",
        Callback => "callback",
        Components => "components",
        SecuritySchemeMap => "security schemes",
        SecurityScheme => "security scheme",
        Schema => "schema",
        SchemaMap => "schemas",
        SchemaList => "list of schemas",
        SecurityRequirementList => "security requirements",
        SecurityRequirement => "security requirement",
    }
}

/// Rewords serde's messages for people who write specs, not Rust.
fn readable(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!("expected {}, found {found}", expected_noun(expected));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!("expected {}, found {found}", expected_noun(expected));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing required field {rest}");
    }
    if let Some(rest) = message.strip_prefix("data did not match any variant of untagged enum ") {
        return match rest {
            "AdditionalProperties" => "expected a boolean or a schema".to_string(),
            _ => "not any of the forms allowed here".to_string(),
        };
    }
    message.to_string()
}

fn expected_noun(expected: &str) -> &str {
    if expected.starts_with("struct ")
        || expected.starts_with("internally tagged enum")
        || expected.starts_with("a map")
        || expected == "map"
    {
        "a mapping"
    } else if expected == "a sequence" {
        "a list"
    } else if matches!(expected, "usize" | "u64" | "u32" | "u16" | "u8") {
        "a non-negative integer"
    } else if matches!(expected, "i64" | "i32") {
        "an integer"
    } else if expected == "f64" {
        "a number"
    } else {
        expected
    }
}
