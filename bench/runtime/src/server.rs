//! The local HTTP/1.1 server both sides call: it answers every request on a
//! keep-alive connection with one fixed, pre-rendered response, whoever sends
//! it, so the server's share of a call is identical for the generated client
//! and the bare pair.
//!
//! Hand-written rather than hyper's server: the request side needs only the
//! head's end and `Content-Length`, and a fixed byte string is the cheapest
//! and most even answer there is.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The requests a recording server saw, whole (head and body), in order.
pub type Recorded = Arc<Mutex<Vec<Vec<u8>>>>;

/// A server answering with `body` as `application/json`, running on its own
/// thread (with its own single-threaded runtime) until the process ends, so
/// that on a two-core machine the server and the measured client each have
/// a core. With `record`, it keeps every request (for the smoke test, which
/// checks that both sides send the same thing; never while measuring).
pub fn start(body: Vec<u8>, record: Option<Recorded>) -> SocketAddr {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: Arc<[u8]> = response.into();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).expect("tokio listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(stream, response.clone(), record.clone()));
            }
        });
    });
    addr
}

/// Answers each request of one connection until the client closes it.
async fn serve(mut stream: TcpStream, response: Arc<[u8]>, record: Option<Recorded>) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::with_capacity(8 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let request_len = loop {
            if let Some(len) = complete_request(&buffer) {
                break len;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let request = buffer.drain(..request_len);
        match &record {
            Some(record) => record.lock().expect("not poisoned").push(request.collect()),
            None => drop(request),
        }
        if stream.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// The length of the first request in `buffer` (head and `Content-Length`
/// body) once all of it has arrived.
pub fn complete_request(buffer: &[u8]) -> Option<usize> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let body_len = head
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (buffer.len() >= head_end + body_len).then_some(head_end + body_len)
}
