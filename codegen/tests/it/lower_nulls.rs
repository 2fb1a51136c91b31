//! Explicit null at the lowering stage (`lower/nulls.rs`): which fields are
//! three-state (`Nullable<T>`) and what their `null` setters are called.
//! What the generated client sends is checked on the wire by
//! `tests/it/wire/patch.rs`.

use crate::lower_support;

use lower_support::*;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Nulls, version: '1'}
paths:
  /things:
    patch:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Patch'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Answer'}
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Form'}
      responses:
        '204': {description: ok}
    put:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                meta: {$ref: '#/components/schemas/Meta'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Patch:
      type: object
      required: [kept]
      properties:
        name: {type: string, nullable: true}
        plain: {type: string}
        kept: {type: string, nullable: true}
        id: {type: integer, nullable: true, readOnly: true}
        blob: {type: string, nullable: true, format: byte}
        type: {type: string, nullable: true}
        shared: {$ref: '#/components/schemas/Shared'}
    Shared:
      type: object
      properties:
        note: {type: string, nullable: true}
    Answer:
      type: object
      properties:
        comment: {type: string, nullable: true}
        shared: {$ref: '#/components/schemas/Shared'}
    Form:
      type: object
      properties:
        label: {type: string, nullable: true}
    Meta:
      type: object
      properties:
        tag: {type: string, nullable: true}
"#;

fn three_state(api: &codegen::ir::Api, owner: &str, wire: &str) -> bool {
    field(api, owner, wire).explicit_null
}

#[test]
fn only_optional_nullable_fields_of_request_carried_types_are_three_state() {
    let api = Lowering::text("inline.yaml", SPEC).api();
    assert!(three_state(&api, "Patch", "name"));
    assert!(!three_state(&api, "Patch", "plain"), "not nullable");
    assert!(
        !three_state(&api, "Patch", "kept"),
        "required: Option sends null already"
    );
    assert!(!three_state(&api, "Patch", "id"), "read-only: never sent");
    assert!(!three_state(&api, "Patch", "blob"), "base64 keeps Option");
    // Shared by the request and the response: one type, three-state.
    assert!(three_state(&api, "Shared", "note"));
    assert!(!three_state(&api, "Answer", "comment"), "response only");
    assert!(
        !three_state(&api, "Form", "label"),
        "a form body has no null"
    );
    assert!(
        three_state(&api, "Meta", "tag"),
        "a JSON part of a multipart body"
    );
}

#[test]
fn null_setters_are_named_after_the_setter() {
    let api = Lowering::text("inline.yaml", SPEC).api();
    assert_eq!(field(&api, "Patch", "name").null_setter, "with_name_null");
    // `type_` has the setter `with_type_`.
    assert_eq!(field(&api, "Patch", "type").null_setter, "with_type_null");
    assert_eq!(field(&api, "Patch", "plain").null_setter, "");
}
