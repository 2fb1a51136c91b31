//! Unit tests of `naming`: case conversion, identifiers of each kind, the
//! collision suffix, the keyword list, setters and environments.

use super::*;

#[test]
fn case_conversion() {
    assert_eq!(upper_camel("link_token_request"), "LinkTokenRequest");
    assert_eq!(upper_camel("INVALID_REQUEST"), "InvalidRequest");
    assert_eq!(
        upper_camel("repo-search-result-item"),
        "RepoSearchResultItem"
    );
    assert_eq!(snake("linkTokenGet"), "link_token_get");
    assert_eq!(snake("checkConnectionToken"), "check_connection_token");
    assert_eq!(snake("repos/get-content"), "repos_get_content");
    assert_eq!(snake("Get Token Status"), "get_token_status");
    assert_eq!(snake("OAuth2"), "oauth2");
    assert_eq!(snake("get user's info"), "get_users_info");
    assert_eq!(upper_snake("fooBar"), "FOO_BAR");
}

#[test]
fn type_idents() {
    assert_eq!(type_ident("link_token_request", 1), "LinkTokenRequest");
    assert_eq!(type_ident("2fa", 1), "V2fa");
    assert_eq!(type_ident("", 3), "Value3");
    assert_eq!(type_ident("%%", 2), "Value2");
    assert_eq!(type_ident("+1", 1), "Plus1");
    assert_eq!(type_ident("-1", 1), "Minus1");
    assert_eq!(type_ident("café", 1), "Caf");
}

#[test]
fn crate_items_get_model_suffix() {
    for name in [
        "Client",
        "ClientBuilder",
        "Environment",
        "Error",
        "Result",
        "Option",
        "Some",
        "None",
        "Ok",
        "Err",
        "Vec",
        "String",
        "Box",
        "Default",
        "Secret",
        "ApiError",
        "BuildError",
        "DecodeError",
        "RawResponse",
        "RetryPolicy",
        "Value",
        "BTreeMap",
        "Bytes",
        "Self",
    ] {
        assert_eq!(type_ident(name, 1), format!("{name}Model"), "{name}");
    }
    assert_eq!(type_ident("error", 1), "ErrorModel");
    // `linkgen_runtime` is not UpperCamel once converted, so cannot clash.
    assert_eq!(type_ident("linkgen_runtime", 1), "LinkgenRuntime");
    assert_eq!(type_ident("ErrorResponse", 1), "ErrorResponse");
}

#[test]
fn variant_idents() {
    assert_eq!(variant_ident("valid", 1), "Valid");
    assert_eq!(variant_ident("INVALID_REQUEST", 1), "InvalidRequest");
    assert_eq!(variant_ident("unknown", 1), "UnknownValue");
    assert_eq!(variant_ident("UNKNOWN", 1), "UnknownValue");
    assert_eq!(variant_ident("Self", 1), "SelfValue");
    assert_eq!(variant_ident("2fa", 1), "V2fa");
    assert_eq!(variant_ident("+1", 1), "Plus1");
    assert_eq!(variant_ident("-1", 1), "Minus1");
    assert_eq!(variant_ident("-created", 1), "MinusCreated");
    assert_eq!(variant_ident("", 4), "Value4");
    assert_eq!(variant_ident("*", 2), "Value2");
    assert_eq!(variant_ident("-", 2), "Value2");
    // Crate items are fine as variants.
    assert_eq!(variant_ident("none", 1), "None");
}

#[test]
fn field_idents() {
    assert_eq!(field_ident("type", 1), "type_");
    assert_eq!(field_ident("self", 1), "self_");
    assert_eq!(field_ident("Self", 1), "self_");
    assert_eq!(field_ident("match", 1), "match_");
    assert_eq!(field_ident("linkToken", 1), "link_token");
    assert_eq!(field_ident("2fa", 1), "_2fa");
    assert_eq!(field_ident("+1", 1), "plus_1");
    assert_eq!(field_ident("-1", 1), "minus_1");
    assert_eq!(field_ident("", 2), "value_2");
    assert_eq!(field_ident("$", 5), "value_5");
    assert_eq!(field_ident("@odata.type", 1), "odata_type");
}

