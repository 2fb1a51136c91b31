//! Typed response headers: how a header the spec declares is read into its Rust type
//! ([`header_value`], [`header_values`]), the trait a generated `{Op}Headers` struct
//! implements ([`ResponseHeaders`]) and the one that ties an operation's error enum to it
//! ([`OperationHeaders`]), so both a success ([`Call::with_headers`](crate::Call::with_headers))
//! and an error ([`Error::typed_headers`](crate::Error::typed_headers)) give them.
//!
//! Reading is lenient: a header that is absent, not text, or does not parse as its type is
//! `None`, never an error that would lose the response (its raw value stays in the
//! `HeaderMap` of the metadata or the error).

use reqwest::header::HeaderMap;

use crate::metadata::ResponseMetadata;

/// A value a response header holds, parsed from its text.
pub trait FromHeader: Sized {
    /// The value of `text` (already trimmed), if it is one.
    fn from_header(text: &str) -> Option<Self>;
}

impl FromHeader for String {
    fn from_header(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

macro_rules! from_str_header {
    ($($ty:ty),*) => {$(
        impl FromHeader for $ty {
            fn from_header(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}

from_str_header!(i32, i64, u32, u64, f32, f64);

impl FromHeader for bool {
    /// `true`/`false`, any ASCII case (headers are not JSON).
    fn from_header(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
}

impl FromHeader for url::Url {
    /// An absolute URL only: a relative `Location` has no base here (the response's own
    /// URL is not kept past the call), so it stays raw in the `HeaderMap`.
    fn from_header(text: &str) -> Option<Self> {
        url::Url::parse(text).ok()
    }
}

impl FromHeader for chrono::DateTime<chrono::FixedOffset> {
    /// RFC 3339 (what `format: date-time` says), else the HTTP date of RFC 9110
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), which is what headers such as `Last-Modified`
    /// and a rate limit's reset time carry in practice.
    fn from_header(text: &str) -> Option<Self> {
        chrono::DateTime::parse_from_rfc3339(text)
            .or_else(|_| chrono::DateTime::parse_from_rfc2822(text))
            .ok()
    }
}

impl FromHeader for chrono::NaiveDate {
    fn from_header(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// The first value of header `name`, parsed as `T`; `None` when absent, not visible
/// ASCII, or not a `T`.
pub fn header_value<T: FromHeader>(headers: &HeaderMap, name: &str) -> Option<T> {
    let text = headers.get(name)?.to_str().ok()?;
    T::from_header(text.trim())
}

/// Every value of header `name` (its comma-separated items, across repeated headers:
/// the `simple` style of a header array), each parsed as `T`; `None` when absent or when
/// an item is not a `T` (a list with a bad item is not silently shortened).
pub fn header_values<T: FromHeader>(headers: &HeaderMap, name: &str) -> Option<Vec<T>> {
    let mut out = Vec::new();
    let mut seen = false;
    for value in headers.get_all(name) {
        seen = true;
        let text = value.to_str().ok()?;
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            out.push(T::from_header(item)?);
        }
    }
    seen.then_some(out)
}

/// The typed headers of an operation's responses: a generated `{Op}Headers` struct, one
/// `Option` field per header the spec declares.
pub trait ResponseHeaders: Sized {
    /// Reads every declared header of `headers` (leniently: see [`header_value`]).
    fn from_headers(headers: &HeaderMap) -> Self;
}

/// Ties an operation's error enum to the typed headers of the operation's responses, so
/// [`Error::typed_headers`](crate::Error::typed_headers) and
/// [`Call::with_headers`](crate::Call::with_headers) know which struct to read.
pub trait OperationHeaders {
    /// The operation's `{Op}Headers`.
    type Headers: ResponseHeaders;
}

/// A decoded success value with the operation's typed headers and the
/// [`ResponseMetadata`]: what [`Call::with_headers`](crate::Call::with_headers) gives.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WithHeaders<T, H> {
    /// The decoded response.
    pub value: T,
    /// The headers the spec declares, typed.
    pub headers: H,
    /// Its status, raw headers, request id and attempts.
    pub metadata: ResponseMetadata,
}

impl<T, H> WithHeaders<T, H> {
    /// The value, the typed headers and the metadata, apart.
    pub fn into_parts(self) -> (T, H, ResponseMetadata) {
        (self.value, self.headers, self.metadata)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn values_parse_as_their_type_or_are_none() {
        let headers = map(&[
            ("x-rate-limit", " 42 "),
            ("x-bad", "4x2"),
            ("x-flag", "TRUE"),
            ("location", "https://api.example.com/pets/7"),
            ("x-relative", "/pets/7"),
            ("x-when", "2024-07-22T20:15:20+02:00"),
            ("last-modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ("x-ids", "1, 2"),
            ("x-ids", "3"),
            ("x-mixed", "1, b"),
        ]);
        assert_eq!(header_value::<i64>(&headers, "X-Rate-Limit"), Some(42));
        assert_eq!(header_value::<u32>(&headers, "x-rate-limit"), Some(42));
        assert_eq!(header_value::<i64>(&headers, "x-bad"), None);
        assert_eq!(
            header_value::<String>(&headers, "x-bad").as_deref(),
            Some("4x2")
        );
        assert_eq!(header_value::<i64>(&headers, "x-missing"), None);
        assert_eq!(header_value::<bool>(&headers, "x-flag"), Some(true));
        assert_eq!(
            header_value::<url::Url>(&headers, "location").map(String::from),
            Some("https://api.example.com/pets/7".to_owned())
        );
        assert_eq!(header_value::<url::Url>(&headers, "x-relative"), None);
        let when = header_value::<chrono::DateTime<chrono::FixedOffset>>(&headers, "x-when");
        assert_eq!(
            when.map(|w| w.to_rfc3339()).as_deref(),
            Some("2024-07-22T20:15:20+02:00")
        );
        let modified =
            header_value::<chrono::DateTime<chrono::FixedOffset>>(&headers, "last-modified");
        assert_eq!(
            modified.map(|w| w.to_rfc3339()).as_deref(),
            Some("1994-11-06T08:49:37+00:00")
        );
        assert_eq!(header_values::<i64>(&headers, "x-ids"), Some(vec![1, 2, 3]));
        assert_eq!(header_values::<i64>(&headers, "x-mixed"), None);
        assert_eq!(header_values::<i64>(&headers, "x-missing"), None);
    }
}
