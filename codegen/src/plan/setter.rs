//! [`Setter`]: a chainable setter of an optional field,
//! `pub fn with_x(mut self, value: impl Into<T>) -> Self`, the most
//! numerous method of a crate (one per optional field), rendered as tokens
//! or printed as text.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::print::{Piece, MARGIN};
use super::{Attr, RustType, TypePath};

/// What a setter stores in its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stored {
    /// `wrap(value.into())`: the argument, converted (`value: impl Into<T>`).
    Into { wrap: TypePath, into: RustType },
    /// `wrap(())`: a field of unit type takes no argument.
    Unit { wrap: TypePath },
    /// A constant: `::linkgen_runtime::Nullable::Null`.
    Constant(TypePath),
}

/// `pub fn name(mut self[, value: impl Into<T>]) -> Self { self.field = …; self }`.
#[derive(Debug, Clone)]
pub(crate) struct Setter {
    /// Its doc and `#[deprecated]`.
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: Ident,
    pub(crate) field: Ident,
    pub(crate) stored: Stored,
}

/// `head { first setters }`: an `impl` block (`head` is its attributes and
/// `impl Name`) holding the members `first` as tokens, then `setters`,
/// printed when every one of them can be.
pub(crate) fn impl_block(head: TokenStream, first: TokenStream, setters: &[Setter]) -> Piece {
    let mut members = String::new();
    if setters.iter().all(|s| s.text(&mut members).is_some()) {
        return Piece::Impl {
            tokens: quote!(#head { #first }),
            members,
        };
    }
    let setters = setters.iter().map(Setter::tokens);
    Piece::Tokens(quote!(#head { #first #(#setters)* }))
}

impl Setter {
    /// The method as tokens.
    pub(crate) fn tokens(&self) -> TokenStream {
        let Setter {
            attrs, name, field, ..
        } = self;
        let (arg, value) = match &self.stored {
            Stored::Into { wrap, into } => (quote!(, value: #into), quote!(#wrap(value.into()))),
            Stored::Unit { wrap } => (TokenStream::new(), quote!(#wrap(()))),
            Stored::Constant(path) => (TokenStream::new(), quote!(#path)),
        };
        quote! {
            #(#attrs)*
            pub fn #name(mut self #arg) -> Self {
                self.#field = #value;
                self
            }
        }
    }

    /// The method printed as a member of an `impl` block (indented 4), or
    /// `None` when a line would reach the margin, where prettyplease breaks
    /// it in ways not written here.
    pub(crate) fn text(&self, out: &mut String) -> Option<()> {
        for attr in &self.attrs {
            attr.print(4, out);
        }
        let (arg, value) = match &self.stored {
            Stored::Into { wrap, into } => (
                Some(format!("value: {}", into.code())),
                format!("{}(value.into())", wrap.code()),
            ),
            Stored::Unit { wrap } => (None, format!("{}(())", wrap.code())),
            Stored::Constant(path) => (None, path.code()),
        };
        let head = format!("    pub fn {}(", self.name);
        let one_line = match &arg {
            Some(arg) => format!("{head}mut self, {arg}) -> Self {{"),
            None => format!("{head}mut self) -> Self {{"),
        };
        if one_line.len() <= MARGIN {
            out.push_str(&one_line);
        } else {
            // The arguments one per line, each with its comma.
            let arg = arg.map(|a| format!("        {a},\n")).unwrap_or_default();
            if arg.len() > MARGIN {
                return None;
            }
            out.push_str(&format!("{head}\n        mut self,\n{arg}    ) -> Self {{"));
        }
        let assign = format!("        self.{} = {value};", self.field);
        if assign.len() > MARGIN {
            return None;
        }
        out.push('\n');
        out.push_str(&assign);
        out.push_str("\n        self\n    }\n");
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use quote::format_ident;

    use super::*;
    use crate::plan::Root;

    /// prettyplease's text for `setters` in an `impl` block, without its
    /// first and last line.
    fn prettyplease(setters: &[Setter]) -> String {
        let tokens = setters.iter().map(Setter::tokens);
        let file: syn::File = syn::parse_quote!(impl T { #(#tokens)* });
        let text = prettyplease::unparse(&file);
        let inner = text.split_once('\n').unwrap().1;
        inner.strip_suffix("}\n").unwrap().to_owned()
    }

    #[test]
    fn setters_print_as_prettyplease_prints_them() {
        let some = TypePath::new(Root::Bare, "Some");
        let nullable = TypePath::new(Root::Global, "linkgen_runtime::Nullable::Value");
        // Every width around the margin, one character at a time.
        for n in 0..70 {
            let long = format!("Field{}", "x".repeat(n));
            let setters = [
                Setter {
                    attrs: vec![Attr::Doc(format!(" Sets `{long}`."))],
                    name: format_ident!("with_{}", long.to_lowercase()),
                    field: format_ident!("{}", long.to_lowercase()),
                    stored: Stored::Into {
                        wrap: some.clone(),
                        into: RustType::Impl(
                            TypePath::new(Root::Bare, "Into"),
                            vec![RustType::path(Root::Crate, &format!("types::{long}"))],
                        ),
                    },
                },
                Setter {
                    attrs: vec![Attr::path("deprecated")],
                    name: format_ident!("with_{}", long.to_lowercase()),
                    field: format_ident!("{}", long.to_lowercase()),
                    stored: Stored::Unit {
                        wrap: nullable.clone(),
                    },
                },
                Setter {
                    attrs: Vec::new(),
                    name: format_ident!("with_{}_null", long.to_lowercase()),
                    field: format_ident!("{}", long.to_lowercase()),
                    stored: Stored::Constant(TypePath::new(
                        Root::Global,
                        "linkgen_runtime::Nullable::Null",
                    )),
                },
            ];
            for setter in setters {
                let mut text = String::new();
                match setter.text(&mut text) {
                    Some(()) => assert_eq!(text, prettyplease(&[setter]), "width {n}"),
                    // `        self.field… = ::linkgen_runtime::Nullable::Value(());`
                    // is 60 + n characters: past the margin from n = 30 on.
                    None => assert!(n >= 30, "a setter of width {n} fell back to tokens"),
                }
            }
        }
    }
}
