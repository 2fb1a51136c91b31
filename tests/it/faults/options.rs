//! What a caller controls and reads: idempotency keys, per-call options on the
//! wire, response metadata, and the `Send`/`Sync` bounds.

use super::*;

// 16. --------------------------------------------------------------------------------

fn keys(requests: &[Request], name: &str) -> Vec<String> {
    requests
        .iter()
        .map(|r| header(r, name).unwrap_or("<none>").to_owned())
        .collect()
}

#[tokio::test]
async fn c16_idempotency_keys_are_stable_across_attempts() {
    let server = seq(vec![
        plaid_status(503),
        plaid_status(503),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let (ok, elapsed) = succeeds(
        link_token_get(&client)
            .idempotency_key("k-1")
            .with_metadata(),
        "third attempt succeeds",
    )
    .await;
    assert_eq!(ok.metadata.attempts, 3);
    let seen = requests(&server).await;
    assert_eq!(keys(&seen, "idempotency-key"), ["k-1", "k-1", "k-1"]);
    row(
        "16 POST 503,503,200 with key k-1",
        "Ok",
        3,
        seen.len(),
        elapsed,
    );

    // A key header on the builder: one random key per call, the same on its attempts.
    let server = seq(vec![
        plaid_status(503),
        plaid_status(503),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid_builder(&server.uri(), 2)
        .idempotency_key_header("Idempotency-Key")
        .build()
        .unwrap();
    let started = Instant::now();
    let first = link_token_get(&client)
        .with_metadata()
        .await
        .expect("call 1");
    let second = link_token_get(&client)
        .with_metadata()
        .await
        .expect("call 2");
    let elapsed = started.elapsed();
    assert_eq!((first.metadata.attempts, second.metadata.attempts), (3, 1));
    let seen = keys(&requests(&server).await, "idempotency-key");
    assert_eq!(seen.len(), 4);
    assert!(
        seen[0].len() == 32 && seen[0].bytes().all(|b| b.is_ascii_hexdigit()),
        "{seen:?}"
    );
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[1], seen[2]);
    assert_ne!(seen[2], seen[3], "a second call has its own key");
    assert_eq!(seen[3].len(), 32);
    row(
        "16 POST 503,503,200 then 200, builder key header",
        "Ok, Ok",
        4,
        seen.len(),
        elapsed,
    );
}

// 18. --------------------------------------------------------------------------------

#[tokio::test]
async fn c18_per_call_options_reach_the_wire() {
    // A header.
    let server = seq(vec![status(200).set_body_json(markifact_ok())]).await;
    markifact(&server.uri(), 0)
        .get_auth_link_status(LINK_ID)
        .header("X-Trace", "t1")
        .await
        .expect("200");
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(header(&seen[0], "x-trace"), Some("t1"));

    // A per-call timeout shorter than the client's (5 s).
    let silent = RawServer::start(Behaviour::Silent).await;
    let client = markifact(&silent.uri(), 0);
    let (err, elapsed) = fails(
        client.get_auth_link_status(LINK_ID).timeout(150 * MS),
        "timeout",
    )
    .await;
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(silent.requests(), 1);
    within(elapsed, 150 * MS, 150 * MS + SLACK);
    row(
        "18 GET .timeout(150 ms) on a 5 s client, silent",
        &variant(&err),
        1,
        1,
        elapsed,
    );

    // max_retries(0) on a client that retries 3 times.
    let server = seq(vec![status(500)]).await;
    let client = markifact(&server.uri(), 3);
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID).max_retries(0), "500").await;
    assert_eq!(variant(&err), "UnexpectedStatus 500");
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    row(
        "18 GET 500 forever, .max_retries(0) on a 3-retry client",
        &variant(&err),
        1,
        1,
        elapsed,
    );
}

// 19. --------------------------------------------------------------------------------

#[tokio::test]
async fn c19_with_metadata_has_request_id_status_and_attempts() {
    let server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let (value, metadata) = link_token_get(&plaid(&server.uri(), 2))
        .with_metadata()
        .await
        .expect("200")
        .into_parts();
    let expected = plaid_ok()["request_id"].as_str().unwrap().to_owned();
    assert_eq!(metadata.request_id.as_deref(), Some(expected.as_str()));
    assert_eq!(value.request_id, expected);
    assert_eq!(metadata.status.as_u16(), 200);
    assert_eq!(metadata.attempts, 2);
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(header(request, "plaid-version"), Some("2020-09-14"));
    }

    let server = seq(vec![status(200)
        .set_body_json(markifact_ok())
        .insert_header("x-request-id", "req-mk-1")])
    .await;
    let metadata = markifact(&server.uri(), 2)
        .get_auth_link_status(LINK_ID)
        .with_metadata()
        .await
        .expect("200")
        .metadata;
    assert_eq!(metadata.request_id.as_deref(), Some("req-mk-1"));
    assert_eq!(metadata.status.as_u16(), 200);
    assert_eq!(metadata.attempts, 1);
    assert_eq!(count(&server).await, 1);
}

