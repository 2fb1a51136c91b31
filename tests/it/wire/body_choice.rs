//! `tests/wire/bodies.yaml`: an operation documented with bodies that differ
//! takes the `{Op}Content` enum, whose variant decides the media type sent
//! (the preferred body's value still passes as it is); a raw body also takes
//! a stream, sent with the length given or chunked, and never resent.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use wire_bodies::linkgen_runtime::{Body, Bytes, Error, FilePart, RetryPolicy};
use wire_bodies::operations::{
    CreateMessageContent, CreateMessageForm, CreateSessionContent, ImportRecordsForm,
};
use wire_bodies::types::{MessageCreate, Note, Session};
use wire_bodies::Client;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
        })
        .build()
        .unwrap();
    (server, client)
}

async fn sent(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request, no retry");
    requests.remove(0)
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// Chunks handed out one per poll.
struct Chunks(VecDeque<Bytes>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.pop_front().map(Ok))
    }
}

fn chunks(parts: &[&'static [u8]]) -> Chunks {
    Chunks(parts.iter().map(|p| Bytes::from_static(p)).collect())
}

#[tokio::test]
async fn json_or_multipart_bodies_with_different_schemas_are_both_reachable() {
    let message = MessageCreate::new().with_content("hi");
    // The JSON value passes as it would alone, by reference.
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.create_message("c1", &message).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/channels/c1/messages");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"content":"hi"}"#);

    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let form = CreateMessageForm::new(&message)
        .with_files_0(FilePart::new(b"abc".to_vec()).file_name("a.txt"));
    client.create_message("c1", form).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/channels/c1/messages");
    let declared = header(&request, "content-type").unwrap();
    let b = declared
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a boundary");
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{{\"content\":\"hi\"}}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8(request.body).unwrap(), expected);

    // Naming the variant works too.
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let json = CreateMessageContent::Json(MessageCreate::new().with_tts(true));
    client.create_message("c2", json).await.unwrap();
    assert_eq!(sent(&server).await.body, br#"{"tts":true}"#);
}

#[tokio::test]
async fn one_schema_as_json_or_form_encoded_is_sent_as_the_variant_says() {
    let session = Session::new("u1").with_scopes(vec!["a".to_owned(), "b c".to_owned()]);
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.create_session().body(&session).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(
        (request.method.as_str(), request.url.path()),
        ("POST", "/sessions")
    );
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"user":"u1","scopes":["a","b c"]}"#);

    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client
        .create_session()
        .body(CreateSessionContent::Form(session))
        .await
        .unwrap();
    let request = sent(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.body, b"user=u1&scopes=a&scopes=b%20c");
}

#[tokio::test]
async fn the_same_schema_in_another_family_is_raw_bytes_with_its_own_type() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.create_note(Note::new("n")).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"text":"n"}"#);

    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let xml = Body::from("<note><text>n</text></note>");
    client.create_note(xml).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/xml")
    );
    assert_eq!(request.body, b"<note><text>n</text></note>");
}

#[tokio::test]
async fn a_streamed_body_arrives_whole_with_its_length_or_chunked() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let body = Body::from_stream(chunks(&[b"\x89PN", b"G\r\n", b"rest"]), Some(10));
    client.put_image("i1").body(body).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(
        (request.method.as_str(), request.url.path()),
        ("PUT", "/images/i1")
    );
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("image/png")
    );
    assert_eq!(header(&request, "content-length").as_deref(), Some("10"));
    assert_eq!(header(&request, "transfer-encoding"), None);
    assert_eq!(request.body, b"\x89PNG\r\nrest");

    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let body = Body::from_stream(chunks(&[b"ab", b"cd"]), None);
    client.put_image("i2").body(body).await.unwrap();
    let request = sent(&server).await;
    assert_eq!(header(&request, "content-length"), None);
    assert_eq!(
        header(&request, "transfer-encoding").as_deref(),
        Some("chunked")
    );
    assert_eq!(request.body, b"abcd");

    // A reader (a `tokio::fs::File` the same way), in a required body.
    let (server, client) =
        serve(ResponseTemplate::new(201).set_body_raw(r#"{"id":1}"#, "application/json")).await;
    let reader = std::io::Cursor::new(vec![7u8; 100_000]);
    let body = Body::from_reader(reader, Some(100_000));
    client
        .upload_release_asset(3, "big.bin", body)
        .await
        .unwrap();
    let request = sent(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(
        header(&request, "content-length").as_deref(),
        Some("100000")
    );
    assert_eq!(request.body, vec![7u8; 100_000]);
}

#[tokio::test]
async fn a_streamed_body_is_not_retried_once_sent_while_bytes_are() {
    let unavailable = ResponseTemplate::new(503).insert_header("retry-after", "0");
    // `PUT` is idempotent: buffered bytes are resent on a 503.
    let (server, client) = serve(unavailable.clone()).await;
    let error = client.put_image("i1").body(b"png".to_vec()).await;
    assert!(
        matches!(&error, Err(Error::UnexpectedStatus(raw)) if raw.status.as_u16() == 503),
        "{error:?}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "the first attempt and two retries");
    assert!(requests.iter().all(|r| r.body == b"png"));

    let (server, client) = serve(unavailable).await;
    let body = Body::from_stream(chunks(&[b"p", b"ng"]), Some(3));
    let error = client.put_image("i1").body(body).await;
    assert!(
        matches!(&error, Err(Error::UnexpectedStatus(raw)) if raw.status.as_u16() == 503),
        "{error:?}"
    );
    let request = sent(&server).await;
    assert_eq!(request.body, b"png");
}

#[tokio::test]
async fn text_or_multipart_a_string_picks_the_text_body() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.import_records("s1", "a,b\n1,2\n").await.unwrap();
    let request = sent(&server).await;
    assert_eq!(request.url.path(), "/schemas/s1/records");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("text/csv")
    );
    assert_eq!(request.body, b"a,b\n1,2\n");

    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let form = ImportRecordsForm::new(FilePart::new(b"a,b".to_vec()).file_name("r.csv"));
    client.import_records("s1", form).await.unwrap();
    let request = sent(&server).await;
    let declared = header(&request, "content-type").unwrap();
    let b = declared
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a boundary");
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\nContent-Type: application/octet-stream\r\n\r\na,b\r\n--{b}--\r\n"
    );
    assert_eq!(String::from_utf8(request.body).unwrap(), expected);
}
