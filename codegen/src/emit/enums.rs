//! The enum-like types of `src/types.rs`.
//!
//! Every one is `#[non_exhaustive]`, so a new value or alternative in the
//! spec is an additive change.
//!
//! * `StringEnum` → an enum of the known values plus
//!   `Unknown(linkgen_runtime::UnknownValue)` (opaque: compared through the
//!   enum's `as_str()`, never matched on), with hand-written
//!   `Serialize`/`Deserialize` (unknown values round-trip), `as_str()`,
//!   `Display`, `FromStr` and `From<&str>`;
//! * `IntEnum` → `pub struct Name(pub i64)` with one constant per known value
//!   and `new(i64)` (unknown values still decode);
//! * `Union` → an untagged enum (`Serialize` derived, `Deserialize` the
//!   runtime's `deserialize_untagged!`, which chooses the variant the value
//!   is, by the implicit tag the IR records if any), or, with a discriminator, an enum
//!   with hand-written serde impls that read the tag without consuming it (so
//!   variant structs that declare the tag property still decode) and add it
//!   when the variant's value lacks it.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{self, Doc};
use super::idents::{ident, Case, Scope};
use super::types::head;
use super::tyref::{self, Pos};
use super::{allow_deprecated, Ctx};
use crate::ir::{IntEnum, StringEnum, Tagging, TypeDef, Union};
use crate::plan::{Attr, Code, Enum, Meta, Piece, Root, RustType, Variant};
use crate::Result;

pub(crate) fn string_enum(ctx: &Ctx<'_>, def: &TypeDef, e: &StringEnum) -> Result<Code> {
    let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
    let string = ctx.prelude("String");
    let result = ctx.prelude("Result");
    let ok = ctx.prelude("Ok");
    let mut scope = Scope::with_reserved("enum variant", &["Unknown"]);
    let mut variants = Vec::new();
    let mut as_str_arms = Vec::new();
    let mut from_arms = Vec::new();
    let mut wires = BTreeSet::new();
    for variant in &e.variants {
        let v = ident(ctx, &variant.name, Case::Camel, "enum variant", &def.origin)?;
        scope.claim(ctx, &variant.name, &def.origin)?;
        let wire = variant.wire.as_str();
        let attrs = Doc::new()
            .spec(variant.doc.as_deref())
            .line(docs::code(wire))
            .attrs();
        variants.push(Variant {
            attrs,
            name: v.clone(),
            holds: None,
        });
        as_str_arms.push(quote!(Self::#v => #wire,));
        // A repeated value decodes as its first variant.
        if wires.insert(wire) {
            from_arms.push(quote!(#wire => Self::#v,));
        }
    }
    let head = head(ctx, def);
    let impl_allow = allow_deprecated(def.deprecated.is_some());
    let unknown_doc = Doc::new()
        .line("A value this version of the crate does not know, kept so that it is sent back unchanged.")
        .line("The value is opaque: compare with [`as_str()`](Self::as_str) \
               (`value.as_str() == \"new_value\"`) rather than matching on `Unknown`, \
               since a later version of the crate may make the value a variant of its own, \
               and an `Unknown` arm would then silently stop matching it.")
        .attrs();
    variants.push(Variant {
        attrs: unknown_doc,
        name: format_ident!("Unknown"),
        holds: Some(RustType::path(
            Root::Global,
            "linkgen_runtime::UnknownValue",
        )),
    });
    let mut attrs = head;
    attrs.extend([
        Attr::derive(&[
            "Debug",
            "Clone",
            "PartialEq",
            "Eq",
            "Hash",
            "PartialOrd",
            "Ord",
        ]),
        Attr::path("non_exhaustive"),
    ]);
    let mut code = Code::default();
    code.push(
        Enum {
            attrs,
            name: name.clone(),
            variants,
        }
        .piece(),
    );
    let as_str_body = if e.variants.is_empty() {
        quote! {
            let Self::Unknown(value) = self;
            value.__as_str()
        }
    } else {
        quote! {
            match self {
                #(#as_str_arms)*
                Self::Unknown(value) => value.__as_str(),
            }
        }
    };
    let from_body = if e.variants.is_empty() {
        quote!(Self::Unknown(::linkgen_runtime::UnknownValue::__new(value)))
    } else {
        quote! {
            match value {
                #(#from_arms)*
                other => Self::Unknown(::linkgen_runtime::UnknownValue::__new(other)),
            }
        }
    };
    code.tokens(quote! {
        #impl_allow
        impl #name {
            /// The value as sent on the wire, known or not: what to compare
            /// a value with that this version of the crate may not know.
            pub fn as_str(&self) -> &str {
                #as_str_body
            }
        }

        #impl_allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #impl_allow
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_body
            }
        }

        #impl_allow
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> #result<Self, Self::Err> {
                #ok(Self::from(value))
            }
        }

        #impl_allow
        impl ::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> #result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        #impl_allow
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                let value = <#string as ::serde::Deserialize>::deserialize(deserializer)?;
                #ok(Self::from(value.as_str()))
            }
        }
    });
    Ok(code)
}

