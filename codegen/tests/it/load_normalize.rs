//! Each 3.1 → 3.0 rewrite of `normalize`, on small documents; every result
//! must also be readable by `openapiv3`.

use codegen::ir::Warning;
use codegen::normalize::{normalize, to_openapi};
use codegen::Document;
use serde_json::{json, Value};

fn run(spec: Value) -> (Value, Vec<(String, String)>) {
    let mut doc = Document::from_value("t.json", spec);
    let warnings = normalize(&mut doc).expect("normalizes");
    if let Err(err) = to_openapi(&doc) {
        panic!("openapiv3 rejects the result: {err}\n{:#}", doc.value);
    }
    let warnings = warnings
        .into_iter()
        .map(|Warning { pointer, message }| (pointer, message))
        .collect();
    (doc.value, warnings)
}

/// A 3.1 document with these components, and the `Pet` and `User` schemas
/// the tests' `$ref`s name (a `$ref` to nothing is degraded, with a
/// warning).
fn spec_31(mut components: Value) -> Value {
    if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
        for name in ["Pet", "User"] {
            schemas
                .entry(name)
                .or_insert_with(|| json!({"type": "object"}));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": components,
    })
}

/// Normalizes one schema (as `components.schemas.S`).
fn schema(s: Value) -> (Value, Vec<(String, String)>) {
    let (value, warnings) = run(spec_31(json!({"schemas": {"S": s}})));
    (value["components"]["schemas"]["S"].clone(), warnings)
}

/// Normalizes one schema that must need no warning.
fn quiet(s: Value) -> Value {
    let (value, warnings) = schema(s);
    assert_eq!(warnings, vec![], "unexpected warnings");
    value
}

const S: &str = "/components/schemas/S";

fn at(suffix: &str) -> String {
    format!("{S}{suffix}")
}

#[test]
fn nullable_type_list() {
    assert_eq!(
        quiet(json!({"type": ["string", "null"], "maxLength": 3})),
        json!({"type": "string", "maxLength": 3, "nullable": true})
    );
    assert_eq!(
        quiet(json!({"type": ["integer"]})),
        json!({"type": "integer"})
    );
}

#[test]
fn null_type_alone() {
    for t in [json!(["null"]), json!("null"), Value::Null] {
        // Kept: `openapiv3` reads it as an "any" schema of that type name,
        // which lowering types as `()`.
        let value = quiet(json!({"type": t, "description": "d"}));
        assert_eq!(
            value,
            json!({"type": "null", "description": "d", "nullable": true})
        );
    }
}

#[test]
fn several_types_become_any_of() {
    let value = quiet(json!({
        "type": ["string", "integer", "null"],
        "description": "id or name",
        "minLength": 1,
        "minimum": 0,
        "format": "int64",
        "enum": ["a", 1, null],
    }));
    assert_eq!(
        value,
        json!({
            "description": "id or name",
            "nullable": true,
            "anyOf": [
                {"type": "string", "minLength": 1, "enum": ["a"]},
                {"type": "integer", "minimum": 0, "format": "int64", "enum": [1]},
            ],
        })
    );
}

#[test]
fn null_branch_of_any_of_with_ref() {
    let value = quiet(json!({
        "description": "maybe a pet",
        "anyOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null"}],
    }));
    assert_eq!(
        value,
        json!({
            "description": "maybe a pet",
            "nullable": true,
            "allOf": [{"$ref": "#/components/schemas/Pet"}],
        })
    );
}

#[test]
fn null_branch_of_one_of_inline() {
    assert_eq!(
        quiet(
            json!({"oneOf": [{"type": "null"}, {"type": "string", "format": "date"}], "title": "T"})
        ),
        json!({"title": "T", "nullable": true, "type": "string", "format": "date"})
    );
    // Several other branches: they stay.
    assert_eq!(
        quiet(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})),
        json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
}

