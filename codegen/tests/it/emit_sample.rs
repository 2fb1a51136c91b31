//! Writes the sample crate to `$EMIT_SAMPLE_DIR` (when set) so that it can be
//! checked by hand with `cargo clippy -- -D warnings`, `cargo doc` and
//! `cargo test --doc`; without the variable it only checks that emission
//! succeeds and is deterministic.
use crate::emit_common;
use crate::lower_support::Lowering;

use codegen::emit::emit;

#[test]
fn sample_crate_emits_deterministically() {
    let mut document = emit_common::sample::document();
    if let Some(path) = std::env::var_os("EMIT_SAMPLE_DOCS") {
        add_docs(&mut document.value, &std::fs::read_to_string(path).unwrap());
    }
    let api = Lowering::loaded(document).api();
    let mut options = emit_common::options();
    let first = emit(&api, &options).expect("emit");
    assert_eq!(first, emit(&api, &options).expect("emit"));
    options.standalone = true;
    emit(&api, &options).expect("emit, standalone");
    emit_common::write_crate("sample", &api);
}

/// Puts every string of a JSON array of spec descriptions on the sample
/// (as field docs and operation summaries/descriptions), to check the doc
/// sanitizer against rustdoc and clippy on real text.
fn add_docs(spec: &mut serde_json::Value, json: &str) {
    use serde_json::{json, Map, Value};
    let texts: Vec<String> = serde_json::from_str(json).unwrap();
    let schemas = spec["components"]["schemas"]
        .as_object_mut()
        .expect("the sample has schemas");
    for (n, chunk) in texts.chunks(400).enumerate() {
        let properties: Map<String, Value> = (chunk.iter().enumerate())
            .map(|(i, text)| {
                let property = json!({"type": "boolean", "description": text, "example": text});
                (format!("f{i}"), property)
            })
            .collect();
        let mut schema = json!({"type": "object", "properties": properties});
        if let Some(first) = chunk.first() {
            schema["description"] = json!(first);
        }
        schemas.insert(format!("Docs{n}"), schema);
    }
    let paths = spec["paths"].as_object_mut().expect("the sample has paths");
    for (i, pair) in texts.chunks(2).take(1500).enumerate() {
        let mut get = json!({
            "operationId": format!("doc_op_{i}"),
            "summary": pair.first(),
            "responses": {"400": {"description": pair.get(1).map_or("", String::as_str)}},
        });
        if let Some(description) = pair.get(1) {
            get["description"] = json!(description);
        }
        paths.insert(format!("/docs/{i}"), json!({ "get": get }));
    }
}

/// `emit_with_surface` formats `types.rs` on a second thread: its files and
/// surface are exactly those of the two stages run one after the other.
#[test]
fn the_threaded_emit_equals_the_stages_in_turn() {
    let api = emit_common::sample::sample();
    let options = emit_common::options();
    let (files, surface) = codegen::emit::emit_with_surface(&api, &options).expect("emit");
    let emitted = codegen::emit::emit_tokens(&api, &options).expect("emit_tokens");
    let (staged_files, staged_surface) = emitted.format().expect("format");
    assert_eq!(files, staged_files);
    assert_eq!(surface, staged_surface);
    let paths: Vec<_> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "README.md",
            "API.md",
            "src/lib.rs",
            "src/client.rs",
            "src/operations.rs",
            "src/testing.rs",
            "src/types.rs"
        ]
    );
}
