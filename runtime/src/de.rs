//! [`deserialize_struct!`](crate::deserialize_struct): the `Deserialize` impl of a
//! generated object type, small to compile.
//!
//! `#[derive(Deserialize)]` writes, per struct, a field enum with its own visitor
//! (string, bytes and integer keys), a sequence visitor and a map visitor with
//! duplicate checks; rustc type-checks all of it, and every decoder instantiates the
//! field visitor again per struct. On a spec with hundreds of types that is half of
//! the generated crate's build. This impl reads only a JSON object, finds each key
//! with one [`FieldSeed`] shared by every struct (each struct brings its own `match`
//! on its wire names), and matches the key's position: the same
//! values decode (unknown keys skipped, a missing `Option` or defaulted field is
//! `None` or its default, a missing required one the error `missing field `name``),
//! in a fraction of the code. Two things derive accepts are not accepted: a struct
//! written as a JSON array, and (instead of an error) a repeated key, whose last value
//! wins, as in `serde_json::Value`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Finds an object key among a struct's fields with the struct's own
/// `match` on its wire names (`Some(position)`, `None` for a key it does not
/// declare): one seed type for every struct, so serde_json's key reading is
/// compiled once, while each struct's lookup is a `match` the compiler turns
/// into a few integer comparisons. Allocates nothing.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct FieldSeed(pub fn(&str) -> Option<usize>);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((self.0)(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(std::str::from_utf8(key).ok().and_then(self.0))
    }
}

