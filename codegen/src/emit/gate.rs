//! The `#[cfg(feature = …)]` attributes of a gated crate, rendered from the
//! features `lower/features.rs` put in the IR: one per gated operation, one
//! `any(…)` per gated type, one for a shared item (an import) that only
//! gated operations use; and how they are put on every item of a part. A
//! documented item also carries the docs.rs badge naming its feature.

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::plan::{Attr, Code, Meta, Piece};

use crate::ir::Operation;

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`;
/// nothing for no features (always compiled).
pub(crate) fn cfg<S: AsRef<str>>(features: &[S]) -> TokenStream {
    cfg_attr(features).into_token_stream()
}

/// [`cfg`], typed.
fn cfg_attr<S: AsRef<str>>(features: &[S]) -> Option<Attr> {
    let condition = condition(features)?;
    Some(Attr::list("cfg", vec![condition]))
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")`.
fn condition<S: AsRef<str>>(features: &[S]) -> Option<Meta> {
    let feature = |name: &S| Meta::name_value("feature", name.as_ref());
    match features {
        [] => None,
        [one] => Some(feature(one)),
        many => Some(Meta::list("any", many.iter().map(feature).collect())),
    }
}

/// [`cfg`] and, for docs.rs (which builds with `--cfg docsrs` and every
/// feature), `#[cfg_attr(docsrs, doc(cfg(…)))]`: the badge naming the feature
/// that enables a documented item. Nothing for no features.
pub(crate) fn documented<S: AsRef<str>>(features: &[S]) -> TokenStream {
    documented_attrs(features)
        .iter()
        .map(ToTokens::to_token_stream)
        .collect()
}

/// [`documented`], typed.
fn documented_attrs<S: AsRef<str>>(features: &[S]) -> Vec<Attr> {
    let Some(condition) = condition(features) else {
        return Vec::new();
    };
    let badge = Meta::list("doc", vec![Meta::list("cfg", vec![condition.clone()])]);
    vec![
        Attr::list("cfg", vec![condition]),
        Attr::list("cfg_attr", vec![Meta::path("docsrs"), badge]),
    ]
}

/// The `cfg` of an operation's items, with its docs badge.
pub(crate) fn operation(op: &Operation) -> TokenStream {
    documented(op.feature.as_slice())
}

/// The features under which something the operations `users` need is
/// compiled, when one needs it (`None`): none (always) when an ungated one
/// does, else any of theirs, sorted. Rendered by [`cfg`].
pub(crate) fn needed_by<'a>(
    users: impl IntoIterator<Item = &'a Operation>,
) -> Option<Vec<&'a str>> {
    let mut features: Vec<&str> = Vec::new();
    let mut any = false;
    for op in users {
        any = true;
        match &op.feature {
            None => return Some(Vec::new()),
            Some(feature) => features.push(feature),
        }
    }
    features.sort_unstable();
    features.dedup();
    any.then_some(features)
}

/// `items` with the `cfg` of `features` put first on each top-level item
/// (the type, each of its impls, each macro invocation), so none of them
/// outlives the type when its features are off, and with the docs.rs badge
/// ([`documented`]) on each but a macro invocation or an import, which has
/// no docs page (the badge would be an unused attribute there). Unchanged
/// for no features.
pub(crate) fn items<S: AsRef<str>>(features: &[S], items: TokenStream) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let (plain, badged) = (cfg(features), documented(features));
    let mut out = TokenStream::new();
    for item in super::items::split(items) {
        let gate = if item.documented { &badged } else { &plain };
        out.extend(gate.clone());
        out.extend(item.tokens);
    }
    out
}

/// [`items`] for a file's pieces: a printed item gets the attributes
/// printed.
pub(crate) fn code<S: AsRef<str>>(features: &[S], code: Code) -> Code {
    if features.is_empty() {
        return code;
    }
    let mut out = Code::default();
    for piece in code.pieces {
        out.push(match piece {
            Piece::Tokens(tokens) => Piece::Tokens(items(features, tokens)),
            Piece::Impl { tokens, members } => Piece::Impl {
                tokens: items(features, tokens),
                members,
            },
            Piece::Text { text, documented } => {
                let attrs = match documented {
                    true => documented_attrs(features),
                    false => cfg_attr(features).into_iter().collect(),
                };
                let mut gated = String::with_capacity(text.len() + 256);
                for attr in &attrs {
                    attr.print(0, &mut gated);
                }
                gated.push_str(&text);
                Piece::Text {
                    text: gated,
                    documented,
                }
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn each_item_gets_the_cfg_and_only_documented_ones_the_badge() {
        let tokens = quote! {
            /// A pet.
            #[derive(Debug)]
            pub struct Pet { pub name: String }
            ::linkgen_runtime::deserialize_struct!(Pet { 0 name: String = "name" required, });
            impl Pet { pub fn new() -> Self { Self { name: String::new() } } }
            pub const DEFAULT: Pet = Pet { name: String::new() };
            pub struct Id(pub i64);
            use ::linkgen_runtime::Style;
        };
        let gated = items(&["pets"], tokens).to_string();
        let cfg = quote!(#[cfg(feature = "pets")]).to_string();
        let badge = quote!(#[cfg_attr(docsrs, doc(cfg(feature = "pets")))]).to_string();
        assert_eq!(gated.matches(&cfg).count(), 6, "{gated}");
        assert_eq!(gated.matches(&badge).count(), 4, "{gated}");
        let macro_at = gated
            .find(":: linkgen_runtime :: deserialize_struct")
            .unwrap();
        assert!(gated[..macro_at].trim_end().ends_with(&cfg), "{gated}");
        let use_at = gated.find("use :: linkgen_runtime :: Style").unwrap();
        assert!(gated[..use_at].trim_end().ends_with(&cfg), "{gated}");
    }
}
