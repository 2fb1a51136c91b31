//! OpenAPI 3.1 fixed fields that 3.0 requires (`paths`, an operation's
//! `responses`, …): absent, they mean what `normalize`'s one table says, and
//! the whole pipeline generates code that parses.

use std::path::{Path, PathBuf};

use codegen::normalize::{normalize, to_openapi};
use codegen::{CrateOptions, Document, LowerOptions};
use serde_json::json;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/openapi31")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    (path, text)
}

fn krate() -> CrateOptions {
    CrateOptions {
        crate_name: "fixture-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: r#"{ path = "../../runtime" }"#.into(),
        env_prefix: "FIXTURE".into(),
        standalone: false,
        spec_file: "fixture.yaml".into(),
        default_headers: Vec::new(),
    }
}

/// Generates a fixture; every emitted Rust file must parse. Returns the
/// crate's Rust sources, concatenated.
fn generate(name: &str) -> String {
    let (path, text) = fixture(name);
    let generated = codegen::generate_from_str(&path, &text, &LowerOptions::default(), &krate())
        .unwrap_or_else(|e| panic!("{name} should generate: {e}"));
    let mut all = String::new();
    for file in generated
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        if let Err(e) = syn::parse_file(&file.contents) {
            panic!("{name}: {} does not parse: {e}", file.path.display());
        }
        all.push_str(&file.contents);
    }
    all
}

#[test]
fn components_only_document() {
    let code = generate("components-only.yaml");
    assert!(code.contains("pub struct Pet"), "{code}");
}

#[test]
fn webhooks_only_document() {
    let code = generate("webhooks-only.yaml");
    assert!(code.contains("pub struct Pet"), "{code}");
}

#[test]
fn operation_without_responses_succeeds_with_unit() {
    let code = generate("no-responses.yaml");
    let method = |name: &str| {
        let start = code
            .find(&format!("pub fn {name}"))
            .unwrap_or_else(|| panic!("no method {name}:\n{code}"));
        code[start..]
            .split("\n    }\n")
            .next()
            .unwrap_or("")
            .to_string()
    };
    for (name, call) in [
        ("delete_pet", "DeletePetCall"),
        ("touch_pet", "TouchPetCall"),
    ] {
        let body = method(name);
        assert!(code.contains(&format!("{call}((),")), "{name}: {code}");
        assert!(body.contains("200..=299 => Ok(())"), "{name}: {body}");
    }
}

fn normalized(value: serde_json::Value) -> Document {
    let mut doc = Document::from_value("t.json", value);
    let warnings = normalize(&mut doc).expect("normalizes");
    assert_eq!(warnings, vec![]);
    doc
}

/// The table, rule by rule, on the `serde_json::Value`: what is inserted,
/// and that `openapiv3` then reads the document.
#[test]
fn absent_optional_fields_get_their_defaults() {
    let doc = normalized(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "webhooks": {"w": {"post": {}}},
        "components": {"callbacks": {"c": {"{$url}": {"get": {"responses": null}}}}},
    }));
    let v = &doc.value;
    assert_eq!(v["paths"], json!({}));
    assert_eq!(v["x-webhooks"]["w"]["post"]["responses"], json!({}));
    assert_eq!(
        v["components"]["callbacks"]["c"]["{$url}"]["get"]["responses"],
        json!({})
    );
    to_openapi(&doc).expect("openapiv3 reads it");

    // 3.2: a response without `description`.
    let doc = normalized(json!({
        "openapi": "3.2.0",
        "info": {"title": "t", "version": "1"},
        "components": {"responses": {"Empty": {}, "Null": {"description": null},
                                     "Ref": {"$ref": "#/components/responses/Empty"}}},
    }));
    let responses = &doc.value["components"]["responses"];
    assert_eq!(responses["Empty"]["description"], "");
    assert_eq!(responses["Null"]["description"], "");
    assert_eq!(
        responses["Ref"],
        json!({"$ref": "#/components/responses/Empty"})
    );
    to_openapi(&doc).expect("openapiv3 reads it");
}

/// A field is only optional from the version that made it so; a present
/// one, even of the wrong type, is not replaced; fields 3.1 still requires
/// stay errors.
#[test]
fn present_or_still_required_fields_are_not_defaulted() {
    let error = |value| {
        let doc = normalized(value);
        to_openapi(&doc).expect_err("invalid").to_string()
    };
    let info = json!({"title": "t", "version": "1"});
    let e = error(json!({"openapi": "3.0.3", "info": info,
                         "paths": {"/a": {"get": {}}}}));
    assert_eq!(
        e,
        "t.json at #/paths/~1a/get: invalid operation: missing required field `responses`"
    );
    // (A 3.1 response without `description` is tolerated, with a warning:
    // `normalize/tolerate.rs`, tested in `constructs.rs`.)
    let e = error(json!({"openapi": "3.1.0", "info": info,
                         "paths": {"/a": {"get": {"responses": 5}}}}));
    assert_eq!(e, "t.json at #/paths/~1a/get/responses: invalid responses: expected a mapping, found integer `5`");
    let e = error(json!({"openapi": "3.1.0", "paths": {}}));
    assert_eq!(
        e,
        "t.json at #/: invalid document: missing required field `info`"
    );
}
