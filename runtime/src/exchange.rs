//! One attempt's exchange ([`Exchange`]): the prepared request through the transport,
//! same-origin redirects followed, and the final response's body read under the size cap.
//! A hand-written state machine rather than an `async fn`, so that a call's future
//! (`send.rs`) holds it in place, small, and moves no response between layers.

use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};

use crate::body::Body;
use crate::engine::Core;
use crate::error::{ResponseParts, SendError, TooLarge};
use crate::prepare::Prepared;
use crate::redirect::redirect_target;
use crate::response::Response;
use crate::stream::{ByteStream, StreamSlot};
use crate::transport::{Sent, TransportError};

/// The most redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

/// The most of a body's declared length reserved before its bytes arrive.
const RESERVE_MAX: usize = 8 << 20;

/// Why one attempt produced no usable response.
pub(crate) enum Failure {
    Timeout,
    Transport(TransportError),
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
    },
}

impl Failure {
    /// A connection that could not be established is always worth retrying (nothing was
    /// sent); a timeout or a connection lost mid-way only when the request is repeatable;
    /// an oversized body never (it would be as large again).
    pub(crate) fn is_retryable(&self, repeatable: bool) -> bool {
        match self {
            Failure::Timeout => repeatable,
            Failure::Transport(e) if e.is_builder() => false,
            Failure::Transport(e) => e.is_connect() || repeatable,
            Failure::TooLarge { .. } => false,
        }
    }

    pub(crate) fn into_error(self, core: &Core, attempts: u32) -> SendError {
        match self {
            Failure::Timeout => SendError::Timeout { attempts },
            Failure::Transport(source) => SendError::Transport { source, attempts },
            Failure::TooLarge { status, headers } => {
                SendError::ResponseTooLarge(Box::new(TooLarge {
                    response: ResponseParts {
                        request_id: crate::metadata::request_id(None, &headers, &[]),
                        status,
                        headers,
                        body: Bytes::new(),
                        attempts,
                        scrub: core.inner.scrub.clone(),
                    },
                    limit: core.inner.max_response_bytes,
                }))
            }
        }
    }
}

/// A transport's error, as a failure of the attempt.
fn transport(e: TransportError) -> Failure {
    // A connect timeout is a connection that could not be established (nothing was sent),
    // not a timeout of the request.
    if e.reqwest().is_some_and(|e| e.is_timeout()) && !e.is_connect() {
        Failure::Timeout
    } else {
        Failure::Transport(e)
    }
}

/// One attempt's exchange: a hop being sent, or the final response's body being read.
/// Kept in its call's future between attempts (idle), so that starting one writes a few
/// fields rather than moving a whole state in.
pub(crate) struct Exchange {
    method: Method,
    /// Whether a 301/302/303 turned the request into one without body.
    bodiless: bool,
    redirects: usize,
    hop: Hop,
}

enum Hop {
    Idle,
    Sending(Sent),
    Reading(Reading),
}

/// The final response, its body being read chunk by chunk so that an oversized one costs
/// at most about the limit. Its status, headers and URL stay in `response` until the
/// end, rather than beside it in this state.
struct Reading {
    response: reqwest::Response,
    /// Whether the response came from elsewhere than the prepared URL (a redirect).
    moved: bool,
    declared: usize,
    body: Read,
}

/// The body read so far.
enum Read {
    Nothing,
    /// A body that arrives in one chunk is kept as it is, without a copy.
    One(Bytes),
    Many(BytesMut),
}

impl Exchange {
    /// An exchange with no attempt in flight.
    pub(crate) fn idle() -> Self {
        Exchange {
            method: Method::GET,
            bodiless: false,
            redirects: 0,
            hop: Hop::Idle,
        }
    }

    /// Starts an attempt: sends its first hop.
    pub(crate) fn begin(&mut self, core: &Core, prepared: &Prepared, url: &url::Url) {
        self.method = prepared.method.clone();
        self.bodiless = false;
        self.redirects = 0;
        let method = self.method.clone();
        self.hop = Hop::Sending(send(core, prepared, method, false, url.clone()));
    }

    /// Drops the attempt in flight, if any (its time ran out, or it is over).
    pub(crate) fn end(&mut self) {
        self.hop = Hop::Idle;
    }

