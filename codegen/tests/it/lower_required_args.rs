//! The one rule for many required fields (`lower/required_args.rs`): above
//! `MAX_POSITIONAL` of them a struct's `new` takes a `{Name}Required`
//! struct, named in the types' namespace. What the emitted constructor
//! sends is checked on the wire by `tests/it/markifact.rs`.

use crate::lower_support;

use codegen::ir::TypeKind;
use lower_support::*;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Required, version: '1'}
paths: {}
components:
  schemas:
    Four:
      type: object
      required: [a, b, c, d]
      properties:
        a: {type: string}
        b: {type: string}
        c: {type: string}
        d: {type: string}
        e: {type: string}
    Five:
      type: object
      required: [a, b, c, d, e, n]
      properties:
        a: {type: string}
        b: {type: string}
        c: {type: string}
        d: {type: string}
        e: {type: string}
        n: {type: string, nullable: true}
    FiveNullable:
      type: object
      required: [a, b, c, d, e]
      properties:
        a: {type: string}
        b: {type: string}
        c: {type: string}
        d: {type: string}
        e: {type: string, nullable: true}
    FiveRequired:
      description: A schema that already holds the name.
      type: object
      properties:
        x: {type: string}
"#;

fn required_args(api: &codegen::ir::Api, name: &str) -> Option<String> {
    match &ty(api, name).kind {
        TypeKind::Struct(s) => s.required_args.clone(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

#[test]
fn above_four_required_fields_new_takes_a_named_struct() {
    let api = Lowering::text("inline.yaml", SPEC).api();
    assert_eq!(codegen::lower::MAX_POSITIONAL, 4);
    assert_eq!(required_args(&api, "Four"), None);
    // A required nullable field starts as `None`: not an argument.
    assert_eq!(required_args(&api, "FiveNullable"), None);
    // The schema `FiveRequired` keeps its name; the new struct gets another.
    let named = required_args(&api, "Five").expect("five required fields");
    assert_ne!(named, "FiveRequired");
    assert!(named.starts_with("FiveRequired"), "{named}");
    assert!(api.types.values().all(|d| d.name != named));
}
