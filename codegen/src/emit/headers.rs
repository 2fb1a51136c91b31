//! An operation's typed response headers (`ir::ResponseHeaders`): the
//! `{Op}Headers` struct, its `linkgen_runtime::ResponseHeaders` reading
//! (lenient: a header absent or not of its type is `None`), the
//! `linkgen_runtime::OperationHeaders` link from the operation's error enum
//! (so `Error::typed_headers` knows the struct) and the call type's
//! `with_headers`.

use quote::quote;

use super::docs::{self, Doc};
use super::idents::{ident, Case};
use super::{allow_deprecated, deprecated_attr, Ctx};
use crate::ir::{FloatWidth, HeaderType, IntWidth, Operation, ResponseHeaders};
use crate::plan::{self, Code, Root, RustType, TypePath};
use crate::Result;

/// The Rust type of a header's value (without the `Option`).
pub(crate) fn rust(ctx: &Ctx<'_>, ty: &HeaderType) -> RustType {
    match ty {
        HeaderType::String => RustType::Path(ctx.prelude_path("String"), Vec::new()),
        HeaderType::Integer(IntWidth::I32) => RustType::Primitive("i32"),
        HeaderType::Integer(IntWidth::I64) => RustType::Primitive("i64"),
        HeaderType::Integer(IntWidth::U32) => RustType::Primitive("u32"),
        HeaderType::Integer(IntWidth::U64) => RustType::Primitive("u64"),
        HeaderType::Float(FloatWidth::F32) => RustType::Primitive("f32"),
        HeaderType::Float(FloatWidth::F64) => RustType::Primitive("f64"),
        HeaderType::Bool => RustType::Primitive("bool"),
        // Through the runtime's re-export: a crate whose types need no
        // chrono gets no chrono dependency for a header.
        HeaderType::DateTime => RustType::Path(
            TypePath::new(Root::Global, "linkgen_runtime::chrono::DateTime"),
            vec![RustType::path(
                Root::Global,
                "linkgen_runtime::chrono::FixedOffset",
            )],
        ),
        HeaderType::Date => RustType::path(Root::Global, "linkgen_runtime::chrono::NaiveDate"),
        HeaderType::Url => RustType::path(Root::Global, "linkgen_runtime::Url"),
        HeaderType::List(item) => rust(ctx, item).wrapped_in(ctx.prelude_path("Vec")),
    }
}

/// The struct, its reading, the error enum's link to it and the call's
/// `with_headers`; nothing when the operation declares no header.
pub(crate) fn items(ctx: &Ctx<'_>, op: &Operation) -> Result<Code> {
    let Some(headers) = &op.headers else {
        return Ok(Code::default());
    };
    let name = ident(
        ctx,
        &headers.type_name,
        Case::Camel,
        "headers type",
        &op.pointer,
    )?;
    let error = ident(ctx, &op.error_type, Case::Camel, "error type", &op.pointer)?;
    let call = super::calls::call_ident(ctx, op)?;
    let success = super::operations::success_type(ctx, op)?;
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in &headers.fields {
        let field = ident(ctx, &h.name, Case::Snake, "header field", &op.pointer)?;
        let ty = rust(ctx, &h.ty).wrapped_in(ctx.prelude_path("Option"));
        let statuses: Vec<String> = h.statuses.iter().map(|s| s.describe()).collect();
        let always = if h.required {
            " The spec says it is always sent."
        } else {
            ""
        };
        let doc = Doc::new()
            .spec(h.doc.as_deref())
            .line(format!(
                "The {} header, declared with {}.{always} `None` when absent or not of this type (its raw value stays in the headers of the metadata or error).",
                docs::code(&h.wire_name),
                statuses.join(", ")
            ))
            .attrs();
        fields.push(plan::Field {
            attrs: doc
                .into_iter()
                .chain(deprecated_attr(h.deprecated.as_ref()))
                .collect(),
            name: field.clone(),
            ty,
            secret: h.secret,
        });
        let wire = h.wire_name.to_ascii_lowercase();
        let read = match h.ty {
            HeaderType::List(_) => quote!(::linkgen_runtime::header_values(headers, #wire)),
            _ => quote!(::linkgen_runtime::header_value(headers, #wire)),
        };
        reads.push(quote!(#field: #read,));
    }
    let any_deprecated = headers.fields.iter().any(|h| h.deprecated.is_some());
    let allow = allow_deprecated(any_deprecated);
    let method = super::operations::method_link(op);
    let item = plan::Struct {
        head: struct_doc(headers, &method),
        name: name.clone(),
        label: headers.type_name.clone(),
        debug: plan::Struct::debug_for(&fields),
        derives: plan::Derives {
            value: true,
            default: true,
            ..plan::Derives::default()
        },
        non_exhaustive: true,
        allow: allow.clone(),
        impl_allow: allow.clone(),
        fields,
    };
    let with_doc = Doc::new()
        .line(format!(
            "Sends the call and decodes the success value, with the response headers the spec declares, typed ([`{}`]), and the status, raw headers, request id and attempts.",
            headers.type_name
        ))
        .line("# Errors")
        .line("As `send`; the error gives the typed headers too (`Error::typed_headers`).")
        .outer();
    let call_allow = allow_deprecated(super::calls::success_names_deprecated(ctx, op));
    let mut code = Code::default();
    code.push(item.piece());
    code.tokens(item.debug_impl().unwrap_or_default());
    code.tokens(quote! {
        #allow
        impl ::linkgen_runtime::ResponseHeaders for #name {
            fn from_headers(headers: &::linkgen_runtime::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }

        impl ::linkgen_runtime::OperationHeaders for #error {
            type Headers = #name;
        }

        #call_allow
        impl #call {
            #with_doc
            #[inline]
            pub async fn with_headers(
                self,
            ) -> ::core::result::Result<
                ::linkgen_runtime::WithHeaders<#success, #name>,
                ::linkgen_runtime::Error<#error>,
            > {
                self.0.with_headers().await
            }
        }
    });
    Ok(code)
}

fn struct_doc(headers: &ResponseHeaders, method: &str) -> Vec<crate::plan::Attr> {
    Doc::new()
        .line(format!(
            "The response headers the spec declares for {method}, typed: from a success with the call's `with_headers()`, from an error with `Error::typed_headers()`."
        ))
        .line("Read leniently: a header that is absent or does not parse as its type is `None`, never an error.")
        .line(format!(
            "Declares: {}.",
            headers
                .fields
                .iter()
                .map(|h| docs::code(&h.wire_name))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .attrs()
}