#[test]
fn param_idents_avoid_method_arguments() {
    assert_eq!(param_ident("body", 1), "body_");
    assert_eq!(param_ident("params", 1), "params_");
    assert_eq!(param_ident("path", 1), "path_");
    assert_eq!(param_ident("request", 1), "request_");
    assert_eq!(param_ident("response", 1), "response_");
    assert_eq!(param_ident("type", 1), "type_");
    assert_eq!(param_ident("user_id", 1), "user_id");
}

#[test]
fn const_idents() {
    assert_eq!(const_ident("1", 1), "V1");
    assert_eq!(const_ident("-1", 1), "MINUS_1");
    assert_eq!(const_ident("fooBar", 1), "FOO_BAR");
    assert_eq!(const_ident("", 3), "VALUE_3");
}

#[test]
fn method_names() {
    assert_eq!(
        method_base(Some("linkTokenGet"), None, "POST", "/x"),
        "link_token_get"
    );
    assert_eq!(
        method_base(Some("repos/get-content"), None, "GET", "/x"),
        "repos_get_content"
    );
    assert_eq!(
        method_base(
            None,
            Some("Get Token Status"),
            "POST",
            "/link/connection/status"
        ),
        "get_token_status"
    );
    assert_eq!(
        method_base(None, None, "GET", "/users/{id}"),
        "get_users_by_id"
    );
    assert_eq!(
        method_base(Some("%%"), None, "GET", "/users/{id}"),
        "get_users_by_id"
    );
    assert_eq!(
        method_base(
            None,
            Some("Returns the list of every user the caller is allowed to see, newest first"),
            "GET",
            "/users"
        ),
        "get_users"
    );
    assert_eq!(method_ident("builder"), "builder_op");
    assert_eq!(method_ident("from_env"), "from_env_op");
    assert_eq!(method_ident("clone"), "clone_op");
    assert_eq!(method_ident("new"), "new_op");
    assert_eq!(method_ident("match"), "match_");
    assert_eq!(method_ident(""), "operation");
    assert_eq!(method_ident("get_users"), "get_users");
}

#[test]
fn namespaces() {
    assert_eq!(
        namespace_segments("Datadeck_Api_WebModels_Models_Api_V1_Link_LinkTokenRequestResponse")
            .map(|s| s.len()),
        Some(8)
    );
    assert_eq!(
        namespace_segments("com.example.Foo"),
        Some(vec!["com", "example", "Foo"])
    );
    assert_eq!(namespace_segments("link_token_request"), None);
    assert_eq!(namespace_segments("Foo_Bar"), None);
    assert_eq!(namespace_segments("Foo"), None);
    assert_eq!(namespace_segments("a..b"), None);
}

#[test]
fn short_names_drop_prefixes() {
    let names = [
        "Datadeck_Api_WebModels_Models_Api_V1_Link_LinkTokenRequestResponse",
        "Datadeck_Common_WebModels_Models_ErrorMessageResponse",
        "link_token_request",
        "com.example.Foo",
    ];
    assert_eq!(
        short_type_names(&names),
        [
            "LinkTokenRequestResponse",
            "ErrorMessageResponse",
            "LinkTokenRequest",
            "Foo"
        ]
    );
}

#[test]
fn short_names_keep_segments_on_collision() {
    let names = [
        "io.k8s.api.batch.v1.JobSpec",
        "io.k8s.api.batch.v1beta1.JobSpec",
        "io.k8s.api.core.v1.Pod",
        "Pod",
        "A_B_Status",
        "C_B_Status",
    ];
    assert_eq!(
        short_type_names(&names),
        [
            "V1JobSpec",
            "V1beta1JobSpec",
            "V1Pod",
            "Pod",
            "ABStatus",
            "CBStatus"
        ]
    );
    // A namespaced `Error` clashes with the crate's own `Error` and is
    // suffixed, not grown.
    assert_eq!(short_type_names(&["Api_Models_Error"]), ["ErrorModel"]);
}

