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

#[test]
fn path_query_header_and_cookie_params() {
    let api = lowered(&spec(
        "Params",
        r#"paths:
  /users/{user_id}/items/{itemId};{level}/{kind}.json{tags}:
    get:
      operationId: get_item
      summary: Get an item
      description: "Returns one item.\n\nSee https://example.com/items."
      parameters:
        - name: user_id
          in: path
          required: true
          description: "The user's [id], see\nhttps://example.com/users."
          schema: {type: string}
        - {name: itemId, in: path, required: true, style: label, schema: {type: integer, format: int64}}
        - name: level
          in: path
          required: true
          style: matrix
          explode: true
          schema: {$ref: '#/components/schemas/Level'}
        - {name: kind, in: path, required: true, schema: {$ref: '#/components/schemas/Kind'}}
        - {name: tags, in: path, required: true, schema: {type: array, items: {type: string}}}
        - name: expand
          in: query
          style: pipeDelimited
          explode: false
          description: Relations to expand.
          schema: {type: array, items: {type: string}}
        - {name: filter, in: query, style: deepObject, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
        - {name: limit, in: query, required: true, schema: {type: integer, format: uint32}}
        - {name: mode, in: query, deprecated: true, schema: {$ref: '#/components/schemas/Kind'}}
        - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
        # An exploded header object is `k=v,…`.
        - {name: X-Color, in: header, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
      responses:
        '200': {content: {application/json: {schema: {}}}}
  /search:
    get:
      operationId: search
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200': {content: {application/json: {schema: {type: array, items: {type: string}}}}}
  /clash/{params}/{body}:
    get:
      operationId: clash
      parameters:
        - {name: params, in: path, required: true, schema: {type: string}}
        - {name: body, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content: {application/json: {schema: {type: boolean}}}
      responses: {}
components:
  schemas:
    Kind: {type: string, enum: [big, small]}
    Level: {type: integer, enum: [1], x-enum-varnames: [ONE]}
    Filter:
      type: object
      properties: {q: {type: string}}
"#,
    ));
    insta::assert_snapshot!(operation_files("params", &api));
}

#[test]
fn request_bodies() {
    let api = lowered(&spec(
        "Bodies",
        r#"paths:
  /pets:
    post:
      operationId: create_pet
      requestBody:
        required: true
        description: "The pet to add:\n\n```\n{\"name\": \"Rex\"}\n```"
        content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}
      responses: {'201': {}}
    patch:
      operationId: patch_pet
      requestBody:
        content: {application/merge-patch+json: {schema: {$ref: '#/components/schemas/NewPet'}}}
      responses: {'204': {}}
  /tags:
    post:
      operationId: create_tags
      requestBody:
        required: true
        content: {application/json: {schema: {type: array, items: {type: string}}}}
      responses: {}
  /login:
    post:
      operationId: login
      requestBody:
        required: true
        content: {application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/Login'}}}
      responses: {'204': {}}
  /files/{name}:
    put:
      operationId: upload
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content: {application/octet-stream: {schema: {type: string, format: binary}}}
      responses:
        '200': {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
  /echo:
    post:
      operationId: echo
      requestBody:
        required: true
        content: {text/plain: {schema: {type: string}}}
      responses:
        '200': {content: {text/plain: {schema: {type: string}}}}
  # A text body is text whatever its schema says (lowering's rule).
  /count:
    put:
      operationId: set_count
      requestBody:
        content: {text/plain: {schema: {type: integer, format: int64}}}
      responses: {}
  # No content: no body.
  /touch:
    post:
      operationId: touch
      requestBody:
        content: {}
      responses: {}
components:
  schemas:
    NewPet:
      type: object
      required: [name]
      properties: {name: {type: string}}
    Login:
      type: object
      properties: {user: {type: string}}
"#,
    ));
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
    let api = lowered(
        r#"openapi: 3.0.3
info:
  title: Partoo Rest API
  version: v2
  description: |
    ## Introduction
    The Partoo Rest API allows you to automate all the actions that are possible to do in the Partoo Web Application.


    The Partoo Rest API can be used for many different purposes:
      - Create/update/delete your businesses & users if you are a client.
      - Create/subscribe/manage organizations, businesses & users if you are a reseller.
      - ...
servers:
  - {url: 'https://api.partoo.co/v2', description: Production server}
  - {url: 'https://api.sandbox.partoo.co/v2', description: Sandbox server (dev environment for clients & partners)}
paths:
  /connection/check_token:
    get:
      operationId: check_connection_token
      summary: Check connection token
      security: [{ApiKeyAuth: []}]
      parameters:
        - {name: user_id, in: query, required: true, schema: {$ref: '#/components/schemas/UserId'}}
        - {name: token, in: query, required: true, schema: {type: string}}
      responses:
        '200': {content: {application/json: {schema: {$ref: '#/components/schemas/CheckConnectionTokenResponse'}}}}
        '404': {}
components:
  securitySchemes:
    ApiKeyAuth: {type: apiKey, in: header, name: x-APIKey}
  schemas:
    CheckConnectionTokenStatus: {type: string, enum: [revoked, consumed]}
    CheckConnectionTokenResponse:
      type: object
      properties:
        token: {type: string}
        status: {$ref: '#/components/schemas/CheckConnectionTokenStatus'}
    UserId: {type: string}
"#,
    );
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
