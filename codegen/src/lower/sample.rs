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
            let items = match &array.items {
                Some(items) => {
                    let wanted = if array.unique_items { min } else { 1 };
                    self.item_samples(items.into(), &here, wanted)
                }
                None => Vec::new(),
            };
            return Some(Sample::Items { min, items });
        }
        of_schema(&resolved).map(Sample::Value)
    }
}

impl Ctx<'_> {
    /// The samples of an array's scalar items: its one sample, or, when
    /// `wanted` is more (`uniqueItems`), that many distinct ones (a mock
    /// server refuses duplicates); just the one when there are not enough.
    fn item_samples(&self, schema: SchemaRef<'_>, at: &str, wanted: usize) -> Vec<String> {
        let first = match self.sample(Some(schema), at, None) {
            Some(Sample::Value(v)) => Some(v),
            _ => None,
        };
        if wanted <= 1 {
            return first.into_iter().collect();
        }
        let Ok((resolved, _)) = self.resolve_schema(schema, at) else {
            return first.into_iter().collect();
        };
        let mut out: Vec<String> = first.clone().into_iter().collect();
        for candidate in distinct(&resolved) {
            if out.len() >= wanted {
                break;
            }
            if !out.contains(&candidate) {
                out.push(candidate);
            }
        }
        if out.len() < wanted {
            return first.into_iter().collect();
        }
        out
    }
}

/// How many distinct values [`distinct`] tries at most.
const DISTINCT: usize = 16;

/// Distinct values (JSON) meeting a scalar schema, for `uniqueItems`: its
/// `enum` values, else numbers stepping up from its sample within its
/// bounds, else strings its `pattern` matches (other branches and
/// characters), else letters within its lengths; none for a `format` or a
/// schema of another kind.
fn distinct(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if !s.enumeration.is_empty() {
                return s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::String(v.clone()).to_string())
                    .collect();
            }
            let min = s.min_length.unwrap_or(0);
            let max = s.max_length.unwrap_or(usize::MAX).max(min);
            let found = match (&s.pattern, &s.format) {
                (Some(pattern), _) => matching_all(pattern, min, max),
                (None, VariantOrUnknownOrEmpty::Empty) => {
                    let len = min.max(1).min(max).min(4096);
                    (0..DISTINCT)
                        .map(|start| {
                            "abcdefghijklmnop"
                                .chars()
                                .cycle()
                                .skip(start)
                                .take(len)
                                .collect()
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            found
                .into_iter()
                .map(|s| Value::String(s).to_string())
                .collect()
        }
        SchemaKind::Type(Type::Integer(i)) => {
            if !i.enumeration.is_empty() {
                return i.enumeration.iter().flatten().map(i64::to_string).collect();
            }
            let start = integer(i).unwrap_or(1);
            let step = i.multiple_of.filter(|s| *s > 0).unwrap_or(1);
            let high = i.maximum.map(|m| m - i64::from(i.exclusive_maximum));
            (0..DISTINCT as i64)
                .filter_map(|k| start.checked_add(k.checked_mul(step)?))
                .take_while(|v| high.is_none_or(|h| *v <= h))
                .map(|v| v.to_string())
                .collect()
        }
        SchemaKind::Type(Type::Number(n)) => {
            if !n.enumeration.is_empty() {
                return n
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::from(*v).to_string())
                    .collect();
            }
            let start = number(n).unwrap_or(1.0);
            let step = n.multiple_of.filter(|s| *s > 0.0).unwrap_or(1.0);
            (0..DISTINCT)
                .map(|k| start + step * k as f64)
                .take_while(|v| n.maximum.is_none_or(|h| *v <= h))
                .map(|v| Value::from(v).to_string())
                .collect()
        }
        SchemaKind::Type(Type::Boolean(_)) => vec!["true".into(), "false".into()],
        _ => Vec::new(),
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
        generate(&hir, extra, 0, &mut out).then_some(())?;
        (min..=max).contains(&out.chars().count()).then_some(out)
    })
}

