//! `src/operations.rs`: per operation, in spec order, its parameters struct
//! (query, header and cookie parameters; path parameters are arguments of
//! the client method), its enum of documented error responses and, when it
//! has several success bodies, its enum of success responses.
//!
//! Also what `calls.rs` and the surface share: the Rust type of a response
//! body and the type the method returns.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::enums::{allow_large_variant, allow_variant_names};
use super::idents::{ident, Case, Scope};
use super::tyref::{self, Pos};
use super::{allow, allow_deprecated, deprecated_attr, Ctx};
use crate::ir::{Operation, Param, Response, ResponseBody, StatusMatch, TypeRef};
use crate::Result;

/// The tokens of `src/operations.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut names = Scope::new("operation type");
    let mut items = Vec::new();
    for op in &ctx.api.operations {
        let mut own = Vec::new();
        if let Some(params) = &op.params_type {
            names.claim(ctx, params, &op.pointer)?;
            own.push(params_struct(ctx, op, params)?);
        }
        names.claim(ctx, &op.error_type, &op.pointer)?;
        own.push(error_enum(ctx, op)?);
        own.push(super::errors::impls(ctx, op)?);
        if let Some(success) = &op.success_type {
            names.claim(ctx, success, &op.pointer)?;
            own.push(success_enum(ctx, op, success)?);
        }
        let cfg = super::gate::operation(op);
        items.push(super::gate::items(
            ctx,
            &cfg,
            quote!(#(#own)*),
            &op.pointer,
        )?);
    }
    let doc = Doc::new()
        .line("Per operation of the [`Client`](crate::Client): its parameters, its documented errors and its success responses.")
        .inner();
    Ok(quote! {
        #doc
        #(#items)*
    })
}

/// The method's link, for docs: ``[`Client::name`](crate::Client::name)``.
pub(crate) fn method_link(op: &Operation) -> String {
    let name = op.method_name.trim_start_matches("r#");
    format!("[`Client::{name}`](crate::Client::{name})")
}

/// Whether a required parameter's `new()` argument is `impl Into<String>`
/// (strings, and bytes, which parameters carry as base64 text).
pub(crate) fn takes_into_string(ctx: &Ctx<'_>, op: &Operation, ty: &TypeRef) -> Result<bool> {
    Ok(matches!(
        tyref::resolve(ctx, ty, &op.pointer)?,
        TypeRef::String | TypeRef::Bytes(_)
    ))
}

/// A response's variant name in the operation's success or error enum.
pub(crate) fn variant_ident(ctx: &Ctx<'_>, op: &Operation, r: &Response) -> Result<Ident> {
    ident(
        ctx,
        &r.variant,
        Case::Camel,
        "response variant",
        &op.pointer,
    )
}

/// A parameter's Rust field/argument name.
pub(crate) fn param_ident(ctx: &Ctx<'_>, op: &Operation, p: &Param) -> Result<Ident> {
    ident(ctx, &p.name, Case::Snake, "parameter", &op.pointer)
}

