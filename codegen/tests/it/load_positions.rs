//! `locate::Positions`: JSON pointers → 1-based (line, column), for JSON and YAML.

use std::path::Path;

use codegen::load;
use codegen::locate::Positions;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(name);
    std::fs::read_to_string(path).expect("fixture exists")
}

fn count_nodes(value: &serde_json::Value) -> usize {
    1 + match value {
        serde_json::Value::Array(items) => items.iter().map(count_nodes).sum(),
        serde_json::Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

#[track_caller]
fn assert_at(positions: &Positions, pointer: &str, line: usize, col: usize) {
    assert_eq!(
        positions.find(pointer),
        Some((line, col)),
        "position of `{pointer}`"
    );
}

#[test]
fn yaml_block_flow_and_multiline() {
    let doc = load::parse("positions.yaml", &fixture("positions.yaml")).expect("loads");
    let p = &doc.positions;
    // An alias is recorded once, at the alias: its expansion (7 nodes here)
    // has no positions of its own.
    assert_eq!(p.len(), count_nodes(&doc.value) - 7);
    let users = "/paths/~1users~1{id}";
    for (pointer, line, col) in [
        ("", 1, 1),
        ("/openapi", 1, 1),
        ("/info", 2, 1),
        ("/info/description", 4, 3),
        // After a literal block scalar.
        ("/info/version", 7, 3),
        (users, 9, 3),
        // Integer key `200:`.
        (&format!("{users}/get/responses/200"), 12, 9),
        (&format!("{users}/get/responses/200/description"), 13, 11),
        // Quoted key, then a flow mapping nested four deep.
        (&format!("{users}/get/responses/404"), 16, 9),
        (
            &format!("{users}/get/responses/404/headers/X-Rate/schema/type"),
            16,
            67,
        ),
        // Block sequence of block mappings, then of a flow mapping.
        (&format!("{users}/get/parameters/0"), 18, 11),
        (&format!("{users}/get/parameters/0/in"), 19, 11),
        (&format!("{users}/get/parameters/1"), 20, 11),
        (&format!("{users}/get/parameters/1/name"), 20, 12),
        // Flow sequence inside a flow sequence.
        (&format!("{users}/get/tags/1"), 21, 17),
        (&format!("{users}/get/tags/1/0"), 21, 18),
        (&format!("{users}/get/tags/1/1"), 21, 21),
        // `~` and `/` in a key; a plain scalar over two lines.
        ("/paths/~1odd~0path", 22, 3),
        ("/paths/~1odd~0path/summary", 23, 5),
        ("/paths/~1odd~0path/x-matrix", 25, 5),
        // `- - 1`: nested block sequences.
        ("/paths/~1odd~0path/x-matrix/0", 26, 9),
        ("/paths/~1odd~0path/x-matrix/0/0", 26, 11),
        ("/paths/~1odd~0path/x-matrix/0/1", 27, 11),
        ("/paths/~1odd~0path/x-matrix/1/0", 28, 11),
        ("/components/x-alias", 30, 3),
        // Inside an alias: the alias itself.
        ("/components/x-alias/summary", 30, 3),
        // After a comment, and after a quoted scalar over two lines.
        ("/components/x-after", 32, 3),
        ("/components/x-last", 34, 3),
        // Unknown nodes: the nearest known ancestor.
        (&format!("{users}/get/nothing/here"), 10, 5),
        ("/nowhere", 1, 1),
    ] {
        assert_at(p, pointer, line, col);
    }
}

const JSON: &str = r#"{
  "openapi": "3.1.0",
  "paths": {
    "/users/{id}": {
      "get": {"parameters": [{"name": "id"}, {"name": "x"}]}
    }
  },
  "a~b": {"c/d": [[1, 2], [3, {"k": null}]]},
  "é\"\u00e9": {"ü": true, "next": "x"},
  "empty": {}, "list": []
}"#;

#[test]
fn json_objects_arrays_and_escapes() {
    let doc = load::parse("p.json", JSON).expect("loads");
    let p = &doc.positions;
    assert_eq!(p.len(), count_nodes(&doc.value));
    let get = "/paths/~1users~1{id}/get";
    for (pointer, line, col) in [
        ("", 1, 1),
        ("/openapi", 2, 3),
        ("/paths/~1users~1{id}", 4, 5),
        (get, 5, 7),
        (&format!("{get}/parameters"), 5, 15),
        (&format!("{get}/parameters/0"), 5, 30),
        (&format!("{get}/parameters/1/name"), 5, 47),
        ("/a~0b", 8, 3),
        ("/a~0b/c~1d", 8, 11),
        ("/a~0b/c~1d/0", 8, 19),
        ("/a~0b/c~1d/0/1", 8, 23),
        ("/a~0b/c~1d/1/1/k", 8, 32),
        // Escaped key; columns count characters, not bytes.
        ("/é\"é", 9, 3),
        ("/é\"é/ü", 9, 17),
        ("/é\"é/next", 9, 28),
        ("/empty", 10, 3),
        ("/list", 10, 16),
        ("/a~0b/c~1d/7", 8, 11),
    ] {
        assert_at(p, pointer, line, col);
    }
}

#[test]
fn location_names_the_nearest_node() {
    let doc = load::parse("p.json", JSON).expect("loads");
    let location = doc.location("/a~0b/c~1d/1/0/missing");
    // The pointer is kept as asked; the position is the nearest ancestor's.
    assert_eq!(
        location.to_string(),
        "p.json:8:28 at #/a~0b/c~1d/1/0/missing"
    );
}

#[test]
fn empty_positions_know_nothing() {
    assert_eq!(Positions::default().find(""), None);
    assert_eq!(Positions::from_yaml("").find("/a"), None);
}
