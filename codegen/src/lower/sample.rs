//! A sample value of a scalar schema (`ir::Param::sample`,
//! `ir::Field::sample`): what the wire driver sends, so that a validating
//! mock server judges the client and not the driver's guesses.
//!
//! The one rule: the parameter's `example` (or first of its `examples`),
//! else the schema's `example`, else its `default`, else its first `enum`
//! value, else a value generated from its constraints (`pattern`, `format`,
//! `minLength`/`maxLength`, `minimum`/`maximum`/`exclusive…`/`multipleOf`).
//! A schema that constrains nothing has no sample (any value does). The
//! generation is deterministic: the same spec gives the same samples.

use openapiv3::{
    IntegerType, NumberType, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value;

use super::refs::SchemaRef;
use super::Ctx;
use crate::ir::Sample;

impl Ctx<'_> {
    /// The sample of a scalar schema, as JSON text; `given`: the
    /// parameter's or media type's own example, which comes first.
    pub(crate) fn sample(
        &self,
        schema: Option<SchemaRef<'_>>,
        at: &str,
        given: Option<&Value>,
    ) -> Option<Sample> {
        if let Some(value) = given.filter(|v| is_scalar(v)) {
            return Some(Sample::Value(value.to_string()));
        }
        let (resolved, here) = self.resolve_schema(schema?, at).ok()?;
        // A lone `allOf` member (a `$ref` with siblings, in 3.1) stands for
        // its target, the siblings' example and default first.
        if let SchemaKind::AllOf { all_of } = &resolved.schema_kind {
            if let [only] = all_of.as_slice() {
                let data = &resolved.schema_data;
                if let Some(v) = data.example.as_ref().or(data.default.as_ref()) {
                    return is_scalar(v).then(|| Sample::Value(v.to_string()));
                }
                return self.sample(Some(SchemaRef::from(only)), &here, None);
            }
        }
        if let SchemaKind::Type(Type::Array(array)) = &resolved.schema_kind {
            let min = array.min_items.filter(|m| *m > 0)?;
            let item = array
                .items
                .as_ref()
                .and_then(|items| self.sample(Some(items.into()), &here, None))
                .and_then(|item| match item {
                    Sample::Value(v) => Some(v),
                    Sample::Items { .. } => None,
                });
            return Some(Sample::Items { min, item });
        }
        of_schema(&resolved).map(Sample::Value)
    }
}

