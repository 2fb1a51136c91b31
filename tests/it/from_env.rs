//! `from_env_with`: the settings `from_env()` reads, from a map instead of
//! the process environment (no `std::env::set_var`, so tests may run in
//! parallel), checked on the wire.

use std::collections::BTreeMap;

use plaid_client::{BuildError, Client, Environment};
use wiremock::ResponseTemplate;

use crate::support::{header, only_request, serve};

fn lookup<'a>(vars: &'a BTreeMap<&str, &str>) -> impl FnMut(&str) -> Option<String> + 'a {
    |name| vars.get(name).map(|value| value.to_string())
}

#[tokio::test]
async fn from_env_with_reads_base_url_and_credentials_from_a_map() {
    let server = serve(
        "POST",
        ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error_type": "INVALID_INPUT",
            "error_code": "INVALID_LINK_TOKEN",
            "error_message": "invalid link_token provided",
            "display_message": null
        })),
    )
    .await;
    let uri = server.uri();
    let vars = BTreeMap::from([
        ("PLAID_ENV", "sandbox"),
        ("PLAID_BASE_URL", uri.as_str()),
        ("PLAID_CLIENT_ID", "client-from-map"),
        ("PLAID_SECRET", "secret-from-map"),
    ]);
    let client = Client::from_env_with(lookup(&vars)).expect("builds");
    assert_eq!(client.base_url(), uri);
    let _ = client
        .link_token_get(&plaid_client::types::LinkTokenGetRequest::new("link-1"))
        .await
        .expect_err("400");
    let (request, _) = only_request(&server).await;
    assert_eq!(header(&request, "plaid-client-id"), Some("client-from-map"));
    assert_eq!(header(&request, "plaid-secret"), Some("secret-from-map"));
}

#[test]
fn from_env_with_picks_the_environment_and_skips_empty_values() {
    // An empty value is unset: the environment's URL stays.
    let vars = BTreeMap::from([("PLAID_ENV", "Sandbox"), ("PLAID_BASE_URL", "")]);
    let client = Client::builder()
        .from_env_with(lookup(&vars))
        .build()
        .expect("builds");
    assert_eq!(client.base_url(), Environment::Sandbox.url());
    // Nothing set: the first environment.
    let client = Client::from_env_with(|_| None).expect("builds");
    assert_eq!(client.base_url(), Environment::Production.url());
    // A name the crate does not know fails the build, naming the variable.
    let vars = BTreeMap::from([("PLAID_ENV", "staging")]);
    let error = Client::from_env_with(lookup(&vars)).expect_err("unknown environment");
    assert!(
        matches!(error, BuildError::UnknownEnvironment { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("PLAID_ENV"), "{error}");
}

#[test]
fn from_env_with_asks_for_exactly_the_documented_names() {
    let mut asked = Vec::new();
    let _ = Client::builder().from_env_with(|name| {
        asked.push(name.to_owned());
        None
    });
    assert_eq!(
        asked,
        [
            "PLAID_ENV",
            "PLAID_BASE_URL",
            "PLAID_CLIENT_ID",
            "PLAID_SECRET"
        ]
    );
}
