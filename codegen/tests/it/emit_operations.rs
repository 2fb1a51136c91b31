//! Snapshots of `src/operations.rs` and of the `Client` methods for one
//! operation construct at a time, and of the crate's other files.
use crate::emit_common;

use codegen::ir::*;
use emit_common::*;

/// `operations.rs`, then the `impl Client` block of `client.rs`.
fn operation_files(name: &str, api: &Api) -> String {
    let operations = file(name, api, "src/operations.rs");
    let client = file(name, api, "src/client.rs");
    let methods = &client[client.find("impl Client {").expect("impl Client")..];
    format!("{operations}\n// ---- src/client.rs (impl Client) ----\n\n{methods}")
}

fn error_body(api: &mut Api) -> TypeRef {
    add(
        api,
        "ApiErrorBody",
        strukt(vec![field("message", "message", TypeRef::String, true)]),
    )
}

#[test]
fn path_query_header_and_cookie_params() {
    let mut api = api("Params");
    let kind = add(
        &mut api,
        "Kind",
        string_enum(&[("Big", "big"), ("Small", "small")]),
    );
    let level = add(
        &mut api,
        "Level",
        TypeKind::IntEnum(IntEnum {
            values: vec![("ONE".into(), 1)],
        }),
    );
    let filter = add(
        &mut api,
        "Filter",
        strukt(vec![field("q", "q", TypeRef::String, false)]),
    );
    let mut get = op(
        "get_item",
        "GET",
        "/users/{user_id}/items/{itemId};{level}/{kind}.json{tags}",
    );
    get.summary = Some("Get an item".into());
    get.description = Some("Returns one item.\n\nSee https://example.com/items.".into());
    get.params = vec![
        param(
            "user_id",
            "user_id",
            ParamLocation::Path,
            TypeRef::String,
            true,
        ),
        param(
            "item_id",
            "itemId",
            ParamLocation::Path,
            TypeRef::Integer(IntWidth::I64),
            true,
        ),
        param("level", "level", ParamLocation::Path, level, true),
        param("kind", "kind", ParamLocation::Path, kind.clone(), true),
        param(
            "tags",
            "tags",
            ParamLocation::Path,
            TypeRef::Array(Box::new(TypeRef::String)),
            true,
        ),
        param(
            "expand",
            "expand",
            ParamLocation::Query,
            TypeRef::Array(Box::new(TypeRef::String)),
            false,
        ),
        param(
            "filter",
            "filter",
            ParamLocation::Query,
            filter.clone(),
            false,
        ),
        param(
            "limit",
            "limit",
            ParamLocation::Query,
            TypeRef::Integer(IntWidth::U32),
            true,
        ),
        param("mode", "mode", ParamLocation::Query, kind, false),
        param(
            "request_id",
            "X-Request-Id",
            ParamLocation::Header,
            TypeRef::String,
            true,
        ),
        param(
            "session",
            "session",
            ParamLocation::Cookie,
            TypeRef::String,
            false,
        ),
        param(
            "color",
            "X-Color",
            ParamLocation::Header,
            filter.clone(),
            false,
        ),
    ];
    get.params[0].doc = Some("The user's [id], see\nhttps://example.com/users.".into());
    get.params[1].style = ParamStyle::Label;
    get.params[2].style = ParamStyle::Matrix;
    get.params[2].explode = true;
    get.params[5].style = ParamStyle::PipeDelimited;
    get.params[5].explode = false;
    get.params[5].doc = Some("Relations to expand.".into());
    get.params[6].style = ParamStyle::DeepObject;
    get.params[8].deprecated = deprecated();
    // An exploded header object is `k=v,…`.
    get.params[11].explode = true;
    get.responses = vec![json(200, true, "Ok", TypeRef::Json)];
    let mut search = op("search", "GET", "/search");
    search.params = vec![param(
        "q",
        "q",
        ParamLocation::Query,
        TypeRef::String,
        false,
    )];
    search.responses = vec![json(
        200,
        true,
        "Ok",
        TypeRef::Array(Box::new(TypeRef::String)),
    )];
    let mut clash = op("clash", "GET", "/clash/{params}/{body}");
    clash.params = vec![
        // As `naming::param_ident` names them: clear of the method's own.
        param(
            "params_",
            "params",
            ParamLocation::Path,
            TypeRef::String,
            true,
        ),
        param("body_", "body", ParamLocation::Path, TypeRef::String, true),
        param("q", "q", ParamLocation::Query, TypeRef::Bool, false),
    ];
    clash.body = Some(body(
        "application/json",
        BodyEncoding::Json,
        TypeRef::Bool,
        true,
    ));
    api.operations = vec![get, search, clash];
    insta::assert_snapshot!(operation_files("params", &api));
}

