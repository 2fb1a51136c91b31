//! serde messages without the values they quote from the body.

/// serde's message without the values it quotes from the input.
///
/// `invalid type: string "abc", expected i64` → `invalid type: string, expected i64`;
/// `invalid value: integer `-1`, expected u8` → `invalid value: integer, expected u8`;
/// `unknown variant `x`, expected one of …` → `unknown variant, expected one of …`;
/// likewise `unknown field`. Other messages (syntax errors, `missing field`, messages of
/// hand-written deserializers) are kept as they are.
pub(crate) fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // The expected part comes last and from the code, not the body.
            let (unexpected, tail) = match rest.rfind(", expected ") {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            // `string "abc"`, `floating point `1.5``, `character `x`` …: keep the kind.
            let kind = unexpected
                .find(['`', '"'])
                .map_or(unexpected, |i| unexpected[..i].trim_end());
            return format!("{prefix}{kind}{tail}");
        }
    }
    for prefix in ["unknown variant", "unknown field"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let tail = [", expected ", ", there are no "]
                .iter()
                .filter_map(|marker| rest.rfind(marker))
                .max()
                .map_or("", |i| &rest[i..]);
            return format!("{prefix}{tail}");
        }
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_their_values() {
        for (message, want) in [
            (
                r#"invalid type: string "abc", expected i64 at line 1 column 9"#,
                "invalid type: string, expected i64 at line 1 column 9",
            ),
            (
                r#"invalid type: string "a, expected b", expected i64"#,
                "invalid type: string, expected i64",
            ),
            (
                "invalid value: integer `-1`, expected u8",
                "invalid value: integer, expected u8",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "invalid type: floating point, expected u32",
            ),
            (
                "invalid type: map, expected a string",
                "invalid type: map, expected a string",
            ),
            (
                "unknown variant `s3cr3t`, expected one of `a`, `b`",
                "unknown variant, expected one of `a`, `b`",
            ),
            (
                "unknown variant `s3cr3t`, there are no variants",
                "unknown variant, there are no variants",
            ),
            (
                "unknown field `s3cr3t`, expected `a`",
                "unknown field, expected `a`",
            ),
            ("missing field `id`", "missing field `id`"),
            (
                "expected value at line 1 column 1",
                "expected value at line 1 column 1",
            ),
        ] {
            assert_eq!(without_values(message), want);
        }
    }
}
