//! `deprecated: true` → [`Deprecation`], with the note `#[deprecated]` shows.
//!
//! The one rule, for types, fields, parameters and operations alike: the note
//! is the sentences of the description that give a reason or a
//! replacement, in order, (it says "deprecated", "instead", "replaced by", "superseded
//! by", "in favo(u)r of", "will be removed", "no longer"), whitespace
//! collapsed and `**`/`__` emphasis dropped; a bare "Deprecated." says nothing
//! the attribute does not, so it is skipped. Descriptions without such a
//! sentence give no note. Without `deprecated: true` nothing is deprecated,
//! whatever the description says.

use crate::ir::Deprecation;

/// Words of a sentence that explains a deprecation (matched lower case).
const MARKERS: &[&str] = &[
    "deprecat",
    " instead",
    "replaced by",
    "superseded by",
    "in favor of",
    "in favour of",
    "will be removed",
    "no longer",
];

/// The longest note kept, in characters (a longer sentence is cut, with `…`).
const MAX_NOTE: usize = 300;

/// The deprecation of an item whose `deprecated` flag is `flag`.
pub(crate) fn deprecation(flag: bool, description: Option<&str>) -> Option<Deprecation> {
    flag.then(|| Deprecation {
        note: description.and_then(note),
    })
}

/// The note a description gives, if any.
pub(crate) fn note(description: &str) -> Option<String> {
    let text = description
        .replace("**", "")
        .replace("__", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let explaining: Vec<&str> = sentences(&text)
        .into_iter()
        .map(str::trim)
        .filter(|s| {
            let bare: String = s
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            bare != "deprecated"
        })
        .filter(|s| {
            let lower = format!(" {}", s.to_lowercase());
            MARKERS.iter().any(|m| lower.contains(m))
        })
        .collect();
    if explaining.is_empty() {
        None
    } else {
        Some(cut(&explaining.join(" ")))
    }
}

/// `text` split after `.`, `!` or `?` followed by a space.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') {
            out.push(&text[start..=i]);
            start = i + 2;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn cut(s: &str) -> String {
    if s.chars().count() <= MAX_NOTE {
        return s.to_string();
    }
    let mut out: String = s.chars().take(MAX_NOTE - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_that_explains_is_the_note() {
        assert_eq!(
            note("The old id. Deprecated: use `account_id` instead."),
            Some("Deprecated: use `account_id` instead.".into())
        );
        assert_eq!(
            note("**Deprecated.** Use `link_token` instead."),
            Some("Use `link_token` instead.".into())
        );
        assert_eq!(
            note("A field.\n\nThis field is replaced by\n`other`."),
            Some("This field is replaced by `other`.".into())
        );
        assert_eq!(
            note("Old. This field is deprecated as nobody uses it. See docs. Use `b` instead."),
            Some("This field is deprecated as nobody uses it. Use `b` instead.".into())
        );
        assert_eq!(note("Deprecated."), None);
        assert_eq!(note("The user's name."), None);
        assert_eq!(deprecation(false, Some("Deprecated, use x instead")), None);
        assert_eq!(deprecation(true, None), Some(Deprecation { note: None }));
        let long = format!("Deprecated {}", "x".repeat(400));
        assert_eq!(note(&long).unwrap().chars().count(), MAX_NOTE);
    }
}
