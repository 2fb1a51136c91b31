//! Servers that are silent or trickle: the attempt timeout and the total timeout.

use super::*;

// 12. --------------------------------------------------------------------------------

#[tokio::test]
async fn c12_a_silent_server_times_out_each_attempt() {
    let server = RawServer::start(Behaviour::Silent).await;
    let timeout = 200 * MS;
    let client = markifact_builder(&server.uri(), 2)
        .timeout(timeout)
        .build()
        .unwrap();
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "silence").await;
    assert!(matches!(err, Error::Timeout { attempts: 3 }), "{err:?}");
    assert!(err.was_sent());
    assert_eq!(server.requests(), 3);
    // 3 timeouts, 2 backoffs of at most 20 ms.
    within(elapsed, 3 * timeout, 3 * timeout + 40 * MS + SLACK);
    assert_eq!(
        err.to_string(),
        "no response within the timeout (after 3 attempts)"
    );
    row(
        "12 GET silent server, timeout 200 ms, 2 retries",
        &variant(&err),
        3,
        3,
        elapsed,
    );

    // An unsafe POST is not retried after a timeout: the server may have acted.
    let server = RawServer::start(Behaviour::Silent).await;
    let client = plaid_builder(&server.uri(), 2)
        .timeout(timeout)
        .build()
        .unwrap();
    let (err, elapsed) = fails(link_token_get(&client).retry_safe(false), "silence").await;
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(server.requests(), 1);
    within(elapsed, timeout, timeout + SLACK);
    row(
        "12 unsafe POST silent server, timeout 200 ms",
        &variant(&err),
        1,
        1,
        elapsed,
    );
}

// 13. --------------------------------------------------------------------------------

#[tokio::test]
async fn c13_a_trickling_server_times_out_within_the_attempt_timeout() {
    let timeout = 300 * MS;
    for (case, behaviour) in [
        ("body", Behaviour::TrickleBody),
        ("head", Behaviour::TrickleHead),
    ] {
        let server = RawServer::start(behaviour).await;
        let client = markifact_builder(&server.uri(), 1)
            .timeout(timeout)
            .build()
            .unwrap();
        let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "trickle").await;
        assert!(
            matches!(err, Error::Timeout { attempts: 2 }),
            "{case}: {err:?}"
        );
        assert_eq!(server.requests(), 2);
        within(elapsed, 2 * timeout, 2 * timeout + 20 * MS + SLACK);
        row(
            &format!("13 GET {case} trickles 1 B/s, timeout 300 ms, 1 retry"),
            &variant(&err),
            2,
            2,
            elapsed,
        );
    }
}

// 14. --------------------------------------------------------------------------------

#[tokio::test]
async fn c14_total_timeout_bounds_the_whole_call() {
    let total = 500 * MS;
    // Per call: 6 attempts of 300 ms would take 1.8 s.
    let server = RawServer::start(Behaviour::Silent).await;
    let client = markifact_builder(&server.uri(), 5)
        .timeout(300 * MS)
        .build()
        .unwrap();
    let (err, elapsed) = fails(
        client.get_auth_link_status(LINK_ID).total_timeout(total),
        "total timeout",
    )
    .await;
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert_eq!(server.requests(), 2);
    within(elapsed, total, total + 150 * MS);
    row(
        "14 GET silent, timeout 300 ms x6, total 500 ms (per call)",
        &variant(&err),
        2,
        2,
        elapsed,
    );

    // On the builder.
    let server = RawServer::start(Behaviour::Silent).await;
    let client = markifact_builder(&server.uri(), 5)
        .timeout(300 * MS)
        .total_timeout(total)
        .build()
        .unwrap();
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "total timeout").await;
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert_eq!(server.requests(), 2);
    within(elapsed, total, total + 150 * MS);
    row(
        "14 GET silent, total 500 ms (builder)",
        &variant(&err),
        2,
        2,
        elapsed,
    );
}
