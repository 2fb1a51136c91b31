//! [`Attr`]: an outer attribute of a planned item (a doc line, `#[derive]`,
//! `#[serde(…)]`, `#[cfg(…)]`, …), rendered as tokens or printed as text.
//!
//! The text is what prettyplease prints for the same tokens, so an item
//! printed here and one printed by prettyplease read the same in one file:
//! a doc line is a `///` comment, and a list too long for the line breaks
//! its parentheses open, one element per line, each level indented 4 more
//! (prettyplease's rule: a list stays on one line when it fits before the
//! margin).

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};

use super::print::MARGIN;

/// An outer attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attr {
    /// `#[doc = "…"]`: one line of rustdoc, with its leading space
    /// (`" Text."`, or `""` for a blank line).
    Doc(String),
    /// `#[meta]`.
    Meta(Meta),
}

/// The inside of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meta {
    /// A path: `non_exhaustive`, `::serde::Serialize`.
    Path(String),
    /// `path(a, b)`.
    List(String, Vec<Meta>),
    /// `path = "literal"`.
    NameValue(String, String),
}

impl Meta {
    /// `path(items)`.
    pub(crate) fn list(path: &str, items: Vec<Meta>) -> Self {
        Meta::List(path.to_owned(), items)
    }

    /// `path = "value"`.
    pub(crate) fn name_value(path: &str, value: impl Into<String>) -> Self {
        Meta::NameValue(path.to_owned(), value.into())
    }

    /// A path.
    pub(crate) fn path(path: &str) -> Self {
        Meta::Path(path.to_owned())
    }

    /// The meta on one line, as prettyplease writes it when it fits.
    fn one_line(&self, out: &mut String) {
        match self {
            Meta::Path(path) => out.push_str(path),
            Meta::NameValue(path, value) => {
                out.push_str(path);
                out.push_str(" = ");
                out.push_str(&Literal::string(value).to_string());
            }
            Meta::List(path, items) => {
                out.push_str(path);
                out.push('(');
                list_one_line(items, out);
                out.push(')');
            }
        }
    }

    /// The meta starting at column `column`, in a block indented by
    /// `indent`, followed by `trailing` characters before the line can
    /// break (`)]` after an attribute's list, `,` or `)` after a nested
    /// one). A list stays on one line when it fits before the margin with
    /// what trails it; else each element goes on its own line, indented 4
    /// more, and its `)` back at `indent`.
    fn print(&self, indent: usize, column: usize, trailing: usize, out: &mut String) {
        let Meta::List(path, items) = self else {
            return self.one_line(out);
        };
        out.push_str(path);
        out.push('(');
        let start = out.len();
        list_one_line(items, out);
        let width = out.len() - start + 1 + trailing;
        if column + path.len() + 1 + width <= MARGIN {
            out.push(')');
            return;
        }
        out.truncate(start);
        let inner = indent + 4;
        for (i, item) in items.iter().enumerate() {
            out.push('\n');
            push_indent(out, inner);
            let last = i + 1 == items.len();
            // The last element is followed by the line break before `)`.
            item.print(inner, inner, usize::from(!last), out);
            if !last {
                out.push(',');
            }
        }
        out.push('\n');
        push_indent(out, indent);
        out.push(')');
    }
}

fn list_one_line(items: &[Meta], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item.one_line(out);
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

impl Attr {
    /// `#[path]`.
    pub(crate) fn path(path: &str) -> Self {
        Attr::Meta(Meta::path(path))
    }

    /// `#[path(items)]`.
    pub(crate) fn list(path: &str, items: Vec<Meta>) -> Self {
        Attr::Meta(Meta::list(path, items))
    }

    /// `#[derive(…)]` of these paths.
    pub(crate) fn derive(paths: &[&str]) -> Self {
        Attr::list("derive", paths.iter().map(|p| Meta::path(p)).collect())
    }

    /// The attribute printed on its own line(s) at `indent`, ending with a
    /// newline. A doc line is a `///` comment, but one that starts with `/`
    /// (which would read as `////`), which stays an attribute. (A doc line
    /// never holds a line break: `Doc` splits its text into lines.)
    pub(crate) fn print(&self, indent: usize, out: &mut String) {
        push_indent(out, indent);
        match self {
            Attr::Doc(line) if !line.starts_with('/') => {
                out.push_str("///");
                out.push_str(line.trim_end_matches(' '));
            }
            Attr::Doc(line) => {
                out.push_str("#[doc = ");
                out.push_str(&Literal::string(line).to_string());
                out.push(']');
            }
            Attr::Meta(meta) => {
                out.push_str("#[");
                meta.print(indent, indent + 2, 1, out);
                out.push(']');
            }
        }
        out.push('\n');
    }
}

impl ToTokens for Meta {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Meta::Path(path) => path_tokens(path, tokens),
            Meta::NameValue(path, value) => {
                path_tokens(path, tokens);
                tokens.append(Punct::new('=', Spacing::Alone));
                tokens.append(Literal::string(value));
            }
            Meta::List(path, items) => {
                path_tokens(path, tokens);
                let mut inner = TokenStream::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        inner.append(Punct::new(',', Spacing::Alone));
                    }
                    item.to_tokens(&mut inner);
                }
                tokens.append(Group::new(Delimiter::Parenthesis, inner));
            }
        }
    }
}

