//! Where a request goes and what counts as its answer: documented redirects (returned,
//! not followed; a `3xx` success as a `Redirect` that can be followed), operations with
//! their own server and the override rule, and the `Accept` an operation documents.

use std::convert::Infallible;

use crate::common::{core, fast_retries, Chunks};
use linkgen_runtime::{BuildError, ClientConfig, Core, Credential, Error, Method, StatusCode};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

/// A server URL as generated code has it (a literal of the crate).
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_documented_redirect_is_the_answer_an_undocumented_one_is_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/login/s/local"))
        .respond_with(redirect(303, "/console?session=1").insert_header("set-cookie", "s=1"))
        .mount(&server)
        .await;
    Mock::given(path("/console"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let core = core(&server.uri());

    // Documented (Nexus' login answers 303): one request, the 303 comes back.
    let mut request = core.request(Method::POST, "/login/{silo}/local", "/login/s/local".into());
    request.json("application/json", &serde_json::json!({"username": "u"}));
    request.no_follow(&[303]);
    let response = core.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(hits(&server).await, 1);
    let redirect = response.redirect::<Infallible>().unwrap();
    assert_eq!(redirect.status, StatusCode::SEE_OTHER);
    assert_eq!(
        redirect.location().as_str(),
        format!("{}/console?session=1", server.uri())
    );
    // The query (a token, often) is not in `Debug`.
    let debug = format!("{redirect:?}");
    assert!(!debug.contains("session=1"), "{debug}");

    // Not documented (or another status documented): today's same-origin rule.
    for documented in [&[][..], &[302]] {
        let mut request =
            core.request(Method::POST, "/login/{silo}/local", "/login/s/local".into());
        request.no_follow(documented);
        let response = core.send(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{documented:?}");
    }
}

#[tokio::test]
async fn a_redirect_success_is_followed_on_request_without_credentials() {
    let api = MockServer::start().await;
    let files = MockServer::start().await;
    Mock::given(path("/repos/o/r/tarball/main"))
        .respond_with(redirect(
            302,
            &format!("{}/o/r/legacy.tar.gz/main?token=t0k", files.uri()),
        ))
        .mount(&api)
        .await;
    Mock::given(path("/o/r/legacy.tar.gz/main"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"\x1f\x8b archive".to_vec()))
        .mount(&files)
        .await;
    let mut config = ClientConfig::new("https://unused.example.com", "linkgen-test/1.0");
    config.base_url(api.uri());
    config.retry_policy(fast_retries(0));
    config.credential("token", Credential::bearer("api-secret"));
    config.header("X-Default", "default-secret");
    let core = config.build().unwrap();

    let mut request = core.request(
        Method::GET,
        "/repos/{o}/{r}/tarball/{ref}",
        "/repos/o/r/tarball/main".into(),
    );
    request.security(&[&["token"]]);
    request.no_follow(&[302]);
    let response = core.send(request).await.unwrap();
    let redirect = response.redirect::<Infallible>().unwrap();
    assert_eq!(redirect.status, StatusCode::FOUND);
    assert_eq!(redirect.location().host_str(), Some("127.0.0.1"));
    assert_eq!(hits(&files).await, 0, "not followed by the call itself");

    let body = redirect.follow(&core).await.unwrap().bytes().await.unwrap();
    assert_eq!(body.as_ref(), b"\x1f\x8b archive");
    let requests = files.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.url.query(), Some("token=t0k"));
    assert!(sent.headers.get("authorization").is_none());
    assert!(sent.headers.get("x-default").is_none());
    assert_eq!(sent.headers["user-agent"], "linkgen-test/1.0");

    // A status other than 2xx at the target is unexpected.
    let gone = redirect.clone();
    files.reset().await;
    let err = gone.follow(&core).await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
}

#[tokio::test]
async fn a_bad_location_is_a_decode_error_without_its_value() {
    let server = MockServer::start().await;
    Mock::given(path("/none"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    Mock::given(path("/ftp"))
        .respond_with(redirect(302, "ftp://files.example.com/x?token=s3cret"))
        .mount(&server)
        .await;
    Mock::given(path("/bad"))
        .respond_with(redirect(302, "http://[::1/x?token=s3cret"))
        .mount(&server)
        .await;
    let core = core(&server.uri());
    for (at, why) in [
        ("/none", "missing"),
        ("/ftp", "not an http or https URL"),
        ("/bad", "not a URL: invalid IPv6 address"),
    ] {
        let mut request = core.request(Method::GET, "/x", at.into());
        request.no_follow(&[302]);
        let response = core.send(request).await.unwrap();
        let err = response.redirect::<Infallible>().unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(decode.header, Some("location"));
        assert_eq!(
            err.to_string(),
            format!("could not decode the `location` header of the 302 Found response: {why}")
        );
        assert!(!format!("{err:?}").contains("s3cret"));
    }
}

/// A client whose default server is `default`, configured by `configure`, sending one
/// request for an operation whose own server is `own`.
async fn send_to_own_server(
    default: &str,
    own: &'static str,
    configure: impl FnOnce(&mut ClientConfig),
) -> Result<(), Error<Infallible>> {
    let mut config = ClientConfig::new(default, "linkgen-test/1.0");
    config.retry_policy(fast_retries(0));
    configure(&mut config);
    let core: Core = config
        .build()
        .map_err(|e| Error::InvalidRequest(e.to_string()))?;
    let mut request = core.request(Method::POST, "/assets", "/assets".into());
    request.server(own);
    core.send(request).await.map(drop).map_err(Error::from)
}

#[tokio::test]
async fn an_operation_server_is_used_unless_the_consumer_redirects_it() {
    let api = ok_server().await;
    let uploads = ok_server().await;
    let mock = ok_server().await;
    let proxy = ok_server().await;
    let own = leak(format!("{}/", uploads.uri()));

    // The default server, or an environment of the spec: the operation's own server.
    send_to_own_server(&api.uri(), own, |_| {}).await.unwrap();
    send_to_own_server("https://unused.example.com", own, |c| {
        c.environment(api.uri())
    })
    .await
    .unwrap();
    assert_eq!((hits(&api).await, hits(&uploads).await), (0, 2));
    let sent = &uploads.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.path(), "/assets");

    // The consumer's own base URL (a mock): every operation goes there.
    send_to_own_server(&api.uri(), own, |c| {
        c.base_url(format!("{}/v3", mock.uri()))
    })
    .await
    .unwrap();
    let sent = &mock.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.path(), "/v3/assets");

    // An override of that server wins over both.
    for custom in [false, true] {
        send_to_own_server(&api.uri(), own, |c| {
            if custom {
                c.base_url(mock.uri());
            }
            c.server_override(&uploads.uri(), proxy.uri());
        })
        .await
        .unwrap();
    }
    assert_eq!(hits(&proxy).await, 2);
    assert_eq!(
        (hits(&api).await, hits(&uploads).await, hits(&mock).await),
        (0, 2, 1)
    );
}

#[tokio::test]
async fn bad_servers_are_typed_errors() {
    let err = send_to_own_server(
        "https://api.example.com",
        "ftp://uploads.example.com",
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.starts_with("the operation's own server: invalid base URL")),
        "{err}"
    );
    let mut config = ClientConfig::new("https://api.example.com", "t/1");
    config.server_override("https://uploads.example.com", "not a url");
    assert!(matches!(
        config.build(),
        Err(BuildError::InvalidBaseUrl { .. })
    ));
}

