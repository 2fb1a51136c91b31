//! The hand-written send future (`send.rs`, `exchange.rs`) and the raw query
//! parameters (`query.rs`), against a real local server: timers and wakeups, the total
//! timeout, cancellation, durations at the edge of the clock, and the bytes a query
//! reaches the server as.

use std::future::Future;
use std::task::Poll;
use std::time::{Duration, Instant};

use crate::common::{core_with, Chunks, HangingServer};
use linkgen_runtime::{Method, RetryPolicy, SendError, StatusCode, Style};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn always(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// The send future is `Send`: a generated client's call can be spawned.
fn assert_send<T: Send>(value: T) -> T {
    value
}

/// `core.send(request)` on a task of its own.
fn spawn_send(
    core: &linkgen_runtime::Core,
    request: linkgen_runtime::Request,
) -> tokio::task::JoinHandle<Result<linkgen_runtime::Response, SendError>> {
    let core = core.clone();
    tokio::spawn(async move { core.send(request).await })
}

/// A total timeout of `Duration::MAX` (what a caller may write for "no total timeout")
/// is a deadline past the clock's range, not a panic on `Instant + Duration`.
#[tokio::test]
async fn a_total_timeout_past_the_clocks_range_does_not_panic() {
    let server = always(ResponseTemplate::new(200).set_body_string("ok")).await;
    let core = core_with(&server.uri(), |c| c.total_timeout(Duration::MAX));
    let mut request = core.request(Method::GET, "/r", "/r".to_owned());
    request.total_timeout(Duration::MAX);
    let response = spawn_send(&core, request).await;
    let response = response.expect("no panic").unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

/// A backoff longer than the clock can add, under a total timeout: the retry would
/// outlast the deadline, so the response is the call's, without a panic on
/// `Instant + Duration` in the check.
#[tokio::test]
async fn a_backoff_past_the_clocks_range_under_a_total_timeout_does_not_panic() {
    let server = always(ResponseTemplate::new(503)).await;
    let core = core_with(&server.uri(), |c| {
        // With its jitter (0.75 to 1), still past what `Instant` can add.
        let huge = Duration::from_secs(u64::MAX / 4 * 3);
        c.retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: huge,
            max_backoff: huge,
        });
        c.total_timeout(Duration::from_secs(5));
    });
    let request = core.request(Method::GET, "/r", "/r".to_owned());
    let response = spawn_send(&core, request).await;
    let response = response.expect("no panic").unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.attempts(), 1);
}

