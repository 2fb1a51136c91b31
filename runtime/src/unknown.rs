//! [`UnknownValue`]: the opaque payload of a generated string enum's `Unknown` variant.

/// A string enum value that this version of a generated crate does not know.
///
/// Generated string enums keep a value they do not list in their `Unknown(UnknownValue)`
/// variant, so it still decodes and is sent back unchanged. The value is deliberately
/// opaque: there is no public way to read it or to build one. A match arm such as
/// `Status::Unknown(v) if v == "paused"` would silently stop matching the day `paused`
/// becomes a real variant in a new version of the crate, so it cannot be written; compare
/// the enum's own `as_str()` instead (`status.as_str() == "paused"`), which keeps working
/// when the value becomes a variant. `Debug` shows the value, for logs.
///
/// ```compile_fail
/// // No public constructor: only generated code makes these.
/// let value = linkgen_runtime::UnknownValue("paused".to_string());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value received on the wire (or parsed with `From<&str>`). For generated code
    /// only: not part of the public API, may change in any release.
    #[doc(hidden)]
    pub fn __new(value: impl Into<String>) -> Self {
        // An untagged union prefers a variant that meets no unknown value.
        crate::untagged::count_unknown();
        UnknownValue(value.into())
    }

    /// The value as sent on the wire, for the generated enum's own `as_str()`. For
    /// generated code only: not part of the public API, may change in any release; use
    /// the enum's `as_str()`.
    #[doc(hidden)]
    pub fn __as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::UnknownValue;

    #[test]
    fn keeps_the_value_and_orders_by_it() {
        let a = UnknownValue::__new("a");
        let b = UnknownValue::__new(String::from("b"));
        assert_eq!(a.__as_str(), "a");
        assert!(a < b);
        assert_eq!(a.clone(), a);
        assert_eq!(format!("{a:?}"), "UnknownValue(\"a\")");
    }
}