fn params_struct(ctx: &Ctx<'_>, op: &Operation, type_name: &str) -> Result<TokenStream> {
    let name = ident(ctx, type_name, Case::Camel, "parameters type", &op.pointer)?;
    let option = ctx.prelude("Option");
    let into = ctx.prelude("Into");
    let string = ctx.prelude("String");
    let none = ctx.prelude("None");
    let mut scope = Scope::new("parameter");
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut names_deprecated = false;
    let mut touches_deprecated = false;
    let mut setter_scope = Scope::with_reserved("setter", crate::naming::STRUCT_METHODS);
    let mut setters = Vec::new();
    for p in op.struct_params() {
        let field = param_ident(ctx, op, p)?;
        scope.claim(ctx, &p.name, &op.pointer)?;
        let ty = tyref::rust(ctx, &p.ty, Pos::Crate, &op.pointer)?;
        names_deprecated |= tyref::names_deprecated(ctx, &p.ty);
        touches_deprecated |= p.deprecated.is_some();
        let where_ = p.location.as_str();
        let mut doc = Doc::new().spec(p.doc.as_deref());
        if doc.is_empty() {
            doc = doc.line(format!(
                "The {} {where_} parameter.",
                docs::code(&p.wire_name)
            ));
        } else {
            doc = doc.line(format!(
                "Sent as the {} {where_} parameter.",
                docs::code(&p.wire_name)
            ));
        }
        let doc = doc.outer();
        let deprecated = deprecated_attr(p.deprecated.as_ref());
        if p.required {
            fields.push(quote!(#doc #deprecated pub #field: #ty,));
            if takes_into_string(ctx, op, &p.ty)? {
                args.push(quote!(#field: impl #into<#string>));
                inits.push(quote!(#field: #field.into()));
            } else {
                args.push(quote!(#field: #ty));
                inits.push(quote!(#field));
            }
        } else {
            setter_scope.claim(ctx, &p.setter, &op.pointer)?;
            let setter = ident(ctx, &p.setter, Case::Snake, "setter", &op.pointer)?;
            setters.push(super::types::setter_fn(
                ctx,
                &setter,
                &field,
                &ty,
                &p.ty,
                p.doc.as_deref(),
                &p.name,
                p.deprecated.as_ref(),
            )?);
            fields.push(quote!(#doc #deprecated pub #field: #option<#ty>,));
            inits.push(quote!(#field: #none));
        }
    }
    let defaultable = args.is_empty();
    // A credential is redacted by a `Debug` of our own.
    let secret = op.struct_params().any(|p| p.secret);
    let mut derives = Vec::new();
    if !secret {
        derives.push(quote!(Debug));
    }
    derives.extend([quote!(Clone), quote!(PartialEq)]);
    if defaultable {
        derives.push(quote!(Default));
    }
    let derives = quote!(#[derive(#(#derives),*)]);
    let doc = Doc::new()
        .line(format!(
            "Query, header and cookie parameters of {}.",
            method_link(op)
        ))
        .outer();
    let item_allow = allow_deprecated(names_deprecated);
    let mut out = quote! {
        #doc
        #derives
        #[non_exhaustive]
        #item_allow
        pub struct #name {
            #(#fields)*
        }
    };
    let impl_allow = allow_deprecated(names_deprecated || touches_deprecated);
    let too_many = if args.len() > 7 {
        allow(
            quote!(clippy::too_many_arguments),
            "one argument per required parameter of the spec",
        )
    } else {
        TokenStream::new()
    };
    let new_doc = if defaultable {
        "Creates empty parameters; set them with the `with_…` methods."
    } else {
        "Creates the parameters from the required ones; the others start as `None`."
    };
    let new_doc = Doc::new().line(new_doc).outer();
    out.extend(quote! {
        #impl_allow
        impl #name {
            #new_doc
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    });
    if secret {
        let impl_allow = allow_deprecated(names_deprecated || touches_deprecated);
        let entries = op
            .struct_params()
            .map(|p| {
                let field = param_ident(ctx, op, p)?;
                let label = p.name.trim_start_matches("r#");
                Ok(if p.secret {
                    quote!(.field(#label, &::std::format_args!("[redacted]")))
                } else {
                    quote!(.field(#label, &self.#field))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.extend(quote! {
            #impl_allow
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#type_name)
                        #(#entries)*
                        .finish()
                }
            }
        });
    }
    Ok(out)
}

/// The Rust type held for a response body (`None` when empty).
pub(crate) fn body_type(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &ResponseBody,
) -> Result<Option<TokenStream>> {
    Ok(match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(ty) => Some(tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?),
        ResponseBody::Text => Some(ctx.prelude("String")),
        ResponseBody::Bytes => Some(quote!(::linkgen_runtime::Bytes)),
    })
}

/// The type the client method returns on success: the success enum, or
/// the one success body (`Api::validate` made sure there is one), or `()`.
pub(crate) fn success_type(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    if let Some(name) = &op.success_type {
        let name = ident(ctx, name, Case::Camel, "success type", &op.pointer)?;
        return Ok(quote!(crate::operations::#name));
    }
    match op.successes().next() {
        Some(r) => Ok(body_type(ctx, op, &r.body)?.unwrap_or_else(|| quote!(()))),
        None => Ok(quote!(())),
    }
}

/// The doc of one response variant.
fn response_doc(r: &Response) -> TokenStream {
    let status = match (r.status, r.covers) {
        // A success `default`: other statuses are unexpected.
        (StatusMatch::Default, StatusMatch::Range(2)) => "any other 2xx status".into(),
        (status, _) => status.describe(),
    };
    let mut doc = Doc::new().spec(r.description.as_deref());
    let line = format!("Returned with {status}.");
    doc = doc.line(line);
    doc.outer()
}

fn response_enum(
    ctx: &Ctx<'_>,
    op: &Operation,
    type_name: &str,
    responses: &[&Response],
    doc: TokenStream,
) -> Result<TokenStream> {
    let name = ident(ctx, type_name, Case::Camel, "response enum", &op.pointer)?;
    let mut scope = Scope::new("response variant");
    let mut variants = Vec::new();
    let mut lint_names = Vec::new();
    let mut bounds = Vec::new();
    let mut names_deprecated = false;
    for r in responses {
        let body = &r.body;
        let v = variant_ident(ctx, op, r)?;
        scope.claim(ctx, &r.variant, &op.pointer)?;
        let vdoc = response_doc(r);
        let own_name = match body {
            ResponseBody::Json(TypeRef::Named(id)) => {
                ctx.typedef(*id, &op.pointer)?.name == r.variant
            }
            _ => false,
        };
        lint_names.push((r.variant.as_str(), own_name));
        match body_type(ctx, op, body)? {
            Some(ty) => {
                variants.push(quote!(#vdoc #v(#ty),));
                bounds.push(match body {
                    ResponseBody::Json(t) => {
                        names_deprecated |= tyref::names_deprecated(ctx, t);
                        tyref::size_bounds(ctx, t, Pos::Crate)
                    }
                    ResponseBody::Bytes => (32, 32),
                    _ => (24, 24),
                });
            }
            None => {
                variants.push(quote!(#vdoc #v,));
                bounds.push((0, 0));
            }
        }
    }
    let lint = allow_variant_names(type_name, &lint_names);
    let large = allow_large_variant(&bounds);
    let deprecated = allow_deprecated(names_deprecated);
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #deprecated
        #lint
        #large
        pub enum #name {
            #(#variants)*
        }
    })
}

fn error_enum(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let errors: Vec<&Response> = op.errors().collect();
    let mut doc = Doc::new().line(format!(
        "The documented error responses of {}.",
        method_link(op)
    ));
    if errors.is_empty() {
        doc = doc.line("The spec documents none, so this enum has no value.");
    } else {
        doc = doc.line("Found in [`Error::Api`](linkgen_runtime::Error::Api) when the server answers with one of them.");
    }
    response_enum(ctx, op, &op.error_type, &errors, doc.outer())
}

fn success_enum(ctx: &Ctx<'_>, op: &Operation, type_name: &str) -> Result<TokenStream> {
    let successes: Vec<&Response> = op.successes().collect();
    let doc = Doc::new()
        .line(format!("The success responses of {}.", method_link(op)))
        .outer();
    response_enum(ctx, op, type_name, &successes, doc)
}
