//! `src/testing.rs` (feature `test-util`): the crate's typed fake. `Fake`
//! holds a `linkgen_runtime::testing::FakeTransport` and gives a real
//! `Client` over it; per operation an `{Op}Fake` queues typed answers (a
//! success value, a documented error, or any `Answer`: raw bytes, a fault)
//! and reads back what was sent as `{Op}Sent` (the request, its JSON body
//! decoded, its path parameters by name). An operation whose spec has an
//! example of its success answers with it until a test says otherwise.
//!
//! Names: `Fake`, and `{Op}Fake`/`{Op}Sent` from the operation's method
//! name; the suffixes keep them apart from each other and from `Fake`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::docs::{self, Doc};
use super::idents::{ident, Case, Scope};
use super::operations::{body_type, success_type, variant_ident};
use super::{credentials, gate, tyref, Ctx};
use crate::ir::{BodyEncoding, Operation, Response, ResponseBody, SecurityKind};
use crate::plan::{Root, RustType};
use crate::{naming, Result};

/// The base URL of a client over the fake: never resolved, never reached.
const FAKE_URL: &str = "https://fake.invalid";

/// The tokens of `src/testing.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut accessors = Vec::new();
    let mut defaults = Vec::new();
    let mut examples = Vec::new();
    let mut items = Vec::new();
    // Distinct method names can camel-case alike (`get_v1`, `get_v_1`).
    let mut stems = Scope::new("test kit type");
    // `Fake`'s own methods are in `CLIENT_METHODS`, which lowering keeps
    // operations' names out of; the scope refuses what slips through.
    let mut methods = Scope::with_reserved("test kit method", naming::CLIENT_METHODS);
    for op in &ctx.api.operations {
        let cfg = gate::operation(op);
        let stem = naming::upper_camel(&op.method_name);
        stems.claim(ctx, &stem, &op.pointer)?;
        let handle = ident(
            ctx,
            &format!("{stem}Fake"),
            Case::Camel,
            "test kit type",
            &op.pointer,
        )?;
        let sent = ident(
            ctx,
            &format!("{stem}Sent"),
            Case::Camel,
            "test kit type",
            &op.pointer,
        )?;
        methods.claim(ctx, &op.method_name, &op.pointer)?;
        let method = ident(ctx, &op.method_name, Case::Snake, "operation", &op.pointer)?;
        let doc = Doc::new()
            .line(format!(
                "Answers and requests of [`Client::{}`](crate::Client::{}).",
                op.method_name, op.method_name
            ))
            .outer();
        accessors.push(quote! {
            #doc
            #cfg
            pub fn #method(&self) -> #handle<'_> {
                #handle { transport: &self.transport }
            }
        });
        if let Some((status, example)) = default_answer(op) {
            let (verb, template) = route(op);
            let name = format_ident!("{}_EXAMPLE", naming::upper_snake(&op.method_name));
            let doc = Doc::new()
                .line(format!(
                    "The spec's example of what [`Client::{0}`](crate::Client::{0}) returns.",
                    op.method_name
                ))
                .outer();
            examples.push(quote! {
                #doc
                #cfg
                const #name: &str = #example;
            });
            defaults.push(quote! {
                #cfg
                transport.otherwise(
                    ::linkgen_runtime::Method::#verb,
                    #template,
                    ::linkgen_runtime::testing::Answer::bytes(#status, "application/json", #name),
                );
            });
        }
        items.push(operation_items(ctx, op, &cfg, &handle, &sent)?);
    }
    let placeholders = placeholder_credentials(ctx)?;
    let title = docs::the_title(&ctx.api.title);
    let module_doc = Doc::new()
        .line(format!(
            "A fake of {title} for tests (feature `test-util`): no network, no sockets."
        ))
        .line("[`Fake::client`] is a real [`Client`](crate::Client) whose requests go to the fake: credentials, retries, timeouts, the size cap and errors behave as in production. Each operation's handle (`fake.link_token_get()`, say) queues typed answers (`returns`, `fails`) or any [`Answer`](::linkgen_runtime::testing::Answer) (raw bytes, a 429, a 503, a dropped connection, a delay past the timeout), and reads back what the operation was sent (`sent`).")
        .line("An operation whose spec gives an example of its success answers with that example when nothing is queued; any other unqueued call gets a `404` naming the request.")
        .inner();
    Ok(quote! {
        #module_doc

        /// A fake server for this crate's operations; clones share their answers and records.
        #[derive(Debug, Clone)]
        pub struct Fake {
            transport: ::linkgen_runtime::testing::FakeTransport,
        }

        impl Default for Fake {
            fn default() -> Self {
                Self::new()
            }
        }

        impl Fake {
            /// A fake whose operations answer with their spec's success examples, where the spec has them, until a test queues answers.
            pub fn new() -> Self {
                let transport = ::linkgen_runtime::testing::FakeTransport::new();
                #(#defaults)*
                Self { transport }
            }

            /// A client over this fake, with a placeholder for every credential, so that each operation can be called.
            ///
            /// # Panics
            ///
            /// When the crate's own settings (its default headers) cannot build a client, which would fail every client of the crate alike.
            pub fn client(&self) -> crate::Client {
                self.builder()
                    #placeholders
                    .build()
                    .expect("the fake's base URL and settings are valid")
            }

            /// A builder over this fake with no credentials set (to test a missing one) and the production defaults otherwise (a fault is retried with the real backoff: [`retry_policy`](crate::ClientBuilder::retry_policy) shortens it).
            pub fn builder(&self) -> crate::ClientBuilder {
                crate::Client::builder()
                    .base_url(#FAKE_URL)
                    .transport(self.transport.clone())
            }

            /// Every request the fake received, in order.
            pub fn requests(&self) -> ::std::vec::Vec<::linkgen_runtime::testing::Recorded> {
                self.transport.requests()
            }

            /// The transport underneath, to queue answers by method and path template.
            pub fn transport(&self) -> &::linkgen_runtime::testing::FakeTransport {
                &self.transport
            }

            #(#accessors)*
        }

        #(#items)*

        #(#examples)*
    })
}

