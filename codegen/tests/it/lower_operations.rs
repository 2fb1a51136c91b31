//! Operations, parameters, bodies, responses, security and servers.

use crate::lower_support;

use codegen::ir::{
    BodyEncoding, BytesEncoding, IntWidth, ParamLocation, ParamStyle, ResponseBody, SecurityKind,
    StatusMatch, TypeRef,
};
use lower_support::*;

#[test]
fn parameters_merge_order_styles_and_names() {
    let api = Lowering::fixture("params.yaml").api();
    snapshot!("params", outline(&api));
    let list = op(&api, "list_items");
    assert_eq!(list.call_type, "ListItemsCall");
    let wires: Vec<&str> = list.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(
        wires,
        [
            "org", "item_id", "trace", "limit", "tags", "ids", "spaced", "piped", "filter",
            "session", "sort", "body", "params", "type", "where"
        ],
        "path parameters first in template order, then the rest in spec order; Accept dropped"
    );
    let p = |wire: &str| {
        list.params
            .iter()
            .find(|p| p.wire_name == wire)
            .expect(wire)
    };
    // The operation's definition wins over the path item's.
    assert_eq!(p("limit").ty, TypeRef::Integer(IntWidth::I32));
    assert!(p("limit").required);
    assert_eq!(p("limit").doc.as_deref(), Some("overridden"));
    assert_eq!(
        (p("org").location, p("org").style, p("org").explode),
        (ParamLocation::Path, ParamStyle::Simple, false)
    );
    assert!(p("org").required);
    assert_eq!(
        (p("trace").style, p("trace").explode),
        (ParamStyle::Simple, false)
    );
    assert_eq!(
        (p("tags").style, p("tags").explode),
        (ParamStyle::Form, true)
    );
    assert_eq!(
        (p("ids").style, p("ids").explode),
        (ParamStyle::Form, false)
    );
    assert_eq!(p("spaced").style, ParamStyle::SpaceDelimited);
    assert_eq!(p("piped").style, ParamStyle::PipeDelimited);
    assert_eq!(
        (p("filter").style, p("filter").explode),
        (ParamStyle::DeepObject, true)
    );
    assert_eq!(
        (
            p("session").location,
            p("session").style,
            p("session").explode
        ),
        (ParamLocation::Cookie, ParamStyle::Form, true)
    );
    // Names: valid, never the method's own arguments.
    assert_eq!(p("body").name, "body_");
    assert_eq!(p("params").name, "params_");
    assert_eq!(p("type").name, "type_");
    assert!(p("type").deprecated.is_some());
    assert_eq!(p("sort").ty, named(&api, "ListItemsSortParam"));
    assert_eq!(p("filter").ty, named(&api, "ListItemsFilterParam"));
    // `content` instead of `schema`: the encoded value, as a string.
    assert_eq!(p("where").ty, TypeRef::String);
    assert!(has_warning(
        &api,
        "/paths/~1orgs~1{org}~1items~1{item_id}/get/parameters/12",
        "content"
    ));
    assert!(has_warning(
        &api,
        "/paths/~1orgs~1{org}~1items~1{item_id}/get/parameters/11",
        "ignored"
    ));

    // Credentials in parameters: the same rule as fields, aliases resolved.
    let check = op(&api, "check_token");
    let secrets: Vec<(&str, bool)> = check
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.secret))
        .collect();
    assert_eq!(
        secrets,
        [("token", true), ("token_type", false), ("X-Api-Key", true)]
    );
    let file = op(&api, "get_file");
    assert_eq!(file.call_type, "GetFileCall", "every operation has one");
    let styles: Vec<(&str, ParamStyle, bool)> = file
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.style, p.explode))
        .collect();
    assert_eq!(
        styles,
        [
            ("path", ParamStyle::Simple, false),
            ("label", ParamStyle::Label, false),
            ("matrix", ParamStyle::Matrix, true)
        ]
    );
    assert!(has_warning(
        &api,
        "/paths/~1files~1{path}~1{label}~1{matrix}/get",
        "`path` is not declared"
    ));
    assert!(has_warning(
        &api,
        "/paths/~1files~1{path}~1{label}~1{matrix}/get/parameters/2",
        "not in the path template"
    ));
}

