//! Redirects: which ones [`Core::send`] follows itself (same origin, not documented by
//! the operation), and [`Redirect`], the success value of an operation whose documented
//! answer is a `3xx` (an archive download pointing at its file).

use std::convert::Infallible;
use std::fmt;

use percent_encoding::percent_decode_str;
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};

use crate::call::Call;
use crate::engine::Core;
use crate::error::{DecodeError, Error};
use crate::response::Response;
use crate::stream::ByteStream;

/// Where a same-origin redirect leads; `None` when the response is not a redirect to
/// follow (not a redirect status, no or bad `Location`, another origin than `origin`'s).
/// `query_credentials` (`in: query` credentials as `(name, encoded piece)`) are put again
/// on the target, replacing whatever the server echoed under their names.
pub(crate) fn redirect_target(
    origin: &url::Url,
    query_credentials: &[(&'static str, String)],
    current: &url::Url,
    status: StatusCode,
    headers: &HeaderMap,
) -> Option<url::Url> {
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = headers.get(header::LOCATION)?.to_str().ok()?;
    let mut next = current.join(location).ok()?;
    if next.origin() != origin.origin() {
        return None;
    }
    next.set_fragment(None);
    Some(with_query_credentials(next, query_credentials))
}

/// `url` with the `in: query` credentials (`(name, encoded piece)`) put on its query,
/// replacing whatever it carries under their names (a server echoing a key back in a
/// `Location` or a next-page link).
pub(crate) fn with_query_credentials(
    mut url: url::Url,
    query_credentials: &[(&'static str, String)],
) -> url::Url {
    if query_credentials.is_empty() {
        return url;
    }
    let mut pieces: Vec<String> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|piece| {
            let name = piece.split('=').next().unwrap_or_default();
            let name = percent_decode_str(name).decode_utf8_lossy();
            !piece.is_empty() && !query_credentials.iter().any(|(n, _)| *n == name)
        })
        .map(str::to_owned)
        .collect();
    pieces.extend(query_credentials.iter().map(|(_, p)| p.clone()));
    url.set_query(Some(&pieces.join("&")));
    url
}

/// A documented redirect: the success of an operation whose answer is a `3xx` (GitHub's
/// archive downloads answer `302 Found` with the file's URL in `Location`).
///
/// The client does not follow it: the URL is often on another host (a CDN, a storage
/// bucket) and often carries its own short-lived token. [`Redirect::follow`] fetches it
/// without the client's credentials or default headers (they stay on the API's origin).
/// `Debug` shows the URL without its query, which may hold such a token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The status (`302 Found`, `303 See Other`…).
    pub status: StatusCode,
    /// The `Location`, resolved against the URL of the request that got it.
    pub location: url::Url,
}

impl Redirect {
    /// The URL it points to.
    pub fn location(&self) -> &url::Url {
        &self.location
    }

    /// A `GET` of [`Redirect::location`] through `client` (a generated `Client`): its
    /// timeouts and retries apply, same-origin redirects are followed, and no credential
    /// is sent (nor, to another origin than the client's, any default header). A 2xx
    /// answer gives its body as a [`ByteStream`], read as it arrives (an archive need not
    /// fit in memory; [`ByteStream::bytes`] buffers it under the size cap); any other
    /// status is [`Error::UnexpectedStatus`].
    pub fn follow(&self, client: &impl AsRef<Core>) -> Call<ByteStream, Infallible> {
        let core = client.as_ref();
        let mut request = core.request(Method::GET, "<redirect>", String::new());
        request.target = Some(self.location.clone());
        request.stream_success(true);
        Call::new(core, request, |response| {
            if response.status().is_success() {
                Ok(response.stream())
            } else {
                Err(response.unexpected())
            }
        })
    }
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.location.clone();
        if shown.query().is_some() {
            shown.set_query(Some(crate::secret::REDACTED));
        }
        f.debug_struct("Redirect")
            .field("status", &self.status)
            .field("location", &shown.as_str())
            .finish()
    }
}

impl Response {
    /// A documented redirect: its status and `Location` (resolved against the URL the
    /// request went to). A missing `Location`, or one that is not a URL, is
    /// [`Error::Decode`] naming the `location` header (the value is not shown: it may hold
    /// a token).
    pub fn redirect<E>(self) -> Result<Redirect, Error<E>> {
        let location = match self.headers.get(header::LOCATION) {
            None => Err("missing".to_owned()),
            Some(value) => match value.to_str() {
                Err(_) => Err("not visible ASCII".to_owned()),
                Ok(text) => {
                    let parsed = match &self.url {
                        Some(base) => base.join(text),
                        None => url::Url::parse(text),
                    };
                    parsed.map_err(|e| format!("not a URL: {e}"))
                }
            },
        };
        match location {
            Ok(location) if matches!(location.scheme(), "http" | "https") => Ok(Redirect {
                status: self.status,
                location,
            }),
            Ok(_) => Err(self.bad_location("not an http or https URL".to_owned())),
            Err(message) => Err(self.bad_location(message)),
        }
    }

    fn bad_location<E>(mut self, message: String) -> Error<E> {
        // Shown as `[redacted]` by the error's `Debug`, like the message: it may hold a token.
        if let Some(value) = self.headers.get_mut(header::LOCATION) {
            value.set_sensitive(true);
        }
        let mut error = DecodeError::new(self, String::new(), message);
        error.header = Some("location");
        Error::Decode(Box::new(error))
    }
}
