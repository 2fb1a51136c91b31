//! [`CallOptions`]: what the caller sets on one call, kept apart from what the
//! operation's [`Request`](crate::Request) describes (method, path template, parameters,
//! body, `Accept`, security, whether it is safe to repeat).

use std::fmt;
use std::time::Duration;

use crate::retry::RetryPolicy;

/// The per-call options of a request: each `None` is the client's setting. Set through
/// [`Call`](crate::Call)'s setters (or [`Request`](crate::Request)'s of the same names);
/// read once, by `prepare`.
#[derive(Clone, Default)]
pub(crate) struct CallOptions {
    /// The per-attempt timeout.
    pub(crate) timeout: Option<Duration>,
    /// The bound of the whole call, retries and their waits included.
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    /// Sent on every attempt, in the client's idempotency key header.
    pub(crate) idempotency_key: Option<String>,
}

/// Shows whether an idempotency key is set, never the key.
impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("idempotency_key", &self.idempotency_key.is_some())
            .finish()
    }
}