/// A `Retry-After` beyond the total timeout is not waited for: the call ends with the
/// response at once.
#[tokio::test]
async fn a_retry_after_beyond_the_total_timeout_is_not_waited_for() {
    let server = always(ResponseTemplate::new(503).insert_header("Retry-After", "30")).await;
    let core = core_with(&server.uri(), |c| {
        c.total_timeout(Duration::from_millis(500))
    });
    let started = Instant::now();
    let response = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.attempts(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

/// Attempts that each time out, with retries left, stop at the total timeout: each
/// attempt's timer is cut to what is left, and no wait outlasts it.
#[tokio::test]
async fn the_total_timeout_bounds_attempts_that_time_out() {
    let hanging = HangingServer::start(b"");
    let core = core_with(&hanging.url, |c| {
        c.timeout(Duration::from_millis(300));
        c.total_timeout(Duration::from_millis(700));
        c.retry_policy(RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
        });
    });
    let started = Instant::now();
    let error = core
        .send(core.request(Method::GET, "/r", "/r".to_owned()))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(error, SendError::Timeout { attempts: 3 }),
        "{error:?}"
    );
    assert!(elapsed >= Duration::from_millis(650), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

/// On a current-thread runtime with nothing else to wake the task, each wait of the call
/// (the attempt's timer, the backoff, the response after a redirect, a slow body) wakes
/// it: a `Pending` without a waker registered would hang here until the outer guard.
#[tokio::test(flavor = "current_thread")]
async fn every_wait_of_the_call_wakes_it() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0.2"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/slow"))
        .mount(&server)
        .await;
    Mock::given(path("/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("x".repeat(100_000))
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |c| c.total_timeout(Duration::from_secs(20)));
    let started = Instant::now();
    // Spawned, so that only the call's own wakeups drive it.
    let request = core.request(Method::GET, "/r", "/r".to_owned());
    let response = spawn_send(&core, request).await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body().len(), 100_000);
    assert_eq!(response.attempts(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// A call dropped in the middle of an attempt, then of a wait, leaves nothing behind:
/// the next call on the same client goes through.
#[tokio::test]
async fn a_call_dropped_mid_way_leaves_the_client_usable() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "5"))
        .mount(&server)
        .await;
    Mock::given(path("/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |_| {});
    for target in ["/slow", "/busy"] {
        let call = core.send(core.request(Method::GET, "/x", target.to_owned()));
        let outcome = tokio::time::timeout(Duration::from_millis(300), call).await;
        assert!(outcome.is_err(), "{target}: still running when dropped");
    }
    let response = core
        .send(core.request(Method::GET, "/ok", "/ok".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.body().as_ref(), b"ok");
}

/// A `Call`'s future polled again after it completed answers `Pending` (it is not
/// fused), without panicking.
#[tokio::test]
async fn a_call_polled_after_completion_does_not_panic() {
    let server = always(ResponseTemplate::new(200).set_body_string("ok")).await;
    let core = core_with(&server.uri(), |_| {});
    let call: linkgen_runtime::Call<bytes_of::Body, std::convert::Infallible> =
        linkgen_runtime::Call::new(
            &core,
            core.request(Method::GET, "/r", "/r".to_owned()),
            bytes_of::decode,
        );
    let mut future = std::pin::pin!(assert_send(std::future::IntoFuture::into_future(call)));
    let body = (&mut future).await.unwrap();
    assert_eq!(body.0, "ok");
    let again = std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await;
    assert!(again.is_pending());
}

mod bytes_of {
    use linkgen_runtime::{Error, Response};

    pub struct Body(pub String);

    pub fn decode(response: Response) -> Result<Body, Error<std::convert::Infallible>> {
        Ok(Body(String::from_utf8_lossy(response.body()).into_owned()))
    }
}

/// What the server receives for query values that the raw path keeps raw and those it
/// encodes: the runtime's own encoding (RFC 3986 unreserved left, everything else
/// percent-encoded, a space as `%20`), whichever way the URL was written.
#[tokio::test]
async fn query_values_reach_the_server_as_the_runtimes_encoding() {
    let server = always(ResponseTemplate::new(200)).await;
    let core = core_with(&server.uri(), |_| {});
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("a", "x y")], "a=x%20y"),
        (&[("a", "x+y")], "a=x%2By"),
        (&[("a", "x~y"), ("b", "1")], "a=x~y&b=1"),
        (&[("a", "x*y")], "a=x%2Ay"),
        (&[("a", "é/ü"), ("b", "")], "a=%C3%A9%2F%C3%BC&b="),
        (&[("k=&", "v"), ("q", "a&b=c")], "k%3D%26=v&q=a%26b%3Dc"),
        (&[("a b", "1"), ("c", "'!()")], "a%20b=1&c=%27%21%28%29"),
        (&[("n", "%41"), ("m", "#?")], "n=%2541&m=%23%3F"),
    ];
    for (index, (pairs, expected)) in cases.iter().enumerate() {
        // A parameterless path (the cached URL) and one with a parameter.
        for (template, path) in [("/q", "/q".to_owned()), ("/q/{i}", format!("/q/{index}"))] {
            let mut request = core.request(Method::GET, template, path);
            for (name, value) in *pairs {
                request.query(name, value, Style::Form, true);
            }
            core.send(request).await.unwrap();
            let seen = server.received_requests().await.unwrap();
            let last = seen.last().unwrap();
            assert_eq!(
                last.url.query(),
                Some(*expected),
                "{pairs:?} via {template}"
            );
        }
    }
}

