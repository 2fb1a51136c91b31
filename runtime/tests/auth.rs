//! Credentials of each kind and the semantics of security alternatives.

mod common;

use common::core_with;
use linkgen_runtime::{ClientConfig, Core, Credential, Error, Method, Request};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// Sends one GET with `security`, returns the request the server saw (if any) and the error.
async fn send(
    server: &MockServer,
    configure: impl FnOnce(&mut ClientConfig),
    security: &'static [&'static [&'static str]],
    build: impl FnOnce(&mut Request),
) -> (Option<wiremock::Request>, Option<Error<()>>) {
    let core: Core = core_with(&server.uri(), configure);
    let mut request = core.request(Method::GET, "/me".to_owned());
    request.security(security);
    build(&mut request);
    let err = core.send::<()>(request).await.err();
    let seen = server.received_requests().await.unwrap().pop();
    (seen, err)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn bearer_token() {
    let server = server().await;
    let (seen, err) = send(
        &server,
        |c| c.credential("bearerAuth", Credential::bearer("tok-123")),
        &[&["bearerAuth"]],
        |_| {},
    )
    .await;
    assert!(err.is_none());
    assert_eq!(
        header(&seen.unwrap(), "authorization"),
        Some("Bearer tok-123")
    );
}

#[tokio::test]
async fn basic_auth() {
    let server = server().await;
    let (seen, _) = send(
        &server,
        |c| c.credential("basic", Credential::basic("Aladdin", "open sesame")),
        &[&["basic"]],
        |_| {},
    )
    .await;
    assert_eq!(
        header(&seen.unwrap(), "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn header_query_and_cookie_api_keys() {
    let server = server().await;
    let (seen, err) = send(
        &server,
        |c| {
            c.credential("clientId", Credential::header("PLAID-CLIENT-ID", "cid"));
            c.credential("queryKey", Credential::query("api_key", "k&y=1 2"));
            c.credential("cookieKey", Credential::cookie("sid", "s3cr3t"));
        },
        &[&["clientId", "queryKey", "cookieKey"]],
        |request| {
            request.query("page", &2, linkgen_runtime::Style::Form, true);
            request.cookie("theme", "dark");
        },
    )
    .await;
    assert!(err.is_none(), "{err:?}");
    let seen = seen.unwrap();
    assert_eq!(header(&seen, "plaid-client-id"), Some("cid"));
    assert_eq!(seen.url.query(), Some("page=2&api_key=k%26y%3D1%202"));
    assert_eq!(header(&seen, "cookie"), Some("theme=dark; sid=s3cr3t"));
    assert_eq!(header(&seen, "authorization"), None);
}

#[tokio::test]
async fn first_satisfied_alternative_is_applied() {
    let server = server().await;
    let (seen, _) = send(
        &server,
        |c| c.credential("b", Credential::header("X-B", "bee")),
        &[&["a"], &["b"]],
        |_| {},
    )
    .await;
    let seen = seen.unwrap();
    assert_eq!(header(&seen, "x-b"), Some("bee"));
    assert_eq!(header(&seen, "x-a"), None);
}

#[tokio::test]
async fn all_schemes_of_an_alternative_are_applied() {
    let server = server().await;
    let (seen, _) = send(
        &server,
        |c| {
            c.credential("a", Credential::header("X-A", "ay"));
            c.credential("b", Credential::header("X-B", "bee"));
            c.credential("c", Credential::bearer("unused"));
        },
        &[&["a", "b"], &["c"]],
        |_| {},
    )
    .await;
    let seen = seen.unwrap();
    assert_eq!(header(&seen, "x-a"), Some("ay"));
    assert_eq!(header(&seen, "x-b"), Some("bee"));
    assert_eq!(header(&seen, "authorization"), None);
}

#[tokio::test]
async fn missing_credentials_send_nothing() {
    let server = server().await;
    let (seen, err) = send(
        &server,
        |c| c.credential("a", Credential::header("X-A", "ay")),
        &[&["a", "b"]],
        |_| {},
    )
    .await;
    assert!(seen.is_none());
    let err = err.unwrap();
    assert!(
        matches!(&err, Error::MissingCredentials { schemes } if schemes == &["b"]),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "missing credentials: set `b`");
    assert!(!err.was_sent());

    let (seen, err) = send(&server, |_| {}, &[&["a"], &["b", "c"]], |_| {}).await;
    assert!(seen.is_none());
    let err = err.unwrap();
    assert_eq!(
        err.to_string(),
        "missing credentials: set one of `a`, `b + c`"
    );
}

#[tokio::test]
async fn anonymous_alternative() {
    let server = server().await;
    // Nothing configured: sent without auth.
    let (seen, err) = send(&server, |_| {}, &[&[], &["key"]], |_| {}).await;
    assert!(err.is_none());
    assert_eq!(header(&seen.unwrap(), "authorization"), None);
    // Configured: used even though anonymous is allowed (and listed first).
    let (seen, _) = send(
        &server,
        |c| c.credential("key", Credential::bearer("t")),
        &[&[], &["key"]],
        |_| {},
    )
    .await;
    assert_eq!(header(&seen.unwrap(), "authorization"), Some("Bearer t"));
}

#[tokio::test]
async fn no_security_sends_no_credentials() {
    let server = server().await;
    let (seen, err) = send(
        &server,
        |c| {
            c.credential("key", Credential::bearer("t"));
            c.credential("q", Credential::query("api_key", "k"));
        },
        &[],
        |_| {},
    )
    .await;
    assert!(err.is_none());
    let seen = seen.unwrap();
    assert_eq!(header(&seen, "authorization"), None);
    assert_eq!(seen.url.query(), None);
}

#[tokio::test]
async fn credential_set_twice_keeps_the_last() {
    let server = server().await;
    let (seen, _) = send(
        &server,
        |c| {
            c.credential("key", Credential::bearer("old"));
            c.credential("key", Credential::bearer("new"));
        },
        &[&["key"]],
        |_| {},
    )
    .await;
    assert_eq!(header(&seen.unwrap(), "authorization"), Some("Bearer new"));
}

#[tokio::test]
async fn invalid_credential_is_an_invalid_request() {
    let server = server().await;
    let (seen, err) = send(
        &server,
        |c| c.credential("key", Credential::bearer("bad\ntoken")),
        &[&["key"]],
        |_| {},
    )
    .await;
    assert!(seen.is_none());
    let err = err.unwrap();
    assert_eq!(
        err.to_string(),
        "invalid request: the credential of `key` is not a valid header value"
    );
}
