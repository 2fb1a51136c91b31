//! Response decoding over the wire, and secrets kept out of `Debug` / `Display`.

use crate::common::{core, core_with};
use linkgen_runtime::{
    ClientConfig, Credential, Error, Method, RetryPolicy, Secret, StatusCode, Style,
};
use serde::Deserialize;
use std::convert::Infallible;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Event {
    timestamp: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Session {
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Sessions {
    link_sessions: Vec<Session>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ApiFailure {
    error_code: String,
}

/// What a generated error enum's `Display` shows: the provider's code.
impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error_code)
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let bad = r#"{"link_sessions":[{"events":[{"timestamp":"t"},{"timestamp":"t"},{"timestamp":null}]}]}"#;
    Mock::given(path("/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(bad, "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/leaky"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("set-cookie", "session=sup3r-s3cret-value")
                .insert_header("x-request-id", "r2")
                .set_body_raw(
                    r#"{"count":"sup3r-s3cret-value","error_code":"E"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    Mock::given(path("/empty"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "r1")
                .set_body_json(serde_json::json!({"error_code": "ITEM_NOT_FOUND"})),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn decode_error_reports_path_and_keeps_body() {
    let server = server().await;
    let core = core(&server.uri());
    let response = core
        .send(core.request(Method::GET, "/sessions", "/sessions".to_owned()))
        .await
        .unwrap();
    let err = response.json::<Sessions, Infallible>().unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path, "link_sessions[0].events[2].timestamp");
    assert_eq!(
        decode.message,
        "invalid type: null, expected a string at line 1 column 82"
    );
    assert_eq!(decode.status, StatusCode::OK);
    assert!(decode.body.starts_with(b"{\"link_sessions\""));
    assert_eq!(err.body(), Some(&decode.body));
    assert_eq!(
        err.to_string(),
        "could not decode the body of the 200 OK response at \
         `link_sessions[0].events[2].timestamp`: invalid type: null, expected a string at line 1 \
         column 82"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn empty_body_decodes_as_null() {
    let server = server().await;
    let core = core(&server.uri());
    let response = core
        .send(core.request(Method::DELETE, "/empty", "/empty".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    response.clone().json::<(), Infallible>().unwrap();
    assert!(response
        .json::<Option<Sessions>, Infallible>()
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn documented_error_is_decoded() {
    let server = server().await;
    let core = core(&server.uri());
    let response = core
        .send(core.request(Method::GET, "/missing", "/missing".to_owned()))
        .await
        .unwrap();
    let err = response.api_error::<ApiFailure, _>(&["error_code"], |e| e);
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        err.api_error().map(|e| e.error_code.as_str()),
        Some("ITEM_NOT_FOUND")
    );
    assert_eq!(err.headers().unwrap()["x-request-id"], "r1");
    assert_eq!(
        err.to_string(),
        "server returned 404 Not Found: ITEM_NOT_FOUND"
    );
    assert_eq!(err.request_id(), Some("r1"));
    assert!(err.was_sent());
}

const SECRET: &str = "sup3r-s3cret-value";

#[test]
fn secrets_stay_out_of_debug_and_display() {
    let secret = Secret::new(SECRET);
    assert_eq!(format!("{secret:?}"), "[redacted]");
    assert_eq!(secret.to_string(), "[redacted]");
    assert_eq!(secret.expose(), SECRET);
    assert_eq!(
        serde_json::to_string(&secret).unwrap(),
        format!("\"{SECRET}\"")
    );
    let back: Secret = serde_json::from_str(&format!("\"{SECRET}\"")).unwrap();
    assert_eq!(back, secret);

    let credentials = [
        Credential::bearer(SECRET),
        Credential::basic(SECRET, SECRET),
        Credential::header("X-Key", SECRET),
        Credential::query("key", SECRET),
        Credential::cookie("sid", SECRET),
    ];
    let mut config = ClientConfig::new("https://api.example.com", "t/1");
    for (i, credential) in credentials.iter().enumerate() {
        let debug = format!("{credential:?}");
        assert!(
            !debug.contains(SECRET) && debug.contains("[redacted]"),
            "{debug}"
        );
        let scheme: &'static str = ["a", "b", "c", "d", "e"][i];
        config.credential(scheme, credential.clone());
    }
    config.header("X-Extra-Secret", SECRET);
    config.retry_policy(RetryPolicy::none());
    let debug = format!("{config:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("x-extra-secret"), "{debug}");

    let core = config.build().unwrap();
    let debug = format!("{core:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("\"a\""), "{debug}");

    let mut request = core.request(Method::POST, "/x", "/x".to_owned());
    request.header("X-Param", SECRET);
    request.query("token", SECRET, Style::Form, true);
    request.cookie("c", SECRET);
    request.json(
        "application/json",
        &serde_json::json!({ "password": SECRET }),
    );
    let debug = format!("{request:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("token"), "{debug}");
}

#[tokio::test]
async fn missing_credentials_error_shows_no_secret() {
    let mut config = ClientConfig::new("https://api.example.com", "t/1");
    config.credential("a", Credential::bearer(SECRET));
    let core = config.build().unwrap();
    let mut request = core.request(Method::GET, "/x", "/x".to_owned());
    request.security(&[&["a", "b"]]);
    let err = core.send(request).await.unwrap_err();
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert!(core.has_credential("a") && !core.has_credential("b"));
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Counted {
    count: u32,
}

#[tokio::test]
async fn responses_and_errors_keep_body_values_and_cookies_out_of_logs() {
    let server = server().await;
    let core = core_with(&server.uri(), |c| c.retry_policy(RetryPolicy::none()));
    let response = core
        .send(core.request(Method::GET, "/leaky", "/leaky".to_owned()))
        .await
        .unwrap();
    assert!(response.headers()["set-cookie"].is_sensitive());
    let debug = format!("{response:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains(r#""x-request-id": "r2""#), "{debug}");
    assert!(debug.contains(r#""set-cookie": [redacted]"#), "{debug}");
    assert!(debug.contains(r#"body: "<47 bytes>""#), "{debug}");

    let errors: Vec<Error<ApiFailure>> = vec![
        response.clone().unexpected(),
        response
            .clone()
            .api_error(&["error_code"], |e: ApiFailure| e),
        response.clone().json::<Counted, _>().unwrap_err(),
    ];
    for err in &errors {
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!text.contains(SECRET), "{text}");
        }
    }
    assert!(format!("{:?}", errors[1]).contains(r#"error: ApiFailure { error_code: "E" }"#));
    let Error::Decode(decode) = &errors[2] else {
        panic!("{:?}", errors[2])
    };
    assert_eq!(
        errors[2].to_string(),
        "could not decode the body of the 500 Internal Server Error response at `count`: invalid type: string, \
         expected u32 at line 1 column 29"
    );
    assert!(
        decode.detail.contains(SECRET),
        "the full message stays available"
    );
    assert_eq!(err_body_len(&errors[2]), 47);
}

fn err_body_len<E>(err: &Error<E>) -> usize {
    err.body().map_or(0, |b| b.len())
}

/// The parts every error keeps show no body value, no sensitive header value and no
/// configured credential, even one the server echoes back in a header of its own.
#[tokio::test]
async fn response_parts_keep_secrets_out_of_debug() {
    let server = MockServer::start().await;
    Mock::given(path("/echo"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("x-echo", format!("you sent {SECRET}").as_str())
                .insert_header("set-cookie", "session=abc")
                .insert_header("x-request-id", "r3")
                .set_body_raw(format!(r#"{{"token":"{SECRET}"}}"#), "application/json"),
        )
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |c| {
        c.retry_policy(RetryPolicy::none());
        c.credential("a", Credential::bearer(SECRET));
    });
    let mut request = core.request(Method::GET, "/echo", "/echo".to_owned());
    request.security(&[&["a"]]);
    let response = core.send(request).await.unwrap();
    let Error::UnexpectedStatus(raw) = response.unexpected::<Infallible>() else {
        unreachable!()
    };
    let parts = &raw.response;
    assert_eq!((parts.status.as_u16(), parts.attempts), (502, 1));
    assert_eq!(parts.request_id.as_deref(), Some("r3"));
    assert_eq!(raw.status, parts.status, "an error reads as its parts");
    let debug = format!("{parts:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.starts_with("ResponseParts { status: 502"), "{debug}");
    assert!(debug.contains(r#""set-cookie": [redacted]"#), "{debug}");
    assert!(
        debug.contains(r#""x-echo": "you sent [redacted]""#),
        "{debug}"
    );
    assert!(debug.contains(r#"body: "<30 bytes>""#), "{debug}");
    assert!(debug.contains(r#"request_id: Some("r3")"#), "{debug}");
}
