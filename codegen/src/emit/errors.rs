//! `Display` and `std::error::Error` for each operation's enum of documented
//! errors: the provider's code and message (the fields
//! [`ir::ErrorSummary`](crate::ir::ErrorSummary) names), else the response's
//! description.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::{ident, Case};
use super::{allow_deprecated, operations, tyref, Ctx};
use crate::ir::{Operation, Response, ResponseBody, TypeKind, TypeRef};
use crate::Result;

/// The `Display` and `Error` impls of `op`'s error enum.
pub(crate) fn impls(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let name = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let mut arms = Vec::new();
    let mut names_deprecated = false;
    for r in op.errors() {
        let v = operations::variant_ident(ctx, op, r)?;
        let fallback = fallback(r);
        arms.push(match &r.body {
            ResponseBody::Empty | ResponseBody::Redirect => {
                quote!(Self::#v => f.write_str(#fallback),)
            }
            ResponseBody::Json(ty) if has_summary(ctx, r, ty, &op.pointer)? => {
                names_deprecated |= tyref::names_deprecated(ctx, ty);
                let value = |field: &str| -> Result<TokenStream> {
                    let field = ident(ctx, field, Case::Snake, "field", &op.pointer)?;
                    Ok(quote!(::linkgen_runtime::summary_value(&body.#field)))
                };
                let codes = r
                    .summary
                    .codes
                    .iter()
                    .map(|c| value(c))
                    .collect::<Result<Vec<_>>>()?;
                let message = match &r.summary.message {
                    Some(m) => value(m)?,
                    None => quote!(::linkgen_runtime::serde_json::Value::Null),
                };
                quote! {
                    Self::#v(body) => ::linkgen_runtime::fmt_api_error(f, #fallback, &[#(#codes),*], #message),
                }
            }
            ResponseBody::Json(_)
            | ResponseBody::Text
            | ResponseBody::Bytes
            | ResponseBody::Events(_) => {
                quote!(Self::#v(_) => f.write_str(#fallback),)
            }
        });
    }
    // An enum without variants has no value to show.
    let (f, body) = if arms.is_empty() {
        (quote!(_), quote!(match *self {}))
    } else {
        (quote!(f), quote!(match self { #(#arms)* }))
    };
    let allow = allow_deprecated(names_deprecated);
    Ok(quote! {
        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, #f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }

        impl ::std::error::Error for #name {}
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
