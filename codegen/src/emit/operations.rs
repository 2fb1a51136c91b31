//! `src/operations.rs`: per operation, in spec order, its parameters struct
//! (query, header and cookie parameters; path parameters are arguments of
//! the client method), its enum of documented error responses and, when it
//! has several success bodies, its enum of success responses.
//!
//! Also the decisions shared with `client.rs`: which responses are
//! successes, what each decodes to, and what type the method returns.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::enums::{allow_large_variant, allow_variant_names};
use super::idents::{ident, Case, Scope};
use super::tyref::{self, Pos};
use super::{allow, allow_deprecated, deprecated_attr, Ctx};
use crate::ir::{BodyEncoding, Operation, Param, ParamLocation, Response, StatusMatch, TypeRef};
use crate::Result;

/// The tokens of `src/operations.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut names = Scope::new("operation type");
    let mut items = Vec::new();
    for op in &ctx.api.operations {
        if let Some(params) = &op.params_type {
            names.claim(ctx, params, &op.pointer)?;
            items.push(params_struct(ctx, op, params)?);
        }
        names.claim(ctx, &op.error_type, &op.pointer)?;
        items.push(error_enum(ctx, op)?);
        items.push(super::errors::impls(ctx, op)?);
        if let Some(success) = &op.success_type {
            names.claim(ctx, success, &op.pointer)?;
            items.push(success_enum(ctx, op, success)?);
        }
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

/// The non-path parameters of an operation.
pub(crate) fn struct_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
}

/// Whether a required parameter's `new()` argument is `impl Into<String>`
/// (strings, and bytes, which parameters carry as base64 text).
pub(crate) fn takes_into_string(ctx: &Ctx<'_>, op: &Operation, ty: &TypeRef) -> Result<bool> {
    Ok(matches!(
        tyref::resolve(ctx, ty, &op.pointer)?,
        TypeRef::String | TypeRef::Bytes(_)
    ))
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
    for p in struct_params(op) {
        let field = param_ident(ctx, op, p)?;
        scope.claim(ctx, &p.name, &op.pointer)?;
        let ty = tyref::rust(ctx, &p.ty, Pos::Crate, &op.pointer)?;
        names_deprecated |= tyref::names_deprecated(ctx, &p.ty);
        touches_deprecated |= p.deprecated.is_some();
        let where_ = match p.location {
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Path => "path",
        };
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
    let secret = struct_params(op).any(|p| p.secret);
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
        let entries = struct_params(op)
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

/// What a response's body decodes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body<'a> {
    /// Nothing (no content, or the unit type).
    Empty,
    /// JSON of this type.
    Json(&'a TypeRef),
    /// Text (`String`).
    Text,
    /// Raw bytes (`linkgen_runtime::Bytes`).
    Bytes,
}

/// The body a response decodes to, refusing combinations the runtime
/// cannot decode.
pub(crate) fn response_body<'a>(
    ctx: &Ctx<'_>,
    op: &Operation,
    r: &'a Response,
) -> Result<Body<'a>> {
    if matches!(r.ty, TypeRef::Unit) {
        return Ok(Body::Empty);
    }
    match r.encoding {
        BodyEncoding::Empty => Ok(Body::Empty),
        BodyEncoding::Json => Ok(Body::Json(&r.ty)),
        BodyEncoding::Text if tyref::is_string(ctx, &r.ty, &op.pointer)? => Ok(Body::Text),
        BodyEncoding::Bytes
            if matches!(tyref::resolve(ctx, &r.ty, &op.pointer)?, TypeRef::Bytes(_)) =>
        {
            Ok(Body::Bytes)
        }
        BodyEncoding::Form | BodyEncoding::Text | BodyEncoding::Bytes => Err(ctx.unsupported(
            &op.pointer,
            format!(
                "response `{}`: a {:?} body of this type cannot be decoded",
                r.variant, r.encoding
            ),
        )),
    }
}

/// The Rust type held for a response body (`None` when empty).
pub(crate) fn body_type(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: Body<'_>,
) -> Result<Option<TokenStream>> {
    Ok(match body {
        Body::Empty => None,
        Body::Json(ty) => Some(tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?),
        Body::Text => Some(ctx.prelude("String")),
        Body::Bytes => Some(quote!(::linkgen_runtime::Bytes)),
    })
}

/// The success responses, or an error when the IR gives several different
/// bodies without a success enum to hold them.
pub(crate) fn successes<'a>(
    ctx: &Ctx<'_>,
    op: &'a Operation,
) -> Result<Vec<(&'a Response, Body<'a>)>> {
    let mut out = Vec::new();
    for r in op.responses.iter().filter(|r| r.success) {
        out.push((r, response_body(ctx, op, r)?));
    }
    if op.success_type.is_none() && out.windows(2).any(|w| w[0].1 != w[1].1) {
        return Err(ctx.unsupported(
            &op.pointer,
            "success responses have different bodies but the operation has no success enum",
        ));
    }
    Ok(out)
}

/// The type the client method returns on success.
pub(crate) fn success_type(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    if let Some(name) = &op.success_type {
        let name = ident(ctx, name, Case::Camel, "success type", &op.pointer)?;
        return Ok(quote!(crate::operations::#name));
    }
    match successes(ctx, op)?.first() {
        Some((_, body)) => Ok(body_type(ctx, op, *body)?.unwrap_or_else(|| quote!(()))),
        None => Ok(quote!(())),
    }
}

/// `Status 404`, `Status 4XX`, `Any other status` for docs.
pub(crate) fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("status {code}"),
        StatusMatch::Range(n) => format!("status {n}XX"),
        StatusMatch::Default => "any other status".into(),
    }
}

/// The doc of one response variant.
fn response_doc(r: &Response) -> TokenStream {
    let status = match r.status {
        // It stands for success only: other statuses are unexpected.
        StatusMatch::Default if r.success => "any other 2xx status".into(),
        status => status_text(status),
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
    responses: &[(&Response, Body<'_>)],
    doc: TokenStream,
) -> Result<TokenStream> {
    let name = ident(ctx, type_name, Case::Camel, "response enum", &op.pointer)?;
    let mut scope = Scope::new("response variant");
    let mut variants = Vec::new();
    let mut lint_names = Vec::new();
    let mut bounds = Vec::new();
    let mut names_deprecated = false;
    for (r, body) in responses {
        let v = ident(
            ctx,
            &r.variant,
            Case::Camel,
            "response variant",
            &op.pointer,
        )?;
        scope.claim(ctx, &r.variant, &op.pointer)?;
        let vdoc = response_doc(r);
        let own_name = match body {
            Body::Json(TypeRef::Named(id)) => ctx.typedef(*id, &op.pointer)?.name == r.variant,
            _ => false,
        };
        lint_names.push((r.variant.as_str(), own_name));
        match body_type(ctx, op, *body)? {
            Some(ty) => {
                variants.push(quote!(#vdoc #v(#ty),));
                bounds.push(match body {
                    Body::Json(t) => {
                        names_deprecated |= tyref::names_deprecated(ctx, t);
                        tyref::size_bounds(ctx, t, Pos::Crate)
                    }
                    Body::Bytes => (32, 32),
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
    let mut errors = Vec::new();
    for r in op.responses.iter().filter(|r| !r.success) {
        errors.push((r, response_body(ctx, op, r)?));
    }
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
    let successes = successes(ctx, op)?;
    let doc = Doc::new()
        .line(format!("The success responses of {}.", method_link(op)))
        .outer();
    response_enum(ctx, op, type_name, &successes, doc)
}