/// `POST` and `/link/token/get`.
fn route(op: &Operation) -> (Ident, &str) {
    (
        format_ident!("{}", op.http_method.as_str()),
        op.path.as_str(),
    )
}

/// What an operation answers when nothing is queued: its first success
/// with an example, with its status; the example as a raw string literal,
/// which reads like the JSON it is.
fn default_answer(op: &Operation) -> Option<(Literal, TokenStream)> {
    let (response, example) = op
        .successes()
        .find_map(|r| r.example.as_deref().map(|e| (r, e)))?;
    Some((status(op, response), raw_string(example)))
}

/// `r#"…"#`, with as many `#` as the text needs.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    literal
        .parse()
        .unwrap_or_else(|_| Literal::string(text).into_token_stream())
}

/// The status a test answers with for `r`, as an unsuffixed literal.
fn status(op: &Operation, r: &Response) -> Literal {
    Literal::u16_unsuffixed(op.answer_status(r))
}

/// `.client_id("fake-clientId")` … for every security scheme.
fn placeholder_credentials(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for scheme in &ctx.api.security_schemes {
        let (setter, _) = credentials::setter_ident(ctx, scheme)?;
        let value = format!("fake-{}", scheme.key);
        out.extend(match scheme.kind {
            SecurityKind::Basic => quote!(.#setter("fake-user", #value)),
            _ => quote!(.#setter(#value)),
        });
    }
    Ok(out)
}

/// `{Op}Fake` and `{Op}Sent`.
fn operation_items(
    ctx: &Ctx<'_>,
    op: &Operation,
    cfg: &TokenStream,
    handle: &Ident,
    sent: &Ident,
) -> Result<TokenStream> {
    let (verb, template) = route(op);
    let link = format!("[`Client::{0}`](crate::Client::{0})", op.method_name);
    let returns = returns_fn(ctx, op)?;
    let fails = fails_fn(ctx, op)?;
    let body = sent_body_fn(ctx, op)?;
    let path_param = if op.path_params().next().is_some() {
        let doc = Doc::new()
            .line(format!(
                "The value of path parameter `name` (its name in the template {}), percent-decoded.",
                docs::code(template)
            ))
            .outer();
        quote! {
            #doc
            pub fn path_param(&self, name: &str) -> ::std::option::Option<::std::string::String> {
                self.request.path_param(#template, name)
            }
        }
    } else {
        TokenStream::new()
    };
    let sent_impl = if body.is_empty() && path_param.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            #cfg
            impl #sent {
                #body
                #path_param
            }
        }
    };
    let handle_doc = Doc::new()
        .line(format!(
            "The fake's side of {link}: what it answers, what it was sent."
        ))
        .outer();
    let sent_doc = Doc::new()
        .line(format!("A request {link} sent, as the fake received it (the wire request is [`request`](Self::request); `Deref` reads its query and headers)."))
        .outer();
    Ok(quote! {
        #handle_doc
        #cfg
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            transport: &'a ::linkgen_runtime::testing::FakeTransport,
        }

        #cfg
        impl #handle<'_> {
            #returns
            #fails

            /// Answers the next call with `answer`: a status and body of your own, or a fault (`Answer::rate_limited`, `unavailable`, `dropped`, `malformed_json`, `oversized`, `.after(delay)`).
            pub fn answer(&self, answer: ::linkgen_runtime::testing::Answer) -> &Self {
                self.transport.answer(::linkgen_runtime::Method::#verb, #template, answer);
                self
            }

            /// Answers every call with `answer` once the queued answers are used up (in place of the spec's example).
            pub fn otherwise(&self, answer: ::linkgen_runtime::testing::Answer) -> &Self {
                self.transport.otherwise(::linkgen_runtime::Method::#verb, #template, answer);
                self
            }

            /// The requests this operation was sent, in order.
            pub fn sent(&self) -> ::std::vec::Vec<#sent> {
                (self.transport.requests_to(::linkgen_runtime::Method::#verb, #template).into_iter())
                    .map(|request| #sent { request })
                    .collect()
            }
        }

        #sent_doc
        #cfg
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #sent {
            /// The request as it went on the wire.
            pub request: ::linkgen_runtime::testing::Recorded,
        }

        #sent_impl

        #cfg
        impl ::std::ops::Deref for #sent {
            type Target = ::linkgen_runtime::testing::Recorded;
            fn deref(&self) -> &Self::Target {
                &self.request
            }
        }
    })
}

