//! `src/client.rs`: `Environment` (`environment.rs`), `ClientBuilder`
//! (wrapping `linkgen_runtime::ClientConfig`) and `Client` with one method
//! per operation (see [`calls`]) and `request` (`client_raw.rs`).
//!
//! Fixed names, which IR names must not take: builder methods
//! [`BUILDER_METHODS`], client methods [`CLIENT_METHODS`].
//!
//! Without servers, `ClientBuilder::build` fails with
//! `BuildError::InvalidBaseUrl` until `base_url` (or `{PREFIX}_BASE_URL`
//! through `from_env`) sets one.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::env::{env_var, from_env_doc};
use super::idents::Scope;
use super::{calls, credentials, gate, Ctx};
use crate::ir::ParamLocation;
use crate::Result;

// Methods of `ClientBuilder` and `Client`, which a security setter or an
// operation must not take: one list each, in `naming` (lowering avoids
// them; the scopes here refuse what slips through).
use crate::naming::CLIENT_METHODS;

/// The tokens of `src/client.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let environment = super::environment::environment(ctx)?;
    let builder = builder(ctx)?;
    let client = client(ctx)?;
    // Imported only when used (an unused import would warn), under the
    // features of the operations that use it.
    let ops = &ctx.api.operations;
    let styled = ops.iter().filter(|op| {
        op.required_params()
            .any(|p| matches!(p.location, ParamLocation::Path | ParamLocation::Query))
    });
    let imports = match (gate::needed_by(ops), gate::needed_by(styled)) {
        (None, _) => TokenStream::new(),
        (Some(method), None) => {
            let cfg = gate::cfg(&method);
            quote!(#cfg use ::linkgen_runtime::Method;)
        }
        (Some(method), Some(style)) if method == style => {
            let cfg = gate::cfg(&method);
            quote!(#cfg use ::linkgen_runtime::{Method, Style};)
        }
        (Some(method), Some(style)) => {
            let (method, style) = (gate::cfg(&method), gate::cfg(&style));
            quote! {
                #method use ::linkgen_runtime::Method;
                #style use ::linkgen_runtime::Style;
            }
        }
    };
    Ok(quote! {
        #imports

        /// The `User-Agent` of every request: this crate's name and version.
        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #environment
        #builder
        #client
    })
}

/// What the builder holds and does differently when the spec declares no
/// server: a `base_url_set` flag that `build` checks, and no `environment`.
struct Servers {
    field: TokenStream,
    field_init: TokenStream,
    base_url_set: TokenStream,
    check: TokenStream,
    default_url: TokenStream,
    environment_fn: TokenStream,
    read_environment: TokenStream,
    base_url_doc: TokenStream,
}

fn servers(ctx: &Ctx<'_>) -> Servers {
    let base_url_var = env_var(ctx, "BASE_URL");
    if ctx.api.servers.is_empty() {
        return Servers {
            field: quote!(base_url_set: bool,),
            field_init: quote!(base_url_set: false,),
            base_url_set: quote!(self.base_url_set = true;),
            check: quote! {
                if !self.base_url_set {
                    return Err(::linkgen_runtime::BuildError::InvalidBaseUrl {
                        url: String::new(),
                        message: "the spec declares no server: set one with `ClientBuilder::base_url`".into(),
                    });
                }
            },
            default_url: quote!(""),
            environment_fn: TokenStream::new(),
            read_environment: TokenStream::new(),
            base_url_doc: Doc::new().line(format!(
                "Sends requests to this base URL. The spec declares no server, so this (or {} read by [`from_env`](Self::from_env)) is required.",
                docs::code(&base_url_var)
            )).outer(),
        };
    }
    let env_var_name = env_var(ctx, "ENV");
    Servers {
        field: TokenStream::new(),
        field_init: TokenStream::new(),
        base_url_set: TokenStream::new(),
        check: TokenStream::new(),
        default_url: quote!(Environment::default().url()),
        environment_fn: quote! {
            /// Sends requests to this environment's server (default: the first one).
            pub fn environment(mut self, environment: Environment) -> Self {
                self.config.environment(environment.url());
                self
            }
        },
        read_environment: quote! {
            if let Some(name) = var(#env_var_name) {
                match Environment::from_name(&name) {
                    Some(environment) => self = self.environment(environment),
                    None => self.config.unknown_environment(#env_var_name, &name, Environment::NAMES),
                }
            }
        },
        base_url_doc: Doc::new().line(format!(
            "Sends requests to this base URL instead of the environment's (a proxy, a mock server). Read from {} by [`from_env`](Self::from_env).",
            docs::code(&base_url_var)
        )).outer(),
    }
}

/// `ClientBuilder`: its fixed methods (the names `naming::BUILDER_METHODS`
/// reserves), one credential setter per security scheme, `from_env` and
/// `build`.
fn builder(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let base_url_var = env_var(ctx, "BASE_URL");
    let mut defaults = Vec::new();
    for (name, value) in &ctx.options.default_headers {
        defaults.push(quote!(config.header(#name, #value);));
    }
    let credentials::Credentials {
        setters,
        defaults: credential_defaults,
        reads,
    } = credentials::credentials(ctx)?;
    let require_credentials = credentials::require_fn(ctx);
    defaults.extend(credential_defaults);
    let config_binding = if defaults.is_empty() {
        quote!(config)
    } else {
        quote!(mut config)
    };
    let from_env_doc = from_env_doc(ctx);
    let server_override = server_override(ctx);
    let Servers {
        field,
        field_init,
        base_url_set,
        check,
        default_url,
        environment_fn,
        read_environment,
        base_url_doc,
    } = servers(ctx);
    Ok(quote! {
        /// Configures and builds a [`Client`]: server, timeouts, retries, credentials.
        ///
        /// Its `Debug` output never shows credentials.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: ::linkgen_runtime::ClientConfig,
            #field
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                let #config_binding = ::linkgen_runtime::ClientConfig::new(#default_url, USER_AGENT);
                #(#defaults)*
                Self {
                    config,
                    #field_init
                }
            }
        }

        impl ClientBuilder {
            #environment_fn

            #base_url_doc
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.config.base_url(url);
                #base_url_set
                self
            }

            /// Gives up on an attempt after this long (the default is [`ClientConfig::new`](linkgen_runtime::ClientConfig::new)'s).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout(timeout);
                self
            }

            /// Gives up connecting after this long (the default is [`ClientConfig::new`](linkgen_runtime::ClientConfig::new)'s; ignored with [`http_client`](Self::http_client)).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.connect_timeout(timeout);
                self
            }

            /// Retries a failed attempt at most this many times (the default is [`RetryPolicy::default`](linkgen_runtime::RetryPolicy::default)'s).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.config.max_retries(max_retries);
                self
            }

            /// Sets how failed attempts are retried (see [`RetryPolicy`](crate::RetryPolicy)).
            pub fn retry_policy(mut self, policy: ::linkgen_runtime::RetryPolicy) -> Self {
                self.config.retry_policy(policy);
                self
            }

            /// Bounds each call as a whole, retries and the waits between them included (default: none; each attempt is bounded by [`timeout`](Self::timeout)).
            pub fn total_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.total_timeout(timeout);
                self
            }

            /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`](linkgen_runtime::DEFAULT_MAX_RESPONSE_BYTES)); a larger one fails the call with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) after reading at most about this much.
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.config.max_response_bytes(limit);
                self
            }

            /// Sends this header with every request (replacing one of the same name). An invalid name or value makes [`build`](Self::build) fail.
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.config.header(name, value);
                self
            }

            /// Sends a random idempotency key in this header (e.g. `"Idempotency-Key"`) with every `POST` or `PATCH` call, the same on each of its attempts, so the server carries the call out at most once; such calls are then retried like `GET`s. Off by default.
            pub fn idempotency_key_header(mut self, name: &'static str) -> Self {
                self.config.idempotency_key_header(name);
                self
            }

            /// Sends requests through this `reqwest` client (its own timeouts and proxies apply).
            pub fn http_client(mut self, client: ::linkgen_runtime::reqwest::Client) -> Self {
                self.config.http_client(client);
                self
            }

            /// Sends requests through this [`Transport`](::linkgen_runtime::Transport) (middleware such as request signing, or a fake in tests) instead of `reqwest`; retries, timeouts, the size cap, credentials and redaction still apply.
            pub fn transport(mut self, transport: impl ::linkgen_runtime::Transport) -> Self {
                self.config.transport(transport);
                self
            }

            /// Takes the settings of a [`SharedConfig`](crate::SharedConfig) that several clients share: one connection pool (or transport), the application's name in the user agent, timeouts, retry policy, size cap and headers. What is set on this builder after this call wins, and a transport or HTTP client of its own (a test's fake) is kept whatever the order.
            pub fn shared(mut self, config: &::linkgen_runtime::SharedConfig) -> Self {
                self.config.shared(config);
                self
            }

            #server_override

            #(#setters)*

            #require_credentials

            #from_env_doc
            pub fn from_env(self) -> Self {
                self.from_env_with(|name| ::std::env::var(name).ok())
            }

            /// Reads the settings [`from_env`](Self::from_env) reads, from `lookup` instead of the process environment: `lookup` gets each variable's name and returns its value (`None` or empty: skipped).
            ///
            /// For tests and for configuration kept elsewhere, without `std::env::set_var`:
            /// `ClientBuilder::default().from_env_with(|name| vars.get(name).cloned())` over a `HashMap<&str, String>`.
            pub fn from_env_with(mut self, mut lookup: impl FnMut(&str) -> ::std::option::Option<::std::string::String>) -> Self {
                let mut var = |name: &str| lookup(name).filter(|value| !value.is_empty());
                #read_environment
                if let Some(url) = var(#base_url_var) {
                    self = self.base_url(url);
                }
                #(#reads)*
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`BuildError`](crate::BuildError) when the base URL is invalid (or missing) or the HTTP client cannot be set up.
            pub fn build(self) -> Result<Client, ::linkgen_runtime::BuildError> {
                #check
                Ok(Client { core: self.config.build()? })
            }
        }
    })
}

/// `server_override`, when some operation has its own server (the rule is
/// `ClientConfig::server_override`'s).
fn server_override(ctx: &Ctx<'_>) -> TokenStream {
    let mut servers: Vec<&str> = Vec::new();
    for op in &ctx.api.operations {
        if let Some(server) = op.server.as_deref().filter(|s| !servers.contains(s)) {
            servers.push(server);
        }
    }
    if servers.is_empty() {
        return TokenStream::new();
    }
    let list: Vec<String> = servers.iter().map(|s| docs::code(s)).collect();
    let doc = Doc::new()
        .line(format!(
            "Sends the operations whose own server is `original` ({}) to `replacement` instead (a proxy).",
            list.join(", ")
        ))
        .line("Such an operation goes, by the first rule that applies: to its override set here; to the base URL set by [`base_url`](Self::base_url) (a mock server, a proxy: a base URL of your own receives every operation); else to its own server (also with an [`environment`](Self::environment) of the spec's). An invalid `replacement` makes [`build`](Self::build) fail.")
        .outer();
    quote! {
        #doc
        pub fn server_override(mut self, original: &str, replacement: impl Into<String>) -> Self {
            self.config.server_override(original, replacement);
            self
        }
    }
}

fn client(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut scope = Scope::with_reserved("client method", CLIENT_METHODS);
    let mut methods = Vec::new();
    for op in &ctx.api.operations {
        scope.claim(ctx, &op.method_name, &op.pointer)?;
        let cfg = gate::operation(op);
        let method = calls::method(ctx, op)?;
        methods.push(quote!(#cfg #method));
    }
    let raw = super::client_raw::method(ctx);
    let title = docs::the_title(&ctx.api.title);
    let doc = Doc::new()
        .line(format!("A client of {title}: one method per operation."))
        .line("Cheap to clone (clones share their connection pool). Build one with [`Client::builder`] or [`Client::from_env`].")
        .line("Each method takes the operation's required parameters and returns its call (in [`operations`](crate::operations)): `.await` it for the decoded response, or first set its optional parameters (a setter each) and per-call options (`.timeout(…)`, `.header(…)`, `.max_retries(…)`, `.idempotency_key(…)`); `.with_metadata().await` also gives the status, headers, request id and attempts.")
        .outer();
    Ok(quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: ::linkgen_runtime::Core,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// Builds a client configured from environment variables (see [`ClientBuilder::from_env`]).
            ///
            /// # Errors
            ///
            /// [`BuildError`](crate::BuildError) when the base URL is invalid (or missing) or the HTTP client cannot be set up.
            pub fn from_env() -> Result<Self, ::linkgen_runtime::BuildError> {
                Self::builder().from_env().build()
            }

            /// Builds a client configured from the variables `lookup` gives (see [`ClientBuilder::from_env_with`]): [`from_env`](Self::from_env) without the process environment.
            ///
            /// # Errors
            ///
            /// [`BuildError`](crate::BuildError) when the base URL is invalid (or missing) or the HTTP client cannot be set up.
            pub fn from_env_with(lookup: impl FnMut(&str) -> ::std::option::Option<::std::string::String>) -> Result<Self, ::linkgen_runtime::BuildError> {
                Self::builder().from_env_with(lookup).build()
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #raw

            #(#methods)*
        }

        /// The engine, for what takes any client: [`Redirect::follow`](linkgen_runtime::Redirect::follow).
        impl AsRef<::linkgen_runtime::Core> for Client {
            fn as_ref(&self) -> &::linkgen_runtime::Core {
                &self.core
            }
        }
    })
}
