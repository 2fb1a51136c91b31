//! `deck-client` against a local server. Deck's spec declares no security
//! and no examples; the bodies below follow its schemas.

use deck_client::operations::GetTokenStatusError;
use deck_client::types::{
    ErrorCategoryEnum, ErrorCodeEnum, LinkConnectionStatusResponseEnum, LinkTokenRequestResponse,
};
use deck_client::{Client, Environment, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request, serve};

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

#[test]
fn environments_come_from_the_servers() {
    assert_eq!(Environment::default(), Environment::Live);
    assert_eq!(Environment::Live.url(), "https://live.deck.co/api/v1");
    assert_eq!(Environment::Sandbox.url(), "https://sandbox.deck.co/api/v1");
}

#[tokio::test]
async fn get_token_status_posts_the_link_token_and_decodes_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/link/connection/status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "MfaQuestion",
            "additional_information": null
        })))
        .mount(&server)
        .await;

    let body = LinkTokenRequestResponse::new("link-token-123");
    let status = client_for(&server)
        .await
        .get_token_status()
        .body(&body)
        .await
        .expect("200 decodes");

    let (request, sent) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/link/connection/status");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    // Both JSON media types its spec documents, in spec order.
    assert_eq!(
        header(&request, "accept"),
        Some("application/json, text/json")
    );
    assert_eq!(sent, json!({"link_token": "link-token-123"}));

    assert_eq!(
        status.status,
        Some(LinkConnectionStatusResponseEnum::MfaQuestion)
    );
    assert_eq!(status.additional_information, None);
}

#[tokio::test]
async fn every_documented_status_value_round_trips_and_unknown_ones_are_kept() {
    let server = serve(
        "POST",
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "WaitingForBiometrics",
            "additional_information": "new in v2",
            "unexpected_field": 1
        })),
    )
    .await;
    let status = client_for(&server)
        .await
        .get_token_status()
        .await
        .expect("decodes");
    let value = status.status.clone().expect("status");
    assert!(matches!(
        value,
        LinkConnectionStatusResponseEnum::Unknown(_)
    ));
    assert_eq!(value.as_str(), "WaitingForBiometrics");
    assert_eq!(
        value,
        LinkConnectionStatusResponseEnum::from("WaitingForBiometrics")
    );
    assert_eq!(status.additional_information.as_deref(), Some("new in v2"));

    for value in [
        "New",
        "Connecting",
        "Connected",
        "InvalidCredentials",
        "Error",
        "MfaMethodChoice",
        "MfaQuestion",
        "MfaQuestionInvalidAnswer",
        "MfaQuestionNoAnswer",
        "Captcha",
        "SecurityQuestion",
        "AccountSelection",
    ] {
        let parsed: LinkConnectionStatusResponseEnum =
            serde_json::from_value(json!(value)).expect("known value");
        assert!(
            !matches!(parsed, LinkConnectionStatusResponseEnum::Unknown(_)),
            "{value}"
        );
        assert_eq!(
            serde_json::to_value(&parsed).expect("serializes"),
            json!(value)
        );
    }
}

#[tokio::test]
async fn a_400_is_the_typed_error_message_response() {
    let server = serve(
        "POST",
        ResponseTemplate::new(400).set_body_json(json!({
            "error_category": "INVALID_REQUEST",
            "error_code": "INVALID_LINK_TOKEN",
            "error_message": "The link_token is invalid.",
            "display_message": null
        })),
    )
    .await;
    let error = client_for(&server)
        .await
        .get_token_status()
        .body(&LinkTokenRequestResponse::new("bad"))
        .await
        .expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let Some(GetTokenStatusError::BadRequest(body)) = error.api_error() else {
        panic!("expected BadRequest, got {error:?}")
    };
    assert_eq!(body.error_category, Some(ErrorCategoryEnum::InvalidRequest));
    assert_eq!(body.error_code, Some(ErrorCodeEnum::InvalidLinkToken));
    assert_eq!(
        body.error_message.as_deref(),
        Some("The link_token is invalid.")
    );
    assert_eq!(body.display_message, None);
    assert!(error.to_string().contains("400"), "{error}");
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let server = serve(
        "POST",
        ResponseTemplate::new(503).insert_header("retry-after", "0"),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(deck_client::RetryPolicy {
            max_retries: 2,
            initial_backoff: std::time::Duration::from_millis(1),
            max_backoff: std::time::Duration::from_millis(5),
        })
        .build()
        .expect("client builds");
    let error = client.get_token_status().await.expect_err("503");
    assert!(
        matches!(&error, Error::UnexpectedStatus(raw) if raw.status.as_u16() == 503),
        "{error:?}"
    );
    let attempts = server.received_requests().await.expect("recording").len();
    assert_eq!(attempts, 3, "one attempt and two retries");
}

#[test]
fn the_link_token_never_shows_in_debug_output() {
    let body = LinkTokenRequestResponse::new("link-token-very-secret");
    assert!(!format!("{body:?}").contains("very-secret"));
}