/// `returns(value)`: the success answered with its status and body, when
/// a value of the success type can be written back as a response.
fn returns_fn(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let successes: Vec<&Response> = op.successes().collect();
    if successes.iter().any(|r| !answerable(&r.body)) {
        return Ok(TokenStream::new());
    }
    let doc = Doc::new()
        .line("Answers the next call with this success, with its documented status.")
        .outer();
    let (arg, answer) = match (&op.success_type, successes.as_slice()) {
        (Some(_), _) => {
            let ty = success_type(ctx, op)?;
            let arms = (successes.iter())
                .map(|r| arm(ctx, op, r, &ty))
                .collect::<Result<Vec<_>>>()?;
            (quote!(value: #ty), quote!(match value { #(#arms)* }))
        }
        (None, [only]) => {
            let arg = match &only.body {
                ResponseBody::Empty => TokenStream::new(),
                ResponseBody::Text => quote!(value: impl Into<::std::string::String>),
                ResponseBody::Bytes => quote!(value: impl Into<::linkgen_runtime::Bytes>),
                _ => {
                    let ty = success_type(ctx, op)?;
                    quote!(value: #ty)
                }
            };
            (arg, answer_of(op, only, quote!(value)))
        }
        // No success declared: any 2xx will do.
        (None, _) => (
            TokenStream::new(),
            quote!(::linkgen_runtime::testing::Answer::empty(200)),
        ),
    };
    Ok(quote! {
        #doc
        pub fn returns(&self, #arg) -> &Self {
            self.answer(#answer)
        }
    })
}

/// `fails(error)`: a documented error answered with its status and body.
fn fails_fn(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let errors: Vec<&Response> = op.errors().collect();
    if errors.is_empty() || errors.iter().any(|r| !answerable(&r.body)) {
        return Ok(TokenStream::new());
    }
    let error_type = ident(ctx, &op.error_type, Case::Camel, "error enum", &op.pointer)?;
    let ty = RustType::path(Root::Crate, &format!("operations::{error_type}"));
    let arms = (errors.iter())
        .map(|r| arm(ctx, op, r, &ty))
        .collect::<Result<Vec<_>>>()?;
    let statuses: Vec<String> = (errors.iter())
        .map(|r| format!("`{}` as {}", r.variant, op.answer_status(r)))
        .collect();
    let doc = Doc::new()
        .line(format!(
            "Answers the next call with this documented error, its body as the spec declares it, with its status ({}); a status of your own: [`answer`](Self::answer).",
            statuses.join(", ")
        ))
        .outer();
    Ok(quote! {
        #doc
        pub fn fails(&self, error: #ty) -> &Self {
            self.answer(match error { #(#arms)* })
        }
    })
}

/// A match arm from an enum variant to its answer.
fn arm(ctx: &Ctx<'_>, op: &Operation, r: &Response, ty: &RustType) -> Result<TokenStream> {
    let variant = variant_ident(ctx, op, r)?;
    let answer = answer_of(op, r, quote!(body));
    Ok(match body_type(ctx, op, &r.body)? {
        Some(_) => quote!(#ty::#variant(body) => #answer,),
        None => quote!(#ty::#variant => #answer,),
    })
}

/// Whether a value of the body's type can be built by a test and written
/// back as a response (an event stream and a redirect are only read from
/// the wire: `answer` sends them).
fn answerable(body: &ResponseBody) -> bool {
    !matches!(body, ResponseBody::Events(_) | ResponseBody::Redirect)
}

/// The `Answer` that carries `value` as `r`'s body.
fn answer_of(op: &Operation, r: &Response, value: TokenStream) -> TokenStream {
    let status = status(op, r);
    let answer = quote!(::linkgen_runtime::testing::Answer);
    match &r.body {
        ResponseBody::Empty => quote!(#answer::empty(#status)),
        ResponseBody::Json(_) => quote!(#answer::json(#status, &#value)),
        ResponseBody::Text => quote!(#answer::text(#status, #value)),
        ResponseBody::Bytes => quote!(#answer::bytes(#status, "application/octet-stream", #value)),
        // Not `answerable`: `answer` sends them.
        ResponseBody::Redirect | ResponseBody::Events(_) => quote!(#answer::empty(#status)),
    }
}

/// `body()`: the JSON request body decoded into its type, when the
/// operation takes one.
fn sent_body_fn(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let Some(variant) = (op.body.iter())
        .flat_map(|b| &b.variants)
        .find(|v| v.encoding == BodyEncoding::Json)
    else {
        return Ok(TokenStream::new());
    };
    let ty = tyref::rust(ctx, &variant.ty, tyref::Pos::Crate, &op.pointer)?;
    Ok(quote! {
        /// The JSON body sent, decoded into the operation's body type.
        ///
        /// # Errors
        ///
        /// When no body or another one was sent.
        pub fn body(&self) -> ::std::result::Result<#ty, ::linkgen_runtime::serde_json::Error> {
            self.request.json()
        }
    })
}