#[test]
fn request_bodies() {
    let mut api = api("Bodies");
    let pet = add(
        &mut api,
        "NewPet",
        strukt(vec![field("name", "name", TypeRef::String, true)]),
    );
    let form = add(
        &mut api,
        "Login",
        strukt(vec![field("user", "user", TypeRef::String, false)]),
    );
    let mut json_op = op("create_pet", "POST", "/pets");
    json_op.body = Some(body(
        "application/json",
        BodyEncoding::Json,
        pet.clone(),
        true,
    ));
    json_op.body.as_mut().unwrap().doc =
        Some("The pet to add:\n\n```\n{\"name\": \"Rex\"}\n```".into());
    json_op.responses = vec![empty(StatusMatch::Code(201), true, "Created")];
    let mut optional = op("patch_pet", "PATCH", "/pets");
    optional.body = Some(body(
        "application/merge-patch+json",
        BodyEncoding::Json,
        pet,
        false,
    ));
    optional.responses = vec![empty(StatusMatch::Code(204), true, "NoContent")];
    let mut list = op("create_tags", "POST", "/tags");
    list.body = Some(body(
        "application/json",
        BodyEncoding::Json,
        TypeRef::Array(Box::new(TypeRef::String)),
        true,
    ));
    let mut form_op = op("login", "POST", "/login");
    form_op.body = Some(body(
        "application/x-www-form-urlencoded",
        BodyEncoding::Form,
        form,
        true,
    ));
    form_op.responses = vec![empty(StatusMatch::Code(204), true, "NoContent")];
    let mut bytes_op = op("upload", "PUT", "/files/{name}");
    bytes_op.params = vec![param(
        "name",
        "name",
        ParamLocation::Path,
        TypeRef::String,
        true,
    )];
    bytes_op.body = Some(body(
        "application/octet-stream",
        BodyEncoding::Bytes,
        TypeRef::Bytes(BytesEncoding::Binary),
        true,
    ));
    bytes_op.responses = vec![response(
        StatusMatch::Code(200),
        true,
        "Ok",
        BodyEncoding::Bytes,
        TypeRef::Bytes(BytesEncoding::Binary),
    )];
    let mut text_op = op("echo", "POST", "/echo");
    text_op.body = Some(body(
        "text/plain",
        BodyEncoding::Text,
        TypeRef::String,
        true,
    ));
    text_op.responses = vec![response(
        StatusMatch::Code(200),
        true,
        "Ok",
        BodyEncoding::Text,
        TypeRef::String,
    )];
    let mut number_op = op("set_count", "PUT", "/count");
    number_op.body = Some(body(
        "text/plain",
        BodyEncoding::Text,
        TypeRef::Integer(IntWidth::I64),
        false,
    ));
    let mut empty_op = op("touch", "POST", "/touch");
    empty_op.body = Some(body(
        "application/json",
        BodyEncoding::Empty,
        TypeRef::Unit,
        false,
    ));
    api.operations = vec![
        json_op, optional, list, form_op, bytes_op, text_op, number_op, empty_op,
    ];
    insta::assert_snapshot!(operation_files("bodies", &api));
}

