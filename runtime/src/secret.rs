//! [`Secret`]: a string that never shows up in logs.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The text printed instead of a secret.
pub(crate) const REDACTED: &str = "[redacted]";

/// A credential-like string (API key, token, password).
///
/// `Debug` and `Display` print `[redacted]`; the value is only reachable through
/// [`Secret::expose`]. It serializes and deserializes as a plain JSON string, so it can be
/// used for secret fields of request and response bodies.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret value itself. Take care not to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Secret(secret)
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Self {
        Secret(secret.to_owned())
    }
}

impl From<&String> for Secret {
    fn from(secret: &String) -> Self {
        Secret(secret.clone())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

/// The configured credential values, to be cut out of text that may quote them: a server
/// that echoes request headers into an error message or a response header must not make
/// a credential appear in `Display` or `Debug` output.
///
/// Cheap to clone (an `Arc` inside); the default scrubs nothing.
#[derive(Clone, Default)]
pub(crate) struct Scrub(Option<std::sync::Arc<[Box<str>]>>);

impl Scrub {
    /// Scrubs every non-empty value of `secrets`, longest first (so a value that contains
    /// another is cut out whole).
    pub(crate) fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut values: Vec<Box<str>> = secrets
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(String::into_boxed_str)
            .collect();
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        values.dedup();
        Scrub((!values.is_empty()).then(|| values.into()))
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub(crate) fn apply<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let Some(values) = &self.0 else {
            return text.into();
        };
        let mut out = std::borrow::Cow::Borrowed(text);
        for value in values.iter() {
            if out.contains(&**value) {
                out = out.replace(&**value, REDACTED).into();
            }
        }
        out
    }

    /// Writes what `write` writes, scrubbed; `{:#?}` stays pretty.
    pub(crate) fn fmt(
        &self,
        f: &mut fmt::Formatter<'_>,
        write: impl Fn(&mut fmt::Formatter<'_>) -> fmt::Result,
    ) -> fmt::Result {
        if self.0.is_none() {
            return write(f);
        }
        struct Adapter<F>(F);
        impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Adapter<F> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                (self.0)(f)
            }
        }
        let text = if f.alternate() {
            format!("{:#}", Adapter(&write))
        } else {
            format!("{}", Adapter(&write))
        };
        f.write_str(&self.apply(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_cuts_out_every_secret_longest_first() {
        let scrub = Scrub::new(["abc".to_owned(), "abcdef".to_owned(), String::new()]);
        assert_eq!(scrub.apply("x abcdef y abc"), "x [redacted] y [redacted]");
        assert_eq!(Scrub::default().apply("abc"), "abc");
        assert_eq!(Scrub::new([String::new()]).apply("abc"), "abc");
    }
}