#[test]
fn name_set_suffixes() {
    let mut types = NameSet::new("");
    assert_eq!(types.claim("FooBar"), "FooBar");
    assert_eq!(types.claim("FooBar"), "FooBar2");
    assert_eq!(types.claim("FooBar"), "FooBar3");
    let mut fields = NameSet::new("_");
    assert_eq!(fields.claim(&field_ident("fooBar", 1)), "foo_bar");
    assert_eq!(fields.claim(&field_ident("foo_bar", 2)), "foo_bar_2");
    fields.reserve("x_2");
    assert_eq!(fields.claim("x"), "x");
    assert_eq!(fields.claim("x"), "x_3");
}

#[test]
fn name_set_is_linear() {
    let mut set = NameSet::new("");
    for _ in 0..20_000 {
        set.claim("Same");
    }
    assert!(set.contains("Same20000"));
}

#[test]
fn statuses() {
    let expected = [
        (200, "Ok"),
        (201, "Created"),
        (202, "Accepted"),
        (204, "NoContent"),
        (400, "BadRequest"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "NotFound"),
        (405, "MethodNotAllowed"),
        (409, "Conflict"),
        (410, "Gone"),
        (422, "UnprocessableEntity"),
        (429, "TooManyRequests"),
        (500, "InternalServerError"),
        (502, "BadGateway"),
        (503, "ServiceUnavailable"),
        (418, "Status418"),
        (299, "Status299"),
    ];
    for (code, name) in expected {
        assert_eq!(status_variant(code), name);
    }
    assert_eq!(range_variant(2), "Success");
    assert_eq!(range_variant(4), "ClientError");
    assert_eq!(range_variant(5), "ServerError");
}

#[test]
fn secrets() {
    for name in [
        "secret",
        "password",
        "client_secret",
        "clientSecret",
        "api_key",
        "apiKey",
        "apikey",
        "private_key",
        "token",
        "link_token",
        "public_token",
        "access_token",
        "accessToken",
        "webhook_secret",
    ] {
        assert!(is_secret_name(name), "{name}");
    }
    for name in [
        "token_type",
        "link_token_id",
        "authorization",
        "Authorization",
        "token_count",
        "next_page_token",
        "status",
        "tokens",
        "user_id",
        "key",
    ] {
        assert!(!is_secret_name(name), "{name}");
    }
}

#[test]
fn setters() {
    assert_eq!(security_setter("ApiKeyAuth", SetterKind::ApiKey), "api_key");
    assert_eq!(security_setter("clientId", SetterKind::ApiKey), "client_id");
    assert_eq!(security_setter("secret", SetterKind::ApiKey), "secret");
    assert_eq!(
        security_setter("bearerAuth", SetterKind::Bearer),
        "bearer_token"
    );
    assert_eq!(
        security_setter("access_token", SetterKind::Bearer),
        "access_token"
    );
    assert_eq!(
        security_setter("OAuth2", SetterKind::Bearer),
        "oauth2_token"
    );
    assert_eq!(
        security_setter("basicAuth", SetterKind::Basic),
        "basic_auth"
    );
    assert_eq!(security_setter("basic", SetterKind::Basic), "basic_auth");
    assert_eq!(
        security_setter("timeout", SetterKind::ApiKey),
        "timeout_credential"
    );
    assert_eq!(
        security_setter("environment", SetterKind::ApiKey),
        "environment_credential"
    );
    assert_eq!(
        security_setter("build", SetterKind::ApiKey),
        "build_credential"
    );
    assert_eq!(security_setter("auth", SetterKind::ApiKey), "auth");
    assert_eq!(security_setter("type", SetterKind::ApiKey), "type_");
}

