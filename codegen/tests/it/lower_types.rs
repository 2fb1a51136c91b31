//! Schemas → types: one fixture per construct.

use crate::lower_support;

use codegen::ir::{
    BytesEncoding, FloatWidth, IntWidth, ResponseBody, Tagging, TypeKind, TypeRef, UnionVariant,
};
use codegen::LowerOptions;
use lower_support::*;

fn fields(api: &codegen::ir::Api, name: &str) -> Vec<(String, String, TypeRef)> {
    match &ty(api, name).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.wire_name.clone(), f.ty.clone()))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn variants(api: &codegen::ir::Api, name: &str) -> Vec<UnionVariant> {
    match &ty(api, name).kind {
        TypeKind::Union(u) => u.variants.clone(),
        other => panic!("{name} is not a union: {other:?}"),
    }
}

/// The variant `name` of the union `union`.
fn variant(api: &codegen::ir::Api, union: &str, name: &str) -> UnionVariant {
    (variants(api, union).into_iter())
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("{union} has no variant `{name}`"))
}

#[test]
fn refs_chains_and_components() {
    let api = Lowering::fixture("refs.yaml").api();
    snapshot!("refs", outline(&api));
    // Components first, in spec order, then inline types.
    assert_eq!(
        names(&api),
        [
            "Pet",
            "PetIdAlias",
            "PetIdInner",
            "PetIdValue",
            "Owner",
            "ErrorModel",
            "PetTagged"
        ]
    );
    // ref -> ref -> schema: aliases that keep their names.
    assert_eq!(
        ty(&api, "PetIdAlias").kind,
        TypeKind::Alias(named(&api, "PetIdInner"))
    );
    assert_eq!(
        ty(&api, "PetIdValue").kind,
        TypeKind::Alias(TypeRef::Integer(IntWidth::I64))
    );
    // A nullable component makes the fields that use it nullable.
    assert!(field(&api, "Pet", "owner").nullable);
    // Deep refs into another schema: shared with the node they point at.
    assert_eq!(field(&api, "Pet", "nickname").ty, TypeRef::String);
    assert_eq!(field(&api, "Pet", "tag").ty, named(&api, "PetTagged"));
    assert_eq!(field(&api, "Pet", "tagged").ty, named(&api, "PetTagged"));
    // Parameter, response and request body refs (with chains) resolved.
    let get = op(&api, "get_pet");
    assert_eq!(param_of(get, "petId").ty, named(&api, "PetIdAlias"));
    assert_eq!(
        response(get, "200").body,
        ResponseBody::Json(named(&api, "Pet"))
    );
    assert_eq!(
        response(get, "404").body,
        ResponseBody::Json(named(&api, "ErrorModel"))
    );
    let put = op(&api, "put_pet");
    let body = put.body.as_ref().expect("body");
    assert!(body.required);
    assert_eq!(body.primary().ty, named(&api, "Pet"));
    assert_eq!(ty(&api, "Pet").origin, "/components/schemas/Pet");
}

#[test]
fn recursive_types_are_boxed_where_needed() {
    let api = Lowering::fixture("recursive.yaml").api();
    snapshot!("recursive", outline(&api));
    assert!(field(&api, "Node", "next").boxed);
    assert!(
        !field(&api, "Node", "children").boxed,
        "Vec breaks the cycle"
    );
    assert!(!field(&api, "Node", "lookup").boxed, "maps break the cycle");
    assert!(field(&api, "A", "b").boxed);
    assert!(field(&api, "B", "a").boxed, "through Option too");
    assert!(!field(&api, "B", "leaf").boxed, "not in the cycle");
    assert!(!variant(&api, "Expr", "Literal").boxed);
    assert!(variant(&api, "Expr", "Sum").boxed);
    assert!(field(&api, "Sum", "left").boxed);
    // Through an alias.
    assert!(field(&api, "Linked", "again").boxed);
    // An alias that contains itself cannot exist in Rust: broken with JSON.
    assert_eq!(
        ty(&api, "Nested").kind,
        TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Json)))
    );
    assert!(has_warning(
        &api,
        "/components/schemas/Nested",
        "recursive type alias"
    ));
}

