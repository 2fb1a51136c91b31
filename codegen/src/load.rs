//! Reading a spec file: YAML or JSON text → [`Document`].
//!
//! JSON is recognised by its first non-blank character (`{`) and read with
//! `serde_json`; everything else is YAML 1.2, read with `serde-saphyr`
//! (strict booleans, no size budget, a hard limit on alias expansion). The
//! loader also records where every node stands in the text
//! ([`crate::locate::Positions`]) and checks that the document is an OpenAPI
//! 3.0, 3.1 (or, leniently, 3.2) document.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::MessageFormatter as _;

use crate::locate::{char_column, Positions};
use crate::{Document, Error, Location, Result};

/// Reads and parses a spec file (YAML or JSON).
///
/// Text that is not UTF-8 is an [`Error::Invalid`] at the line and column
/// of its first bad byte.
pub fn load(path: &Path) -> Result<Document> {
    let bytes = read_bytes(path)?;
    let text = utf8(path, &bytes)?;
    crate::bundle::gather(parse(path, text)?)
}

/// Another file of a spec split across files: any YAML or JSON value (a
/// schema, a set of them), with its source positions.
pub(crate) fn read_any(path: &Path) -> Result<(Value, Positions)> {
    let bytes = read_bytes(path)?;
    let text = utf8(path, &bytes)?;
    let file = path.to_path_buf();
    on_big_stack(move || read_text(file, text)).map_err(|source| Error::Io {
        file: path.to_path_buf(),
        source,
    })?
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        file: path.to_path_buf(),
        source,
    })
}

fn utf8<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|err| not_utf8(path, bytes, &err))
}

/// Where the first invalid byte of `bytes` stands, and which it is.
fn not_utf8(path: &Path, bytes: &[u8], err: &std::str::Utf8Error) -> Error {
    let good = bytes.get(..err.valid_up_to()).unwrap_or_default();
    let line_start = good
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
    let before = std::str::from_utf8(good.get(line_start..).unwrap_or_default()).unwrap_or("");
    let column = before.chars().count() + 1;
    let byte = bytes.get(err.valid_up_to()).copied().unwrap_or_default();
    Error::Invalid {
        location: Location {
            file: path.to_path_buf(),
            pointer: String::new(),
            line_col: Some((line, column)),
        },
        message: format!(
            "the file is not UTF-8 text: byte 0x{byte:02X} cannot start or continue a \
             character (convert the file to UTF-8, e.g. with `iconv -f latin1 -t utf-8`)"
        ),
    }
}

/// Parses spec text; `file` is only used in errors.
///
/// Fails with [`Error::Syntax`] on malformed YAML/JSON and with
/// [`Error::Invalid`] when the text is empty, its root is not a mapping, or
/// it is not an OpenAPI 3.0/3.1/3.2 document.
pub fn parse(file: impl Into<PathBuf>, text: &str) -> Result<Document> {
    let file = file.into();
    let io_file = file.clone();
    on_big_stack(move || parse_here(file, text)).map_err(|source| Error::Io {
        file: io_file,
        source,
    })?
}

/// Stack for the recursive stages (serde-saphyr and `openapiv3` recurse once
/// per nesting level, with large frames in debug builds). Only touched
/// pages are ever committed.
pub(crate) const STACK_SIZE: usize = 64 << 20;

/// Runs `f` on a thread with a [`STACK_SIZE`] stack, so that deeply nested
/// (up to the parsers' limit of 128) documents cannot overflow the caller's
/// stack, whatever it is. Fails only if the thread cannot be started.
pub(crate) fn on_big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> std::io::Result<R> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("linkgen-load".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, f)?;
        match handle.join() {
            Ok(result) => Ok(result),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

fn parse_here(file: PathBuf, text: &str) -> Result<Document> {
    let (value, positions) = read_text(file.clone(), text)?;
    let doc = Document {
        file,
        value,
        positions,
        parts: Vec::new(),
    };
    check_root(&doc)?;
    Ok(doc)
}

/// A YAML or JSON text's value and source positions.
fn read_text(file: PathBuf, text: &str) -> Result<(Value, Positions)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => Ok((value, Positions::from_json(text))),
            Err(err) => Err(json_syntax_error(file, text, &err)),
        }
    } else {
        match parse_yaml(text) {
            Ok(value) => Ok((value, Positions::from_yaml(text))),
            Err(err) => Err(yaml_syntax_error(file, &err)),
        }
    }
}