#[test]
fn environments() {
    assert_eq!(
        environment_variant(Some("Deck API"), "https://live.deck.co/api/v1"),
        Some("Live")
    );
    assert_eq!(
        environment_variant(
            Some("Deck Sandbox API (Enterprise only)"),
            "https://sandbox.deck.co"
        ),
        Some("Sandbox")
    );
    assert_eq!(
        environment_variant(Some("Production server"), "https://api.partoo.co/v2"),
        Some("Production")
    );
    assert_eq!(
        environment_variant(
            Some("Sandbox server (dev environment for clients & partners)"),
            "https://api.sandbox.partoo.co/v2"
        ),
        Some("Sandbox")
    );
    assert_eq!(
        environment_variant(None, "https://api-staging.example.com"),
        Some("Staging")
    );
    assert_eq!(
        environment_variant(None, "http://localhost:8080/v1"),
        Some("Local")
    );
    assert_eq!(environment_variant(None, "https://api.markifact.com"), None);
    assert_eq!(environment_variant(Some("The API"), "/api/v3"), None);
    assert_eq!(
        environment_variant(Some("Development"), "https://x"),
        Some("Development")
    );
    // Words inside words do not count.
    assert_eq!(
        environment_variant(Some("Products API"), "https://protest.example"),
        None
    );
}

#[test]
fn template_pieces_split_text_and_names() {
    use super::TemplatePiece::{Name, Text};
    assert_eq!(
        template_pieces("/repos/{owner}/{repo}/contents/{path}"),
        [
            Text("/repos/"),
            Name("owner"),
            Text("/"),
            Name("repo"),
            Text("/contents/"),
            Name("path")
        ]
    );
    assert_eq!(
        template_pieces("{a}{b}.json{"),
        [Name("a"), Name("b"), Text(".json{")]
    );
    assert!(template_pieces("").is_empty());
}

#[test]
fn setters_are_with_the_bare_field_name_and_unique() {
    assert_eq!(setter_ident("nick_name"), "with_nick_name");
    assert_eq!(setter_ident("r#type"), "with_type");
    assert_eq!(setter_ident("_2fa"), "with_2fa");
    assert_eq!(setter_ident("type_"), "with_type_");
    assert_eq!(
        setter_idents(["x", "with_x", "_x", "__x", "new"]),
        ["with_x", "with_with_x", "with_x_2", "with_x_3", "with_new"]
    );
}

#[test]
fn null_setters_follow_the_setter_and_move_aside_for_a_taken_name() {
    // A field `x_null` already has the setter `with_x_null`.
    assert_eq!(
        null_setter_idents(
            ["with_x", "with_x_null", "with_y", "with_type_"],
            ["with_x", "with_y", "with_type_"]
        ),
        ["with_x_null_2", "with_y_null", "with_type_null"]
    );
}

#[test]
fn one_keyword_list() {
    // Strict, reserved (every edition), weak.
    for word in [
        "type", "self", "async", "await", "dyn", "try", "gen", "abstract", "yield",
    ] {
        assert!(is_keyword(word), "{word}");
        assert_eq!(escape_keyword(word), Escape::Suffix, "{word}");
    }
    for word in ["union", "macro_rules", "raw", "safe"] {
        assert!(keyword(word).is_some(), "{word}");
        assert!(!is_keyword(word), "{word} is usable as it is");
        assert_eq!(field_ident(word, 1), word);
    }
    assert_eq!(field_ident("gen", 1), "gen_");
    assert_eq!(field_ident("Self", 1), "self_");
    assert_eq!(field_ident("crate", 1), "crate_");
    for word in ["crate", "self", "Self", "super"] {
        assert!(!can_be_raw(word), "{word}");
    }
    assert!(can_be_raw("type") && can_be_raw("union") && !can_be_raw("foo"));
    // 'static is a weak keyword, but never an identifier.
    assert!(keyword("'static").is_none());
}

