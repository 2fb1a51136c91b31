//! `plaid-client` against a local server: credentials in headers, the whole
//! documented response tree decoding from the docs' example.

// `on_success` is deprecated in Plaid's docs, but servers still send it: the
// tests read it on purpose.
#![allow(deprecated)]

use plaid_client::operations::LinkTokenGetError;
use plaid_client::types::{AccountVerificationStatus, LinkTokenGetRequest};
use plaid_client::{Client, Environment, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request, serve, spec_value};

const CLIENT_ID: &str = "5f1d2c3b4a5968778695a4b3";
const SECRET: &str = "sandbox-secret-f00dfeed";
const LINK_TOKEN: &str = "link-sandbox-af1a0311-da53-4636-b754-dd15cc058176";
const OPERATION: &str = "/paths/~1link~1token~1get/post";

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .environment(Environment::Sandbox)
        .base_url(server.uri())
        .client_id(CLIENT_ID)
        .secret(SECRET)
        .max_retries(0)
        .build()
        .expect("client builds")
}

#[test]
fn environments_come_from_the_servers() {
    assert_eq!(
        Environment::Production.url(),
        "https://production.plaid.com"
    );
    assert_eq!(Environment::Sandbox.url(), "https://sandbox.plaid.com");
}

#[tokio::test]
async fn link_token_get_sends_credentials_and_decodes_the_docs_example() {
    let server = MockServer::start().await;
    let example = spec_value(
        "plaid-2020-09-14.yaml",
        &format!("{OPERATION}/responses/200/content/application~1json/example"),
    );
    Mock::given(method("POST"))
        .and(path("/link/token/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example))
        .mount(&server)
        .await;

    let response = client_for(&server)
        .await
        .link_token_get(&LinkTokenGetRequest::new(LINK_TOKEN))
        .await
        .expect("200 decodes");

    let (request, body) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/link/token/get");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "plaid-client-id"), Some(CLIENT_ID));
    assert_eq!(header(&request, "plaid-secret"), Some(SECRET));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body, json!({"link_token": LINK_TOKEN}));

    assert_eq!(response.link_token, LINK_TOKEN);
    assert_eq!(
        response.created_at.expect("created_at").to_rfc3339(),
        "2024-07-22T20:15:20+00:00"
    );
    assert_eq!(
        response.expiration.expect("expiration").to_rfc3339(),
        "2024-07-23T00:15:20+00:00"
    );
    assert_eq!(response.request_id, "u0ydFs493XjyTYn");

    let sessions = response.link_sessions.as_deref().expect("link_sessions");
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(
        session.link_session_id,
        "356dbb28-7f98-44d1-8e6d-0cec580f3171"
    );
    assert!(session.on_exit.is_none() && session.exit.is_none());

    let success = session.on_success.as_ref().expect("on_success");
    assert_eq!(
        success.public_token,
        "public-sandbox-4ec0b5a5-1d3c-4b62-9a54-3a5b3d4bd1d1"
    );
    let success_metadata = success.metadata.as_ref().expect("on_success metadata");
    let institution = success_metadata.institution.as_ref().expect("institution");
    assert_eq!(institution.name.as_deref(), Some("First Platypus Bank"));
    assert_eq!(institution.institution_id.as_deref(), Some("ins_109508"));
    let accounts = success_metadata.accounts.as_deref().expect("accounts");
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].mask.as_deref(), Some("0000"));
    assert_eq!(accounts[1].subtype.as_deref(), Some("savings"));
    assert_eq!(accounts[0].verification_status, None);

    let events = session.events.as_deref().expect("events");
    let names: Vec<&str> = events.iter().map(|e| e.event_name.as_str()).collect();
    assert_eq!(names, ["OPEN", "SELECT_INSTITUTION", "HANDOFF"]);
    assert_eq!(
        events[1].event_metadata.institution_name.as_deref(),
        Some("First Platypus Bank")
    );
    assert_eq!(
        events[2].event_metadata.request_id.as_deref(),
        Some("Ls8D2cTE9Xm6Xrs")
    );

    let results = session.results.as_ref().expect("results");
    assert_eq!(results.item_add_results.len(), 1);
    assert_eq!(results.item_add_results[0].accounts.len(), 2);
    assert!(results.cra_item_add_results.is_empty());
    assert!(results.document_income_results.is_none());

    let metadata = &response.metadata;
    assert_eq!(metadata.initial_products, ["auth"]);
    assert_eq!(metadata.country_codes, ["US"]);
    assert_eq!(metadata.language.as_deref(), Some("en"));
    assert_eq!(
        metadata.webhook.as_deref(),
        Some("https://www.example.com/webhook")
    );
    assert_eq!(metadata.redirect_uri, None);
    assert_eq!(
        metadata.client_name.as_deref(),
        Some("Insert Client name here")
    );
    let filters = metadata.account_filters.as_ref().expect("account_filters");
    let depository = filters.depository.as_ref().expect("depository");
    assert_eq!(depository.account_subtypes, ["checking", "savings"]);
    assert!(filters.credit.is_none());
}

