//! OpenAPI 3.1 → 3.0 rewriting, and reading the result with `openapiv3`.
//!
//! `openapiv3` models OpenAPI 3.0 only: it rejects `type: [string, "null"]`
//! and numeric `exclusiveMinimum`, and silently drops `const`, `examples` and
//! the siblings of a `$ref`. [`normalize`] therefore rewrites the document,
//! still a `serde_json::Value`, into the 3.0 form:
//!
//! - `type: [T, "null"]` → `type: T, nullable: true`; several types → `anyOf`
//!   of one-type schemas; `type: "null"` alone (or a union of only `null`)
//!   → `type: "null"`, which `openapiv3` keeps and lowering types as `()`;
//! - `anyOf`/`oneOf: [X, {type: "null"}]` → X (a `$ref` under `allOf`) +
//!   `nullable: true`;
//! - `const: v` → `enum: [v]`; `examples: [a, …]` → `example: a`; numeric
//!   `exclusiveMinimum`/`exclusiveMaximum` → the 3.0 boolean form;
//! - `$ref` with siblings → `allOf: [{$ref}]` + siblings (3.0 documents too);
//! - keywords with no 3.0 meaning (`$defs`, `prefixItems`, `if`, …) → `x-<name>`,
//!   with a warning; `webhooks` → `x-webhooks`; `components.pathItems` →
//!   `x-pathItems`; fixed fields 3.1 made optional (`paths`, an operation's
//!   `responses`, …: `OPTIONAL_FIELDS`) get the value their absence means;
//!   `openapi` → `3.0.3`.
//!
//! A schema `$ref` to a schema the document lacks is degraded to any value
//! (`dangling.rs`); invalid fixed fields whose meaning is clear are read as
//! their one table says (`tolerate.rs`).
//!
//! It is lenient, whatever the declared version: `nullable` in 3.1 documents
//! stays, enum values of the wrong type are dropped with a warning. Nothing
//! that carries meaning is dropped silently: every such rewrite leaves a
//! [`Warning`] with the JSON pointer of the node.
//!
//! [`to_openapi`] then reads the result, reporting failures at the JSON
//! pointer (and line) of the offending node.

mod dangling;
mod keywords;
mod openapi;
mod schema;
pub(crate) mod structure;
mod tolerate;

use serde_json::{Map, Value};

use self::structure::{child_kind, Kind};
use crate::pointer::{join, push_token};
use crate::{ir::Warning, Document, Error, Result};

pub use self::keywords::DEFINITIONS;
pub use self::openapi::to_openapi;

/// The version `normalize` leaves in `openapi`.
pub const NORMALIZED_VERSION: &str = "3.0.3";

/// Deepest nesting normalization follows (the loaders stop at 128).
const MAX_DEPTH: usize = 256;

/// Rewrites `doc.value` in place into the 3.0 form `openapiv3` reads.
///
/// Returns what was rewritten with a loss of meaning (keywords kept only as
/// extensions, enum values dropped, …). Fails only if the document is not an
/// OpenAPI 3 document at all (which `load` already checks).
pub fn normalize(doc: &mut Document) -> Result<Vec<Warning>> {
    crate::load::check_root(doc)?;
    let mut ctx = Ctx {
        version: crate::load::openapi_version(&doc.value).unwrap_or((3, 0)),
        ..Ctx::default()
    };
    dangling::degrade(&mut doc.value, &mut ctx);
    let mut ptr = String::new();
    walk(&mut doc.value, Kind::Root, &mut ptr, &mut ctx);
    let Value::Object(root) = &mut doc.value else {
        return Err(Error::Invalid {
            location: doc.location(""),
            message: "the document root must be a mapping".to_string(),
        });
    };
    top_level(root, &mut ctx);
    tolerate::finish(&mut ctx);
    Ok(ctx.warnings)
}

/// What a normalization pass carries along.
#[derive(Default)]
struct Ctx {
    warnings: Vec<Warning>,
    depth: usize,
    /// The declared `(major, minor)` OpenAPI version.
    version: (u64, u64),
    /// Per tolerated-construct rule applied: its index, its one warning's
    /// index, how many places (`tolerate::note`).
    tolerated: Vec<(usize, usize, usize)>,
}

impl Ctx {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }
}

