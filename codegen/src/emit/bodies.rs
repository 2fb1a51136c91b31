//! Request bodies: the argument a body takes (of the method when required,
//! of the call type's `body` setter when optional) and the statement that
//! writes it into the request; and, for an operation documented with bodies
//! that differ (JSON and multipart, JSON and form-encoded…), the enum the
//! caller chooses with (`{Op}Content`, in `src/operations.rs`): one variant
//! per body, each sent with its own `Content-Type`, and a `From` per value
//! type so that passing the preferred body's value reads as it does alone.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::calls::{self, arg_type, pass_of, Pass};
use super::docs::{self, Doc};
use super::idents::{ident, Case};
use super::operations::method_link;
use super::tyref::{self, Pos};
use super::{allow_deprecated, Ctx};
use crate::ir::{BodyEncoding, BodyVariant, Operation, RequestBody, TypeKind, TypeRef};
use crate::plan::{Root, RustType, TypePath};
use crate::Result;

/// The body argument's type and the statement that sets it on `request` (a
/// `&mut Request` expression).
pub(crate) fn body_arg(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &RequestBody,
    arg: &Ident,
    request: &TokenStream,
) -> Result<(RustType, TokenStream)> {
    let Some(choice) = &body.choice_type else {
        return variant_arg(ctx, op, body.primary(), arg, request);
    };
    let name = ident(ctx, choice, Case::Camel, "body choice", &op.pointer)?;
    let value = format_ident!("value");
    let mut arms = Vec::new();
    for variant in &body.variants {
        let v = ident(ctx, &variant.name, Case::Camel, "body variant", &op.pointer)?;
        let statement = owned_statement(ctx, op, variant, &value, request)?;
        arms.push(quote!(crate::operations::#name::#v(#value) => { #statement }));
    }
    Ok((
        into(RustType::path(Root::Crate, &format!("operations::{name}"))),
        quote! {
            match ::core::convert::Into::<crate::operations::#name>::into(#arg) {
                #(#arms)*
            }
        },
    ))
}

/// The argument type of one body alone and the statement sending it.
fn variant_arg(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &BodyVariant,
    arg: &Ident,
    request: &TokenStream,
) -> Result<(RustType, TokenStream)> {
    let content_type = body.content_type.as_str();
    let resolved = tyref::resolve(ctx, &body.ty, &op.pointer)?;
    Ok(match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => {
            let pass = match pass_of(ctx, op, &body.ty)? {
                Pass::Value => Pass::Ref,
                other => other,
            };
            let ty = arg_type(ctx, op, &body.ty, pass)?;
            (ty, structured(body, &quote!(#arg), request))
        }
        // Bytes (a `Vec<u8>`, a `String`, `Bytes`: sent as they are, without
        // a copy) or a stream.
        BodyEncoding::Bytes => (
            into(RustType::path(Root::Global, "linkgen_runtime::Body")),
            quote!(#request.body(#content_type, #arg);),
        ),
        BodyEncoding::Multipart => (
            form_type(ctx, op, body)?,
            quote!(#request.multipart(#arg.into_multipart());),
        ),
        BodyEncoding::Text => match resolved {
            TypeRef::String => (
                RustType::Primitive("str").by_ref(),
                quote!(#request.text(#content_type, #arg);),
            ),
            _ if is_text_enum(ctx, op, resolved)? => {
                let ty = tyref::rust(ctx, &body.ty, Pos::Crate, &op.pointer)?;
                (
                    ty.by_ref(),
                    quote!(#request.text(#content_type, #arg.as_str());),
                )
            }
            _ => {
                let ty = tyref::rust(ctx, &body.ty, Pos::Crate, &op.pointer)?;
                (ty, quote!(#request.text(#content_type, #arg.to_string());))
            }
        },
        BodyEncoding::Empty => (RustType::Unit, TokenStream::new()),
    })
}

/// `impl ::core::convert::Into<T>`: an argument any value of `T` or one
/// that converts to it can fill.
fn into(ty: RustType) -> RustType {
    RustType::Impl(TypePath::new(Root::Global, "core::convert::Into"), vec![ty])
}

/// The statement sending a JSON or form-encoded `value` (a reference).
fn structured(body: &BodyVariant, value: &TokenStream, request: &TokenStream) -> TokenStream {
    let content_type = body.content_type.as_str();
    if body.encoding == BodyEncoding::Json {
        return quote!(#request.json(#content_type, #value););
    }
    let styles = body.form_styles.iter().map(|s| {
        let (wire, style, explode) = (s.wire_name.as_str(), calls::style(s.style), s.explode);
        quote!((#wire, ::linkgen_runtime::#style, #explode))
    });
    quote!(#request.form_styled(#value, &[#(#styles),*]);)
}

/// The statement sending a choice's variant, its `value` held by value.
fn owned_statement(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &BodyVariant,
    value: &Ident,
    request: &TokenStream,
) -> Result<TokenStream> {
    let content_type = body.content_type.as_str();
    let resolved = tyref::resolve(ctx, &body.ty, &op.pointer)?;
    Ok(match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => structured(body, &quote!(&#value), request),
        BodyEncoding::Bytes => quote!(#request.body(#content_type, #value);),
        BodyEncoding::Multipart => quote!(#request.multipart(#value.into_multipart());),
        BodyEncoding::Text => match resolved {
            TypeRef::String => quote!(#request.text(#content_type, #value);),
            _ if is_text_enum(ctx, op, resolved)? => {
                quote!(#request.text(#content_type, #value.as_str());)
            }
            _ => quote!(#request.text(#content_type, #value.to_string());),
        },
        BodyEncoding::Empty => TokenStream::new(),
    })
}

/// A string enum, sent as text by its wire value.
fn is_text_enum(ctx: &Ctx<'_>, op: &Operation, resolved: &TypeRef) -> Result<bool> {
    Ok(match resolved {
        TypeRef::Named(id) => {
            matches!(ctx.typedef(*id, &op.pointer)?.kind, TypeKind::StringEnum(_))
        }
        _ => false,
    })
}

/// A multipart body's form type (`Api::validate`: it has one).
fn form_type(ctx: &Ctx<'_>, op: &Operation, body: &BodyVariant) -> Result<RustType> {
    let Some(form) = &body.form else {
        return Err(ctx.unsupported(&op.pointer, "a multipart request body without its form"));
    };
    let name = ident(ctx, &form.type_name, Case::Camel, "form type", &op.pointer)?;
    Ok(RustType::path(Root::Crate, &format!("operations::{name}")))
}

/// The type a choice's variant holds: the body's value, owned.
fn held_type(ctx: &Ctx<'_>, op: &Operation, body: &BodyVariant) -> Result<RustType> {
    Ok(match body.encoding {
        BodyEncoding::Bytes => RustType::path(Root::Global, "linkgen_runtime::Body"),
        BodyEncoding::Multipart => form_type(ctx, op, body)?,
        _ => tyref::rust(ctx, &body.ty, Pos::Crate, &op.pointer)?,
    })
}

/// How a variant's doc names what it sends.
fn sent_as(body: &BodyVariant) -> String {
    let mut line = format!("Sent as {}", docs::code(&body.content_type));
    if body.content_type_range {
        line.push_str(" unless the call's `content_type` setter names another type");
    }
    line.push('.');
    line
}

/// The enum of `op`'s documented bodies, with its `From` impls: each value
/// type converts into the first variant that holds it (a JSON struct also
/// by reference, cloned), so the preferred body's value is passed as is.
pub(crate) fn choice_enum(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &RequestBody,
) -> Result<TokenStream> {
    let Some(choice) = &body.choice_type else {
        return Ok(TokenStream::new());
    };
    let name = ident(ctx, choice, Case::Camel, "body choice", &op.pointer)?;
    let mut variants = Vec::new();
    let mut froms = Vec::new();
    let mut converted: Vec<String> = Vec::new();
    let names_deprecated = body
        .variants
        .iter()
        .any(|v| tyref::names_deprecated(ctx, &v.ty));
    let deprecated = allow_deprecated(names_deprecated);
    for variant in &body.variants {
        let v = ident(ctx, &variant.name, Case::Camel, "body variant", &op.pointer)?;
        let held = held_type(ctx, op, variant)?;
        let doc = Doc::new().line(sent_as(variant)).outer();
        variants.push(quote!(#doc #v(#held),));
        let key = held.to_string();
        if converted.contains(&key) {
            continue;
        }
        converted.push(key);
        froms.push(quote! {
            #deprecated
            impl ::core::convert::From<#held> for #name {
                #[inline]
                fn from(value: #held) -> Self {
                    Self::#v(value)
                }
            }
        });
        // A string is passed as `&str` when alone: that still compiles.
        if matches!(
            tyref::resolve(ctx, &variant.ty, &op.pointer)?,
            TypeRef::String
        ) && matches!(variant.encoding, BodyEncoding::Json | BodyEncoding::Text)
            && !converted.iter().any(|k| k == "&str")
        {
            converted.push("&str".into());
            froms.push(quote! {
                #deprecated
                impl ::core::convert::From<&str> for #name {
                    #[inline]
                    fn from(value: &str) -> Self {
                        Self::#v(::core::convert::From::from(value))
                    }
                }
            });
            continue;
        }
        // A JSON or form value is passed by reference when alone: that
        // still compiles.
        if matches!(variant.encoding, BodyEncoding::Json | BodyEncoding::Form) {
            froms.push(quote! {
                #deprecated
                impl ::core::convert::From<&#held> for #name {
                    #[inline]
                    fn from(value: &#held) -> Self {
                        Self::#v(::core::clone::Clone::clone(value))
                    }
                }
            });
        }
    }
    let doc = Doc::new()
        .line(format!(
            "The request bodies {} accepts: the variant chosen decides the media type sent.",
            method_link(op)
        ))
        .line("Each value type converts into the first variant that holds it (`.into()`), so passing the first body's value picks it; name the variant to send another.")
        .outer();
    Ok(quote! {
        #doc
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        #deprecated
        pub enum #name {
            #(#variants)*
        }

        #(#froms)*
    })
}
