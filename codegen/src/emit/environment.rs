//! `Environment` of `src/client.rs`: one variant per server of the spec
//! (omitted when it has none), the first the default, with its URL and the
//! name `{PREFIX}_ENV` selects it by.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::idents::{ident, Case, Scope};
use super::Ctx;
use crate::Result;

pub(crate) fn environment(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let servers = &ctx.api.servers;
    if servers.is_empty() {
        return Ok(TokenStream::new());
    }
    let mut scope = Scope::new("environment");
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut name_arms = Vec::new();
    let mut from_name_arms = Vec::new();
    let (some, none, option) = (
        ctx.prelude("Some"),
        ctx.prelude("None"),
        ctx.prelude("Option"),
    );
    for (i, server) in servers.iter().enumerate() {
        let pointer = format!("/servers/{i}");
        let v = ident(ctx, &server.variant, Case::Camel, "environment", &pointer)?;
        scope.claim(ctx, &server.variant, &pointer)?;
        let doc = Doc::new()
            .spec(server.description.as_deref())
            .line(docs::code(&server.url))
            .outer();
        let default = if i == 0 {
            quote!(#[default])
        } else {
            TokenStream::new()
        };
        let url = server.url.as_str();
        let name = server.name.as_str();
        variants.push(quote!(#doc #default #v,));
        arms.push(quote!(Self::#v => #url,));
        name_arms.push(quote!(Self::#v => #name,));
        from_name_arms.push(quote!(#name => #some(Self::#v),));
    }
    let names: Vec<&str> = servers.iter().map(|s| s.name.as_str()).collect();
    let first = servers[0].variant.as_str();
    let doc = Doc::new()
        .line(format!(
            "The servers of {}.",
            docs::the_title(&ctx.api.title)
        ))
        .line(format!(
            "The default is {}.",
            docs::code(&format!("Environment::{first}"))
        ))
        .outer();
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Environment {
            #(#variants)*
        }

        impl Environment {
            /// The names of the environments, as [`Environment::name`] gives them.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The base URL of this environment.
            pub fn url(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }

            /// Its name, as `from_env()` reads it (`sandbox`).
            pub fn name(&self) -> &'static str {
                match self {
                    #(#name_arms)*
                }
            }

            /// The environment of this name (ASCII case ignored), if any.
            pub fn from_name(name: &str) -> #option<Self> {
                match name.to_ascii_lowercase().as_str() {
                    #(#from_name_arms)*
                    _ => #none,
                }
            }
        }
    })
}
