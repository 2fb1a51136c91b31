//! [`deserialize_untagged!`](crate::deserialize_untagged): the `Deserialize`
//! of a generated untagged union (`oneOf`/`anyOf` without a discriminator),
//! which chooses the variant the value actually is.
//!
//! serde's `#[serde(untagged)]` takes the first variant that decodes. Generated
//! structs skip unknown keys and string enums keep unknown values, so an early,
//! permissive variant decodes almost anything, and what it does not declare is
//! dropped (Adyen's `{"type": "applepay", "applePayToken": …}` became the ACH
//! variant, and went back out as `{"type": "applepay"}`). Here the value is
//! read once into a `serde_json::Value`, then:
//!
//! 1. when the union has an implicit tag (a property whose enum or `const`
//!    values tell the variants apart, found by the generator), only the
//!    variants that list the value's tag are tried, if any does;
//! 2. the first of those that decodes *strictly* wins: no string enum met an
//!    unknown value, and serializing the result gives back every key and
//!    value of the input (a `null` may be left out, defaults may be added);
//! 3. when none does, the first that decodes at all (serde's rule), over
//!    every variant.
//!
//! One generic function per union type does the choosing; each variant adds
//! one closure that decodes it from the `Value`.

use std::cell::Cell;

use serde::Serialize;
use serde_json::Value;

thread_local! {
    /// How many `UnknownValue`s this thread has made: a decode that made
    /// one met a string enum value its type does not list.
    static UNKNOWN_VALUES: Cell<u64> = const { Cell::new(0) };
}

/// Counts one unknown string enum value (`UnknownValue::__new`).
pub(crate) fn count_unknown() {
    UNKNOWN_VALUES.with(|count| count.set(count.get().wrapping_add(1)));
}

fn unknown_values() -> u64 {
    UNKNOWN_VALUES.with(Cell::get)
}

fn set_unknown_values(value: u64) {
    UNKNOWN_VALUES.with(|count| count.set(value));
}

/// One variant of an untagged union: the implicit tag values that select
/// it (empty when it declares none) and its decoder.
#[doc(hidden)]
pub type Variant<U> = (&'static [&'static str], fn(&Value) -> Option<U>);

/// The variant `value` is, by the rules of the module docs; `name` is the
/// union's, for the error.
#[doc(hidden)]
pub fn choose<U: Serialize>(
    value: &Value,
    name: &str,
    tag: Option<&str>,
    variants: &[Variant<U>],
) -> Result<U, String> {
    let start = unknown_values();
    let tagged = tag
        .and_then(|property| value.get(property))
        .and_then(Value::as_str);
    let selected = |(tags, _): &&Variant<U>| tagged.is_some_and(|t| tags.contains(&t));
    let narrowed = variants.iter().any(|v| selected(&v));
    let candidates = || variants.iter().filter(move |v| !narrowed || selected(v));
    for (_, decode) in candidates() {
        set_unknown_values(start);
        if let Some(decoded) = decode(value) {
            let lossless = unknown_values() == start && keeps(value, &written(&decoded));
            if lossless {
                return Ok(decoded);
            }
        }
    }
    // Tolerant, as serde's untagged: the first that decodes, over every
    // variant (an implicit tag narrows only the strict choice).
    for (_, decode) in variants {
        set_unknown_values(start);
        if let Some(decoded) = decode(value) {
            return Ok(decoded);
        }
    }
    set_unknown_values(start);
    Err(format!(
        "data did not match any variant of untagged enum {name}"
    ))
}

