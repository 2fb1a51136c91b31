//! `tests/wire/bodies.yaml`: bodies that are not JSON. Raw bytes go out as
//! they are with their content type (a `*/*` body as
//! `application/octet-stream` unless the call names another), a multipart
//! form carries its parts between a boundary, a form-encoded body follows
//! OpenAPI's styles, text goes and comes as text, and a download streams.

use tokio::io::AsyncWriteExt;
use wire_bodies::linkgen_runtime::{self, FilePart};
use wire_bodies::operations::UploadFileForm;
use wire_bodies::types::{
    CreateTokenBody, CreateTokenBodyExtra, CreateTokenBodyFilter, UploadFileAttributes,
};
use wire_bodies::Client;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(status: u16, body: &str, content_type: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), content_type))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

async fn sent(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn content_type(request: &wiremock::Request) -> String {
    request.headers["content-type"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_star_star_string_body_is_the_raw_bytes_as_octet_stream_or_the_callers_type() {
    let (server, client) = serve(201, r#"{"id":7,"name":"a.zip"}"#, "application/json").await;
    let bytes = vec![0u8, 159, 146, 150, b'{'];
    let asset = client
        .upload_release_asset(3, "a.zip", bytes.clone())
        .label("Build")
        .await
        .unwrap();
    assert_eq!(asset.id, 7);
    assert_eq!(asset.name.as_deref(), Some("a.zip"));
    let request = sent(&server).await;
    assert_eq!(request.url.path(), "/releases/3/assets");
    assert_eq!(request.url.query(), Some("name=a.zip&label=Build"));
    assert_eq!(
        request.body, bytes,
        "the bytes themselves, not a JSON string"
    );
    assert_eq!(content_type(&request), "application/octet-stream");

    let (server, client) = serve(201, r#"{"id":8}"#, "application/json").await;
    client
        .upload_release_asset(3, "a.zip", "PK\u{3}\u{4}")
        .content_type("application/zip")
        .await
        .unwrap();
    let request = sent(&server).await;
    assert_eq!(content_type(&request), "application/zip");
    assert_eq!(request.body, b"PK\x03\x04");
}

#[tokio::test]
async fn an_optional_binary_body_goes_with_its_declared_type() {
    let (server, client) = serve(204, "", "text/plain").await;
    client
        .put_image("i1")
        .body(linkgen_runtime::Bytes::from_static(b"\x89PNG"))
        .await
        .unwrap();
    let request = sent(&server).await;
    assert_eq!(content_type(&request), "image/png");
    assert_eq!(request.body, b"\x89PNG");

    let (server, client) = serve(204, "", "text/plain").await;
    client.put_image("i1").await.unwrap();
    let request = sent(&server).await;
    assert!(request.body.is_empty());
    assert!(!request.headers.contains_key("content-type"));
}

#[tokio::test]
async fn a_multipart_form_carries_its_parts_between_a_boundary() {
    let (server, client) = serve(201, r#"{"id":1}"#, "application/json").await;
    let form = UploadFileForm::new(
        &UploadFileAttributes::new("report.pdf").with_parent_id("0"),
        FilePart::new(b"%PDF-1.7".to_vec()).file_name("report.pdf"),
    )
    .with_note("hi")
    .with_count(3)
    .with_tags(&["a".to_owned(), "b".to_owned()])
    .with_thumbnails([FilePart::new(b"t1".to_vec())
        .file_name("t1.png")
        .content_type("image/png")]);
    let asset = client.upload_file(form).await.unwrap();
    assert_eq!(asset.id, 1);
    let request = sent(&server).await;
    let declared = content_type(&request);
    let boundary = declared
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a boundary");
    let b = boundary;
    // The spec's order, whatever order the parts were set in; each part's
    // `encoding.contentType`; objects as JSON, scalars as text.
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"attributes\"\r\nContent-Type: application/json\r\n\r\n{{\"name\":\"report.pdf\",\"parent_id\":\"0\"}}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"thumbnails\"; filename=\"t1.png\"\r\nContent-Type: image/png\r\n\r\nt1\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n3\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"note\"\r\nContent-Type: application/json\r\n\r\n\"hi\"\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8(request.body).unwrap(), expected);
}

#[tokio::test]
async fn a_form_encoded_body_follows_openapi_styles() {
    let (server, client) = serve(200, r#"{"access_token":"t"}"#, "application/json").await;
    let body = CreateTokenBody::new("client credentials")
        .with_scope(vec!["read".to_owned(), "write".to_owned()])
        .with_filter(CreateTokenBodyFilter::new().with_kind("k"))
        .with_extra(CreateTokenBodyExtra::new().with_a("x&y"));
    let token = client.create_token(&body).await.unwrap();
    assert_eq!(token.access_token.as_deref(), Some("t"));
    let request = sent(&server).await;
    assert_eq!(content_type(&request), "application/x-www-form-urlencoded");
    // `scope` and `extra`: form exploded (the default); `filter`: the
    // `deepObject` its `encoding` names.
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "grant_type=client%20credentials&scope=read&scope=write&filter[kind]=k&a=x%26y"
    );
}

#[tokio::test]
async fn text_goes_and_comes_back_as_text() {
    let (server, client) = serve(200, "<h1>Hi</h1>", "text/html").await;
    let html = client.render_markdown("# Hi").await.unwrap();
    assert_eq!(html, "<h1>Hi</h1>");
    let request = sent(&server).await;
    assert_eq!(content_type(&request), "text/x-markdown");
    assert_eq!(request.body, b"# Hi");
}

#[tokio::test]
async fn a_download_streams_past_the_size_cap_and_errors_are_still_decoded() {
    let server = MockServer::start().await;
    let file: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(path("/files/f1/content"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(file.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/files/nope/content"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"message":"no such file"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    // A cap smaller than the file: streaming is not bounded by it, buffering is.
    let client = Client::builder()
        .base_url(server.uri())
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let stream = client.download_file("f1").await.unwrap();
    assert_eq!(stream.content_length(), Some(file.len() as u64));
    let mut copied = Vec::new();
    let n = stream.copy_to(&mut copied).await.unwrap();
    copied.flush().await.unwrap();
    assert_eq!(n, file.len() as u64);
    assert_eq!(copied, file);

    let mut stream = client.download_file("f1").await.unwrap();
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.next().await {
        chunks.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(chunks, file);

    let buffered = client.download_file("f1").await.unwrap().bytes().await;
    assert!(
        matches!(
            buffered,
            Err(linkgen_runtime::StreamError::TooLarge { limit: 1000 })
        ),
        "{buffered:?}"
    );

    let error = client.download_file("nope").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error.to_string().contains("no such file"), "{error}");
}
