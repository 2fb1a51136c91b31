//! IR → the files of a client crate.
//!
//! Every `.rs` file is built as one `TokenStream` with `quote!`, parsed into a
//! `syn::File` and printed by `prettyplease`; the "generated" header is added
//! as text afterwards. Output order is the IR's order (its `Vec`s and
//! `BTreeMap`s), so the same IR always gives the same bytes.
//!
//! The generated crate:
//!
//! | file | holds |
//! | --- | --- |
//! | `Cargo.toml` | the package, depending on `linkgen-runtime`, `serde`, `serde_json` (and `chrono` when a type needs it) |
//! | `README.md` | title, description, install snippet, a usage example (also the crate docs, so the example is a doctest), operations, environment variables |
//! | `API.md` | the public API, one line per item of the crate's [`Surface`] (`emit/surface.rs`) |
//! | `src/lib.rs` | crate docs, modules, re-exports, `Error<E>` |
//! | `src/client.rs` | `Environment`, `ClientBuilder`, `Client` and one `async fn` per operation (`emit/client.rs`, `emit/calls.rs`) |
//! | `src/operations.rs` | per operation: parameters struct, error enum, success enum (`emit/operations.rs`) |
//! | `src/testing.rs` | feature `test-util`: the typed fake, `Fake` and per operation `{Op}Fake`, `{Op}Sent` (`emit/testing.rs`) |
//! | `src/types.rs` | every `ir::TypeDef` (`emit/types.rs`, `emit/enums.rs`) |
//!
//! The emitter makes no naming decisions beyond its fixed names (`Client`,
//! `ClientBuilder`, `Environment`, `Unknown`, `additional_properties`, the
//! `params`/`body` arguments, every struct's `new`, and the builder and
//! client methods listed in `emit/client.rs`; setter names come from the IR,
//! chosen by `naming::setter_idents`); an IR name that is not a valid identifier, or that
//! collides, is an [`Error::Unsupported`], never a panic.

mod bodies;
mod call_docs;
mod calls;
mod client;
mod client_raw;
mod constructor;
mod credentials;
mod docs;
mod driver;
mod enums;
mod env;
mod environment;
mod errors;
mod example;
mod format;
mod forms;
mod gate;
mod headers;
mod idents;
mod inline;
mod items;
mod lints;
mod manifest;
mod operations;
mod paging;
mod readme_sections;
mod surface;
mod surface_ops;
mod surface_wire;
mod testing;
mod type_role;
mod types;
mod tyref;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::plan::{Attr, Code, Meta, Root, TypePath};
use crate::surface::Surface;
use crate::{ir, Error, Location, Result};

/// What the emitted crate is called and how it finds the runtime.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// Package name (`plaid-client`).
    pub crate_name: String,
    /// Package version.
    pub version: String,
    /// Package description; defaults to one built from the API title.
    pub description: Option<String>,
    /// The TOML value of the runtime dependency, e.g.
    /// `{ path = "../../runtime" }` or `"0.1"`.
    pub runtime_dependency: String,
    /// Prefix of the environment variables `from_env()` reads (`PLAID`).
    pub env_prefix: String,
    /// Add an empty `[workspace]` table so the crate builds wherever it lands.
    pub standalone: bool,
    /// The spec file the crate was generated from, for the header comment.
    pub spec_file: String,
    /// Headers the client sends with every request, as `(name, value)`
    /// (Plaid pins its API version with `Plaid-Version`).
    pub default_headers: Vec<(String, String)>,
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root (`src/types.rs`).
    pub path: PathBuf,
    /// Full contents.
    pub contents: String,
}