/// Rewrites the node at `ptr`, of kind `kind`, and everything below it.
fn walk(value: &mut Value, kind: Kind, ptr: &mut String, ctx: &mut Ctx) {
    if ctx.depth >= MAX_DEPTH {
        return;
    }
    ctx.depth += 1;
    if kind == Kind::Schema {
        schema::normalize_schema(value, ptr, ctx);
    } else {
        if let Value::Object(obj) = value {
            fix_object(obj, kind, ptr, ctx);
        }
        walk_children(value, kind, ptr, ctx);
    }
    ctx.depth -= 1;
}

/// Walks the members of `value` that normalization knows about.
fn walk_children(value: &mut Value, kind: Kind, ptr: &mut String, ctx: &mut Ctx) {
    let len = ptr.len();
    match value {
        Value::Object(obj) => {
            for (key, child) in obj.iter_mut() {
                if let Some(child_kind) = child_kind(kind, key, child) {
                    push_token(ptr, key);
                    walk(child, child_kind, ptr, ctx);
                    ptr.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let key = index.to_string();
                if let Some(child_kind) = child_kind(kind, &key, child) {
                    push_token(ptr, &key);
                    walk(child, child_kind, ptr, ctx);
                    ptr.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// Rewrites of non-schema objects.
fn fix_object(obj: &mut Map<String, Value>, kind: Kind, ptr: &str, ctx: &mut Ctx) {
    insert_defaults(obj, kind, ctx.version);
    tolerate::apply(obj, kind, ptr, ctx);
    match kind {
        Kind::License => rename_quietly(obj, "identifier"),
        Kind::Info => rename_quietly(obj, "summary"),
        Kind::Paths => {
            for key in obj.keys() {
                if !key.starts_with('/') && !key.starts_with("x-") {
                    ctx.warn(
                        &join(ptr, key),
                        format!("path `{key}` does not start with `/`: ignored"),
                    );
                }
            }
        }
        Kind::PathItem => {
            // OpenAPI 3.2: methods beyond the eight of 3.0.
            for key in ["additionalOperations", "query"] {
                if let Some(value) = obj.shift_remove(key) {
                    ctx.warn(
                        &join(ptr, key),
                        format!("`{key}` (OpenAPI 3.2) is not supported: kept as `x-{key}`, no method generated"),
                    );
                    obj.entry(format!("x-{key}")).or_insert(value);
                }
            }
        }
        Kind::MediaType => {
            // OpenAPI 3.2: the schema of each item of a sequential media type
            // (an event of `text/event-stream`, a line of JSON Lines).
            for key in ["itemSchema", "itemEncoding", "prefixEncoding"] {
                if let Some(value) = obj.shift_remove(key) {
                    ctx.warn(
                        &join(ptr, key),
                        format!("`{key}` (OpenAPI 3.2) is not supported: kept as `x-{key}`; the body is read by its `schema` (events without one are text)"),
                    );
                    obj.entry(format!("x-{key}")).or_insert(value);
                }
            }
        }
        Kind::Components => unsupported_security_schemes(obj, ptr, ctx),
        Kind::Responses => {
            for key in obj.keys() {
                if key != "default" && !key.starts_with("x-") && !is_status_code(key) {
                    ctx.warn(
                        &join(ptr, key),
                        format!("`{key}` is not an HTTP status code (like `200` or `4XX`): response ignored"),
                    );
                }
            }
        }
        _ => {}
    }
}

/// A fixed field that OpenAPI 3.1 (or 3.2) made optional but `openapiv3`
/// (3.0) requires: the object it belongs to, its name, the value that means
/// the same as its absence (as JSON text), and the first version in which it
/// may be absent.
struct OptionalField {
    object: Kind,
    field: &'static str,
    default: &'static str,
    since: (u64, u64),
}

/// Every fixed field 3.0 requires and a later version does not. `info` (and
/// its `title`, `version`), a license's `name`, a parameter's `name` and
/// `in`, and the rest stay required in 3.1, and their absence stays an
/// error.
///
/// - 3.1 §4.8.1: a document needs one of `paths`, `components`, `webhooks`;
///   no `paths` is an API with no operations. Applied to 3.0 documents too,
///   as it always was: nothing else could be meant.
/// - 3.1 §4.8.10: `responses` is optional on an Operation; none declared
///   reads as an empty Responses Object, which the generator treats as "any
///   2xx is success, with no body" (`()`).
/// - 3.2 §4.8.17: a Response's `description` is optional.
///
/// A rule applies to documents declaring its version or a later one, when
/// the field is absent or `null`; a present one is left for `openapiv3` to
/// judge.
const OPTIONAL_FIELDS: [OptionalField; 3] = [
    OptionalField {
        object: Kind::Root,
        field: "paths",
        default: "{}",
        since: (3, 0),
    },
    OptionalField {
        object: Kind::Operation,
        field: "responses",
        default: "{}",
        since: (3, 1),
    },
    OptionalField {
        object: Kind::Response,
        field: "description",
        default: "\"\"",
        since: (3, 2),
    },
];

/// Fills in the [`OPTIONAL_FIELDS`] of an object of kind `kind`. A
/// Reference Object is left alone: its target gets its own defaults.
fn insert_defaults(obj: &mut Map<String, Value>, kind: Kind, version: (u64, u64)) {
    if obj.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    for rule in OPTIONAL_FIELDS
        .iter()
        .filter(|rule| rule.object == kind && version >= rule.since)
    {
        let absent = matches!(obj.get(rule.field), None | Some(Value::Null));
        if absent {
            let default = serde_json::from_str(rule.default).unwrap_or(Value::Null);
            obj.insert(rule.field.to_string(), default);
        }
    }
}

/// Security scheme types `openapiv3` knows.
const SECURITY_TYPES: [&str; 4] = ["apiKey", "http", "oauth2", "openIdConnect"];

/// Moves security schemes of other types (3.1's `mutualTLS`) from
/// `components.securitySchemes` to `components.x-unsupportedSecuritySchemes`,
/// where `openapiv3` does not choke on them.
fn unsupported_security_schemes(components: &mut Map<String, Value>, ptr: &str, ctx: &mut Ctx) {
    let Some(Value::Object(obj)) = components.get_mut("securitySchemes") else {
        return;
    };
    let schemes_ptr = join(ptr, "securitySchemes");
    let unsupported: Vec<String> = obj
        .iter()
        .filter(|(_, scheme)| {
            scheme.get("$ref").is_none()
                && scheme
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| !SECURITY_TYPES.contains(&t))
        })
        .map(|(name, _)| name.clone())
        .collect();
    if unsupported.is_empty() {
        return;
    }
    let mut moved = Map::new();
    for name in unsupported {
        if let Some(scheme) = obj.shift_remove(&name) {
            let kind = scheme.get("type").cloned().unwrap_or(Value::Null);
            ctx.warn(
                &join(&schemes_ptr, &name),
                format!("security scheme type {kind} is not supported: kept under `x-unsupportedSecuritySchemes`, operations requiring it get no credential"),
            );
            moved.insert(name, scheme);
        }
    }
    components
        .entry("x-unsupportedSecuritySchemes")
        .or_insert(Value::Object(moved));
}

/// `key` → `x-key`, for fields 3.0 lacks that only document the API.
fn rename_quietly(obj: &mut Map<String, Value>, key: &str) {
    if let Some(value) = obj.shift_remove(key) {
        obj.entry(format!("x-{key}")).or_insert(value);
    }
}

/// Whether `openapiv3` reads `key` as a response status code.
fn is_status_code(key: &str) -> bool {
    let bytes = key.as_bytes();
    match bytes {
        [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => true,
        [a, b'x' | b'X', b'x' | b'X'] => a.is_ascii_digit(),
        _ => false,
    }
}

/// Rewrites of the document root, after its contents.
fn top_level(root: &mut Map<String, Value>, ctx: &mut Ctx) {
    if let Some(value) = root.shift_remove("jsonSchemaDialect") {
        ctx.warn(
            "/jsonSchemaDialect",
            "`jsonSchemaDialect` is not supported (schemas are read as OpenAPI 3.0): kept as `x-jsonSchemaDialect`",
        );
        root.entry("x-jsonSchemaDialect").or_insert(value);
    }
    if let Some(webhooks) = root.shift_remove("webhooks") {
        root.entry("x-webhooks").or_insert(webhooks);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(items) = components.shift_remove("pathItems") {
            components.entry("x-pathItems").or_insert(items);
        }
    }
    root.insert(
        "openapi".to_string(),
        Value::String(NORMALIZED_VERSION.to_string()),
    );
}
