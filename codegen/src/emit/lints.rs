//! Lint allows that depend on the finished shape of an item rather than on
//! one IR node, added to each top-level item just before it is printed.
//!
//! * `clippy::type_complexity`: a spec can nest arrays and maps as deep as
//!   it likes (`Option<Vec<Vec<Vec<…>>>>`); the generated type is what the
//!   spec says, so a field or signature whose type scores above clippy's
//!   threshold gets an allow on its struct, enum or function.
//! * `clippy::disallowed_names`: a spec may name a parameter `foo`; the
//!   function taking it gets an allow rather than a renamed argument.

use quote::quote;
use syn::{
    Fields, FnArg, GenericArgument, ImplItem, Item, Pat, PathArguments, ReturnType, Signature,
    Type, TypeParamBound,
};

use super::allow;

/// Clippy's default `type-complexity-threshold`: a type scoring more is linted.
const TYPE_COMPLEXITY_THRESHOLD: u64 = 250;

/// Clippy's default `disallowed-names`.
const DISALLOWED_NAMES: &[&str] = &["foo", "baz", "quux"];

/// Clippy's default `too-many-arguments-threshold`: a function taking more
/// is linted.
const TOO_MANY_ARGUMENTS: usize = 7;

/// The allow for `clippy::too_many_arguments` on a function taking `count`
/// arguments (its receiver included), when it needs one.
pub(crate) fn too_many_arguments(count: usize, reason: &str) -> proc_macro2::TokenStream {
    if count > TOO_MANY_ARGUMENTS {
        allow(quote!(clippy::too_many_arguments), reason)
    } else {
        proc_macro2::TokenStream::new()
    }
}

/// Adds the allows `item` needs.
pub(crate) fn apply(item: &mut Item) {
    match item {
        Item::Struct(s) if fields_complex(&s.fields) => s.attrs.push(complexity_allow()),
        Item::Enum(e) if e.variants.iter().any(|v| fields_complex(&v.fields)) => {
            e.attrs.push(complexity_allow());
        }
        Item::Fn(f) => signature(&f.sig, &mut f.attrs),
        // Clippy does not look at the methods of trait impls: their
        // signatures are the trait's.
        Item::Impl(block) if block.trait_.is_none() => {
            for member in &mut block.items {
                if let ImplItem::Fn(f) = member {
                    signature(&f.sig, &mut f.attrs);
                }
            }
        }
        _ => {}
    }
}

fn signature(sig: &Signature, attrs: &mut Vec<syn::Attribute>) {
    let mut complex = match &sig.output {
        ReturnType::Type(_, ty) => too_complex(ty),
        ReturnType::Default => false,
    };
    let mut disallowed = false;
    for input in &sig.inputs {
        if let FnArg::Typed(arg) = input {
            complex |= too_complex(&arg.ty);
            disallowed |= matches!(&*arg.pat, Pat::Ident(p)
                if DISALLOWED_NAMES.iter().any(|name| p.ident == name));
        }
    }
    if complex {
        attrs.push(complexity_allow());
    }
    if disallowed {
        attrs.push(syn::parse_quote!(#[allow(
            clippy::disallowed_names,
            reason = "the spec names this parameter so"
        )]));
    }
}

fn fields_complex(fields: &Fields) -> bool {
    fields.iter().any(|f| too_complex(&f.ty))
}

fn too_complex(ty: &Type) -> bool {
    complexity(ty, 1) > TYPE_COMPLEXITY_THRESHOLD
}

