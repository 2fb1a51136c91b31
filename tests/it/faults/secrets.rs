//! Credentials: never in `Display`, `Debug` or traces (even when a server echoes
//! them), and a missing one fails before anything is sent.

use super::*;

// 15. --------------------------------------------------------------------------------

/// What the echo server answers: the request's headers, as text, in the body and in
/// `x-echo-*` response headers (and the credential headers under their own names).
#[derive(Clone, Copy)]
enum Echo {
    /// A `PlaidError` whose `error_message` and `display_message` are the headers.
    PlaidError(u16),
    /// A `PlaidError` whose `status` (an integer) is the headers' text: the decode
    /// error's message would quote it.
    BadPlaidError(u16),
    /// `{"echo": "<headers>"}`.
    Other(u16),
    /// A `200` whose `metadata` (an object) is the headers' text.
    BadSuccess,
}

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let text: Vec<String> = request
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
            .collect();
        let text = text.join("; ");
        let (code, body) = match *self {
            Echo::PlaidError(code) => (
                code,
                json!({
                    "error_type": "INVALID_INPUT",
                    "error_code": "ECHO",
                    "error_message": text,
                    "display_message": text,
                    "request_id": text,
                }),
            ),
            Echo::BadPlaidError(code) => (
                code,
                json!({
                    "error_type": "INVALID_INPUT",
                    "error_code": "ECHO",
                    "error_message": text,
                    "display_message": null,
                    "status": text,
                }),
            ),
            Echo::Other(code) => (code, json!({ "echo": text })),
            Echo::BadSuccess => {
                let mut body = plaid_ok();
                body["metadata"] = json!(text);
                (200, body)
            }
        };
        let mut response = ResponseTemplate::new(code).set_body_json(body);
        for (name, value) in &request.headers {
            response = response.insert_header(format!("x-echo-{name}").as_str(), value.clone());
        }
        for name in ["plaid-client-id", "plaid-secret", "authorization"] {
            if let Some(value) = request.headers.get(name) {
                response = response.insert_header(name, value.clone());
            }
        }
        response
    }
}

async fn echo(echo: Echo) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(echo).mount(&server).await;
    server
}

/// `Display`, `{:?}` and `{:#?}` of the error and of what it boxes.
fn renderings<E: std::fmt::Debug + std::fmt::Display>(err: &Error<E>) -> Vec<String> {
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    match err {
        Error::Api(api) => texts.extend([api.to_string(), format!("{api:?}"), format!("{api:#?}")]),
        Error::UnexpectedStatus(raw) => {
            texts.extend([raw.to_string(), format!("{raw:?}"), format!("{raw:#?}")]);
        }
        Error::Decode(decode) => texts.extend([
            decode.to_string(),
            format!("{decode:?}"),
            format!("{decode:#?}"),
        ]),
        _ => {}
    }
    texts
}

fn assert_no_sentinel(case: &str, texts: &[String]) {
    for text in texts {
        for sentinel in SENTINELS {
            assert!(!text.contains(sentinel), "{case}: `{sentinel}` in\n{text}");
        }
    }
}

