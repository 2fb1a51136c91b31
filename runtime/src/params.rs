//! OpenAPI 3 parameter serialization (`style` / `explode`) and percent-encoding.
//!
//! Values are first turned into a [`serde_json::Value`]. Scalars are written as text
//! (strings raw, numbers and booleans as their JSON text); `null` means "no value" and the
//! parameter (or array item / object property) is left out. Values nested inside an array
//! or object, which OpenAPI leaves undefined (except for `deepObject`), are written as
//! compact JSON.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use serde_json::Value;

/// OpenAPI parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `blue,black` (path and header parameters).
    Simple,
    /// `color=blue,black` or `color=blue&color=black` (query and cookie parameters).
    Form,
    /// `.blue.black` (path parameters).
    Label,
    /// `;color=blue;color=black` (path parameters).
    Matrix,
    /// `color=blue%20black` (query arrays).
    SpaceDelimited,
    /// `color=blue|black` (query arrays).
    PipeDelimited,
    /// `color[R]=100&color[G]=200` (query objects).
    DeepObject,
}

/// Characters that may not appear raw in a cookie value (RFC 6265 `cookie-octet`), plus `%`.
const COOKIE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Percent-encodes a path segment or a query name/value.
pub(crate) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_component(&mut out, text);
    out
}

/// The bytes a path segment or a query name or value keeps as they are: RFC 3986's
/// unreserved characters. Everything else is percent-encoded, which makes the text safe
/// inside a path segment (so `/`, `?`, `#`, `%`, `;`, `,` and space are encoded) and inside
/// a query name or value (so `&`, `=`, `+` are encoded; space becomes `%20`, which form
/// decoders accept too).
///
/// A table rather than a `percent_encoding::AsciiSet`: the encoding runs over every query
/// parameter of every call, and a lookup per byte costs fewer instructions than
/// `utf8_percent_encode`'s iterator.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// Appends `text` percent-encoded: every byte but the [`UNRESERVED`] ones, so each byte
/// of a non-ASCII character too.
fn push_component(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if !UNRESERVED[usize::from(byte)] {
            // A run is unreserved ASCII bytes only, so its ends are char boundaries (an
            // empty one between two bytes of a character is not pushed: it would not be).
            if start < i {
                out.push_str(&text[start..i]);
            }
            out.push_str(percent_encoding::percent_encode_byte(byte));
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

/// A cookie name may not contain `=` either.
const COOKIE_NAME: &AsciiSet = &COOKIE.add(b'=');

fn encode_cookie(text: &str) -> String {
    utf8_percent_encode(text, COOKIE).to_string()
}

pub(crate) fn encode_cookie_name(text: &str) -> String {
    utf8_percent_encode(text, COOKIE_NAME).to_string()
}

/// One encoded query piece `name=value` (`in: query` API keys).
pub(crate) fn query_pair(name: &str, value: &str) -> String {
    let mut piece = String::with_capacity(name.len() + 1 + value.len());
    push_pair(&mut piece, name, value);
    piece
}

/// Appends the encoded piece `name=value` to the query `out`, after a `&` unless it is
/// the first.
pub(crate) fn query_pair_into(out: &mut String, name: &str, value: &str) {
    // Room for the text unencoded, which is what most parameters are.
    out.reserve(name.len() + value.len() + 2);
    separate(out);
    push_pair(out, name, value);
}

/// `name=value`, percent-encoded, pushed straight into `out` without the formatting
/// machinery: this runs for every query parameter of every call.
pub(crate) fn push_pair(out: &mut String, name: &str, value: &str) {
    push_component(out, name);
    out.push('=');
    push_component(out, value);
}

/// The `&` before a piece that is not the query's first.
fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
}

/// Appends an already encoded piece to the query `out`.
fn push_piece(out: &mut String, piece: &str) {
    separate(out);
    out.push_str(piece);
}

/// One encoded cookie pair `name=value` (cookie parameters and `in: cookie` API keys):
/// `;`, `,`, space, `"`, backslash, `%` and controls are percent-encoded in the name and
/// the value (and `=` in the name), so a value cannot start another cookie.
pub(crate) fn cookie_pair_text(name: &str, value: &str) -> String {
    format!("{}={}", encode_cookie_name(name), encode_cookie(value))
}

/// Text of a scalar; `None` for `null`. Nested arrays/objects become compact JSON.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => Some(value.to_string()),
    }
}

/// The shape of a parameter value once `null`s are dropped.
pub(crate) enum Shape {
    /// Nothing to send.
    Absent,
    /// One scalar.
    Scalar(String),
    /// An array's items.
    List(Vec<String>),
    /// An object's properties, in order.
    Pairs(Vec<(String, String)>),
}

