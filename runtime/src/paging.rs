//! Paging: [`Pages`] and [`Items`], the streams of a list operation's pages and of their
//! items, and [`Paging`], the rule that leads from one page to the next.

use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::header::{self, HeaderMap};

use crate::call::{Call, Decode};
use crate::engine::Core;
use crate::error::{Error, SendError};
use crate::params::Style;
use crate::request::Request;
use crate::response::Response;

/// How many pages [`Pages`] and [`Items`] fetch at most unless told otherwise
/// ([`Pages::max_pages`]): a bound, so that a server that never says "last page" cannot
/// keep a loop going forever.
pub const DEFAULT_MAX_PAGES: usize = 1_000;

/// How an operation's pages follow one another: what the generator found in the spec.
/// Generated code builds it; a consumer reads it only in the operation's docs.
#[doc(hidden)]
pub enum Paging<T> {
    /// The response's `Link` header names the next page (`<url>; rel="next"`).
    LinkHeader,
    /// The page gives the next page's URL (`links.next`).
    NextUrl(fn(&T) -> Option<String>),
    /// A query parameter takes the token the page gives for the next one (a cursor).
    Cursor {
        /// The query parameter's name.
        param: &'static str,
        /// The next page's token; `None` (or the token just sent) on the last page.
        next: fn(&T) -> Option<String>,
    },
    /// A query parameter counts the items to skip, advanced by each page's item count.
    Offset {
        /// The offset parameter's name.
        param: &'static str,
        /// The page-size parameter's name, if the operation has one.
        limit: Option<&'static str>,
        /// How many items a page holds.
        count: fn(&T) -> usize,
    },
    /// A query parameter numbers the pages, advanced by one.
    Page {
        /// The page-number parameter's name.
        param: &'static str,
        /// The number of the first page (`1`, or `0` where the spec says so).
        first: u64,
        /// The page-size parameter's name, if the operation has one.
        limit: Option<&'static str>,
        /// How many items a page holds.
        count: fn(&T) -> usize,
    },
}

/// A page on its way: the same type for every operation (the send path is compiled
/// once), the request kept to make the next one from.
type Pending = Pin<Box<dyn Future<Output = Result<(Response, Request), SendError>> + Send>>;

/// The pages of a list operation, each the decoded success body of one call: a
/// [`Stream`] of `Result<T, Error<E>>`, also read with [`Pages::next`].
///
/// Each page is an ordinary call of the operation (the same credentials, per-call
/// options, retries, timeouts, size cap and tracing span as a single call). The stream
/// ends after the last page, after [`Pages::max_pages`] pages, or after the first error
/// (which it yields). Nothing is sent until the stream is polled.
#[must_use = "pages do nothing until they are read"]
pub struct Pages<T, E> {
    core: Core,
    decode: Decode<T, E>,
    rule: Paging<T>,
    /// The request of the next page; `None` once the last page is known.
    next: Option<Request>,
    pending: Option<Pending>,
    fetched: usize,
    max_pages: usize,
}

