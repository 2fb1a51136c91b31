//! Credentials of each kind and the semantics of security alternatives.

use crate::common::core_with;
use linkgen_runtime::{ClientConfig, Core, Credential, CredentialName, Error, Method, Request};
use std::convert::Infallible;
use wiremock::matchers::{any, method, path};
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
) -> (Option<wiremock::Request>, Option<Error<Infallible>>) {
    let core: Core = core_with(&server.uri(), configure);
    let mut request = core.request(Method::GET, "/me", "/me".to_owned());
    request.security(security);
    build(&mut request);
    let err = core.send(request).await.err().map(Error::from);
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
    let Error::MissingCredentials(missing) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing.alternatives, [[CredentialName::new("b", "b", &[])]]);
    assert_eq!(
        err.to_string(),
        "missing credentials, nothing was sent: set `ClientBuilder::b`"
    );
    assert!(!err.was_sent());

    let (seen, err) = send(&server, |_| {}, &[&["a"], &["b", "c"]], |_| {}).await;
    assert!(seen.is_none());
    let err = err.unwrap();
    assert_eq!(
        err.to_string(),
        "missing credentials, nothing was sent: set `ClientBuilder::a`, or \
         `ClientBuilder::b` and `ClientBuilder::c`"
    );
}

#[tokio::test]
async fn missing_credentials_name_the_builder_method_and_variable() {
    let server = server().await;
    let describe = |c: &mut ClientConfig| {
        c.describe_credential(CredentialName::new(
            "clientId",
            "client_id",
            &["P_CLIENT_ID"],
        ));
        c.describe_credential(CredentialName::new("secret", "secret", &["P_SECRET"]));
    };
    // Partly configured: fails naming what is missing, although anonymous is allowed.
    let (seen, err) = send(
        &server,
        |c| {
            describe(c);
            c.credential("clientId", Credential::header("X-Client", "id-1"));
        },
        &[&["clientId", "secret"], &[]],
        |_| {},
    )
    .await;
    assert!(seen.is_none());
    assert_eq!(
        err.unwrap().to_string(),
        "missing credentials, nothing was sent: set `ClientBuilder::secret` (or `P_SECRET`)"
    );
    // Nothing configured and anonymous allowed: sent without credentials.
    let (seen, err) = send(&server, describe, &[&["clientId", "secret"], &[]], |_| {}).await;
    assert!(err.is_none());
    assert_eq!(header(&seen.unwrap(), "x-client"), None);
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

#[tokio::test]
async fn cookie_and_query_keys_are_encoded() {
    let server = server().await;
    let (seen, err) = send(
        &server,
        |c| {
            c.credential("cookieKey", Credential::cookie("sid", "s3cr3t; admin=1"));
            c.credential("queryKey", Credential::query("api key", "a&b=c d"));
        },
        &[&["cookieKey", "queryKey"]],
        |_| {},
    )
    .await;
    assert!(err.is_none(), "{err:?}");
    let seen = seen.unwrap();
    assert_eq!(header(&seen, "cookie"), Some("sid=s3cr3t%3B%20admin=1"));
    assert_eq!(seen.url.query(), Some("api%20key=a%26b%3Dc%20d"));
}

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("Location", location)
}

fn all_credentials(c: &mut ClientConfig) {
    c.credential("h", Credential::header("X-APIKey", "header-secret"));
    c.credential("q", Credential::query("api_key", "query-secret"));
    c.credential("c", Credential::cookie("sid", "cookie-secret"));
}

const ALL: &[&[&str]] = &[&["h", "q", "c"]];

#[tokio::test]
async fn same_origin_redirects_are_followed_with_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(redirect(302, "/new?api_key=echoed&x=1#frag"))
        .mount(&server)
        .await;
    Mock::given(path("/new"))
        .respond_with(ResponseTemplate::new(200).set_body_string("done"))
        .mount(&server)
        .await;
    // Also with a caller's own client that leaves redirects to the runtime.
    for own_client in [false, true] {
        let core = core_with(&server.uri(), |c| {
            all_credentials(c);
            if own_client {
                c.http_client(
                    linkgen_runtime::reqwest::Client::builder()
                        .redirect(linkgen_runtime::reqwest::redirect::Policy::none())
                        .build()
                        .unwrap(),
                );
            }
        });
        let mut request = core.request(Method::GET, "/old", "/old".to_owned());
        request.security(ALL);
        let response = core.send(request).await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.body().as_ref(), b"done");
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    for pair in requests.chunks(2) {
        assert_eq!(pair[0].url.query(), Some("api_key=query-secret"));
        let seen = &pair[1];
        assert_eq!(seen.url.path(), "/new");
        assert_eq!(seen.url.query(), Some("x=1&api_key=query-secret"));
        assert_eq!(header(seen, "x-apikey"), Some("header-secret"));
        assert_eq!(header(seen, "cookie"), Some("sid=cookie-secret"));
    }
}

#[tokio::test]
async fn cross_origin_redirects_are_returned_not_followed() {
    let elsewhere = server().await;
    let server = MockServer::start().await;
    for status in [301u16, 302, 303, 307, 308] {
        Mock::given(path(format!("/{status}")))
            .respond_with(redirect(status, &format!("{}/steal", elsewhere.uri())))
            .mount(&server)
            .await;
    }
    // Another port of the same host is another origin.
    let core = core_with(&server.uri(), all_credentials);
    for status in [301u16, 302, 303, 307, 308] {
        let mut request = core.request(Method::POST, "/{p}", format!("/{status}"));
        request.security(ALL);
        request.json("application/json", &serde_json::json!({"a": 1}));
        let response = core.send(request).await.unwrap();
        assert_eq!(response.status().as_u16(), status);
        assert!(response.headers().contains_key("location"));
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn redirect_methods_and_bodies() {
    let server = MockServer::start().await;
    Mock::given(path("/see-other"))
        .respond_with(redirect(303, "/target"))
        .mount(&server)
        .await;
    Mock::given(path("/temporary"))
        .respond_with(redirect(307, "/target"))
        .mount(&server)
        .await;
    Mock::given(path("/permanent"))
        .respond_with(redirect(308, "/target"))
        .mount(&server)
        .await;
    Mock::given(path("/target"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |_| {});
    for from in ["/see-other", "/temporary", "/permanent"] {
        let mut request = core.request(Method::POST, "/{p}", from.to_owned());
        request.json("application/json", &serde_json::json!({"a": 1}));
        let response = core.send(request).await.unwrap();
        assert_eq!(response.status().as_u16(), 201, "{from}");
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6);
    let target: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/target")
        .collect();
    assert_eq!(target[0].method.as_str(), "GET", "303 turns into a GET");
    assert!(target[0].body.is_empty());
    assert_eq!(header(target[0], "content-type"), None);
    for seen in &target[1..] {
        assert_eq!(seen.method.as_str(), "POST", "307/308 keep the method");
        assert_eq!(seen.body, br#"{"a":1}"#);
        assert_eq!(header(seen, "content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn at_most_ten_redirects() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/loop"))
        .respond_with(redirect(302, "/loop"))
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |_| {});
    let response = core
        .send(core.request(Method::GET, "/loop", "/loop".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
}
