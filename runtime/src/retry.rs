//! [`RetryPolicy`] and the retry decisions of [`Core::send`](crate::Core::send).
//!
//! Modelled on the Stainless SDKs (openai-python): retry connection errors, timeouts and
//! the statuses 408, 409, 429 and 5xx (for non-idempotent methods without an idempotency
//! key, only what the server certainly did not act on); wait `initial_backoff * 2^n` (capped at
//! `max_backoff`) scaled by a random factor in 0.75–1.0, unless the server said how long to
//! wait with `retry-after-ms` or `Retry-After` (seconds or an HTTP date) and that is at
//! most 60 s. A server may also force the decision with `x-should-retry: true|false`.

use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// The longest server-requested wait (`Retry-After`) that is honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// When and how often a failed request is retried.
///
/// What is retried depends on the method, so that a retry never repeats a side effect the
/// server may already have carried out:
///
/// * Idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`): connection
///   errors, timeouts, other transport failures, and the statuses 408, 409, 429 and 5xx.
/// * Non-idempotent methods (`POST`, `PATCH`, …): only failures where the server certainly
///   did not act: a connection that could not be established (nothing was sent), and the
///   statuses 408, 429 and 503. Not timeouts, dropped connections, 409 or other 5xx.
/// * Non-idempotent methods when an idempotency key header is configured
///   ([`ClientConfig::idempotency_key_header`](crate::ClientConfig::idempotency_key_header)):
///   each call gets one random key, sent in that header on every attempt, so the server can
///   deduplicate; they are then retried like idempotent methods.
///
/// On an error status (≥ 400) the server can override the decision with
/// `x-should-retry: true` or `x-should-retry: false`.
///
/// The wait before retry `n` (0-based) is `initial_backoff * 2^n`, capped at `max_backoff`,
/// times a random jitter factor between 0.75 and 1.0. A `retry-after-ms` or `Retry-After`
/// (seconds or HTTP date) response header of at most 60 s replaces that wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// Wait before the first retry (before jitter).
    pub initial_backoff: Duration,
    /// Upper bound of the exponential wait (before jitter).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 2 retries, 500 ms initial backoff, 8 s maximum backoff.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The exponential wait before retry `retry` (0-based), jitter included.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 2f64.powi(retry.min(62) as i32);
        let base = self.initial_backoff.as_secs_f64() * factor;
        let capped = base.min(self.max_backoff.as_secs_f64());
        let jitter: f64 = rand::rng().random_range(0.75..=1.0);
        // A `max_backoff` near `Duration::MAX` can round past it as seconds.
        Duration::try_from_secs_f64((capped * jitter).max(0.0)).unwrap_or(self.max_backoff)
    }

    /// The wait before retry `retry`, honouring the server's `Retry-After` headers.
    pub(crate) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        headers
            .and_then(|h| retry_after(h, SystemTime::now()))
            .filter(|d| *d <= MAX_RETRY_AFTER)
            .unwrap_or_else(|| self.backoff(retry))
    }
}

/// Whether `method` is idempotent (RFC 9110 §9.2.2): repeating it has the effect of
/// sending it once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Whether a response with this status and headers is worth retrying (`x-should-retry`
/// is only consulted for error statuses). `full` = the request may be repeated safely
/// (idempotent method or idempotency key): otherwise only 408, 429 and 503, which say the
/// request was not processed.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap, full: bool) -> bool {
    if status.as_u16() < 400 {
        return false;
    }
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    match status.as_u16() {
        408 | 429 | 503 => true,
        409 => full,
        _ => full && status.is_server_error(),
    }
}

/// The wait the server asked for: `retry-after-ms` (milliseconds), else `Retry-After`
/// (seconds, or an HTTP date: a date in the past means "now"). `None` when absent or
/// unparsable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    if let Some(ms) = text("retry-after-ms").and_then(|t| t.parse::<f64>().ok()) {
        return seconds(ms / 1000.0);
    }
    let value = text("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let now = chrono::DateTime::<chrono::Utc>::from(now);
    let millis = (date.with_timezone(&chrono::Utc) - now).num_milliseconds();
    Some(Duration::from_millis(millis.max(0) as u64))
}