impl<T, E> Call<T, E> {
    /// The pages this call starts: the generated `pages()` of a list operation's call.
    #[doc(hidden)]
    pub fn into_pages(self, rule: Paging<T>) -> Pages<T, E> {
        let (core, request, decode) = self.into_parts();
        Pages {
            core,
            decode,
            rule,
            next: Some(request),
            pending: None,
            fetched: 0,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

impl<T, E> Pages<T, E> {
    /// Fetches at most this many pages (default [`DEFAULT_MAX_PAGES`]); the stream ends
    /// quietly there, as after the last page.
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// How many pages were fetched so far.
    pub fn fetched(&self) -> usize {
        self.fetched
    }

    /// The items of every page, in order, taken from each page by `items`: the
    /// generated `items()` of a list operation's call.
    #[doc(hidden)]
    pub fn into_items<I>(self, items: fn(T) -> Vec<I>) -> Items<T, E, I> {
        Items {
            pages: self,
            items,
            buffered: VecDeque::new(),
        }
    }

    /// The next request, from the page just read and the request that got it; `None`
    /// when that page was the last.
    fn follow(&self, mut sent: Request, seen: &Seen, page: &T) -> Option<Request> {
        match &self.rule {
            Paging::LinkHeader => to_url(sent, seen, seen.link.as_deref()?),
            Paging::NextUrl(next) => to_url(sent, seen, &next(page)?),
            Paging::Cursor { param, next } => {
                let token = next(page).filter(|t| !t.is_empty())?;
                // A server answering the token it was given would loop forever.
                if sent.query_value(param).as_deref() == Some(token.as_str()) {
                    return None;
                }
                sent.query(param, &token, Style::Form, true);
                Some(sent)
            }
            Paging::Offset {
                param,
                limit,
                count,
            } => {
                let count = count(page);
                advance(sent, param, *limit, count, 0, count as u64)
            }
            Paging::Page {
                param,
                first,
                limit,
                count,
            } => advance(sent, param, *limit, count(page), *first, 1),
        }
    }
}

impl<T, E> Pages<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    /// The next page; `None` when there is none.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T, E> Stream for Pages<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.pending.is_none() {
            if this.fetched >= this.max_pages {
                this.next = None;
            }
            let Some(request) = this.next.take() else {
                return Poll::Ready(None);
            };
            this.pending = Some(send_page(&this.core, request));
        }
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let outcome = match pending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        this.pending = None;
        this.fetched += 1;
        let (response, sent) = match outcome {
            Ok(sent) => sent,
            Err(error) => return Poll::Ready(Some(Err(error.into()))),
        };
        // Decoding takes the response: what the rule reads of it is kept first.
        let seen = Seen {
            link: matches!(this.rule, Paging::LinkHeader)
                .then(|| next_link(&response.headers))
                .flatten(),
            url: response.url.clone(),
        };
        match (this.decode)(response) {
            Ok(page) => {
                this.next = this.follow(sent, &seen, &page);
                Poll::Ready(Some(Ok(page)))
            }
            Err(error) => Poll::Ready(Some(Err(error))),
        }
    }
}

/// What [`Pages::follow`] reads of a page's response besides its body.
struct Seen {
    /// The `Link` header's `rel="next"` target (read only for [`Paging::LinkHeader`]).
    link: Option<String>,
    /// The URL the page came from, which a relative link is resolved against.
    url: Option<url::Url>,
}

impl<T, E> fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("fetched", &self.fetched)
            .field("max_pages", &self.max_pages)
            .field("done", &(self.next.is_none() && self.pending.is_none()))
            .finish_non_exhaustive()
    }
}

/// The items of a list operation's pages, in order: a [`Stream`] of
/// `Result<I, Error<E>>`, also read with [`Items::next`]. Pages are fetched as the items
/// run out, by the rules of [`Pages`].
#[must_use = "items do nothing until they are read"]
pub struct Items<T, E, I> {
    pages: Pages<T, E>,
    items: fn(T) -> Vec<I>,
    buffered: VecDeque<I>,
}

impl<T, E, I> Items<T, E, I> {
    /// Fetches at most this many pages (default [`DEFAULT_MAX_PAGES`]); the stream ends
    /// quietly after their items.
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.pages.max_pages = max_pages;
        self
    }

    /// How many pages were fetched so far.
    pub fn fetched(&self) -> usize {
        self.pages.fetched
    }
}

impl<T, E, I> Items<T, E, I>
where
    T: Send + 'static,
    E: Send + 'static,
    I: Unpin,
{
    /// The next item; `None` when there is none.
    pub async fn next(&mut self) -> Option<Result<I, Error<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T, E, I> Stream for Items<T, E, I>
where
    T: Send + 'static,
    E: Send + 'static,
    I: Unpin,
{
    type Item = Result<I, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffered.extend((this.items)(page)),
            }
        }
    }
}

