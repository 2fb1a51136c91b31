//! Writes the sample crate to `$EMIT_SAMPLE_DIR` (when set) so that it can be
//! checked by hand with `cargo clippy -- -D warnings`, `cargo doc` and
//! `cargo test --doc`; without the variable it only checks that emission
//! succeeds and is deterministic.
use crate::emit_common;

use codegen::emit::emit;

#[test]
fn sample_crate_emits_deterministically() {
    let mut api = emit_common::sample::sample();
    if let Some(path) = std::env::var_os("EMIT_SAMPLE_DOCS") {
        add_docs(&mut api, &std::fs::read_to_string(path).unwrap());
    }
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
fn add_docs(api: &mut codegen::ir::Api, json: &str) {
    use codegen::ir::*;
    let texts: Vec<String> = serde_json::from_str(json).unwrap();
    for (n, chunk) in texts.chunks(400).enumerate() {
        let fields = chunk
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let mut f =
                    emit_common::field(&format!("f{i}"), &format!("f{i}"), TypeRef::Bool, false);
                f.doc = Some(text.clone());
                f.example = Some(text.clone());
                f
            })
            .collect();
        let ty = emit_common::add(api, &format!("Docs{n}"), emit_common::strukt(fields));
        emit_common::def_mut(api, &ty).doc = chunk.first().cloned();
    }
    for (i, pair) in texts.chunks(2).take(1500).enumerate() {
        let mut op = emit_common::op(&format!("doc_op_{i}"), "GET", &format!("/docs/{i}"));
        op.summary = pair.first().cloned();
        op.description = pair.get(1).cloned();
        let mut r = emit_common::json(400, false, "BadRequest", TypeRef::Unit);
        r.description = pair.get(1).cloned();
        op.responses = vec![r];
        api.operations.push(op);
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
