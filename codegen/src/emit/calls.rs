//! One `Client` method per operation:
//!
//! ```text
//! pub fn op(&self, <path params>, params: &OpParams, body: &Body)
//!     -> Call<Success, OpError>
//! ```
//!
//! Each method is `#[inline]`: a debug build compiles an inline function
//! in the crate that calls it, not in the crate that defines it, so a
//! program compiles the request building and the decoding (with all the
//! serde code it instantiates) of the operations it calls, and the client
//! crate itself compiles none (on a spec with hundreds of operations, most
//! of its build; see `docs/benchmarks.md`).
//!
//! It substitutes the path parameters (`linkgen_runtime::path_param`), sets
//! the security alternatives, the query/header/cookie parameters and the
//! body, and returns a [`linkgen_runtime::Call`] whose decoder maps the
//! status: explicit codes, then ranges, then `default` (or
//! `Error::UnexpectedStatus`). Awaiting the call sends it; its setters are
//! the per-call options.
//!
//! It renders what the IR says and checks nothing: `Api::validate` made
//! sure the template and the path parameters match, each status is declared
//! once, a response covers what its status says, and the body can be sent.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::idents::{ident, Case};
use super::operations::{self, param_ident};
use super::tyref::{self, Pos};
use super::{allow_deprecated, Ctx};
use crate::ir::{
    BodyEncoding, Operation, Param, ParamLocation, ParamStyle, PathPiece, RequestBody, Response,
    ResponseBody, StatusMatch, TypeRef,
};
use crate::plan::{Arg, Receiver, Root, RustType, Signature};
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
pub(crate) fn arg_type(
    ctx: &Ctx<'_>,
    op: &Operation,
    ty: &TypeRef,
    pass: Pass,
) -> Result<RustType> {
    Ok(match pass {
        Pass::Str => RustType::Primitive("str").by_ref(),
        Pass::Slice => match tyref::resolve(ctx, ty, &op.pointer)? {
            TypeRef::Array(item) => {
                RustType::Slice(Box::new(tyref::rust(ctx, item, Pos::Crate, &op.pointer)?)).by_ref()
            }
            _ => by_ref(ctx, op, ty)?,
        },
        Pass::Value => tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?,
        Pass::Ref => by_ref(ctx, op, ty)?,
    })
}

/// `&T`: the argument type of a value passed by reference.
fn by_ref(ctx: &Ctx<'_>, op: &Operation, ty: &TypeRef) -> Result<RustType> {
    Ok(tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?.by_ref())
}

