//! What the YAML and JSON readers accept, and that no input makes them panic.

use std::path::Path;

use codegen::{load, normalize, Error};
use serde_json::json;

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";

fn yaml(body: &str) -> serde_json::Value {
    let doc = load::parse("t.yaml", &format!("{HEAD}{body}")).expect("parses");
    doc.value.get("x").cloned().expect("has x")
}

#[test]
fn yaml_keys_become_strings() {
    let x = yaml("x:\n  200: ok\n  4XX: range\n  true: yes\n  1.5: f\n  ~: n\n");
    assert_eq!(
        x,
        json!({"200": "ok", "4XX": "range", "true": "yes", "1.5": "f", "null": "n"})
    );
}

#[test]
fn yaml_scalars_follow_yaml_1_2() {
    let x = yaml(
        "x: [yes, no, on, True, false, 012, 1_000, 0x1F, 99999999999999999999, -99999999999999999999, 1.5, 2024-01-01, '7']\n",
    );
    assert_eq!(
        x,
        json!([
            "yes",
            "no",
            "on",
            true,
            false,
            "012",
            "1_000",
            31,
            1e20,
            -1e20,
            1.5,
            "2024-01-01",
            "7"
        ])
    );
}

#[test]
fn json_big_integers_and_bom() {
    let text = "\u{feff}{\"openapi\": \"3.0.3\", \"x\": 123456789012345678901234567890}";
    let doc = load::parse("t.json", text).expect("parses");
    assert_eq!(doc.value["x"], json!(1.2345678901234568e29));
}

#[test]
fn yaml_anchors_may_be_reused_many_times() {
    let mut text = format!("{HEAD}x:\n  base: &err {{description: Error}}\n");
    for i in 0..500 {
        text.push_str(&format!("  e{i}: *err\n"));
    }
    let doc = load::parse("t.yaml", &text).expect("parses");
    assert_eq!(doc.value["x"]["e499"], json!({"description": "Error"}));
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names: Vec<char> = ('b'..='j').collect();
    let mut previous = 'a';
    for name in names {
        let refs = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    let started = std::time::Instant::now();
    let err = load::parse("bomb.yaml", &text).map(drop).unwrap_err();
    let Error::Syntax {
        location,
        format,
        message,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (location.to_string(), *format),
        ("bomb.yaml:6:8 at #/".to_string(), "YAML")
    );
    // What follows is the YAML reader's own account of the limit.
    assert!(
        message.starts_with(
            "the document exceeds a safety limit of the YAML reader \
             (too deep, or aliases expanding too much): "
        ),
        "{message}"
    );
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 1000;
    let yaml_text = format!(
        "openapi: 3.0.0\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    too_deep("deep.yaml", &yaml_text, "YAML", "recursion limit exceeded");
    let json_text = format!("{{\"x\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    too_deep("deep.json", &json_text, "JSON", "recursion limit exceeded");
    let block: String = (0..depth)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    too_deep("deep2.yaml", &block, "YAML", "too deep");
}

/// `text` refused by the reader of `format` as a syntax error of `file`,
/// with a position and a message containing `part`.
fn too_deep(file: &str, text: &str, format: &str, part: &str) {
    match load::parse(file, text).map(drop) {
        Err(Error::Syntax {
            location,
            format: found,
            message,
        }) => {
            assert_eq!(location.file, Path::new(file));
            assert!(location.line_col.is_some(), "{file}: no position");
            assert_eq!(found, format, "{file}");
            assert!(message.contains(part), "{file}: `{message}` lacks `{part}`");
        }
        other => panic!("{file}: expected a syntax error, got {other:?}"),
    }
}

/// Nesting up to the parsers' limit works on the (small) test-thread stack.
#[test]
fn deep_but_legal_nesting_works() {
    let depth = 120;
    let yaml_text = format!("{HEAD}x: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    load::parse("deep.yaml", &yaml_text).expect("120 levels of YAML");
    let mut schema = json!({"type": "string"});
    for _ in 0..60 {
        schema = json!({"type": "object", "properties": {"a": schema}});
    }
    let spec = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": schema}},
    });
    let mut doc = load::parse("deep.json", &spec.to_string()).expect("124 levels of JSON");
    normalize::normalize(&mut doc).expect("normalizes");
    normalize::to_openapi(&doc).expect("openapiv3 reads it");
}

/// Every prefix of real-looking specs (cut at each character) goes through
/// the whole pipeline without panicking.
#[test]
fn truncated_specs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load");
    for name in [
        "positions.yaml",
        "wrong_type.json",
        "invalid.yaml",
        "missing_name.yaml",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).expect("fixture exists");
        for (cut, _) in text.char_indices() {
            let Ok(mut doc) = load::parse(name, &text[..cut]) else {
                continue;
            };
            if normalize::normalize(&mut doc).is_ok() {
                let _ = normalize::to_openapi(&doc);
            }
        }
    }
}

#[test]
fn odd_inputs_never_panic() {
    for text in [
        "", " ", "\n\n", "{", "}", "[", "{]", "\"", "'", "~", "null", "[]", "{}", "42",
        "openapi:", "openapi: [3]", "openapi: {a: 1}", "openapi: 3.1.0\npaths: 5",
        "openapi: 3.1.0\ncomponents: {schemas: {A: {type: [1, 2]}}}",
        "openapi: 3.1.0\ncomponents: {schemas: {A: {anyOf: 5, oneOf: [], allOf: {}}}}",
        "openapi: 3.1.0\ncomponents: {schemas: {A: {const: null, examples: {}, exclusiveMinimum: x}}}",
        "openapi: 3.1.0\npaths: {/a: {get: {parameters: [5, {in: 7}]}}}",
        "? - a\n: b\n", "&a [*a]", "*a", "!!binary x", "- - - -", "a: |\n", "a: >\n  b\n c",
        "\u{0}", "\t", "a:\tb", "{\"a\": 1e999}", "a: .inf", "a: -.nan",
    ] {
        let Ok(mut doc) = load::parse("odd", text) else { continue };
        if normalize::normalize(&mut doc).is_ok() {
            let _ = normalize::to_openapi(&doc);
        }
    }
}
