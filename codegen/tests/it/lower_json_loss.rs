//! Values that must arrive whole (issue 13, "no silent data loss in
//! JSON"), at the lowering stage: a path key's `#fragment`, a nullable
//! response, a deep `allOf` merge, an untagged union's implicit
//! discriminator. What the generated client does with them is checked on
//! the wire by `tests/it/wire/json_loss.rs`.

use crate::lower_support;

use codegen::ir::{Tagging, TypeKind, TypeRef};
use lower_support::*;

/// A `#fragment` in a path key is not part of the path: the pieces the
/// URL is built from stop before it, the key stays the operation's origin,
/// and operations of one stripped route stay apart with their parameters.
#[test]
fn a_path_fragment_is_not_sent() {
    use codegen::ir::PathPiece;
    let api = Lowering::fixture("fragments.yaml").api();
    let text = |s: &str| PathPiece::Text(s.into());
    let plain = op(&api, "get_files_id");
    let shared = op(&api, "get_files_id_get_shared_link");
    assert_eq!(plain.path.pieces(), shared.path.pieces());
    assert_eq!(
        shared.path.pieces(),
        [text("/files/"), PathPiece::Param("file_id".into())]
    );
    assert_eq!(shared.path.as_str(), "/files/{file_id}#get_shared_link");
    let wire: Vec<&str> = shared.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(wire, ["file_id", "fields"]);
    let folders = op(&api, "get_shared_items_folders");
    assert_eq!(folders.path.pieces(), [text("/shared_items")]);

    // What the client sends: no `#` anywhere in the path it builds.
    let spec = std::fs::read_to_string(fixture_path("fragments.yaml")).expect("fixture");
    let generated = codegen::generate_from_str(
        std::path::Path::new("fragments.yaml"),
        &spec,
        &Default::default(),
        &codegen::CrateOptions {
            crate_name: "fragments-client".into(),
            version: "0.1.0".into(),
            description: None,
            runtime_dependency: "{ path = \"../../runtime\" }".into(),
            env_prefix: "FRAGMENTS".into(),
            standalone: false,
            spec_file: "fragments.yaml".into(),
            default_headers: Vec::new(),
        },
    )
    .expect("generates");
    let sources: String = generated
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(sources.contains(r#""/shared_items""#), "{sources}");
    for line in sources
        .lines()
        .filter(|l| l.contains("push_str(\"") || l.contains("String::from(\""))
    {
        assert!(!line.contains('#'), "a fragment reaches the path: {line}");
    }
}

/// A success response whose own schema allows `null` (3.1 `type: [T,
/// "null"]`, directly or through a component) decodes to `Option<T>`; one
/// that does not, and an error response, stay `T`.
#[test]
fn a_nullable_response_body_is_an_option() {
    let api = Lowering::fixture("nullable_responses.yaml").api();
    let success = |name: &str| {
        op(&api, name)
            .responses
            .iter()
            .find(|r| r.success)
            .and_then(|r| r.body.json_type())
            .cloned()
            .unwrap_or_else(|| panic!("{name}: no JSON success"))
    };
    assert_eq!(
        success("list"),
        TypeRef::Nullable(Box::new(TypeRef::Array(Box::new(TypeRef::String))))
    );
    let TypeRef::Nullable(thing) = success("thing") else {
        panic!("`thing` is not nullable: {:?}", success("thing"));
    };
    assert!(matches!(*thing, TypeRef::Named(_)), "{thing:?}");
    assert!(matches!(success("plain"), TypeRef::Named(_)));
    // An error body stays the struct its code and message are read from.
    let error = op(&api, "thing").responses.iter().find(|r| !r.success);
    let error = error
        .and_then(|r| r.body.json_type())
        .expect("a JSON error");
    assert!(matches!(error, TypeRef::Named(_)), "{error:?}");
}

/// OpenAPI 3.0's `nullable: true` on the response's own schema reads the
/// same way: the success type is an `Option`.
#[test]
fn a_3_0_nullable_response_body_is_an_option() {
    let api = Lowering::text(
        "inline.yaml",
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /maybe:
    get:
      operationId: maybe
      responses:
        '200':
          description: an object, or null
          content:
            application/json:
              schema:
                type: object
                nullable: true
                properties:
                  a: {type: string}
"#,
    )
    .api();
    let body = response(op(&api, "maybe"), "200").body.json_type().cloned();
    assert!(
        matches!(&body, Some(TypeRef::Nullable(inner)) if matches!(**inner, TypeRef::Named(_))),
        "{body:?}"
    );
}

/// The wire names of the struct `ty` is (through arrays and `Option`s).
fn wire_names(api: &codegen::ir::Api, ty: &TypeRef) -> Vec<String> {
    match ty {
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => wire_names(api, inner),
        TypeRef::Named(id) => match &api.types[id].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire_name.clone()).collect(),
            TypeKind::Alias(to) => wire_names(api, to),
            other => panic!("{id:?} is not a struct: {other:?}"),
        },
        other => panic!("not a struct: {other:?}"),
    }
}