/// Renders the crate: `Cargo.toml`, `README.md`, `API.md`, `src/lib.rs`,
/// `src/client.rs`, `src/operations.rs`, `src/testing.rs` and
/// `src/types.rs`, in that order.
///
/// # Errors
///
/// [`Error::Unsupported`] when the IR holds something the emitter cannot
/// turn into code that compiles cleanly (a name that is not an identifier,
/// a duplicate name, a type that contains itself without a box, an
/// operation [`ir::Api::validate`] refuses…), located at the IR node's
/// JSON pointer.
pub fn emit(api: &ir::Api, options: &CrateOptions) -> Result<Vec<GeneratedFile>> {
    Ok(emit_with_surface(api, options)?.0)
}

/// [`emit`], and the crate's public API as a [`Surface`] (which `API.md`
/// lists), from the same emitter context.
///
/// `src/types.rs` and `src/testing.rs` (about half of the work on large
/// specs) are emitted and formatted on a second thread while this one does
/// the other files; each thread has its own `Ctx` and the parts are pure
/// functions of the IR, so the bytes are those of [`emit_tokens`] followed
/// by [`Emitted::format`].
///
/// # Errors
///
/// As [`emit`]; also [`Error::Unsupported`] when two public items would
/// share a path. When several parts fail, the error is `src/types.rs`'s,
/// else the one the other files meet first, else `src/testing.rs`'s (which
/// names nothing the client and operations do not name first).
pub fn emit_with_surface(
    api: &ir::Api,
    options: &CrateOptions,
) -> Result<(Vec<GeneratedFile>, Surface)> {
    validated(api, options)?;
    tyref::check_recursion(&Ctx::new(api, options))?;
    let second = || {
        let ctx = Ctx::new(api, options);
        let types = format::render(options, types::file(&ctx)?, TYPES_RS);
        let testing = || format::render(options, testing::file(&ctx)?.into(), TESTING_RS);
        Ok::<_, Error>((types?, testing()))
    };
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("linkgen-types".to_string())
            .stack_size(crate::load::STACK_SIZE)
            .spawn_scoped(scope, second);
        let ctx = Ctx::new(api, options);
        let rest = others(&ctx, false).and_then(Emitted::format);
        let (types, testing) = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No second thread to be had: the same work, here.
            Err(_) => second(),
        }?;
        let (mut files, surface) = rest?;
        for (path, contents) in [(TESTING_RS, testing?), (TYPES_RS, types)] {
            files.push(GeneratedFile {
                path: PathBuf::from(path),
                contents,
            });
        }
        Ok((files, surface))
    })
}

const TYPES_RS: &str = "src/types.rs";
const TESTING_RS: &str = "src/testing.rs";

/// [`ir::Api::validate`], located in the spec file by pointer only: `lower`
/// validated what it built, but an `Api` built by hand was not.
fn validated(api: &ir::Api, options: &CrateOptions) -> Result<()> {
    api.validate(&crate::Document::from_value(
        &options.spec_file,
        serde_json::Value::Null,
    ))
}

/// A crate emitted but not formatted yet: the token streams of its `.rs`
/// files, its other files as text, and its [`Surface`]. The two halves of
/// [`emit_with_surface`], apart so that each can be timed
/// (`cargo xtask bench`).
pub struct Emitted<'a> {
    options: &'a CrateOptions,
    /// Files that need no formatting, in output order.
    text: Vec<GeneratedFile>,
    /// The `.rs` files after them, in output order.
    rust: Vec<(&'static str, Code)>,
    surface: Surface,
}

/// The emit stage alone: every file of the crate, the `.rs` files as tokens.
///
/// # Errors
///
/// As [`emit_with_surface`].
pub fn emit_tokens<'a>(api: &'a ir::Api, options: &'a CrateOptions) -> Result<Emitted<'a>> {
    validated(api, options)?;
    let ctx = Ctx::new(api, options);
    tyref::check_recursion(&ctx)?;
    let types = types::file(&ctx)?;
    let mut emitted = others(&ctx, true)?;
    emitted.rust.push((TYPES_RS, types));
    Ok(emitted)
}

