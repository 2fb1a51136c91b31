//! `Client::request`: the escape hatch of every generated client, a
//! `linkgen_runtime::RawCall` to an endpoint the spec lacks, sent through
//! the same engine as the operations and authenticated as they are
//! ([`crate::ir::Api::raw_security`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::Ctx;

/// The `request` method of `Client` (a name `naming::CLIENT_METHODS`
/// reserves).
pub(crate) fn method(ctx: &Ctx<'_>) -> TokenStream {
    let alternatives = ctx.api.raw_security();
    let security = if alternatives.is_empty() {
        TokenStream::new()
    } else {
        let alternatives = alternatives.iter().map(|alternative| {
            let keys = alternative.iter().map(String::as_str);
            quote!(&[#(#keys),*])
        });
        quote!(.security(&[#(#alternatives),*]))
    };
    let schemes = if alternatives.is_empty() {
        "The spec secures no operation, so it carries no credential (set one with `.header(…)` or `.security(…)`)."
    } else {
        "It carries the credentials of the first security alternative of the spec's operations (in the order they are first used) whose credentials are all configured, else none; `.security(…)` chooses another."
    };
    let doc = Doc::new()
        .line("A request to an endpoint the spec does not describe, sent like an operation's call: the base URL, default headers, timeouts, retry policy, response size cap and tracing of this client.")
        .line(schemes)
        .line("`path` is appended to the base URL (a whole URL, or a path with `?` or `#`, fails the call before anything is sent: set query parameters with `.query(…)`). `.send().await` gives the 2xx response, `.decode::<T>().await` its JSON body as any `Deserialize` type; any other status is `Error::UnexpectedStatus` with the response kept.")
        .outer();
    quote! {
        #doc
        pub fn request(&self, method: ::linkgen_runtime::Method, path: &str) -> ::linkgen_runtime::RawCall {
            ::linkgen_runtime::RawCall::new(&self.core, method, path) #security
        }
    }
}
