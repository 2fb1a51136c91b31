//! `src/operations.rs`: per operation, in spec order, its call type (what
//! the client method returns: a setter per optional parameter and for an
//! optional body; required parameters and a required body are arguments of
//! the method), its enum of documented error responses and, when it has
//! several success bodies, its enum of success responses.
//!
//! Also what `calls.rs` and the surface share: the Rust type of a response
//! body and the type the method returns.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::calls::{self, Pass};
use super::docs::{self, Doc};
use super::idents::{ident, Case, Scope};
use super::tyref::{self, Pos};
use super::{allow_deprecated, deprecated_attr, Ctx};
use crate::ir::{BodyEncoding, Operation, Param, Response, ResponseBody, StatusMatch};
use crate::plan::{Attr, Code, Piece, Root, RustType, TypePath};
use crate::Result;

/// The items of `src/operations.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<Code> {
    let mut names = Scope::new("operation type");
    let mut items = Code::default();
    for op in &ctx.api.operations {
        names.claim(ctx, &op.call_type, &op.pointer)?;
        let mut own = call_type(ctx, op)?;
        if let Some(body) = &op.body {
            for form in body.variants.iter().filter_map(|v| v.form.as_ref()) {
                names.claim(ctx, &form.type_name, &op.pointer)?;
                own.tokens(super::forms::form_type(ctx, op, form)?);
            }
            if let Some(choice) = &body.choice_type {
                names.claim(ctx, choice, &op.pointer)?;
                own.tokens(super::bodies::choice_enum(ctx, op, body)?);
            }
        }
        names.claim(ctx, &op.error_type, &op.pointer)?;
        own.tokens(error_enum(ctx, op)?);
        if let Some(headers) = &op.headers {
            names.claim(ctx, &headers.type_name, &op.pointer)?;
            own.extend(super::headers::items(ctx, op)?);
        }
        own.tokens(super::errors::impls(ctx, op)?);
        if let Some(success) = &op.success_type {
            names.claim(ctx, success, &op.pointer)?;
            own.tokens(success_enum(ctx, op, success)?);
        }
        items.extend(super::gate::code(op.feature.as_slice(), own));
    }
    let doc = Doc::new()
        .line("Per operation of the [`Client`](crate::Client): the call it returns, with a setter per optional parameter, its documented errors and its success responses.")
        .inner();
    // Imported only when a setter uses it, under the features of those operations.
    let styled = ctx.api.operations.iter().filter(|op| {
        op.optional_params()
            .any(|p| p.location == crate::ir::ParamLocation::Query)
    });
    let imports = match super::gate::needed_by(styled) {
        Some(features) => {
            let cfg = super::gate::cfg(&features);
            quote!(#cfg use ::linkgen_runtime::Style;)
        }
        None => TokenStream::new(),
    };
    let mut code = Code::from(quote!(#doc #imports));
    code.extend(items);
    Ok(code)
}

/// The method's link, for docs: ``[`Client::name`](crate::Client::name)``.
pub(crate) fn method_link(op: &Operation) -> String {
    let name = op.method_name.trim_start_matches("r#");
    format!("[`Client::{name}`](crate::Client::{name})")
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

/// The operation's call type (`linkgen_runtime::operation_call!`) and its
/// setters: one per optional parameter, and `body` for an optional body.
/// Each writes its value into the request at once, replacing an earlier one.
fn call_type(ctx: &Ctx<'_>, op: &Operation) -> Result<Code> {
    let name = calls::call_ident(ctx, op)?;
    let success = success_type(ctx, op)?;
    let error = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let mut setter_scope = Scope::with_reserved("setter", crate::naming::CALL_METHODS);
    let mut setters = Vec::new();
    let mut names_deprecated = calls::success_names_deprecated(ctx, op);
    let request = quote!(self.0.request_mut());
    for p in op.optional_params() {
        setter_scope.claim(ctx, &p.setter, &op.pointer)?;
        let setter = ident(ctx, &p.setter, Case::Snake, "setter", &op.pointer)?;
        let arg = param_ident(ctx, op, p)?;
        let pass = calls::pass_of(ctx, op, &p.ty)?;
        let ty = calls::arg_type(ctx, op, &p.ty, pass)?;
        names_deprecated |= tyref::names_deprecated(ctx, &p.ty);
        let value = if pass == Pass::Value {
            quote!(&#arg)
        } else {
            quote!(#arg)
        };
        let statement = calls::param_statement(p, &request, &value);
        let doc = Doc::new()
            .spec(p.doc.as_deref())
            .line(format!(
                "Sent as the {} {} parameter.",
                docs::code(&p.wire_name),
                p.location.as_str()
            ))
            .outer();
        let deprecated = deprecated_attr(p.deprecated.as_ref());
        setters.push(quote! {
            #doc
            #deprecated
            #[inline]
            pub fn #setter(mut self, #arg: #ty) -> Self {
                #statement
                self
            }
        });
    }
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.primary().encoding != BodyEncoding::Empty && !b.required)
    {
        let arg = format_ident!("body");
        names_deprecated |=
            body.choice_type.is_none() && tyref::names_deprecated(ctx, &body.primary().ty);
        let (ty, statement) = super::bodies::body_arg(ctx, op, body, &arg, &request)?;
        let sent = match &body.choice_type {
            Some(choice) => format!("sent as the media type of the [`{choice}`] variant given"),
            None => format!("sent as {}", docs::code(&body.primary().content_type)),
        };
        let doc = Doc::new()
            .spec(body.doc.as_deref())
            .line(format!(
                "The request body, {sent} (optional: without it the request has none)."
            ))
            .outer();
        setters.push(quote! {
            #doc
            #[inline]
            pub fn body(mut self, #arg: #ty) -> Self {
                #statement
                self
            }
        });
    }
    let ranged = op
        .body
        .iter()
        .flat_map(|b| &b.variants)
        .find(|v| v.content_type_range);
    if let Some(body) = ranged {
        setter_scope.claim(ctx, "content_type", &op.pointer)?;
        let doc = Doc::new()
            .line(format!(
                "Sends the body with this `Content-Type`: the operation accepts a range of media types, and without it the body goes as {}.",
                docs::code(&body.content_type)
            ))
            .outer();
        setters.push(quote! {
            #doc
            #[inline]
            pub fn content_type(mut self, content_type: impl ::core::convert::Into<::std::string::String>) -> Self {
                #request.content_type(content_type);
                self
            }
        });
    }
    if let Some(paging) = &op.paging {
        setters.push(super::paging::methods(ctx, op, paging, &success, &error)?);
    }
    let method = ident(ctx, &op.method_name, Case::Snake, "method", &op.pointer)?;
    let allow = allow_deprecated(names_deprecated);
    let mut out = Code::default();
    out.push(operation_call(allow, &name, &success, &error, &method));
    if !setters.is_empty() {
        let touches = op.optional_params().any(|p| p.deprecated.is_some());
        let impl_allow = allow_deprecated(names_deprecated || touches);
        out.tokens(quote! {
            #impl_allow
            impl #name {
                #(#setters)*
            }
        });
    }
    Ok(out)
}

/// `::linkgen_runtime::operation_call!(NameCall(Ok, Err) for method);`,
/// printed: on one line when it fits in 100 columns, else with the call on
/// a line of its own.
fn operation_call(
    allow: Option<Attr>,
    name: &Ident,
    success: &RustType,
    error: &Ident,
    method: &Ident,
) -> Piece {
    const PATH: &str = "::linkgen_runtime::operation_call";
    let mut text = String::new();
    if let Some(allow) = allow {
        allow.print(0, &mut text);
    }
    let call = format!("{name}({}, {error}) for {method}", success.code());
    if PATH.len() + call.len() + 3 <= 100 {
        text.push_str(&format!("{PATH}!({call});\n"));
    } else {
        text.push_str(&format!("{PATH}!(\n    {call}\n);\n"));
    }
    Piece::Text {
        text,
        documented: false,
    }
}

/// The Rust type held for a response body (`None` when empty).
pub(crate) fn body_type(
    ctx: &Ctx<'_>,
    op: &Operation,
    body: &ResponseBody,
) -> Result<Option<RustType>> {
    let string = || RustType::Path(ctx.prelude_path("String"), Vec::new());
    Ok(match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(ty) => Some(tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?),
        ResponseBody::Text => Some(string()),
        ResponseBody::Bytes => Some(RustType::path(Root::Global, "linkgen_runtime::Bytes")),
        ResponseBody::Redirect => Some(RustType::path(Root::Global, "linkgen_runtime::Redirect")),
        ResponseBody::Events(ty) => {
            let data = match ty {
                Some(ty) => tyref::rust(ctx, ty, Pos::Crate, &op.pointer)?,
                None => string(),
            };
            Some(data.wrapped_in(TypePath::new(Root::Global, "linkgen_runtime::EventStream")))
        }
    })
}

/// The type the client method returns on success: the success enum, or
/// the one success body (`Api::validate` made sure there is one), or `()`.
pub(crate) fn success_type(ctx: &Ctx<'_>, op: &Operation) -> Result<RustType> {
    if let Some(name) = &op.success_type {
        let name = ident(ctx, name, Case::Camel, "success type", &op.pointer)?;
        return Ok(RustType::path(Root::Crate, &format!("operations::{name}")));
    }
    match op.successes().next() {
        Some(r) if op.stream_success && r.body == ResponseBody::Bytes => {
            Ok(RustType::path(Root::Global, "linkgen_runtime::ByteStream"))
        }
        Some(r) => Ok(body_type(ctx, op, &r.body)?.unwrap_or(RustType::Unit)),
        None => Ok(RustType::Unit),
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
    let mut names_deprecated = false;
    for r in responses {
        let body = &r.body;
        let v = variant_ident(ctx, op, r)?;
        scope.claim(ctx, &r.variant, &op.pointer)?;
        let vdoc = response_doc(r);
        if let ResponseBody::Json(t) = body {
            names_deprecated |= tyref::names_deprecated(ctx, t);
        }
        match body_type(ctx, op, body)? {
            Some(ty) => variants.push(quote!(#vdoc #v(#ty),)),
            None => variants.push(quote!(#vdoc #v,)),
        }
    }
    let deprecated = allow_deprecated(names_deprecated);
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #deprecated
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
    if let Some(headers) = &op.headers {
        doc = doc.line(format!(
            "The response headers the spec declares, typed: `error.typed_headers()` gives a [`{}`].",
            headers.type_name
        ));
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
