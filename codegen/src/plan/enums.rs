//! [`Enum`]: an enum the crate defines (a string enum, a union), its
//! definition rendered as tokens or printed as text; its impls stay the
//! emitter's tokens.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::print::{Piece, MARGIN};
use super::{Attr, RustType};

/// One variant: unit, or holding one value.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    /// Its doc and attributes.
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: Ident,
    /// The value it holds: `Name(T)`.
    pub(crate) holds: Option<RustType>,
}

/// `pub enum Name { … }`.
#[derive(Debug, Clone)]
pub(crate) struct Enum {
    /// Every attribute of the item, in order (doc, derives, `#[serde]`…).
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: Ident,
    pub(crate) variants: Vec<Variant>,
}

impl Enum {
    fn tokens(&self) -> TokenStream {
        let Enum { attrs, name, .. } = self;
        let variants = self.variants.iter().map(|v| {
            let Variant { attrs, name, .. } = v;
            let holds = v.holds.as_ref().map(|ty| quote!((#ty)));
            quote!(#(#attrs)* #name #holds,)
        });
        quote! {
            #(#attrs)*
            pub enum #name {
                #(#variants)*
            }
        }
    }

    /// The item printed, or its tokens when a variant's type would not fit
    /// on its line (prettyplease breaks it).
    pub(crate) fn piece(&self) -> Piece {
        Piece::item(self.text(), || self.tokens())
    }

    fn text(&self) -> Option<String> {
        let mut out = String::with_capacity(256 + 96 * self.variants.len());
        for attr in &self.attrs {
            attr.print(0, &mut out);
        }
        out.push_str(&format!("pub enum {} {{", self.name));
        if !self.variants.is_empty() {
            out.push('\n');
        }
        for variant in &self.variants {
            for attr in &variant.attrs {
                attr.print(4, &mut out);
            }
            let line = match &variant.holds {
                Some(ty) => format!("    {}({}),\n", variant.name, ty.code()),
                None => format!("    {},\n", variant.name),
            };
            if line.len() - 1 > MARGIN && variant.holds.is_some() {
                return None;
            }
            out.push_str(&line);
        }
        out.push_str("}\n");
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use quote::format_ident;

    use super::*;
    use crate::plan::{Meta, Root, TypePath};

    fn prettyplease(e: &Enum) -> String {
        prettyplease::unparse(&syn::parse2(e.tokens()).unwrap())
    }

    #[test]
    fn an_enum_prints_as_prettyplease_prints_it() {
        let attrs = vec![
            Attr::Doc(" A pet.".into()),
            Attr::list("derive", vec![Meta::path("Debug"), Meta::path("Clone")]),
            Attr::path("non_exhaustive"),
        ];
        let empty = Enum {
            attrs: attrs.clone(),
            name: format_ident!("Pet"),
            variants: Vec::new(),
        };
        assert_eq!(empty.text().unwrap(), prettyplease(&empty));
        // Held types of every width around the margin: printed when they
        // fit, else left to prettyplease.
        let mut printed = 0;
        for n in 0..70 {
            let name = format!("Cat{}", "x".repeat(n));
            let held = RustType::path(Root::Crate, &format!("types::{name}"))
                .wrapped_in(TypePath::new(Root::Bare, "Box"));
            let e = Enum {
                attrs: attrs.clone(),
                name: format_ident!("Pet"),
                variants: vec![
                    Variant {
                        attrs: vec![Attr::Doc(" `cat`".into())],
                        name: format_ident!("Cat"),
                        holds: Some(held),
                    },
                    Variant {
                        attrs: vec![Attr::list("serde", vec![Meta::name_value("rename", "dog")])],
                        name: format_ident!("Dog"),
                        holds: None,
                    },
                ],
            };
            match e.piece() {
                Piece::Text { text, .. } => {
                    assert_eq!(text, prettyplease(&e), "width {n}");
                    printed += 1;
                }
                // `    Cat(Box<crate::types::Cat…>),` is 32 + n characters.
                _ => assert!(32 + n > MARGIN, "width {n} fell back"),
            }
        }
        assert_eq!(printed, MARGIN - 32 + 1);
    }
}
