//! Hostile input through the whole pipeline: each case ends in one located
//! error (or a successful generation), never a panic or a stack overflow,
//! and within seconds.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use codegen::{CrateOptions, Generated, LowerOptions};

/// The time a hostile case may take: at least 5 s (a debug build), and more on
/// a machine so loaded that generating Plaid's real spec takes over 1/20 of
/// it: the bound is against runaway work, which a busy machine does not cause.
fn bound() -> Duration {
    static BOUND: OnceLock<Duration> = OnceLock::new();
    *BOUND.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/plaid-2020-09-14.yaml");
        let text = std::fs::read_to_string(&path).expect("the plaid spec");
        let start = Instant::now();
        codegen::generate_from_str(&path, &text, &LowerOptions::default(), &krate())
            .expect("the plaid spec generates");
        Duration::from_secs(5).max(start.elapsed() * 20)
    })
}

fn krate() -> CrateOptions {
    CrateOptions {
        crate_name: "hostile-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: r#"{ path = "../../runtime" }"#.into(),
        env_prefix: "HOSTILE".into(),
        standalone: false,
        spec_file: "hostile.yaml".into(),
        default_headers: Vec::new(),
    }
}

/// Runs `f`, failing the test on a panic or when it takes over `bound`.
fn timed<T>(what: &str, bound: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{what}: panicked"));
    let elapsed = start.elapsed();
    println!("{what}: {elapsed:?}");
    assert!(elapsed < bound, "{what}: took {elapsed:?}");
    out
}

fn generate(name: &str, text: &str) -> codegen::Result<Generated> {
    generate_within(name, text, bound())
}

fn generate_within(name: &str, text: &str, bound: Duration) -> codegen::Result<Generated> {
    timed(name, bound, || {
        codegen::generate_from_str(Path::new(name), text, &LowerOptions::default(), &krate())
    })
}

/// Generates a large document, which must give `pub struct {name}`.
fn generates_struct(file: &str, text: &str, bound: Duration, name: &str) {
    let generated = generate_within(file, text, bound).unwrap_or_else(|e| panic!("generates: {e}"));
    let needle = format!("pub struct {name}");
    assert!(generated.files.iter().any(|f| f.contents.contains(&needle)));
}

/// The error `text` must give, as the user sees it.
fn error(name: &str, text: &str) -> String {
    match generate(name, text) {
        Ok(_) => panic!("{name} should not generate"),
        Err(e) => e.to_string(),
    }
}

const HEAD_YAML: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";

fn head_json(components: &str) -> String {
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {components}}}"#
    )
}

#[test]
fn yaml_alias_bomb() {
    let mut text = String::from(HEAD_YAML);
    text.push_str("x-lol:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        text.push_str(&format!("  l{i}: &l{i} [{refs}]\n"));
    }
    let e = error("bomb.yaml", &text);
    assert!(
        e.starts_with("bomb.yaml:")
            && e.contains("invalid YAML: the document exceeds a safety limit of the YAML reader"),
        "{e}"
    );
}

