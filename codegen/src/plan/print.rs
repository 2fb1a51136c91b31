//! The plan printed as text: what the format step writes for a planned
//! item without building its tokens, parsing them back with `syn` and
//! printing the tree with prettyplease (most of generation's time before).
//!
//! Each printer writes exactly what prettyplease writes for the item's
//! tokens, so a file mixes both and the checked-in crates do not change;
//! `lists_break_where_prettyplease_breaks_them` and the structs' tests
//! compare the two. A shape whose layout depends on prettyplease's line
//! breaking beyond what is written here (a field whose type does not fit
//! on its line) is left to prettyplease: see [`Piece`].

use proc_macro2::TokenStream;

use super::{Root, RustType, TypePath};

/// prettyplease's margin: the column a line is kept within when it can
/// break.
pub(crate) const MARGIN: usize = 89;

/// An item of a generated file: printed here, or tokens for prettyplease.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// Formatted text, ending with a newline.
    Text {
        text: String,
        /// Has a docs page (not a macro invocation): gated, it carries the
        /// docs.rs feature badge.
        documented: bool,
    },
    /// Items for prettyplease.
    Tokens(TokenStream),
    /// One `impl` block for prettyplease, with more members printed here
    /// (indented 4, each ending with a newline) that go after the ones it
    /// holds.
    Impl {
        tokens: TokenStream,
        members: String,
    },
}

impl Piece {
    /// A documented item: its `text` when the printer could write it, else
    /// its `tokens` for prettyplease.
    pub(crate) fn item(text: Option<String>, tokens: impl FnOnce() -> TokenStream) -> Piece {
        match text {
            Some(text) => Piece::Text {
                text,
                documented: true,
            },
            None => Piece::Tokens(tokens()),
        }
    }
}

/// The items of one generated `.rs` file, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Code {
    pub(crate) pieces: Vec<Piece>,
}

impl Code {
    /// Appends items given as tokens.
    pub(crate) fn tokens(&mut self, tokens: TokenStream) {
        if tokens.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(Piece::Tokens(last)) => last.extend(tokens),
            _ => self.pieces.push(Piece::Tokens(tokens)),
        }
    }

    /// Appends a piece.
    pub(crate) fn push(&mut self, piece: Piece) {
        match piece {
            Piece::Tokens(tokens) => self.tokens(tokens),
            text => self.pieces.push(text),
        }
    }

    /// Appends another file's pieces.
    pub(crate) fn extend(&mut self, other: Code) {
        for piece in other.pieces {
            self.push(piece);
        }
    }
}

impl From<TokenStream> for Code {
    fn from(tokens: TokenStream) -> Self {
        let mut code = Code::default();
        code.tokens(tokens);
        code
    }
}

impl RustType {
    /// The type as the code writes it (what prettyplease prints for its
    /// tokens on one line): `Option<::chrono::NaiveDate>`.
    pub(crate) fn code(&self) -> String {
        let mut out = String::new();
        self.write_code(&mut out);
        out
    }

    /// Whether printing it can break a line: it has generic arguments.
    pub(crate) fn has_arguments(&self) -> bool {
        match self {
            RustType::Path(_, args) | RustType::Impl(_, args) => !args.is_empty(),
            RustType::Ref(inner) | RustType::Slice(inner) => inner.has_arguments(),
            RustType::Primitive(_) | RustType::Unit => false,
        }
    }

    fn write_code(&self, out: &mut String) {
        match self {
            RustType::Primitive(name) => out.push_str(name),
            RustType::Unit => out.push_str("()"),
            RustType::Path(path, args) => {
                path.write_code(out);
                write_code_args(args, out);
            }
            RustType::Ref(inner) => {
                out.push('&');
                inner.write_code(out);
            }
            RustType::Slice(inner) => {
                out.push('[');
                inner.write_code(out);
                out.push(']');
            }
            RustType::Impl(path, args) => {
                out.push_str("impl ");
                path.write_code(out);
                write_code_args(args, out);
            }
        }
    }
}

fn write_code_args(args: &[RustType], out: &mut String) {
    if args.is_empty() {
        return;
    }
    out.push('<');
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        arg.write_code(out);
    }
    out.push('>');
}

impl TypePath {
    /// The path as the code writes it: `::linkgen_runtime::Nullable`.
    pub(crate) fn code(&self) -> String {
        let mut out = String::new();
        self.write_code(&mut out);
        out
    }

    fn write_code(&self, out: &mut String) {
        match self.root {
            Root::Bare | Root::TypesModule => {}
            Root::Global => out.push_str("::"),
            Root::Crate => out.push_str("crate::"),
        }
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push_str("::");
            }
            out.push_str(segment);
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    /// prettyplease's text for a type.
    fn prettyplease(ty: &RustType) -> String {
        let file: syn::File = syn::parse_quote!(type T = #ty;);
        let text = prettyplease::unparse(&file);
        text.trim_end()
            .strip_prefix("type T = ")
            .and_then(|t| t.strip_suffix(';'))
            .unwrap()
            .to_owned()
    }

    #[test]
    fn a_type_reads_as_prettyplease_prints_it() {
        let date = RustType::path(Root::Global, "chrono::NaiveDate");
        let map = RustType::Path(
            TypePath::new(Root::Global, "std::collections::BTreeMap"),
            vec![RustType::path(Root::Bare, "String"), date.clone()],
        );
        let types = [
            map.wrapped_in(TypePath::new(Root::Bare, "Option")),
            RustType::Slice(Box::new(RustType::path(Root::Crate, "types::r#type"))).by_ref(),
            RustType::Impl(
                TypePath::new(Root::Bare, "Into"),
                vec![RustType::Primitive("str").by_ref()],
            ),
            RustType::Unit.wrapped_in(TypePath::new(Root::Bare, "Vec")),
            RustType::path(Root::TypesModule, "Pet"),
        ];
        for ty in types {
            assert_eq!(ty.code(), prettyplease(&ty), "{}", ty.to_token_stream());
        }
    }
}