/// The `Style` of a parameter or form property (the module imports `Style`
/// where a query parameter needs it; form bodies name it in full).
pub(crate) fn style(style: ParamStyle) -> TokenStream {
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

/// What the parts of a method contribute: the statements that fill
/// `request`, and whether they name something deprecated.
#[derive(Default)]
struct Parts {
    statements: Vec<TokenStream>,
    deprecated_use: bool,
}

/// The body the method takes as an argument: a required one.
fn required_body(op: &Operation) -> Option<&RequestBody> {
    op.body
        .as_ref()
        .filter(|b| b.primary().encoding != BodyEncoding::Empty && b.required)
}

/// The method's signature: one positional argument per required parameter
/// (path parameters first, in template order), then the body when it is
/// required; it returns the operation's call type. What `API.md` lists.
pub(crate) fn signature(ctx: &Ctx<'_>, op: &Operation) -> Result<Signature> {
    let mut args = Vec::new();
    for p in op.required_params() {
        let pass = pass_of(ctx, op, &p.ty)?;
        args.push(Arg {
            name: param_ident(ctx, op, p)?,
            ty: arg_type(ctx, op, &p.ty, pass)?,
        });
    }
    if let Some(body) = required_body(op) {
        let name = format_ident!("body");
        let (ty, _) = super::bodies::body_arg(ctx, op, body, &name, &quote!(request))?;
        args.push(Arg { name, ty });
    }
    let call = call_ident(ctx, op)?;
    Ok(Signature {
        receiver: Receiver::Ref,
        args,
        output: RustType::path(Root::Crate, &format!("operations::{call}")),
    })
}

pub(crate) fn method(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let name = ident(ctx, &op.method_name, Case::Snake, "method", &op.pointer)?;
    let signature = signature(ctx, op)?;
    let mut parts = Parts::default();
    // What the call's span names (`linkgen.call`'s `crate` and `operation` fields).
    let (crate_name, method_name) = (ctx.options.crate_name.as_str(), name.to_string());
    let method_name = method_name.trim_start_matches("r#");
    parts
        .statements
        .push(quote!(request.operation(#crate_name, #method_name);));
    let path_args = required_args(ctx, op, &mut parts)?;
    parts.statements.extend(security(op));
    parts.statements.extend(routing(op));
    if op.stream_success {
        parts.statements.push(if op.events() {
            quote!(request.event_stream();)
        } else {
            quote!(request.stream_success(true);)
        });
    }
    if op.retry_safe {
        parts.statements.push(quote!(request.retry_safe(true);));
    }
    if let Some(field) = &op.request_id_field {
        parts.statements.push(
            quote!(request.request_id(::linkgen_runtime::RequestIdSource::BodyField(#field));),
        );
    } else if let Some(header) = &op.request_id_header {
        parts
            .statements
            .push(quote!(request.request_id(::linkgen_runtime::RequestIdSource::Header(#header));));
    }
    if let Some(body) = required_body(op) {
        parts.deprecated_use |=
            body.choice_type.is_none() && tyref::names_deprecated(ctx, &body.primary().ty);
        let arg = format_ident!("body");
        let (_, statement) = super::bodies::body_arg(ctx, op, body, &arg, &quote!(request))?;
        parts.statements.push(statement);
    }
    success_part(ctx, op, &mut parts);
    let Parts {
        statements,
        deprecated_use,
    } = parts;
    let path_local = format_ident!("path");
    let method = format_ident!("{}", op.http_method.as_str());
    let template = op.path.as_str();
    // A path without parameters is its template: no `String` to build per call.
    let start = match path_statements(op, &path_args, &path_local) {
        Some(path) => quote! {
            #path
            let mut request = self.core.request(Method::#method, #template, #path_local);
        },
        None => quote!(let mut request = self.core.request_template(Method::#method, #template);),
    };
    let (dispatch, reads_response) = dispatch(ctx, op)?;
    // With one outcome that ignores the response (`Ok(())` for an
    // operation whose only response is an empty `default`), naming it
    // would be an unused variable.
    let response = if reads_response {
        quote!(response)
    } else {
        quote!(_)
    };
    let call = call_ident(ctx, op)?;
    let doc = super::call_docs::method_doc(op).outer();
    let deprecated = super::deprecated_attr(op.deprecated.as_ref());
    let uses = allow_deprecated(deprecated_use);
    let head = signature.tokens();
    Ok(quote! {
        #doc
        #deprecated
        #uses
        #[inline]
        pub fn #name #head {
            #start
            #(#statements)*
            crate::operations::#call::new(crate::Call::new(&self.core, request, |#response| #dispatch))
        }
    })
}

/// The name of `op`'s call type.
pub(crate) fn call_ident(ctx: &Ctx<'_>, op: &Operation) -> Result<Ident> {
    ident(ctx, &op.call_type, Case::Camel, "call type", &op.pointer)
}

/// One positional argument per required parameter: the path parameters
/// (whose serializations it returns by wire name, for the path) and the
/// required query, header and cookie parameters (whose statements it adds).
fn required_args<'o>(
    ctx: &Ctx<'_>,
    op: &'o Operation,
    parts: &mut Parts,
) -> Result<Vec<(&'o str, TokenStream)>> {
    let mut path_args = Vec::new();
    for p in op.required_params() {
        let arg = param_ident(ctx, op, p)?;
        let pass = pass_of(ctx, op, &p.ty)?;
        parts.deprecated_use |= tyref::names_deprecated(ctx, &p.ty) || p.deprecated.is_some();
        let value = if pass == Pass::Value {
            quote!(&#arg)
        } else {
            quote!(#arg)
        };
        if p.location == ParamLocation::Path {
            let wire = p.wire_name.as_str();
            let (style, explode) = (style(p.style), p.explode);
            path_args.push((
                wire,
                quote!(::linkgen_runtime::path_param(#wire, #value, #style, #explode)),
            ));
        } else {
            parts
                .statements
                .push(param_statement(p, &quote!(request), &value));
        }
    }
    Ok(path_args)
}

/// The statement that writes a query, header or cookie parameter's `value`
/// (a reference) into `request` (a `&mut Request` expression); the method
/// writes required ones, the call type's setters optional ones. A query
/// parameter names `Style`, which the module imports.
pub(crate) fn param_statement(
    p: &Param,
    request: &TokenStream,
    value: &TokenStream,
) -> TokenStream {
    let wire = p.wire_name.as_str();
    match p.location {
        ParamLocation::Query => {
            let (style, explode) = (style(p.style), p.explode);
            quote!(#request.query(#wire, #value, #style, #explode);)
        }
        ParamLocation::Header if p.explode => {
            quote!(#request.header_exploded(#wire, #value, true);)
        }
        ParamLocation::Header => quote!(#request.header(#wire, #value);),
        ParamLocation::Cookie => quote!(#request.cookie(#wire, #value);),
        ParamLocation::Path => TokenStream::new(),
    }
}

/// Whether the one success body returned directly names a deprecated type.
fn success_part(ctx: &Ctx<'_>, op: &Operation, parts: &mut Parts) {
    parts.deprecated_use |= success_names_deprecated(ctx, op);
}

/// Where the request goes and what answers it: the operation's `Accept`,
/// its documented redirects (answers, not followed) and its own server.
fn routing(op: &Operation) -> Option<TokenStream> {
    let accept = op
        .accept
        .as_deref()
        .map(|accept| quote!(request.accept(#accept);));
    let no_follow = op.no_follow();
    let no_follow = (!no_follow.is_empty()).then(|| {
        let codes = no_follow.iter().map(|c| Literal::u16_unsuffixed(*c));
        quote!(request.no_follow(&[#(#codes),*]);)
    });
    let server = op
        .server
        .as_deref()
        .map(|url| quote!(request.server(#url);));
    let statements = quote!(#accept #no_follow #server);
    (!statements.is_empty()).then_some(statements)
}

/// Whether the one success body returned directly (not through a success
/// enum) names a deprecated type.
pub(crate) fn success_names_deprecated(ctx: &Ctx<'_>, op: &Operation) -> bool {
    match op.successes().next().map(|r| &r.body) {
        Some(ResponseBody::Json(ty)) if op.success_type.is_none() => {
            tyref::names_deprecated(ctx, ty)
        }
        _ => false,
    }
}

/// `request.security(&[&["a", "b"], &[]]);`, or nothing when the operation
/// needs no credential.
fn security(op: &Operation) -> Option<TokenStream> {
    let alternatives = security_alternatives(op)?;
    Some(quote!(request.security(#alternatives);))
}

/// `&[&["a", "b"], &[]]`, or `None` when the operation needs no credential
/// (no alternative, or only empty ones).
pub(crate) fn security_alternatives(op: &Operation) -> Option<TokenStream> {
    if op.security.iter().all(Vec::is_empty) {
        return None;
    }
    let alternatives = op.security.iter().map(|alternative| {
        let keys = alternative.iter().map(String::as_str);
        quote!(&[#(#keys),*])
    });
    Some(quote!(&[#(#alternatives),*]))
}

/// The statements binding `path`: the template's literal text, with each
/// `{name}` replaced by its serialized parameter (pushed piece by piece,
/// not through `format!`: the text needs no escaping); `None` for a path
/// that is its template (no parameter, and no `#fragment` the template
/// keeps but the path leaves out).
fn path_statements(
    op: &Operation,
    args: &[(&str, TokenStream)],
    path: &Ident,
) -> Option<TokenStream> {
    if let [PathPiece::Text(text)] = op.path.pieces() {
        if text.as_str() == op.path.as_str() {
            return None;
        }
        return Some(quote!(let #path = String::from(#text);));
    }
    // Literal text, or a parameter's serialization.
    let mut pieces = op.path.pieces().iter().filter_map(|piece| match piece {
        PathPiece::Text(text) => Some(Ok(text.as_str())),
        PathPiece::Param(name) => {
            let value = args.iter().find(|(wire, _)| wire == name);
            debug_assert!(
                value.is_some(),
                "Api::validate: `{name}` is a path parameter"
            );
            value.map(|(_, value)| Err(value))
        }
    });
    let start = match pieces.next() {
        None => return Some(quote!(let #path = String::new();)),
        Some(Ok(text)) if op.path.params().next().is_none() => {
            return Some(quote!(let #path = String::from(#text);))
        }
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
    Some(quote! {
        #start
        #(#pushes)*
    })
}

/// The `match` on the status (or the one expression when nothing is
/// declared), and whether it reads the response: every outcome does but a
/// success without a body.
fn dispatch(ctx: &Ctx<'_>, op: &Operation) -> Result<(TokenStream, bool)> {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    let mut fallback_reads = true;
    for r in &op.responses {
        if r.covers == StatusMatch::Default {
            fallback_reads = !(r.success && r.body == ResponseBody::Empty);
        }
        arms.push((r.covers, outcome(ctx, op, r)?));
    }
    // No success declared at all: any 2xx still means it worked.
    if !op.declares_success() {
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
        return Ok((fallback, fallback_reads));
    }
    Ok((
        quote! {
            match response.status().as_u16() {
                #(#codes)*
                #(#ranges)*
                _ => #fallback,
            }
        },
        true,
    ))
}

/// What the method returns for one declared response.
fn outcome(ctx: &Ctx<'_>, op: &Operation, r: &Response) -> Result<TokenStream> {
    let variant = operations::variant_ident(ctx, op, r)?;
    if r.success {
        let Some(success) = &op.success_type else {
            return Ok(match r.body {
                ResponseBody::Empty => quote!(Ok(())),
                ResponseBody::Json(_) => quote!(response.json()),
                ResponseBody::Text => quote!(response.text()),
                ResponseBody::Bytes if op.stream_success => quote!(Ok(response.stream())),
                ResponseBody::Bytes => quote!(Ok(response.bytes())),
                ResponseBody::Redirect => quote!(response.redirect()),
                ResponseBody::Events(Some(_)) => quote!(Ok(response.events())),
                ResponseBody::Events(None) => quote!(Ok(response.event_text())),
            });
        };
        let success = ident(ctx, success, Case::Camel, "success type", &op.pointer)?;
        let path = quote!(crate::operations::#success::#variant);
        return Ok(match r.body {
            ResponseBody::Empty => quote!(Ok(#path)),
            ResponseBody::Json(_) => quote!(response.json().map(#path)),
            ResponseBody::Text => quote!(response.text().map(#path)),
            ResponseBody::Bytes => quote!(Ok(#path(response.bytes()))),
            ResponseBody::Redirect => quote!(response.redirect().map(#path)),
            // `Api::validate`: events are an operation's one success body.
            ResponseBody::Events(Some(_)) => quote!(Ok(#path(response.events()))),
            ResponseBody::Events(None) => quote!(Ok(#path(response.event_text()))),
        });
    }
    let error = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let path = quote!(crate::operations::#error::#variant);
    Ok(match &r.body {
        // `Api::validate`: only a success is a redirect.
        ResponseBody::Empty | ResponseBody::Redirect => {
            quote!(Err(response.api_error_empty(#path)))
        }
        ResponseBody::Json(ty) => {
            let properties = tyref::wire_names(ctx, ty, &op.pointer)?;
            quote!(Err(response.api_error(&[#(#properties),*], #path)))
        }
        // `Api::validate`: only a success is events.
        ResponseBody::Text | ResponseBody::Events(_) => {
            quote!(Err(response.api_error_text(#path)))
        }
        ResponseBody::Bytes => quote!({
            let body = response.body().clone();
            Err(response.api_error_empty(#path(body)))
        }),
    })
}
