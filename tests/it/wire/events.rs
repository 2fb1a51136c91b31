//! `tests/wire/events.yaml`: server-sent events against a scripted local
//! HTTP/1.1 server (wiremock cannot drop a connection mid-body): typed and
//! text events, the reconnect after a dropped connection with
//! `Last-Event-ID` and the server's `retry`, the idle timeout between reads,
//! the line bound, a POST never repeated, and an error status decoded as the
//! operation's error.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;
use wire_events::linkgen_runtime::{Error, Event, EventError, EventStream};
use wire_events::operations::StreamTicksError;
use wire_events::types::{CreateCompletionBody, Tick};
use wire_events::Client;

/// What the server does on one connection, in order.
#[derive(Clone)]
enum Step {
    /// Answers 200 `text/event-stream`, chunked, and sends these bytes as one chunk.
    Events(&'static str),
    Sleep(u64),
    /// Closes the connection without the last chunk: a dropped stream.
    Drop,
    /// Sends the last chunk and closes: the body's clean end.
    End,
    /// Answers this status with a JSON body, and closes.
    Status(u16, &'static str),
}

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Received {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
    at: Instant,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        (self.headers.iter())
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A local server that plays one script per connection, in order (the
/// last one again once they run out), and records every request.
struct Server {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    /// When each connection's script finished (its drop or end).
    closed: Arc<Mutex<Vec<Instant>>>,
}

impl Server {
    async fn start(scripts: Vec<Vec<Step>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(Mutex::new(Vec::new()));
        let (log, ends) = (received.clone(), closed.clone());
        tokio::spawn(async move {
            let mut next = 0;
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let script = scripts[next.min(scripts.len() - 1)].clone();
                next += 1;
                let (log, ends) = (log.clone(), ends.clone());
                tokio::spawn(async move {
                    let _ = play(socket, script, log, ends).await;
                });
            }
        });
        Server {
            url,
            received,
            closed,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn client(&self) -> Client {
        Client::builder()
            .base_url(&self.url)
            .bearer_token("tok-1")
            .max_retries(0)
            .build()
            .unwrap()
    }
}

async fn play(
    mut socket: TcpStream,
    script: Vec<Step>,
    log: Arc<Mutex<Vec<Received>>>,
    ends: Arc<Mutex<Vec<Instant>>>,
) -> std::io::Result<()> {
    let request = read_request(&mut socket).await?;
    log.lock().unwrap().push(request);
    let mut started = false;
    for step in script {
        match step {
            Step::Events(text) => {
                if !started {
                    started = true;
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                                cache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n";
                    socket.write_all(head.as_bytes()).await?;
                }
                let chunk = format!("{:x}\r\n{text}\r\n", text.len());
                socket.write_all(chunk.as_bytes()).await?;
                socket.flush().await?;
            }
            Step::Sleep(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            Step::Drop => break,
            Step::End => {
                socket.write_all(b"0\r\n\r\n").await?;
                break;
            }
            Step::Status(status, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                socket.write_all(head.as_bytes()).await?;
                break;
            }
        }
    }
    socket.flush().await?;
    ends.lock().unwrap().push(Instant::now());
    // Dropping the socket closes the connection.
    Ok(())
}

/// Reads one request: its head, and a body of `content-length` bytes.
async fn read_request(socket: &mut TcpStream) -> std::io::Result<Received> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 1];
    while !buffer.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await? == 0 {
            break;
        }
        buffer.push(byte[0]);
    }
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length = (headers.iter())
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    socket.read_exact(&mut body).await?;
    Ok(Received {
        line,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        at,
    })
}

/// Every item of the stream, bounded so a test that fails cannot hang.
async fn drain<T: Send + 'static>(mut events: EventStream<T>) -> Vec<Result<Event<T>, EventError>> {
    let mut items = Vec::new();
    let collect = async {
        while let Some(item) = events.next().await {
            items.push(item);
        }
    };
    tokio::time::timeout(Duration::from_secs(20), collect)
        .await
        .expect("the stream ends");
    items
}

#[tokio::test]
async fn a_dropped_stream_reconnects_with_last_event_id_after_the_servers_retry() {
    let server = Server::start(vec![
        vec![
            Step::Events(
                ": hello\nretry: 300\n\nid: 1\ndata: {\"seq\": 1, \"message\": \"one\"}\n\n",
            ),
            Step::Events("id: 2\nevent: tick\ndata: {\"seq\": 2,\ndata: \"message\": \"two\"}\n\n"),
            // The third event arrives split mid-line, and the fourth block is cut
            // off by the drop: it is never dispatched.
            Step::Events("id: 3\ndata: {\"seq\": 3, \"mess"),
            Step::Events("age\": \"three\"}\n\nid: 99\ndata: {\"seq\": 99"),
            Step::Sleep(50),
            Step::Drop,
        ],
        vec![
            Step::Events("id: 4\ndata: {\"seq\": 4, \"message\": \"four\"}\n\n"),
            Step::Events("id: 5\r\ndata: {\"seq\": 5, \"message\": \"five\"}\r\n\r\n"),
            Step::End,
        ],
        // The standard's "stop reconnecting".
        vec![Step::Status(204, "")],
    ])
    .await;
    let events = server.client().stream_ticks("news").since(7).await.unwrap();
    let items = drain(events).await;
    let got: Vec<(Option<String>, String, Tick)> = items
        .into_iter()
        .map(|item| {
            let event = item.unwrap();
            (event.id, event.event, event.data)
        })
        .collect();
    // What the stream delivered across the reconnect (shown with
    // `--nocapture`).
    for (id, event, data) in &got {
        println!("event id={id:?} type={event} data={data:?}");
    }
    let tick = |seq: i64, message: &str| Tick::new(seq, message);
    let id = |id: &str| Some(id.to_owned());
    assert_eq!(
        got,
        [
            (id("1"), "message".to_owned(), tick(1, "one")),
            (id("2"), "tick".to_owned(), tick(2, "two")),
            (id("3"), "message".to_owned(), tick(3, "three")),
            (id("4"), "message".to_owned(), tick(4, "four")),
            (id("5"), "message".to_owned(), tick(5, "five")),
        ]
    );

    let received = server.received();
    for request in &received {
        println!(
            "request {} last-event-id={:?}",
            request.line,
            request.header("last-event-id")
        );
    }
    assert_eq!(received.len(), 3, "{received:#?}");
    for request in &received {
        assert_eq!(request.line, "GET /channels/news/ticks?since=7 HTTP/1.1");
        assert_eq!(request.header("accept"), Some("text/event-stream"));
        assert_eq!(request.header("authorization"), Some("Bearer tok-1"));
    }
    let last_ids: Vec<Option<&str>> = received.iter().map(|r| r.header("last-event-id")).collect();
    assert_eq!(last_ids, [None, Some("3"), Some("5")]);
    // The server's `retry: 300` is the wait before each reconnect (the default
    // is 3 s).
    let closed = server.closed.lock().unwrap().clone();
    for (reconnect, drop) in received[1..].iter().zip(&closed) {
        let waited = reconnect.at.duration_since(*drop);
        println!("reconnect after {waited:?}");
        assert!(
            waited >= Duration::from_millis(290) && waited < Duration::from_secs(2),
            "waited {waited:?}"
        );
    }
}

#[tokio::test]
async fn an_idle_stream_over_the_timeout_reconnects() {
    let server = Server::start(vec![
        vec![
            Step::Events("retry: 10\nid: a\ndata: first\n\n"),
            Step::Sleep(2_000),
            Step::End,
        ],
        vec![Step::Events("id: b\ndata: second\n\n"), Step::End],
        vec![Step::Status(204, "")],
    ])
    .await;
    let started = Instant::now();
    let events = server
        .client()
        .tail_log()
        .timeout(Duration::from_millis(300))
        .await
        .unwrap();
    let items = drain(events).await;
    let data: Vec<(Option<String>, String)> = items
        .into_iter()
        .map(|item| item.map(|e| (e.id, e.data)).unwrap())
        .collect();
    assert_eq!(
        data,
        [
            (Some("a".to_owned()), "first".to_owned()),
            (Some("b".to_owned()), "second".to_owned()),
        ]
    );
    let received = server.received();
    let last_ids: Vec<Option<&str>> = received.iter().map(|r| r.header("last-event-id")).collect();
    assert_eq!(last_ids, [None, Some("a"), Some("b")]);
    // The idle timeout cut the first connection, well before its 2 s pause ended.
    assert!(received[1].at.duration_since(started) < Duration::from_millis(1_500));
}

#[tokio::test]
async fn a_post_stream_is_never_sent_again() {
    let server = Server::start(vec![vec![
        Step::Events("data: {\"text\": \"Hel\"}\n\ndata: {\"text\": \"lo\"}\n\n"),
        Step::Drop,
    ]])
    .await;
    let events = server
        .client()
        .create_completion(&CreateCompletionBody::new("hi"))
        .await
        .unwrap();
    let items = drain(events).await;
    assert_eq!(items.len(), 3, "{items:?}");
    let texts: Vec<&str> = items[..2]
        .iter()
        .map(|item| item.as_ref().unwrap().data.text.as_str())
        .collect();
    assert_eq!(texts, ["Hel", "lo"]);
    assert!(
        matches!(items[2], Err(EventError::Transport(_))),
        "{items:?}"
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].line, "POST /completions HTTP/1.1");
    assert_eq!(received[0].body, r#"{"prompt":"hi"}"#);
}

#[tokio::test]
async fn an_over_long_line_ends_the_stream_with_its_error() {
    let long =
        "data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\n";
    let server = Server::start(vec![vec![
        Step::Events("data: short\n\n"),
        Step::Events(long),
        Step::End,
    ]])
    .await;
    let events = server.client().tail_log().await.unwrap().max_line_bytes(64);
    let items = drain(events).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data, "short");
    assert!(
        matches!(items[1], Err(EventError::LineTooLong { limit: 64 })),
        "{items:?}"
    );
    assert_eq!(server.received().len(), 1, "an overflow does not reconnect");
}

#[tokio::test]
async fn a_malformed_event_is_an_error_item_and_the_stream_goes_on() {
    let server = Server::start(vec![
        vec![
            Step::Events("id: 1\ndata: {\"seq\": \"one\"}\n\n"),
            Step::Events("id: 2\ndata: {\"seq\": 2, \"message\": \"ok\"}\n\n"),
            Step::End,
        ],
        vec![Step::Status(204, "")],
    ])
    .await;
    let events = server
        .client()
        .stream_ticks("c")
        .await
        .unwrap()
        .reconnect_delay(Duration::from_millis(10));
    let items = drain(events).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let Err(EventError::Decode(error)) = &items[0] else {
        panic!("{items:?}");
    };
    assert_eq!(error.id.as_deref(), Some("1"));
    assert_eq!(error.data, r#"{"seq": "one"}"#);
    assert!(error.to_string().contains("seq"), "{error}");
    assert!(!format!("{error:?}").contains("one"), "Debug shows no data");
    assert_eq!(items[1].as_ref().unwrap().data.seq, 2);
}

#[tokio::test]
async fn an_error_status_is_the_operations_typed_error() {
    let server = Server::start(vec![vec![Step::Status(
        404,
        r#"{"code": "no_channel", "message": "no such channel"}"#,
    )]])
    .await;
    let error = server.client().stream_ticks("nope").await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(api.status.as_u16(), 404);
    let StreamTicksError::NotFound(problem) = &api.error else {
        panic!("{error:?}");
    };
    assert_eq!(problem.code, "no_channel");
    assert_eq!(problem.message, "no such channel");
}
