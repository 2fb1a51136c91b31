//! What goes on the wire: method, path, query styles, headers, cookies and bodies.

use std::collections::BTreeMap;

use crate::common::{core, core_with};
use linkgen_runtime::{path_param, BuildError, ClientConfig, Method, SendError, Style};
use serde::Serialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[derive(Serialize)]
struct Color {
    r: u8,
    g: u8,
}

#[tokio::test]
async fn method_path_and_query_styles() {
    let server = server().await;
    let core = core(&format!("{}/v1/", server.uri()));
    let path = format!(
        "/items/{}/{}/{}",
        path_param("id", "a/b c?#%", Style::Simple, false),
        path_param("tags", &["x", "y"], Style::Label, true),
        path_param("m", &Color { r: 1, g: 2 }, Style::Matrix, true),
    );
    let mut request = core.request(Method::DELETE, "/{p}", path);
    request.query("q", "a b&c=d+é", Style::Form, true);
    request.query("n", &3, Style::Form, true);
    request.query("flag", &false, Style::Form, true);
    request.query("missing", &None::<String>, Style::Form, true);
    request.query("ids", &[1, 2], Style::Form, true);
    request.query("csv", &["a", "b,c"], Style::Form, false);
    request.query("space", &["a", "b"], Style::SpaceDelimited, false);
    request.query("pipe", &["a", "b"], Style::PipeDelimited, false);
    request.query("color", &Color { r: 1, g: 2 }, Style::DeepObject, true);
    request.query("obj", &Color { r: 3, g: 4 }, Style::Form, true);
    core.send(request).await.unwrap();

    let seen = only_request(&server).await;
    assert_eq!(seen.method.as_str(), "DELETE");
    assert_eq!(
        seen.url.path(),
        "/v1/items/a%2Fb%20c%3F%23%25/.x.y/;r=1;g=2"
    );
    assert_eq!(
        seen.url.query().unwrap(),
        "q=a%20b%26c%3Dd%2B%C3%A9&n=3&flag=false&ids=1&ids=2&csv=a,b%2Cc&space=a%20b\
         &pipe=a|b&color[r]=1&color[g]=2&r=3&g=4"
    );
    let decoded: Vec<(String, String)> = seen.url.query_pairs().into_owned().collect();
    assert_eq!(decoded[0], ("q".to_owned(), "a b&c=d+é".to_owned()));
}

#[tokio::test]
async fn headers_cookies_and_defaults() {
    let server = server().await;
    let core = core_with(&server.uri(), |config| {
        config.header("X-Tenant", "acme");
    });
    let mut request = core.request(Method::GET, "/h", "/h".to_owned());
    request.header("X-Request-Id", "abc");
    request.header("X-Numbers", &[1, 2, 3]);
    request.header("X-Absent", &None::<u32>);
    request.header("X-Flag", &true);
    request.header("X-Color", &Color { r: 1, g: 2 });
    request.header_exploded("X-Color-Exploded", &Color { r: 1, g: 2 }, true);
    request.header_exploded("X-Color-Flat", &Color { r: 1, g: 2 }, false);
    request.header_exploded("X-List", &["a", "b"], true);
    request.cookie("session_hint", "a b;c");
    request.cookie("ids", &[3, 4]);
    request.cookie("none", &None::<String>);
    request.accept("application/json");
    core.send(request).await.unwrap();

    let seen = only_request(&server).await;
    assert_eq!(header(&seen, "x-request-id"), Some("abc"));
    assert_eq!(header(&seen, "x-numbers"), Some("1,2,3"));
    assert_eq!(header(&seen, "x-absent"), None);
    assert_eq!(header(&seen, "x-flag"), Some("true"));
    assert_eq!(header(&seen, "x-tenant"), Some("acme"));
    assert_eq!(header(&seen, "x-color"), Some("r,1,g,2"));
    assert_eq!(header(&seen, "x-color-exploded"), Some("r=1,g=2"));
    assert_eq!(header(&seen, "x-color-flat"), Some("r,1,g,2"));
    assert_eq!(header(&seen, "x-list"), Some("a,b"));
    assert_eq!(
        header(&seen, "cookie"),
        Some("session_hint=a%20b%3Bc; ids=3,4")
    );
    assert_eq!(header(&seen, "accept"), Some("application/json"));
    assert_eq!(header(&seen, "user-agent"), Some("linkgen-test/1.0"));
    assert_eq!(seen.url.query(), None);
}