fn is_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// The first of a parameter's `example` and `examples`' values.
pub(crate) fn given_example(
    example: Option<&Value>,
    examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
) -> Option<Value> {
    example.cloned().or_else(|| {
        examples.values().find_map(|e| match e {
            ReferenceOr::Item(e) => e.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}

fn of_schema(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    for value in [data.example.as_ref(), data.default.as_ref()]
        .into_iter()
        .flatten()
    {
        if is_scalar(value) {
            return Some(value.to_string());
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => string(s).map(|s| Value::String(s).to_string()),
        SchemaKind::Type(Type::Integer(i)) => integer(i).map(|i| i.to_string()),
        SchemaKind::Type(Type::Number(n)) => number(n).map(|n| Value::from(n).to_string()),
        SchemaKind::Type(Type::Boolean(b)) => {
            b.enumeration.iter().flatten().next().map(|b| b.to_string())
        }
        _ => None,
    }
}

fn integer(i: &IntegerType) -> Option<i64> {
    if let Some(first) = i.enumeration.iter().flatten().next() {
        return Some(*first);
    }
    if i.minimum.is_none() && i.maximum.is_none() && i.multiple_of.is_none() {
        return None;
    }
    let low = i.minimum.map(|m| m + i64::from(i.exclusive_minimum));
    let high = i.maximum.map(|m| m - i64::from(i.exclusive_maximum));
    let mut value = match (low, high) {
        (Some(low), _) => low.max(1.min(high.unwrap_or(i64::MAX))),
        (None, Some(high)) => high.min(1),
        (None, None) => 1,
    };
    if let Some(step) = i.multiple_of.filter(|s| *s > 0) {
        let rem = value.rem_euclid(step);
        if rem != 0 {
            value += step - rem;
        }
        if value == 0 && low.is_none_or(|l| l <= step) && high.is_none_or(|h| h >= step) {
            value = step;
        }
    }
    Some(value)
}

fn number(n: &NumberType) -> Option<f64> {
    if let Some(first) = n.enumeration.iter().flatten().next() {
        return Some(*first);
    }
    if n.minimum.is_none() && n.maximum.is_none() && n.multiple_of.is_none() {
        return None;
    }
    let mut value = match (n.minimum, n.maximum) {
        (Some(low), high) => {
            let low = if n.exclusive_minimum { low + 1.0 } else { low };
            let low = match high {
                Some(h) if low > h => (n.minimum.unwrap_or(h) + h) / 2.0,
                _ => low,
            };
            low.max(1.0f64.min(high.unwrap_or(f64::MAX)))
        }
        (None, Some(high)) => (if n.exclusive_maximum {
            high - 1.0
        } else {
            high
        })
        .min(1.0),
        (None, None) => 1.0,
    };
    if let Some(step) = n.multiple_of.filter(|s| *s > 0.0) {
        value = (value / step).ceil() * step;
        if value == 0.0 {
            value = step;
        }
    }
    Some(value)
}

fn string(s: &StringType) -> Option<String> {
    if let Some(first) = s.enumeration.iter().flatten().next() {
        return Some(first.clone());
    }
    let min = s.min_length.unwrap_or(0);
    let max = s.max_length.unwrap_or(usize::MAX).max(min);
    let format = match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
        _ => None,
    };
    if let Some(pattern) = &s.pattern {
        if let Some(found) = matching(pattern, min, max) {
            return Some(found);
        }
    }
    if let Some(found) = format.and_then(formatted) {
        if (min..=max).contains(&found.chars().count()) {
            return Some(found);
        }
    }
    if s.min_length.is_none() && s.max_length.is_none() {
        return None;
    }
    // Letters, as many as `minLength` asks (at least one, at most `maxLength`).
    let len = min.max(1).min(max).min(4096);
    Some("abcdefghij".chars().cycle().take(len).collect())
}

/// A fixed valid value of a string `format`, or `None` for one we do not know.
fn formatted(format: &str) -> Option<String> {
    Some(
        match format {
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "date" => "2024-01-01",
            "date-time" => "2024-01-01T00:00:00Z",
            "time" => "00:00:00Z",
            "email" | "idn-email" => "user@example.com",
            "uri" | "url" | "iri" => "https://example.com/",
            "uri-reference" | "iri-reference" => "/example",
            "hostname" | "idn-hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            "byte" => "ZGF0YQ==",
            "int32" | "int64" | "snowflake" => "1",
            _ => return None,
        }
        .to_string(),
    )
}

/// A string matching `pattern` (an ECMA-262 regular expression, searched:
/// unanchored unless it says so) with a length in `min..=max`, if one is
/// found by growing repetitions from their minimum.
fn matching(pattern: &str, min: usize, max: usize) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&without_lookaround(pattern))
        .ok()?;
    (0..32).find_map(|extra| {
        let mut out = String::new();
        generate(&hir, extra, &mut out).then_some(())?;
        (min..=max).contains(&out.chars().count()).then_some(out)
    })
}

/// `pattern` without its lookaround groups (`(?!…)`, `(?=…)`, `(?<!…)`,
/// `(?<=…)`), which `regex-syntax` does not parse; a value the generator
/// builds from the rest seldom runs into what they exclude.
fn without_lookaround(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        let look = ["(?!", "(?=", "(?<!", "(?<="]
            .iter()
            .find(|p| rest.starts_with(*p));
        if let Some(look) = look {
            let mut depth = 0usize;
            let mut j = i;
            let mut in_class = false;
            while j < chars.len() {
                match chars[j] {
                    '\\' => j += 1,
                    '[' => in_class = true,
                    ']' => in_class = false,
                    '(' if !in_class => depth += 1,
                    ')' if !in_class => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            let _ = look;
            i = j + 1;
            continue;
        }
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Appends to `out` a string `hir` matches: the first branch of each
/// alternation, the preferred character of each class, each repetition
/// `extra` times more than its minimum (within its maximum).
fn generate(hir: &Hir, extra: u32, out: &mut String) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(s) => {
                out.push_str(s);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match pick(class) {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        },
        HirKind::Repetition(rep) => {
            let times = rep
                .min
                .saturating_add(extra)
                .min(rep.max.unwrap_or(u32::MAX));
            (0..times).all(|_| generate(&rep.sub, extra, out))
        }
        HirKind::Capture(capture) => generate(&capture.sub, extra, out),
        HirKind::Concat(parts) => parts.iter().all(|p| generate(p, extra, out)),
        HirKind::Alternation(branches) => branches.first().is_some_and(|b| generate(b, extra, out)),
    }
}

/// A class's character: `a`, `0` or `A` when it holds one, else its first
/// printable ASCII character, else its first character.
fn pick(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(class) => {
            let holds = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            ['a', '0', 'A']
                .into_iter()
                .chain('!'..='~')
                .find(|c| holds(*c))
                .or_else(|| class.ranges().first().map(|r| r.start()))
        }
        Class::Bytes(class) => {
            let holds = |c: u8| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            [b'a', b'0', b'A']
                .into_iter()
                .chain(b'!'..=b'~')
                .find(|c| holds(*c))
                .map(char::from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(
            matching("^(0|[1-9][0-9]*)$", 0, usize::MAX).as_deref(),
            Some("0")
        );
        let oxide = "^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z][a-z0-9-]*[a-zA-Z0-9]$";
        assert_eq!(matching(oxide, 0, 63).as_deref(), Some("aa"));
        assert_eq!(matching("^[A-Z]{2}$", 0, usize::MAX).as_deref(), Some("AA"));
        assert_eq!(matching("^\\d+$", 3, 5).as_deref(), Some("000"));
    }

    #[test]
    fn numbers() {
        let mut i = IntegerType {
            minimum: Some(600),
            ..IntegerType::default()
        };
        assert_eq!(integer(&i), Some(600));
        i.minimum = Some(3);
        i.exclusive_minimum = true;
        assert_eq!(integer(&i), Some(4));
        let i = IntegerType {
            maximum: Some(-5),
            ..IntegerType::default()
        };
        assert_eq!(integer(&i), Some(-5));
    }
}
