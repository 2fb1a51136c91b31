//! Rewriting one Schema Object from JSON Schema 2020-12 (OpenAPI 3.1) into
//! the OpenAPI 3.0 dialect `openapiv3` reads. Applied to every schema,
//! whatever the document's version: real specs mix dialects.

use serde_json::{Map, Value};

use super::keywords;
use super::structure::Kind;
use super::Ctx;
use crate::pointer::join;

/// Rewrites the schema at `ptr`, then its subschemas.
pub(super) fn normalize_schema(value: &mut Value, ptr: &mut String, ctx: &mut Ctx) {
    // Boolean schemas (3.1): `true` accepts anything, `false` nothing.
    if let Value::Bool(accept) = value {
        *value = if *accept {
            Value::Object(Map::new())
        } else {
            serde_json::json!({ "not": {} })
        };
        return;
    }
    let Value::Object(obj) = value else { return };
    let is_bare_ref = obj.len() == 1 && obj.contains_key("$ref");
    if !is_bare_ref {
        rewrite(obj, ptr, ctx);
    }
    super::walk_children(value, Kind::Schema, ptr, ctx);
}

fn rewrite(obj: &mut Map<String, Value>, ptr: &str, ctx: &mut Ctx) {
    ref_siblings(obj);
    for key in ["anyOf", "oneOf"] {
        null_branch(obj, key);
    }
    keywords::constant(obj, ptr, ctx);
    type_list(obj, ptr, ctx);
    keywords::examples(obj);
    keywords::exclusive_bounds(obj);
    keywords::unsupported(obj, ptr, ctx);
    keywords::enum_values(obj, ptr, ctx);
}

/// `{$ref, description, …}` → `{allOf: [{$ref}], description, …}`: in 3.0 the
/// siblings of a `$ref` are ignored, and `openapiv3` drops them.
fn ref_siblings(obj: &mut Map<String, Value>) {
    if obj.len() < 2 || !obj.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let Some(reference) = obj.shift_remove("$ref") else {
        return;
    };
    let target = serde_json::json!({ "$ref": reference });
    push_all_of(obj, target, true);
}

/// Adds `schema` to `allOf` (first or last), creating it if needed.
fn push_all_of(obj: &mut Map<String, Value>, schema: Value, first: bool) {
    match obj.get_mut("allOf") {
        Some(Value::Array(items)) => {
            if first {
                items.insert(0, schema);
            } else {
                items.push(schema);
            }
        }
        _ => {
            obj.insert("allOf".to_string(), Value::Array(vec![schema]));
        }
    }
}

/// Whether a subschema only says "null".
fn is_null_schema(value: &Value) -> bool {
    let Value::Object(obj) = value else {
        return false;
    };
    let null_type = match obj.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => {
            ts.len() == 1 && ts.first().and_then(Value::as_str) == Some("null")
        }
        _ => false,
    };
    null_type
        && obj.keys().all(|k| {
            matches!(k.as_str(), "type" | "description" | "title" | "nullable")
                || k.starts_with("x-")
        })
}

/// `anyOf: [X, {type: null}]` → X + `nullable: true`.
fn null_branch(obj: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(items)) = obj.get(key) else {
        return;
    };
    if !items.iter().any(is_null_schema) {
        return;
    }
    let rest: Vec<Value> = items
        .iter()
        .filter(|v| !is_null_schema(v))
        .cloned()
        .collect();
    obj.insert("nullable".to_string(), Value::Bool(true));
    match <[Value; 1]>::try_from(rest) {
        Ok([only]) => {
            obj.shift_remove(key);
            merge_or_all_of(obj, only);
        }
        Err(rest) if rest.is_empty() => {
            // Only `null`: typed as `()`, as `type: null` alone is.
            obj.shift_remove(key);
            obj.insert("type".to_string(), Value::String("null".into()));
        }
        Err(rest) => {
            obj.insert(key.to_string(), Value::Array(rest));
        }
    }
}