#[test]
fn responses_with_codes_ranges_and_default() {
    let mut api = api("Responses");
    let err = error_body(&mut api);
    let pet = add(
        &mut api,
        "Pet",
        strukt(vec![field("name", "name", TypeRef::String, true)]),
    );
    let mut get = op("get_pet", "GET", "/pets/{id}");
    get.params = vec![param(
        "id",
        "id",
        ParamLocation::Path,
        TypeRef::String,
        true,
    )];
    get.responses = vec![
        json(200, true, "Ok", pet.clone()),
        json(400, false, "BadRequest", err.clone()),
        empty(StatusMatch::Code(404), false, "NotFound"),
        response(
            StatusMatch::Code(418),
            false,
            "Status418",
            BodyEncoding::Text,
            TypeRef::String,
        ),
        response(
            StatusMatch::Code(451),
            false,
            "Unavailable",
            BodyEncoding::Bytes,
            TypeRef::Bytes(BytesEncoding::Binary),
        ),
        response(
            StatusMatch::Range(4),
            false,
            "ClientError",
            BodyEncoding::Json,
            err.clone(),
        ),
        response(
            StatusMatch::Range(5),
            false,
            "ServerError",
            BodyEncoding::Empty,
            TypeRef::Unit,
        ),
        response(
            StatusMatch::Default,
            false,
            "Default",
            BodyEncoding::Json,
            TypeRef::Json,
        ),
    ];
    get.responses[1].description = Some("Your request is incorrect\n".into());
    let mut create = op("create_pet", "POST", "/pets");
    create.success_type = Some("CreatePetResponse".into());
    create.body = Some(body(
        "application/json",
        BodyEncoding::Json,
        pet.clone(),
        true,
    ));
    create.responses = vec![
        json(200, true, "Ok", pet.clone()),
        json(201, true, "Created", TypeRef::Array(Box::new(pet))),
        empty(StatusMatch::Code(202), true, "Accepted"),
        response(
            StatusMatch::Code(203),
            true,
            "Text",
            BodyEncoding::Text,
            TypeRef::String,
        ),
    ];
    let mut only_default = op("anything", "GET", "/anything");
    only_default.responses = vec![response(
        StatusMatch::Default,
        true,
        "Default",
        BodyEncoding::Json,
        TypeRef::Json,
    )];
    let none = op("nothing", "GET", "/nothing");
    let mut deprecated = op("old_call", "GET", "/old");
    deprecated.deprecated = emit_common::deprecated();
    deprecated.responses = vec![empty(StatusMatch::Code(204), true, "NoContent")];
    api.operations = vec![get, create, only_default, none, deprecated];
    insta::assert_snapshot!(operation_files("responses", &api));
}

fn secured_api() -> Api {
    let mut api = api("Secured");
    api.security_schemes = every_scheme();
    api.security_schemes[0].description = Some(
        "The authentication system on Partoo API is using API Key that should be put in the header of the request (the name of the header is `x-APIKey`).\n".into(),
    );
    let mut both = op("both", "GET", "/both");
    both.security = vec![vec!["apiKey".into(), "bearerAuth".into()]];
    let mut either = op("either", "GET", "/either");
    either.security = vec![
        vec!["basicAuth".into()],
        vec!["queryKey".into()],
        vec!["cookieKey".into()],
    ];
    let mut optional = op("optional", "GET", "/optional");
    optional.security = vec![vec!["apiKey".into()], vec![]];
    let public = op("public", "GET", "/public");
    api.operations = vec![both, either, optional, public];
    api
}

#[test]
fn security_alternatives() {
    insta::assert_snapshot!(operation_files("security", &secured_api()));
}

#[test]
fn client_with_servers_and_every_scheme() {
    let mut api = secured_api();
    api.servers.push(Server {
        variant: "Sandbox".into(),
        name: "sandbox".into(),
        url: "https://sandbox.example.com".into(),
        description: None,
    });
    insta::assert_snapshot!(file("client", &api, "src/client.rs"));
}

#[test]
fn client_without_servers() {
    let mut api = api("Serverless");
    api.servers.clear();
    let mut get = op("get_thing", "GET", "/things/{id}");
    get.params = vec![param(
        "id",
        "id",
        ParamLocation::Path,
        TypeRef::Integer(IntWidth::I32),
        true,
    )];
    get.responses = vec![json(200, true, "Ok", TypeRef::Json)];
    api.operations = vec![get];
    insta::assert_snapshot!(file("serverless", &api, "src/client.rs"));
    insta::assert_snapshot!(
        "client_without_servers_lib",
        file("serverless", &api, "src/lib.rs")
    );
    insta::assert_snapshot!(
        "client_without_servers_readme",
        file("serverless", &api, "README.md")
    );
}