/// Plaid sends its request id in the error body (`PlaidError.request_id`), not in a
/// header: `Error::request_id` must read the body field the operation declares, as
/// `ResponseMetadata::request_id` does, since an error is exactly when support asks for it.
#[tokio::test]
async fn c19_error_request_id_uses_the_declared_body_field() {
    let server = seq(vec![plaid_status(400)]).await;
    let err = link_token_get(&plaid(&server.uri(), 0))
        .await
        .expect_err("400");
    assert!(matches!(&err, Error::Api(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("req-err-1"));
}

// 21. --------------------------------------------------------------------------------

fn assert_send_sync<T: Send + Sync + 'static>() {}
fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
/// Futures need `Send` (and `'static`, to be spawned); `Sync` means nothing for them.
fn assert_spawnable<F: std::future::Future + Send + 'static>(_: F) {}

#[test]
fn c21_clients_errors_calls_and_futures_are_send() {
    use deck_client::operations::GetTokenStatusError;
    use markifact_client::operations::GetAuthLinkStatusError;
    use partoo_client::operations::CheckConnectionTokenError;

    assert_send_sync::<plaid_client::Client>();
    assert_send_sync::<markifact_client::Client>();
    assert_send_sync::<deck_client::Client>();
    assert_send_sync::<partoo_client::Client>();

    assert_error::<plaid_client::Error<LinkTokenGetError>>();
    assert_error::<markifact_client::Error<GetAuthLinkStatusError>>();
    assert_error::<deck_client::Error<GetTokenStatusError>>();
    assert_error::<partoo_client::Error<CheckConnectionTokenError>>();

    assert_send_sync::<LinkTokenGetCall>();
    assert_send_sync::<markifact_client::operations::GetAuthLinkStatusCall>();
    assert_send_sync::<deck_client::operations::GetTokenStatusCall>();
    assert_send_sync::<partoo_client::operations::CheckConnectionTokenCall>();

    // Futures (built, never polled: no runtime needed).
    let uri = "http://127.0.0.1:9";
    let plaid = plaid(uri, 0);
    assert_spawnable(link_token_get(&plaid).into_future());
    assert_spawnable(link_token_get(&plaid).with_metadata());
    let markifact = markifact(uri, 0);
    assert_spawnable(markifact.get_auth_link_status(LINK_ID).into_future());
    assert_spawnable(markifact.get_auth_link_status(LINK_ID).with_metadata());
    let deck = deck_client::Client::builder()
        .base_url(uri)
        .build()
        .unwrap();
    assert_spawnable(deck.get_token_status().into_future());
    assert_spawnable(deck.get_token_status().with_metadata());
    let partoo = partoo_client::Client::builder()
        .base_url(uri)
        .api_key(TOKEN)
        .build()
        .unwrap();
    assert_spawnable(partoo.check_connection_token("u", "t").into_future());
    assert_spawnable(partoo.check_connection_token("u", "t").with_metadata());
}
