//! serde helpers for optional `format: byte` fields of type `Option<Vec<u8>>`.
//!
//! Use as `#[serde(default, skip_serializing_if = "Option::is_none", with =
//! "::linkgen_runtime::base64_option")]`. `null` deserializes as `None`.

use serde::de::{Deserializer, Visitor};
use serde::Serializer;
use std::fmt;

use crate::base64::{encode, Base64Visitor};

/// Serializes `Some(bytes)` as a base64 string and `None` as `null`.
pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, serializer: S) -> Result<S::Ok, S::Error> {
    match bytes {
        Some(bytes) => serializer.serialize_str(&encode(bytes)),
        None => serializer.serialize_none(),
    }
}

/// Deserializes a base64 string or `null`.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<u8>>, D::Error> {
    deserializer.deserialize_option(OptionVisitor)
}

struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<Vec<u8>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(Base64Visitor).map(Some)
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct File {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::base64_option"
        )]
        data: Option<Vec<u8>>,
    }

    #[test]
    fn optional_bytes() {
        let some = File {
            data: Some(b"hi!".to_vec()),
        };
        assert_eq!(serde_json::to_string(&some).unwrap(), r#"{"data":"aGkh"}"#);
        assert_eq!(
            serde_json::from_str::<File>(r#"{"data":"aGkh"}"#).unwrap(),
            some
        );
        let none = File { data: None };
        assert_eq!(serde_json::to_string(&none).unwrap(), "{}");
        assert_eq!(serde_json::from_str::<File>("{}").unwrap(), none);
        assert_eq!(
            serde_json::from_str::<File>(r#"{"data":null}"#).unwrap(),
            none
        );
    }
}
