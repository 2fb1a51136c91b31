//! The `#[cfg(feature = …)]` attributes of a gated crate, rendered from the
//! features `lower/features.rs` put in the IR: one per gated operation, one
//! `any(…)` per gated type, one for a shared item (an import) that only
//! gated operations use; and how they are put on every item of a part. A
//! documented item also carries the docs.rs badge naming its feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::Operation;
use crate::Result;

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`;
/// nothing for no features (always compiled).
pub(crate) fn cfg<S: AsRef<str>>(features: &[S]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => {
            let one = one.as_ref();
            quote!(#[cfg(feature = #one)])
        }
        many => {
            let many = many.iter().map(AsRef::as_ref);
            quote!(#[cfg(any(#(feature = #many),*))])
        }
    }
}

/// [`cfg`] and, for docs.rs (which builds with `--cfg docsrs` and every
/// feature), `#[cfg_attr(docsrs, doc(cfg(…)))]`: the badge naming the feature
/// that enables a documented item. Nothing for no features.
pub(crate) fn documented<S: AsRef<str>>(features: &[S]) -> TokenStream {
    let cfg = cfg(features);
    let badge = match features {
        [] => return cfg,
        [one] => {
            let one = one.as_ref();
            quote!(#[cfg_attr(docsrs, doc(cfg(feature = #one)))])
        }
        many => {
            let many = many.iter().map(AsRef::as_ref);
            quote!(#[cfg_attr(docsrs, doc(cfg(any(#(feature = #many),*))))])
        }
    };
    quote!(#cfg #badge)
}

/// The `cfg` of an operation's items, with its docs badge.
pub(crate) fn operation(op: &Operation) -> TokenStream {
    documented(op.feature.as_slice())
}

/// The `cfg` of something the operations `users` need, when there is one
/// (`None`): nothing when an ungated one needs it, else any of theirs.
pub(crate) fn needed_by<'a>(users: impl IntoIterator<Item = &'a Operation>) -> Option<TokenStream> {
    let mut features: Vec<&str> = Vec::new();
    let mut any = false;
    for op in users {
        any = true;
        match &op.feature {
            None => return Some(TokenStream::new()),
            Some(feature) => features.push(feature),
        }
    }
    features.sort_unstable();
    features.dedup();
    any.then(|| cfg(&features))
}

/// `items` with `cfg` (from [`cfg`] or [`documented`]) put first on each
/// top-level item (the type, each of its impls, each macro invocation), so
/// none of them outlives the type when its features are off. Unchanged when
/// `cfg` is empty.
pub(crate) fn items(
    ctx: &Ctx<'_>,
    cfg: &TokenStream,
    items: TokenStream,
    pointer: &str,
) -> Result<TokenStream> {
    if cfg.is_empty() {
        return Ok(items);
    }
    let file: syn::File = syn::parse2(items).map_err(|e| {
        ctx.unsupported(
            pointer,
            format!("internal: emitted items do not parse: {e}"),
        )
    })?;
    // Parsed per item: syn's `Attribute` is not `Clone` in this build.
    let attrs = || {
        syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone())
            .map_err(|e| ctx.unsupported(pointer, format!("internal: cfg does not parse: {e}")))
    };
    let mut out = TokenStream::new();
    for mut item in file.items {
        let mut gate = attrs()?;
        // A macro invocation or an import has no docs page: the badge
        // would be an unused attribute there.
        if matches!(item, syn::Item::Macro(_) | syn::Item::Use(_)) {
            gate.retain(|a| a.path().is_ident("cfg"));
        }
        let own = item_attrs(&mut item).ok_or_else(|| {
            ctx.unsupported(pointer, "internal: an emitted item that takes no `cfg`")
        })?;
        own.splice(0..0, gate);
        out.extend(quote!(#item));
    }
    Ok(out)
}

/// The attributes of an item, for the kinds the emitter writes.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Macro(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Static(i) => Some(&mut i.attrs),
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Trait(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Union(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        _ => None,
    }
}