#[test]
fn request_bodies_by_media_type() {
    let api = Lowering::fixture("bodies.yaml").api();
    snapshot!("bodies", outline(&api));
    let body = |name: &str| {
        let body = op(&api, name)
            .body
            .clone()
            .unwrap_or_else(|| panic!("{name} body"));
        body.primary().clone()
    };
    // Bodies that differ (another encoding family, or another schema) are
    // each a variant of the operation's choice; the preferred one first.
    let vendor = op(&api, "vendor_json").body.clone().expect("vendor body");
    assert_eq!(vendor.choice_type.as_deref(), Some("VendorJsonContent"));
    let variants: Vec<(&str, &str, BodyEncoding)> = vendor
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.content_type.as_str(), v.encoding))
        .collect();
    assert_eq!(
        variants,
        [
            (
                "Json",
                "application/vnd.api+json; charset=utf-8",
                BodyEncoding::Json
            ),
            ("Bytes", "application/xml", BodyEncoding::Bytes),
        ]
    );
    assert_eq!(
        op(&api, "wildcard_json")
            .body
            .as_ref()
            .and_then(|b| b.choice_type.clone()),
        None
    );
    let thing = named(&api, "Thing");
    let deck = body("deck_like");
    assert_eq!(
        (deck.content_type.as_str(), deck.encoding, &deck.ty),
        ("application/json", BodyEncoding::Json, &thing)
    );
    let vendor = body("vendor_json");
    assert_eq!(
        vendor.content_type,
        "application/vnd.api+json; charset=utf-8"
    );
    assert_eq!(vendor.encoding, BodyEncoding::Json);
    assert!(op(&api, "vendor_json")
        .body
        .as_ref()
        .is_some_and(|b| b.required));
    let wildcard = body("wildcard_json");
    assert_eq!(
        (wildcard.content_type.as_str(), wildcard.encoding),
        ("application/json", BodyEncoding::Json)
    );
    let form = body("send_form");
    assert_eq!(
        (form.content_type.as_str(), form.encoding),
        ("application/x-www-form-urlencoded", BodyEncoding::Form)
    );
    assert_eq!(form.ty, named(&api, "SendFormBody"));
    let upload = body("upload");
    assert_eq!(
        (upload.content_type.as_str(), upload.encoding),
        ("application/octet-stream", BodyEncoding::Bytes)
    );
    assert_eq!(upload.ty, TypeRef::Bytes(BytesEncoding::Binary));
    let text = body("send_text");
    assert_eq!(
        (text.content_type.as_str(), text.encoding, &text.ty),
        ("text/plain", BodyEncoding::Text, &TypeRef::String)
    );
    // `multipart/form-data`: a form of parts, a file part for a binary
    // property.
    let multipart = body("send_multipart");
    assert_eq!(
        (multipart.encoding, &multipart.ty),
        (BodyEncoding::Multipart, &TypeRef::Unit)
    );
    let form = multipart.form.expect("a form");
    assert_eq!(form.type_name, "SendMultipartForm");
    assert_eq!(form.parts.len(), 1);
    assert_eq!(
        (form.parts[0].wire_name.as_str(), form.parts[0].kind),
        ("file", codegen::ir::PartKind::File)
    );
    assert_eq!(op(&api, "empty_body").body, None);
    // Responses choose the same way; a binary schema is raw bytes.
    let body = |name: &str| &response(op(&api, name), "200").body;
    assert_eq!(body("deck_like"), &ResponseBody::Json(thing.clone()));
    assert_eq!(body("send_text"), &ResponseBody::Text);
    assert_eq!(body("send_multipart"), &ResponseBody::Bytes);
    // `*/*` without a schema says nothing about JSON: raw bytes.
    assert_eq!(body("empty_body"), &ResponseBody::Bytes);
}