/// The property `wire` of the struct `ty` is (through arrays, `null`s
/// and aliases).
fn field_of<'a>(api: &'a codegen::ir::Api, ty: &TypeRef, wire: &str) -> &'a codegen::ir::Field {
    match ty {
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => field_of(api, inner, wire),
        TypeRef::Named(id) => match &api.types[id].kind {
            TypeKind::Struct(s) => (s.fields.iter())
                .find(|f| f.wire_name == wire)
                .unwrap_or_else(|| panic!("no field {wire}")),
            TypeKind::Alias(to) => field_of(api, to, wire),
            other => panic!("{id:?} is not a struct: {other:?}"),
        },
        other => panic!("not a struct: {other:?}"),
    }
}

/// The type of the property `wire` of the struct `ty` is.
fn field_type(api: &codegen::ir::Api, ty: &TypeRef, wire: &str) -> TypeRef {
    field_of(api, ty, wire).ty.clone()
}

/// allOf members that define the same property merge its type deeply:
/// objects by fields, arrays by items, through any depth; a scalar
/// conflict keeps the later type, with a warning where it is.
#[test]
fn all_of_merges_nested_objects_deeply() {
    let api = Lowering::fixture("allof_deep.yaml").api();
    let orchestration = TypeRef::Named(
        *api.types
            .iter()
            .find(|(_, d)| d.name == "Orchestration")
            .expect("Orchestration")
            .0,
    );
    assert_eq!(
        wire_names(&api, &orchestration),
        ["sets", "meta", "kind", "weight", "count"]
    );
    let sets = field_type(&api, &orchestration, "sets");
    assert!(matches!(sets, TypeRef::Array(_)), "{sets:?}");
    assert_eq!(wire_names(&api, &sets), ["id", "rules"]);
    let rules = field_type(&api, &sets, "rules");
    assert_eq!(wire_names(&api, &rules), ["label", "conditions"]);
    let conditions = field_type(&api, &rules, "conditions");
    assert_eq!(wire_names(&api, &conditions), ["expression"]);
    // `id` stays required inside the merged item.
    assert!(field_of(&api, &sets, "id").required);
    assert!(field(&api, "Orchestration", "sets").required);
    // An object merged with a nullable one: both fields, nullable as the later.
    let meta = field_type(&api, &orchestration, "meta");
    assert!(field(&api, "Orchestration", "meta").nullable);
    assert_eq!(wire_names(&api, &meta), ["a", "b"]);
    // The members themselves are unchanged.
    assert_eq!(
        wire_names(&api, &field(&api, "SetsWithIds", "sets").ty),
        ["id"]
    );
    // A narrower enum, a number for an integer: the later, and no conflict.
    assert!(
        !api.warnings
            .iter()
            .any(|w| w.pointer.ends_with("/kind") || w.pointer.ends_with("/weight")),
        "{:?}",
        api.warnings
    );
    assert!(matches!(
        field_type(&api, &orchestration, "weight"),
        TypeRef::Float(_)
    ));
    // A scalar conflict: the later type, and a warning at it.
    assert_eq!(field_type(&api, &orchestration, "count"), TypeRef::String);
    assert!(
        has_warning(
            &api,
            "/components/schemas/Orchestration/allOf/2/properties/count",
            "different types"
        ),
        "{:?}",
        api.warnings
    );
}

/// An untagged union whose variants give one property different enum or
/// `const` values has it as implicit discriminator, each variant with its
/// values; without such a property it stays untagged.
#[test]
fn untagged_unions_find_their_implicit_discriminator() {
    let api = Lowering::fixture("untagged_overlap.yaml").api();
    let union = |name: &str| match &ty(&api, name).kind {
        TypeKind::Union(u) => u.clone(),
        other => panic!("{name} is not a union: {other:?}"),
    };
    let payment = union("PaymentMethod");
    assert_eq!(
        payment.tagging,
        Tagging::Implicit {
            property: "type".into()
        }
    );
    let tags: Vec<Vec<String>> = payment.variants.iter().map(|v| v.tags.clone()).collect();
    assert_eq!(
        tags,
        [
            vec!["ach".to_owned()],
            vec!["applepay".to_owned()],
            vec!["scheme".to_owned(), "networkToken".to_owned()],
            vec![],
        ]
    );
    assert_eq!(
        payment.tagging.property(),
        None,
        "still untagged on the wire"
    );
    assert_eq!(union("Item").tagging, Tagging::Untagged);
    assert_eq!(union("SameKind").tagging, Tagging::Untagged);
    assert!(union("SameKind").variants.iter().all(|v| v.tags.is_empty()));
}
