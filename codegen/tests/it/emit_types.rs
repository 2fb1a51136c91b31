//! Snapshots of `src/types.rs` for one construct at a time.
use crate::emit_common;

use codegen::ir::*;
use emit_common::*;

fn types(name: &str, api: &Api) -> String {
    file(name, api, "src/types.rs")
}

#[test]
fn struct_with_every_field_flavour() {
    let mut api = api("Flavours");
    let status = add(&mut api, "Status", string_enum(&[("Active", "active")]));
    let mut fields = vec![
        field("id", "id", TypeRef::Integer(IntWidth::I64), true),
        field("name", "name", TypeRef::String, true),
        field("nick_name", "nickName", TypeRef::String, false),
        field("middle", "middle", TypeRef::String, true),
        field(
            "avatar",
            "avatar",
            TypeRef::Bytes(BytesEncoding::Base64),
            false,
        ),
        field(
            "checksum",
            "checksum",
            TypeRef::Bytes(BytesEncoding::Base64),
            true,
        ),
        field("file", "file", TypeRef::Bytes(BytesEncoding::Binary), false),
        field("born", "born", TypeRef::Date, false),
        field("seen_at", "seenAt", TypeRef::DateTime, true),
        field("extra", "extra", TypeRef::Json, false),
        field(
            "labels",
            "labels",
            TypeRef::Map(Box::new(TypeRef::String)),
            false,
        ),
        field(
            "ratios",
            "ratios",
            TypeRef::Array(Box::new(TypeRef::Float(FloatWidth::F32))),
            false,
        ),
        field(
            "maybe",
            "maybe",
            TypeRef::Nullable(Box::new(TypeRef::Bool)),
            true,
        ),
        field("r#type", "type", status, false),
        field("nothing", "nothing", TypeRef::Unit, false),
        field("count", "count", TypeRef::Integer(IntWidth::U32), false),
        field("total", "total", TypeRef::Integer(IntWidth::U64), false),
        field("small", "small", TypeRef::Integer(IntWidth::I32), false),
        field("legacy", "legacy", TypeRef::String, false),
        field("created_by", "created_by", TypeRef::String, false),
    ];
    fields[1].doc =
        Some("The name.\r\nSecond line with a [bracket] and https://example.com.".into());
    fields[1].example = Some("\"Rex\"".into());
    fields[2].default = Some("\"none\"".into());
    fields[3].nullable = true;
    fields[18].deprecated = deprecated();
    fields[19].read_only = true;
    let person = add(
        &mut api,
        "Person",
        TypeKind::Struct(Struct {
            fields,
            additional: Some(TypeRef::String),
            required_args: None,
        }),
    );
    let def = def_mut(&mut api, &person);
    def.doc = Some("A person.\n\n```json\n{\"id\": 1}\n```".into());
    def.example = Some("{\"id\": 1, \"name\": \"Rex\"}".into());
    add(
        &mut api,
        "AllOptional",
        strukt(vec![field("a", "a", TypeRef::String, false)]),
    );
    add(&mut api, "Empty", strukt(vec![]));
    add(
        &mut api,
        "Wide",
        strukt(
            (1..=8)
                .map(|i| field(&format!("f{i}"), &format!("f{i}"), TypeRef::String, true))
                .collect(),
        ),
    );
    insta::assert_snapshot!(types("struct_with_every_field_flavour", &api));
}

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
        e.variants[2].doc = Some("Can be used.".into());
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
    let mut api = api("Tagged");
    let (cat, dog) = pets(&mut api);
    add(
        &mut api,
        "Pet",
        TypeKind::Union(Union {
            tagging: Tagging::Tagged {
                property: "petType".into(),
                unknown: "Unknown".into(),
            },
            variants: vec![
                UnionVariant {
                    name: "Cat".into(),
                    tags: vec!["cat".into(), "feline".into()],
                    ty: cat,
                    boxed: false,
                },
                UnionVariant {
                    name: "Dog".into(),
                    tags: vec!["dog".into()],
                    ty: dog,
                    boxed: true,
                },
            ],
        }),
    );
    insta::assert_snapshot!(types("tagged_union", &api));
}

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
    let mut api = api("Trees");
    let id = TypeId(0);
    let mut parent = field("parent", "parent", TypeRef::Named(id), false);
    parent.boxed = true;
    let mut first = field("first", "first", TypeRef::Named(id), true);
    first.boxed = true;
    let mut children = field(
        "children",
        "children",
        TypeRef::Array(Box::new(TypeRef::Named(id))),
        true,
    );
    children.boxed = true;
    add(&mut api, "Node", strukt(vec![parent, first, children]));
    insta::assert_snapshot!(types("recursive_boxed_struct", &api));
}

#[test]
fn secret_fields_are_redacted_in_debug() {
    let mut api = api("Secrets");
    let mut secret = field("secret", "secret", TypeRef::String, true);
    secret.secret = true;
    let mut token = field("access_token", "access_token", TypeRef::String, false);
    token.secret = true;
    add(
        &mut api,
        "LinkTokenGetRequest",
        strukt(vec![
            field("client_id", "client_id", TypeRef::String, true),
            secret,
            token,
        ]),
    );
    insta::assert_snapshot!(types("secret_fields_are_redacted_in_debug", &api));
}

#[test]
fn deprecated_types_are_allowed_where_used() {
    let mut api = api("Deprecations");
    let old = add(
        &mut api,
        "Old",
        strukt(vec![field("a", "a", TypeRef::String, true)]),
    );
    def_mut(&mut api, &old).deprecated = deprecated();
    let old_enum = add(&mut api, "OldKind", string_enum(&[("A", "a")]));
    def_mut(&mut api, &old_enum).deprecated = deprecated();
    add(
        &mut api,
        "Holder",
        strukt(vec![
            field("old", "old", old.clone(), true),
            field("kinds", "kinds", TypeRef::Array(Box::new(old_enum)), false),
        ]),
    );
    add(&mut api, "OldAlias", TypeKind::Alias(old));
    insta::assert_snapshot!(types("deprecated_types_are_allowed_where_used", &api));
}

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
