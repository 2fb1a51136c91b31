//! Statuses and connection failures: what is retried, how often, and what the
//! caller gets when retrying stops.

use super::*;

// 1. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c01_500_then_200_on_a_get_is_retried() {
    let server = seq(vec![status(500), status(200).set_body_json(markifact_ok())]).await;
    let client = markifact(&server.uri(), 2);
    let (ok, elapsed) = succeeds(
        client.get_auth_link_status(LINK_ID).with_metadata(),
        "the retry succeeds",
    )
    .await;
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(elapsed, Duration::ZERO, SLACK);
    row("1 GET 500,200", "Ok", 2, 2, elapsed);
}

#[tokio::test]
async fn c01_500_then_200_on_the_safe_post_is_retried() {
    let server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let (ok, elapsed) = succeeds(
        link_token_get(&client).with_metadata(),
        "the retry succeeds",
    )
    .await;
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(elapsed, Duration::ZERO, SLACK);
    row("1 safe POST 500,200", "Ok", 2, 2, elapsed);
}

// 2. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c02_429_retry_after_is_honoured() {
    let server = seq(vec![
        status(429).insert_header("Retry-After", "1"),
        status(200).set_body_json(markifact_ok()),
    ])
    .await;
    let client = markifact(&server.uri(), 2);
    let (ok, elapsed) = succeeds(
        client.get_auth_link_status(LINK_ID).with_metadata(),
        "the retry succeeds",
    )
    .await;
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(
        elapsed,
        Duration::from_secs(1),
        Duration::from_secs(1) + SLACK,
    );
    row("2 GET 429 Retry-After: 1, 200", "Ok", 2, 2, elapsed);
}

// 3. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c03_429_forever_gives_up_after_max_retries() {
    let server = seq(vec![status(429).set_body_string("slow down")]).await;
    let client = markifact(&server.uri(), 3);
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "429 forever").await;
    let Error::UnexpectedStatus(raw) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(raw.status.as_u16(), 429);
    assert_eq!(
        raw.body_error, None,
        "429 is not declared: no body to judge"
    );
    assert_eq!(raw.body.as_ref(), b"slow down");
    assert_eq!(err.attempts(), 4);
    assert_eq!(count(&server).await, 4);
    assert_eq!(
        err.to_string(),
        "server returned unexpected status 429 Too Many Requests (after 4 attempts)"
    );
    within(elapsed, Duration::ZERO, SLACK);
    row(
        "3 GET 429 forever, max_retries 3",
        &variant(&err),
        4,
        4,
        elapsed,
    );
}

// 4. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c04_503_on_an_unsafe_post_is_retried() {
    let server = seq(vec![
        plaid_status(503),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let (ok, elapsed) = succeeds(
        link_token_get(&client).retry_safe(false).with_metadata(),
        "503 says the server did not act: retried",
    )
    .await;
    assert_eq!(ok.metadata.attempts, 2);
    assert_eq!(count(&server).await, 2);
    within(elapsed, Duration::ZERO, SLACK);
    row("4 unsafe POST 503,200", "Ok", 2, 2, elapsed);

    // 503 forever: retried to the end, then the documented error.
    let server = seq(vec![plaid_status(503)]).await;
    let client = plaid(&server.uri(), 2);
    let (err, elapsed) = fails(link_token_get(&client).retry_safe(false), "503 forever").await;
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
    assert_eq!(count(&server).await, 3);
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    row("4 unsafe POST 503 forever", &variant(&err), 3, 3, elapsed);
}

#[tokio::test]
async fn c04_500_on_an_unsafe_post_is_not_retried() {
    let server = seq(vec![
        plaid_status(500),
        status(200).set_body_json(plaid_ok()),
    ])
    .await;
    let client = plaid(&server.uri(), 2);
    let (err, elapsed) = fails(
        link_token_get(&client).retry_safe(false),
        "500 on an unsafe POST is final",
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status.as_u16(), 500);
    let LinkTokenGetError::Default(body) = &api.error else {
        panic!("{:?}", api.error)
    };
    assert_eq!(body.error_code, "INTERNAL_SERVER_ERROR");
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    assert!(!err.to_string().contains("attempts"), "{err}");
    within(elapsed, Duration::ZERO, SLACK);
    row("4 unsafe POST 500", &variant(&err), 1, 1, elapsed);
}

// 5. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c05_connection_refused_is_retried_and_not_sent() {
    let uri = refused_uri().await;
    let client = markifact(&uri, 2);
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "refused").await;
    let Error::Transport { source, attempts } = &err else {
        panic!("{err:?}")
    };
    assert!(source.is_connect(), "{source:?}");
    assert_eq!(*attempts, 3);
    assert!(!err.was_sent());
    assert!(
        err.to_string()
            .starts_with("transport error (after 3 attempts): "),
        "{err}"
    );
    within(elapsed, Duration::ZERO, SLACK);
    row("5 GET connection refused", &variant(&err), 3, 0, elapsed);

    // A refused connection is retried even on an unsafe POST: nothing was sent.
    let client = plaid(&uri, 2);
    let (err, elapsed) = fails(link_token_get(&client).retry_safe(false), "refused").await;
    assert!(matches!(&err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert!(!err.was_sent());
    row(
        "5 unsafe POST connection refused",
        &variant(&err),
        3,
        0,
        elapsed,
    );
}

// 6. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c06_reset_mid_body_is_a_transport_error() {
    let server = RawServer::start(Behaviour::ResetMidBody).await;
    let client = markifact(&server.uri(), 2);
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "reset").await;
    let Error::Transport { source, attempts } = &err else {
        panic!("{err:?}")
    };
    assert!(!source.is_connect(), "{source:?}");
    assert_eq!(*attempts, 3, "a GET is retried after a reset");
    assert_eq!(server.requests(), 3);
    assert!(err.was_sent());
    assert!(
        err.to_string()
            .starts_with("transport error (after 3 attempts): "),
        "{err}"
    );
    eprintln!("reset mid-body: {err}");
    assert_eq!(
        err.status(),
        None,
        "the head arrived, but Transport keeps no status"
    );
    within(elapsed, Duration::ZERO, SLACK);
    row(
        "6 GET reset mid-body",
        &variant(&err),
        3,
        server.requests(),
        elapsed,
    );

    // The same on an unsafe POST: the server may have acted, so no retry.
    let server = RawServer::start(Behaviour::ResetMidBody).await;
    let client = plaid(&server.uri(), 2);
    let (err, elapsed) = fails(link_token_get(&client).retry_safe(false), "reset").await;
    assert!(matches!(&err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests(), 1);
    assert!(err.was_sent());
    row(
        "6 unsafe POST reset mid-body",
        &variant(&err),
        1,
        server.requests(),
        elapsed,
    );
}