#[test]
fn collision_suffixes_stay_snake_and_camel() {
    assert_eq!(numbered("type_", "_", 2), "type_2");
    assert_eq!(numbered("foo", "_", 2), "foo_2");
    assert_eq!(numbered("Foo", "", 2), "Foo2");
    assert_eq!(numbered("V1", "", 2), "V1_2");
    let mut fields = NameSet::new("_");
    assert_eq!(fields.claim(&field_ident("type", 1)), "type_");
    assert_eq!(fields.claim(&field_ident("@type", 2)), "type_2");
    assert_eq!(fields.claim(&field_ident("type_", 3)), "type_3");
    let mut params = NameSet::new("_");
    assert_eq!(params.claim(&param_ident("path", 1)), "path_");
    assert_eq!(params.claim(&param_ident("path", 2)), "path_2");
    let setters = setter_idents(["type_", "type_2"]);
    assert_eq!(setters, ["with_type_", "with_type_2"]);
}

#[test]
fn feature_names_are_cargo_kebab_and_settled_in_a_name_set() {
    assert_eq!(feature_name("issues", 1), "issues");
    assert_eq!(feature_name("Code Scanning", 1), "code-scanning");
    assert_eq!(feature_name("dependency_graph", 1), "dependency-graph");
    assert_eq!(feature_name("orgsAndTeams", 1), "orgs-and-teams");
    assert_eq!(feature_name("Café/Crème", 1), "caf-cr-me");
    assert_eq!(feature_name("!!!", 3), "tag-3");
    let mut features = NameSet::new("-");
    features.reserve("default");
    features.reserve("full");
    assert_eq!(features.claim(&feature_name("Default", 1)), "default-2");
    assert_eq!(
        features.claim(&feature_name("code scanning", 2)),
        "code-scanning"
    );
    assert_eq!(
        features.claim(&feature_name("Code-Scanning", 3)),
        "code-scanning-2"
    );
}

#[test]
fn env_vars_avoid_names_tools_own() {
    assert_eq!(env_var("PLAID", "ENV").name, "PLAID_ENV");
    assert_eq!(env_var("PLAID", "ENV").avoids, None);
    assert_eq!(env_var("", "BASE_URL").name, "BASE_URL");
    // GitHub Actions sets GITHUB_ENV to a file path.
    let github = env_var("GITHUB", "ENV");
    assert_eq!(github.name, "GITHUB_API_ENV");
    assert_eq!(github.avoids.map(|(name, _)| name), Some("GITHUB_ENV"));
    // Meant for the client: kept.
    assert_eq!(env_var("GITHUB", "TOKEN").name, "GITHUB_TOKEN");
    assert_eq!(env_var("GITHUB", "BASE_URL").name, "GITHUB_BASE_URL");
    assert_eq!(env_var("NODE", "ENV").name, "NODE_API_ENV");
    assert_eq!(env_var("", "ENV").name, "API_ENV");
    assert_eq!(env_var("", "PATH").name, "API_PATH");
    assert_eq!(env_var("CI", "JOB_TOKEN").name, "CI_API_JOB_TOKEN");
}

#[test]
fn env_var_list_is_sorted_and_never_escapes_into_itself() {
    assert!(
        OWNED_ENV_VARS.windows(2).all(|w| w[0].0 < w[1].0),
        "OWNED_ENV_VARS must be sorted and without duplicates (binary search)"
    );
    for (owned, _) in OWNED_ENV_VARS {
        assert_eq!(env_var_owner(owned).map(|(n, _)| n), Some(*owned));
        // Every way to split the name into a prefix and a suffix.
        let mut splits = vec![("", *owned)];
        splits.extend(
            owned
                .match_indices('_')
                .map(|(i, _)| (&owned[..i], &owned[i + 1..])),
        );
        for (prefix, suffix) in splits {
            let var = env_var(prefix, suffix);
            assert!(
                env_var_owner(&var.name).is_none(),
                "{prefix} {suffix}: {var:?}"
            );
            assert_eq!(var.avoids.map(|(n, _)| n), Some(*owned));
        }
    }
}