#[test]
fn const_becomes_enum() {
    assert_eq!(
        quiet(json!({"const": "cat"})),
        json!({"type": "string", "enum": ["cat"]})
    );
    assert_eq!(
        quiet(json!({"const": 3})),
        json!({"type": "integer", "enum": [3]})
    );
    assert_eq!(
        quiet(json!({"type": "integer", "const": 1, "description": "d"})),
        json!({"type": "integer", "description": "d", "enum": [1]})
    );
}

#[test]
fn examples_become_example() {
    assert_eq!(
        quiet(json!({"type": "string", "examples": ["a"]})),
        json!({"type": "string", "example": "a"})
    );
    assert_eq!(
        quiet(json!({"type": "string", "examples": ["a", "b"]})),
        json!({"type": "string", "example": "a", "x-examples": ["a", "b"]})
    );
}

#[test]
fn numeric_exclusive_bounds() {
    assert_eq!(
        quiet(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10.5})),
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10.5, "exclusiveMaximum": true})
    );
    // An inclusive bound that is tighter wins; the boolean (3.0) form stays.
    assert_eq!(
        quiet(
            json!({"type": "integer", "exclusiveMinimum": 0, "minimum": 5, "maximum": 9, "exclusiveMaximum": true})
        ),
        json!({"type": "integer", "minimum": 5, "maximum": 9, "exclusiveMaximum": true})
    );
}

#[test]
fn ref_with_siblings() {
    let expected = json!({"description": "the owner", "nullable": true, "allOf": [{"$ref": "#/components/schemas/User"}]});
    let s =
        json!({"$ref": "#/components/schemas/User", "description": "the owner", "nullable": true});
    assert_eq!(quiet(s.clone()), expected);
    // In 3.0 documents too.
    let mut spec = spec_31(json!({"schemas": {"S": s}}));
    spec["openapi"] = json!("3.0.3");
    let (value, _) = run(spec);
    assert_eq!(value["components"]["schemas"]["S"], expected);
    // A bare `$ref` is left alone.
    assert_eq!(
        quiet(json!({"$ref": "#/components/schemas/User"})),
        json!({"$ref": "#/components/schemas/User"})
    );
}

#[test]
fn json_schema_keywords_are_kept_as_extensions() {
    let (value, warnings) = schema(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/s",
        "$comment": "c",
        "$anchor": "a",
        "type": "object",
        "propertyNames": {"pattern": "^[a-z]+$"},
        "unevaluatedProperties": false,
        "dependentRequired": {"a": ["b"]},
        "dependentSchemas": {"a": {"required": ["c"]}},
        "if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {},
        "properties": {"list": {"type": "array", "prefixItems": [{"type": "string"}]}},
    }));
    let moved = [
        "$schema",
        "$id",
        "$comment",
        "$anchor",
        "propertyNames",
        "unevaluatedProperties",
        "dependentRequired",
        "dependentSchemas",
        "if",
        "then",
        "else",
    ];
    for name in moved {
        assert!(value.get(name).is_none(), "{name} still there");
        assert!(value.get(format!("x-{name}")).is_some(), "x-{name} missing");
        assert!(
            warnings.iter().any(|(p, _)| *p == at(&format!("/{name}"))),
            "no warning for {name}"
        );
    }
    assert_eq!(
        value["properties"]["list"],
        json!({"type": "array", "x-prefixItems": [{"type": "string"}]})
    );
    assert!(warnings
        .iter()
        .any(|(p, _)| *p == at("/properties/list/prefixItems")));
    assert_eq!(warnings.len(), moved.len() + 1);
    insta::assert_snapshot!(warnings[0].1, @"`$schema` has no OpenAPI 3.0 equivalent: kept as `x-$schema`, not enforced");
}