fn complexity_allow() -> syn::Attribute {
    let tokens = allow(
        quote!(clippy::type_complexity),
        "the spec nests these types; an alias would only move the nesting",
    );
    syn::parse_quote!(#tokens)
}

/// Clippy's score of a type: 10 × the nesting level for each path, tuple,
/// slice or array, 1 for a reference, pointer or `_`. `impl Trait` is
/// scored like a path with the trait's arguments inside, which can only
/// overestimate (clippy sees a generic parameter there): an extra allow is
/// harmless, a missing one is a warning.
pub(crate) fn complexity(ty: &Type, nest: u64) -> u64 {
    match ty {
        Type::Path(p) => {
            let mut score = 10 * nest;
            if let Some(q) = &p.qself {
                score += complexity(&q.ty, nest + 1);
            }
            for segment in &p.path.segments {
                score += arguments(&segment.arguments, nest + 1);
            }
            score
        }
        Type::Tuple(t) => 10 * nest + t.elems.iter().map(|e| complexity(e, nest + 1)).sum::<u64>(),
        Type::Slice(s) => 10 * nest + complexity(&s.elem, nest + 1),
        Type::Array(a) => 10 * nest + complexity(&a.elem, nest + 1),
        Type::Reference(r) => 1 + complexity(&r.elem, nest),
        Type::Ptr(p) => 1 + complexity(&p.elem, nest),
        Type::Infer(_) => 1,
        Type::Paren(p) => complexity(&p.elem, nest),
        Type::Group(g) => complexity(&g.elem, nest),
        Type::ImplTrait(t) => {
            10 * nest
                + t.bounds
                    .iter()
                    .map(|b| match b {
                        TypeParamBound::Trait(t) => t
                            .path
                            .segments
                            .iter()
                            .map(|s| arguments(&s.arguments, nest + 1))
                            .sum(),
                        _ => 0,
                    })
                    .sum::<u64>()
        }
        _ => 0,
    }
}

fn arguments(args: &PathArguments, nest: u64) -> u64 {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .map(|arg| match arg {
                GenericArgument::Type(t) => complexity(t, nest),
                GenericArgument::AssocType(a) => complexity(&a.ty, nest),
                _ => 0,
            })
            .sum(),
        PathArguments::Parenthesized(p) => {
            let output = match &p.output {
                ReturnType::Type(_, t) => complexity(t, nest),
                ReturnType::Default => 0,
            };
            p.inputs
                .iter()
                .map(|a| complexity(&a.ty, nest))
                .sum::<u64>()
                + output
        }
        PathArguments::None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(ty: &str) -> u64 {
        complexity(&syn::parse_str(ty).expect("a type"), 1)
    }

    #[test]
    fn scores_follow_clippy() {
        assert_eq!(score("String"), 10);
        assert_eq!(score("Option<String>"), 30);
        assert_eq!(score("&str"), 11);
        assert_eq!(score("(String, u8)"), 50);
        // Six levels: 10 + 20 + … + 60 = 210, under the threshold; seven
        // levels: 280, over it.
        assert_eq!(score("Option<Vec<Vec<Vec<Vec<String>>>>>"), 210);
        assert_eq!(score("Option<Vec<Vec<Vec<Vec<Vec<String>>>>>>"), 280);
        assert_eq!(
            score("::std::collections::BTreeMap<String, Vec<u8>>"),
            10 + 20 + 20 + 30
        );
    }

    /// The lints `apply` allows on `item` (or on its first method).
    fn allows(item: &str) -> Vec<String> {
        let mut item: Item = syn::parse_str(item).expect("an item");
        apply(&mut item);
        let attrs: &[syn::Attribute] = match &item {
            Item::Struct(s) => &s.attrs,
            Item::Enum(e) => &e.attrs,
            Item::Fn(f) => &f.attrs,
            Item::Impl(i) => match i.items.first() {
                Some(ImplItem::Fn(f)) => &f.attrs,
                _ => &[],
            },
            _ => &[],
        };
        attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::List(list) => list
                    .tokens
                    .to_string()
                    .split(',')
                    .next()
                    .map(|lint| lint.replace(' ', "")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn deep_fields_and_signatures_get_the_complexity_allow() {
        let deep = "Option<Vec<Vec<Vec<Vec<Vec<Vec<Vec<String>>>>>>>>";
        assert_eq!(
            allows(&format!("struct S {{ pub arr: {deep} }}")),
            ["clippy::type_complexity"]
        );
        assert_eq!(
            allows(&format!("enum E {{ A({deep}) }}")),
            ["clippy::type_complexity"]
        );
        assert_eq!(
            allows(&format!(
                "impl S {{ fn f(&self) -> Result<{deep}, E> {{ todo!() }} }}"
            )),
            ["clippy::type_complexity"]
        );
        assert!(allows("struct S { pub arr: Option<Vec<Vec<String>>> }").is_empty());
        // Trait impls are the trait's business.
        assert!(allows(&format!(
            "impl T for S {{ fn f(&self) -> {deep} {{ todo!() }} }}"
        ))
        .is_empty());
    }

    #[test]
    fn placeholder_parameter_names_get_the_disallowed_names_allow() {
        assert_eq!(
            allows("impl Client { pub async fn get(&self, foo: &str, bar: &str) {} }"),
            ["clippy::disallowed_names"]
        );
        assert_eq!(
            allows("impl S { pub fn new(quux: impl Into<String>) -> Self { todo!() } }"),
            ["clippy::disallowed_names"]
        );
        assert!(allows("impl S { pub fn new(food: String) -> Self { todo!() } }").is_empty());
    }
}
