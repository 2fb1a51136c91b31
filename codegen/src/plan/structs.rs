//! [`Struct`]: a struct the crate defines, whatever it holds (a schema's
//! object type, an operation's response headers, a constructor's required
//! fields), and its one rendering: the derives, the fields, and the `Debug`
//! written by hand when a field is secret.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::print::{Piece, MARGIN};
use super::{Attr, RustType};

/// How a struct is shown by `Debug`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Debug {
    /// Derived: no field is secret.
    Derived,
    /// Written by hand: each secret field is shown as `[redacted]`, whatever
    /// its value (so not even whether it is set shows).
    Redacted,
    /// None: a value consumed at once (a constructor's required fields).
    Absent,
}

/// The traits a struct derives besides `Debug`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Derives {
    /// `Clone` and `PartialEq`: every value type of the crate.
    pub(crate) value: bool,
    /// `Default`: every field is optional.
    pub(crate) default: bool,
    /// `serde::Deserialize` (an object type whose decoding the runtime's
    /// `deserialize_struct!` does not write).
    pub(crate) deserialize: bool,
}

/// One field.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// Its doc and attributes (`#[deprecated]`, `#[serde(…)]`).
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: Ident,
    pub(crate) ty: RustType,
    /// Shown as `[redacted]` by `Debug`.
    pub(crate) secret: bool,
}

/// A struct with named fields.
#[derive(Debug, Clone)]
pub(crate) struct Struct {
    /// Its doc and the attributes before the derives.
    pub(crate) head: Vec<Attr>,
    pub(crate) name: Ident,
    /// The name `Debug` shows (the IR's, which a raw identifier's `r#` does
    /// not start).
    pub(crate) label: String,
    pub(crate) debug: Debug,
    pub(crate) derives: Derives,
    /// `#[non_exhaustive]`: built with `new`, so a field the spec adds is
    /// not a breaking change.
    pub(crate) non_exhaustive: bool,
    /// `#[allow(deprecated)]` (or nothing) for the item: its fields name
    /// something deprecated.
    pub(crate) allow: Option<Attr>,
    /// The same for its impls, which also touch deprecated fields.
    pub(crate) impl_allow: Option<Attr>,
    pub(crate) fields: Vec<Field>,
}

impl Struct {
    /// The `Debug` a struct with these fields gets.
    pub(crate) fn debug_for(fields: &[Field]) -> Debug {
        if fields.iter().any(|f| f.secret) {
            Debug::Redacted
        } else {
            Debug::Derived
        }
    }