pub(crate) fn shape(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::Absent,
        Value::Array(items) => Shape::List(items.iter().filter_map(scalar_text).collect()),
        Value::Object(map) => Shape::Pairs(
            map.iter()
                .filter_map(|(k, v)| scalar_text(v).map(|v| (k.clone(), v)))
                .collect(),
        ),
        scalar => scalar_text(scalar).map_or(Shape::Absent, Shape::Scalar),
    }
}

/// Serializes one path parameter per `style`/`explode`, percent-encoded as (part of) one
/// path segment.
///
/// `Label` and `Matrix` include their `.` / `;name=` prefix. Any `Serialize` value works:
/// strings, numbers, booleans, enums, arrays, maps and structs. `null` (e.g. `None`) is an
/// undefined value (RFC 6570): nothing for `Simple` and `Label`, `;name` for `Matrix`.
/// Styles other than `Simple`, `Label` and `Matrix` are treated as `Simple`.
///
/// A path segment that ends up as `.` or `..` (a `Simple` value `..`, an empty `Label`
/// value `.`, also when percent-encoded as `%2E`, which URL parsers resolve the same way)
/// would send the request to another endpoint: [`Core::send`](crate::Core::send) refuses it
/// with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
///
/// ```
/// use linkgen_runtime::{path_param, Style};
/// assert_eq!(path_param("id", "a/b c", Style::Simple, false), "a%2Fb%20c");
/// assert_eq!(path_param("id", &[1, 2], Style::Label, true), ".1.2");
/// assert_eq!(path_param("id", &[1, 2], Style::Matrix, true), ";id=1;id=2");
/// ```
pub fn path_param<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> String {
    // Serialization only fails for exotic `Serialize` impls; such a value counts as absent.
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let name = encode_component(name);
    let enc = |s: &String| encode_component(s);
    let join = |items: &[String], sep: &str| items.iter().map(enc).collect::<Vec<_>>().join(sep);
    let pairs = |pairs: &[(String, String)], kv: &str, sep: &str| {
        pairs
            .iter()
            .map(|(k, v)| format!("{}{kv}{}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match (style, shape(&value)) {
        (Style::Label, Shape::Absent) => String::new(),
        (Style::Label, Shape::Scalar(s)) => format!(".{}", enc(&s)),
        (Style::Label, Shape::List(items)) => {
            format!(".{}", join(&items, if explode { "." } else { "," }))
        }
        (Style::Label, Shape::Pairs(p)) if explode => format!(".{}", pairs(&p, "=", ".")),
        (Style::Label, Shape::Pairs(p)) => format!(".{}", pairs(&p, ",", ",")),
        (Style::Matrix, Shape::Absent) => format!(";{name}"),
        (Style::Matrix, Shape::Scalar(s)) if s.is_empty() => format!(";{name}"),
        (Style::Matrix, Shape::Scalar(s)) => format!(";{name}={}", enc(&s)),
        (Style::Matrix, Shape::List(items)) if explode && !items.is_empty() => items
            .iter()
            .map(|item| format!(";{name}={}", enc(item)))
            .collect(),
        (Style::Matrix, Shape::List(items)) => format!(";{name}={}", join(&items, ",")),
        (Style::Matrix, Shape::Pairs(p)) if explode && !p.is_empty() => {
            format!(";{}", pairs(&p, "=", ";"))
        }
        (Style::Matrix, Shape::Pairs(p)) => format!(";{name}={}", pairs(&p, ",", ",")),
        (_, Shape::Absent) => String::new(),
        (_, Shape::Scalar(s)) => enc(&s),
        (_, Shape::List(items)) => join(&items, ","),
        (_, Shape::Pairs(p)) if explode => pairs(&p, "=", ","),
        (_, Shape::Pairs(p)) => pairs(&p, ",", ","),
    }
}

/// Appends the encoded `name=value` pieces of one query parameter (or one property of a
/// form body) to the query `out`, each after a `&` unless it is the first.
pub(crate) fn query_pieces(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    out: &mut String,
) {
    // The common case, without the intermediate copies of `shape`.
    if let Value::String(text) = value {
        query_pair_into(out, name, text);
        return;
    }
    let key = encode_component(name);
    if style == Style::DeepObject {
        if let Value::Object(map) = value {
            deep_object(&key, map, out);
            return;
        }
    }
    let delimiter = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    let join = |items: Vec<String>| {
        items
            .iter()
            .map(|s| encode_component(s))
            .collect::<Vec<_>>()
            .join(delimiter)
    };
    match shape(value) {
        Shape::Absent => {}
        Shape::Scalar(s) => query_pair_into(out, name, &s),
        Shape::List(items) if explode || style == Style::DeepObject => {
            for item in items {
                query_pair_into(out, name, &item);
            }
        }
        Shape::List(items) => push_piece(out, &format!("{key}={}", join(items))),
        Shape::Pairs(pairs) if explode => {
            for (k, v) in pairs {
                query_pair_into(out, &k, &v);
            }
        }
        Shape::Pairs(pairs) => {
            let flat = pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
            push_piece(out, &format!("{key}={}", join(flat)));
        }
    }
}

/// `prefix[key]=value`, recursing into nested objects (`a[b][c]`) and indexing arrays
/// (`a[b][0]`), as most deepObject servers (Rails, PHP, qs, Stripe) read them.
fn deep_object(prefix: &str, map: &serde_json::Map<String, Value>, out: &mut String) {
    for (k, v) in map {
        let key = format!("{prefix}[{}]", encode_component(k));
        deep_value(&key, v, out);
    }
}

fn deep_value(key: &str, value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Object(map) => deep_object(key, map, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_value(&format!("{key}[{i}]"), item, out);
            }
        }
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                push_piece(out, &format!("{key}={}", encode_component(&text)));
            }
        }
    }
}