#[tokio::test]
async fn credentials_may_travel_in_the_body_instead() {
    let server = MockServer::start().await;
    let example = spec_value(
        "plaid-2020-09-14.yaml",
        &format!("{OPERATION}/responses/200/content/application~1json/example"),
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let request = LinkTokenGetRequest::new(LINK_TOKEN)
        .with_client_id(CLIENT_ID)
        .with_secret(SECRET);
    client
        .link_token_get(&request)
        .await
        .expect("anonymous alternative allowed");

    let (sent, body) = only_request(&server).await;
    assert_eq!(header(&sent, "plaid-client-id"), None);
    assert_eq!(
        body,
        json!({"client_id": CLIENT_ID, "secret": SECRET, "link_token": LINK_TOKEN})
    );
    assert!(!format!("{request:?}").contains(SECRET));
}

#[tokio::test]
async fn plaid_errors_decode_into_the_default_response() {
    let server = MockServer::start().await;
    let example = spec_value(
        "plaid-2020-09-14.yaml",
        &format!("{OPERATION}/responses/default/content/application~1json/example"),
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(example))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .await
        .link_token_get(&LinkTokenGetRequest::new("link-sandbox-expired"))
        .await
        .expect_err("400");
    let Error::Api(api) = &error else {
        panic!("expected Api, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 400);
    let LinkTokenGetError::Default(plaid) = &api.error else {
        panic!("expected the default error, got {:?}", api.error)
    };
    assert_eq!(plaid.error_type, "INVALID_INPUT");
    assert_eq!(plaid.error_code, "INVALID_LINK_TOKEN");
    assert_eq!(plaid.error_message, "invalid link_token provided");
    assert_eq!(plaid.display_message, None);
    assert_eq!(plaid.request_id.as_deref(), Some("u0ydFs493XjyTYn"));
}

/// Plaid sends `null` in fields its docs list as required; its own OpenAPI spec
/// (and ours) makes them required but nullable. None of these nulls may make
/// the response fail to decode.
#[tokio::test]
async fn nulls_in_required_nullable_fields_decode() {
    let server = MockServer::start().await;
    let mut example = spec_value(
        "plaid-2020-09-14.yaml",
        &format!("{OPERATION}/responses/200/content/application~1json/example"),
    );
    for field in ["created_at", "expiration"] {
        example[field] = json!(null);
    }
    for field in [
        "webhook",
        "language",
        "redirect_uri",
        "client_name",
        "account_filters",
    ] {
        example["metadata"][field] = json!(null);
    }
    let session = &mut example["link_sessions"][0];
    session["on_success"]["metadata"] = json!(null);
    session["exit"] = json!({"error": null, "metadata": null});
    session["on_exit"] = json!({"error": null, "metadata": null});
    session["results"]["item_add_results"][0]["institution"] = json!(null);
    session["results"]["item_add_results"][0]["accounts"][0]["verification_status"] = json!(null);
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example))
        .mount(&server)
        .await;

    let response = client_for(&server)
        .await
        .link_token_get(&LinkTokenGetRequest::new(LINK_TOKEN))
        .await
        .expect("nulls in required-nullable fields decode");
    assert_eq!(response.created_at, None);
    assert_eq!(response.expiration, None);
    assert_eq!(response.metadata.language, None);
    assert_eq!(response.metadata.client_name, None);
    let session = &response.link_sessions.expect("sessions")[0];
    assert!(session
        .on_success
        .as_ref()
        .expect("on_success")
        .metadata
        .is_none());
    let exit = session.exit.as_ref().expect("exit");
    assert!(exit.metadata.is_none() && exit.error.is_none());
}

#[tokio::test]
async fn new_enum_values_and_fields_from_plaid_decode() {
    let server = MockServer::start().await;
    let mut example = spec_value(
        "plaid-2020-09-14.yaml",
        &format!("{OPERATION}/responses/200/content/application~1json/example"),
    );
    let account = &mut example["link_sessions"][0]["on_success"]["metadata"]["accounts"][0];
    account["verification_status"] = json!("instant_verified_by_magic");
    account["balances"] = json!({"available": 100});
    example["brand_new_top_level"] = json!(true);
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example))
        .mount(&server)
        .await;
    let response = client_for(&server)
        .await
        .link_token_get(&LinkTokenGetRequest::new(LINK_TOKEN))
        .await
        .expect("tolerant decoding");
    let sessions = response.link_sessions.expect("sessions");
    let accounts = sessions[0]
        .on_success
        .as_ref()
        .expect("on_success")
        .metadata
        .as_ref()
        .expect("on_success metadata")
        .accounts
        .clone();
    let status = accounts.expect("accounts")[0]
        .verification_status
        .clone()
        .expect("verification_status");
    assert!(matches!(status, AccountVerificationStatus::Unknown(_)));
    assert_eq!(status.as_str(), "instant_verified_by_magic");
}

#[tokio::test]
async fn from_env_with_reads_the_documented_variables() {
    let server = serve("POST", ResponseTemplate::new(500)).await;
    // The variables come from a map, not the process environment, which
    // this binary's tests share across threads.
    let vars = std::collections::HashMap::from([
        ("PLAID_BASE_URL", server.uri()),
        ("PLAID_CLIENT_ID", CLIENT_ID.to_owned()),
        ("PLAID_SECRET", SECRET.to_owned()),
    ]);
    let client = Client::builder()
        .max_retries(0)
        .from_env_with(|name| vars.get(name).cloned())
        .build()
        .expect("client builds");
    assert!(!format!("{client:?}").contains(SECRET));
    let error = client
        .link_token_get(&LinkTokenGetRequest::new(LINK_TOKEN))
        .await
        .expect_err("500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let (request, _) = only_request(&server).await;
    assert_eq!(header(&request, "plaid-client-id"), Some(CLIENT_ID));
    assert_eq!(header(&request, "plaid-secret"), Some(SECRET));
}
