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