/// Header parameter text (`simple` style): arrays comma-joined, objects `R=100,G=200`
/// when exploded, `R,100,G,200` otherwise; `None` when absent.
pub(crate) fn header_text(value: &Value, explode: bool) -> Option<String> {
    match shape(value) {
        Shape::Absent => None,
        Shape::Scalar(s) => Some(s),
        Shape::List(items) => Some(items.join(",")),
        Shape::Pairs(pairs) if explode => Some(
            pairs
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
        ),
        Shape::Pairs(pairs) => Some(
            pairs
                .into_iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

/// Cookie parameter `name=value` (`form` style, not exploded); `None` when absent.
pub(crate) fn cookie_pair(name: &str, value: &Value) -> Option<String> {
    let text = match shape(value) {
        Shape::Absent => return None,
        Shape::Scalar(s) => encode_cookie(&s),
        Shape::List(items) => items
            .iter()
            .map(|s| encode_cookie(s))
            .collect::<Vec<_>>()
            .join(","),
        Shape::Pairs(pairs) => pairs
            .iter()
            .flat_map(|(k, v)| [encode_cookie(k), encode_cookie(v)])
            .collect::<Vec<_>>()
            .join(","),
    };
    Some(format!("{}={text}", encode_cookie_name(name)))
}

/// Whether a path segment is one that URL parsers resolve away (`.`, `..`, also
/// percent-encoded: `%2E`, `.%2e`, …).
pub(crate) fn is_dot_segment(segment: &str) -> bool {
    // One or two dots, each `.` or `%2e` in any case; checked without allocating, as it
    // runs on every segment of every call's path.
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => tail,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The table-driven encoder gives `utf8_percent_encode`'s text for the set of everything
    /// but the unreserved characters: every ASCII byte, multi-byte characters, runs at
    /// either end.
    #[test]
    fn component_encoding_is_percent_encoding_s() {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
        const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let mut texts: Vec<String> = (0..128u8).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "é",
                "ééa",
                "aé",
                "a b&c=d+e%f",
                "~-._*",
                "日本語/x",
                "\\xaf3e",
                "a\u{1F600}b",
            ]
            .map(String::from),
        );
        for text in &texts {
            let expected = utf8_percent_encode(text, COMPONENT).to_string();
            assert_eq!(encode_component(text), expected, "{text:?}");
            assert_eq!(query_pair(text, text), format!("{expected}={expected}"));
        }
    }

    fn query(value: Value, style: Style, explode: bool) -> String {
        let mut out = String::new();
        query_pieces("color", &value, style, explode, &mut out);
        out
    }

    #[test]
    fn path_styles_follow_the_openapi_table() {
        let list = json!(["blue", "black", "brown"]);
        let obj = json!({"R": 100, "G": 200, "B": 150});
        let cases: &[(&Value, Style, bool, &str)] = &[
            (&json!("blue"), Style::Simple, false, "blue"),
            (&list, Style::Simple, false, "blue,black,brown"),
            (&list, Style::Simple, true, "blue,black,brown"),
            (&obj, Style::Simple, false, "R,100,G,200,B,150"),
            (&obj, Style::Simple, true, "R=100,G=200,B=150"),
            (&json!("blue"), Style::Label, false, ".blue"),
            (&list, Style::Label, false, ".blue,black,brown"),
            (&list, Style::Label, true, ".blue.black.brown"),
            (&obj, Style::Label, false, ".R,100,G,200,B,150"),
            (&obj, Style::Label, true, ".R=100.G=200.B=150"),
            (&json!(null), Style::Matrix, false, ";color"),
            (&json!("blue"), Style::Matrix, true, ";color=blue"),
            (&list, Style::Matrix, false, ";color=blue,black,brown"),
            (
                &list,
                Style::Matrix,
                true,
                ";color=blue;color=black;color=brown",
            ),
            (&obj, Style::Matrix, false, ";color=R,100,G,200,B,150"),
            (&obj, Style::Matrix, true, ";R=100;G=200;B=150"),
        ];
        for (value, style, explode, want) in cases {
            assert_eq!(
                path_param("color", value, *style, *explode),
                *want,
                "{style:?} {explode}"
            );
        }
    }

    #[test]
    fn path_values_are_encoded_as_one_segment() {
        assert_eq!(
            path_param("p", "a/b?c#d%e f", Style::Simple, false),
            "a%2Fb%3Fc%23d%25e%20f"
        );
        assert_eq!(path_param("p", "é", Style::Simple, false), "%C3%A9");
        assert_eq!(
            path_param("p", &["a,b", "c"], Style::Simple, false),
            "a%2Cb,c"
        );
        assert_eq!(path_param("p", &42, Style::Simple, false), "42");
        assert_eq!(path_param("p", &true, Style::Simple, false), "true");
        assert_eq!(path_param("p", &1.5, Style::Simple, false), "1.5");
        assert_eq!(path_param("p", &None::<u8>, Style::Simple, false), "");
    }

    #[test]
    fn query_styles_follow_the_openapi_table() {
        let list = json!(["blue", "black", "brown"]);
        let obj = json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(query(json!("blue"), Style::Form, true), "color=blue");
        assert_eq!(
            query(list.clone(), Style::Form, false),
            "color=blue,black,brown"
        );
        assert_eq!(
            query(list.clone(), Style::Form, true),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(
            query(obj.clone(), Style::Form, false),
            "color=R,100,G,200,B,150"
        );
        assert_eq!(query(obj.clone(), Style::Form, true), "R=100&G=200&B=150");
        assert_eq!(
            query(list.clone(), Style::SpaceDelimited, false),
            "color=blue%20black%20brown"
        );
        assert_eq!(
            query(list.clone(), Style::PipeDelimited, false),
            "color=blue|black|brown"
        );
        assert_eq!(
            query(list, Style::PipeDelimited, true),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(
            query(obj, Style::DeepObject, true),
            "color[R]=100&color[G]=200&color[B]=150"
        );
        assert_eq!(
            query(
                json!({"a": {"b": [1, null, 2]}, "n": null}),
                Style::DeepObject,
                true
            ),
            "color[a][b][0]=1&color[a][b][2]=2"
        );
        assert_eq!(query(json!(null), Style::Form, true), "");
        assert_eq!(query(json!([]), Style::Form, true), "");
        assert_eq!(query(json!([]), Style::Form, false), "color=");
        assert_eq!(
            query(json!("a b&c=d+e"), Style::Form, true),
            "color=a%20b%26c%3Dd%2Be"
        );
        assert_eq!(
            query(json!(["a|b", "c"]), Style::PipeDelimited, false),
            "color=a%7Cb|c"
        );
    }

    #[test]
    fn headers_and_cookies() {
        assert_eq!(
            header_text(&json!(["a", 1, true]), false).as_deref(),
            Some("a,1,true")
        );
        assert_eq!(header_text(&json!(["a", 1]), true).as_deref(), Some("a,1"));
        let obj = json!({"R": 100, "G": 200});
        assert_eq!(header_text(&obj, false).as_deref(), Some("R,100,G,200"));
        assert_eq!(header_text(&obj, true).as_deref(), Some("R=100,G=200"));
        assert_eq!(header_text(&json!(null), true), None);
        assert_eq!(cookie_pair("id", &json!([3, 4])).as_deref(), Some("id=3,4"));
        assert_eq!(
            cookie_pair("s", &json!("a b;c")).as_deref(),
            Some("s=a%20b%3Bc")
        );
        assert_eq!(cookie_pair("s", &json!(null)), None);
        assert_eq!(cookie_pair_text("a;b=", "x; y=1"), "a%3Bb%3D=x%3B%20y=1");
        assert_eq!(query_pair("k&y", "a=b c"), "k%26y=a%3Db%20c");
    }

    #[test]
    fn empty_label_and_dot_segments() {
        assert_eq!(path_param("p", &None::<u8>, Style::Label, false), "");
        assert_eq!(path_param("p", "", Style::Label, false), ".");
        assert_eq!(path_param("p", "x", Style::Label, false), ".x");
        for segment in [".", "..", "%2E", "%2e%2E", ".%2E", "%2e."] {
            assert!(is_dot_segment(segment), "{segment}");
        }
        for segment in ["", "...", ".x", "x.", "%2E%2E%2E"] {
            assert!(!is_dot_segment(segment), "{segment}");
        }
    }
}