#[test]
fn responses_order_success_and_variants() {
    let api = Lowering::fixture("responses.yaml").api();
    snapshot!("responses", outline(&api));
    let create = op(&api, "create_thing");
    let got: Vec<(StatusMatch, &str, bool)> = create
        .responses
        .iter()
        .map(|r| (r.status, r.variant.as_str(), r.success))
        .collect();
    assert_eq!(
        got,
        [
            (StatusMatch::Code(200), "Ok", true),
            (StatusMatch::Code(201), "Created", true),
            (StatusMatch::Code(204), "NoContent", true),
            (StatusMatch::Code(404), "NotFound", false),
            (StatusMatch::Code(409), "Conflict", false),
            (StatusMatch::Code(418), "Status418", false),
            (StatusMatch::Code(422), "UnprocessableEntity", false),
            (StatusMatch::Code(429), "TooManyRequests", false),
            (StatusMatch::Range(4), "ClientError", false),
            (StatusMatch::Range(5), "ServerError", false),
            (StatusMatch::Default, "Default", false),
        ]
    );
    assert_eq!(response(create, "204").body, ResponseBody::Empty);
    assert_eq!(
        response(create, "201").body,
        ResponseBody::Json(named(&api, "CreateThingCreatedResponse"))
    );
    assert_eq!(create.success_type.as_deref(), Some("CreateThingResponse"));
    assert_eq!(create.error_type, "CreateThingError");
    // Several successes with one body type: returned directly.
    assert_eq!(op(&api, "get_things").success_type, None);
    // `default` is the success when nothing else is, and then covers the
    // 2xx statuses only; one that is not a success covers what it says.
    let only_default = response(op(&api, "only_default"), "default");
    assert!(only_default.success);
    assert_eq!(
        (only_default.status, only_default.covers),
        (StatusMatch::Default, StatusMatch::Range(2))
    );
    for r in &create.responses {
        assert_eq!(r.covers, r.status, "{}", r.variant);
    }
    // HEAD responses have no body.
    assert_eq!(
        response(op(&api, "head_things"), "200").body,
        ResponseBody::Empty
    );
    // The status a test kit answers with for each: one the client routes
    // back to the same response (`4XX` beside 404…429 is 400; `default`,
    // with every 4xx and 5xx claimed by a range, is 600, which HTTP allows).
    let statuses: Vec<(&str, u16)> = (create.responses.iter())
        .map(|r| (r.variant.as_str(), create.answer_status(r)))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Ok", 200),
            ("Created", 201),
            ("NoContent", 204),
            ("NotFound", 404),
            ("Conflict", 409),
            ("Status418", 418),
            ("UnprocessableEntity", 422),
            ("TooManyRequests", 429),
            ("ClientError", 400),
            ("ServerError", 500),
            ("Default", 600),
        ]
    );
    assert_eq!(only_default.covers, StatusMatch::Range(2));
    let only = op(&api, "only_default");
    assert_eq!(only.answer_status(response(only, "default")), 200);
    let ranges: Vec<(&str, bool)> = op(&api, "ranges")
        .responses
        .iter()
        .map(|r| (r.variant.as_str(), r.success))
        .collect();
    assert_eq!(
        ranges,
        [
            ("Informational", false),
            ("Success", true),
            ("Redirection", false)
        ]
    );
}

#[test]
fn security_schemes_and_requirements() {
    // Lowering alone: normalize would move the `mutualTLS` scheme away
    // first, and lowering's own guard against the scheme types `openapiv3`
    // cannot read (its warning in the snapshot) would go untested.
    let api = Lowering::fixture("security.yaml").skip_normalize().api();
    snapshot!("security", outline(&api));
    let schemes: Vec<(&str, &str, &str)> = api
        .security_schemes
        .iter()
        .map(|s| (s.key.as_str(), s.setter.as_str(), s.env_suffix.as_str()))
        .collect();
    assert_eq!(
        schemes,
        [
            ("ApiKeyAuth", "api_key", "API_KEY"),
            ("queryKey", "query_key", "QUERY_KEY"),
            ("session_cookie", "session_cookie", "SESSION_COOKIE"),
            ("bearerAuth", "bearer_token", "BEARER_TOKEN"),
            ("basicAuth", "basic_auth", "BASIC_AUTH"),
            ("OAuth2", "oauth2_token", "OAUTH2_TOKEN"),
            ("oidc", "oidc_token", "OIDC_TOKEN"),
            ("clientId", "client_id", "CLIENT_ID"),
            ("secret", "secret", "SECRET"),
            ("timeout", "timeout_credential", "TIMEOUT_CREDENTIAL"),
            ("refSecret", "ref_secret", "REF_SECRET"),
        ]
    );
    let kind = |key: &str| {
        api.security_schemes
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.kind.clone())
    };
    assert_eq!(
        kind("ApiKeyAuth"),
        Some(SecurityKind::ApiKeyHeader {
            name: "X-API-Key".into()
        })
    );
    assert_eq!(
        kind("queryKey"),
        Some(SecurityKind::ApiKeyQuery {
            name: "api_key".into()
        })
    );
    assert_eq!(
        kind("session_cookie"),
        Some(SecurityKind::ApiKeyCookie {
            name: "SESSION".into()
        })
    );
    assert_eq!(kind("OAuth2"), Some(SecurityKind::Bearer));
    assert_eq!(kind("basicAuth"), Some(SecurityKind::Basic));
    assert_eq!(
        security_scheme(&api, "ApiKeyAuth").description.as_deref(),
        Some("The key.")
    );
    assert!(has_warning(
        &api,
        "/components/securitySchemes/digestAuth",
        "not supported"
    ));
    assert!(has_warning(
        &api,
        "/components/securitySchemes/mtls",
        "not supported"
    ));
    let strings = |v: &[&[&str]]| -> Vec<Vec<String>> {
        v.iter()
            .map(|a| a.iter().map(|s| s.to_string()).collect())
            .collect()
    };
    assert_eq!(
        op(&api, "uses_default").security,
        strings(&[&["ApiKeyAuth"], &["bearerAuth"]])
    );
    assert_eq!(
        op(&api, "overrides").security,
        strings(&[&["clientId", "secret"], &[]])
    );
    assert!(op(&api, "no_auth").security.is_empty());
    assert_eq!(op(&api, "needs_tls").security, strings(&[&["basicAuth"]]));
    assert!(has_warning(
        &api,
        "/paths/~1tls/get/security/0",
        "alternative dropped"
    ));
    // Nothing supported at all: the requirement stays, so the runtime
    // refuses (MissingCredentials) instead of sending without credentials.
    assert_eq!(
        op(&api, "tls_only").security,
        strings(&[&["mtls"], &["digestAuth"]])
    );
    assert!(has_warning(
        &api,
        "/paths/~1tls-only/get/security",
        "MissingCredentials"
    ));
}

