//! IR the emitter cannot turn into clean code is refused with a located
//! `Error::Unsupported`, never a panic. The IR is hand-built (`emit_common`'s
//! builders): lowering never makes these names and shapes, which is why the
//! emitter's own guard is tested here.
use crate::emit_common;

use codegen::emit::emit;
use codegen::ir::*;
use codegen::Error;
use emit_common::*;

/// Emits, expecting `Unsupported` at `pointer` with the message `expected`.
#[track_caller]
fn refused(api: &Api, pointer: &str, expected: &str) {
    match emit(api, &options()) {
        Err(Error::Unsupported { location, message }) => {
            assert_eq!(location.pointer, pointer, "{message}");
            assert_eq!(location.file.to_str(), Some("specs/sample.yaml"));
            assert_eq!(message, expected);
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

fn one_type(name: &str, kind: TypeKind) -> Api {
    let mut api = emit_common::api("Bad");
    add(&mut api, name, kind);
    api
}

#[test]
fn names_that_are_not_identifiers() {
    refused(
        &one_type("my type", strukt(vec![])),
        "/components/schemas/my type",
        "type name `my type` is not a valid ASCII Rust identifier",
    );
    refused(
        &one_type("lowerCase", strukt(vec![])),
        "/components/schemas/lowerCase",
        "type name `lowerCase` is not UpperCamelCase",
    );
    refused(
        &one_type("Ünïcode", strukt(vec![])),
        "/components/schemas/Ünïcode",
        "type name `Ünïcode` is not a valid ASCII Rust identifier",
    );
    refused(
        &one_type("Self", strukt(vec![])),
        "/components/schemas/Self",
        "type name `Self` is a Rust keyword and must be escaped",
    );
    let with_field = |name: &str| {
        one_type(
            "Thing",
            strukt(vec![field(name, "x", TypeRef::String, true)]),
        )
    };
    refused(
        &with_field("type"),
        "/components/schemas/Thing/properties/x",
        "field name `type` is a Rust keyword and must be escaped",
    );
    refused(
        &with_field("r#self"),
        "/components/schemas/Thing/properties/x",
        "field name `r#self` is not a keyword that can be written as a raw identifier",
    );
    refused(
        &with_field("r#name"),
        "/components/schemas/Thing/properties/x",
        "field name `r#name` is not a keyword that can be written as a raw identifier",
    );
    refused(
        &with_field("camelCase"),
        "/components/schemas/Thing/properties/x",
        "field name `camelCase` is not snake_case",
    );
    refused(
        &with_field(""),
        "/components/schemas/Thing/properties/x",
        "field name `` is not a valid ASCII Rust identifier",
    );
    refused(
        &with_field("_"),
        "/components/schemas/Thing/properties/x",
        "field name `_` is not a valid ASCII Rust identifier",
    );
    refused(
        &one_type(
            "Level",
            TypeKind::IntEnum(IntEnum {
                values: vec![("Low".into(), 1)],
            }),
        ),
        "/components/schemas/Level",
        "constant name `Low` is not UPPER_SNAKE_CASE",
    );
    let mut api = emit_common::api("Bad");
    api.operations = vec![op("GetThing", "GET", "/x")];
    refused(
        &api,
        "/paths/~1x/get",
        "method name `GetThing` is not snake_case",
    );
    let mut options = options();
    options.crate_name = "1-client".into();
    assert_eq!(
        emit(&emit_common::api("Ok"), &options)
            .expect_err("no crate name starts with a digit")
            .to_string(),
        "specs/sample.yaml at #/: unsupported: crate name `1-client` does not give a usable library name"
    );
}

#[test]
fn duplicates_and_reserved_names() {
    let mut api = emit_common::api("Dupes");
    add(&mut api, "Same", strukt(vec![]));
    add(&mut api, "Same", strukt(vec![]));
    refused(
        &api,
        "/components/schemas/Same",
        "type name `Same` is used twice (or is reserved)",
    );
    let fields = vec![
        field("a", "a", TypeRef::String, true),
        field("a", "b", TypeRef::String, true),
    ];
    refused(
        &one_type("Thing", strukt(fields)),
        "/components/schemas/Thing/properties/b",
        "field name `a` is used twice (or is reserved)",
    );
    refused(
        &one_type("Thing", string_enum(&[("Unknown", "unknown")])),
        "/components/schemas/Thing",
        "enum variant name `Unknown` is used twice (or is reserved)",
    );
    let mut api = emit_common::api("Dupes");
    api.operations = vec![op("get", "GET", "/a"), op("get", "GET", "/b")];
    refused(
        &api,
        "/paths/~1b/get",
        "operation type name `GetCall` is used twice (or is reserved)",
    );
    api.operations = vec![op("builder", "GET", "/a")];
    refused(
        &api,
        "/paths/~1a/get",
        "client method name `builder` is used twice (or is reserved)",
    );
    api.operations = vec![op("get", "GET", "/a")];
    api.security_schemes = vec![scheme("k", "build", "K", SecurityKind::Bearer)];
    refused(
        &api,
        "/components/securitySchemes/k",
        "builder method name `build` is used twice (or is reserved)",
    );
    api.security_schemes.clear();
    api.operations[0].call_type = "GetError".into();
    refused(
        &api,
        "/paths/~1a/get",
        "operation type name `GetError` is used twice (or is reserved)",
    );
}

#[test]
fn types_that_would_not_compile() {
    let mut api = emit_common::api("Types");
    add(
        &mut api,
        "Dangling",
        strukt(vec![field("x", "x", TypeRef::Named(TypeId(42)), true)]),
    );
    refused(
        &api,
        "/components/schemas/Dangling/properties/x",
        "reference to unknown type id 42",
    );

    let mut api = emit_common::api("Types");
    add(
        &mut api,
        "Loop",
        strukt(vec![field(
            "next",
            "next",
            TypeRef::Nullable(Box::new(TypeRef::Named(TypeId(0)))),
            false,
        )]),
    );
    refused(
        &api,
        "/components/schemas/Loop",
        "type `Loop` contains itself without a boxed field to break the cycle",
    );

    let mut api = emit_common::api("Types");
    add(
        &mut api,
        "A",
        TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Named(TypeId(1))))),
    );
    add(&mut api, "B", TypeKind::Alias(TypeRef::Named(TypeId(0))));
    refused(
        &api,
        "/components/schemas/A",
        "type alias `A` refers to itself",
    );
}

