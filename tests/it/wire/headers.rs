//! `tests/wire/headers.yaml`: the response headers a spec declares come back
//! typed (integers, a URL, a date, a list), from a success and from a
//! documented error, read leniently (a bad value is `None`, the body is
//! kept), secrets redacted; the request id from the declared header.

use wire_headers::operations::{CreatePetError, ListPetsError};
use wire_headers::types::Pet;
use wire_headers::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("tok-secret-123")
        .max_retries(0)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_success_gives_its_declared_headers_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Limit", "5000")
                .insert_header("x-ratelimit-remaining", "4999")
                .insert_header("X-RateLimit-Reset", "2026-12-06T18:00:00Z")
                .insert_header("X-Request-Id", "req-list-1")
                .append_header("X-Pet-Ids", "1, 2")
                .append_header("X-Pet-Ids", "3")
                .insert_header("X-Legacy-Count", "not a number")
                .set_body_raw(r#"[{"id":1,"name":"Rex"}]"#, "application/json"),
        )
        .mount(&server)
        .await;
    let (pets, headers, metadata) = client(&server)
        .list_pets()
        .with_headers()
        .await
        .expect("200 decodes")
        .into_parts();
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].name, "Rex");
    assert_eq!(headers.x_rate_limit_limit, Some(5000_i64));
    assert_eq!(headers.x_rate_limit_remaining, Some(4999_i32));
    assert_eq!(
        headers
            .x_rate_limit_reset
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2026-12-06T18:00:00+00:00")
    );
    assert_eq!(headers.x_request_id.as_deref(), Some("req-list-1"));
    assert_eq!(headers.x_pet_ids, Some(vec![1, 2, 3]));
    // Lenient: a value that is not of its type is `None`, kept raw, and the
    // body still decodes.
    #[allow(deprecated)]
    let legacy = headers.x_legacy_count;
    assert_eq!(legacy, None);
    assert_eq!(
        metadata.headers.get("x-legacy-count").map(|v| v.as_bytes()),
        Some(&b"not a number"[..])
    );
    assert_eq!(headers.retry_after, None, "declared only for 429, not sent");
    assert_eq!(metadata.request_id.as_deref(), Some("req-list-1"));
}

#[tokio::test]
async fn a_documented_error_gives_its_declared_headers_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "30")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-Request-Id", "req-429")
                .set_body_raw(
                    r#"{"code":"rate_limited","message":"slow down"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let error = client(&server).list_pets().await.expect_err("429");
    let Some(ListPetsError::TooManyRequests(body)) = error.api_error() else {
        panic!("expected TooManyRequests, got {error:?}")
    };
    assert_eq!(body.code.as_deref(), Some("rate_limited"));
    let headers = error.typed_headers().expect("a response was received");
    assert_eq!(headers.retry_after, Some(30));
    assert_eq!(headers.x_rate_limit_remaining, Some(0));
    assert_eq!(headers.x_rate_limit_limit, None);
    assert_eq!(error.request_id(), Some("req-429"));
}

#[tokio::test]
async fn a_201_gives_its_location_as_a_url_and_redacts_a_secret_header() {
    let server = MockServer::start().await;
    let location = format!("{}/pets/7", server.uri());
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Location", location.as_str())
                .insert_header("X-Session-Token", "sess-very-secret")
                .insert_header("X-Request-Id", "req-create")
                .set_body_raw(r#"{"id":7,"name":"Rex"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let answer = client(&server)
        .create_pet(&Pet::new("Rex"))
        .with_headers()
        .await
        .expect("201 decodes");
    assert_eq!(answer.value.id, Some(7));
    let url = answer.headers.location.clone().expect("an absolute URL");
    assert_eq!(url.path(), "/pets/7");
    assert_eq!(url.as_str(), location);
    assert_eq!(
        answer.headers.x_session_token.as_deref(),
        Some("sess-very-secret")
    );
    let shown = format!("{:?}", answer.headers);
    assert!(!shown.contains("sess-very-secret"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(shown.contains("req-create"), "{shown}");
    assert_eq!(answer.metadata.request_id.as_deref(), Some("req-create"));
}

#[tokio::test]
async fn an_error_s_headers_are_typed_and_the_request_id_is_the_declared_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(400)
                // The declared header wins over the common ones the runtime
                // would otherwise look up first.
                .insert_header("X-Request-Id", "req-declared")
                .insert_header("Location", "/relative/only")
                .set_body_raw(r#"{"code":"invalid"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .create_pet(&Pet::new(""))
        .await
        .expect_err("400");
    assert!(
        matches!(error.api_error(), Some(CreatePetError::BadRequest(_))),
        "{error:?}"
    );
    let headers = error.typed_headers().expect("a response");
    assert_eq!(headers.x_request_id.as_deref(), Some("req-declared"));
    // A relative `Location` is no URL on its own: `None`, kept raw.
    assert_eq!(headers.location, None);
    assert_eq!(
        error
            .headers()
            .and_then(|h| h.get("location"))
            .map(|v| v.as_bytes()),
        Some(&b"/relative/only"[..])
    );
    assert_eq!(error.request_id(), Some("req-declared"));
    // An undeclared status keeps its typed headers too.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).insert_header("X-Request-Id", "req-502"))
        .mount(&server)
        .await;
    let error = client(&server)
        .create_pet(&Pet::new("Rex"))
        .await
        .expect_err("502");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    let headers = error.typed_headers().expect("a response");
    assert_eq!(headers.x_request_id.as_deref(), Some("req-502"));
}