/// Every part but `src/types.rs`, and but `src/testing.rs` unless
/// `with_testing`.
fn others<'a>(ctx: &Ctx<'a>, with_testing: bool) -> Result<Emitted<'a>> {
    let operations = operations::file(ctx)?;
    let client = client::file(ctx)?;
    let testing = with_testing.then(|| testing::file(ctx)).transpose()?;
    let lib = lib_file(ctx);
    let readme = manifest::readme(ctx)?;
    let cargo = manifest::cargo_toml(ctx)?;
    let surface = surface::surface(ctx)?;
    let api_md = surface::api_md(ctx, &surface);
    let file = |path: &str, contents: String| GeneratedFile {
        path: PathBuf::from(path),
        contents,
    };
    Ok(Emitted {
        options: ctx.options,
        text: vec![
            file("Cargo.toml", cargo),
            file("README.md", readme),
            file("API.md", api_md),
        ],
        rust: [
            ("src/lib.rs", Some(lib.into())),
            ("src/client.rs", Some(client.into())),
            ("src/operations.rs", Some(operations)),
            (TESTING_RS, testing.map(Code::from)),
        ]
        .into_iter()
        .filter_map(|(path, code)| Some((path, code?)))
        .collect(),
        surface,
    })
}

impl Emitted<'_> {
    /// The format stage: each `.rs` file's tokens parsed and printed
    /// (`emit/format.rs`); the files in the order of [`emit`].
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] when the emitter's own tokens do not parse
    /// (an internal error).
    pub fn format(self) -> Result<(Vec<GeneratedFile>, Surface)> {
        let mut files = self.text;
        for (path, code) in self.rust {
            files.push(GeneratedFile {
                path: PathBuf::from(path),
                contents: format::render(self.options, code, path)?,
            });
        }
        Ok((files, self.surface))
    }
}

/// Names of the standard prelude that generated code writes unqualified
/// unless the crate defines a type of the same name.
const PRELUDE: &[&str] = &[
    "String", "Option", "Some", "None", "Vec", "Box", "Result", "Ok", "Err", "Into",
];

/// What every part of the emitter needs: the IR, the options, and a few
/// facts computed once.
pub(crate) struct Ctx<'a> {
    pub(crate) api: &'a ir::Api,
    pub(crate) options: &'a CrateOptions,
    /// Prelude names the crate shadows (then written with full paths).
    shadowed: BTreeSet<&'static str>,
    /// What each type that is a whole body is, for its doc
    /// (`type_role::body_roles`, built on first use).
    pub(crate) body_roles: std::cell::OnceCell<BTreeMap<ir::TypeId, String>>,
}

impl<'a> Ctx<'a> {
    fn new(api: &'a ir::Api, options: &'a CrateOptions) -> Self {
        let mut defined: BTreeSet<&str> = api.types.values().map(|d| d.name.as_str()).collect();
        for op in &api.operations {
            defined.insert(&op.error_type);
            defined.insert(&op.call_type);
            defined.extend(op.success_type.as_deref());
        }
        let shadowed = PRELUDE
            .iter()
            .copied()
            .filter(|name| defined.contains(name))
            .collect();
        Ctx {
            api,
            options,
            shadowed,
            body_roles: std::cell::OnceCell::new(),
        }
    }

    /// An [`Error::Unsupported`] at `pointer` of the spec.
    pub(crate) fn unsupported(&self, pointer: &str, message: impl Into<String>) -> Error {
        unsupported(self.options, pointer, message)
    }

