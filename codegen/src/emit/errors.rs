//! `Display`, `std::error::Error` and `linkgen_runtime::ErrorSummary` for
//! each operation's enum of documented errors: the provider's code and
//! message (the fields [`ir::ErrorSummary`](crate::ir::ErrorSummary) names),
//! which `Display` shows, else the response's description.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::{ident, Case};
use super::{allow_deprecated, operations, tyref, Ctx};
use crate::ir::{Operation, Response, ResponseBody, TypeKind, TypeRef};
use crate::Result;

/// The `Display`, `Error` and `ErrorSummary` impls of `op`'s error enum.
///
/// `ErrorSummary` reads the fields; `Display` writes what it returns (so the
/// two never disagree), or the response's description when it returns
/// nothing.
pub(crate) fn impls(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let name = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let mut fallbacks = Vec::new();
    let mut codes = Vec::new();
    let mut messages = Vec::new();
    let mut variants = 0;
    let mut names_deprecated = false;
    for r in op.errors() {
        variants += 1;
        let v = operations::variant_ident(ctx, op, r)?;
        let fallback = fallback(r);
        let ty = match &r.body {
            ResponseBody::Empty | ResponseBody::Redirect => {
                fallbacks.push(quote!(Self::#v => #fallback,));
                continue;
            }
            ResponseBody::Json(ty) => {
                fallbacks.push(quote!(Self::#v(_) => #fallback,));
                ty
            }
            ResponseBody::Text | ResponseBody::Bytes | ResponseBody::Events(_) => {
                fallbacks.push(quote!(Self::#v(_) => #fallback,));
                continue;
            }
        };
        if !has_summary(ctx, r, ty, &op.pointer)? {
            continue;
        }
        names_deprecated |= tyref::names_deprecated(ctx, ty);
        let value = |field: &str| -> Result<TokenStream> {
            let field = ident(ctx, field, Case::Snake, "field", &op.pointer)?;
            Ok(quote!(::linkgen_runtime::summary_text(&body.#field)))
        };
        if !r.summary.codes.is_empty() {
            let fields = r
                .summary
                .codes
                .iter()
                .map(|c| value(c))
                .collect::<Result<Vec<_>>>()?;
            codes.push(quote! {
                Self::#v(body) => ::linkgen_runtime::summary_codes([#(#fields),*]),
            });
        }
        if let Some(m) = &r.summary.message {
            let field = value(m)?;
            messages.push(quote!(Self::#v(body) => #field,));
        }
    }
    // An enum without variants has no value to show; a match that names
    // every variant needs no catch-all (it would be unreachable), and one
    // that names none is no match.
    let matching = |arms: Vec<TokenStream>, otherwise: TokenStream| {
        if variants == 0 {
            quote!(match *self {})
        } else if arms.is_empty() {
            otherwise
        } else if arms.len() == variants {
            quote!(match self { #(#arms)* })
        } else {
            quote!(match self { #(#arms)* _ => #otherwise, })
        }
    };
    let display = if variants == 0 {
        quote!(match *self {})
    } else {
        quote! {
            let fallback = match self { #(#fallbacks)* };
            ::linkgen_runtime::fmt_summary(f, fallback, self)
        }
    };
    let f = if variants == 0 { quote!(_) } else { quote!(f) };
    let codes = matching(codes, quote!(::std::vec::Vec::new()));
    let message = matching(messages, quote!(::std::option::Option::None));
    let allow = allow_deprecated(names_deprecated);
    Ok(quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, #f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for #name {}

        #allow
        impl ::linkgen_runtime::ErrorSummary for #name {
            fn codes(&self) -> ::std::vec::Vec<::std::string::String> {
                #codes
            }

            fn message(&self) -> ::std::option::Option<::std::string::String> {
                #message
            }
        }
    })
}

/// What `Display` shows when the body says nothing better: the response's
/// description (its first line), else its status.
fn fallback(r: &Response) -> String {
    r.description
        .as_deref()
        .map(docs::inline)
        .map(|d| {
            // The first sentence: a summary, not the whole description.
            let end = d.find(". ").unwrap_or(d.len());
            d[..end].trim().trim_end_matches('.').to_owned()
        })
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| r.status.describe())
}

/// The fields of an error response's body that `ErrorSummary` reads, by
/// wire name (`API.md`: `code: error_type/error_code; message:
/// error_message`); empty when it reads nothing of it. A spec change that
/// moves the code or the message elsewhere changes them, so `api-diff`
/// reports it.
pub(crate) fn summary_fields(
    ctx: &Ctx<'_>,
    op: &Operation,
    r: &Response,
) -> Result<crate::surface::wire::ErrorSummary> {
    let none = crate::surface::wire::ErrorSummary::default();
    let ResponseBody::Json(ty) = &r.body else {
        return Ok(none);
    };
    if r.success || !has_summary(ctx, r, ty, &op.pointer)? {
        return Ok(none);
    }
    let TypeRef::Named(id) = tyref::resolve(ctx, ty, &op.pointer)? else {
        return Ok(none);
    };
    let TypeKind::Struct(st) = &ctx.typedef(*id, &op.pointer)?.kind else {
        return Ok(none);
    };
    let wire = |name: &String| {
        st.fields
            .iter()
            .find(|f| &f.name == name)
            .map_or(name, |f| &f.wire_name)
            .clone()
    };
    Ok(crate::surface::wire::ErrorSummary {
        codes: r.summary.codes.iter().map(wire).collect(),
        message: r.summary.message.as_ref().map(wire),
    })
}

/// Whether the summary names fields of the body's struct (so `body.field`
/// exists).
fn has_summary(ctx: &Ctx<'_>, r: &Response, ty: &TypeRef, pointer: &str) -> Result<bool> {
    if r.summary.codes.is_empty() && r.summary.message.is_none() {
        return Ok(false);
    }
    Ok(match tyref::resolve(ctx, ty, pointer)? {
        TypeRef::Named(id) => matches!(ctx.typedef(*id, pointer)?.kind, TypeKind::Struct(_)),
        _ => false,
    })
}
