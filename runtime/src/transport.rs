//! [`Transport`]: the seam between the engine and the network. The engine hands each
//! prepared request (credentials applied, one hop of a redirect chain) to a transport:
//! reqwest by default; middleware (signing, an OpenTelemetry layer, a proxy) or a fake
//! plugs in there, and everything the engine does around it (retries, timeouts, the
//! size cap, redaction, spans) still applies.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// What [`Transport::send`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns its response with the body unread.
///
/// The request is final: credentials, headers and body are set, redirects are followed
/// by the engine (one `send` per hop), and the engine bounds each attempt with its own
/// timer, so a transport needs no timeout of its own. A fake builds its responses with
/// `reqwest::Response::from(http::Response<…>)`.
///
/// ```
/// use linkgen_runtime::{Transport, TransportFuture};
///
/// /// Adds a signature header to every request, then sends it with reqwest.
/// #[derive(Debug)]
/// struct Signing(linkgen_runtime::reqwest::Client);
///
/// impl Transport for Signing {
///     fn send(&self, mut request: linkgen_runtime::reqwest::Request) -> TransportFuture<'_> {
///         let signature = format!("v1={}", request.url().path().len());
///         if let Ok(value) = signature.parse() {
///             request.headers_mut().insert("x-signature", value);
///         }
///         self.0.send(request)
///     }
/// }
/// ```
pub trait Transport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request`.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] when no response came back: [`TransportError::connect`] when
    /// the request certainly did not reach the server (a retry is then always safe),
    /// [`TransportError::other`] otherwise.
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_>;
}

impl Transport for reqwest::Client {
    fn send(&self, request: reqwest::Request) -> TransportFuture<'_> {
        // reqwest's own future, boxed as it is: an `async` block around it would also
        // hold the request it was made from (every byte of which the box copies).
        Box::pin(Sending(self.execute(request)))
    }
}

/// How the engine reaches the network: the reqwest client it made or was given, called
/// directly, or a caller's [`Transport`] (including a [`SharedConfig`](crate::SharedConfig)'s).
/// The direct way is what `<reqwest::Client as Transport>::send` does, without the boxed
/// future and the virtual call per hop.
#[derive(Debug, Clone)]
pub(crate) enum Sender {
    Reqwest(reqwest::Client),
    Custom(Arc<dyn Transport>),
}

impl Sender {
    /// Sends one hop's request. The future borrows nothing, so a call's future holds it
    /// beside the client it came from.
    pub(crate) fn send(&self, request: reqwest::Request) -> Sent {
        match self {
            Sender::Reqwest(client) => {
                let mut client = client;
                Sent::Reqwest(tower_service::Service::call(&mut client, request))
            }
            Sender::Custom(transport) => {
                // A caller's transport lends its future from itself: the `Arc` goes along
                // (one more box per hop, for a transport that is not reqwest's).
                let transport = Arc::clone(transport);
                Sent::Custom(Box::pin(async move { transport.send(request).await }))
            }
        }
    }
}

/// reqwest's own future for one request, by its name (`execute` returns it as an
/// `impl Future`, which no struct can hold); `Unpin`: its state is boxed inside.
type ReqwestFuture = <reqwest::Client as tower_service::Service<reqwest::Request>>::Future;

/// [`Sender::send`]'s future.
pub(crate) enum Sent {
    Reqwest(ReqwestFuture),
    Custom(Pin<Box<dyn Future<Output = Result<reqwest::Response, TransportError>> + Send>>),
}

impl Future for Sent {
    type Output = Result<reqwest::Response, TransportError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Sent::Reqwest(future) => Pin::new(future).poll(cx).map_err(TransportError::from),
            Sent::Custom(future) => future.as_mut().poll(cx),
        }
    }
}

/// reqwest's future (`Unpin`: its state is boxed inside), with its error as a
/// [`TransportError`].
struct Sending<F>(F);

impl<F> Future for Sending<F>
where
    F: Future<Output = Result<reqwest::Response, reqwest::Error>> + Unpin,
{
    type Output = Result<reqwest::Response, TransportError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map_err(TransportError::from)
    }
}

/// Why a [`Transport`] got no response.
pub struct TransportError {
    kind: Kind,
    source: Box<dyn StdError + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The request never left: no connection, or it could not be built.
    Connect,
    /// The request could not be built; nothing was sent, and retrying cannot help.
    Builder,
    /// Anything else: the server may have seen the request.
    Other,
}

impl TransportError {
    /// No connection could be made: the server did not see the request.
    pub fn connect(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::of(Kind::Connect, source.into())
    }

    /// The exchange failed after the request may have reached the server (a reset
    /// connection, a protocol error).
    pub fn other(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::of(Kind::Other, source.into())
    }

    fn of(kind: Kind, source: Box<dyn StdError + Send + Sync>) -> Self {
        TransportError { kind, source }
    }

    /// Whether the failure came before a connection was made (the server did not see
    /// the request).
    pub fn is_connect(&self) -> bool {
        self.kind == Kind::Connect
    }

    /// Whether the request could not even be built (nothing was sent).
    pub fn is_builder(&self) -> bool {
        self.kind == Kind::Builder
    }

    /// The reqwest error underneath, when the transport is reqwest.
    pub fn reqwest(&self) -> Option<&reqwest::Error> {
        self.source.downcast_ref()
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(error: reqwest::Error) -> Self {
        let kind = if error.is_connect() {
            Kind::Connect
        } else if error.is_builder() || error.is_redirect() {
            Kind::Builder
        } else {
            Kind::Other
        };
        // The URL may hold a query credential.
        Self::of(kind, Box::new(error.without_url()))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}