#[tokio::test]
async fn c15_echoed_credentials_never_reach_display_or_debug() {
    for (case, behaviour, expected) in [
        (
            "400 PlaidError echoing headers",
            Echo::PlaidError(400),
            "Api 400",
        ),
        (
            "400 PlaidError with the headers in an integer field",
            Echo::BadPlaidError(400),
            "UnexpectedStatus 400",
        ),
        (
            "502 other JSON echoing headers",
            Echo::Other(502),
            "UnexpectedStatus 502",
        ),
        (
            "200 with the headers in an object field",
            Echo::BadSuccess,
            "Decode 200",
        ),
    ] {
        let server = echo(behaviour).await;
        let client = plaid(&server.uri(), 0);
        let (err, elapsed) = fails(link_token_get(&client), case).await;
        assert_eq!(variant(&err), expected, "{case}: {err:?}");
        // The echo worked: the raw body and headers do hold the credentials.
        let body = String::from_utf8_lossy(err.body().expect("a body")).into_owned();
        assert!(
            body.contains(CLIENT_ID) && body.contains(SECRET),
            "{case}: {body}"
        );
        assert_eq!(err.headers().expect("headers")["plaid-secret"], SECRET);
        assert_no_sentinel(case, &renderings(&err));
        row(
            &format!("15 {case}"),
            &variant(&err),
            1,
            count(&server).await,
            elapsed,
        );
    }

    // Markifact: an undeclared status echoing the bearer token.
    let server = echo(Echo::Other(500)).await;
    let client = markifact(&server.uri(), 0);
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "500").await;
    assert_eq!(variant(&err), "UnexpectedStatus 500");
    let body = String::from_utf8_lossy(err.body().expect("a body")).into_owned();
    assert!(body.contains(TOKEN), "{body}");
    for text in &renderings(&err) {
        assert!(!text.contains(TOKEN), "`{TOKEN}` in\n{text}");
    }
    row(
        "15 GET 500 echoing the bearer token",
        &variant(&err),
        1,
        count(&server).await,
        elapsed,
    );
}

// 17. --------------------------------------------------------------------------------

#[tokio::test]
async fn c17_missing_credentials_fail_before_sending() {
    let server = seq(vec![status(200).set_body_json(plaid_ok())]).await;
    let client = plaid_client::Client::builder()
        .base_url(server.uri())
        .client_id(CLIENT_ID)
        .build()
        .unwrap();
    let (err, elapsed) = fails(link_token_get(&client), "no secret").await;
    let Error::MissingCredentials(missing) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing.alternatives.len(), 1);
    assert_eq!(err.attempts(), 0);
    assert!(!err.was_sent());
    assert_eq!(count(&server).await, 0);
    let display = err.to_string();
    assert!(display.contains("`ClientBuilder::secret`"), "{display}");
    assert!(display.contains("PLAID_SECRET"), "{display}");
    assert_eq!(
        display,
        "missing credentials, nothing was sent: set `ClientBuilder::secret` (or `PLAID_SECRET`)"
    );
    assert_no_sentinel("missing credentials", &renderings(&err));
    row("17 POST with client_id only", &variant(&err), 0, 0, elapsed);
}

// 20. --------------------------------------------------------------------------------

/// A `MakeWriter` appending to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn c20_traces_show_templates_and_statuses_never_values() {
    use tracing_subscriber::fmt::format::FmtSpan;

    // tracing-core computes a callsite's interest with only the registering thread's
    // subscriber while a single dispatcher exists: another test (on another thread,
    // without a subscriber) registering a runtime callsite first would then disable it
    // for this one too. A second live dispatcher makes it consult every dispatcher.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);

    let plaid_server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let markifact_server = seq(vec![status(200).set_body_json(markifact_ok())]).await;
    let failing = echo(Echo::Other(404)).await;
    link_token_get(&plaid(&plaid_server.uri(), 2))
        .header("X-Trace", TOKEN)
        .await
        .expect("plaid 200");
    markifact(&markifact_server.uri(), 2)
        .get_auth_link_status(LINK_ID)
        .await
        .expect("markifact 200");
    markifact(&failing.uri(), 2)
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("404");
    drop(guard);

    let log = buffer.text();
    eprintln!("{log}");
    assert!(log.contains("linkgen.call"), "{log}");
    assert!(log.contains("linkgen.attempt"), "{log}");
    assert!(log.contains(r#"path="/link/token/get""#), "{log}");
    assert!(
        log.contains(r#"path="/v1/connections/auth-links/{auth_link_id}/status""#),
        "{log}"
    );
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("status=500"), "{log}");
    assert!(log.contains("status=404"), "{log}");
    assert!(log.contains("attempts=2"), "{log}");
    assert!(
        log.contains("method=POST") && log.contains("method=GET"),
        "{log}"
    );
    assert!(log.contains("elapsed_ms="), "{log}");
    assert_no_sentinel("trace", &[log]);
}