#[test]
fn definitions_move_quietly_and_are_normalized_as_schemas() {
    let value = quiet(json!({
        "type": "object",
        "$defs": {"D": {"type": ["string", "null"]}},
        "definitions": {"E": {"const": 1}},
    }));
    assert!(value.get("$defs").is_none() && value.get("definitions").is_none());
    assert_eq!(
        value["x-$defs"]["D"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        value["x-definitions"]["E"],
        json!({"type": "integer", "enum": [1]})
    );
}

#[test]
fn pattern_properties_become_the_map_values() {
    assert_eq!(
        quiet(json!({"patternProperties": {"^x": {"type": "string"}}})),
        json!({
            "additionalProperties": {"type": "string"},
            "type": "object",
            "x-patternProperties": {"^x": {"type": "string"}},
        })
    );
    // Several patterns: any of their schemas.
    assert_eq!(
        quiet(json!({
            "type": "object",
            "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}},
            "additionalProperties": false,
        }))["additionalProperties"],
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
    );
    // Beside other additional properties it says nothing more: kept, warned.
    let (value, warnings) = schema(json!({
        "type": "object",
        "patternProperties": {"^a": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
    }));
    assert_eq!(value["additionalProperties"], json!({"type": "integer"}));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn null_only_schemas_keep_type_null() {
    assert_eq!(
        quiet(json!({"type": "null"})),
        json!({"type": "null", "nullable": true})
    );
    assert_eq!(
        quiet(json!({"anyOf": [{"type": "null"}]})),
        json!({"type": "null", "nullable": true})
    );
}

#[test]
fn content_encoding_sets_format() {
    // `format` says it all: no warning.
    assert_eq!(
        quiet(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte", "x-contentEncoding": "base64"})
    );
    assert_eq!(
        quiet(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "format": "binary", "x-contentMediaType": "image/png"})
    );
    // Text content: no 3.0 spelling, so a warning.
    let (value, warnings) =
        schema(json!({"type": "string", "contentMediaType": "application/json"}));
    assert_eq!(
        value,
        json!({"type": "string", "x-contentMediaType": "application/json"})
    );
    assert_eq!(warnings.len(), 1);
}

#[test]
fn document_level_rewrites() {
    let (value, warnings) = run(json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
        "webhooks": {"newPet": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}},
            "responses": {"200": {"description": "ok"}},
        }}},
        "components": {"pathItems": {"P": {"get": {"responses": {"200": {"description": "ok"}}}}}},
    }));
    assert_eq!(value["openapi"], "3.0.3");
    assert_eq!(value["paths"], json!({}));
    assert_eq!(
        value["info"]["license"],
        json!({"name": "MIT", "x-identifier": "MIT"})
    );
    assert_eq!(value["info"]["x-summary"], "s");
    assert!(value.get("webhooks").is_none());
    // Webhooks are normalized too.
    assert_eq!(
        value["x-webhooks"]["newPet"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert!(value["components"].get("pathItems").is_none());
    assert!(value["components"]["x-pathItems"]["P"].is_object());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].0, "/jsonSchemaDialect");
}

