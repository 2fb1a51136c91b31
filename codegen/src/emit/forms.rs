//! The form type of a `multipart/form-data` body (in `src/operations.rs`,
//! beside its operation's call type): `new(required parts…)` and a `with_…`
//! setter per optional part, each writing its part at once into a
//! `linkgen_runtime::Multipart` (files as `FilePart`s with their file name
//! and content type, scalars as text, objects as JSON; each with the
//! `Content-Type` the spec's `encoding` gives it), which the runtime sends
//! with a boundary of its own. A newtype rather than a struct of fields, so
//! it needs no serde code and a new optional part adds a method.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::calls::{self, Pass};
use super::docs::{self, Doc};
use super::idents::{ident, Case};
use super::operations::method_link;
use super::tyref;
use super::{allow_deprecated, Ctx};
use crate::ir::{Form, FormPart, Operation, PartKind};
use crate::Result;

/// The form type of `op`'s multipart body.
pub(crate) fn form_type(ctx: &Ctx<'_>, op: &Operation, form: &Form) -> Result<TokenStream> {
    let name = ident(ctx, &form.type_name, Case::Camel, "form type", &op.pointer)?;
    let order = form.parts.iter().map(|p| p.wire_name.as_str());
    let mut names_deprecated = false;
    let mut args = Vec::new();
    let mut writes = Vec::new();
    let mut setters = Vec::new();
    for part in &form.parts {
        names_deprecated |= tyref::names_deprecated(ctx, &part.ty);
        let arg = ident(ctx, &part.name, Case::Snake, "form part", &op.pointer)?;
        let (ty, write) = part_arg(ctx, op, part, &arg, &quote!(form))?;
        if part.required {
            args.push(quote!(#arg: #ty));
            writes.push(write);
            continue;
        }
        let setter = ident(ctx, &part.setter, Case::Snake, "form setter", &op.pointer)?;
        let (_, write) = part_arg(ctx, op, part, &arg, &quote!(self.0))?;
        let doc = part_doc(part).outer();
        setters.push(quote! {
            #doc
            #[inline]
            #[must_use]
            pub fn #setter(mut self, #arg: #ty) -> Self {
                #write
                self
            }
        });
    }
    let required: Vec<String> = form
        .parts
        .iter()
        .filter(|p| p.required)
        .map(|p| docs::code(&p.wire_name))
        .collect();
    let doc = Doc::new()
        .line(format!(
            "The `multipart/form-data` body of {}: one part per property, sent in the spec's order with a boundary of its own.",
            method_link(op)
        ))
        .line("Required parts are arguments of `new`, optional ones `with_…` setters; a file part takes anything that converts into a [`FilePart`](linkgen_runtime::FilePart) (its bytes, or a `FilePart` with its file name and content type).")
        .outer();
    let new_doc = if required.is_empty() {
        Doc::new().line("A form without parts yet.")
    } else {
        Doc::new().line(format!(
            "A form with its required parts: {}.",
            required.join(", ")
        ))
    };
    let new_doc = new_doc.outer();
    let allow = allow_deprecated(names_deprecated);
    let form_mut = if writes.is_empty() {
        quote!(form)
    } else {
        quote!(mut form)
    };
    // Without required parts `new()` takes nothing: `Default` too, as
    // clippy's `new_without_default` asks.
    let default = if args.is_empty() {
        quote! {
            impl ::core::default::Default for #name {
                #[inline]
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name(::linkgen_runtime::Multipart);

        #default

        #allow
        impl #name {
            #new_doc
            #[inline]
            pub fn new(#(#args),*) -> Self {
                let #form_mut = ::linkgen_runtime::Multipart::ordered(&[#(#order),*]);
                #(#writes)*
                Self(form)
            }

            #(#setters)*

            /// The parts, for the request.
            #[inline]
            pub(crate) fn into_multipart(self) -> ::linkgen_runtime::Multipart {
                self.0
            }
        }
    })
}

/// What a part's doc says: the spec's description and how it is sent.
fn part_doc(part: &FormPart) -> Doc {
    let how = match part.kind {
        PartKind::File => "a file",
        PartKind::Files => "files, one part each",
        PartKind::Text => "text",
        PartKind::Json => "JSON",
    };
    let mut line = format!("Sent as the {} part, {how}", docs::code(&part.wire_name));
    if let Some(ct) = &part.content_type {
        line.push_str(&format!(" ({})", docs::code(ct)));
    }
    line.push('.');
    Doc::new().spec(part.doc.as_deref()).line(line)
}

/// A part's argument type and the statement writing it into `form` (a
/// `linkgen_runtime::Multipart` place).
fn part_arg(
    ctx: &Ctx<'_>,
    op: &Operation,
    part: &FormPart,
    arg: &proc_macro2::Ident,
    form: &TokenStream,
) -> Result<(TokenStream, TokenStream)> {
    let wire = part.wire_name.as_str();
    let content_type = match &part.content_type {
        Some(ct) => {
            let ct = Literal::string(ct);
            quote!(::core::option::Option::Some(#ct))
        }
        None => quote!(::core::option::Option::None),
    };
    Ok(match part.kind {
        PartKind::File => (
            quote!(impl ::core::convert::Into<::linkgen_runtime::FilePart>),
            quote!(#form.file(#wire, #content_type, #arg.into());),
        ),
        PartKind::Files => (
            quote!(impl ::core::iter::IntoIterator<Item = ::linkgen_runtime::FilePart>),
            quote!(#form.files(#wire, #content_type, #arg);),
        ),
        PartKind::Text | PartKind::Json => {
            let pass = calls::pass_of(ctx, op, &part.ty)?;
            let ty = calls::arg_type(ctx, op, &part.ty, pass)?;
            let value = if pass == Pass::Value {
                quote!(&#arg)
            } else {
                quote!(#arg)
            };
            let write = if part.kind == PartKind::Text {
                quote!(#form.text(#wire, #content_type, #value);)
            } else {
                quote!(#form.json(#wire, #content_type, #value);)
            };
            (ty.into_token_stream(), write)
        }
    })
}
