//! The keywords of every edition the generated crates may use, and the one
//! decision of how a spec name that is one is escaped.

/// How a word is a keyword (the Reference's "Keywords" chapter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordKind {
    /// Usable only as the keyword (`type`, `fn`, `async` from 2018).
    Strict,
    /// Reserved for future use, refused as a plain identifier as well
    /// (`abstract`, `try` from 2018, `gen` from 2024).
    Reserved,
    /// A keyword only in one context, a valid identifier everywhere a
    /// generated name goes (`union`, `macro_rules`, `raw`, `safe`; `dyn` in
    /// 2015). `'static` is weak too, but never an identifier.
    Weak,
}

/// One keyword: the word, its kind, the first edition in which it has that
/// kind, and whether it can be written as a raw identifier (`r#type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyword {
    /// The word.
    pub word: &'static str,
    /// How it is reserved.
    pub kind: KeywordKind,
    /// The first edition (2015, 2018, 2021, 2024) where it has `kind`.
    pub since: u16,
    /// Whether `r#word` is an identifier: false for `crate`, `self`, `Self`
    /// and `super`, which only a suffix makes usable.
    pub raw: bool,
}

const fn kw(word: &'static str, kind: KeywordKind, since: u16) -> Keyword {
    Keyword {
        word,
        kind,
        since,
        raw: true,
    }
}

const fn not_raw(word: &'static str) -> Keyword {
    Keyword {
        word,
        kind: KeywordKind::Strict,
        since: 2015,
        raw: false,
    }
}

use KeywordKind::{Reserved, Strict, Weak};

/// Every keyword of every edition a generated crate may use (2015, 2018,
/// 2021, 2024; `emit/manifest.rs` writes 2021 today). Escaping the words of
/// later editions too keeps names stable when a crate moves edition. The
/// one list: `naming` escapes by it ([`escape_keyword`]) and `emit::idents`
/// checks by it ([`keyword`]).
pub const KEYWORDS: &[Keyword] = &[
    kw("as", Strict, 2015),
    kw("break", Strict, 2015),
    kw("const", Strict, 2015),
    kw("continue", Strict, 2015),
    not_raw("crate"),
    kw("else", Strict, 2015),
    kw("enum", Strict, 2015),
    kw("extern", Strict, 2015),
    kw("false", Strict, 2015),
    kw("fn", Strict, 2015),
    kw("for", Strict, 2015),
    kw("if", Strict, 2015),
    kw("impl", Strict, 2015),
    kw("in", Strict, 2015),
    kw("let", Strict, 2015),
    kw("loop", Strict, 2015),
    kw("match", Strict, 2015),
    kw("mod", Strict, 2015),
    kw("move", Strict, 2015),
    kw("mut", Strict, 2015),
    kw("pub", Strict, 2015),
    kw("ref", Strict, 2015),
    kw("return", Strict, 2015),
    not_raw("self"),
    not_raw("Self"),
    kw("static", Strict, 2015),
    kw("struct", Strict, 2015),
    not_raw("super"),
    kw("trait", Strict, 2015),
    kw("true", Strict, 2015),
    kw("type", Strict, 2015),
    kw("unsafe", Strict, 2015),
    kw("use", Strict, 2015),
    kw("where", Strict, 2015),
    kw("while", Strict, 2015),
    kw("async", Strict, 2018),
    kw("await", Strict, 2018),
    kw("dyn", Strict, 2018),
    kw("abstract", Reserved, 2015),
    kw("become", Reserved, 2015),
    kw("box", Reserved, 2015),
    kw("do", Reserved, 2015),
    kw("final", Reserved, 2015),
    kw("macro", Reserved, 2015),
    kw("override", Reserved, 2015),
    kw("priv", Reserved, 2015),
    kw("typeof", Reserved, 2015),
    kw("unsized", Reserved, 2015),
    kw("virtual", Reserved, 2015),
    kw("yield", Reserved, 2015),
    kw("try", Reserved, 2018),
    kw("gen", Reserved, 2024),
    kw("macro_rules", Weak, 2015),
    kw("union", Weak, 2015),
    kw("raw", Weak, 2015),
    kw("safe", Weak, 2024),
];

/// The keyword `word` is, if any (of any kind).
pub fn keyword(word: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.word == word)
}

/// How a generated name that is a keyword is made usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Usable as it is: not a keyword, or a weak one.
    None,
    /// A trailing underscore: `type` → `type_`, `self` → `self_`.
    Suffix,
}

/// The one decision of how a keyword becomes an identifier: strict and
/// reserved keywords get a trailing underscore, weak ones stay as they are.
/// Never `r#`: `crate`, `self`, `Self` and `super` cannot be raw anyway, and
/// the published crates name their fields `type_` (switching to `r#type`
/// would rename public fields). `emit::idents` still accepts `r#` names
/// where [`Keyword::raw`] allows them (explicit renames).
pub fn escape_keyword(word: &str) -> Escape {
    match keyword(word) {
        Some(k) if k.kind != KeywordKind::Weak => Escape::Suffix,
        _ => Escape::None,
    }
}

/// `name` made usable by [`escape_keyword`].
pub(crate) fn escaped(mut name: String) -> String {
    if escape_keyword(&name) == Escape::Suffix {
        name.push('_');
    }
    name
}

/// Whether `s` is a strict or reserved keyword of some edition, unusable
/// as a plain identifier.
pub fn is_keyword(s: &str) -> bool {
    escape_keyword(s) != Escape::None
}

/// Whether `r#s` is a valid raw identifier: `s` is a keyword (of any
/// kind) other than `crate`, `self`, `Self` and `super`.
pub fn can_be_raw(s: &str) -> bool {
    keyword(s).is_some_and(|k| k.raw)
}
