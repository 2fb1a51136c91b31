//! IR names → `proc_macro2::Ident`s, checked.
//!
//! `lower` chooses every name; this module only refuses names that would not
//! compile (or would compile with a naming warning) so a bad name surfaces as
//! an [`Error::Unsupported`](crate::Error::Unsupported) pointing at its origin
//! instead of as broken generated code.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

use super::Ctx;
use crate::{naming, Result};

/// The naming convention an identifier must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Types and enum variants: `UpperCamelCase`.
    Camel,
    /// Fields, methods, arguments: `snake_case`.
    Snake,
    /// Associated constants: `UPPER_SNAKE_CASE`.
    UpperSnake,
}

impl Case {
    fn describe(self) -> &'static str {
        match self {
            Case::Camel => "UpperCamelCase",
            Case::Snake => "snake_case",
            Case::UpperSnake => "UPPER_SNAKE_CASE",
        }
    }
}

/// Turns an IR name into an identifier, or explains why it cannot be one.
///
/// `what` names the thing for the error message (`field`, `type`…) and
/// `pointer` says where it came from.
pub(crate) fn ident(
    ctx: &Ctx<'_>,
    name: &str,
    case: Case,
    what: &str,
    pointer: &str,
) -> Result<Ident> {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let fail = |why: String| ctx.unsupported(pointer, format!("{what} name `{name}` {why}"));
    if !is_ascii_ident(bare) {
        return Err(fail("is not a valid ASCII Rust identifier".into()));
    }
    // The one keyword list and its rules: `naming::KEYWORDS`.
    if raw {
        if !naming::can_be_raw(bare) {
            return Err(fail(
                "is not a keyword that can be written as a raw identifier".into(),
            ));
        }
    } else if naming::is_keyword(bare) {
        return Err(fail("is a Rust keyword and must be escaped".into()));
    }
    if !follows_case(bare, case) {
        return Err(fail(format!("is not {}", case.describe())));
    }
    Ok(if raw {
        Ident::new_raw(bare, Span::call_site())
    } else {
        Ident::new(bare, Span::call_site())
    })
}

/// `[A-Za-z_][A-Za-z0-9_]*`, and not `_` alone.
fn is_ascii_ident(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The checks of rustc's `non_camel_case_types`, `non_snake_case` and
/// `non_upper_case_globals` lints, for ASCII identifiers.
fn follows_case(s: &str, case: Case) -> bool {
    let trimmed = s.trim_matches('_');
    match case {
        Case::Camel => {
            let bytes = trimmed.as_bytes();
            !trimmed.is_empty()
                && !bytes[0].is_ascii_lowercase()
                && !trimmed.contains("__")
                && !bytes.windows(2).any(|w| {
                    (w[0].is_ascii_alphabetic() && w[1] == b'_')
                        || (w[0] == b'_' && w[1].is_ascii_alphabetic())
                })
        }
        Case::Snake => !trimmed.contains("__") && !trimmed.bytes().any(|b| b.is_ascii_uppercase()),
        Case::UpperSnake => !s.bytes().any(|b| b.is_ascii_lowercase()),
    }
}

/// The library name Cargo derives from a package name (`plaid-client` →
/// `plaid_client`), checked to be a usable identifier.
pub(crate) fn lib_name(ctx: &Ctx<'_>, crate_name: &str) -> Result<Ident> {
    let lib = crate_name.replace('-', "_");
    if !is_ascii_ident(&lib) || naming::is_keyword(&lib) || !follows_case(&lib, Case::Snake) {
        return Err(ctx.unsupported(
            "",
            format!("crate name `{crate_name}` does not give a usable library name"),
        ));
    }
    Ok(Ident::new(&lib, Span::call_site()))
}

/// Collects names of one scope and refuses duplicates.
pub(crate) struct Scope<'a> {
    what: &'a str,
    seen: BTreeSet<String>,
}

impl<'a> Scope<'a> {
    /// A scope whose duplicates are reported as duplicate `what`s.
    pub(crate) fn new(what: &'a str) -> Self {
        Scope {
            what,
            seen: BTreeSet::new(),
        }
    }

    /// A scope that already holds names the emitter uses itself.
    pub(crate) fn with_reserved(what: &'a str, reserved: &[&str]) -> Self {
        let mut scope = Self::new(what);
        scope.seen.extend(reserved.iter().map(|s| s.to_string()));
        scope
    }

    /// Records `name`; a second use is an error.
    pub(crate) fn claim(&mut self, ctx: &Ctx<'_>, name: &str, pointer: &str) -> Result<()> {
        let bare = name.strip_prefix("r#").unwrap_or(name);
        if self.seen.insert(bare.to_string()) {
            Ok(())
        } else {
            Err(ctx.unsupported(
                pointer,
                format!("{} name `{name}` is used twice (or is reserved)", self.what),
            ))
        }
    }
}
