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
    // No `description`s but one: a response's doc is its description.
    let api = lowered(&spec(
        "Responses",
        "paths:
  /pets/{id}:
    get:
      operationId: get_pet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '400':
          description: |
            Your request is incorrect
          content: {application/json: {schema: {$ref: '#/components/schemas/ApiErrorBody'}}}
        '404': {}
        '418': {content: {text/plain: {schema: {type: string}}}}
        '451': {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
        4XX: {content: {application/json: {schema: {$ref: '#/components/schemas/ApiErrorBody'}}}}
        5XX: {}
        default: {content: {application/json: {schema: {}}}}
  /pets:
    post:
      operationId: create_pet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
      responses:
        '200': {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '201':
          content:
            application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}
        '202': {}
        '203': {content: {text/plain: {schema: {type: string}}}}
  /anything:
    get:
      operationId: anything
      responses:
        default: {content: {application/json: {schema: {}}}}
  /nothing:
    get: {operationId: nothing, responses: {}}
  /old:
    get:
      operationId: old_call
      deprecated: true
      responses:
        '204': {}
components:
  schemas:
    ApiErrorBody:
      type: object
      required: [message]
      properties: {message: {type: string}}
    Pet:
      type: object
      required: [name]
      properties: {name: {type: string}}
",
    ));
    insta::assert_snapshot!(operation_files("responses", &api));
}

/// One security scheme of every kind, and operations that need two at
/// once, one of three, one or none, and none at all; `servers` after the
/// production one.
fn secured_api(servers: &str) -> Api {
    lowered(&format!(
        "{}{servers}{}",
        spec("Secured", ""),
        "paths:
  /both:
    get: {operationId: both, security: [{apiKey: [], bearerAuth: []}], responses: {}}
  /either:
    get:
      operationId: either
      security: [{basicAuth: []}, {queryKey: []}, {cookieKey: []}]
      responses: {}
  /optional:
    get: {operationId: optional, security: [{apiKey: []}, {}], responses: {}}
  /public:
    get: {operationId: public, responses: {}}
components:
  securitySchemes:
    apiKey:
      type: apiKey
      in: header
      name: X-Api-Key
      description: |
        The authentication system on Partoo API is using API Key that should be put in the header of the request (the name of the header is `x-APIKey`).
    bearerAuth: {type: http, scheme: bearer}
    basicAuth: {type: http, scheme: basic}
    queryKey: {type: apiKey, in: query, name: key}
    cookieKey: {type: apiKey, in: cookie, name: sid}
",
    ))
}

#[test]
fn security_alternatives() {
    insta::assert_snapshot!(operation_files("security", &secured_api("")));
}

#[test]
fn client_with_servers_and_every_scheme() {
    let api = secured_api("  - {url: 'https://sandbox.example.com'}\n");
    insta::assert_snapshot!(file("client", &api, "src/client.rs"));
}

#[test]
fn client_without_servers() {
    let api = lowered(
        "openapi: 3.0.3
info: {title: Serverless, version: 1.0.0}
paths:
  /things/{id}:
    get:
      operationId: get_thing
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: the thing
          content:
            application/json: {schema: {}}
",
    );
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
    let api = lowered(&spec(
        "Default only",
        "paths:
  /v1/header-arg:
    get:
      operationId: header_arg
      responses:
        default: {description: any}
",
    ));
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
    let api = lowered(&spec(
        "Default success",
        "paths:
  /things:
    get:
      operationId: get_thing
      responses:
        '404': {description: none}
        default: {description: any}
",
    ));
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
    let api = lowered(&spec(
        "Contents",
        "paths:
  /repos/{owner}/contents/{path}:
    get:
      operationId: get_content
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: path, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
",
    ));
    let client = file("path_named_path", &api, "src/client.rs");
    let method = &client[client.find("pub fn get_content").expect("method")..];
    insta::assert_snapshot!(method);
}