#[test]
fn all_of_merges_and_single_refs() {
    let api = Lowering::fixture("allof.yaml").api();
    snapshot!("allof", outline(&api));
    let extended = fields(&api, "Extended");
    let wires: Vec<&str> = extended.iter().map(|(_, w, _)| w.as_str()).collect();
    assert_eq!(wires, ["id", "kind", "name"]);
    // A later member's definition of `kind` wins, in the first one's place.
    assert_eq!(
        field(&api, "Extended", "kind").ty,
        named(&api, "ExtendedKind")
    );
    assert!(field(&api, "Extended", "id").required);
    assert!(field(&api, "Extended", "name").required);
    // One ref + description/nullable siblings = that type.
    assert_eq!(
        ty(&api, "Described").kind,
        TypeKind::Alias(named(&api, "Base"))
    );
    assert_eq!(
        ty(&api, "Described").doc.as_deref(),
        Some("Base, described.")
    );
    // A member that only says `required` still counts.
    assert!(field(&api, "RequiredOnly", "kind").required);
    // Members that are themselves merged structs.
    let deeper: Vec<String> = fields(&api, "Deeper")
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert_eq!(deeper, ["id", "kind", "name", "extra"]);
    let own: Vec<String> = fields(&api, "WithOwn")
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert_eq!(own, ["id", "kind", "own"]);
    // Property wrappers: the type of the ref, the doc and nullability of the wrapper.
    let base = field(&api, "Holder", "base");
    assert_eq!(base.ty, named(&api, "Base"));
    assert_eq!(base.doc.as_deref(), Some("The base, wrapped."));
    assert!(field(&api, "Holder", "maybe").nullable);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}

#[test]
fn unions_tagged_and_untagged() {
    let api = Lowering::fixture("unions.yaml").api();
    snapshot!("unions", outline(&api));
    let TypeKind::Union(pet) = &ty(&api, "Pet").kind else {
        panic!("Pet")
    };
    assert_eq!(
        pet.tagging,
        Tagging::Tagged {
            property: "pet_type".into(),
            // Tags this crate does not know are kept in a catch-all variant.
            unknown: "Unknown".into(),
        }
    );
    assert_eq!(variant(&api, "Pet", "Cat").tags, ["cat"]);
    assert_eq!(variant(&api, "Pet", "Dog").tags, ["doggo"]);
    assert_eq!(variant(&api, "Pet", "Dog").ty, named(&api, "Dog"));
    // One tag for two members: the first wins, with a warning.
    assert_eq!(variant(&api, "SameTag", "Cat").tags, ["Dog"]);
    assert_eq!(variant(&api, "SameTag", "Dog").tags, ["Dog"]);
    assert!(has_warning(
        &api,
        "/components/schemas/SameTag",
        "tag `Dog` selects several members; the first wins"
    ));
    // Without a mapping, tags are the schema names.
    assert_eq!(variant(&api, "PetByName", "Cat").tags, ["Cat"]);
    let untagged = variants(&api, "Untagged");
    let names: Vec<&str> = untagged.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["String", "Integer", "Cat", "Object", "Array"]);
    assert_eq!(
        variant(&api, "Untagged", "Object").ty,
        named(&api, "UntaggedObject")
    );
    // `oneOf [X, null]` is a nullable X.
    assert_eq!(
        ty(&api, "MaybeCat").kind,
        TypeKind::Alias(named(&api, "Cat"))
    );
    // Unions of string enums are one enum; with a plain string, a string.
    assert!(matches!(&ty(&api, "Letters").kind, TypeKind::StringEnum(e) if e.variants.len() == 2));
    assert_eq!(ty(&api, "AnyText").kind, TypeKind::Alias(TypeRef::String));
    // A discriminator that cannot work is dropped, with a warning.
    let TypeKind::Union(bad) = &ty(&api, "BadTag").kind else {
        panic!("BadTag")
    };
    assert_eq!(bad.tagging, Tagging::Untagged);
    assert!(bad.variants.iter().all(|v| v.tags.is_empty()));
    assert!(has_warning(
        &api,
        "/components/schemas/BadTag",
        "union left untagged"
    ));
    // An inline member names its own tag with a one-value enum.
    let inline = variants(&api, "InlineTagged");
    assert_eq!(inline[0].tags, ["circle"]);
    // …and is named after it.
    assert_eq!(inline[0].name, "Circle");
    assert_eq!(inline[0].ty, named(&api, "InlineTaggedCircle"));
}