pub(crate) fn int_enum(ctx: &Ctx<'_>, def: &TypeDef, e: &IntEnum) -> Result<TokenStream> {
    let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
    let mut scope = Scope::new("constant");
    let mut consts = Vec::new();
    for (constant, value) in &e.values {
        let c = ident(ctx, constant, Case::UpperSnake, "constant", &def.origin)?;
        scope.claim(ctx, constant, &def.origin)?;
        let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
        let literal = if *value < 0 {
            quote!(-#magnitude)
        } else {
            quote!(#magnitude)
        };
        let doc = Doc::new()
            .line(format!("The value {}.", docs::code(&value.to_string())))
            .outer();
        consts.push(quote! {
            #doc
            pub const #c: Self = Self(#literal);
        });
    }
    let head = head(ctx, def);
    let impl_allow = allow_deprecated(def.deprecated.is_some());
    let consts_impl = quote! {
        #impl_allow
        impl #name {
            #(#consts)*

            /// The value `value`, listed by the spec or not.
            pub const fn new(value: i64) -> Self {
                Self(value)
            }
        }
    };
    Ok(quote! {
        #(#head)*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        #[non_exhaustive]
        pub struct #name(
            /// The value on the wire; values the spec does not list are kept too.
            pub i64,
        );
        #consts_impl
    })
}

pub(crate) fn union(ctx: &Ctx<'_>, def: &TypeDef, u: &Union) -> Result<Code> {
    let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
    let mut scope = Scope::new("union variant");
    let mut variants = Vec::new();
    let mut idents = Vec::new();
    // `Variant(Type) ["tag", …],` lines, for `deserialize_untagged!`.
    let mut untagged_arms = String::new();
    for variant in &u.variants {
        let v = ident(
            ctx,
            &variant.name,
            Case::Camel,
            "union variant",
            &def.origin,
        )?;
        scope.claim(ctx, &variant.name, &def.origin)?;
        let is_boxed = variant.boxed && !tyref::is_heap(&variant.ty);
        let mut ty = tyref::rust(ctx, &variant.ty, Pos::Nested, &def.origin)?;
        if is_boxed {
            ty = ty.wrapped_in(ctx.prelude_path("Box"));
        }
        let doc = match u.tagging.property() {
            Some(property) if !variant.tags.is_empty() => {
                let tags: Vec<String> = variant.tags.iter().map(|t| docs::code(t)).collect();
                format!(
                    "Selected when {} is {}.",
                    docs::code(property),
                    tags.join(" or ")
                )
            }
            _ => format!("The {} alternative.", docs::code(&variant.name)),
        };
        let tags: Vec<String> = (variant.tags.iter())
            .map(|t| Literal::string(t).to_string())
            .collect();
        untagged_arms.push_str(&format!("    {v}({}) [{}],\n", ty.code(), tags.join(", ")));
        variants.push(Variant {
            attrs: Doc::new().line(doc).attrs(),
            name: v.clone(),
            holds: Some(ty),
        });
        idents.push((v, is_boxed));
    }
    let tagged = u.tagging.property().filter(|_| !u.variants.is_empty());
    let unknown = match (tagged, &u.tagging) {
        (Some(_), Tagging::Tagged { unknown, .. }) => {
            let v = ident(ctx, unknown, Case::Camel, "union variant", &def.origin)?;
            scope.claim(ctx, unknown, &def.origin)?;
            let attrs = Doc::new()
                .line("A variant this version of the crate does not know: the value as received, sent back unchanged.")
                .attrs();
            variants.push(Variant {
                attrs,
                name: v.clone(),
                holds: Some(RustType::path(Root::Global, "serde_json::Value")),
            });
            Some(v)
        }
        _ => None,
    };
    let head = head(ctx, def);
    let names_deprecated = u
        .variants
        .iter()
        .any(|v| tyref::names_deprecated(ctx, &v.ty));
    let item_allow = allow_deprecated(names_deprecated);
    let (derives, untagged): (&[&str], bool) = match tagged {
        Some(_) => (&["Debug", "Clone", "PartialEq"], false),
        None if u.variants.is_empty() => (
            &[
                "Debug",
                "Clone",
                "PartialEq",
                "::serde::Serialize",
                "::serde::Deserialize",
            ],
            false,
        ),
        // `Deserialize` is `deserialize_untagged!`, below.
        None => (&["Debug", "Clone", "PartialEq", "::serde::Serialize"], true),
    };
    let mut attrs = head;
    attrs.extend([Attr::derive(derives), Attr::path("non_exhaustive")]);
    if untagged {
        attrs.push(Attr::list("serde", vec![Meta::path("untagged")]));
    }
    attrs.extend(item_allow);
    let mut out = Code::default();
    out.push(
        Enum {
            attrs,
            name: name.clone(),
            variants,
        }
        .piece(),
    );
    if tagged.is_none() && !u.variants.is_empty() {
        // Printed one variant per line (prettyplease would run a macro's
        // tokens together).
        let by = match u.tagging.implicit() {
            Some(property) => format!(" by {}", Literal::string(property)),
            None => String::new(),
        };
        out.push(Piece::Text {
            text: format!(
                "::linkgen_runtime::deserialize_untagged!({name}{by} {{\n{untagged_arms}}});\n"
            ),
            documented: false,
        });
    }
    if let Some(property) = tagged {
        let impl_allow = allow_deprecated(names_deprecated || def.deprecated.is_some());
        out.tokens(tagged_impls(
            ctx,
            &name,
            property,
            u,
            &idents,
            unknown.as_ref(),
            &impl_allow,
        ));
    }
    Ok(out)
}