/// The `(major, minor)` OpenAPI version a document declares, if it is a
/// version string (or a YAML number such as `3.1`).
pub(crate) fn openapi_version(value: &Value) -> Option<(u64, u64)> {
    let text = match value.get("openapi")? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

pub(crate) fn check_root(doc: &Document) -> Result<()> {
    let invalid = |pointer: &str, message: String| Error::Invalid {
        location: doc.location(pointer),
        message,
    };
    let root = match &doc.value {
        Value::Null => {
            return Err(Error::Invalid {
                location: Location {
                    file: doc.file.clone(),
                    pointer: String::new(),
                    line_col: Some((1, 1)),
                },
                message: "empty document".to_string(),
            })
        }
        Value::Object(root) => root,
        other => {
            return Err(invalid(
                "",
                format!(
                    "the document root must be a mapping, found {}",
                    kind_of(other)
                ),
            ))
        }
    };
    if root.contains_key("swagger") {
        return Err(invalid(
            "/swagger",
            "Swagger 2.0 is not supported: convert it to OpenAPI 3 first \
             (e.g. with swagger2openapi)"
                .to_string(),
        ));
    }
    let Some(declared) = root.get("openapi") else {
        return Err(invalid(
            "",
            "missing `openapi` field: not an OpenAPI 3 document".to_string(),
        ));
    };
    match openapi_version(&doc.value) {
        Some((3, 0..=2)) => Ok(()),
        _ => Err(invalid(
            "/openapi",
            format!("unsupported OpenAPI version {declared}: expected 3.0.x or 3.1.x"),
        )),
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn json_syntax_error(file: PathBuf, text: &str, err: &serde_json::Error) -> Error {
    let (line, col) = (err.line(), err.column());
    let full = err.to_string();
    let suffix = format!(" at line {line} column {}", col);
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let line_col = (line > 0).then(|| (line, char_column(text, line, col.max(1))));
    Error::Syntax {
        location: Location {
            file,
            pointer: String::new(),
            line_col,
        },
        format: "JSON",
        message,
    }
}

fn yaml_syntax_error(file: PathBuf, err: &serde_saphyr::Error) -> Error {
    let inner = err.without_snippet();
    let raw: String = serde_saphyr::DefaultMessageFormatter
        .format_message(inner)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let message = yaml_message(&raw);
    let line_col = err.location().and_then(|l| {
        let line = usize::try_from(l.line()).ok()?;
        let col = usize::try_from(l.column()).ok()?;
        (line > 0).then_some((line, col.max(1)))
    });
    Error::Syntax {
        location: Location {
            file,
            pointer: String::new(),
            line_col,
        },
        format: "YAML",
        message,
    }
}

/// Drops the library advice (`set DuplicateKeyPolicy in Options…`) that
/// serde-saphyr adds to some messages: it speaks to Rust callers, not to
/// spec authors.
fn yaml_message(raw: &str) -> String {
    if raw.starts_with("multiple YAML documents") {
        return "a spec must be a single YAML document, found several".to_string();
    }
    if let Some(limit) = raw.strip_prefix("budget breached: ") {
        return format!(
            "the document exceeds a safety limit of the YAML reader \
             (too deep, or aliases expanding too much): {limit}"
        );
    }
    let advice = [", set DuplicateKeyPolicy", "; use from_str_multiple"];
    let end = advice
        .iter()
        .filter_map(|a| raw.find(a))
        .min()
        .unwrap_or(raw.len());
    raw.get(..end).unwrap_or(raw).to_string()
}

/// Most nested collections a YAML document may have (serde_json stops at 128 too).
const MAX_YAML_DEPTH: usize = 128;
/// Most events alias expansion may replay in one document: far above what
/// anchors in a real spec need, far below a "billion laughs".
const MAX_ALIAS_REPLAY: usize = 250_000;

fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    // Size limits would reject large real specs; the text is already in memory.
    budget.max_events = usize::MAX;
    budget.max_nodes = usize::MAX;
    budget.max_total_scalar_bytes = usize::MAX;
    budget.max_depth = MAX_YAML_DEPTH;
    // Specs legitimately reuse one anchor many times; the hard replay limit
    // below is what stops alias bombs.
    budget.enforce_alias_anchor_ratio = false;
    budget.max_recorded_anchor_events = MAX_ALIAS_REPLAY;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_REPLAY;
    options.strict_booleans = true;
    // YAML 1.2: `012` and `1_000` are not integers; keep the text.
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options.with_snippet = false;
    options
}

fn parse_yaml(text: &str) -> Result<Value, serde_saphyr::Error> {
    serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
        VALUE.deserialize(de)
    })
}