#[test]
fn schemas_everywhere_are_found() {
    let nullable = json!({"type": ["string", "null"]});
    let expected = json!({"type": "string", "nullable": true});
    let media = json!({"application/json": {"schema": nullable}});
    let (value, _) = run(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": nullable}],
            "post": {
                "parameters": [{"name": "q", "in": "query", "content": media}],
                "requestBody": {"content": {"multipart/form-data": {
                    "schema": {"type": "object", "properties": {"f": nullable}},
                    "encoding": {"f": {"headers": {"X-E": {"schema": nullable}}}},
                }}},
                "responses": {"200": {"description": "ok", "headers": {"X-H": {"schema": nullable}}, "content": media}},
                "callbacks": {"cb": {"{$request.body#/url}": {"post": {
                    "requestBody": {"content": media},
                    "responses": {"default": {"description": "ok"}},
                }}}},
            },
        }},
        "components": {
            "parameters": {"P": {"name": "p", "in": "header", "schema": nullable}},
            "headers": {"H": {"schema": nullable}},
            "requestBodies": {"B": {"content": media}},
            "responses": {"R": {"description": "r", "content": media}},
            "schemas": {"S": {"type": "array", "items": {"allOf": [{"not": nullable}], "additionalProperties": nullable}}},
        },
    }));
    let op = &value["paths"]["/a/{id}"]["post"];
    for found in [
        &value["paths"]["/a/{id}"]["parameters"][0]["schema"],
        &op["parameters"][0]["content"]["application/json"]["schema"],
        &op["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["f"],
        &op["requestBody"]["content"]["multipart/form-data"]["encoding"]["f"]["headers"]["X-E"]
            ["schema"],
        &op["responses"]["200"]["headers"]["X-H"]["schema"],
        &op["responses"]["200"]["content"]["application/json"]["schema"],
        &op["callbacks"]["cb"]["{$request.body#/url}"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"],
        &value["components"]["parameters"]["P"]["schema"],
        &value["components"]["headers"]["H"]["schema"],
        &value["components"]["requestBodies"]["B"]["content"]["application/json"]["schema"],
        &value["components"]["responses"]["R"]["content"]["application/json"]["schema"],
        &value["components"]["schemas"]["S"]["items"]["allOf"][0]["not"],
        &value["components"]["schemas"]["S"]["items"]["additionalProperties"],
    ] {
        assert_eq!(found, &expected);
    }
}

#[test]
fn leniency_for_real_specs() {
    // pagerduty: a string among integer enum values.
    let (value, warnings) =
        schema(json!({"type": "integer", "enum": [10, "20 - incident_summary", 30.0]}));
    assert_eq!(value, json!({"type": "integer", "enum": [10, 30]}));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].0, at("/enum"));
    insta::assert_snapshot!(warnings[0].1, @r#"`enum` values not of type integer dropped: "20 - incident_summary""#);
    // Numbers in a string enum are strings.
    assert_eq!(
        quiet(json!({"type": "string", "enum": ["a", 1, true]})),
        json!({"type": "string", "enum": ["a", "1", "true"]})
    );
    // 3.0 spellings inside 3.1 documents stay; examples and defaults of the wrong type too.
    let kept = json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true, "default": "20", "example": "x"});
    assert_eq!(quiet(kept.clone()), kept);
    // Boolean schemas.
    assert_eq!(
        quiet(json!({"type": "object", "properties": {"a": true, "b": false}})),
        json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}})
    );
}

#[test]
fn things_openapiv3_would_drop_are_reported() {
    let (value, warnings) = run(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "a": {},
            "/b": {"get": {"responses": {"200": {"description": "ok"}, "20": {"description": "?"}, "x-y": 1}}},
        },
        "components": {"schemas": {"T": {"type": "array", "items": [{"type": "string"}], "required": true}}},
    }));
    assert_eq!(
        value["components"]["schemas"]["T"],
        json!({"type": "array", "x-items": [{"type": "string"}], "x-required": true})
    );
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/paths/a",
            "/paths/~1b/get/responses/20",
            "/components/schemas/T/items",
            "/components/schemas/T/required"
        ]
    );
}

#[test]
fn unsupported_security_schemes_are_set_aside() {
    let (value, warnings) = run(spec_31(json!({"securitySchemes": {
        "key": {"type": "apiKey", "name": "k", "in": "header"},
        "tls": {"type": "mutualTLS"},
    }})));
    assert_eq!(
        value["components"]["securitySchemes"],
        json!({"key": {"type": "apiKey", "name": "k", "in": "header"}})
    );
    assert_eq!(
        value["components"]["x-unsupportedSecuritySchemes"],
        json!({"tls": {"type": "mutualTLS"}})
    );
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].0, "/components/securitySchemes/tls");
}

#[test]
fn an_item_schema_is_kept_as_an_extension_with_a_warning() {
    let (value, warnings) = run(json!({
        "openapi": "3.2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/e": {"get": {"responses": {"200": {
            "description": "events",
            "content": {"text/event-stream": {"itemSchema": {"type": "object"}}},
        }}}}},
    }));
    let media = &value["paths"]["/e"]["get"]["responses"]["200"]["content"]["text/event-stream"];
    assert_eq!(media, &json!({"x-itemSchema": {"type": "object"}}));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].0,
        "/paths/~1e/get/responses/200/content/text~1event-stream/itemSchema"
    );
    assert!(warnings[0]
        .1
        .contains("`itemSchema` (OpenAPI 3.2) is not supported"));
}