/// A decoded value as it would be sent. Written to bytes as a request
/// body is (`serde_json::to_vec`, whose instances of the variants'
/// `Serialize` a client that sends them compiles anyway) and read back by
/// one non-generic parse, rather than `serde_json::to_value`, which would
/// instantiate every variant's `Serialize` once more.
fn written<U: Serialize>(decoded: &U) -> Value {
    serde_json::to_vec(decoded)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

/// Whether `output` (a decoded value, serialized again) still holds all of
/// `input`: every key with its value (a `null` may be missing: an unset
/// `Option` is not written), arrays item by item, numbers by value (`1`
/// read into an `f64` is written `1.0`), date-times by instant and offset
/// (`…05.000Z` is written `…05Z`). Keys only `output` has are defaults,
/// which lose nothing.
fn keeps(input: &Value, output: &Value) -> bool {
    match (input, output) {
        (Value::Object(input), Value::Object(output)) => {
            input.iter().all(|(key, value)| match output.get(key) {
                Some(kept) => keeps(value, kept),
                None => value.is_null(),
            })
        }
        (Value::Array(input), Value::Array(output)) => {
            input.len() == output.len() && input.iter().zip(output).all(|(i, o)| keeps(i, o))
        }
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => a == b || same_date_time(a, b),
        (a, b) => a == b,
    }
}

/// Implements `serde::Deserialize` for an untagged union: the type, `by
/// "wire name"` when it has an implicit tag property, then each variant as
/// `Variant(Type) [tag values…]`. Serialization stays `#[derive(Serialize)]
/// #[serde(untagged)]`, which the choice uses.
///
/// ```
/// use serde::Serialize;
///
/// #[derive(Debug, PartialEq, Serialize)]
/// struct Ach { r#type: String }
/// linkgen_runtime::deserialize_struct!(Ach { 0 r#type: String = "type" required });
///
/// #[derive(Debug, PartialEq, Serialize)]
/// struct ApplePay { r#type: String, token: String }
/// linkgen_runtime::deserialize_struct!(ApplePay {
///     0 r#type: String = "type" required,
///     1 token: String = "token" required,
/// });
///
/// #[derive(Debug, PartialEq, Serialize)]
/// #[serde(untagged)]
/// enum Method { Ach(Ach), ApplePay(ApplePay) }
/// linkgen_runtime::deserialize_untagged!(Method by "type" {
///     Ach(Ach) ["ach"],
///     ApplePay(ApplePay) ["applepay"],
/// });
///
/// let method: Method = serde_json::from_str(r#"{"type": "applepay", "token": "t"}"#).unwrap();
/// assert!(matches!(method, Method::ApplePay(_)));
/// ```
#[macro_export]
macro_rules! deserialize_untagged {
    ($type:ident { $($body:tt)* }) => {
        $crate::deserialize_untagged!(@impl $type, ::core::option::Option::None, { $($body)* });
    };
    ($type:ident by $tag:literal { $($body:tt)* }) => {
        $crate::deserialize_untagged!(
            @impl $type, ::core::option::Option::Some($tag), { $($body)* }
        );
    };
    (@impl $type:ident, $tag:expr, { $($variant:ident($ty:ty) [$($value:literal),*]),* $(,)? }) => {
        #[allow(deprecated)]
        impl<'de> $crate::serde::Deserialize<'de> for $type {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::serde::Deserializer<'de>,
            {
                let value = <$crate::serde_json::Value as $crate::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                $crate::untagged::choose(
                    &value,
                    ::core::stringify!($type),
                    $tag,
                    &[$((&[$($value),*], |value| {
                        <$ty as $crate::serde::Deserialize>::deserialize(value)
                            .ok()
                            .map($type::$variant)
                    }),)*],
                )
                .map_err(<__D::Error as $crate::serde::de::Error>::custom)
            }
        }
    };
}

/// Whether two RFC 3339 date-times are the same instant with the same
/// offset, however their fractions are written.
fn same_date_time(a: &str, b: &str) -> bool {
    let parse = chrono::DateTime::parse_from_rfc3339;
    match (parse(a), parse(b)) {
        (Ok(a), Ok(b)) => a == b && a.offset() == b.offset(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::keeps;
    use serde_json::json;

    #[test]
    fn keeps_every_key_value_and_item_of_the_input() {
        let input = json!({"a": 1, "b": [1, {"c": "x"}], "n": null});
        assert!(keeps(
            &input,
            &json!({"a": 1.0, "b": [1, {"c": "x"}], "d": []})
        ));
        assert!(!keeps(&input, &json!({"a": 1, "b": [1, {}]})));
        assert!(!keeps(&input, &json!({"a": 2, "b": [1, {"c": "x"}]})));
        assert!(!keeps(&input, &json!({"a": 1, "b": [1]})));
        assert!(!keeps(
            &json!("2024-01-02T03:04:05-07:00"),
            &json!("2024-01-02T10:04:05Z")
        ));
        // The same instant and offset, written with another fraction.
        assert!(keeps(
            &json!("2024-01-02T03:04:05.000Z"),
            &json!("2024-01-02T03:04:05Z")
        ));
        assert!(keeps(
            &json!("2019-08-02T19:15:54.256000+02:00"),
            &json!("2019-08-02T19:15:54.256+02:00")
        ));
        assert!(!keeps(&json!("a"), &json!("b")));
    }
}