/// Distinct strings matching `pattern` within `min..=max` (at most
/// [`DISTINCT`]): [`matching`]'s first, then other alternation branches,
/// class characters and repetition counts.
fn matching_all(pattern: &str, min: usize, max: usize) -> Vec<String> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&without_lookaround(pattern))
    else {
        return Vec::new();
    };
    let mut found: Vec<String> = Vec::new();
    for extra in 0..8 {
        for pick in 0..8 {
            let mut out = String::new();
            if generate(&hir, extra, pick, &mut out)
                && (min..=max).contains(&out.chars().count())
                && !found.contains(&out)
            {
                found.push(out);
                if found.len() == DISTINCT {
                    return found;
                }
            }
        }
    }
    found
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
/// `extra` times more than its minimum (within its maximum); `pick` other
/// than 0 takes the branch and the character that many further on
/// (wrapping), for another string than the first.
fn generate(hir: &Hir, extra: u32, pick: usize, out: &mut String) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(s) => {
                out.push_str(s);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match choose(class, pick) {
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
            (0..times).all(|_| generate(&rep.sub, extra, pick, out))
        }
        HirKind::Capture(capture) => generate(&capture.sub, extra, pick, out),
        HirKind::Concat(parts) => parts.iter().all(|p| generate(p, extra, pick, out)),
        HirKind::Alternation(branches) => branches
            .get(pick % branches.len().max(1))
            .is_some_and(|b| generate(b, extra, pick, out)),
    }
}

/// A class's character: `a`, `0` or `A` when it holds one, else its first
/// printable ASCII character, else its first character; `pick` other than
/// 0: the one that many further in that order (wrapping).
fn choose(class: &Class, pick: usize) -> Option<char> {
    let preferred = ['a', '0', 'A'].into_iter().chain('!'..='~');
    let held: Vec<char> = match class {
        Class::Unicode(class) => {
            let holds = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            let mut held: Vec<char> = Vec::new();
            for c in preferred.filter(|c| holds(*c)) {
                if !held.contains(&c) {
                    held.push(c);
                }
            }
            if held.is_empty() {
                held.extend(class.ranges().first().map(|r| r.start()));
            }
            held
        }
        Class::Bytes(class) => {
            let holds = |c: char| {
                u8::try_from(c).is_ok_and(|c| {
                    class
                        .ranges()
                        .iter()
                        .any(|r| r.start() <= c && c <= r.end())
                })
            };
            let mut held: Vec<char> = Vec::new();
            for c in preferred.filter(|c| holds(*c)) {
                if !held.contains(&c) {
                    held.push(c);
                }
            }
            held
        }
    };
    held.get(pick % held.len().max(1)).copied()
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
    fn distinct_values_for_unique_items() {
        let snowflake = StringType {
            pattern: Some("^(0|[1-9][0-9]*)$".into()),
            ..StringType::default()
        };
        let schema = |kind| Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Type(kind),
        };
        let found = distinct(&schema(Type::String(snowflake)));
        assert_eq!(found[..3], ["\"0\"", "\"2\"", "\"4\""]);
        let unique: std::collections::BTreeSet<_> = found.iter().collect();
        assert_eq!(unique.len(), found.len());
        let small = IntegerType {
            minimum: Some(5),
            maximum: Some(6),
            ..IntegerType::default()
        };
        assert_eq!(distinct(&schema(Type::Integer(small))), ["5", "6"]);
        let letters = StringType {
            max_length: Some(2),
            min_length: Some(2),
            ..StringType::default()
        };
        assert_eq!(
            distinct(&schema(Type::String(letters)))[..2],
            ["\"ab\"", "\"bc\""]
        );
        let dated = StringType {
            format: VariantOrUnknownOrEmpty::Item(StringFormat::Date),
            ..StringType::default()
        };
        assert!(distinct(&schema(Type::String(dated))).is_empty());
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