    /// The attributes after the head: the derives, `#[non_exhaustive]` and
    /// the allow.
    fn tail(&self) -> impl Iterator<Item = Attr> + '_ {
        let non_exhaustive = self.non_exhaustive.then(|| Attr::path("non_exhaustive"));
        [Self::derive(self.debug, self.derives), non_exhaustive]
            .into_iter()
            .chain([self.allow.clone()])
            .flatten()
    }

    /// The item as tokens.
    fn definition(&self) -> TokenStream {
        let name = &self.name;
        let head = &self.head;
        let tail = self.tail();
        let fields = self.fields.iter().map(
            |Field {
                 attrs, name, ty, ..
             }| {
                quote! {
                    #(#attrs)*
                    pub #name: #ty,
                }
            },
        );
        quote! {
            #(#head)*
            #(#tail)*
            pub struct #name {
                #(#fields)*
            }
        }
    }

    /// The item printed, or its tokens when a field's type would not fit
    /// on its line (prettyplease breaks it).
    pub(crate) fn piece(&self) -> Piece {
        Piece::item(self.text(), || self.definition())
    }

    fn text(&self) -> Option<String> {
        let mut out = String::with_capacity(256 + 128 * self.fields.len());
        for attr in &self.head {
            attr.print(0, &mut out);
        }
        for attr in self.tail() {
            attr.print(0, &mut out);
        }
        out.push_str("pub struct ");
        out.push_str(&self.name.to_string());
        out.push_str(" {");
        if !self.fields.is_empty() {
            out.push('\n');
        }
        for field in &self.fields {
            for attr in &field.attrs {
                attr.print(4, &mut out);
            }
            let start = out.len();
            out.push_str("    pub ");
            out.push_str(&field.name.to_string());
            out.push_str(": ");
            out.push_str(&field.ty.code());
            out.push(',');
            if out.len() - start > MARGIN && field.ty.has_arguments() {
                return None;
            }
            out.push('\n');
        }
        out.push_str("}\n");
        Some(out)
    }

    /// `#[derive(…)]`, or `None` when it derives nothing.
    fn derive(debug: Debug, derives: Derives) -> Option<Attr> {
        let Derives {
            value,
            default,
            deserialize,
        } = derives;
        let mut list = Vec::new();
        if debug == Debug::Derived {
            list.push("Debug");
        }
        if value {
            list.extend(["Clone", "PartialEq"]);
        }
        if default {
            list.push("Default");
        }
        if deserialize {
            list.push("::serde::Deserialize");
        }
        (!list.is_empty()).then(|| Attr::derive(&list))
    }

    /// The hand-written `Debug`, when the struct has one.
    pub(crate) fn debug_impl(&self) -> Option<TokenStream> {
        if self.debug != Debug::Redacted {
            return None;
        }
        let Struct {
            name,
            label,
            impl_allow,
            ..
        } = self;
        let entries = self.fields.iter().map(|f| {
            let field = &f.name;
            let shown = field.to_string();
            let shown = shown.trim_start_matches("r#");
            if f.secret {
                quote!(.field(#shown, &::std::format_args!("[redacted]")))
            } else {
                quote!(.field(#shown, &self.#field))
            }
        });
        Some(quote! {
            #impl_allow
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label)
                        #(#entries)*
                        .finish()
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use quote::format_ident;

    use super::*;
    use crate::plan::{Meta, Root, TypePath};

    fn field(name: &str, ty: RustType) -> Field {
        Field {
            attrs: vec![
                Attr::Doc(format!(" The `{name}` property.")),
                Attr::list("serde", vec![Meta::name_value("rename", name)]),
            ],
            name: format_ident!("{}", name),
            ty,
            secret: false,
        }
    }

    fn planned(fields: Vec<Field>) -> Struct {
        Struct {
            head: vec![Attr::Doc(" A pet.".into()), Attr::path("deprecated")],
            name: format_ident!("Pet"),
            label: "Pet".into(),
            debug: Debug::Derived,
            derives: Derives {
                value: true,
                default: true,
                deserialize: true,
            },
            non_exhaustive: true,
            allow: None,
            impl_allow: None,
            fields,
        }
    }

    /// prettyplease's text for the struct's tokens.
    fn prettyplease(s: &Struct) -> String {
        prettyplease::unparse(&syn::parse2(s.definition()).unwrap())
    }

    #[test]
    fn a_struct_prints_as_prettyplease_prints_it() {
        assert_eq!(
            planned(Vec::new()).text().unwrap(),
            prettyplease(&planned(Vec::new()))
        );
        // Field types of every width around the margin: printed when they
        // fit, else left to prettyplease (which breaks their arguments).
        let mut printed = 0;
        for n in 0..60 {
            let name = format!("Pet{}", "x".repeat(n));
            let map = RustType::Path(
                TypePath::new(Root::Global, "std::collections::BTreeMap"),
                vec![
                    RustType::path(Root::Bare, "String"),
                    RustType::path(Root::Crate, &format!("types::{name}")),
                ],
            );
            let fields = vec![
                field(
                    "plain",
                    RustType::path(Root::Crate, &format!("types::{name}")),
                ),
                field("map", map.wrapped_in(TypePath::new(Root::Bare, "Option"))),
            ];
            let s = planned(fields);
            match s.piece() {
                Piece::Text { text, .. } => {
                    assert_eq!(text, prettyplease(&s), "width {n}");
                    printed += 1;
                }
                // `    pub map: Option<::std::collections::BTreeMap<String,
                // crate::types::Pet…>>,` is 77 + n characters.
                _ => assert!(77 + n > MARGIN, "width {n} fell back"),
            }
        }
        assert_eq!(printed, MARGIN - 77 + 1);
    }
}
