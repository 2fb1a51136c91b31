//! [`Body`]: a raw request body, bytes held in memory or a stream read as it is sent (a
//! file of several GB never sits in memory whole).

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::io::{AsyncRead, ReadBuf};

/// The error a body stream may yield; it ends the request with
/// [`Error::Transport`](crate::Error::Transport).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How much a reader-backed body reads per chunk.
const READ_CHUNK: usize = 64 * 1024;

/// A raw request body (`application/octet-stream`, `image/png`, `*/*`…): bytes, or a
/// stream of chunks with an optional length.
///
/// Bytes in memory convert into it (`Bytes`, `Vec<u8>`, `String`, `&'static [u8]`,
/// `&'static str`…) and are resent as they are when a call is retried. A stream
/// ([`Body::from_stream`], [`Body::from_reader`], e.g. a `tokio::fs::File`) is read as it
/// goes on the wire and cannot be replayed: a call is never retried, nor a `307`/`308`
/// redirect followed, once its stream began to be read (a connection refused before that
/// is still retried, with the stream untouched). The length given with a stream is sent
/// as `Content-Length` (the stream must yield exactly that many bytes); without one the
/// body goes chunked. The per-attempt timeout covers the upload too: raise it for a
/// large one (the call's `timeout` setter).
///
/// Cloning a streamed `Body` shares the one stream: it is sent once.
#[derive(Clone)]
pub struct Body {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Bytes(Bytes),
    Stream(Arc<Slot>),
}

/// A stream shared by the request and the body of each attempt: it stays here, so an
/// attempt that never read it leaves it whole for the next.
struct Slot {
    source: Mutex<Source>,
    length: Option<u64>,
    started: AtomicBool,
}

type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

enum Source {
    Stream(ChunkStream),
    Reader(Pin<Box<dyn AsyncRead + Send>>, BytesMut),
    Done,
}

impl Body {
    /// A body of chunks read from `stream` as they are sent, `length` bytes in all when
    /// given (sent as `Content-Length`; else the body is sent chunked).
    pub fn from_stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream = MapErr(Box::pin(stream));
        Body::streamed(Source::Stream(Box::pin(stream)), length)
    }

    /// A body read from `reader` (a `tokio::fs::File`, a socket) as it is sent, in chunks
    /// of 64 KiB, `length` bytes in all when given (for a file, its metadata's length).
    pub fn from_reader<R>(reader: R, length: Option<u64>) -> Self
    where
        R: AsyncRead + Send + 'static,
    {
        Body::streamed(Source::Reader(Box::pin(reader), BytesMut::new()), length)
    }

    fn streamed(source: Source, length: Option<u64>) -> Self {
        Body {
            inner: Inner::Stream(Arc::new(Slot {
                source: Mutex::new(source),
                length,
                started: AtomicBool::new(false),
            })),
        }
    }

    /// The length in bytes, when known (bytes, or a stream given its length).
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes.len() as u64),
            Inner::Stream(slot) => slot.length,
        }
    }

    /// Whether it is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether it is a stream (sent once) rather than bytes (resent on a retry).
    pub fn is_stream(&self) -> bool {
        matches!(self.inner, Inner::Stream(_))
    }

    /// Whether it can be sent again: bytes always, a stream until it began to be read.
    pub(crate) fn replayable(&self) -> bool {
        match &self.inner {
            Inner::Bytes(_) => true,
            Inner::Stream(slot) => !slot.started.load(Ordering::Acquire),
        }
    }

    /// The body of one attempt.
    pub(crate) fn to_reqwest(&self) -> reqwest::Body {
        match &self.inner {
            Inner::Bytes(bytes) => bytes.clone().into(),
            Inner::Stream(slot) => reqwest::Body::wrap(Upload(slot.clone())),
        }
    }
}

impl fmt::Debug for Body {
    /// Only the kind and length: a body's content is never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_stream() { "stream" } else { "bytes" };
        f.debug_struct("Body")
            .field("kind", &kind)
            .field("len", &self.len())
            .finish()
    }
}

impl<T: Into<Bytes>> From<T> for Body {
    fn from(bytes: T) -> Self {
        Body {
            inner: Inner::Bytes(bytes.into()),
        }
    }
}

/// A stream's error boxed (the stream pinned in its own box, so this is `Unpin`).
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = self.0.as_mut().poll_next(cx);
        polled.map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

/// One attempt's view of a streamed body, handed to reqwest.
struct Upload(Arc<Slot>);

impl http_body::Body for Upload {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        let slot = &self.0;
        slot.started.store(true, Ordering::Release);
        let mut source = match slot.source.lock() {
            Ok(source) => source,
            Err(poisoned) => poisoned.into_inner(),
        };
        let polled = match &mut *source {
            Source::Stream(stream) => stream.as_mut().poll_next(cx),
            Source::Reader(reader, buffer) => poll_read(reader.as_mut(), buffer, cx),
            Source::Done => Poll::Ready(None),
        };
        if let Poll::Ready(None | Some(Err(_))) = polled {
            *source = Source::Done;
        }
        polled.map(|item| item.map(|chunk| chunk.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.0.length {
            Some(length) => http_body::SizeHint::with_exact(length),
            None => http_body::SizeHint::default(),
        }
    }
}

/// The next chunk of a reader: `None` at its end.
fn poll_read(
    reader: Pin<&mut (dyn AsyncRead + Send)>,
    buffer: &mut BytesMut,
    cx: &mut Context<'_>,
) -> Poll<Option<Result<Bytes, BoxError>>> {
    buffer.resize(READ_CHUNK, 0);
    let mut read = ReadBuf::new(buffer);
    match reader.poll_read(cx, &mut read) {
        Poll::Pending => Poll::Pending,
        Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e.into()))),
        Poll::Ready(Ok(())) => {
            let filled = read.filled().len();
            if filled == 0 {
                return Poll::Ready(None);
            }
            buffer.truncate(filled);
            Poll::Ready(Some(Ok(buffer.split().freeze())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_replayable_and_a_stream_until_read() {
        let bytes = Body::from(vec![1u8, 2, 3]);
        assert_eq!(bytes.len(), Some(3));
        assert!(bytes.replayable() && !bytes.is_stream());
        assert_eq!(Body::from("text").len(), Some(4));
        let chunks = [Ok::<_, std::io::Error>(Bytes::from_static(b"ab"))];
        let stream = Body::from_stream(StreamOf(chunks.into_iter()), Some(2));
        assert!(stream.is_stream() && stream.replayable());
        assert_eq!(
            format!("{stream:?}"),
            r#"Body { kind: "stream", len: Some(2) }"#
        );
        let Inner::Stream(slot) = &stream.inner else {
            unreachable!()
        };
        slot.started.store(true, Ordering::Release);
        assert!(!stream.clone().replayable());
    }

    /// An iterator as a stream, ready at once.
    struct StreamOf<I>(I);

    impl<I: Iterator + Unpin> Stream for StreamOf<I> {
        type Item = I::Item;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.0.next())
        }
    }
}