impl<T, E, I> fmt::Debug for Items<T, E, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish_non_exhaustive()
    }
}

/// The request for a next page given by URL: `link` resolved against the page's own
/// URL. A link equal to that URL would loop forever: then there is no next page.
fn to_url(mut sent: Request, seen: &Seen, link: &str) -> Option<Request> {
    let link = link.trim();
    if link.is_empty() {
        return None;
    }
    let target = match &seen.url {
        Some(base) => base.join(link).ok()?,
        None => url::Url::parse(link).ok()?,
    };
    if !matches!(target.scheme(), "http" | "https") || seen.url.as_ref() == Some(&target) {
        return None;
    }
    sent.target = Some(target);
    Some(sent)
}

/// The `rel="next"` target of a `Link` header (RFC 8288): `<url>; rel="next"` among
/// comma-separated links, `rel` possibly a space-separated list, quoted or not.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(header::LINK) {
        let Ok(text) = value.to_str() else { continue };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let close = after.find('>')?;
            let target = &after[..close];
            let params_end = after[close..].find('<').map_or(after.len(), |i| close + i);
            // Up to the next link, without the comma that separates them.
            let params = after[close + 1..params_end]
                .trim_end()
                .trim_end_matches(',');
            let is_next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_owned());
            }
            rest = &after[params_end..];
        }
    }
    None
}

/// The request for the page after one of `count` items: `param` (an offset or a page
/// number, `start` when the caller did not set it) advanced by `step`. `None` when that
/// page was the last: empty, or shorter than the page size the caller asked for.
fn advance(
    mut sent: Request,
    param: &str,
    limit: Option<&str>,
    count: usize,
    start: u64,
    step: u64,
) -> Option<Request> {
    if count == 0 || short_page(&sent, limit, count) {
        return None;
    }
    let current = number(&sent, param).unwrap_or(start);
    sent.query(param, &(current + step), Style::Form, true);
    Some(sent)
}

/// A numeric query parameter the request carries (an offset, a page number).
fn number(request: &Request, param: &str) -> Option<u64> {
    request.query_value(param)?.trim().parse().ok()
}

/// Whether a page holds fewer items than the page size the caller asked for: then it
/// is the last one, and asking further would cost a request for an empty page.
fn short_page(request: &Request, limit: Option<&str>, count: usize) -> bool {
    limit
        .and_then(|limit| number(request, limit))
        .is_some_and(|size| (count as u64) < size)
}

/// Sends a page's request, keeping it for the next one. Not generic: one state machine
/// for every operation's pages.
fn send_page(core: &Core, request: Request) -> Pending {
    let core = core.clone();
    Box::pin(async move {
        let response = core.send(request.clone()).await?;
        Ok((response, request))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn link(value: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(header::LINK, HeaderValue::from_str(value).unwrap());
        next_link(&headers)
    }

    #[test]
    fn link_header_next_is_found_among_others() {
        let github = r#"<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last""#;
        assert_eq!(
            link(github).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let later = r#"<https://x/?page=1>; rel="prev", <https://x/?page=3>; rel="next""#;
        assert_eq!(link(later).as_deref(), Some("https://x/?page=3"));
    }

    #[test]
    fn link_header_rel_lists_and_unquoted_values_count() {
        assert_eq!(link("</p/2>; rel=next").as_deref(), Some("/p/2"));
        assert_eq!(
            link(r#"</p/2>; title="a;b"; rel="prefetch next""#).as_deref(),
            Some("/p/2")
        );
        assert_eq!(link(r#"</p/2>; rel="nextish""#), None);
        assert_eq!(link(r#"</p/0>; rel="prev""#), None);
        assert_eq!(link("garbage"), None);
        assert_eq!(link("<unclosed; rel=next"), None);
    }
}
