//! serde helpers for `format: byte` fields (base64 text in JSON) of type `Vec<u8>`.
//!
//! Use as `#[serde(with = "::linkgen_runtime::base64")]`. Serialization writes standard
//! base64 with padding; deserialization also accepts the URL-safe alphabet, missing padding
//! and embedded whitespace (line-wrapped MIME base64), because servers send all three.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::de::{Deserializer, Visitor};
use serde::Serializer;

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Encodes bytes as standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes base64 text: standard or URL-safe alphabet, padding optional, ASCII whitespace
/// ignored.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let compact: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let engine = if compact.iter().any(|c| matches!(c, b'-' | b'_')) {
        URL_SAFE_LENIENT
    } else {
        STANDARD_LENIENT
    };
    engine
        .decode(&compact)
        .map_err(|e| format!("invalid base64: {e}"))
}

/// Serializes bytes as a base64 string.
pub fn serialize<T, S>(bytes: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: AsRef<[u8]> + ?Sized,
    S: Serializer,
{
    serializer.serialize_str(&encode(bytes.as_ref()))
}

/// Deserializes a base64 string into bytes.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    deserializer.deserialize_str(Base64Visitor)
}

pub(crate) struct Base64Visitor;

impl Visitor<'_> for Base64Visitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        decode(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&data)).unwrap(), data, "len {len}");
        }
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"f"), "Zg==");
    }

    #[test]
    fn decodes_leniently_and_rejects_garbage() {
        assert_eq!(decode("Zm8").unwrap(), b"fo");
        assert_eq!(decode("Zm9v\nYmFy").unwrap(), b"foobar");
        assert_eq!(decode("-_8=").unwrap(), decode("+/8=").unwrap());
        assert_eq!(
            decode("Z").unwrap_err(),
            "invalid base64: Invalid input length: 1"
        );
        assert_eq!(
            decode("Zm9v*").unwrap_err(),
            "invalid base64: Invalid symbol 42, offset 4."
        );
        assert_eq!(
            decode("Zg==Zg").unwrap_err(),
            "invalid base64: Invalid symbol 61, offset 2."
        );
    }

    #[test]
    fn works_with_serde() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct File {
            #[serde(with = "crate::base64")]
            data: Vec<u8>,
        }
        let file = File {
            data: b"hi!".to_vec(),
        };
        let json = serde_json::to_string(&file).unwrap();
        assert_eq!(json, r#"{"data":"aGkh"}"#);
        assert_eq!(serde_json::from_str::<File>(&json).unwrap(), file);
        let err = serde_json::from_str::<File>(r#"{"data":"*"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid base64: Invalid symbol 42, offset 0. at line 1 column 11"
        );
    }
}
