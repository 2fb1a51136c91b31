//! Single-keyword rewrites of a Schema Object (see `schema`).

use serde_json::{Map, Value};

use super::schema::{has_no_type_info, has_type};
use super::Ctx;
use crate::pointer::join;

/// `const: v` → `enum: [v]`, with `type` inferred from `v` when missing.
pub(super) fn constant(obj: &mut Map<String, Value>, ptr: &str, ctx: &mut Ctx) {
    let Some(value) = obj.shift_remove("const") else {
        return;
    };
    if let Some(Value::Array(existing)) = obj.get("enum") {
        if existing.iter().any(|v| v != &value) {
            ctx.warn(
                &join(ptr, "enum"),
                "`enum` and `const` both given: kept only the `const` value",
            );
        }
    }
    if has_no_type_info(obj) {
        let inferred = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Array(_) => Some("array"),
            Value::Object(_) => Some("object"),
            Value::Null => None,
        };
        match inferred {
            Some(t) => {
                obj.insert("type".to_string(), Value::String(t.to_string()));
            }
            None => {
                obj.insert("nullable".to_string(), Value::Bool(true));
            }
        }
    }
    obj.insert("enum".to_string(), Value::Array(vec![value]));
}

/// `examples: [a, b]` (a 3.1 schema keyword) → `example: a`; the whole list
/// is kept as `x-examples` when it says more than `example` can.
pub(super) fn examples(obj: &mut Map<String, Value>) {
    let Some(examples) = obj.shift_remove("examples") else {
        return;
    };
    let had_example = obj.contains_key("example");
    let keep_all = match &examples {
        Value::Array(items) => {
            if let (false, Some(first)) = (had_example, items.first()) {
                obj.insert("example".to_string(), first.clone());
            }
            items.len() > 1 || had_example
        }
        _ => true,
    };
    if keep_all {
        obj.entry("x-examples").or_insert(examples);
    }
}

/// Numeric `exclusiveMinimum: n` (3.1) → `minimum: n, exclusiveMinimum: true`
/// (3.0), keeping whichever bound is tighter when both are given.
pub(super) fn exclusive_bounds(obj: &mut Map<String, Value>) {
    for (exclusive, inclusive, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(bound)) = obj.get(exclusive).cloned() else {
            continue;
        };
        let bound_f = bound.as_f64().unwrap_or(0.0);
        let existing = obj.get(inclusive).and_then(Value::as_f64);
        let inclusive_is_tighter = match existing {
            Some(m) if lower => m > bound_f,
            Some(m) => m < bound_f,
            None => false,
        };
        if inclusive_is_tighter {
            obj.shift_remove(exclusive);
        } else {
            obj.insert(inclusive.to_string(), Value::Number(bound));
            obj.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
}

/// JSON Schema keywords with no OpenAPI 3.0 meaning: kept as `x-<name>`.
const UNSUPPORTED: [&str; 25] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$vocabulary",
    "$comment",
    "prefixItems",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "patternProperties",
    "propertyNames",
    "dependencies",
];

/// Schema keywords that hold schemas for `$ref`s to name (`$defs`, 3.1's;
/// `definitions`, older drafts'): they constrain nothing themselves, so they
/// move to `x-<name>` without a warning, are normalized as schemas there
/// (`structure::child_kind`), and a `$ref` through them still resolves
/// (`pointer::lookup`).
pub const DEFINITIONS: [&str; 2] = ["$defs", "definitions"];

/// Moves keywords `openapiv3` cannot hold to `x-<name>`, with a warning
/// unless `format` now says the same thing.
pub(super) fn unsupported(obj: &mut Map<String, Value>, ptr: &str, ctx: &mut Ctx) {
    pattern_properties(obj);
    for name in DEFINITIONS {
        if let Some(value) = obj.shift_remove(name) {
            if value.is_object() {
                obj.entry(format!("x-{name}")).or_insert(value);
            } else {
                keep_as_extension(obj, ptr, ctx, name, value, "must be a mapping of schemas");
            }
        }
    }
    let translated = content_format(obj);
    for name in UNSUPPORTED {
        if let Some(value) = obj.shift_remove(name) {
            if translated.contains(&name) {
                obj.entry(format!("x-{name}")).or_insert(value);
            } else {
                keep_as_extension(obj, ptr, ctx, name, value, "has no OpenAPI 3.0 equivalent");
            }
        }
    }
    if obj.get("items").is_some_and(Value::is_array) {
        if let Some(value) = obj.shift_remove("items") {
            keep_as_extension(
                obj,
                ptr,
                ctx,
                "items",
                value,
                "as a list (tuple form) is not supported, the array items are untyped",
            );
        }
    }
    if obj.get("required").is_some_and(|v| !v.is_array()) {
        if let Some(value) = obj.shift_remove("required") {
            keep_as_extension(
                obj,
                ptr,
                ctx,
                "required",
                value,
                "must be a list of property names",
            );
        }
    }
}

