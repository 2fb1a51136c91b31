//! Retries, backoff, timeouts and transport failures.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use crate::common::{core_with, fast_retries, refused_url, HangingServer};
use linkgen_runtime::{Credential, Method, RetryPolicy, SendError, StatusCode};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `first` for the first `times` requests, then 200.
async fn flaky(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    server
}

async fn seen(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap()
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let server = flaky(ResponseTemplate::new(503), 1).await;
    let core = core_with(&server.uri(), |_| {});
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body().as_ref(), b"ok");
    assert_eq!(seen(&server).await.len(), 2);
}

#[tokio::test]
async fn retries_429_with_retry_after_zero() {
    let server = flaky(
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        1,
    )
    .await;
    let core = core_with(&server.uri(), |c| {
        // A long backoff that Retry-After: 0 must replace.
        c.retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(30),
        });
    });
    let started = Instant::now();
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(seen(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let server = flaky(
        ResponseTemplate::new(429).insert_header("retry-after-ms", "150"),
        1,
    )
    .await;
    let core = core_with(&server.uri(), |_| {});
    let started = Instant::now();
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_over_a_minute_is_ignored() {
    let server = flaky(
        ResponseTemplate::new(503).insert_header("Retry-After", "3600"),
        1,
    )
    .await;
    let core = core_with(&server.uri(), |_| {});
    let started = Instant::now();
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn post_is_retried_with_the_same_body() {
    // 503: the server did not process the request, so even a POST is retried.
    let server = flaky(ResponseTemplate::new(503), 2).await;
    let core = core_with(&server.uri(), |c| {
        c.credential("key", Credential::bearer("tok"));
    });
    let mut request = core.request(Method::POST, "/items", "/items".to_owned());
    request.security(&[&["key"]]);
    request.json(
        "application/json",
        &serde_json::json!({"name": "x", "n": [1, 2]}),
    );
    let response = core.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let requests = seen(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.body, br#"{"name":"x","n":[1,2]}"#);
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(request.headers["authorization"], "Bearer tok");
    }
}

#[tokio::test]
async fn non_idempotent_methods_are_retried_only_when_the_server_did_not_act() {
    for (method, status, retried) in [
        (Method::POST, 500, false),
        (Method::POST, 502, false),
        (Method::PATCH, 504, false),
        (Method::POST, 409, false),
        (Method::POST, 408, true),
        (Method::PATCH, 429, true),
        (Method::POST, 503, true),
        (Method::PUT, 500, true),
        (Method::DELETE, 409, true),
        (Method::GET, 502, true),
    ] {
        let server = flaky(ResponseTemplate::new(status), 1).await;
        let core = core_with(&server.uri(), |_| {});
        let mut request = core.request(method.clone(), "/r", "/r".to_owned());
        request.json("application/json", &serde_json::json!({"a": 1}));
        let response = core.send(request).await.unwrap();
        let attempts = seen(&server).await.len();
        assert_eq!(attempts, if retried { 2 } else { 1 }, "{method} {status}");
        let want = if retried { 200 } else { status };
        assert_eq!(response.status().as_u16(), want, "{method} {status}");
        assert!(
            seen(&server).await[0]
                .headers
                .get("idempotency-key")
                .is_none(),
            "no key unless configured"
        );
    }
}

#[tokio::test]
async fn server_may_force_a_post_retry() {
    let server = flaky(
        ResponseTemplate::new(500).insert_header("x-should-retry", "true"),
        1,
    )
    .await;
    let core = core_with(&server.uri(), |_| {});
    let response = core
        .send(core.request(Method::POST, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(seen(&server).await.len(), 2);
}

#[tokio::test]
async fn idempotency_key_gives_posts_the_full_retry_set() {
    let server = flaky(ResponseTemplate::new(500), 2).await;
    let core = core_with(&server.uri(), |c| {
        c.idempotency_key_header("Idempotency-Key")
    });
    for _ in 0..2 {
        let mut request = core.request(Method::POST, "/items", "/items".to_owned());
        request.json("application/json", &serde_json::json!({"name": "x"}));
        let response = core.send(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let requests = seen(&server).await;
    assert_eq!(
        requests.len(),
        4,
        "two 500s retried, then a call that succeeds at once"
    );
    let keys: Vec<&str> = requests
        .iter()
        .map(|r| r.headers["idempotency-key"].to_str().unwrap())
        .collect();
    for key in &keys {
        assert_eq!(key.len(), 32, "{key}");
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    }
    assert_eq!(keys[0], keys[1], "one key per call, on every attempt");
    assert_eq!(keys[1], keys[2]);
    assert_ne!(keys[2], keys[3], "a new call gets a new key");

    // GET needs no key; a key the request already has is kept.
    let server = flaky(ResponseTemplate::new(500), 1).await;
    let core = core_with(&server.uri(), |c| {
        c.idempotency_key_header("Idempotency-Key")
    });
    core.send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    let mut request = core.request(Method::PATCH, "/r", "/r".to_owned());
    request.header("Idempotency-Key", "mine");
    core.send(request).await.unwrap();
    let requests = seen(&server).await;
    assert_eq!(requests.len(), 3);
    assert!(requests[0].headers.get("idempotency-key").is_none());
    assert!(requests[1].headers.get("idempotency-key").is_none());
    assert_eq!(requests[2].headers["idempotency-key"], "mine");
}

#[tokio::test]
async fn post_timeout_is_retried_only_with_an_idempotency_key() {
    for (key, attempts) in [(false, 1), (true, 2)] {
        let hanging = HangingServer::start(b"");
        let core = core_with(&hanging.url, |c| {
            c.timeout(Duration::from_millis(150));
            c.retry_policy(fast_retries(1));
            if key {
                c.idempotency_key_header("Idempotency-Key");
            }
        });
        let err = core
            .send(core.request(Method::POST, "/slow", "/slow".to_owned()))
            .await
            .unwrap_err();
        assert!(matches!(err, SendError::Timeout { .. }), "{err:?}");
        assert!(err.was_sent());
        assert_eq!(hanging.accepted(), attempts, "key: {key}");
    }
}

#[tokio::test]
async fn post_connect_failure_is_retried() {
    // Nothing was sent, so even a POST is retried: the wait between the attempts shows.
    let url = refused_url();
    let core = core_with(&url, |c| {
        c.retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(100),
        });
    });
    let started = Instant::now();
    let err = core
        .send(core.request(Method::POST, "/r", "/r".to_owned()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SendError::Transport { source: ref e, .. } if e.is_connect()),
        "{err:?}"
    );
    assert!(!err.was_sent());
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "two waits of 75–100 ms"
    );
}

#[tokio::test]
async fn connect_timeout_is_a_transport_error_not_sent() {
    let full = crate::common::FullBacklog::start();
    let core = core_with(&full.url, |c| {
        c.connect_timeout(Duration::from_millis(100));
        c.timeout(Duration::from_secs(5));
        c.retry_policy(fast_retries(1));
    });
    let started = Instant::now();
    let err = core
        .send(core.request(Method::POST, "/r", "/r".to_owned()))
        .await
        .unwrap_err();
    let SendError::Transport { source: inner, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(inner.is_connect(), "{inner:?}");
    assert!(!err.is_timeout());
    assert!(!err.was_sent());
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(200),
        "retried once: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn exhausted_retries_return_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |c| c.max_retries(3));
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.body().as_ref(), b"busy");
    assert_eq!(seen(&server).await.len(), 4);
    let err = response.unexpected::<Infallible>();
    assert_eq!(
        err.to_string(),
        "server returned unexpected status 503 Service Unavailable (after 4 attempts)"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    for status in [400u16, 401, 404, 422] {
        Mock::given(method("GET"))
            .and(wiremock::matchers::path(format!("/{status}")))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
    }
    let core = core_with(&server.uri(), |_| {});
    for status in [400u16, 401, 404, 422] {
        let response = core
            .send(core.request(Method::GET, "/{p}", format!("/{status}")))
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status);
    }
    assert_eq!(seen(&server).await.len(), 4);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = flaky(ResponseTemplate::new(503), 1).await;
    let core = core_with(&server.uri(), |c| c.retry_policy(RetryPolicy::none()));
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(seen(&server).await.len(), 1);
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let hanging = HangingServer::start(b"");
    let core = core_with(&hanging.url, |c| {
        c.timeout(Duration::from_millis(200));
        c.retry_policy(fast_retries(1));
    });
    let started = Instant::now();
    let err = core
        .send(core.request(Method::GET, "/slow", "/slow".to_owned()))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, SendError::Timeout { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "no response within the timeout (after 2 attempts)"
    );
    assert!(err.was_sent());
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(hanging.accepted(), 2, "the timeout is retried once");
}

#[tokio::test]
async fn body_that_never_ends_times_out() {
    let hanging = HangingServer::start(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"a\":");
    let core = core_with(&hanging.url, |c| {
        c.timeout(Duration::from_millis(200));
        c.retry_policy(RetryPolicy::none());
    });
    let started = Instant::now();
    let err = core
        .send(core.request(Method::GET, "/stall", "/stall".to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn callers_own_client_still_gets_the_timeout() {
    let hanging = HangingServer::start(b"");
    let core = core_with(&hanging.url, |c| {
        c.http_client(linkgen_runtime::reqwest::Client::new());
        c.timeout(Duration::from_millis(200));
        c.retry_policy(RetryPolicy::none());
    });
    let mut request = core.request(Method::GET, "/slow", "/slow".to_owned());
    request.timeout(Duration::from_millis(100));
    let started = Instant::now();
    let err = core.send(request).await.unwrap_err();
    assert!(matches!(err, SendError::Timeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_millis(190),
        "per-request override"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let url = refused_url();
    let core = core_with(&url, |c| {
        c.credential("q", Credential::query("api_key", "query-secret-value"));
    });
    let mut request = core.request(Method::GET, "/r", "/r".to_owned());
    request.security(&[&["q"]]);
    let err = core.send(request).await.unwrap_err();
    let SendError::Transport { source: inner, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(inner.is_connect());
    let reqwest = inner.reqwest().expect("reqwest is the transport");
    assert!(reqwest.url().is_none(), "the URL is stripped");
    assert!(!err.was_sent());
    assert!(std::error::Error::source(&err).is_some());
    let display = err.to_string();
    assert!(
        display.starts_with("transport error (after 3 attempts): "),
        "{display}"
    );
    for text in [display, format!("{err:?}")] {
        assert!(!text.contains("query-secret-value"), "{text}");
    }
}
