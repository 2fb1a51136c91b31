//! JSON pointers (RFC 6901): the one escaping, joining and splitting every
//! stage uses, and the `#…` form a local `$ref` writes them in.

use std::borrow::Cow;

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Decodes one reference token: `~1` → `/`, `~0` → `~` (in that order, so
/// `~01` stays `~1`).
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// Appends `/` and the escaped `segment` to `pointer`.
pub fn push_token(pointer: &mut String, segment: &str) {
    pointer.push('/');
    pointer.push_str(&escape(segment));
}

/// `base` followed by one more (unescaped) segment.
pub fn join(base: &str, segment: &str) -> String {
    join_all(base, &[segment])
}

/// `base` followed by each of `segments` (unescaped), in order; from `""`,
/// the pointer of those segments from the root.
pub fn join_all(base: &str, segments: &[&str]) -> String {
    let extra: usize = segments.iter().map(|s| s.len() + 1).sum();
    let mut out = String::with_capacity(base.len() + extra);
    out.push_str(base);
    for segment in segments {
        push_token(&mut out, segment);
    }
    out
}

/// The unescaped segments of `pointer`, root first (none for `""`, the
/// root, and for text that does not start with `/`).
pub fn tokens(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    pointer.split('/').skip(1).map(unescape)
}

/// The name of the `components` entry of `section` that `pointer`
/// designates exactly (`/components/schemas/A~1B` → `A/B`), if it does.
pub fn component(pointer: &str, section: &str) -> Option<String> {
    let mut t = tokens(pointer);
    match (t.next(), t.next(), t.next(), t.next()) {
        (Some(c), Some(s), Some(name), None) if c == "components" && s == section => {
            Some(name.into_owned())
        }
        _ => None,
    }
}

/// The local `$ref` (`#/components/schemas/A~1B`) of the node `segments`
/// (unescaped) lead to from the root.
pub fn local_ref(segments: &[&str]) -> String {
    join_all("#", segments)
}

/// Decodes `%XX` escapes of a URI fragment.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The JSON pointer a local `$ref` designates, or why it is not one we can
/// follow.
pub fn parse_local_ref(reference: &str) -> Result<String, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(if reference.contains('#') || reference.contains('.') {
            "external references (other files or URLs) are followed only in a spec read from its file".into()
        } else {
            "not a local reference (`#/...`)".into()
        });
    };
    let pointer =
        percent_decode(fragment).ok_or_else(|| "malformed percent-encoding".to_string())?;
    if pointer.is_empty() {
        return Err("points at the document root".into());
    }
    if !pointer.starts_with('/') {
        return Err("malformed JSON pointer (must start with `/`)".into());
    }
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err("malformed JSON pointer (`~` must be followed by 0 or 1)".into());
        }
    }
    Ok(pointer)
}

/// The node `pointer` designates in `root`. A token an object lacks is
/// also looked for as `x-<token>`: normalization keeps the keywords it
/// moves out of `openapiv3`'s way under that name (`$defs` → `x-$defs`), and
/// a `$ref` written against the document as it was still lands there.
pub fn lookup<'v>(root: &'v serde_json::Value, pointer: &str) -> Option<&'v serde_json::Value> {
    use serde_json::Value;
    if pointer.is_empty() {
        return Some(root);
    }
    if !pointer.starts_with('/') {
        return None;
    }
    let mut node = root;
    for token in tokens(pointer) {
        node = match node {
            Value::Object(map) => map
                .get(token.as_ref())
                .or_else(|| map.get(&format!("x-{token}")))?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A JSON node's children, each with its pointer token (a member's key, an
/// item's index); none for a scalar.
pub(crate) fn children(node: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    match node {
        serde_json::Value::Object(obj) => obj.iter().map(|(k, v)| (k.clone(), v)).collect(),
        serde_json::Value::Array(items) => (items.iter().enumerate())
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_before_slash() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        let mut p = String::from("/paths");
        push_token(&mut p, "/pets/{id}");
        assert_eq!(p, "/paths/~1pets~1{id}");
    }

    #[test]
    fn unescapes_slash_before_tilde() {
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        // `~01` is an escaped `~` followed by `1`, never a `/`.
        assert_eq!(unescape("~01"), "~1");
        assert!(matches!(unescape("plain"), Cow::Borrowed("plain")));
        for raw in ["~", "/", "~1", "a/~b", "~~//"] {
            assert_eq!(unescape(&escape(raw)), raw);
        }
    }

    #[test]
    fn joins_and_splits_round_trip() {
        let p = join_all("", &["paths", "/pets/{id}", "get"]);
        assert_eq!(p, "/paths/~1pets~1{id}/get");
        assert_eq!(join(&p, "a~b"), "/paths/~1pets~1{id}/get/a~0b");
        let back: Vec<_> = tokens(&p).collect();
        assert_eq!(back, ["paths", "/pets/{id}", "get"]);
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens("not-a-pointer").count(), 0);
        // An empty key is a segment too.
        assert_eq!(tokens("/a//b").collect::<Vec<_>>(), ["a", "", "b"]);
        assert_eq!(
            local_ref(&["components", "schemas", "A/B"]),
            "#/components/schemas/A~1B"
        );
    }

    #[test]
    fn component_names_only_the_entry_itself() {
        let entry = "/components/schemas/A~1B";
        assert_eq!(component(entry, "schemas").as_deref(), Some("A/B"));
        assert_eq!(component(entry, "responses"), None);
        assert_eq!(
            component("/components/schemas/A/properties/x", "schemas"),
            None
        );
        assert_eq!(component("/components/schemas", "schemas"), None);
        assert_eq!(component("/paths/schemas/A", "schemas"), None);
    }
}
