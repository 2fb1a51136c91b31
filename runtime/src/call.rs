//! [`Call`]: what every generated operation method returns.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::engine::Core;
use crate::error::Error;
use crate::headers::{OperationHeaders, ResponseHeaders, WithHeaders};
use crate::metadata::{ResponseMetadata, WithMetadata};
use crate::request::Request;
use crate::response::Response;
use crate::retry::RetryPolicy;
use crate::send::SendFuture;

/// Turns a response into the operation's result: its status dispatch and decoding.
pub type Decode<T, E> = fn(Response) -> Result<T, Error<E>>;

/// One call of an operation, ready to send: `.await` it for the decoded success value,
/// or set per-call options first.
///
/// ```no_run
/// # async fn run(call: linkgen_runtime::Call<String, std::convert::Infallible>)
/// #     -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
///
/// let (value, metadata) = call
///     .timeout(Duration::from_secs(5))
///     .max_retries(4)
///     .header("X-Trace", "abc")
///     .with_metadata()
///     .await?
///     .into_parts();
/// println!("{value} (request id {:?})", metadata.request_id);
/// # Ok(())
/// # }
/// ```
///
/// The request (parameters and body) is built when the call is made, so a `Call` borrows
/// nothing; nothing is sent until it is awaited. `Debug` shows no parameter or header
/// value.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T, E> {
    core: Core,
    request: Request,
    decode: Decode<T, E>,
}

impl<T, E> Call<T, E> {
    /// A call of `request` on `core`, whose responses `decode` turns into the result.
    pub fn new(core: &Core, request: Request, decode: Decode<T, E>) -> Self {
        Call {
            core: core.clone(),
            request,
            decode,
        }
    }

    /// The request this call sends: where an operation's call type writes its optional
    /// parameters and body.
    #[doc(hidden)]
    pub fn request_mut(&mut self) -> &mut Request {
        &mut self.request
    }

    pub(crate) fn into_parts(self) -> (Core, Request, Decode<T, E>) {
        (self.core, self.request, self.decode)
    }

    /// Gives up on an attempt after this long (instead of the client's timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.timeout(timeout);
        self
    }

    /// Bounds the whole call, retries and the waits between them included; when it runs
    /// out the call fails with [`Error::Timeout`].
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.request.total_timeout(timeout);
        self
    }

    /// Retries a failed attempt at most this many times (instead of the client's
    /// setting), keeping the backoff of the retry policy.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        (self.request).max_retries(max_retries, self.core.inner.retry_policy);
        self
    }

    /// Retries failed attempts with this policy (instead of the client's).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.request.retry_policy(policy);
        self
    }

    /// Says whether repeating this call is harmless, whatever its method (see
    /// [`Request::retry_safe`]): `true` retries it like a `GET`, `false` retries only what
    /// the server certainly did not act on.
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.request.retry_safe(safe);
        self
    }

    /// Sends this idempotency key on every attempt of the call (see
    /// [`Request::idempotency_key`]); the call is then retried like an idempotent one
    /// (unless [`retry_safe(false)`](Call::retry_safe) says otherwise: an explicit
    /// `retry_safe` always wins).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.request.idempotency_key(key);
        self
    }

    /// Adds a header to this call, replacing one of the same name. Its value is treated
    /// as sensitive. An invalid name or value fails the call with
    /// [`Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request.extra_header(name, value);
        self
    }

    /// Sends the call and decodes the success value (what `.await` does).
    ///
    /// # Errors
    ///
    /// The operation's [`Error`]; see the operation's documentation.
    #[inline]
    pub fn send(mut self) -> CallFuture<T, E> {
        CallFuture {
            // The request's parts are taken, not the whole of it moved (see `prepare`).
            sending: self.core.send_future(&mut self.request),
            decode: self.decode,
        }
    }

    /// Sends the call and decodes the success value, with the response's status, headers,
    /// request id and the number of attempts.
    ///
    /// # Errors
    ///
    /// As [`Call::send`].
    #[inline]
    pub fn with_metadata(self) -> MetadataFuture<T, E> {
        MetadataFuture(self.send())
    }

    /// Sends the call and decodes the success value, with the response headers the spec
    /// declares for the operation, typed (its `{Op}Headers`), and the
    /// [`ResponseMetadata`]. An error keeps them too:
    /// [`Error::typed_headers`].
    ///
    /// # Errors
    ///
    /// As [`Call::send`].
    pub async fn with_headers(self) -> Result<WithHeaders<T, E::Headers>, Error<E>>
    where
        E: OperationHeaders,
    {
        let WithMetadata { value, metadata } = self.with_metadata().await?;
        Ok(WithHeaders {
            value,
            headers: E::Headers::from_headers(&metadata.headers),
            metadata,
        })
    }
}

impl<T, E> IntoFuture for Call<T, E> {
    type Output = Result<T, Error<E>>;
    type IntoFuture = CallFuture<T, E>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// The future of a [`Call`]: the request on its way (the same future for every
/// operation, compiled once in this crate), then the operation's decoder. The only part
/// that depends on the operation's types is this `poll`, a few lines.
#[must_use = "a call does nothing until it is awaited"]
pub struct CallFuture<T, E> {
    sending: SendFuture,
    decode: Decode<T, E>,
}

impl<T, E> Future for CallFuture<T, E> {
    type Output = Result<T, Error<E>>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match Pin::new(&mut self.sending).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(response)) => Poll::Ready((self.decode)(response)),
            Poll::Ready(Err(error)) => Poll::Ready(Err(error.into())),
        }
    }
}