#[test]
fn operations_that_would_not_compile() {
    let base = || {
        let mut api = emit_common::api("Ops");
        api.operations = vec![op("get", "GET", "/things/{id}")];
        api
    };
    refused(
        &base(),
        "/paths/~1things~1{id}/get",
        "path template `/things/{id}` names `id`, which is no path parameter",
    );

    let mut api = base();
    api.operations[0].path = template("/things");
    api.operations[0].params = vec![param(
        "id",
        "id",
        ParamLocation::Path,
        TypeRef::String,
        true,
    )];
    refused(
        &api,
        "/paths/~1things~1{id}/get",
        "path parameter `id` does not appear in the path template `/things`",
    );

    let mut api = base();
    api.operations[0].params = vec![param(
        "id",
        "id",
        ParamLocation::Path,
        TypeRef::String,
        true,
    )];
    api.operations[0].responses = vec![
        empty(StatusMatch::Code(200), true, "Ok"),
        empty(StatusMatch::Code(200), true, "Again"),
    ];
    refused(
        &api,
        "/paths/~1things~1{id}/get",
        "status 200 is declared twice",
    );
    api.operations[0].responses = vec![empty(StatusMatch::Range(7), false, "Weird")];
    refused(&api, "/paths/~1things~1{id}/get", "status range 7XX");
    api.operations[0].responses = vec![
        empty(StatusMatch::Code(200), true, "Ok"),
        json(201, true, "Created", TypeRef::Json),
    ];
    refused(
        &api,
        "/paths/~1things~1{id}/get",
        "success responses have different bodies but the operation has no success enum",
    );
    // A `default` that is a success covers the 2xx statuses only.
    api.operations[0].responses = vec![empty(StatusMatch::Default, true, "Default")];
    api.operations[0].responses[0].covers = StatusMatch::Default;
    refused(
        &api,
        "/paths/~1things~1{id}/get",
        "response `Default` is declared for any other status but covers any other status",
    );
    api.operations[0].responses.clear();
    api.operations[0].body = Some(body("text/plain", BodyEncoding::Text, TypeRef::Json, true));
    refused(
        &api,
        "/paths/~1things~1{id}/get",
        "a Text request body of this type cannot be sent",
    );
}

#[test]
fn odd_strings_never_panic() {
    let odd = [
        "",
        " ",
        "\"",
        "\\",
        "`",
        "```",
        "{",
        "}",
        "{}",
        "{{x}}",
        "\r\n",
        "\t",
        "#",
        "<",
        "<x",
        "[",
        "]",
        "](",
        "[a](",
        "r#",
        "é",
        "\u{0}",
        "https://",
        "<https://x",
        "1.",
        "- ",
        "    ",
        "> ",
        "~~~",
        "*/",
        "/*",
        "//",
        "#!",
        "Unknown",
    ];
    for s in odd {
        let mut api = emit_common::api(s);
        api.description = Some(s.repeat(3));
        api.version = s.into();
        api.servers[0].url = s.into();
        api.servers[0].description = Some(s.into());
        let ty = add(
            &mut api,
            "Thing",
            strukt(vec![field("a", s, TypeRef::String, true)]),
        );
        let def = def_mut(&mut api, &ty);
        def.doc = Some(format!("{s}\n{s}  {s}\n\n    {s}"));
        def.example = Some(s.into());
        def.origin = s.into();
        add(&mut api, "Names", string_enum(&[("A", s)]));
        let mut o = op("get", "GET", "/x");
        // A malformed template cannot be built; `lower` refuses it.
        if let Ok(path) = PathTemplate::parse(&format!("/x{s}")) {
            o.path = path;
        }
        o.summary = Some(s.into());
        o.description = Some(s.into());
        o.pointer = s.into();
        o.responses = vec![json(400, false, "Bad", TypeRef::Json)];
        o.responses[0].description = Some(s.into());
        o.security = vec![vec![s.into()]];
        api.operations = vec![o];
        api.security_schemes = vec![scheme(
            s,
            "key",
            s,
            SecurityKind::ApiKeyHeader { name: s.into() },
        )];
        let mut options = options();
        options.spec_file = s.into();
        options.env_prefix = s.into();
        options.description = Some(s.into());
        let _ = emit(&api, &options);
        for name in [s, "r#type", "Unknown"] {
            let mut bad = api.clone();
            bad.types.values_mut().next().unwrap().name = name.into();
            bad.operations[0].method_name = name.into();
            let _ = emit(&bad, &options);
        }
    }
}