/// `a::b` or `::a::b` as tokens.
fn path_tokens(path: &str, tokens: &mut TokenStream) {
    let (global, rest) = match path.strip_prefix("::") {
        Some(rest) => (true, rest),
        None => (false, path),
    };
    for (i, segment) in rest.split("::").enumerate() {
        if global || i > 0 {
            tokens.append(Punct::new(':', Spacing::Joint));
            tokens.append(Punct::new(':', Spacing::Alone));
        }
        tokens.append(Ident::new(segment, Span::call_site()));
    }
}

impl ToTokens for Attr {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let inner = match self {
            Attr::Doc(line) => {
                let mut inner = TokenStream::new();
                path_tokens("doc", &mut inner);
                inner.append(Punct::new('=', Spacing::Alone));
                inner.append(doc_literal(line));
                inner
            }
            Attr::Meta(meta) => meta.to_token_stream(),
        };
        tokens.append(Punct::new('#', Spacing::Alone));
        tokens.append(TokenTree::Group(Group::new(Delimiter::Bracket, inner)));
    }
}

/// A doc line's string literal: a raw string when prettyplease prints the
/// line as a `///` comment, whose text is the same either way. Escaping a
/// line into a `"…"` literal and `syn` unescaping it again were a seventh of
/// generation (docs are half of a client's text); a raw string is copied.
pub(crate) fn doc_literal(line: &str) -> Literal {
    if !line.starts_with('/') && !line.contains('\r') {
        let mut hashes = String::new();
        while line.contains('"') && line.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        if let Ok(raw) = format!("r{hashes}\"{line}\"{hashes}").parse() {
            return raw;
        }
    }
    Literal::string(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(attr: &Attr, indent: usize) -> String {
        let mut out = String::new();
        attr.print(indent, &mut out);
        out
    }

    fn features(names: &[&str]) -> Meta {
        let names = names.iter().map(|n| Meta::name_value("feature", *n));
        Meta::list("any", names.collect())
    }

    #[test]
    fn a_list_that_fits_stays_on_one_line() {
        let serde = Attr::list(
            "serde",
            vec![
                Meta::name_value("rename", "type"),
                Meta::path("default"),
                Meta::name_value("skip_serializing_if", "Option::is_none"),
            ],
        );
        assert_eq!(
            printed(&serde, 4),
            "    #[serde(rename = \"type\", default, skip_serializing_if = \"Option::is_none\")]\n"
        );
        let derive = Attr::list(
            "derive",
            vec![Meta::path("Debug"), Meta::path("::serde::Serialize")],
        );
        assert_eq!(
            printed(&derive, 0),
            "#[derive(Debug, ::serde::Serialize)]\n"
        );
    }

    #[test]
    fn a_long_list_breaks_each_level_that_does_not_fit() {
        let names = [
            "actions",
            "activity",
            "apps",
            "checks",
            "code-scanning",
            "gists",
        ];
        let badge = Attr::list(
            "cfg_attr",
            vec![
                Meta::path("docsrs"),
                Meta::list("doc", vec![Meta::list("cfg", vec![features(&names)])]),
            ],
        );
        let expected = "#[cfg_attr(
    docsrs,
    doc(
        cfg(
            any(
                feature = \"actions\",
                feature = \"activity\",
                feature = \"apps\",
                feature = \"checks\",
                feature = \"code-scanning\",
                feature = \"gists\"
            )
        )
    )
)]
";
        assert_eq!(printed(&badge, 0), expected);
    }

    /// Prettyplease's text for `attr` on an item (indent 0) and on a field
    /// (indent 4).
    fn prettyplease(attr: &Attr) -> (String, String) {
        let file: syn::File = syn::parse_quote! {
            #attr
            struct S {
                #attr
                f: u8,
            }
        };
        let text = prettyplease::unparse(&file);
        let (item, rest) = text.split_once("struct S {\n").unwrap();
        let field = rest.split_once("    f: u8,").unwrap().0;
        (item.to_owned(), field.to_owned())
    }

    #[test]
    fn lists_break_where_prettyplease_breaks_them() {
        // Every width around the margin, one character at a time, at both
        // depths, nested up to four deep.
        for n in 0..120 {
            let long = "x".repeat(n % 60);
            let names = match n / 60 {
                0 => vec!["tag", long.as_str()],
                _ => vec![long.as_str(), "a", "b"],
            };
            let cfg = Attr::list("cfg", vec![features(&names)]);
            let badge = Attr::list(
                "cfg_attr",
                vec![
                    Meta::path("docsrs"),
                    Meta::list("doc", vec![Meta::list("cfg", vec![features(&names)])]),
                ],
            );
            for attr in [cfg, badge] {
                assert_eq!((printed(&attr, 0), printed(&attr, 4)), prettyplease(&attr));
            }
        }
    }

    #[test]
    fn doc_lines_are_comments_and_tokens_are_attributes() {
        assert_eq!(printed(&Attr::Doc(" Text.  ".into()), 4), "    /// Text.\n");
        assert_eq!(printed(&Attr::Doc(String::new()), 0), "///\n");
        let path = Attr::Doc("/link/token/get".into());
        assert_eq!(printed(&path, 0), prettyplease(&path).0);
        let deprecated = Attr::list("deprecated", vec![Meta::name_value("note", "use \"b\"")]);
        assert_eq!(
            deprecated.to_token_stream().to_string(),
            "# [deprecated (note = \"use \\\"b\\\"\")]"
        );
        let serialize = Attr::list("derive", vec![Meta::path("::serde::Serialize")]);
        assert_eq!(
            serialize.to_token_stream().to_string(),
            "# [derive (:: serde :: Serialize)]"
        );
    }
}
