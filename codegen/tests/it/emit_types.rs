//! Snapshots of `src/types.rs` for one construct at a time.
use crate::emit_common;

use codegen::ir::*;
use emit_common::*;

fn types(name: &str, api: &Api) -> String {
    file(name, api, "src/types.rs")
}

#[test]
fn struct_with_every_field_flavour() {
    let api = lowered(&spec(
        "Flavours",
        r#"paths: {}
components:
  schemas:
    Status: {type: string, enum: [active]}
    Person:
      description: "A person.\n\n```json\n{\"id\": 1}\n```"
      example: {id: 1, name: Rex}
      type: object
      required: [id, name, middle, checksum, seenAt, maybe]
      properties:
        id: {type: integer, format: int64}
        name:
          type: string
          description: "The name.\r\nSecond line with a [bracket] and https://example.com."
          example: Rex
        nickName: {type: string, default: none}
        middle: {type: string, nullable: true}
        avatar: {type: string, format: byte}
        checksum: {type: string, format: byte}
        file: {type: string, format: binary}
        born: {type: string, format: date}
        seenAt: {type: string, format: date-time}
        extra: {}
        labels: {type: object, additionalProperties: {type: string}}
        ratios: {type: array, items: {type: number, format: float}}
        maybe: {type: boolean, nullable: true}
        type: {$ref: '#/components/schemas/Status'}
        count: {type: integer, format: uint32}
        total: {type: integer, format: uint64}
        small: {type: integer, format: int32}
        legacy: {type: string, deprecated: true}
        created_by: {type: string, readOnly: true}
      additionalProperties: {type: string}
    AllOptional:
      type: object
      properties: {a: {type: string}}
    Empty: {type: object, additionalProperties: false}
    Wide:
      type: object
      required: [f1, f2, f3, f4, f5, f6, f7, f8]
      properties:
        f1: {type: string}
        f2: {type: string}
        f3: {type: string}
        f4: {type: string}
        f5: {type: string}
        f6: {type: string}
        f7: {type: string}
        f8: {type: string}
"#,
    ));
    insta::assert_snapshot!(types("struct_with_every_field_flavour", &api));
}

/// Hand-built: the enums without values and with colliding or similar
/// variant names are the emitter's guards, past what lowering gives.
#[test]
fn string_enums() {
    let mut api = api("Enums");
    let status = add(
        &mut api,
        "TokenStatus",
        string_enum(&[
            ("Revoked", "revoked"),
            ("Consumed", "consumed"),
            ("Valid", "valid"),
        ]),
    );
    let def = def_mut(&mut api, &status);
    def.doc = Some("Status of the token:\n\n - `valid` means it can be use to log in\n - `consumed` means it has been used to log in".into());
    if let TypeKind::StringEnum(e) = &mut def.kind {
        let valid = e.variants.iter_mut().find(|v| v.name == "Valid");
        valid.expect("Valid").doc = Some("Can be used.".into());
    }
    add(&mut api, "Open", string_enum(&[]));
    add(
        &mut api,
        "Similar",
        string_enum(&[("UnknownA", "a"), ("UnknownB", "b"), ("UnknownC", "c")]),
    );
    add(
        &mut api,
        "Dupes",
        string_enum(&[("Lower", "x"), ("Upper", "x")]),
    );
    insta::assert_snapshot!(types("string_enums", &api));
}

/// Hand-built: an integer enum without values is the emitter's guard.
#[test]
fn int_enums() {
    let mut api = api("Ints");
    add(
        &mut api,
        "Priority",
        TypeKind::IntEnum(IntEnum {
            values: vec![
                ("LOW".into(), 1),
                ("HIGH".into(), 10),
                ("MINUS_ONE".into(), -1),
            ],
        }),
    );
    add(
        &mut api,
        "AnyCode",
        TypeKind::IntEnum(IntEnum { values: vec![] }),
    );
    insta::assert_snapshot!(types("int_enums", &api));
}

fn pets(api: &mut Api) -> (TypeRef, TypeRef) {
    let cat = add(
        api,
        "Cat",
        strukt(vec![
            field("pet_type", "petType", TypeRef::String, true),
            field("lives", "lives", TypeRef::Integer(IntWidth::I32), true),
        ]),
    );
    let dog = add(
        api,
        "Dog",
        strukt(vec![field("good", "good", TypeRef::Bool, true)]),
    );
    (cat, dog)
}