/// Builds a `serde_json::Value` from YAML, where keys may be any scalar
/// (`200:` is an integer key) and integers may exceed 64 bits. One visitor
/// reads both, so a scalar is read one way: as a key (`key: true`) it is
/// kept as its text (`200` → `"200"`, `~` → `"null"`) and a collection is
/// refused.
#[derive(Clone, Copy)]
struct YamlValue {
    key: bool,
}

const VALUE: YamlValue = YamlValue { key: false };
const KEY: YamlValue = YamlValue { key: true };

impl YamlValue {
    /// A scalar: its `text` as a key, else the `value` it reads as.
    fn scalar(self, text: impl fmt::Display, value: impl FnOnce() -> Value) -> Value {
        if self.key {
            Value::String(text.to_string())
        } else {
            value()
        }
    }

    fn collection<E: de::Error>(self, found: &str) -> Result<(), E> {
        if self.key {
            Err(E::custom(format_args!(
                "mapping keys must be scalars, found a {found}"
            )))
        } else {
            Ok(())
        }
    }
}

impl<'de> DeserializeSeed<'de> for YamlValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for YamlValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.key {
            "a scalar mapping key"
        } else {
            "any YAML value"
        })
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(self.scalar(v, || Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(self.scalar(v, || Value::Number(v.into())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(self.scalar(v, || Value::Number(v.into())))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(self.scalar(v, || match i64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => big_number(v as f64, v),
        }))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(self.scalar(v, || match u64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => big_number(v as f64, v),
        }))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(self.scalar(v, || {
            Number::from_f64(v).map_or_else(|| Value::String(v.to_string()), Value::Number)
        }))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::String(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(self.scalar("null", || Value::Null))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(self.scalar("null", || Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        self.deserialize(de)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.collection("sequence")?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(VALUE)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.collection("mapping")?;
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(KEY)? {
            // A key is always read as its text.
            let key = match key {
                Value::String(text) => text,
                other => other.to_string(),
            };
            let value = map.next_value_seed(VALUE)?;
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate mapping key `{key}`"
                )));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// An integer beyond 64 bits: a float if it round-trips, else its digits.
fn big_number(approx: f64, exact: impl fmt::Display) -> Value {
    match Number::from_f64(approx) {
        Some(n) => Value::Number(n),
        None => Value::String(exact.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::parse_yaml;

    #[test]
    fn yaml_keys_are_any_scalar_as_its_text() {
        let value = parse_yaml("200: a\ntrue: b\n~: c\n1.5: d\n2.0: e\n").expect("valid YAML");
        assert_eq!(
            value,
            json!({"200": "a", "true": "b", "null": "c", "1.5": "d", "2": "e"})
        );
        // The same scalars as values keep their types.
        let value = parse_yaml("a: 200\nb: true\nc: ~\nd: 1.5\n").expect("valid YAML");
        assert_eq!(value, json!({"a": 200, "b": true, "c": null, "d": 1.5}));
    }

    #[test]
    fn yaml_keys_that_are_collections_or_repeated_are_refused() {
        let err = parse_yaml("? [a]\n: x\n").expect_err("a sequence key");
        assert!(
            err.to_string()
                .contains("mapping keys must be scalars, found a sequence"),
            "{err}"
        );
        let err = parse_yaml("200: a\n\"200\": b\n").expect_err("a repeated key");
        assert!(
            err.to_string().contains("duplicate mapping key `200`"),
            "{err}"
        );
    }
}