#[test]
fn enums_unknown_null_and_mixed() {
    let api = Lowering::fixture("enums.yaml").api();
    snapshot!("enums", outline(&api));
    let TypeKind::StringEnum(status) = &ty(&api, "Status").kind else {
        panic!("Status")
    };
    let names: Vec<&str> = status.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Active",
            "UnknownValue",
            "V2fa",
            "Plus1",
            "Minus1",
            "Value6",
            "FooBar",
            "FooBar2",
            "SelfValue"
        ]
    );
    assert!(status.variants.iter().all(|v| v.name != "Unknown"));
    let status_variant = |name: &str| {
        (status.variants.iter())
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("Status has no variant `{name}`"))
    };
    assert_eq!(status_variant("Active").doc.as_deref(), Some("It is on"));
    assert_eq!(status_variant("UnknownValue").wire, "unknown");
    let TypeKind::IntEnum(priority) = &ty(&api, "Priority").kind else {
        panic!("Priority")
    };
    assert_eq!(
        priority.values,
        [
            ("LOW".to_string(), 1),
            ("HIGH".to_string(), 2),
            ("NEGATIVE".to_string(), -1)
        ]
    );
    let TypeKind::IntEnum(plain) = &ty(&api, "Plain").kind else {
        panic!("Plain")
    };
    let named_value = |value: i64| {
        (plain.values.iter())
            .find(|(_, v)| *v == value)
            .map(|(name, _)| name.as_str())
    };
    assert_eq!(named_value(10), Some("V10"));
    assert_eq!(named_value(-5), Some("MINUS_5"));
    assert_eq!(ty(&api, "Mixed").kind, TypeKind::Alias(TypeRef::Json));
    assert!(has_warning(&api, "/components/schemas/Mixed", "mixed"));
    assert_eq!(ty(&api, "AlwaysTrue").kind, TypeKind::Alias(TypeRef::Bool));
    assert_eq!(
        ty(&api, "Ratio").kind,
        TypeKind::Alias(TypeRef::Float(FloatWidth::F64))
    );
    assert!(matches!(ty(&api, "Untyped").kind, TypeKind::StringEnum(_)));
    // `null` among the values: dropped, and the field is nullable.
    let mode = field(&api, "Holder", "mode");
    assert!(mode.nullable);
    let TypeKind::StringEnum(e) = &ty(&api, "HolderMode").kind else {
        panic!("HolderMode")
    };
    assert_eq!(e.variants.len(), 2);
}

#[test]
fn additional_properties_and_free_form() {
    let api = Lowering::fixture("maps.yaml").api();
    snapshot!("maps", outline(&api));
    let map = |t: TypeRef| TypeKind::Alias(TypeRef::Map(Box::new(t)));
    assert_eq!(ty(&api, "Free").kind, TypeKind::Alias(TypeRef::Json));
    assert_eq!(ty(&api, "BareObject").kind, map(TypeRef::Json));
    assert_eq!(ty(&api, "Strings").kind, map(TypeRef::String));
    assert_eq!(ty(&api, "Anything").kind, map(TypeRef::Json));
    assert_eq!(
        ty(&api, "NullableInts").kind,
        map(TypeRef::Nullable(Box::new(TypeRef::Integer(IntWidth::I64))))
    );
    let TypeKind::Struct(extra) = &ty(&api, "WithExtra").kind else {
        panic!("WithExtra")
    };
    assert_eq!(extra.additional, Some(TypeRef::Integer(IntWidth::I64)));
    // The emitter's flattened map is `additional_properties`: a property of
    // that name steps aside.
    assert_eq!(
        field(&api, "WithExtra", "additional_properties").name,
        "additional_properties_2"
    );
    assert!(matches!(&ty(&api, "Closed").kind, TypeKind::Struct(s) if s.fields.is_empty()));
    assert_eq!(ty(&api, "Entries").kind, map(named(&api, "EntriesValue")));
}

