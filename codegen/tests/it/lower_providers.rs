//! The four provider specs lower into IR that reads well. (Skipped, with a
//! note, when `specs/` does not hold them; `LOWER_SPECS_DIR` overrides.)

use crate::lower_support;

use codegen::ir::{BodyEncoding, ParamLocation, ResponseBody, SecurityKind, TypeKind, TypeRef};
use lower_support::{
    field, lower_provider, named, names, op, outline, param_of, response, security_scheme,
    show_body, ty, Lowering,
};

#[test]
fn deck() {
    let Some(api) = lower_provider("deck-v1.yaml") else {
        return;
    };
    eprintln!("{}", outline(&api));
    let servers: Vec<&str> = api.servers.iter().map(|s| s.variant.as_str()).collect();
    assert_eq!(servers, ["Live", "Sandbox"]);
    assert_eq!(
        names(&api)[..3],
        [
            "LinkTokenRequestResponse",
            "LinkConnectionStatusResponse",
            "ErrorMessageResponse"
        ]
    );
    let o = op(&api, "get_token_status");
    assert!(o.security.is_empty(), "security: [] means no auth");
    let body = o.body.as_ref().expect("body").primary();
    assert_eq!(body.content_type, "application/json");
    assert_eq!(body.ty, named(&api, "LinkTokenRequestResponse"));
    assert_eq!(
        response(o, "200").body,
        ResponseBody::Json(named(&api, "LinkConnectionStatusResponse"))
    );
    assert_eq!(
        (
            response(o, "400").variant.as_str(),
            &response(o, "400").body
        ),
        (
            "BadRequest",
            &ResponseBody::Json(named(&api, "ErrorMessageResponse"))
        )
    );
    let link_token = field(&api, "LinkTokenRequestResponse", "link_token");
    assert!(link_token.secret && link_token.required);
    let status = "LinkConnectionStatusResponse";
    assert_eq!(
        field(&api, status, "status").ty,
        named(&api, "LinkConnectionStatusResponseEnum")
    );
    assert!(field(&api, status, "additional_information").nullable);
}

#[test]
fn partoo() {
    let Some(api) = lower_provider("partoo-v2.yaml") else {
        return;
    };
    eprintln!("{}", outline(&api));
    let servers: Vec<&str> = api.servers.iter().map(|s| s.variant.as_str()).collect();
    assert_eq!(servers, ["Production", "Sandbox"]);
    let scheme = security_scheme(&api, "ApiKeyAuth");
    assert_eq!(
        (scheme.setter.as_str(), scheme.env_suffix.as_str()),
        ("api_key", "API_KEY")
    );
    assert_eq!(
        scheme.kind,
        SecurityKind::ApiKeyHeader {
            name: "x-APIKey".into()
        }
    );
    let o = op(&api, "check_connection_token");
    assert_eq!(o.call_type, "CheckConnectionTokenCall");
    assert_eq!(o.error_type, "CheckConnectionTokenError");
    assert!(o
        .params
        .iter()
        .all(|p| p.location == ParamLocation::Query && p.required));
    assert_eq!(o.security, [["ApiKeyAuth".to_string()]]);
    assert_eq!(
        response(o, "200").body,
        ResponseBody::Json(named(&api, "CheckConnectionTokenResponse"))
    );
    ty(&api, "CheckConnectionTokenResponseStatus");
    let errors: Vec<(&str, String)> = o.responses[1..]
        .iter()
        .map(|r| (r.variant.as_str(), show_body(&api, &r.body)))
        .collect();
    assert_eq!(
        errors,
        [
            ("BadRequest", "Json BadRequestResponse".to_string()),
            ("Unauthorized", "Json UnauthorizedResponse".to_string()),
            ("Forbidden", "Json ForbiddenResponse".to_string()),
            ("NotFound", "Json NotFoundResponse".to_string()),
        ]
    );
    ty(&api, "BadRequestResponseErrors");
}

