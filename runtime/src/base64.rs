//! serde helpers for `format: byte` fields (base64 text in JSON) of type `Vec<u8>`.
//!
//! Use as `#[serde(with = "::linkgen_runtime::base64")]`. Serialization writes standard
//! base64 with padding; deserialization also accepts the URL-safe alphabet, missing padding
//! and embedded whitespace (line-wrapped MIME base64).

use serde::de::{Deserializer, Visitor};
use serde::Serializer;
use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes bytes as standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes base64 text: standard or URL-safe alphabet, padding optional, ASCII whitespace
/// ignored.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for (i, c) in text.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(format!("invalid base64: data after padding at offset {i}"));
        }
        let v = sextet(c)
            .ok_or_else(|| format!("invalid base64: unexpected character at offset {i}"))?;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // 6 leftover bits mean one dangling character: never valid base64.
    if bits >= 6 || padding > 2 {
        return Err("invalid base64: truncated input".to_owned());
    }
    Ok(out)
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
        assert!(decode("Z").is_err());
        assert!(decode("Zm9v*").is_err());
        assert!(decode("Zg==Zg").is_err());
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
        let err = serde_json::from_str::<File>(r#"{"data":"a*"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid base64"), "{err}");
    }
}