#[test]
fn formats_and_field_flags() {
    let api = Lowering::fixture("formats.yaml").api();
    snapshot!("formats", outline(&api));
    let t = |wire: &str| field(&api, "Everything", wire).ty.clone();
    assert_eq!(t("when"), TypeRef::DateTime);
    assert_eq!(t("day"), TypeRef::Date);
    assert_eq!(t("blob"), TypeRef::Bytes(BytesEncoding::Base64));
    assert_eq!(t("file"), TypeRef::Bytes(BytesEncoding::Binary));
    assert_eq!(t("id"), TypeRef::String);
    assert_eq!(t("count"), TypeRef::Integer(IntWidth::I32));
    assert_eq!(t("big"), TypeRef::Integer(IntWidth::I64));
    assert_eq!(t("plain_int"), TypeRef::Integer(IntWidth::I64));
    assert_eq!(t("odd_int"), TypeRef::Integer(IntWidth::I64));
    assert_eq!(t("small_u"), TypeRef::Integer(IntWidth::U32));
    assert_eq!(t("big_u"), TypeRef::Integer(IntWidth::U64));
    assert_eq!(t("ratio"), TypeRef::Float(FloatWidth::F32));
    assert_eq!(t("precise"), TypeRef::Float(FloatWidth::F64));
    assert_eq!(t("plain_number"), TypeRef::Float(FloatWidth::F64));
    assert_eq!(t("limited"), TypeRef::String);
    assert_eq!(t("bounded"), TypeRef::Integer(IntWidth::I64));
    assert_eq!(
        t("tags"),
        TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::String))))
    );
    assert_eq!(t("anything"), TypeRef::Json);
    assert_eq!(t("untyped_items"), TypeRef::Array(Box::new(TypeRef::Json)));
    let when = field(&api, "Everything", "when");
    assert!(when.required && !when.nullable);
    let note = field(&api, "Everything", "note");
    assert!(!note.required && note.nullable && note.read_only && note.deprecated.is_some());
    assert_eq!(note.doc.as_deref(), Some("A title only"));
    assert_eq!(note.example.as_deref(), Some("\"hello\""));
    assert_eq!(note.default.as_deref(), Some("\"hi\""));
    // One type serves both directions: a required readOnly field is not
    // demanded in requests, a required writeOnly one not in responses.
    let id = field(&api, "Account", "id");
    assert!(!id.required && id.read_only && !id.write_only);
    let password = field(&api, "Account", "password");
    assert!(!password.required && password.write_only && !password.read_only);
    assert!(field(&api, "Account", "name").required);
    // A `$ref` to a string alias (declared before or after) is a string.
    assert!(field(&api, "Session", "access_token").secret);
    assert!(field(&api, "Session", "session_token").secret);
    assert!(!field(&api, "Session", "token_type").secret);
    // Secrets: credential-like names holding strings.
    assert!(field(&api, "Everything", "link_token").secret);
    assert!(field(&api, "Everything", "client_secret").secret);
    assert!(!field(&api, "Everything", "token_type").secret);
    assert!(!field(&api, "Everything", "link_token_id").secret);
    assert!(
        !field(&api, "Everything", "access_token").secret,
        "not a string"
    );
    let def = ty(&api, "Everything");
    assert_eq!(
        def.doc.as_deref(),
        Some("Everything at once\n\nEvery format.")
    );
    assert_eq!(
        def.example.as_deref(),
        Some(r#"{"when":"2020-01-01T00:00:00Z"}"#)
    );
}

