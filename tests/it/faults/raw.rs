//! Raw TCP servers for the faults wiremock cannot produce: silence, a connection
//! reset mid-body, trickling bytes, a chunked body without `Content-Length`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does once it has read a request.
#[derive(Debug, Clone, Copy)]
pub enum Behaviour {
    /// Keeps the connection open and never answers.
    Silent,
    /// Sends a head with `Content-Length: 1000`, 100 bytes of body, then resets the
    /// connection (`SO_LINGER` 0: an RST, not a FIN).
    ResetMidBody,
    /// Sends the whole head at once, then one body byte a second (`Content-Length: 1000`).
    TrickleBody,
    /// Sends the response head one byte a second.
    TrickleHead,
    /// A `200` with `Transfer-Encoding: chunked` (no `Content-Length`): `total` bytes in
    /// 4 KiB chunks.
    Chunked { total: usize },
}

/// A local server on a random port; counts the requests whose head it read.
pub struct RawServer {
    addr: std::net::SocketAddr,
    requests: Arc<AtomicUsize>,
    accept: JoinHandle<()>,
}

impl RawServer {
    pub async fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let counter = counter.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, behaviour, &counter).await;
                });
            }
        });
        RawServer {
            addr,
            requests,
            accept,
        }
    }

    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many request heads the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// The URI of a port nothing listens on (bound, then closed): connection refused.
pub async fn refused_uri() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}")
}

/// Reads one request (head, and a body of `Content-Length` bytes).
async fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut have = buf.len() - head_end;
    while have < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        have += n;
    }
    Ok(())
}

async fn serve(
    mut stream: TcpStream,
    behaviour: Behaviour,
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    loop {
        read_request(&mut stream).await?;
        counter.fetch_add(1, Ordering::SeqCst);
        match behaviour {
            Behaviour::Silent => {
                // Hold the connection until the client gives up (read returns 0).
                let mut sink = [0u8; 1024];
                while stream.read(&mut sink).await? > 0 {}
                return Ok(());
            }
            Behaviour::ResetMidBody => {
                stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                          content-length: 1000\r\n\r\n",
                    )
                    .await?;
                stream.write_all(&[b' '; 100]).await?;
                stream.flush().await?;
                tokio::time::sleep(Duration::from_millis(20)).await;
                stream.set_zero_linger()?;
                drop(stream);
                return Ok(());
            }
            Behaviour::TrickleBody => {
                stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                          content-length: 1000\r\n\r\n",
                    )
                    .await?;
                loop {
                    stream.write_all(b" ").await?;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            Behaviour::TrickleHead => {
                for byte in b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}" {
                    stream.write_all(&[*byte]).await?;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            Behaviour::Chunked { total } => {
                stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                          transfer-encoding: chunked\r\n\r\n",
                    )
                    .await?;
                let data = vec![b' '; 4096];
                let mut sent = 0;
                while sent < total {
                    let n = data.len().min(total - sent);
                    stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                    stream.write_all(&data[..n]).await?;
                    stream.write_all(b"\r\n").await?;
                    sent += n;
                }
                stream.write_all(b"0\r\n\r\n").await?;
            }
        }
    }
}
