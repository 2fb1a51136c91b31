//! [`ByteStream`]: a success body read as it arrives (a download, a binary or
//! undocumented media type), so that a large one never sits in memory whole.

use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// Why a [`ByteStream`] could not be read or copied.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection failed mid-body.
    #[error("reading the response body failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// Writing a chunk to the caller's writer failed.
    #[error("writing the response body failed: {0}")]
    Io(#[source] std::io::Error),
    /// Buffered with [`ByteStream::bytes`], the body exceeded the client's size cap.
    #[error("response body over the {limit}-byte limit")]
    TooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
}

/// A response body not read yet: take it chunk by chunk ([`ByteStream::next`]), copy it
/// into a file or socket ([`ByteStream::copy_to`]), or buffer it whole
/// ([`ByteStream::bytes`], which applies the client's response size cap; streaming does
/// not).
///
/// The per-attempt timeout covers the request up to the response's headers; reading the
/// body is bounded by the caller (wrap it in `tokio::time::timeout`). Built from bytes
/// already read ([`ByteStream::from`]), it yields them as one chunk.
pub struct ByteStream {
    source: Source,
    limit: usize,
}

enum Source {
    Live(Box<reqwest::Response>),
    Buffered(Option<Bytes>),
}

impl ByteStream {
    pub(crate) fn live(response: reqwest::Response, limit: usize) -> Self {
        ByteStream {
            source: Source::Live(Box::new(response)),
            limit,
        }
    }

    /// The client's response size cap (what [`ByteStream::bytes`] applies).
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// The body's length, when the server declared it (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Live(response) => response.content_length(),
            Source::Buffered(bytes) => Some(bytes.as_ref().map_or(0, |b| b.len() as u64)),
        }
    }

    /// The next chunk; `None` at the end.
    ///
    /// # Errors
    ///
    /// [`StreamError::Transport`] when the connection fails mid-body.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        match &mut self.source {
            Source::Buffered(bytes) => bytes.take().filter(|b| !b.is_empty()).map(Ok),
            Source::Live(response) => match response.chunk().await {
                Ok(chunk) => chunk.map(Ok),
                Err(source) => Some(Err(StreamError::Transport(source))),
            },
        }
    }

    /// Copies the whole body into `writer` (a file, a socket), chunk by chunk, and
    /// returns the number of bytes copied. No size cap applies.
    ///
    /// # Errors
    ///
    /// [`StreamError::Transport`] when the connection fails, [`StreamError::Io`] when a
    /// write fails.
    pub async fn copy_to<W>(mut self, writer: &mut W) -> Result<u64, StreamError>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut copied = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(StreamError::Io)?;
            copied += chunk.len() as u64;
        }
        writer.flush().await.map_err(StreamError::Io)?;
        Ok(copied)
    }

    /// Reads the whole body into memory, up to the client's response size cap.
    ///
    /// # Errors
    ///
    /// [`StreamError::Transport`] when the connection fails; [`StreamError::TooLarge`]
    /// when the body exceeds the cap.
    pub async fn bytes(mut self) -> Result<Bytes, StreamError> {
        let limit = self.limit;
        let mut out = BytesMut::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if out.len() + chunk.len() > limit {
                return Err(StreamError::TooLarge { limit });
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out.freeze())
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream {
            source: Source::Buffered(Some(bytes)),
            limit: usize::MAX,
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

/// Where a [`Response`](crate::Response) keeps a body left unread: shared by its clones,
/// taken by the first [`Response::stream`](crate::Response::stream).
#[derive(Clone)]
pub(crate) struct StreamSlot(Arc<Mutex<Option<ByteStream>>>);

impl StreamSlot {
    pub(crate) fn new(stream: ByteStream) -> Self {
        StreamSlot(Arc::new(Mutex::new(Some(stream))))
    }

    /// The stream, unless a clone of the response took it already.
    pub(crate) fn take(&self) -> Option<ByteStream> {
        match self.0.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }
}