/// `Serialize`/`Deserialize` of a discriminated union.
fn tagged_impls(
    ctx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    property: &str,
    u: &Union,
    idents: &[(proc_macro2::Ident, bool)],
    unknown: Option<&proc_macro2::Ident>,
    impl_allow: &Option<crate::plan::Attr>,
) -> TokenStream {
    let result = ctx.prelude("Result");
    let some = ctx.prelude("Some");
    let err = ctx.prelude("Err");
    let string = ctx.prelude("String");
    let boxed = ctx.prelude("Box");
    let mut ser_arms = Vec::new();
    let mut de_arms = Vec::new();
    let mut expected: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    if let Some(unknown) = unknown {
        ser_arms.push(quote!(Self::#unknown(value) => return ::serde::Serialize::serialize(value, serializer),));
    }
    for (variant, (v, is_boxed)) in u.variants.iter().zip(idents) {
        // Without tags, the variant's own name selects it (serde's default).
        let tags: Vec<String> = if variant.tags.is_empty() {
            vec![variant.name.clone()]
        } else {
            variant.tags.clone()
        };
        let first = tags[0].as_str();
        ser_arms.push(quote!(Self::#v(value) => (#first, ::serde_json::to_value(value)),));
        let fresh: Vec<String> = tags
            .iter()
            .filter(|t| seen.insert((*t).clone()))
            .cloned()
            .collect();
        if fresh.is_empty() {
            continue;
        }
        expected.extend(fresh.iter().cloned());
        let wrap = if *is_boxed {
            quote!(|value| Self::#v(#boxed::new(value)))
        } else {
            quote!(Self::#v)
        };
        de_arms.push(quote!(#(#fresh)|* => ::serde_json::from_value(value).map(#wrap),));
    }
    // A tag not listed is kept whole in the catch-all variant.
    let (tags_const, fallback) = match unknown {
        Some(unknown) => {
            let ok = ctx.prelude("Ok");
            (TokenStream::new(), quote!(_ => #ok(Self::#unknown(value)),))
        }
        None => (
            quote!(const TAGS: &[&str] = &[#(#expected),*];),
            quote!(other => return #err(<D::Error as ::serde::de::Error>::unknown_variant(other, TAGS)),),
        ),
    };
    quote! {
        #impl_allow
        impl ::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> #result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                let (tag, value) = match self {
                    #(#ser_arms)*
                };
                let mut value = value.map_err(<S::Error as ::serde::ser::Error>::custom)?;
                if let ::serde_json::Value::Object(object) = &mut value {
                    object
                        .entry(#property)
                        .or_insert_with(|| ::serde_json::Value::String(#string::from(tag)));
                }
                ::serde::Serialize::serialize(&value, serializer)
            }
        }

        #impl_allow
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                #tags_const
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = match value.get(#property) {
                    #some(::serde_json::Value::String(tag)) => tag.clone(),
                    _ => return #err(<D::Error as ::serde::de::Error>::missing_field(#property)),
                };
                let decoded = match tag.as_str() {
                    #(#de_arms)*
                    #fallback
                };
                decoded.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