/// Implements `serde::Deserialize` for a struct with named fields, each given as
/// `position field: Type = "wire name" kind`: its position in the list (from 0, in
/// order), its name and type as the struct declares them, its wire name, and `required`
/// (missing is an error) or `or_default` (missing is `None` or the type's default). The
/// impl's own items are named `__…`, which no generated type is.
///
/// Each field's local is declared with its type and each key's position matched as an
/// integer: a local typed only by the struct literal at the end leaves an inference
/// variable and a pending `Deserialize` obligation at every read, which rustc
/// re-examines at each one (quadratic in the number of fields), and a field enum with
/// its derives, a table and a closure per struct were more to check than the `match`
/// itself (GitHub's client: 7 % fewer instructions to `cargo check` it with its
/// `issues` feature, 140 MB less at the peak with every feature).
///
/// ```
/// #[derive(Debug, PartialEq)]
/// struct Link {
///     id: String,
///     r#type: Option<String>,
///     tags: Vec<String>,
/// }
///
/// linkgen_runtime::deserialize_struct!(Link {
///     0 id: String = "id" required,
///     1 r#type: Option<String> = "@type" or_default,
///     2 tags: Vec<String> = "tags" or_default,
/// });
///
/// let link: Link = serde_json::from_str(r#"{"id": "a", "@type": "b", "other": 1}"#).unwrap();
/// assert_eq!(link, Link { id: "a".into(), r#type: Some("b".into()), tags: vec![] });
/// let missing = serde_json::from_str::<Link>("{}").unwrap_err();
/// assert_eq!(missing.to_string(), "missing field `id` at line 1 column 2");
/// ```
#[macro_export]
macro_rules! deserialize_struct {
    // A field's value once the object is read: a missing required field is serde's
    // `missing field` error, a missing optional one `None` or its type's default.
    // Written out rather than a helper function and `?`: each `?` is a `From`
    // conversion and a `Try` dispatch rustc checks per field (a quarter of the
    // type checking of a large struct's impl).
    (@take required $field:ident $wire:literal $access:ident) => {
        match $field {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => {
                return ::core::result::Result::Err(
                    <$access::Error as $crate::serde::de::Error>::missing_field($wire),
                );
            }
        }
    };
    (@take or_default $field:ident $wire:literal $access:ident) => {
        $field.unwrap_or_default()
    };
    ($type:ident {
        $($position:literal $field:ident: $ty:ty = $wire:literal $kind:ident),* $(,)?
    }) => {
        // Decoding sets every field, deprecated ones too; its locals are named
        // after the fields, whatever the spec calls them.
        #[allow(deprecated, clippy::disallowed_names, clippy::many_single_char_names)]
        impl<'de> $crate::serde::Deserialize<'de> for $type {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::serde::Deserializer<'de>,
            {
                #[inline]
                fn __position(key: &str) -> ::core::option::Option<usize> {
                    match key {
                        $($wire => ::core::option::Option::Some($position),)*
                        _ => ::core::option::Option::None,
                    }
                }

                struct __Visitor;

                impl<'de> $crate::serde::de::Visitor<'de> for __Visitor {
                    type Value = $type;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("struct ", ::core::stringify!($type)))
                    }

                    fn visit_map<__A>(self, mut map: __A) -> ::core::result::Result<$type, __A::Error>
                    where
                        __A: $crate::serde::de::MapAccess<'de>,
                    {
                        $(let mut $field: ::core::option::Option<$ty> = ::core::option::Option::None;)*
                        while let ::core::option::Option::Some(key) =
                            map.next_key_seed($crate::de::FieldSeed(__position))?
                        {
                            match key {
                                $(::core::option::Option::Some($position) => {
                                    match map.next_value() {
                                        ::core::result::Result::Ok(value) => {
                                            $field = ::core::option::Option::Some(value);
                                        }
                                        ::core::result::Result::Err(error) => {
                                            return ::core::result::Result::Err(error);
                                        }
                                    }
                                })*
                                _ => {
                                    map.next_value::<$crate::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        // One field at a time, not inside the struct literal: there
                        // each failure point drops its own set of the fields read so far,
                        // a cleanup path per field, quadratic in the number of fields
                        // (most of a large client's consumer code); `let`s share one.
                        $(let $field = $crate::deserialize_struct!(@take $kind $field $wire __A);)*
                        ::core::result::Result::Ok($type { $($field,)* })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    struct Item {
        id: String,
        r#type: Option<String>,
        count: Option<i64>,
        nested: Option<Box<Item>>,
    }

    crate::deserialize_struct!(Item {
        0 id: String = "id" required,
        1 r#type: Option<String> = "@type" or_default,
        2 count: Option<i64> = "count" or_default,
        3 nested: Option<Box<Item>> = "nested" or_default,
    });

    /// An object type with no properties: any object decodes.
    #[derive(Debug, PartialEq)]
    struct Empty {}

    crate::deserialize_struct!(Empty {});

    #[test]
    fn a_struct_without_fields_reads_any_object() {
        let value: Empty = serde_json::from_str(r#"{"any": [1, {"deep": null}]}"#).unwrap();
        assert_eq!(value, Empty {});
        let error = serde_json::from_str::<Empty>("3").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: integer `3`, expected struct Empty at line 1 column 1"
        );
    }

    fn item(id: &str) -> Item {
        Item {
            id: id.into(),
            r#type: None,
            count: None,
            nested: None,
        }
    }

    #[test]
    fn reads_wire_names_and_skips_unknown_keys() {
        let json = r#"{"@type": "t", "id": "a", "extra": {"deep": [1, 2]}, "count": null,
            "nested": {"id": "b", "count": 3}}"#;
        let value: Item = serde_json::from_str(json).unwrap();
        let mut nested = item("b");
        nested.count = Some(3);
        let mut expected = item("a");
        expected.r#type = Some("t".into());
        expected.nested = Some(Box::new(nested));
        assert_eq!(value, expected);
    }

    #[test]
    fn escaped_keys_match_too() {
        let value: Item = serde_json::from_str(r#"{"\u0069d": "a", "\u0040type": "t"}"#).unwrap();
        assert_eq!(value.id, "a");
        assert_eq!(value.r#type.as_deref(), Some("t"));
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let value: Item = serde_json::from_str(r#"{"id": "a", "id": "b"}"#).unwrap();
        assert_eq!(value, item("b"));
    }

    #[test]
    fn errors_name_the_field_or_the_expected_shape() {
        let missing = serde_json::from_str::<Item>(r#"{"@type": "t"}"#).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "missing field `id` at line 1 column 14"
        );
        let wrong = serde_json::from_str::<Item>(r#"{"id": 5}"#).unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "invalid type: integer `5`, expected a string at line 1 column 8"
        );
        let array = serde_json::from_str::<Item>(r#"["a"]"#).unwrap_err();
        assert_eq!(
            array.to_string(),
            "invalid type: sequence, expected struct Item at line 1 column 0"
        );
    }
}
