//! [`Nullable`]: a field that is absent, `null`, or a value.
//!
//! `Option<T>` has two states, and a generated struct skips `None` when it
//! serializes, so a caller cannot send `null`. A PATCH-style API needs the
//! third state: leaving a field out keeps the server's value, `null` clears
//! it. The generator gives this type to the optional, nullable fields of the
//! types a request body can carry (the rule is in the generator's
//! `lower/nulls.rs`); every other optional field stays an `Option`.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

/// An optional field that may also be sent (and read) as an explicit `null`.
///
/// In a generated struct the field is `#[serde(default, skip_serializing_if =
/// "Nullable::is_absent")]`: [`Absent`](Nullable::Absent) is left out of the
/// JSON object, [`Null`](Nullable::Null) is written as `null`, and
/// [`Value`](Nullable::Value) as the value. Decoding reverses it: a missing
/// key is `Absent`, `null` is `Null`.
///
/// ```
/// use linkgen_runtime::Nullable;
///
/// #[derive(serde::Serialize, serde::Deserialize, Default)]
/// struct Patch {
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     nickname: Nullable<String>,
/// }
///
/// let keep = Patch::default();
/// assert_eq!(serde_json::to_string(&keep).unwrap(), "{}");
/// let clear = Patch { nickname: Nullable::Null };
/// assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"nickname":null}"#);
/// let set = Patch { nickname: "Bo".to_string().into() };
/// assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"nickname":"Bo"}"#);
///
/// let read: Patch = serde_json::from_str(r#"{"nickname":null}"#).unwrap();
/// assert!(read.nickname.is_null());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not sent (not received): the server keeps (or did not say) its value.
    #[default]
    Absent,
    /// Sent (received) as `null`: on a PATCH, the server clears the field.
    Null,
    /// Sent (received) as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether it is [`Absent`](Nullable::Absent) (what `skip_serializing_if`
    /// asks).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether it is [`Null`](Nullable::Null).
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (`None` for both absent and `null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, taken out (`None` for both absent and
    /// `null`: what an `Option` field would have held).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// A `Nullable` of a reference to the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Maps the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    /// [`Value`](Nullable::Value).
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some` is the value, `None` is [`Null`](Nullable::Null): an `Option`
    /// handed over says "this value, or none", which on the wire is `null`
    /// (leaving the field out is [`Nullable::Absent`], the default).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Absent is skipped by the field's `skip_serializing_if`; where
            // nothing skips it (a value serialized alone), `null` is the
            // only JSON it can be.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` is [`Null`](Nullable::Null), anything else the value; a
    /// missing key never reaches here (the field's default, `Absent`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[derive(Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        tags: Nullable<Vec<i64>>,
    }

    #[test]
    fn three_states_on_the_wire_and_back() {
        let cases = [
            (Patch::default(), "{}"),
            (
                Patch {
                    name: Nullable::Null,
                    tags: Nullable::Null,
                },
                r#"{"name":null,"tags":null}"#,
            ),
            (
                Patch {
                    name: Nullable::Value("a".into()),
                    tags: Nullable::Value(vec![1, 2]),
                },
                r#"{"name":"a","tags":[1,2]}"#,
            ),
        ];
        for (value, json) in cases {
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
            assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), value);
        }
    }

    #[test]
    fn a_wrong_value_is_still_an_error() {
        let error = serde_json::from_str::<Patch>(r#"{"tags":"x"}"#).unwrap_err();
        assert!(error.to_string().contains("invalid type"), "{error}");
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::Value(3).map(|v| v * 2).into_option(), Some(6));
        assert_eq!(Nullable::<i32>::Null.value(), None);
        assert_eq!(Nullable::Value(3).as_ref().value(), Some(&&3));
        assert!(Nullable::<i32>::default().is_absent());
    }
}
