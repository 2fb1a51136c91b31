//! One [`SharedConfig`] for several clients (a real local server sees their requests),
//! and `require_credentials`, which fails at start-up instead of at the first call.

use std::time::Duration;

use linkgen_runtime::{
    BuildError, ClientConfig, Credential, CredentialName, Method, SendError, SharedConfig,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn clients_built_from_one_shared_config_take_its_settings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/a"))
        .and(header("user-agent", "a-client/1.0 link-service/2.0"))
        .and(header("x-team", "links"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/b"))
        .and(header("user-agent", "b-client/3.1 link-service/2.0"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let shared = SharedConfig::builder()
        .app_name("link-service/2.0")
        .header("x-team", "links")
        .max_retries(1)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let mut a = ClientConfig::new(&server.uri(), "a-client/1.0");
    a.shared(&shared);
    let a = a.build().unwrap();
    let mut b = ClientConfig::new(&server.uri(), "b-client/3.1");
    b.shared(&shared);
    b.max_retries(0); // set after `shared`: wins for this client
    let b = b.build().unwrap();

    let error = a
        .send(a.request(Method::GET, "/a", "/a".into()))
        .await
        .unwrap()
        .status();
    assert_eq!(error.as_u16(), 503);
    let to_a = server.received_requests().await.unwrap();
    assert_eq!(to_a.len(), 2, "one retry, from the shared policy");

    let slow = b.send(b.request(Method::GET, "/b", "/b".into())).await;
    assert!(matches!(slow, Err(SendError::Timeout { .. })), "{slow:?}");
    let to_b = server.received_requests().await.unwrap().len() - to_a.len();
    assert_eq!(to_b, 1, "no retry: the client's own setting won");
}

#[test]
fn an_invalid_shared_header_fails_the_shared_build() {
    let error = SharedConfig::builder()
        .header("bad header", "x")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidHeader { ref name } if name == "bad header"));
}

const OPERATIONS: &[(&str, &[&[&str]])] = &[
    ("link_token_get", &[&["clientId", "secret"], &[]]),
    ("item_get", &[&["clientId", "secret"]]),
    ("institutions", &[&[]]),
];

fn config() -> ClientConfig {
    let mut config = ClientConfig::new("https://api.example.com", "t/0");
    config.describe_credential(CredentialName::new(
        "clientId",
        "client_id",
        &["PLAID_CLIENT_ID"],
    ));
    config.describe_credential(CredentialName::new("secret", "secret", &["PLAID_SECRET"]));
    config.require_credentials(OPERATIONS);
    config
}

#[test]
fn require_credentials_lists_what_each_operation_lacks() {
    let mut partial = config();
    partial.credential("clientId", Credential::header("PLAID-CLIENT-ID", "id"));
    let Err(BuildError::MissingCredentials(uncallable)) = partial.build() else {
        panic!("built without the secret");
    };
    let names: Vec<_> = uncallable.operations.iter().map(|(op, _)| *op).collect();
    // The anonymous alternative of `link_token_get` does not count;
    // `institutions` declares no credentials.
    assert_eq!(names, ["link_token_get", "item_get"]);
    assert_eq!(
        BuildError::MissingCredentials(uncallable).to_string(),
        "2 operations cannot be called: `link_token_get`, `item_get` \
         (set `ClientBuilder::secret` (or `PLAID_SECRET`))"
    );
}

#[test]
fn require_credentials_passes_once_they_are_set() {
    let mut full = config();
    full.credential("clientId", Credential::header("PLAID-CLIENT-ID", "id"));
    full.credential("secret", Credential::header("PLAID-SECRET", "s3cr3t"));
    assert!(full.build().is_ok());
}