#[test]
fn names_read_like_rust() {
    let api = Lowering::fixture("naming.yaml").api();
    snapshot!("naming", outline(&api));
    // Namespace prefixes dropped, or kept as short as makes them unique.
    for name in [
        "LinkTokenRequestResponse",
        "WebModelsModelsErrorMessageResponse",
        "NamespaceModelsErrorMessageResponse",
        "LinkTokenRequest",
        "Widget",
        "ErrorModel",
        "ClientModel",
        "ResultModel",
    ] {
        ty(&api, name);
    }
    let link: Vec<String> = fields(&api, "LinkTokenRequest")
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    assert_eq!(
        link,
        [
            "type_",
            "self_",
            "foo_bar",
            "foo_bar_2",
            "_2fa",
            "plus_1",
            "minus_1",
            "value_8"
        ]
    );
    // Inline names from where they stand; a taken name gets a suffix.
    ty(&api, "CheckConnectionTokenResponse");
    ty(&api, "CheckConnectionTokenResponseStatus2");
    ty(&api, "CheckConnectionTokenResponseItemsItem");
    ty(&api, "BadRequestResponse");
    ty(&api, "BadRequestResponseErrors");
    ty(&api, "GetTokenStatusBody");
    // Method names.
    let methods: Vec<&str> = api
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(
        methods,
        [
            "check_connection_token",
            "get_token_status",
            "get_users_by_id",
            "get_thing",
            "builder_op",
            "get_thing_2",
            "get_renamed",
            "do_it"
        ]
    );
    // Operation type names never collide with schema names.
    assert_eq!(op(&api, "get_thing").call_type, "GetThingCall2");
    assert_eq!(op(&api, "get_thing_2").error_type, "GetThing2Error");
}

#[test]
fn renames_apply() {
    let mut options = LowerOptions::default();
    options
        .type_renames
        .insert("OldName".into(), "NewName".into());
    options
        .type_renames
        .insert("Error".into(), "ApiFailure".into());
    options
        .type_renames
        .insert("Missing".into(), "Whatever".into());
    options
        .method_renames
        .insert("doIt".into(), "perform".into());
    options
        .method_renames
        .insert("GET /renamed".into(), "fetch_renamed".into());
    let api = Lowering::fixture("naming.yaml").options(options).api();
    ty(&api, "NewName");
    ty(&api, "ApiFailure");
    assert!(!names(&api).contains(&"ErrorModel"));
    op(&api, "perform");
    op(&api, "fetch_renamed");
    assert!(has_warning(
        &api,
        "",
        "type_renames: no component schema `Missing`"
    ));
}

#[test]
fn renamed_type_wins_its_name() {
    let mut options = LowerOptions::default();
    options
        .type_renames
        .insert("OldName".into(), "Widget".into());
    let api = Lowering::fixture("naming.yaml").options(options).api();
    assert_eq!(ty(&api, "Widget").origin, "/components/schemas/OldName");
    assert_eq!(
        ty(&api, "Widget2").origin,
        "/components/schemas/com.example.Widget"
    );
}

#[test]
fn lowering_is_deterministic() {
    let a = Lowering::fixture("naming.yaml").api();
    let b = Lowering::fixture("naming.yaml").api();
    assert_eq!(a, b);
}

/// `Foo: allOf: [$ref: NullableBar]` may be null: a required field of that
/// type is `Option` wherever it stands, before or after `Foo` in the spec.
#[test]
fn nullability_of_a_component_is_the_lowered_one() {
    let api = Lowering::fixture("nullable_components.yaml").api();
    snapshot!("nullable_components", outline(&api));
    for owner in ["Before", "After"] {
        let foo = field(&api, owner, "foo");
        assert!(foo.required && foo.nullable, "{owner}.foo");
    }
    let foo = named(&api, "Foo");
    assert_eq!(
        field(&api, "Before", "foos").ty,
        TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(foo.clone()))))
    );
    assert_eq!(
        field(&api, "Before", "by_key").ty,
        TypeRef::Map(Box::new(TypeRef::Nullable(Box::new(foo))))
    );
}