#[test]
fn tagged_union() {
    let api = lowered(&spec(
        "Tagged",
        r#"paths: {}
components:
  schemas:
    Cat:
      type: object
      required: [petType, lives]
      properties:
        petType: {type: string}
        lives: {type: integer, format: int32}
    Dog:
      type: object
      required: [good]
      properties: {good: {type: boolean}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: petType
        mapping:
          cat: '#/components/schemas/Cat'
          feline: '#/components/schemas/Cat'
          dog: '#/components/schemas/Dog'
"#,
    ));
    insta::assert_snapshot!(types("tagged_union", &api));
}

/// Hand-built: a union without variants, and boxed variants outside a
/// cycle, are the emitter's guards, past what lowering gives.
#[test]
fn untagged_union_and_alias() {
    let mut api = api("Untagged");
    let (cat, _) = pets(&mut api);
    let cats = add(
        &mut api,
        "Cats",
        TypeKind::Alias(TypeRef::Array(Box::new(cat.clone()))),
    );
    add(
        &mut api,
        "CatOrName",
        TypeKind::Union(Union {
            tagging: Tagging::Untagged,
            variants: vec![
                UnionVariant {
                    name: "Cat".into(),
                    tags: vec![],
                    ty: cat,
                    boxed: true,
                },
                UnionVariant {
                    name: "Name".into(),
                    tags: vec![],
                    ty: TypeRef::String,
                    boxed: true,
                },
                UnionVariant {
                    name: "Cats".into(),
                    tags: vec![],
                    ty: cats,
                    boxed: false,
                },
            ],
        }),
    );
    add(
        &mut api,
        "Nothing",
        TypeKind::Union(Union {
            tagging: Tagging::Untagged,
            variants: vec![],
        }),
    );
    add(
        &mut api,
        "Lookup",
        TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::Nullable(Box::new(
            TypeRef::Json,
        ))))),
    );
    insta::assert_snapshot!(types("untagged_union_and_alias", &api));
}

#[test]
fn recursive_boxed_struct() {
    let api = lowered(&spec(
        "Trees",
        r#"paths: {}
components:
  schemas:
    Node:
      type: object
      required: [first, children]
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        first: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
"#,
    ));
    insta::assert_snapshot!(types("recursive_boxed_struct", &api));
}

#[test]
fn secret_fields_are_redacted_in_debug() {
    let api = lowered(&spec(
        "Secrets",
        r#"paths: {}
components:
  schemas:
    LinkTokenGetRequest:
      type: object
      required: [client_id, secret]
      properties:
        client_id: {type: string}
        secret: {type: string}
        access_token: {type: string}
"#,
    ));
    insta::assert_snapshot!(types("secret_fields_are_redacted_in_debug", &api));
}

#[test]
fn deprecated_types_are_allowed_where_used() {
    let api = lowered(&spec(
        "Deprecations",
        r#"paths: {}
components:
  schemas:
    Old:
      type: object
      deprecated: true
      required: [a]
      properties: {a: {type: string}}
    OldKind: {type: string, enum: [a], deprecated: true}
    Holder:
      type: object
      required: [old]
      properties:
        old: {$ref: '#/components/schemas/Old'}
        kinds: {type: array, items: {$ref: '#/components/schemas/OldKind'}}
    OldAlias: {$ref: '#/components/schemas/Old'}
"#,
    ));
    insta::assert_snapshot!(types("deprecated_types_are_allowed_where_used", &api));
}

/// Hand-built: lowering renames a schema named `Result`, `String` or
/// `Option` (`ResultModel`…), so only a hand-built IR reaches the emitter's
/// own guard, which writes the prelude's types in full.
#[test]
fn prelude_names_taken_by_the_spec_are_written_in_full() {
    let mut api = api("Shadows");
    let result = add(
        &mut api,
        "Result",
        strukt(vec![field("ok", "ok", TypeRef::Bool, true)]),
    );
    add(
        &mut api,
        "String",
        strukt(vec![field("value", "value", TypeRef::String, true)]),
    );
    add(
        &mut api,
        "Option",
        strukt(vec![
            field("label", "label", TypeRef::String, false),
            field("result", "result", result, false),
        ]),
    );
    add(&mut api, "Choice", string_enum(&[("Yes", "yes")]));
    insta::assert_snapshot!(types(
        "prelude_names_taken_by_the_spec_are_written_in_full",
        &api
    ));
}
