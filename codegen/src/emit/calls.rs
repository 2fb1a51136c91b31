//! One `Client` method per operation:
//!
//! ```text
//! pub fn op(&self, <path params>, params: &OpParams, body: &Body)
//!     -> Call<Success, OpError>
//! ```
//!
//! It substitutes the path parameters (`linkgen_runtime::path_param`), sets
//! the security alternatives, the query/header/cookie parameters and the
//! body, and returns a [`linkgen_runtime::Call`] whose decoder maps the
//! status: explicit codes, then ranges, then `default` (or
//! `Error::UnexpectedStatus`). Awaiting the call sends it; its setters are
//! the per-call options.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::idents::{ident, Case};
use super::operations::{self, param_ident, response_body, status_text, Body};
use super::tyref::{self, Pos};
use super::{allow, allow_deprecated, Ctx};
use crate::ir::{BodyEncoding, Operation, ParamLocation, ParamStyle, StatusMatch, TypeRef};
use crate::naming;
use crate::Result;

/// How an argument is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// `&str`.
    Str,
    /// By value (`Copy` types).
    Value,
    /// `&[T]` (arrays).
    Slice,
    /// `&T`.
    Ref,
}

/// How a value of `ty` is passed as an argument.
pub(crate) fn pass_of(ctx: &Ctx<'_>, op: &Operation, ty: &TypeRef) -> Result<Pass> {
    Ok(match tyref::resolve(ctx, ty, &op.pointer)? {
        TypeRef::String | TypeRef::Bytes(_) => Pass::Str,
        TypeRef::Array(_) => Pass::Slice,
        _ if tyref::is_copy(ctx, ty, &op.pointer)? => Pass::Value,
        _ => Pass::Ref,
    })
}