#[derive(Serialize)]
struct NewItem {
    name: String,
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[tokio::test]
async fn json_body() {
    let server = server().await;
    let core = core(&server.uri());
    let mut request = core.request(Method::POST, "/items", "/items".to_owned());
    let item = NewItem {
        name: "a \"b\"".to_owned(),
        tags: vec!["x".to_owned()],
        note: None,
    };
    request.json("application/json", &item);
    core.send(request).await.unwrap();
    let seen = only_request(&server).await;
    assert_eq!(header(&seen, "content-type"), Some("application/json"));
    assert_eq!(seen.body, br#"{"name":"a \"b\"","tags":["x"]}"#);
}

#[tokio::test]
async fn form_body() {
    #[derive(Serialize)]
    struct Form {
        grant_type: &'static str,
        scope: Vec<&'static str>,
        meta: BTreeMap<&'static str, &'static str>,
        absent: Option<u8>,
    }
    let server = server().await;
    let core = core(&server.uri());
    let mut request = core.request(Method::POST, "/token", "/token".to_owned());
    request.form(&Form {
        grant_type: "client credentials",
        scope: vec!["read", "write"],
        meta: BTreeMap::from([("k", "v&w")]),
        absent: None,
    });
    core.send(request).await.unwrap();
    let seen = only_request(&server).await;
    assert_eq!(
        header(&seen, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(seen.body).unwrap(),
        "grant_type=client%20credentials&scope=read&scope=write&meta[k]=v%26w"
    );
}

#[tokio::test]
async fn bytes_and_text_bodies() {
    let server = server().await;
    let core = core(&server.uri());
    let mut request = core.request(Method::PUT, "/blob", "/blob".to_owned());
    request.bytes("application/octet-stream", vec![0u8, 159, 255]);
    core.send(request).await.unwrap();
    let mut request = core.request(Method::PUT, "/note", "/note".to_owned());
    request.text("text/plain; charset=utf-8", "héllo");
    core.send(request).await.unwrap();

    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        header(&seen[0], "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen[0].body, vec![0u8, 159, 255]);
    assert_eq!(
        header(&seen[1], "content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(seen[1].body, "héllo".as_bytes());
}

#[tokio::test]
async fn invalid_requests_send_nothing() {
    let server = server().await;
    let core = core(&server.uri());

    let mut request = core.request(Method::GET, "/x", "/x".to_owned());
    request.header("X-Bad", "line\nbreak");
    let err = core.send(request).await.unwrap_err();
    assert!(matches!(err, SendError::InvalidRequest(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid request: invalid value for header `X-Bad`"
    );
    assert!(!err.was_sent());

    let mut request = core.request(Method::GET, "/x", "/x".to_owned());
    let mut bad_keys = BTreeMap::new();
    bad_keys.insert(vec![1u8], 1);
    request.query("map", &bad_keys, Style::DeepObject, true);
    let err = core.send(request).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid request: could not serialize parameter `map`"),
        "{err}"
    );

    // Dot segments would be resolved by the URL parser (`%2E` too) and reach another
    // endpoint: refused, whatever style produced them.
    for (value, style) in [
        ("..", Style::Simple),
        (".", Style::Simple),
        ("", Style::Label),
        (".", Style::Label),
    ] {
        let path = format!("/users/{}/posts", path_param("id", value, style, false));
        let err = core
            .send(core.request(Method::GET, "/{p}", path))
            .await
            .unwrap_err();
        assert!(matches!(err, SendError::InvalidRequest(_)), "{err:?}");
        assert!(!err.was_sent());
    }

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn build_errors() {
    let build = |url: &str| ClientConfig::new(url, "t/1").build();
    for url in [
        "",
        "not a url",
        "ftp://example.com",
        "https://example.com/?a=b",
        "https://user:pa55word@example.com",
    ] {
        let err = build(url).unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl { .. }),
            "{url}: {err:?}"
        );
        assert!(err.to_string().starts_with("invalid base URL"), "{err}");
        assert!(!format!("{err} {err:?}").contains("pa55word"), "{err:?}");
    }
    assert_eq!(
        build("https://example.com/v1/").unwrap().base_url(),
        "https://example.com/v1"
    );
    assert_eq!(
        build("http://127.0.0.1:8080").unwrap().base_url(),
        "http://127.0.0.1:8080"
    );

    let mut config = ClientConfig::new("https://example.com", "t/1");
    config.header("bad header", "x");
    let err = config.build().unwrap_err();
    assert!(matches!(err, BuildError::InvalidHeader { ref name } if name == "bad header"));
    let mut config = ClientConfig::new("https://example.com", "t/1");
    config.header("X-Ok", "bad\nvalue");
    assert_eq!(
        config.build().unwrap_err().to_string(),
        "invalid header `X-Ok`"
    );
    let err = ClientConfig::new("https://example.com", "bad\nagent")
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid header `user-agent`");
}
