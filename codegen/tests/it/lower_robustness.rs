//! Hostile or odd inputs to lowering alone: no panic, no stack overflow,
//! bounded time. Each document is handed to `lower` as built
//! (`Lowering::value`: deeper than the loader reads; `skip_normalize`: so
//! lowering meets the odd input itself, not normalize's rewrite of it).

use serde_json::{json, Value};

use crate::lower_support::Lowering;

/// Runs `f` on a thread with a large stack: `openapiv3`'s own
/// deserialization (inside `to_openapi`) recurses deeply on nested schemas.
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic");
}

fn spec(schemas: Value, paths: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths,
           "components": {"schemas": schemas}})
}

#[test]
fn deep_nesting_is_cut_not_overflowed() {
    on_big_stack(|| {
        let mut schema = json!({"type": "string"});
        for _ in 0..300 {
            schema = json!({"type": "object", "properties": {"p": schema}});
        }
        let api = Lowering::value("t.json", spec(json!({"Deep": schema}), json!({})))
            .skip_normalize()
            .api();
        assert!(api
            .warnings
            .iter()
            .any(|w| w.message.contains("nested too deeply")));
        assert!(api.types.len() <= 70, "{}", api.types.len());
    });
}

#[test]
fn long_all_of_chains_of_components() {
    let mut schemas = serde_json::Map::new();
    let n = 400;
    for i in 0..n {
        let next = if i + 1 < n {
            json!({"allOf": [{"$ref": format!("#/components/schemas/S{}", i + 1)},
                             {"properties": {format!("f{i}"): {"type": "string"}}}]})
        } else {
            json!({"type": "object", "properties": {"last": {"type": "string"}}})
        };
        schemas.insert(format!("S{i}"), next);
    }
    let api = Lowering::value("t.json", spec(Value::Object(schemas), json!({})))
        .skip_normalize()
        .api();
    assert_eq!(api.types.len(), n);
    // Every component is a struct, none was given up as JSON.
    assert!(api
        .types
        .values()
        .all(|t| matches!(t.kind, codegen::ir::TypeKind::Struct(_))));
}

#[test]
fn recursive_all_of_does_not_loop() {
    let api = Lowering::value("t.json", spec(
        json!({
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"properties": {"a": {"type": "string"}}}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "string"}}}]}
        }),
        json!({}),
    ))
    .skip_normalize().api();
    assert!(api
        .warnings
        .iter()
        .any(|w| w.message.contains("recursive allOf")));
}

#[test]
fn self_referencing_deep_ref_is_a_cycle() {
    let schemas = json!({"C": {"type": "object", "properties":
        {"c": {"$ref": "#/components/schemas/C/properties/c"}}}});
    let e = Lowering::value("t.json", spec(schemas, json!({})))
        .skip_normalize()
        .error();
    assert_eq!(
        e.to_string(),
        "t.json at #/components/schemas/C/properties/c/$ref: $ref cycle: \
         #/components/schemas/C/properties/c -> #/components/schemas/C/properties/c"
    );
}

#[test]
fn many_colliding_names_stay_linear() {
    let mut schemas = serde_json::Map::new();
    for i in 0..3000 {
        // All of these become `Thing` before de-duplication.
        let name = match i % 3 {
            0 => format!("Ns{i}_Models_Thing"),
            1 => format!("thing{}{i}", "_".repeat(i % 7 + 1)),
            _ => format!("a{i}.Thing"),
        };
        schemas.insert(
            name,
            json!({"type": "object", "properties": {"x": {"type": "string"}}}),
        );
    }
    let mut paths = serde_json::Map::new();
    for i in 0..2000 {
        paths.insert(
            format!("/things/{i}"),
            json!({"get": {"operationId": "getThing", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"type": "object",
                "properties": {"x": {"type": "string", "enum": ["a"]}}}}}}}}}),
        );
    }
    let start = std::time::Instant::now();
    let api = Lowering::value("t.json", spec(Value::Object(schemas), Value::Object(paths)))
        .skip_normalize()
        .api();
    let names: std::collections::HashSet<&str> =
        api.types.values().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), api.types.len(), "type names are unique");
    let methods: std::collections::HashSet<&str> = api
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(methods.len(), 2000);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn odd_but_valid_documents() {
    for value in [
        json!({"openapi": "3.0.0", "info": {"title": "", "version": ""}, "paths": {}}),
        spec(
            json!({"": {"type": "object", "properties": {"": {}, "%": {}}}}),
            json!({}),
        ),
        spec(json!({"E": {"type": "string", "enum": []}}), json!({})),
        spec(json!({"N": {"enum": [null]}}), json!({})),
        spec(json!({"O": {"oneOf": []}}), json!({})),
        spec(json!({"X": {"not": {"type": "string"}}}), json!({})),
        spec(json!({"T": {"type": "file"}}), json!({})),
        spec(json!({}), json!({"/{a}/{a}": {"get": {"responses": {}}}})),
        spec(
            json!({}),
            json!({"/x": {"get": {"responses": {"default": {"description": "d"}}}}}),
        ),
        spec(
            json!({}),
            json!({"/x": {"$ref": "#/paths/~1y"}, "/y": {"get": {"responses": {}}}}),
        ),
    ] {
        if let Err(e) = Lowering::value("t.json", value.clone())
            .skip_normalize()
            .run()
        {
            panic!("{value}: {e}");
        }
    }
}