    /// Drives the attempt to `url` (the prepared one): its final response, body read, or
    /// why there is none.
    pub(crate) fn poll(
        &mut self,
        cx: &mut Context<'_>,
        core: &Core,
        prepared: &Prepared,
        url: &url::Url,
    ) -> Poll<Result<Response, Failure>> {
        loop {
            match &mut self.hop {
                Hop::Idle => return Poll::Pending,
                Hop::Sending(sent) => {
                    let response = match Pin::new(sent).poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(response)) => response,
                        Poll::Ready(Err(e)) => return Poll::Ready(Err(transport(e))),
                    };
                    let status = response.status();
                    let bodiless = self.bodiless;
                    let next = (self.redirects < MAX_REDIRECTS
                        && !prepared.no_follow.contains(&status.as_u16()))
                    .then(|| {
                        redirect_target(
                            url,
                            &prepared.query_credentials,
                            response.url(),
                            status,
                            response.headers(),
                        )
                    })
                    .flatten()
                    // A 307 or 308 resends the body: not a stream already read.
                    .filter(|_| {
                        bodiless
                            || matches!(status.as_u16(), 301..=303)
                            || prepared.body.as_ref().is_none_or(Body::replayable)
                    });
                    if let Some(next) = next {
                        if matches!(status.as_u16(), 301..=303) {
                            if self.method != Method::HEAD {
                                self.method = Method::GET;
                            }
                            self.bodiless = true;
                        }
                        self.redirects += 1;
                        let method = self.method.clone();
                        self.hop = Hop::Sending(send(core, prepared, method, self.bodiless, next));
                        continue;
                    }
                    let moved = self.redirects > 0 || response.url() != url;
                    let limit = core.inner.max_response_bytes;
                    if prepared.stream_success && status.is_success() {
                        return Poll::Ready(Ok(streamed(core, response, moved)));
                    }
                    let declared = response.content_length().unwrap_or(0);
                    if declared > limit as u64 {
                        return Poll::Ready(Err(too_large(response)));
                    }
                    self.hop = Hop::Reading(Reading {
                        response,
                        moved,
                        declared: declared as usize,
                        body: Read::Nothing,
                    });
                }
                Hop::Reading(reading) => return reading.poll(cx, core),
            }
        }
    }
}

/// A success left unread for the caller to stream.
fn streamed(core: &Core, mut response: reqwest::Response, moved: bool) -> Response {
    let url = moved.then(|| response.url().clone());
    let status = response.status();
    // Taken, not cloned: the stream needs no headers.
    let headers = std::mem::take(response.headers_mut());
    let stream = ByteStream::live(response, core.inner.max_response_bytes);
    let mut response =
        Response::received(status, headers, Bytes::new(), 1, core.inner.scrub.clone());
    response.stream = Some(StreamSlot::new(stream));
    response.url = url;
    response
}

/// A response whose body is over the limit: its status and headers, no body.
fn too_large(mut response: reqwest::Response) -> Failure {
    Failure::TooLarge {
        status: response.status(),
        headers: std::mem::take(response.headers_mut()),
    }
}

impl Reading {
    fn poll(&mut self, cx: &mut Context<'_>, core: &Core) -> Poll<Result<Response, Failure>> {
        let limit = core.inner.max_response_bytes;
        loop {
            // A fresh `chunk` future per poll, dropped when pending: it holds only a
            // borrow of the response and takes a frame only once one is ready, so
            // nothing is lost (and the response needs no future stored beside it).
            let chunk = match pin!(self.response.chunk()).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(chunk)) => chunk,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(transport(e.into()))),
            };
            let too_large = match (chunk, &mut self.body) {
                (None, _) => {
                    let body = match std::mem::replace(&mut self.body, Read::Nothing) {
                        Read::Nothing => Bytes::new(),
                        Read::One(body) => body,
                        Read::Many(body) => body.freeze(),
                    };
                    // What a relative `Location` or next-page link is resolved against:
                    // left `None` when it is the prepared URL, which the call then moves
                    // in rather than this copying it.
                    let url = self.moved.then(|| self.response.url().clone());
                    // Taken, not cloned.
                    let headers = std::mem::take(self.response.headers_mut());
                    let status = self.response.status();
                    let mut response =
                        Response::received(status, headers, body, 1, core.inner.scrub.clone());
                    response.url = url;
                    return Poll::Ready(Ok(response));
                }
                (Some(first), Read::Nothing) => {
                    let too_large = first.len() > limit;
                    self.body = Read::One(first);
                    too_large
                }
                (Some(second), Read::One(first)) => {
                    // The declared length is the server's word: reserve at most
                    // `RESERVE_MAX` of it up front and grow into the rest as bytes
                    // arrive, so a lie under a caller's huge cap cannot ask the
                    // allocator for more than it has (an abort, not an error).
                    let reserve = self.declared.min(RESERVE_MAX);
                    let mut body = BytesMut::with_capacity(reserve.max(first.len() + second.len()));
                    body.extend_from_slice(first);
                    let too_large = body.len() + second.len() > limit;
                    body.extend_from_slice(&second);
                    self.body = Read::Many(body);
                    too_large
                }
                (Some(chunk), Read::Many(body)) => {
                    let too_large = body.len() + chunk.len() > limit;
                    if !too_large {
                        body.extend_from_slice(&chunk);
                    }
                    too_large
                }
            };
            if too_large {
                return Poll::Ready(Err(Failure::TooLarge {
                    status: self.response.status(),
                    headers: std::mem::take(self.response.headers_mut()),
                }));
            }
        }
    }
}

/// One hop's request to the transport. The prepared parts are copied into the request
/// handed to reqwest (which takes them by value); the `Bytes` body and the header values
/// are shared, not copied.
fn send(core: &Core, prepared: &Prepared, method: Method, bodiless: bool, url: url::Url) -> Sent {
    let mut request = reqwest::Request::new(method, url);
    let headers = request.headers_mut();
    *headers = prepared.headers.clone();
    if bodiless {
        headers.remove(header::CONTENT_TYPE);
    } else if let Some(body) = &prepared.body {
        *request.body_mut() = Some(body.to_reqwest());
    }
    core.inner.transport.send(request)
}
