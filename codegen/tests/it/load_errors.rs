//! Every way a spec can fail to load gives one clear message naming the
//! file, the JSON pointer and the line:column.

use std::path::Path;

use codegen::{load, normalize, Document, Error};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(name);
    std::fs::read_to_string(path).expect("fixture exists")
}

/// load → normalize → to_openapi. Files are named relative to `tests/`, so
/// messages do not depend on the machine.
fn pipeline(file: &str, text: &str) -> Result<Document, Error> {
    let mut doc = load::parse(file, text)?;
    normalize::normalize(&mut doc)?;
    normalize::to_openapi(&doc)?;
    Ok(doc)
}

fn error(name: &str) -> String {
    match pipeline(&format!("fixtures/load/{name}"), &fixture(name)) {
        Ok(_) => panic!("{name} should fail"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn invalid_yaml() {
    insta::assert_snapshot!(error("invalid.yaml"), @"fixtures/load/invalid.yaml:8:9 at #/: invalid YAML: illegal placement of ':' indicator");
}

#[test]
fn invalid_json() {
    insta::assert_snapshot!(error("invalid.json"), @"fixtures/load/invalid.json:5:40 at #/: invalid JSON: trailing comma");
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(error("empty.yaml"), @"fixtures/load/empty.yaml:1:1 at #/: empty document");
}

#[test]
fn swagger_2() {
    insta::assert_snapshot!(error("swagger.yaml"), @"fixtures/load/swagger.yaml:1:1 at #/swagger: Swagger 2.0 is not supported: convert it to OpenAPI 3 first (e.g. with swagger2openapi)");
}

#[test]
fn openapi_4() {
    insta::assert_snapshot!(error("openapi4.yaml"), @r#"fixtures/load/openapi4.yaml:4:1 at #/openapi: unsupported OpenAPI version "4.0.0": expected 3.0.x or 3.1.x"#);
}

#[test]
fn missing_openapi() {
    insta::assert_snapshot!(error("missing_openapi.json"), @"fixtures/load/missing_openapi.json:1:1 at #/: missing `openapi` field: not an OpenAPI 3 document");
}

#[test]
fn root_not_a_mapping() {
    insta::assert_snapshot!(error("root_list.yaml"), @"fixtures/load/root_list.yaml:1:1 at #/: the document root must be a mapping, found a list");
}

#[test]
fn wrong_type_in_yaml_flow_mapping() {
    insta::assert_snapshot!(error("wrong_type.yaml"), @"fixtures/load/wrong_type.yaml:5:22 at #/paths/~1x/get/responses: invalid responses: expected a mapping, found integer `5`");
}

#[test]
fn wrong_type_deep_in_a_json_schema() {
    insta::assert_snapshot!(error("wrong_type.json"), @"fixtures/load/wrong_type.json:13:23 at #/components/schemas/Pet/properties/tags/items/type: invalid schema: expected a string, found integer `5`");
}

#[test]
fn missing_required_field() {
    // (A response's missing `description` is tolerated: `normalize/tolerate.rs`.)
    insta::assert_snapshot!(error("missing_name.yaml"), @"fixtures/load/missing_name.yaml:9:11 at #/paths/~1users/get/parameters/0: invalid parameter: missing required field `name`");
}

#[test]
fn other_versions() {
    let version = |v: &str| {
        let text = format!("openapi: {v}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n");
        pipeline("v.yaml", &text)
            .map(drop)
            .map_err(|e| e.to_string())
    };
    for ok in ["3.0.0", "3.0.4", "3.1.0", "3.1.1", "3.2.0", "'3.1'", "3.0"] {
        assert_eq!(version(ok), Ok(()), "{ok}");
    }
    insta::assert_snapshot!(version("2.1").unwrap_err(), @r#"v.yaml:1:1 at #/openapi: unsupported OpenAPI version 2.1: expected 3.0.x or 3.1.x"#);
    insta::assert_snapshot!(version("'3.x'").unwrap_err(), @r#"v.yaml:1:1 at #/openapi: unsupported OpenAPI version "3.x": expected 3.0.x or 3.1.x"#);
}

#[test]
fn yaml_duplicate_and_multiple_documents() {
    let err = |text: &str| {
        load::parse("d.yaml", text)
            .map(drop)
            .unwrap_err()
            .to_string()
    };
    insta::assert_snapshot!(err("openapi: 3.0.0\nopenapi: 3.1.0\n"), @"d.yaml:2:1 at #/: invalid YAML: duplicate mapping key: openapi");
    insta::assert_snapshot!(err("openapi: 3.0.0\n---\nopenapi: 3.1.0\n"), @"d.yaml:3:1 at #/: invalid YAML: a spec must be a single YAML document, found several");
}

#[test]
fn documents_built_in_memory_have_no_line() {
    let doc = Document::from_value(
        "mem.json",
        serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {}}}}}}),
    );
    let err = normalize::to_openapi(&doc).unwrap_err().to_string();
    insta::assert_snapshot!(err, @"mem.json at #/paths/~1a/get/responses/200: invalid response: missing required field `description`");
}

#[test]
fn errors_are_pinned_to_the_deepest_node() {
    let err = |body: &str| {
        let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}");
        pipeline("e.yaml", &text).map(drop).unwrap_err().to_string()
    };
    insta::assert_snapshot!(
        err("paths:\n  /a:\n    get:\n      parameters:\n        - {name: a, in: body}\n      responses: {}\n"),
        @"e.yaml:7:21 at #/paths/~1a/get/parameters/0/in: invalid parameter: unknown variant `body`, expected one of `query`, `header`, `path`, `cookie`"
    );
    insta::assert_snapshot!(
        err("paths:\n  /a:\n    get:\n      parameters:\n        - name: a\n          in: query\n          schema:\n            type: object\n            properties:\n              b: {type: string, minLength: -1}\n      responses: {}\n"),
        @"e.yaml:12:33 at #/paths/~1a/get/parameters/0/schema/properties/b/minLength: invalid schema: expected a non-negative integer, found integer `-1`"
    );
    insta::assert_snapshot!(
        err("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      additionalProperties: 5\n"),
        @"e.yaml:8:7 at #/components/schemas/A/additionalProperties: invalid schema: expected a mapping, found integer `5`"
    );
    insta::assert_snapshot!(
        err("paths: []\n"),
        @"e.yaml:3:1 at #/paths: invalid paths: expected a mapping, found sequence"
    );
}
