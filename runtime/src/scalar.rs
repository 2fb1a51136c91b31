//! The text of a scalar parameter value, written where it goes without a
//! `serde_json::Value` in between (a parameter's value is most often one string, and the
//! `Value` costs a copy and an allocation per parameter per call).
//!
//! [`scalar_text`] gives exactly what `params::scalar_text` gives for the `Value` that
//! `serde_json::to_value` would make (strings raw, integers and booleans as their JSON
//! text, `null` absent), for the values it knows; every other value (arrays, maps,
//! structs, floats, whose JSON text is serde_json's to decide, and whatever fails) is
//! [`Scalar::Other`]: the caller then takes the `Value` way, which gives the same result
//! or the same error as before.

use std::fmt::{self, Write};

use serde::ser::{self, Impossible, Serialize, Serializer};

/// What a value is, as a parameter.
pub(crate) enum Scalar {
    /// `null`, `None`, `()`: nothing to send.
    Absent,
    /// A scalar: `write` got its text.
    Written,
    /// Not a scalar this module writes: nothing was written.
    Other,
}

/// Hands the text of `value` to `write` when it is a scalar (see the module docs). `write`
/// is a trait object so that the serializer is one type: only `T`'s `serialize` is
/// instantiated per parameter type.
pub(crate) fn scalar_text<T: Serialize + ?Sized>(value: &T, write: &mut dyn FnMut(&str)) -> Scalar {
    match value.serialize(ScalarText { write }) {
        Ok(true) => Scalar::Written,
        Ok(false) => Scalar::Absent,
        Err(NotScalar) => Scalar::Other,
    }
}

/// A value that is not a scalar, or that failed to serialize.
#[derive(Debug)]
struct NotScalar;

impl fmt::Display for NotScalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a scalar")
    }
}

impl std::error::Error for NotScalar {}

impl ser::Error for NotScalar {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotScalar
    }
}

/// The serializer: `Ok(true)` once the text is written, `Ok(false)` for an absent value.
struct ScalarText<'a> {
    write: &'a mut dyn FnMut(&str),
}

impl ScalarText<'_> {
    fn text(self, text: &str) -> Result<bool, NotScalar> {
        (self.write)(text);
        Ok(true)
    }

    /// An integer's text, formatted on the stack.
    fn integer(self, value: impl fmt::Display) -> Result<bool, NotScalar> {
        let mut buffer = Digits::default();
        write!(buffer, "{value}").map_err(|_| NotScalar)?;
        self.text(buffer.as_str())
    }
}

/// Room for any `i64` or `u64` in decimal.
#[derive(Default)]
struct Digits {
    bytes: [u8; 20],
    len: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        // Only ASCII digits and `-` are ever written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl Write for Digits {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Everything that is not a scalar.
macro_rules! other {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, NotScalar> {
            Err(NotScalar)
        })*
    };
}

impl Serializer for ScalarText<'_> {
    type Ok = bool;
    type Error = NotScalar;
    type SerializeSeq = Impossible<bool, NotScalar>;
    type SerializeTuple = Impossible<bool, NotScalar>;
    type SerializeTupleStruct = Impossible<bool, NotScalar>;
    type SerializeTupleVariant = Impossible<bool, NotScalar>;
    type SerializeMap = Impossible<bool, NotScalar>;
    type SerializeStruct = Impossible<bool, NotScalar>;
    type SerializeStructVariant = Impossible<bool, NotScalar>;

    fn serialize_bool(self, value: bool) -> Result<bool, NotScalar> {
        self.text(if value { "true" } else { "false" })
    }

    fn serialize_i8(self, value: i8) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_i16(self, value: i16) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_i32(self, value: i32) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_i64(self, value: i64) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_u8(self, value: u8) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_u16(self, value: u16) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_u32(self, value: u32) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_u64(self, value: u64) -> Result<bool, NotScalar> {
        self.integer(value)
    }

    fn serialize_char(self, value: char) -> Result<bool, NotScalar> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<bool, NotScalar> {
        self.text(value)
    }

    fn serialize_none(self) -> Result<bool, NotScalar> {
        Ok(false)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, NotScalar> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<bool, NotScalar> {
        Ok(false)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<bool, NotScalar> {
        Ok(false)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, NotScalar> {
        self.text(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, NotScalar> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotScalar> {
        Err(NotScalar)
    }

    other! {
        serialize_f32(f32) -> bool;
        serialize_f64(f64) -> bool;
        serialize_i128(i128) -> bool;
        serialize_u128(u128) -> bool;
        serialize_bytes(&[u8]) -> bool;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What the `Value` way gives: `params::scalar_text` of `serde_json::to_value`.
    fn by_value<T: Serialize + ?Sized>(value: &T) -> Option<Option<String>> {
        let value = serde_json::to_value(value).ok()?;
        Some(match value {
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => return None,
            scalar => crate::params::scalar_text(&scalar),
        })
    }

    fn direct<T: Serialize + ?Sized>(value: &T) -> Option<Option<String>> {
        let mut out = None;
        match scalar_text(value, &mut |text| out = Some(text.to_owned())) {
            Scalar::Written => Some(out),
            Scalar::Absent => Some(None),
            Scalar::Other => None,
        }
    }

    /// What `#[derive(Serialize)]` writes for a string enum, a newtype and a unit
    /// struct (the runtime has no serde derive).
    struct Color;

    impl Serialize for Color {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_unit_variant("Color", 0, "dark-blue")
        }
    }

    struct Id(u32);

    impl Serialize for Id {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_newtype_struct("Id", &self.0)
        }
    }

    struct Unit;

    impl Serialize for Unit {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_unit_struct("Unit")
        }
    }

    /// Each scalar gives what the `Value` way gives; floats and containers are left to it.
    #[test]
    fn a_scalar_s_text_is_the_value_way_s() {
        let same = |direct: Option<Option<String>>, by_value: Option<Option<String>>| {
            assert!(direct.is_some(), "{by_value:?}");
            assert_eq!(direct, by_value);
        };
        same(direct("a b/é"), by_value("a b/é"));
        same(direct(""), by_value(""));
        same(direct(&true), by_value(&true));
        same(direct(&false), by_value(&false));
        same(direct(&i64::MIN), by_value(&i64::MIN));
        same(direct(&u64::MAX), by_value(&u64::MAX));
        same(direct(&-7i8), by_value(&-7i8));
        same(direct(&0u16), by_value(&0u16));
        same(direct(&'é'), by_value(&'é'));
        same(direct(&Some("x")), by_value(&Some("x")));
        same(direct(&None::<&str>), by_value(&None::<&str>));
        same(direct(&()), by_value(&()));
        same(direct(&Unit), by_value(&Unit));
        same(direct(&Color), by_value(&Color));
        same(direct(&Id(42)), by_value(&Id(42)));
        same(direct(&json!("s")), by_value(&json!("s")));
        same(direct(&json!(null)), by_value(&json!(null)));
        same(direct(&json!(12)), by_value(&json!(12)));
        for other in [json!(1.5), json!([1]), json!({"a": 1})] {
            assert!(direct(&other).is_none(), "{other}");
        }
        assert!(direct(&1.5f64).is_none());
        assert!(direct(&f64::NAN).is_none());
        assert!(direct(&i128::MAX).is_none());
        assert!(direct(&[1, 2]).is_none());
    }
}
