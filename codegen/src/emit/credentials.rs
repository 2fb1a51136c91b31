//! What the security schemes add to `ClientBuilder`: a credential setter
//! each, the `describe_credential` calls that let errors name them, the
//! `from_env` reads, and `require_credentials`, which makes `build` check
//! them against every operation's security.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, Doc};
use super::env::scheme_vars;
use super::idents::{ident, Case, Scope};
use super::{calls, gate, Ctx};
use crate::ir::{SecurityKind, SecurityScheme};
use crate::naming::BUILDER_METHODS;
use crate::plan::{Arg, Receiver, Root, RustType, Signature, TypePath};
use crate::Result;

/// What the security schemes add to the builder: a setter each, the
/// `describe_credential` calls of `Default`, and the `from_env` reads.
#[derive(Default)]
pub(crate) struct Credentials {
    pub(crate) setters: Vec<TokenStream>,
    pub(crate) defaults: Vec<TokenStream>,
    pub(crate) reads: Vec<TokenStream>,
}

pub(crate) fn credentials(ctx: &Ctx<'_>) -> Result<Credentials> {
    let mut scope = Scope::with_reserved("builder method", BUILDER_METHODS);
    let mut out = Credentials::default();
    for scheme in &ctx.api.security_schemes {
        let (setter, pointer) = setter_ident(ctx, scheme)?;
        scope.claim(ctx, &scheme.setter, &pointer)?;
        out.setters.push(setter_fn(ctx, scheme, &setter));
        let vars = scheme_vars(ctx, scheme);
        let (key, method) = (scheme.key.as_str(), scheme.setter.as_str());
        out.defaults.push(quote! {
            config.describe_credential(::linkgen_runtime::CredentialName::new(#key, #method, &[#(#vars),*]));
        });
        out.reads.push(match scheme.kind {
            SecurityKind::Basic => {
                let (user, password) = (&vars[0], &vars[1]);
                quote! {
                    if let (Some(username), Some(password)) = (var(#user), var(#password)) {
                        self = self.#setter(username, password);
                    }
                }
            }
            _ => {
                let name = &vars[0];
                quote! {
                    if let Some(value) = var(#name) {
                        self = self.#setter(value);
                    }
                }
            }
        });
    }
    Ok(out)
}

/// A scheme's builder setter, and the scheme's pointer (where an invalid
/// name is reported).
pub(crate) fn setter_ident(
    ctx: &Ctx<'_>,
    scheme: &SecurityScheme,
) -> Result<(proc_macro2::Ident, String)> {
    let pointer = crate::pointer::join_all("", &["components", "securitySchemes", &scheme.key]);
    let setter = ident(
        ctx,
        &scheme.setter,
        Case::Snake,
        "security setter",
        &pointer,
    )?;
    Ok((setter, pointer))
}

/// `require_credentials`, when some operation names credentials: the
/// operations' security alternatives, each under its operation's feature.
pub(crate) fn require_fn(ctx: &Ctx<'_>) -> TokenStream {
    let pushes: Vec<TokenStream> = (ctx.api.operations.iter())
        .filter_map(|op| {
            let alternatives = calls::security_alternatives(op)?;
            let cfg = gate::operation(op);
            let name = op.method_name.as_str();
            Some(quote!(#cfg (#name, #alternatives)))
        })
        .collect();
    if pushes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// Makes [`build`](Self::build) fail with [`BuildError::MissingCredentials`](crate::BuildError::MissingCredentials), naming each operation and the setters (and environment variables) it lacks, unless every operation can be called with the credentials set by then. An operation's anonymous alternative does not count: a service meant to authenticate fails at start-up rather than at its first call, or by sending requests without credentials.
        pub fn require_credentials(mut self) -> Self {
            const OPERATIONS: &[::linkgen_runtime::OperationSecurity] = &[#(#pushes),*];
            self.config.require_credentials(OPERATIONS);
            self
        }
    }
}

pub(crate) fn setter_fn(
    ctx: &Ctx<'_>,
    scheme: &SecurityScheme,
    setter: &proc_macro2::Ident,
) -> TokenStream {
    let key = scheme.key.as_str();
    let vars: Vec<String> = scheme_vars(ctx, scheme)
        .iter()
        .map(|v| docs::code(v))
        .collect();
    let (what, credential) = match &scheme.kind {
        SecurityKind::ApiKeyHeader { name } => (
            format!("the {} header", docs::code(name)),
            quote!(::linkgen_runtime::Credential::header(#name, #setter)),
        ),
        SecurityKind::ApiKeyQuery { name } => (
            format!("the {} query parameter", docs::code(name)),
            quote!(::linkgen_runtime::Credential::query(#name, #setter)),
        ),
        SecurityKind::ApiKeyCookie { name } => (
            format!("the {} cookie", docs::code(name)),
            quote!(::linkgen_runtime::Credential::cookie(#name, #setter)),
        ),
        SecurityKind::Bearer => (
            "an `Authorization: Bearer` header".to_string(),
            quote!(::linkgen_runtime::Credential::bearer(#setter)),
        ),
        SecurityKind::Basic => (
            "an `Authorization: Basic` header".to_string(),
            quote!(::linkgen_runtime::Credential::basic(username, password)),
        ),
    };
    let doc = Doc::new()
        .line(format!(
            "Sets the credential of the {} security scheme, sent as {what}.",
            docs::code(key)
        ))
        .spec(scheme.description.as_deref())
        .line(format!(
            "Read from {} by [`from_env`](Self::from_env).",
            vars.join(" and ")
        ))
        .outer();
    let head = setter_signature(scheme, setter).tokens();
    quote! {
        #doc
        pub fn #setter #head {
            self.config.credential(#key, #credential);
            self
        }
    }
}

/// `(mut self, key: impl Into<Secret>) -> Self`; a `Basic` scheme takes a
/// user name and a password.
pub(crate) fn setter_signature(scheme: &SecurityScheme, setter: &proc_macro2::Ident) -> Signature {
    let into = |ty| RustType::Impl(TypePath::new(Root::Bare, "Into"), vec![ty]);
    let secret = into(RustType::path(Root::Global, "linkgen_runtime::Secret"));
    let args = match scheme.kind {
        SecurityKind::Basic => vec![
            Arg {
                name: format_ident!("username"),
                ty: into(RustType::path(Root::Bare, "String")),
            },
            Arg {
                name: format_ident!("password"),
                ty: secret,
            },
        ],
        _ => vec![Arg {
            name: setter.clone(),
            ty: secret,
        }],
    };
    Signature {
        receiver: Receiver::MutValue,
        args,
        output: RustType::path(Root::Bare, "Self"),
    }
}
