//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linkgen_runtime::{ClientConfig, Core, RetryPolicy};

/// Retries with millisecond backoffs, so that retry tests stay fast.
pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    }
}

/// A `Core` talking to `base_url`, with fast retries, after `configure`.
pub fn core_with(base_url: &str, configure: impl FnOnce(&mut ClientConfig)) -> Core {
    let mut config = ClientConfig::new("https://unused.example.com", "linkgen-test/1.0");
    config.base_url(base_url);
    config.retry_policy(fast_retries(2));
    config.timeout(Duration::from_secs(5));
    configure(&mut config);
    config.build().expect("valid config")
}

/// A `Core` talking to `base_url` with the test defaults.
pub fn core(base_url: &str) -> Core {
    core_with(base_url, |_| {})
}

/// A server that accepts connections, optionally writes `prefix`, then never answers.
/// It stops by itself after 3 s.
pub struct HangingServer {
    pub url: String,
    accepted: Arc<AtomicUsize>,
}

impl HangingServer {
    pub fn start(prefix: &'static [u8]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(3);
            let mut open = Vec::new();
            while Instant::now() < deadline {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        count.fetch_add(1, Ordering::SeqCst);
                        if !prefix.is_empty() {
                            // Answering before the request is read makes hyper
                            // see an unsolicited message, not a slow response.
                            read_head(&mut stream);
                            let _ = stream.write_all(prefix);
                        }
                        open.push(stream);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        HangingServer { url, accepted }
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// Reads up to the end of a request's head (or for at most a second).
fn read_head(stream: &mut std::net::TcpStream) {
    use std::io::Read;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
}

/// A URL on which nothing listens (the port was bound, then released).
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A listener whose accept queue is full, so that new connections hang in the handshake
/// (the kernel drops their SYNs) until the client's connect timeout.
pub struct FullBacklog {
    pub url: String,
    _listener: TcpListener,
    _streams: Vec<std::net::TcpStream>,
}

impl FullBacklog {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut streams = Vec::new();
        // Fill the queue (std listens with a backlog of 128) until a connect times out.
        for _ in 0..1024 {
            match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(50)) {
                Ok(stream) => streams.push(stream),
                Err(_) => break,
            }
        }
        FullBacklog {
            url: format!("http://{addr}"),
            _listener: listener,
            _streams: streams,
        }
    }
}

/// A request body streamed in these chunks, each ready at once.
pub struct Chunks(pub Vec<&'static [u8]>);

impl futures_core::Stream for Chunks {
    type Item = Result<linkgen_runtime::Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let next = (!self.0.is_empty()).then(|| self.0.remove(0));
        std::task::Poll::Ready(next.map(|c| Ok(linkgen_runtime::Bytes::from_static(c))))
    }
}
