//! One function classifies the errors of every generated crate through
//! `ErrorSummary` (the provider's code and message), with no mapper per
//! provider; an undocumented error body decodes with `RawResponse::json`.

// Every crate re-exports the one trait of `linkgen_runtime`.
use plaid_client::ErrorSummary;
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::serve;

const PLAID_SECRET: &str = "sandbox-secret-f00dfeed";

/// What an adapter over several providers makes of any of their errors.
#[derive(Debug, PartialEq)]
struct Outcome {
    code: Option<String>,
    codes: Vec<String>,
    message: Option<String>,
}

/// The one classifier: generic over the trait, so it takes an `Error` of
/// any crate, or the decoded documented error alone.
fn classify(error: &impl ErrorSummary) -> Outcome {
    Outcome {
        code: error.code(),
        codes: error.codes(),
        message: error.message(),
    }
}

async fn plaid_error(
    status: u16,
    body: serde_json::Value,
) -> plaid_client::Error<plaid_client::operations::LinkTokenGetError> {
    let server = serve("POST", ResponseTemplate::new(status).set_body_json(body)).await;
    plaid_client::Client::builder()
        .base_url(server.uri())
        .client_id("client-5f1d")
        .secret(PLAID_SECRET)
        .max_retries(0)
        .build()
        .expect("client builds")
        .link_token_get(&plaid_client::types::LinkTokenGetRequest::new(
            "link-sandbox-1",
        ))
        .await
        .expect_err("an error status")
}

/// Partoo's one operation against a server answering `response`.
async fn partoo_error(
    response: ResponseTemplate,
) -> partoo_client::Error<partoo_client::operations::CheckConnectionTokenError> {
    let server = serve("GET", response).await;
    partoo_client::Client::builder()
        .base_url(server.uri())
        .api_key("partoo-key-7f3a")
        .max_retries(0)
        .build()
        .expect("client builds")
        .check_connection_token("user-1", "token-1")
        .await
        .expect_err("an error status")
}

#[tokio::test]
async fn one_function_classifies_plaid_and_partoo_errors() {
    let plaid = plaid_error(
        400,
        json!({
            "error_type": "INVALID_INPUT",
            "error_code": "INVALID_LINK_TOKEN",
            "error_message": "invalid link_token provided",
            "display_message": null,
            "request_id": "u0ydFs493XjyTYn"
        }),
    )
    .await;
    let want = Outcome {
        code: Some("INVALID_LINK_TOKEN".into()),
        codes: vec!["INVALID_INPUT".into(), "INVALID_LINK_TOKEN".into()],
        message: Some("invalid link_token provided".into()),
    };
    assert_eq!(classify(&plaid), want);
    // The decoded error alone says the same, and `Display` shows it.
    assert_eq!(classify(plaid.api_error().expect("documented")), want);
    assert_eq!(
        plaid.to_string(),
        "server returned 400 Bad Request: INVALID_INPUT/INVALID_LINK_TOKEN: invalid link_token provided"
    );

    // Partoo's errors carry no code, and an object as their message.
    let partoo = partoo_error(
        ResponseTemplate::new(401)
            .set_body_json(json!({"errors": {"authentication": "User not authenticated"}})),
    )
    .await;
    assert!(matches!(
        partoo.api_error(),
        Some(partoo_client::operations::CheckConnectionTokenError::Unauthorized(_))
    ));
    assert_eq!(
        classify(&partoo),
        Outcome {
            code: None,
            codes: Vec::new(),
            message: Some(r#"{"authentication":"User not authenticated"}"#.into()),
        }
    );
    assert_eq!(
        classify(partoo.api_error().expect("documented")),
        classify(&partoo)
    );
}

#[tokio::test]
async fn errors_without_a_provider_body_have_no_code_or_message() {
    let nothing = Outcome {
        code: None,
        codes: Vec::new(),
        message: None,
    };
    // A status Partoo does not document.
    let undocumented = partoo_error(ResponseTemplate::new(502)).await;
    assert!(matches!(
        undocumented,
        partoo_client::Error::UnexpectedStatus(_)
    ));
    assert_eq!(classify(&undocumented), nothing);
    // A documented status whose body is not the documented error.
    let not_the_error = plaid_error(500, json!({})).await;
    assert!(matches!(
        not_the_error,
        plaid_client::Error::UnexpectedStatus(_)
    ));
    assert_eq!(classify(&not_the_error), nothing);
}

#[tokio::test]
async fn a_credential_the_server_echoes_is_cut_out() {
    let error = plaid_error(
        400,
        json!({
            "error_type": "INVALID_INPUT",
            "error_code": PLAID_SECRET,
            "error_message": format!("bad secret {PLAID_SECRET}"),
            "display_message": null
        }),
    )
    .await;
    assert_eq!(error.code().as_deref(), Some("[redacted]"));
    assert_eq!(error.message().as_deref(), Some("bad secret [redacted]"));
    // The decoded body itself is the server's, unchanged.
    assert_eq!(
        error.api_error().and_then(|e| e.code()).as_deref(),
        Some(PLAID_SECRET)
    );
}

#[tokio::test]
async fn an_undocumented_error_body_decodes_with_raw_response_json() {
    use partoo_client::linkgen_runtime::serde;
    #[derive(serde::Deserialize, Debug)]
    #[serde(crate = "partoo_client::linkgen_runtime::serde")]
    struct Gateway {
        code: String,
        retry_in: u32,
    }
    let error = partoo_error(
        ResponseTemplate::new(503).set_body_json(json!({"code": "OVERLOADED", "retry_in": 30})),
    )
    .await;
    let partoo_client::Error::UnexpectedStatus(raw) = &error else {
        panic!("{error:?}")
    };
    let gateway: Gateway = raw.json().expect("decodes");
    assert_eq!(
        (gateway.code.as_str(), gateway.retry_in),
        ("OVERLOADED", 30)
    );
    let wrong = raw.json::<Vec<String>>().expect_err("not a list");
    assert_eq!(wrong.status.as_u16(), 503);
    assert!(
        wrong.message.starts_with("invalid type: map"),
        "{}",
        wrong.message
    );
}
