//! The smoke test CI runs: both sides send the same request and decode the
//! same value, and a quick run fills every row. No figure is asserted.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use super::*;
use crate::server::{complete_request, Recorded};

/// A Plaid 200 body with what the type requires and one session.
const PLAID: &str = r#"{"link_token":"link-sandbox-1","created_at":"2024-07-22T20:15:20Z","expiration":"2024-07-23T00:15:20Z","metadata":{"initial_products":["auth"],"webhook":null,"country_codes":["US"],"language":"en","redirect_uri":null,"client_name":"Bench"},"request_id":"req-1","link_sessions":[{"link_session_id":"s-1","started_at":"2024-07-22T20:15:46Z"}]}"#;

/// Partoo's 200 body from the spec's field examples.
const PARTOO: &str = r#"{"token":"\\xaf3e8951c1f4c42f9cc53116b3fc855bd44bce01cf27604b","expiration_date":"2019-08-02T19:15:54.256000+02:00","generated_by":"5309c3a237bbc544d8e26737","creation_date":"2019-08-01T19:15:54.256000+02:00","consumption_date":"2019-08-01T23:15:54.256000+02:00","status":"consumed"}"#;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Request line, sorted lower-case header names, body.
fn shape(request: &[u8]) -> (String, BTreeSet<String>, Vec<u8>) {
    let text = String::from_utf8_lossy(request);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap().to_owned();
    let names = lines
        .map(|line| line.split(':').next().unwrap().to_ascii_lowercase())
        // reqwest adds these itself, on both sides alike.
        .filter(|name| name != "host" && name != "content-length")
        .collect();
    (request_line, names, body.as_bytes().to_vec())
}

fn two_requests(recorded: &Recorded) -> (Vec<u8>, Vec<u8>) {
    let mut requests = recorded.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "one request per side");
    let bare = requests.pop().unwrap();
    (requests.pop().unwrap(), bare)
}

#[test]
fn both_sides_send_the_same_request_and_decode_the_same_value() {
    let runtime = runtime();
    let recorded: Recorded = Arc::new(Mutex::new(Vec::new()));
    let plaid = Plaid::new(server::start(PLAID.into(), Some(recorded.clone())));
    let generated = runtime.block_on(plaid.clone().generated());
    let bare = runtime.block_on(plaid.bare());
    assert!(generated == bare);
    assert_eq!(generated.request_id, "req-1");
    let (generated, bare) = two_requests(&recorded);
    let (line, names, body) = shape(&generated);
    assert_eq!(line, "POST /link/token/get HTTP/1.1");
    assert_eq!(
        body,
        br#"{"link_token":"link-sandbox-af1a0311-da53-4636-b754-dd15cc058176"}"#
    );
    assert!(names.contains("plaid-secret") && names.contains("plaid-version"));
    assert_eq!((line, names, body), shape(&bare));

    let recorded: Recorded = Arc::new(Mutex::new(Vec::new()));
    let partoo = Partoo::new(server::start(PARTOO.into(), Some(recorded.clone())));
    let generated = runtime.block_on(partoo.clone().generated());
    let bare = runtime.block_on(partoo.bare());
    assert!(generated == bare);
    assert_eq!(
        generated.generated_by.as_deref(),
        Some("5309c3a237bbc544d8e26737")
    );
    let (generated, bare) = two_requests(&recorded);
    let (line, names, _) = shape(&generated);
    assert!(
        line.starts_with("GET /connection/check_token?user_id=5309c3a237bbc544d8e26737&token="),
        "{line}"
    );
    assert!(names.contains("x-apikey"));
    assert_eq!((line, names), {
        let (line, names, _) = shape(&bare);
        (line, names)
    });
}

#[test]
fn a_quick_run_fills_every_row() {
    let large = large_body(PLAID.as_bytes(), LARGE);
    assert!(large.len() >= LARGE);
    let decoded: LinkTokenGetResponse = serde_json::from_slice(&large).unwrap();
    assert!(decoded.link_sessions.unwrap().len() > 1000);
    // Smaller in the smoke run: 64 concurrent decodes of 1 MB are slow unoptimized.
    let bodies = Bodies {
        partoo: PARTOO.into(),
        plaid: PLAID.into(),
        large: large_body(PLAID.as_bytes(), 16 * 1024),
    };
    let rows = runtime().block_on(rows(Plan::QUICK, &bodies, |_| {}));
    assert_eq!(rows.len(), 9);
    for row in &rows {
        assert!(
            row.pair.ratio.is_finite() && row.pair.ratio > 0.0,
            "{}",
            row.name
        );
        assert!(row.pair.generated.allocations > 0.0, "{}", row.name);
        assert!(row.pair.bare.allocations > 0.0, "{}", row.name);
    }
    let table = table(&rows);
    assert_eq!(table.lines().count(), 2 + 9);
    assert!(
        table.contains("| Plaid `POST /link/token/get` ("),
        "{table}"
    );
}

#[test]
fn a_request_is_complete_with_its_declared_body() {
    assert_eq!(
        complete_request(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
        Some(27)
    );
    let post = b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
    assert_eq!(complete_request(&post[..post.len() - 1]), None);
    assert_eq!(complete_request(post), Some(post.len()));
    assert_eq!(complete_request(b"GET / HTTP/1.1\r\n"), None);
}