    /// The definition of a type id, or an error at `pointer` (the user).
    pub(crate) fn typedef(&self, id: ir::TypeId, pointer: &str) -> Result<&'a ir::TypeDef> {
        self.api.types.get(&id).ok_or_else(|| {
            self.unsupported(pointer, format!("reference to unknown type id {}", id.0))
        })
    }

    /// A prelude name (`String`, `Option`, `Some`…), fully qualified when
    /// the crate shadows it.
    pub(crate) fn prelude(&self, name: &'static str) -> TokenStream {
        self.prelude_path(name).into_token_stream()
    }

    /// [`Ctx::prelude`] as a path of the plan.
    pub(crate) fn prelude_path(&self, name: &'static str) -> TypePath {
        if !self.shadowed.contains(name) {
            return TypePath::new(Root::Bare, name);
        }
        let full = match name {
            "String" => "std::string::String",
            "Option" => "std::option::Option",
            "Some" => "std::option::Option::Some",
            "None" => "std::option::Option::None",
            "Vec" => "std::vec::Vec",
            "Box" => "std::boxed::Box",
            "Result" => "std::result::Result",
            "Ok" => "std::result::Result::Ok",
            "Err" => "std::result::Result::Err",
            _ => "std::convert::Into",
        };
        TypePath::new(Root::Global, full)
    }
}

/// The `main.rs` of the wire driver of `cargo xtask corpus --wire`
/// (`driver.rs`): a binary that calls every operation of the crate
/// [`emit`] writes for `api` once and prints each outcome as a JSON line.
/// Not part of the crate: only the corpus command writes it.
///
/// # Errors
///
/// As [`emit`].
pub fn driver_main(api: &ir::Api, options: &CrateOptions) -> Result<String> {
    validated(api, options)?;
    driver::main_rs(&Ctx::new(api, options))
}

/// An [`Error::Unsupported`] at `pointer` of the spec the options name.
fn unsupported(options: &CrateOptions, pointer: &str, message: impl Into<String>) -> Error {
    Error::Unsupported {
        location: Location {
            file: PathBuf::from(&options.spec_file),
            pointer: pointer.to_string(),
            line_col: None,
        },
        message: message.into(),
    }
}

/// The allow a generated item needs when it uses something the spec deprecates.
pub(crate) fn allow_deprecated(needed: bool) -> Option<Attr> {
    needed.then(|| {
        Attr::list(
            "allow",
            vec![
                Meta::path("deprecated"),
                Meta::name_value("reason", "the spec deprecates a type or field used here"),
            ],
        )
    })
}

/// `#[deprecated]` (with the IR's note when it has one), or nothing.
pub(crate) fn deprecated_attr(deprecation: Option<&ir::Deprecation>) -> Option<Attr> {
    let ir::Deprecation { note } = deprecation?;
    Some(match note {
        Some(note) => Attr::list("deprecated", vec![Meta::name_value("note", note.as_str())]),
        None => Attr::path("deprecated"),
    })
}

/// `src/lib.rs`.
fn lib_file(ctx: &Ctx<'_>) -> TokenStream {
    let environment = if ctx.api.servers.is_empty() {
        TokenStream::new()
    } else {
        quote!(, Environment)
    };
    let allows = lints::crate_allows();
    let error_doc = docs::Doc::new()
        .line("The error of every operation of this crate.")
        .line(
            "`E` is the operation's enum of documented error responses (in [`operations`]); \
             [`Error::Api`] holds it with the status, headers and raw body, and the other \
             variants say whether the request was sent at all. [`ErrorSummary`] gives the \
             provider's code and message of any crate's error.",
        )
        .outer();
    quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #allows

        mod client;
        pub mod operations;
        #[cfg(feature = "test-util")]
        pub mod testing;
        pub mod types;

        pub use client::{Client, ClientBuilder #environment};
        pub use linkgen_runtime;
        pub use linkgen_runtime::{
            ApiError, BuildError, Call, DecodeError, ErrorSummary, MissingCredentials, RawCall, RawError,
            RawResponse, ResponseMetadata, RetryPolicy, Secret, SharedConfig, TooLarge, Uncallable, UnknownValue, WithHeaders,
            WithMetadata,
        };

        // A re-export, not an alias: rustdoc shows a re-exported type's
        // methods and resolves its docs' links, an alias's it does not.
        #error_doc
        pub use linkgen_runtime::Error;
    }
}