/// `patternProperties: {pattern: S, …}` → a map whose values are S (an
/// `anyOf` of them for several patterns), as `additionalProperties`, when
/// that says nothing else (absent, or `false`: only keys matching a pattern
/// are allowed). The patterns stay as `x-patternProperties`: keys are not
/// checked, as no constraint is on what is received.
fn pattern_properties(obj: &mut Map<String, Value>) {
    let Some(Value::Object(patterns)) = obj.get("patternProperties") else {
        return;
    };
    if patterns.is_empty()
        || !matches!(
            obj.get("additionalProperties"),
            None | Some(Value::Bool(false))
        )
    {
        return;
    }
    let mut schemas: Vec<Value> = Vec::new();
    for schema in patterns.values() {
        if !schemas.contains(schema) {
            schemas.push(schema.clone());
        }
    }
    let values = match <[Value; 1]>::try_from(schemas) {
        Ok([only]) => only,
        Err(several) => serde_json::json!({ "anyOf": several }),
    };
    obj.insert("additionalProperties".to_string(), values);
    if !obj.contains_key("type") {
        obj.insert("type".to_string(), Value::String("object".into()));
    }
    if let Some(patterns) = obj.shift_remove("patternProperties") {
        obj.entry("x-patternProperties").or_insert(patterns);
    }
}

fn keep_as_extension(
    obj: &mut Map<String, Value>,
    ptr: &str,
    ctx: &mut Ctx,
    name: &str,
    value: Value,
    why: &str,
) {
    let extension = format!("x-{name}");
    ctx.warn(
        &join(ptr, name),
        format!("`{name}` {why}: kept as `{extension}`, not enforced"),
    );
    obj.entry(extension).or_insert(value);
}

/// `contentEncoding: base64` → `format: byte`; `binary` (or a binary
/// `contentMediaType`) → `format: binary`: the 3.0 spellings, on string
/// schemas. Returns the keywords the resulting `format` fully expresses.
fn content_format(obj: &mut Map<String, Value>) -> Vec<&'static str> {
    let is_string = obj.get("type").and_then(Value::as_str) == Some("string");
    let encoding = obj.get("contentEncoding").and_then(Value::as_str);
    let media = obj.get("contentMediaType").and_then(Value::as_str);
    if !is_string || (encoding.is_none() && media.is_none()) {
        return Vec::new();
    }
    let wanted = match (encoding.map(str::to_ascii_lowercase).as_deref(), media) {
        (Some("base64" | "base64url"), _) => Some(("byte", "contentEncoding")),
        (Some("binary"), _) => Some(("binary", "contentEncoding")),
        (None, Some(m)) if !is_textual(m) => Some(("binary", "contentMediaType")),
        _ => None,
    };
    let Some((format, keyword)) = wanted else {
        return Vec::new();
    };
    match obj.get("format").and_then(Value::as_str) {
        None => {
            obj.insert("format".to_string(), Value::String(format.to_string()));
        }
        Some(existing) if existing == format => {}
        Some(_) => return Vec::new(),
    }
    vec![keyword]
}

fn is_textual(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("text/")
        || media.contains("json")
        || media.contains("xml")
        || media.starts_with("application/x-www-form-urlencoded")
}

/// Makes `enum` values agree with `type`, as `openapiv3` requires: numbers
/// written as strings for a string enum are kept as strings; values that
/// cannot be of the type are dropped (with a warning).
pub(super) fn enum_values(obj: &mut Map<String, Value>, ptr: &str, ctx: &mut Ctx) {
    let Some(t) = obj.get("type").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    if t == "integer" {
        integral_bounds(obj);
    }
    let Some(Value::Array(values)) = obj.get_mut("enum") else {
        return;
    };
    let mut dropped = Vec::new();
    let mut kept = Vec::with_capacity(values.len());
    for value in values.drain(..) {
        match coerce(value, &t) {
            Ok(v) => kept.push(v),
            Err(v) => dropped.push(v.to_string()),
        }
    }
    *values = kept;
    if dropped.is_empty() {
        return;
    }
    let pointer = join(ptr, "enum");
    if values.is_empty() {
        obj.shift_remove("enum");
        ctx.warn(
            &pointer,
            format!(
                "no `enum` value is of type {t} ({}): enum ignored",
                dropped.join(", ")
            ),
        );
    } else {
        ctx.warn(
            &pointer,
            format!(
                "`enum` values not of type {t} dropped: {}",
                dropped.join(", ")
            ),
        );
    }
}

/// A value of an enum of type `t`, made to fit if that loses nothing.
fn coerce(value: Value, t: &str) -> Result<Value, Value> {
    match (t, value) {
        (_, Value::Null) => Ok(Value::Null),
        ("string", v @ (Value::Number(_) | Value::Bool(_))) => Ok(Value::String(v.to_string())),
        ("integer", Value::Number(n)) if !(n.is_i64() || n.is_u64()) => {
            match n.as_f64().and_then(whole_to_i64) {
                Some(i) => Ok(Value::Number(i.into())),
                None => Err(Value::Number(n)),
            }
        }
        (t, v) if has_type(&v, t) => Ok(v),
        (_, v) => Err(v),
    }
}

fn whole_to_i64(f: f64) -> Option<i64> {
    // The range check keeps the cast exact.
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

/// `minimum: 1.0` on an integer schema → `minimum: 1` (openapiv3 wants i64).
fn integral_bounds(obj: &mut Map<String, Value>) {
    for key in ["minimum", "maximum", "multipleOf"] {
        if let Some(Value::Number(n)) = obj.get_mut(key) {
            if !n.is_i64() {
                if let Some(i) = n.as_f64().and_then(whole_to_i64) {
                    *n = i.into();
                }
            }
        }
    }
}