/// Folds the single remaining alternative into the schema: a `$ref` (or
/// anything that clashes with the schema's own keywords) goes under `allOf`,
/// an inline schema is merged.
fn merge_or_all_of(obj: &mut Map<String, Value>, only: Value) {
    match only {
        Value::Object(inner) => {
            let clashes = inner.contains_key("$ref")
                || inner
                    .iter()
                    .any(|(k, v)| obj.get(k).is_some_and(|mine| mine != v));
            if clashes {
                push_all_of(obj, Value::Object(inner), false);
            } else {
                for (k, v) in inner {
                    obj.entry(k).or_insert(v);
                }
            }
        }
        // `true`: anything (nullable is already set). `false` and junk: keep it.
        Value::Bool(true) => {}
        other => push_all_of(obj, other, false),
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several types → `anyOf`.
fn type_list(obj: &mut Map<String, Value>, ptr: &str, ctx: &mut Ctx) {
    let types: Vec<Value> = match obj.get("type") {
        Some(Value::Array(types)) => types.clone(),
        Some(Value::String(t)) if t == "null" => vec![Value::String("null".into())],
        Some(Value::Null) => vec![Value::Null],
        _ => return,
    };
    let mut nullable = false;
    let mut others: Vec<String> = Vec::new();
    for t in &types {
        match t {
            Value::String(t) if t == "null" => nullable = true,
            Value::Null => nullable = true,
            Value::String(t) => {
                if !others.contains(t) {
                    others.push(t.clone());
                }
            }
            other => ctx.warn(
                &join(ptr, "type"),
                format!("`type` entry {other} is not a type name: ignored"),
            ),
        }
    }
    if nullable {
        obj.insert("nullable".to_string(), Value::Bool(true));
    }
    match <[String; 1]>::try_from(others) {
        Ok([only]) => {
            obj.insert("type".to_string(), Value::String(only));
        }
        Err(others) if others.is_empty() => {
            // No 3.0 spelling, but `openapiv3` keeps an unknown type name
            // (an "any" schema with `typ`): lowering types it as `()`,
            // which only `null` decodes to.
            obj.insert("type".to_string(), Value::String("null".into()));
        }
        Err(others) => split_types(obj, &others),
    }
}

/// Keywords that only constrain values of one JSON type.
fn keywords_of(t: &str) -> &'static [&'static str] {
    match t {
        "string" => &["minLength", "maxLength", "pattern"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

fn is_numeric_format(format: &str) -> bool {
    matches!(format, "int32" | "int64" | "float" | "double")
}

/// Whether `value` is an instance of the JSON Schema type `t`.
pub(super) fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// `type: [A, B]` → `anyOf: [{type: A, …A's keywords}, {type: B, …}]`.
fn split_types(obj: &mut Map<String, Value>, types: &[String]) {
    let enumeration = match obj.get("enum") {
        Some(Value::Array(values)) => Some(values.clone()),
        _ => None,
    };
    let format = obj
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut branches = Vec::new();
    for t in types {
        let mut branch = Map::new();
        branch.insert("type".to_string(), Value::String(t.clone()));
        for kw in keywords_of(t) {
            if let Some(v) = obj.get(*kw) {
                branch.insert((*kw).to_string(), v.clone());
            }
        }
        if let Some(format) = &format {
            let numeric = matches!(t.as_str(), "integer" | "number");
            if numeric == is_numeric_format(format) {
                branch.insert("format".to_string(), Value::String(format.clone()));
            }
        }
        if let Some(values) = &enumeration {
            let mine: Vec<Value> = values.iter().filter(|v| has_type(v, t)).cloned().collect();
            if mine.is_empty() {
                // No allowed value has this type: the branch is unreachable.
                continue;
            }
            branch.insert("enum".to_string(), Value::Array(mine));
        }
        branches.push(Value::Object(branch));
    }
    if branches.is_empty() {
        // An enum none of whose values fits a type: leave the enum alone.
        obj.shift_remove("type");
        return;
    }
    obj.shift_remove("type");
    for t in types {
        for kw in keywords_of(t) {
            obj.shift_remove(*kw);
        }
    }
    if format.is_some() {
        obj.shift_remove("format");
    }
    if enumeration.is_some() {
        obj.shift_remove("enum");
    }
    match <[Value; 1]>::try_from(branches) {
        Ok([Value::Object(only)]) => {
            for (k, v) in only {
                obj.insert(k, v);
            }
        }
        Ok([other]) => push_all_of(obj, other, false),
        Err(branches) => {
            let any_of = Value::Array(branches);
            if obj.contains_key("anyOf") {
                push_all_of(obj, serde_json::json!({ "anyOf": any_of }), false);
            } else {
                obj.insert("anyOf".to_string(), any_of);
            }
        }
    }
}

/// Whether the schema says nothing about the type of its values.
pub(super) fn has_no_type_info(obj: &Map<String, Value>) -> bool {
    !["type", "$ref", "allOf", "anyOf", "oneOf", "not"]
        .iter()
        .any(|k| obj.contains_key(*k))
}