#[tokio::test]
async fn accept_names_the_documented_media_types_and_json_like_answers_decode() {
    let server = MockServer::start().await;
    Mock::given(path("/scim/v2/Users"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"totalResults":1}"#, "application/scim+json"),
        )
        .mount(&server)
        .await;
    let core = core(&server.uri());
    let mut request = core.request(Method::GET, "/scim/v2/Users", "/scim/v2/Users".into());
    request.accept("application/scim+json, application/problem+json");
    let response = core.send(request).await.unwrap();
    let value: serde_json::Value = response.json::<_, Infallible>().unwrap();
    assert_eq!(value["totalResults"], 1);
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        sent.headers["accept"],
        "application/scim+json, application/problem+json"
    );
}

#[tokio::test]
async fn a_streamed_body_already_sent_is_not_resent_by_a_307_but_a_303_still_goes() {
    let server = MockServer::start().await;
    Mock::given(path("/temporary"))
        .respond_with(redirect(307, "/target"))
        .mount(&server)
        .await;
    Mock::given(path("/see-other"))
        .respond_with(redirect(303, "/target"))
        .mount(&server)
        .await;
    Mock::given(path("/target"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let core = core(&server.uri());
    let upload = || linkgen_runtime::Body::from_stream(Chunks(vec![b"ab", b"c"]), Some(3));
    let mut request = core.request(Method::PUT, "/{p}", "/temporary".to_owned());
    request.body("application/octet-stream", upload());
    let response = core.send(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 307, "returned, not followed");
    let mut request = core.request(Method::PUT, "/{p}", "/see-other".to_owned());
    request.body("application/octet-stream", upload());
    let response = core.send(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 201, "a GET without body");
    let requests = server.received_requests().await.unwrap();
    let seen: Vec<(&str, &str, &[u8])> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.url.path(), r.body.as_slice()))
        .collect();
    assert_eq!(
        seen,
        [
            ("PUT", "/temporary", &b"abc"[..]),
            ("PUT", "/see-other", &b"abc"[..]),
            ("GET", "/target", &b""[..]),
        ]
    );
}