/// The attempt's timeout covers all its hops (one timer, not reset on a redirect); a
/// `307` resends the method and the bytes body.
#[tokio::test]
async fn the_attempt_timeout_spans_the_redirects_and_a_307_resends_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/a"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", "/b")
                .set_delay(Duration::from_millis(400)),
        )
        .mount(&server)
        .await;
    Mock::given(path("/b"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    Mock::given(path("/c"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/d"))
        .mount(&server)
        .await;
    Mock::given(path("/d"))
        .respond_with(ResponseTemplate::new(200).set_body_string("d"))
        .mount(&server)
        .await;
    let core = core_with(&server.uri(), |c| {
        c.timeout(Duration::from_millis(600));
        c.retry_policy(RetryPolicy::none());
    });
    let error = core
        .send(core.request(Method::GET, "/a", "/a".to_owned()))
        .await
        .unwrap_err();
    assert!(
        matches!(error, SendError::Timeout { attempts: 1 }),
        "{error:?}"
    );

    let mut request = core.request(Method::POST, "/c", "/c".to_owned());
    request.body("text/plain", "payload");
    let response = core.send(request).await.unwrap();
    assert_eq!(response.body().as_ref(), b"d");
    let seen = server.received_requests().await.unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.url.path(), "/d");
    assert_eq!(last.method.as_str(), "POST");
    assert_eq!(last.body, b"payload");
}

/// A server that answers each connection with `head`, then each of `parts` after a
/// pause, then closes it.
fn trickling_server(head: &'static str, parts: &'static [&'static str]) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = stream.write_all(head.as_bytes());
            for part in parts {
                std::thread::sleep(Duration::from_millis(150));
                let _ = stream.write_all(part.as_bytes());
                let _ = stream.flush();
            }
        }
    });
    url
}

/// A body that arrives in parts, with pauses, on a current-thread runtime: each part
/// wakes the call (a fresh `chunk` future per poll registers the waker each time), and
/// the body is read whole; over the cap, the call fails at the part that crosses it.
#[tokio::test(flavor = "current_thread")]
async fn a_body_arriving_in_parts_wakes_the_call_and_is_capped() {
    const PARTS: &[&str] = &["0123456789", "abcdefghij", "ABCDEFGHIJ"];
    let url = trickling_server("HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n", PARTS);
    let core = core_with(&url, |_| {});
    let started = Instant::now();
    let request = core.request(Method::GET, "/r", "/r".to_owned());
    let response = spawn_send(&core, request).await.unwrap().unwrap();
    assert_eq!(response.body().as_ref(), PARTS.concat().as_bytes());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let url = trickling_server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", PARTS);
    let core = core_with(&url, |c| c.max_response_bytes(25));
    let request = core.request(Method::GET, "/r", "/r".to_owned());
    let error = spawn_send(&core, request).await.unwrap().unwrap_err();
    assert!(matches!(error, SendError::ResponseTooLarge(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

/// A streamed body the server read is not sent again: a retryable status on a request
/// safe to repeat is the call's answer after one attempt.
#[tokio::test]
async fn a_streamed_body_already_sent_is_not_retried() {
    let server = always(ResponseTemplate::new(503)).await;
    let core = core_with(&server.uri(), |_| {});
    let mut request = core.request(Method::PUT, "/r", "/r".to_owned());
    let upload = linkgen_runtime::Body::from_stream(Chunks(vec![b"ab", b"c"]), Some(3));
    request.body("application/octet-stream", upload);
    let response = core.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.attempts(), 1);
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body, b"abc");
}

/// A declared length is the server's word: under a caller's cap of `usize::MAX`, a
/// server that declares 2^62 bytes and sends a few before closing gets a transport
/// error, not a reservation of its length (which would abort the process).
#[tokio::test]
async fn a_huge_declared_length_is_not_reserved_up_front() {
    const PARTS: &[&str] = &["0123456789", "abcdefghij"];
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 4611686018427387904\r\n\r\n";
    let url = trickling_server(head, PARTS);
    let core = core_with(&url, |c| {
        c.max_response_bytes(usize::MAX);
        c.max_retries(0);
    });
    let request = core.request(Method::GET, "/r", "/r".to_owned());
    let error = core.send(request).await.unwrap_err();
    assert!(matches!(error, SendError::Transport { .. }), "{error:?}");
}