#[test]
fn servers_become_environments() {
    let api = Lowering::fixture("servers.yaml").api();
    snapshot!("servers", outline(&api));
    let servers: Vec<(&str, &str)> = api
        .servers
        .iter()
        .map(|s| (s.variant.as_str(), s.url.as_str()))
        .collect();
    assert_eq!(
        servers,
        [
            ("Production", "https://eu.api.example.com/v2"),
            ("Sandbox", "https://sandbox.example.com"),
            ("Staging", "https://api-staging.example.com"),
            ("Sandbox2", "https://sandbox2.example.com"),
            ("Server5", "/api/v3"),
            ("Server6", "https://{missing}.example.com"),
        ]
    );
    assert!(has_warning(&api, "/servers/4", "relative server URL"));
    assert!(has_warning(&api, "/servers/5", "`missing` has no default"));
    let none = Lowering::fixture("no_servers.yaml").api();
    assert!(none.servers.is_empty());
    assert_eq!(none.description.as_deref(), Some("No servers at all."));
    assert_eq!((none.title.as_str(), none.version.as_str()), ("None", "1"));
}

#[test]
fn operation_metadata() {
    let api = Lowering::text(
        "inline.yaml",
        r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}:
    delete:
      operationId: removeA
      summary: Remove an A
      description: Gone for good.
      deprecated: true
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
"#,
    )
    .api();
    let o = op(&api, "remove_a");
    assert_eq!(o.operation_id.as_deref(), Some("removeA"));
    assert_eq!(
        (o.http_method.as_str(), o.path.as_str()),
        ("DELETE", "/a/{id}")
    );
    assert_eq!(o.pointer, "/paths/~1a~1{id}/delete");
    assert_eq!(o.summary.as_deref(), Some("Remove an A"));
    assert_eq!(o.description.as_deref(), Some("Gone for good."));
    assert!(o.deprecated.is_some());
    assert_eq!(param_of(o, "id").name, "id");
}

const READS: &str = r##"
openapi: 3.0.3
info: {title: Reads, version: "1"}
servers:
  - {url: "https://api.example.com", description: Production}
  - {url: "https://sandbox.example.com", description: Sandbox}
paths:
  /search:
    post:
      operationId: search
      x-linkgen-retry-safe: true
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  request_id: {type: string}
                  items: {type: array, items: {type: string}}
        "400":
          description: Bad input. Check the request.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /lookup:
    post:
      responses:
        "200": {description: ok}
        default:
          description: Gateway error
          content:
            application/json:
              schema:
                type: object
                properties:
                  errors: {type: object, additionalProperties: true}
  /write:
    post:
      operationId: write
      responses:
        "204": {description: done}
components:
  schemas:
    Problem:
      type: object
      properties:
        error_type: {type: string}
        code: {type: integer}
        nested: {type: object, properties: {a: {type: string}}}
        message: {type: string}
        error_message: {type: string}
"##;

#[test]
fn retry_safe_request_id_and_error_summaries() {
    let options = codegen::LowerOptions {
        retry_safe: ["POST /lookup".to_owned(), "nothing".to_owned()].into(),
        ..Default::default()
    };
    let api = Lowering::text("reads.yaml", READS).options(options).api();
    // Declared by the extension, by `METHOD /path` in the options; not otherwise.
    assert!(op(&api, "search").retry_safe);
    assert!(op(&api, "post_lookup").retry_safe);
    assert!(!op(&api, "write").retry_safe);
    assert!(has_warning(&api, "", "retry_safe: no operation `nothing`"));
    // The success body's `request_id` property carries the request id.
    assert_eq!(
        op(&api, "search").request_id_field.as_deref(),
        Some("request_id")
    );
    assert_eq!(op(&api, "write").request_id_field, None);
    // Codes broadest first and only scalars; the first message property present.
    let bad = response(op(&api, "search"), "400");
    assert_eq!(bad.summary.codes, ["error_type", "code"]);
    assert_eq!(bad.summary.message.as_deref(), Some("error_message"));
    let gateway = response(op(&api, "post_lookup"), "default");
    assert!(gateway.summary.codes.is_empty());
    assert_eq!(gateway.summary.message.as_deref(), Some("errors"));
    // Environments get lowercase names for `{PREFIX}_ENV`.
    let names: Vec<&str> = api.servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["production", "sandbox"]);
}
