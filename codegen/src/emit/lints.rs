//! The lints a generated crate allows, crate-wide, each with its reason.
//!
//! Clippy's style lints judge shapes the spec decides: how many required
//! parameters an operation has, how deep it nests arrays and maps, what its
//! variants are called, how large one body is next to another. Renaming or
//! boxing to please them would make the crate say something other than the
//! spec, so the crate allows them once at its root, with the reason (the
//! way smithy-rs's generated crates do), instead of predicting per item
//! where each would fire: a prediction that misses is a warning in every
//! consumer's `clippy -D warnings` build of the crate, an allow that is
//! not needed costs nothing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Each allowed clippy lint and why the crate allows it.
pub(crate) const CRATE_ALLOWS: &[(&str, &str)] = &[
    (
        "too_many_arguments",
        "a method or constructor takes one argument per required parameter or field of the spec",
    ),
    (
        "type_complexity",
        "the spec nests these types; an alias would only move the nesting",
    ),
    ("enum_variant_names", "variant names come from the spec"),
    (
        "large_enum_variant",
        "variants hold the spec's types as they are; boxing them would burden every match",
    ),
    ("disallowed_names", "the spec names these parameters so"),
];

/// The `#![allow(clippy::…, reason = "…")]` attributes of `src/lib.rs`.
pub(crate) fn crate_allows() -> TokenStream {
    let allows = CRATE_ALLOWS.iter().map(|(lint, reason)| {
        let lint = format_ident!("{lint}");
        quote!(#![allow(clippy::#lint, reason = #reason)])
    });
    quote!(#(#allows)*)
}