#[test]
fn partoo_like_crate_manifest_readme_and_lib() {
    let mut api = api("Partoo Rest API");
    api.version = "v2".into();
    api.description = Some(
        "## Introduction\nThe Partoo Rest API allows you to automate all the actions that are possible to do in the Partoo Web Application.\n\n\nThe Partoo Rest API can be used for many different purposes:\n  - Create/update/delete your businesses & users if you are a client.\n  - Create/subscribe/manage organizations, businesses & users if you are a reseller.\n  - ...\n".into(),
    );
    api.servers = vec![
        Server {
            variant: "Production".into(),
            name: "production".into(),
            url: "https://api.partoo.co/v2".into(),
            description: Some("Production server".into()),
        },
        Server {
            variant: "Sandbox".into(),
            name: "sandbox".into(),
            url: "https://api.sandbox.partoo.co/v2".into(),
            description: Some("Sandbox server (dev environment for clients & partners)".into()),
        },
    ];
    api.security_schemes = vec![scheme(
        "ApiKeyAuth",
        "api_key",
        "API_KEY",
        SecurityKind::ApiKeyHeader {
            name: "x-APIKey".into(),
        },
    )];
    let status = add(
        &mut api,
        "CheckConnectionTokenStatus",
        string_enum(&[("Revoked", "revoked"), ("Consumed", "consumed")]),
    );
    let ok = add(
        &mut api,
        "CheckConnectionTokenResponse",
        strukt(vec![
            field("token", "token", TypeRef::String, false),
            field("status", "status", status, false),
        ]),
    );
    let user_id = add(&mut api, "UserId", TypeKind::Alias(TypeRef::String));
    let mut check = op("check_connection_token", "GET", "/connection/check_token");
    check.summary = Some("Check connection token".into());
    check.params = vec![
        param("user_id", "user_id", ParamLocation::Query, user_id, true),
        param(
            "token",
            "token",
            ParamLocation::Query,
            TypeRef::String,
            true,
        ),
    ];
    check.responses = vec![
        json(200, true, "Ok", ok),
        empty(StatusMatch::Code(404), false, "NotFound"),
    ];
    check.security = vec![vec!["ApiKeyAuth".into()]];
    api.operations = vec![check];
    let mut options = options();
    options.crate_name = "partoo-client".into();
    options.env_prefix = "PARTOO".into();
    options.spec_file = "specs/partoo-v2.yaml".into();
    options.standalone = true;
    options.description = Some("Typed async client for the Partoo \"Rest\" API".into());
    let files = codegen::emit::emit(&api, &options).expect("emit");
    write_crate("partoo", &api);
    let paths: Vec<_> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "README.md",
            "API.md",
            "src/lib.rs",
            "src/client.rs",
            "src/operations.rs",
            "src/testing.rs",
            "src/types.rs"
        ]
    );
    for f in &files[..4] {
        insta::assert_snapshot!(
            format!(
                "partoo_{}",
                f.path.display().to_string().replace(['/', '.'], "_")
            ),
            f.contents
        );
    }
}

/// Oxide's buildomat: an operation whose only response is an empty
/// `default` succeeds on 2xx only; any other status is unexpected.
#[test]
fn only_an_empty_default_response() {
    let mut api = api("Default only");
    let mut get = op("header_arg", "GET", "/v1/header-arg");
    get.responses = vec![empty(StatusMatch::Default, true, "Default")];
    api.operations = vec![get];
    let client = file("default_only", &api, "src/client.rs");
    let method = &client[client.find("pub fn header_arg").expect("method")..];
    assert!(method.contains("200..=299 => Ok(())"), "{method}");
    assert!(
        method.contains("_ => Err(response.unexpected())"),
        "{method}"
    );
    insta::assert_snapshot!(method);
}

/// `{404, default}` with no 2xx: `default` is the success, but only for
/// 2xx statuses; a 401 or 500 is an error, never `Ok`.
#[test]
fn success_default_covers_2xx_only() {
    let mut api = api("Default success");
    let mut get = op("get_thing", "GET", "/things");
    get.responses = vec![
        empty(StatusMatch::Code(404), false, "NotFound"),
        empty(StatusMatch::Default, true, "Default"),
    ];
    api.operations = vec![get];
    let client = file("default_success", &api, "src/client.rs");
    let method = &client[client.find("pub fn get_thing").expect("method")..];
    assert!(method.contains("200..=299 => Ok(())"), "{method}");
    assert!(
        method.contains("_ => Err(response.unexpected())"),
        "{method}"
    );
    insta::assert_snapshot!(method);
}

/// GitHub's `GET /repos/{owner}/{repo}/contents/{path}`: a path parameter
/// named `path` must not be shadowed by the local that builds the path
/// (naming gives it `path_`, see `naming::METHOD_ARGUMENTS`).
#[test]
fn path_parameter_named_path() {
    let mut api = api("Contents");
    let mut get = op("get_content", "GET", "/repos/{owner}/contents/{path}");
    get.params = vec![
        param("owner", "owner", ParamLocation::Path, TypeRef::String, true),
        param("path_", "path", ParamLocation::Path, TypeRef::String, true),
    ];
    get.responses = vec![empty(StatusMatch::Code(204), true, "NoContent")];
    api.operations = vec![get];
    let client = file("path_named_path", &api, "src/client.rs");
    let method = &client[client.find("pub fn get_content").expect("method")..];
    insta::assert_snapshot!(method);
}