fn seconds(secs: f64) -> Option<Duration> {
    (0.0..1e9)
        .contains(&secs)
        .then(|| Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let policy = RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
        };
        for _ in 0..50 {
            for (retry, full) in [
                (0, 100),
                (1, 200),
                (2, 400),
                (3, 800),
                (4, 1000),
                (40, 1000),
            ] {
                let d = policy.backoff(retry).as_secs_f64() * 1000.0;
                let full = f64::from(full);
                assert!(
                    d >= full * 0.75 - 0.001 && d <= full + 0.001,
                    "retry {retry}: {d}"
                );
            }
        }
        assert!(policy.backoff(u32::MAX) <= Duration::from_millis(1000));
    }

    /// `Duration::MAX` in seconds rounds up past itself: the longest backoff is
    /// the cap, never a panic, whatever the jitter draws.
    #[test]
    fn a_backoff_capped_at_duration_max_does_not_panic() {
        let policy = RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
        };
        for _ in 0..1000 {
            assert!(policy.backoff(62) >= Duration::from_secs(1 << 62));
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_400); // 2015-10-21 07:26:40 UTC
        let get = |pairs| retry_after(&headers(pairs), now);
        assert_eq!(get(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        assert_eq!(get(&[("retry-after", "0")]), Some(Duration::ZERO));
        assert_eq!(
            get(&[("retry-after", "1.5")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            get(&[("retry-after-ms", "250")]),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            get(&[("retry-after-ms", "20"), ("retry-after", "9")]),
            Some(Duration::from_millis(20))
        );
        assert_eq!(
            get(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]),
            Some(Duration::from_secs(80))
        );
        assert_eq!(
            get(&[("retry-after", "Wed, 21 Oct 2015 07:00:00 GMT")]),
            Some(Duration::ZERO)
        );
        assert_eq!(get(&[("retry-after", "-1")]), None);
        assert_eq!(get(&[("retry-after", "soon")]), None);
        assert_eq!(get(&[]), None);
    }

    #[test]
    fn long_retry_after_falls_back_to_backoff() {
        let policy = RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(10),
        };
        assert!(
            policy.delay(0, Some(&headers(&[("retry-after", "3600")])))
                <= Duration::from_millis(10)
        );
        assert_eq!(
            policy.delay(0, Some(&headers(&[("retry-after", "60")]))),
            Duration::from_secs(60)
        );
        assert!(policy.delay(0, None) <= Duration::from_millis(10));
    }

    #[test]
    fn retryable_statuses() {
        let none = HeaderMap::new();
        let retry =
            |code: u16, full: bool| should_retry(StatusCode::from_u16(code).unwrap(), &none, full);
        for code in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(retry(code, true), "{code}");
        }
        for code in [200, 201, 301, 400, 401, 403, 404, 422] {
            assert!(!retry(code, true), "{code}");
            assert!(!retry(code, false), "{code}");
        }
        for code in [408, 429, 503] {
            assert!(retry(code, false), "{code}");
        }
        for code in [409, 500, 502, 504, 599] {
            assert!(!retry(code, false), "{code}");
        }
        for full in [true, false] {
            assert!(should_retry(
                StatusCode::BAD_REQUEST,
                &headers(&[("x-should-retry", "true")]),
                full
            ));
            assert!(!should_retry(
                StatusCode::SERVICE_UNAVAILABLE,
                &headers(&[("x-should-retry", "false")]),
                full
            ));
        }
        for method in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::TRACE,
        ] {
            assert!(is_idempotent(&method), "{method}");
        }
        for method in [Method::POST, Method::PATCH, Method::CONNECT] {
            assert!(!is_idempotent(&method), "{method}");
        }
        assert_eq!(RetryPolicy::none().max_retries, 0);
        assert_eq!(RetryPolicy::default().max_retries, 2);
    }
}
