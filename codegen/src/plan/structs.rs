//! [`Struct`]: a struct the crate defines, whatever it holds (a schema's
//! object type, an operation's response headers, a constructor's required
//! fields), and its one rendering: the derives, the fields, and the `Debug`
//! written by hand when a field is secret.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::RustType;

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
    /// `serde::Serialize`.
    pub(crate) serialize: bool,
    /// `serde::Deserialize` (an object type whose decoding the runtime's
    /// `deserialize_struct!` does not write).
    pub(crate) deserialize: bool,
}

/// One field.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// Its doc and attributes (`#[deprecated]`, `#[serde(…)]`), rendered.
    pub(crate) attrs: TokenStream,
    pub(crate) name: Ident,
    pub(crate) ty: RustType,
    /// Shown as `[redacted]` by `Debug`.
    pub(crate) secret: bool,
}

/// A struct with named fields.
#[derive(Debug, Clone)]
pub(crate) struct Struct {
    /// Its doc and the attributes before the derives, rendered.
    pub(crate) head: TokenStream,
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
    pub(crate) allow: TokenStream,
    /// The same for its impls, which also touch deprecated fields.
    pub(crate) impl_allow: TokenStream,
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

    /// The item.
    pub(crate) fn definition(&self) -> TokenStream {
        let Struct {
            head, name, allow, ..
        } = self;
        let derives = self.derive_list();
        let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
        let non_exhaustive = self.non_exhaustive.then(|| quote!(#[non_exhaustive]));
        let fields = self.fields.iter().map(
            |Field {
                 attrs, name, ty, ..
             }| {
                quote! {
                    #attrs
                    pub #name: #ty,
                }
            },
        );
        quote! {
            #head
            #derive
            #non_exhaustive
            #allow
            pub struct #name {
                #(#fields)*
            }
        }
    }

    /// The item and its hand-written `Debug` when it has one.
    pub(crate) fn tokens(&self) -> TokenStream {
        let mut out = self.definition();
        out.extend(self.debug_impl());
        out
    }

    fn derive_list(&self) -> Vec<TokenStream> {
        let Derives {
            value,
            default,
            serialize,
            deserialize,
        } = self.derives;
        let mut list = Vec::new();
        if self.debug == Debug::Derived {
            list.push(quote!(Debug));
        }
        if value {
            list.extend([quote!(Clone), quote!(PartialEq)]);
        }
        if default {
            list.push(quote!(Default));
        }
        if serialize {
            list.push(quote!(::serde::Serialize));
        }
        if deserialize {
            list.push(quote!(::serde::Deserialize));
        }
        list
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
