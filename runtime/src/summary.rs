//! The `Display` of generated error enums: the provider's code and message.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// The longest message shown; the rest is cut (the raw body keeps it all).
const MAX_MESSAGE_CHARS: usize = 300;

/// A field of an error body as [`fmt_api_error`] takes it (`null` when it does not
/// serialize, which generated types always do).
pub fn summary_value<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Writes `CODE/OTHER_CODE: message` from the code and message fields of an error body,
/// leaving out those that are `null`; `fallback` (the response's description) when all
/// are. Strings are written as they are, other values as compact JSON; a message longer
/// than 300 characters is cut.
pub fn fmt_api_error(
    f: &mut fmt::Formatter<'_>,
    fallback: &str,
    codes: &[Value],
    message: Value,
) -> fmt::Result {
    let codes: Vec<String> = codes.iter().filter_map(text).collect();
    let message = text(&message);
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

    struct Shown<'a>(&'a [Value], Value);

    impl fmt::Display for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_api_error(f, "Bad Request", self.0, self.1.clone())
        }
    }

    #[test]
    fn codes_and_message() {
        let v = |s: &str| summary_value(s);
        let show = |codes: &[Value], message: Value| Shown(codes, message).to_string();
        assert_eq!(
            show(
                &[v("INVALID_INPUT"), v("INVALID_LINK_TOKEN")],
                v("bad token")
            ),
            "INVALID_INPUT/INVALID_LINK_TOKEN: bad token"
        );
        assert_eq!(show(&[Value::Null], v("bad token")), "bad token");
        assert_eq!(show(&[v("E1")], Value::Null), "E1");
        assert_eq!(show(&[], Value::Null), "Bad Request");
        assert_eq!(show(&[v(" ")], serde_json::json!({})), "Bad Request");
        assert_eq!(
            show(&[], serde_json::json!({"json": {"token": ["invalid"]}})),
            r#"{"json":{"token":["invalid"]}}"#
        );
        let long = "x".repeat(400);
        assert_eq!(show(&[], v(&long)).chars().count(), 301);
    }
}
