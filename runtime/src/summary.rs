//! [`ErrorSummary`]: the provider's code and message of an error, the same for every
//! generated crate, and the helpers of the generated errors' `Display`, which shows them.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// The longest message `Display` shows; the rest is cut (the raw body and
/// [`ErrorSummary::message`] keep it all).
const MAX_MESSAGE_CHARS: usize = 300;

/// The provider's code and message of an error, whatever crate it comes from.
///
/// Every generated operation's enum of documented errors implements it, from the fields
/// of each error body that hold a code (`error_type`, `error_code`, `code`) and a message
/// (`error_message`, `message`, `error_description`, `detail`, `errors`, `title`,
/// `error`): the ones its `Display` shows. So does [`Error`](crate::Error) (for
/// [`Error::Api`](crate::Error::Api); every other variant has neither) and
/// [`ApiError`](crate::ApiError); those two cut configured credentials out of what they
/// return, as their `Display` does.
///
/// One function classifies the errors of every client:
///
/// ```
/// use linkgen_runtime::ErrorSummary;
///
/// /// What an adapter makes of any provider's error.
/// #[derive(Debug, PartialEq)]
/// enum Outcome {
///     Reconnect,
///     Retry,
///     Failed(String),
/// }
///
/// fn classify(error: &(impl ErrorSummary + ?Sized)) -> Outcome {
///     match error.code().as_deref() {
///         Some("INVALID_LINK_TOKEN" | "ITEM_LOGIN_REQUIRED") => Outcome::Reconnect,
///         Some("RATE_LIMIT_EXCEEDED") => Outcome::Retry,
///         _ => Outcome::Failed(error.message().unwrap_or_default()),
///     }
/// }
/// # struct Plaid;
/// # impl ErrorSummary for Plaid {
/// #     fn codes(&self) -> Vec<String> { vec!["INVALID_INPUT".into(), "INVALID_LINK_TOKEN".into()] }
/// #     fn message(&self) -> Option<String> { Some("bad token".into()) }
/// # }
/// # assert_eq!(classify(&Plaid), Outcome::Reconnect);
/// ```
pub trait ErrorSummary {
    /// The provider's codes, broadest first (Plaid's `error_type` then `error_code`:
    /// `["INVALID_INPUT", "INVALID_LINK_TOKEN"]`); empty when the error has none.
    /// Strings as they are (trimmed), other values as compact JSON; blank ones left out.
    fn codes(&self) -> Vec<String>;

    /// The provider's message, whole (`Display` cuts it at 300 characters): a string as
    /// it is (trimmed), another value (Partoo's `errors` object) as compact JSON; `None`
    /// when the error has none.
    fn message(&self) -> Option<String>;

    /// The most specific code: the last of [`codes`](Self::codes) (Plaid's `error_code`).
    fn code(&self) -> Option<String> {
        self.codes().pop()
    }
}

/// A field of an error body as [`ErrorSummary`] gives it: `None` when it is `null`,
/// blank, empty or does not serialize (generated types always do).
#[doc(hidden)]
pub fn summary_text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    text(&serde_json::to_value(value).unwrap_or(Value::Null))
}

/// The codes of an error body: those of `fields` that are present.
#[doc(hidden)]
pub fn summary_codes<I: IntoIterator<Item = Option<String>>>(fields: I) -> Vec<String> {
    fields.into_iter().flatten().collect()
}

/// The `Display` of a generated error enum: `CODE/OTHER_CODE: message` from its
/// [`ErrorSummary`], `fallback` (the response's description) when it has neither; a
/// message longer than 300 characters is cut.
#[doc(hidden)]
pub fn fmt_summary(
    f: &mut fmt::Formatter<'_>,
    fallback: &str,
    error: &dyn ErrorSummary,
) -> fmt::Result {
    let codes = error.codes();
    let message = error.message();
    if !codes.is_empty() {
        f.write_str(&codes.join("/"))?;
        if message.is_some() {
            f.write_str(": ")?;
        }
    }
    match message {
        Some(message) if message.chars().count() > MAX_MESSAGE_CHARS => {
            let cut: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
            write!(f, "{cut}…")
        }
        Some(message) => f.write_str(&message),
        None if codes.is_empty() => f.write_str(fallback),
        None => Ok(()),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Object(map) if map.is_empty() => None,
        Value::Array(items) if items.is_empty() => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Body(Vec<Option<String>>, Option<String>);

    impl ErrorSummary for Body {
        fn codes(&self) -> Vec<String> {
            summary_codes(self.0.clone())
        }
        fn message(&self) -> Option<String> {
            self.1.clone()
        }
    }

    impl fmt::Display for Body {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_summary(f, "Bad Request", self)
        }
    }

    #[test]
    fn codes_and_message() {
        let v = |s: &str| summary_text(s);
        let show = |codes: &[Option<String>], message: Option<String>| {
            Body(codes.to_vec(), message).to_string()
        };
        assert_eq!(
            show(
                &[v("INVALID_INPUT"), v("INVALID_LINK_TOKEN")],
                v("bad token")
            ),
            "INVALID_INPUT/INVALID_LINK_TOKEN: bad token"
        );
        assert_eq!(show(&[summary_text(&())], v("bad token")), "bad token");
        assert_eq!(show(&[v("E1")], None), "E1");
        assert_eq!(show(&[], None), "Bad Request");
        assert_eq!(
            show(&[v(" ")], summary_text(&serde_json::json!({}))),
            "Bad Request"
        );
        let errors = serde_json::json!({"json": {"token": ["invalid"]}});
        assert_eq!(
            show(&[], summary_text(&errors)),
            r#"{"json":{"token":["invalid"]}}"#
        );
        let long = "x".repeat(400);
        assert_eq!(show(&[], v(&long)).chars().count(), 301);
        // The trait keeps the whole message, and the narrowest code.
        let body = Body(vec![v(" A "), None, summary_text(&42)], v(&long));
        assert_eq!(body.codes(), ["A", "42"]);
        assert_eq!(body.code().as_deref(), Some("42"));
        assert_eq!(body.message().map(|m| m.len()), Some(400));
        assert_eq!(Body(vec![], None).code(), None);
    }
}