#[test]
fn markifact() {
    let Some(api) = lower_provider("markifact-v1.yaml") else {
        return;
    };
    eprintln!("{}", outline(&api));
    assert_eq!(api.servers[0].variant, "Production");
    let bearer = security_scheme(&api, "bearerAuth");
    assert_eq!(bearer.setter, "bearer_token");
    assert_eq!(bearer.kind, SecurityKind::Bearer);
    let o = op(&api, "get_auth_link_status");
    assert_eq!(o.call_type, "GetAuthLinkStatusCall");
    assert_eq!(param_of(o, "auth_link_id").name, "auth_link_id");
    assert_eq!(
        response(o, "200").body,
        ResponseBody::Json(named(&api, "AuthLinkStatus"))
    );
    let TypeKind::Struct(status) = &ty(&api, "AuthLinkStatus").kind else {
        panic!()
    };
    let connections = status
        .fields
        .iter()
        .find(|f| f.wire_name == "connections")
        .expect("connections");
    assert_eq!(
        connections.ty,
        TypeRef::Array(Box::new(named(&api, "Connection")))
    );
    assert!(status
        .fields
        .iter()
        .find(|f| f.wire_name == "connection_id")
        .is_some_and(|f| f.nullable));
}

#[test]
fn plaid() {
    let Some(api) = lower_provider("plaid-2020-09-14.yaml") else {
        return;
    };
    eprintln!("{}", outline(&api));
    let servers: Vec<&str> = api.servers.iter().map(|s| s.variant.as_str()).collect();
    assert_eq!(servers, ["Production", "Sandbox"]);
    let setters: Vec<&str> = api
        .security_schemes
        .iter()
        .map(|s| s.setter.as_str())
        .collect();
    assert_eq!(setters, ["client_id", "secret"]);
    let o = op(&api, "link_token_get");
    assert_eq!(
        o.security,
        [vec!["clientId".to_string(), "secret".to_string()], vec![]]
    );
    let body = o.body.as_ref().expect("body");
    assert!(body.required);
    let body = body.primary();
    assert_eq!(
        (body.encoding, &body.ty),
        (BodyEncoding::Json, &named(&api, "LinkTokenGetRequest"))
    );
    assert_eq!(
        response(o, "200").body,
        ResponseBody::Json(named(&api, "LinkTokenGetResponse"))
    );
    let default = o.responses.last().expect("default");
    assert_eq!(
        (default.variant.as_str(), default.success),
        ("Default", false)
    );
    let TypeKind::Struct(request) = &ty(&api, "LinkTokenGetRequest").kind else {
        panic!()
    };
    let secret = |wire: &str| {
        request
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .is_some_and(|f| f.secret)
    };
    assert!(secret("secret") && secret("link_token") && !secret("client_id"));
}

/// Plaid's own spec declares `Plaid-Version` as an `apiKey` header scheme
/// every operation requires; the crate sends that header itself
/// (`providers.toml`'s `headers`), so the scheme is met: no credential, no
/// requirement. Without the fixed header it stays a credential.
#[test]
fn a_fixed_header_satisfies_an_api_key_scheme() {
    const SPEC: &str = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
security:
- clientId: []
  secret: []
  plaidVersion: []
paths:
  /link/token/get:
    post:
      operationId: linkTokenGet
      responses: {'200': {description: ok}}
  /open:
    get:
      operationId: open
      security:
      - plaidVersion: []
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    clientId: {type: apiKey, in: header, name: PLAID-CLIENT-ID}
    secret: {type: apiKey, in: header, name: PLAID-SECRET}
    plaidVersion: {type: apiKey, in: header, name: Plaid-Version}
"#;
    let keys = |api: &codegen::ir::Api| -> Vec<String> {
        api.security_schemes.iter().map(|s| s.key.clone()).collect()
    };
    let plain = Lowering::text("plaid.yaml", SPEC).api();
    assert_eq!(keys(&plain), ["clientId", "secret", "plaidVersion"]);
    assert_eq!(
        op(&plain, "link_token_get").security,
        [["clientId", "secret", "plaidVersion"]]
    );

    let options = codegen::LowerOptions {
        // Header names compare case-insensitively.
        fixed_headers: ["plaid-version".to_owned()].into(),
        ..Default::default()
    };
    let api = Lowering::text("plaid.yaml", SPEC).options(options).api();
    assert_eq!(keys(&api), ["clientId", "secret"]);
    assert_eq!(
        op(&api, "link_token_get").security,
        [["clientId", "secret"]]
    );
    // An operation only the fixed header secures needs no credential.
    assert_eq!(op(&api, "open").security, [Vec::<String>::new()]);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}