/// The argument type of a value of `ty` passed as `pass`.
fn arg_type(ctx: &Ctx<'_>, op: &Operation, ty: &TypeRef, pass: Pass) -> Result<TokenStream> {
    Ok(match pass {
        Pass::Str => quote!(&str),
        Pass::Slice => match tyref::resolve(ctx, ty, &op.pointer)? {
            TypeRef::Array(item) => {
                let item = tyref::rust(ctx, item, Pos::Crate, &op.pointer)?;
                quote!(&[#item])
            }
            _ => by_ref(ctx, op, ty)?,
        },
        Pass::Value => tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?,
        Pass::Ref => by_ref(ctx, op, ty)?,
    })
}

/// `&T`: the argument type of a value passed by reference.
fn by_ref(ctx: &Ctx<'_>, op: &Operation, ty: &TypeRef) -> Result<TokenStream> {
    let ty = tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?;
    Ok(quote!(&#ty))
}

fn style(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Form => quote!(Form),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    };
    quote!(Style::#variant)
}

pub(crate) fn method(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let name = ident(ctx, &op.method_name, Case::Snake, "method", &op.pointer)?;
    let mut args = Vec::new();
    let mut deprecated_use = false;
    let mut path_args = Vec::new();
    let mut arg_names = BTreeSet::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let arg = param_ident(ctx, op, p)?;
        if !arg_names.insert(arg.to_string()) {
            return Err(ctx.unsupported(
                &op.pointer,
                format!("parameter name `{}` is used twice", p.name),
            ));
        }
        let pass = pass_of(ctx, op, &p.ty)?;
        let ty = arg_type(ctx, op, &p.ty, pass)?;
        deprecated_use |= tyref::names_deprecated(ctx, &p.ty);
        args.push(quote!(#arg: #ty));
        let value = if pass == Pass::Value {
            quote!(&#arg)
        } else {
            quote!(#arg)
        };
        let wire = p.wire_name.as_str();
        let (style, explode) = (style(p.style), p.explode);
        path_args.push((
            wire,
            quote!(::linkgen_runtime::path_param(#wire, #value, #style, #explode)),
        ));
    }
    let mut statements = Vec::new();
    statements.extend(security(op));
    if op.retry_safe {
        statements.push(quote!(request.retry_safe(true);));
    }
    if let Some(field) = &op.request_id_field {
        statements.push(
            quote!(request.request_id(::linkgen_runtime::RequestIdSource::BodyField(#field));),
        );
    }
    if let Some(params_type) = &op.params_type {
        // No parameter takes the method's own names (`params`, `body`,
        // `path`, `request`, `response`): `naming::METHOD_ARGUMENTS`.
        let params = format_ident!("params");
        let ty = ident(
            ctx,
            params_type,
            Case::Camel,
            "parameters type",
            &op.pointer,
        )?;
        args.push(quote!(#params: &crate::operations::#ty));
        for p in operations::struct_params(op) {
            let field = param_ident(ctx, op, p)?;
            deprecated_use |= p.deprecated.is_some();
            let wire = p.wire_name.as_str();
            statements.push(match p.location {
                ParamLocation::Query => {
                    let (style, explode) = (style(p.style), p.explode);
                    quote!(request.query(#wire, &#params.#field, #style, #explode);)
                }
                ParamLocation::Header if p.explode => {
                    quote!(request.header_exploded(#wire, &#params.#field, true);)
                }
                ParamLocation::Header => quote!(request.header(#wire, &#params.#field);),
                ParamLocation::Cookie => quote!(request.cookie(#wire, &#params.#field);),
                ParamLocation::Path => TokenStream::new(),
            });
        }
    } else if operations::struct_params(op).next().is_some() {
        return Err(ctx.unsupported(
            &op.pointer,
            "query, header or cookie parameters without a parameters type",
        ));
    }
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.encoding != BodyEncoding::Empty)
    {
        let arg = format_ident!("body");
        deprecated_use |= tyref::names_deprecated(ctx, &body.ty);
        let (ty, statement) = body_arg(ctx, op, body, &arg)?;
        if body.required {
            args.push(quote!(#arg: #ty));
            statements.push(statement);
        } else {
            args.push(quote!(#arg: Option<#ty>));
            statements.push(quote! {
                if let Some(#arg) = #arg {
                    #statement
                }
            });
        }
    }
    let successes = operations::successes(ctx, op)?;
    if op.success_type.is_none() {
        if let Some((_, Body::Json(ty))) = successes.first() {
            deprecated_use |= tyref::names_deprecated(ctx, ty);
        }
    }
    if successes.iter().any(|(_, b)| matches!(b, Body::Json(_)))
        && successes
            .iter()
            .all(|(_, b)| matches!(b, Body::Json(_) | Body::Empty))
    {
        statements.push(quote!(request.accept("application/json");));
    }
    let path_local = format_ident!("path");
    let path = path_statements(ctx, op, &path_args, &path_local)?;
    let method = http_method(ctx, op)?;
    let request = if statements.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    let dispatch = dispatch(ctx, op)?;
    // With one outcome that ignores the response (`Ok(())` for an
    // operation whose only response is an empty `default`), naming it
    // would be an unused variable.
    let response = if mentions(&dispatch, "response") {
        quote!(response)
    } else {
        quote!(_)
    };
    let template = op.path.as_str();
    let success = operations::success_type(ctx, op)?;
    let error = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let doc = super::call_docs::method_doc(op).outer();
    let deprecated = super::deprecated_attr(op.deprecated.as_ref());
    let uses = allow_deprecated(deprecated_use);
    let too_many = if args.len() + 1 > 7 {
        allow(
            quote!(clippy::too_many_arguments),
            "one argument per path parameter of the spec",
        )
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #doc
        #deprecated
        #uses
        #too_many
        pub fn #name(&self, #(#args),*) -> crate::Call<#success, crate::operations::#error> {
            #path
            let #request = self.core.request(Method::#method, #template, #path_local);
            #(#statements)*
            crate::Call::new(&self.core, request, |#response| #dispatch)
        }
    })
}

/// The body argument's type and the statement that sets it on `request`.
fn body_arg(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &crate::ir::RequestBody,
    arg: &Ident,
) -> Result<(TokenStream, TokenStream)> {
    let content_type = body.content_type.as_str();
    let resolved = tyref::resolve(ctx, &body.ty, &op.pointer)?;
    let refuse = || {
        ctx.unsupported(
            &op.pointer,
            format!(
                "a {:?} request body of this type cannot be sent",
                body.encoding
            ),
        )
    };
    Ok(match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => {
            let pass = match pass_of(ctx, op, &body.ty)? {
                Pass::Value => Pass::Ref,
                other => other,
            };
            let ty = arg_type(ctx, op, &body.ty, pass)?;
            let statement = if body.encoding == BodyEncoding::Json {
                quote!(request.json(#content_type, #arg);)
            } else {
                quote!(request.form(#arg);)
            };
            (ty, statement)
        }
        BodyEncoding::Bytes => match resolved {
            TypeRef::Bytes(_) => (
                quote!(&::linkgen_runtime::Bytes),
                quote!(request.bytes(#content_type, ::linkgen_runtime::Bytes::clone(#arg));),
            ),
            TypeRef::String => (
                quote!(&str),
                quote!(request.bytes(#content_type, String::from(#arg));),
            ),
            _ => return Err(refuse()),
        },
        BodyEncoding::Text => match resolved {
            TypeRef::String => (quote!(&str), quote!(request.text(#content_type, #arg);)),
            TypeRef::Integer(_) | TypeRef::Float(_) | TypeRef::Bool => {
                let ty = tyref::rust(ctx, &body.ty, Pos::Crate, &op.pointer)?;
                (
                    quote!(#ty),
                    quote!(request.text(#content_type, #arg.to_string());),
                )
            }
            TypeRef::Named(id)
                if matches!(
                    ctx.typedef(*id, &op.pointer)?.kind,
                    crate::ir::TypeKind::StringEnum(_)
                ) =>
            {
                let ty = tyref::rust(ctx, &body.ty, Pos::Crate, &op.pointer)?;
                (
                    quote!(&#ty),
                    quote!(request.text(#content_type, #arg.as_str());),
                )
            }
            _ => return Err(refuse()),
        },
        BodyEncoding::Empty => (TokenStream::new(), TokenStream::new()),
    })
}

fn http_method(ctx: &Ctx<'_>, op: &Operation) -> Result<Ident> {
    let upper = op.http_method.to_ascii_uppercase();
    match upper.as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "CONNECT" => {
            Ok(format_ident!("{}", upper))
        }
        _ => Err(ctx.unsupported(&op.pointer, format!("HTTP method `{}`", op.http_method))),
    }
}

/// `request.security(&[&["a", "b"], &[]]);`, or nothing when the operation
/// needs no credential (no alternative, or only empty ones).
fn security(op: &Operation) -> Option<TokenStream> {
    if op.security.iter().all(Vec::is_empty) {
        return None;
    }
    let alternatives = op.security.iter().map(|alternative| {
        let keys = alternative.iter().map(String::as_str);
        quote!(&[#(#keys),*])
    });
    Some(quote!(request.security(&[#(#alternatives),*]);))
}

/// The statements binding `path`: the template's literal text, with each
/// `{name}` replaced by its serialized parameter (no `format!`, so braces in
/// the template need no escaping).
fn path_statements(
    ctx: &Ctx<'_>,
    op: &Operation,
    args: &[(&str, TokenStream)],
    path: &Ident,
) -> Result<TokenStream> {
    // Literal text, or a parameter's serialization.
    let mut pieces: Vec<Result<String, TokenStream>> = Vec::new();
    let mut used = BTreeSet::new();
    for piece in naming::template_pieces(&op.path) {
        let name = match piece {
            naming::TemplatePiece::Text(text) => {
                pieces.push(Ok(text.to_string()));
                continue;
            }
            naming::TemplatePiece::Name(name) => name,
        };
        let Some((_, value)) = args.iter().find(|(wire, _)| *wire == name) else {
            return Err(ctx.unsupported(
                &op.pointer,
                format!(
                    "path template `{}` names `{name}`, which is no path parameter",
                    op.path
                ),
            ));
        };
        pieces.push(Err(value.clone()));
        used.insert(name);
    }
    if let Some((wire, _)) = args.iter().find(|(wire, _)| !used.contains(wire)) {
        return Err(ctx.unsupported(
            &op.pointer,
            format!(
                "path parameter `{wire}` does not appear in the path template `{}`",
                op.path
            ),
        ));
    }
    let mut pieces = pieces.into_iter();
    let start = match pieces.next() {
        None => return Ok(quote!(let #path = String::new();)),
        Some(Ok(text)) if used.is_empty() => return Ok(quote!(let #path = String::from(#text);)),
        Some(Ok(text)) => quote!(let mut #path = String::from(#text);),
        Some(Err(value)) => quote!(let mut #path = String::new(); #path.push_str(&#value);),
    };
    let pushes = pieces.map(|piece| match piece {
        // `clippy::single_char_add_str`
        Ok(text) if text.chars().count() == 1 => {
            let c = text.chars().next().unwrap_or('/');
            quote!(#path.push(#c);)
        }
        Ok(text) => quote!(#path.push_str(#text);),
        Err(value) => quote!(#path.push_str(&#value);),
    });
    Ok(quote! {
        #start
        #(#pushes)*
    })
}

/// Whether `tokens` use the identifier `name` anywhere.
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => mentions(&group.stream(), name),
        _ => false,
    })
}

/// The `match` on the status (or the one expression when nothing is declared).
fn dispatch(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    let mut seen = BTreeSet::new();
    for r in &op.responses {
        if !seen.insert(r.status) {
            return Err(ctx.unsupported(
                &op.pointer,
                format!("{} is declared twice", status_text(r.status)),
            ));
        }
        if let StatusMatch::Range(n) = r.status {
            if !(1..=5).contains(&n) {
                return Err(ctx.unsupported(&op.pointer, format!("status range {n}XX")));
            }
        }
        let body = response_body(ctx, op, r)?;
        // A `default` that stands for success (no 2xx declared) covers the
        // 2xx statuses only: anything else undeclared is unexpected.
        let status = match r.status {
            StatusMatch::Default if r.success => StatusMatch::Range(2),
            status => status,
        };
        arms.push((status, outcome(ctx, op, r, body)?));
    }
    // No success declared at all: any 2xx still means it worked.
    if !op.responses.iter().any(|r| r.success) && !seen.contains(&StatusMatch::Range(2)) {
        arms.push((StatusMatch::Range(2), quote!(Ok(()))));
    }
    let explicit: BTreeSet<u16> = arms
        .iter()
        .filter_map(|(status, _)| match status {
            StatusMatch::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut fallback = quote!(Err(response.unexpected()));
    for (status, expr) in arms {
        match status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                codes.push(quote!(#code => #expr,));
            }
            StatusMatch::Range(n) => {
                // Explicit codes at a bound are cut off the range: clippy's
                // `match_overlapping_arm` objects to shared bounds.
                let (mut lo, mut hi) = (u16::from(n) * 100, u16::from(n) * 100 + 99);
                while lo < hi && explicit.contains(&lo) {
                    lo += 1;
                }
                while hi > lo && explicit.contains(&hi) {
                    hi -= 1;
                }
                if !explicit.contains(&lo) {
                    let (lo, hi) = (Literal::u16_unsuffixed(lo), Literal::u16_unsuffixed(hi));
                    ranges.push(quote!(#lo..=#hi => #expr,));
                }
            }
            StatusMatch::Default => fallback = expr,
        }
    }
    if codes.is_empty() && ranges.is_empty() {
        return Ok(fallback);
    }
    Ok(quote! {
        match response.status().as_u16() {
            #(#codes)*
            #(#ranges)*
            _ => #fallback,
        }
    })
}

/// What the method returns for one declared response.
fn outcome(
    ctx: &Ctx<'_>,
    op: &Operation,
    r: &crate::ir::Response,
    body: Body<'_>,
) -> Result<TokenStream> {
    let variant = ident(
        ctx,
        &r.variant,
        Case::Camel,
        "response variant",
        &op.pointer,
    )?;
    if r.success {
        let Some(success) = &op.success_type else {
            return Ok(match body {
                Body::Empty => quote!(Ok(())),
                Body::Json(_) => quote!(response.json()),
                Body::Text => quote!(response.text()),
                Body::Bytes => quote!(Ok(response.bytes())),
            });
        };
        let success = ident(ctx, success, Case::Camel, "success type", &op.pointer)?;
        let path = quote!(crate::operations::#success::#variant);
        return Ok(match body {
            Body::Empty => quote!(Ok(#path)),
            Body::Json(_) => quote!(response.json().map(#path)),
            Body::Text => quote!(response.text().map(#path)),
            Body::Bytes => quote!(Ok(#path(response.bytes()))),
        });
    }
    let error = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let path = quote!(crate::operations::#error::#variant);
    Ok(match body {
        Body::Empty => quote!(Err(response.api_error_empty(#path))),
        Body::Json(ty) => {
            let properties = tyref::wire_names(ctx, ty, &op.pointer)?;
            quote!(Err(response.api_error(&[#(#properties),*], #path)))
        }
        Body::Text => quote!(Err(response.api_error_text(#path))),
        Body::Bytes => quote!({
            let body = response.body().clone();
            Err(response.api_error_empty(#path(body)))
        }),
    })
}