/// The future of [`Call::with_metadata`]: a [`CallFuture`] that keeps the response's
/// [`ResponseMetadata`] beside the decoded value. A named type rather than an `async`
/// block, so an operation's `with_metadata` adds no future type of its own to its crate
/// (a state machine per operation, type-checked and borrow-checked each time).
#[must_use = "a call does nothing until it is awaited"]
pub struct MetadataFuture<T, E>(CallFuture<T, E>);

impl<T, E> Future for MetadataFuture<T, E> {
    type Output = Result<WithMetadata<T>, Error<E>>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let call = &mut self.0;
        match Pin::new(&mut call.sending).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(response)) => {
                let metadata = ResponseMetadata::of(&response);
                Poll::Ready((call.decode)(response).map(|value| WithMetadata { value, metadata }))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error.into())),
        }
    }
}

impl<T, E> fmt::Debug for MetadataFuture<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataFuture").finish_non_exhaustive()
    }
}

impl<T, E> fmt::Debug for CallFuture<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").finish_non_exhaustive()
    }
}

impl<T, E> fmt::Debug for Call<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

/// Defines an operation's call type: what its `Client` method returns, a newtype of
/// [`Call`] with the per-call options, `send`, `with_metadata` and `IntoFuture`, to which
/// the generated crate adds one setter per optional parameter. A type of the crate's own
/// (rather than `Call` itself), so an operation's first optional parameter adds a method
/// and changes no signature.
///
/// The methods it defines are the ones `codegen::naming::CALL_METHODS` keeps setters off.
#[doc(hidden)]
#[macro_export]
macro_rules! operation_call {
    ($name:ident($ok:ty, $err:ty) for $method:ident) => {
        #[doc = ::core::concat!(
            "A call of [`Client::", ::core::stringify!($method), "`](crate::Client::",
            ::core::stringify!($method), "): `.await` it to send it, after setting its optional ",
            "parameters and per-call options."
        )]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct $name($crate::Call<$ok, $err>);

        impl $name {
            #[inline]
            pub(crate) fn new(call: $crate::Call<$ok, $err>) -> Self {
                Self(call)
            }

            /// Gives up on an attempt after this long (instead of the client's timeout).
            #[inline]
            pub fn timeout(self, timeout: ::core::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// Bounds the whole call, retries and the waits between them included; when
            /// it runs out the call fails with `Error::Timeout`.
            #[inline]
            pub fn total_timeout(self, timeout: ::core::time::Duration) -> Self {
                Self(self.0.total_timeout(timeout))
            }

            /// Retries a failed attempt at most this many times (instead of the client's
            /// setting), keeping the backoff of the retry policy.
            #[inline]
            pub fn max_retries(self, max_retries: u32) -> Self {
                Self(self.0.max_retries(max_retries))
            }

            /// Retries failed attempts with this policy (instead of the client's).
            #[inline]
            pub fn retry_policy(self, policy: $crate::RetryPolicy) -> Self {
                Self(self.0.retry_policy(policy))
            }

            /// Says whether repeating this call is harmless, whatever its method: `true`
            /// retries it like a `GET`, `false` retries only what the server certainly
            /// did not act on.
            #[inline]
            pub fn retry_safe(self, safe: bool) -> Self {
                Self(self.0.retry_safe(safe))
            }

            /// Sends this idempotency key on every attempt of the call; the call is then
            /// retried like an idempotent one (unless `retry_safe(false)` says otherwise).
            #[inline]
            pub fn idempotency_key(self, key: impl ::core::convert::Into<::std::string::String>) -> Self {
                Self(self.0.idempotency_key(key))
            }

            /// Adds a header to this call, replacing one of the same name. Its value is
            /// treated as sensitive. An invalid name or value fails the call with
            /// `Error::InvalidRequest` before anything is sent.
            #[inline]
            pub fn header(self, name: &str, value: &str) -> Self {
                Self(self.0.header(name, value))
            }

            /// Sends the call and decodes the success value (what `.await` does).
            ///
            /// # Errors
            ///
            /// The operation's `Error`; see the documentation of its `Client` method.
            #[inline]
            pub fn send(self) -> $crate::CallFuture<$ok, $err> {
                self.0.send()
            }

            /// Sends the call and decodes the success value, with the response's status,
            /// headers, request id and the number of attempts.
            ///
            /// # Errors
            ///
            /// As `send`.
            #[inline]
            pub fn with_metadata(self) -> $crate::MetadataFuture<$ok, $err> {
                self.0.with_metadata()
            }
        }

        impl ::core::future::IntoFuture for $name {
            type Output = ::core::result::Result<$ok, $crate::Error<$err>>;
            type IntoFuture = <$crate::Call<$ok, $err> as ::core::future::IntoFuture>::IntoFuture;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                ::core::future::IntoFuture::into_future(self.0)
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(::core::stringify!($name)).field(&self.0).finish()
            }
        }
    };
}