/// `depth` levels of `{"type": "object", "properties": {"p": …}}` (or of
/// `{"type": "array", "items": …}`) as JSON text, without recursion.
fn nested_json(depth: usize, via_items: bool) -> String {
    let (open, close) = if via_items {
        (r#"{"type": "array", "items": "#, "}")
    } else {
        (r#"{"type": "object", "properties": {"p": "#, "}}")
    };
    let mut s = open.repeat(depth);
    s.push_str(r#"{"type": "string"}"#);
    s.push_str(&close.repeat(depth));
    head_json(&format!(r#"{{"schemas": {{"Deep": {s}}}}}"#))
}

/// The same nesting as YAML flow and block text.
fn nested_yaml(depth: usize, via_items: bool) -> String {
    let mut text = String::from(HEAD_YAML);
    text.push_str("components:\n  schemas:\n    Deep:\n");
    for level in 0..depth {
        let pad = " ".repeat(6 + 2 * level);
        if via_items {
            text.push_str(&format!("{pad}type: array\n{pad}items:\n"));
        } else {
            text.push_str(&format!("{pad}type: object\n{pad}properties:\n{pad}  p:\n"));
        }
    }
    text
}

#[test]
fn schemas_nested_ten_thousand_deep_json() {
    for via_items in [false, true] {
        let e = error("deep.json", &nested_json(10_000, via_items));
        // serde_json's recursion limit (128): located at the line and column.
        assert!(
            e.starts_with("deep.json:1:") && e.ends_with("invalid JSON: recursion limit exceeded"),
            "{e}"
        );
    }
}

#[test]
fn schemas_nested_ten_thousand_deep_yaml() {
    for via_items in [false, true] {
        let e = error("deep.yaml", &nested_yaml(10_000, via_items));
        assert!(
            e.starts_with("deep.yaml:")
                && e.contains(
                    "invalid YAML: the document exceeds a safety limit of the YAML reader"
                ),
            "{e}"
        );
    }
}

/// Nesting just under the readers' cap goes through lowering, which cuts
/// it (with a warning) rather than recursing without end.
#[test]
fn schemas_nested_up_to_the_reader_limit() {
    for via_items in [false, true] {
        let depth = if via_items { 120 } else { 60 };
        let generated = generate("deep.json", &nested_json(depth, via_items))
            .unwrap_or_else(|e| panic!("generates: {e}"));
        let _ = generated;
    }
}

#[test]
fn ref_cycle_through_aliases() {
    let text = format!(
        "{HEAD_YAML}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n    User:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/A'}}\n"
    );
    let e = error("cycle.yaml", &text);
    assert_eq!(
        e,
        "cycle.yaml:6:9 at #/components/schemas/A/$ref: $ref cycle: \
         #/components/schemas/B -> #/components/schemas/A"
    );
}

#[test]
fn duplicate_operation_ids() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: getThing, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: getThing, responses: {'204': {description: ok}}}\n";
    let generated = generate("dup-ops.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    let client = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("client.rs"))
        .expect("client.rs");
    // The second `getThing` is told apart by a suffix, with a warning at its pointer.
    assert!(client.contents.contains("pub fn get_thing(&self)"));
    assert!(client.contents.contains("pub fn get_thing_2(&self)"));
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.pointer, w.message))
        .collect();
    assert_eq!(
        warnings,
        ["/paths/~1b/get/operationId: operationId `getThing` is also the one of #/paths/~1a/get: the method name gets a suffix"]
    );
}

#[test]
fn duplicate_yaml_mapping_keys() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    Pet: {type: string}\n";
    let e = error("dup-keys.yaml", text);
    assert_eq!(
        e,
        "dup-keys.yaml:7:5 at #/: invalid YAML: duplicate mapping key: Pet"
    );
}

#[test]
fn non_utf8_bytes_in_a_file() {
    let dir = std::env::temp_dir().join(format!("linkgen-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("latin1.yaml");
    let mut bytes = HEAD_YAML.as_bytes().to_vec();
    bytes.extend_from_slice(b"x-note: caf\xe9\n");
    std::fs::write(&path, &bytes).expect("write");
    let result = timed("latin1.yaml", bound(), || codegen::load::load(&path));
    let _ = std::fs::remove_dir_all(&dir);
    let e = result.expect_err("not UTF-8").to_string();
    assert_eq!(
        e,
        format!(
            "{}:4:12 at #/: the file is not UTF-8 text: byte 0xE9 cannot start or \
             continue a character (convert the file to UTF-8, e.g. with `iconv -f latin1 -t utf-8`)",
            path.display()
        )
    );
}

/// Over 50 MB of JSON: `n` schemas of a few properties, each with a long
/// description, and one operation per schema.
fn big_spec(target: usize) -> String {
    let words = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(400);
    let mut schemas = Vec::new();
    let mut paths = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < target {
        let schema = format!(
            r#""S{i}": {{"type": "object", "description": "{words}", "required": ["id"], "properties": {{"id": {{"type": "string", "description": "{words}"}}, "n": {{"type": "integer", "format": "int64"}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}}}}}"#
        );
        let path = format!(
            r##""/s{i}": {{"get": {{"operationId": "getS{i}", "description": "{words}", "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/S{i}"}}}}}}}}}}}}}}"##
        );
        size += schema.len() + path.len();
        schemas.push(schema);
        paths.push(path);
        i += 1;
    }
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "Big", "version": "1"}}, "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
        paths.join(", "),
        schemas.join(", ")
    )
}

/// A 50 MB spec generates: about 24 s alone in a debug build (5.4 s with
/// `--release`), twice that next to the other tests, so by hand:
/// `cargo test --release -p linkgen-codegen --test hostile -- --ignored`.
#[test]
#[ignore = "24 s alone in a debug build; run with --release -- --ignored"]
fn fifty_megabyte_spec() {
    big(50 << 20, Duration::from_secs(60));
}

/// The same at 5 MB, on every run.
#[test]
fn five_megabyte_spec() {
    big(5 << 20, Duration::from_secs(30));
}

fn big(size: usize, bound: Duration) {
    let text = big_spec(size);
    assert!(text.len() >= size);
    generates_struct("big.json", &text, bound, "S0");
}

/// One 50 MB description string (on a schema, so it reaches the emitted
/// rustdoc as some 800 000 doc lines). About 45 s in a debug build, too
/// long for every run: `cargo test --release -p linkgen-codegen --test
/// hostile -- --ignored` runs it.
#[test]
#[ignore = "45 s in a debug build; run with --release -- --ignored"]
fn fifty_megabyte_string() {
    let words = "Lorem ipsum dolor sit amet, `consectetur` <adipiscing> [elit](x).\n"
        .repeat((50 << 20) / 60);
    let text = head_json(&format!(
        r#"{{"schemas": {{"Huge": {{"type": "object", "description": {}, "properties": {{"a": {{"type": "string"}}}}}}}}}}"#,
        serde_json::to_string(&words).expect("string")
    ));
    generates_struct("huge-string.json", &text, Duration::from_secs(60), "Huge");
}

/// A bad keyword 40 schemas deep: `openapiv3`'s untagged enums alone would
/// take hours on it (found by the fuzz: `Deepen` over a node it then
/// swapped); read one schema at a time it is one located error.
#[test]
fn bad_keyword_deep_down() {
    for (open, close) in [
        (r#"{"type": "object", "properties": {"p": "#, "}}"),
        (r#"{"type": "array", "items": "#, "}"),
        (r#"{"allOf": ["#, "]}"),
    ] {
        let schema = format!(r#"{}{{"type": 5}}{}"#, open.repeat(40), close.repeat(40));
        let e = error(
            "deep-bad.json",
            &head_json(&format!(r#"{{"schemas": {{"Deep": {schema}}}}}"#)),
        );
        assert!(
            e.starts_with("deep-bad.json:1:")
                && e.contains(" at #/components/schemas/Deep/")
                && e.ends_with("invalid schema: expected a string, found integer `5`"),
            "{e}"
        );
    }
}
