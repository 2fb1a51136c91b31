//! `tests/wire/routing.yaml`: documented redirects are answers, a 3xx
//! success is a `Redirect` that can be followed, an operation's own server
//! and the rule that redirects it, and the `Accept` each sends.

use wire_routing::types::Credentials;
use wire_routing::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

fn json(status: u16, body: &str, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), content_type)
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn a_documented_303_is_the_answer_not_followed() {
    let api = MockServer::start().await;
    Mock::given(path("/login/s/local"))
        .respond_with(redirect(303, "/console").insert_header("set-cookie", "session=1"))
        .mount(&api)
        .await;
    Mock::given(path("/console"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&api)
        .await;
    let client = Client::builder().base_url(api.uri()).build().unwrap();
    let answer = client
        .login_local("s", &Credentials::new("u", "p"))
        .with_metadata()
        .await
        .unwrap();
    assert_eq!(answer.value.status.as_u16(), 303);
    assert_eq!(
        answer.value.location().as_str(),
        format!("{}/console", api.uri())
    );
    assert!(answer.metadata.headers.contains_key("set-cookie"));
    let sent = requests(&api).await;
    assert_eq!(sent.len(), 1, "the 303 is not followed");
    assert_eq!(sent[0].body, br#"{"username":"u","password":"p"}"#);
}

#[tokio::test]
async fn a_302_success_carries_its_location_and_can_be_followed() {
    let api = MockServer::start().await;
    let files = MockServer::start().await;
    let location = format!("{}/o/r/legacy.tar.gz/main?token=t0k", files.uri());
    Mock::given(path("/repos/o/r/tarball/main"))
        .respond_with(redirect(302, &location))
        .mount(&api)
        .await;
    Mock::given(path("/o/r/legacy.tar.gz/main"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"archive".to_vec()))
        .mount(&files)
        .await;
    let client = Client::builder().base_url(api.uri()).build().unwrap();
    let archive = client.download_tarball("o", "r", "main").await.unwrap();
    assert_eq!(archive.status.as_u16(), 302);
    assert_eq!(archive.location().as_str(), location);
    assert!(
        requests(&files).await.is_empty(),
        "not followed by the call"
    );
    // Streamed: read chunk by chunk as it arrives.
    let mut stream = archive.follow(&client).await.unwrap();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes, b"archive");
    assert_eq!(requests(&files).await[0].url.query(), Some("token=t0k"));
}

#[tokio::test]
async fn a_documented_error_redirect_is_an_api_error() {
    let api = MockServer::start().await;
    Mock::given(path("/items/1"))
        .respond_with(redirect(301, "/items/2"))
        .mount(&api)
        .await;
    let client = Client::builder().base_url(api.uri()).build().unwrap();
    let err = client.get_item("1").await.unwrap_err();
    assert!(matches!(
        err.api_error(),
        Some(wire_routing::operations::GetItemError::MovedPermanently)
    ));
    assert_eq!(requests(&api).await.len(), 1);
}

#[tokio::test]
async fn accept_names_the_documented_media_types_and_they_decode() {
    let api = MockServer::start().await;
    Mock::given(path("/scim/v2/Users"))
        .respond_with(json(200, r#"{"totalResults":2}"#, "application/scim+json"))
        .mount(&api)
        .await;
    Mock::given(path("/items/1"))
        .respond_with(json(
            404,
            r#"{"message":"gone"}"#,
            "application/problem+json",
        ))
        .mount(&api)
        .await;
    let client = Client::builder().base_url(api.uri()).build().unwrap();
    let users = client.list_scim_users().await.unwrap();
    assert_eq!(users.total_results, Some(2));
    let err = client.get_item("1").await.unwrap_err();
    assert!(matches!(
        err.api_error(),
        Some(wire_routing::operations::GetItemError::Default(e)) if e.message.as_deref() == Some("gone")
    ));
    let sent = requests(&api).await;
    assert_eq!(
        sent[0].headers["accept"],
        "application/scim+json, application/json"
    );
    assert_eq!(
        sent[1].headers["accept"],
        "application/json, application/problem+json"
    );
}

#[tokio::test]
async fn an_operation_s_own_server_and_what_redirects_it() {
    let mock = MockServer::start().await;
    let proxy = MockServer::start().await;
    for server in [&mock, &proxy] {
        Mock::given(method("POST"))
            .and(path("/releases/7/assets"))
            .respond_with(json(201, r#"{"id":"a"}"#, "application/vnd.example+json"))
            .mount(server)
            .await;
    }
    // A base URL of the consumer's own receives every operation.
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    let asset = client.upload_asset(7, "bytes").await.unwrap();
    assert_eq!(asset.id.as_deref(), Some("a"));
    let sent = requests(&mock).await;
    assert_eq!(sent[0].headers["content-type"], "application/octet-stream");
    assert_eq!(sent[0].headers["accept"], "application/vnd.example+json");
    assert_eq!(sent[0].body, b"bytes");
    // An override of the uploads server wins (its own server otherwise,
    // whatever the environment: runtime/tests/routing.rs).
    let client = Client::builder()
        .server_override("https://uploads.example.com", proxy.uri())
        .build()
        .unwrap();
    client.upload_asset(7, "bytes").await.unwrap();
    assert_eq!(requests(&proxy).await.len(), 1);
    assert_eq!(requests(&mock).await.len(), 1);
}
