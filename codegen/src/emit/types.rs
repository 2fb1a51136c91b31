//! `src/types.rs`: one item per `ir::TypeDef`, in id order.
//!
//! * `Struct` → a struct deriving `Clone`, `PartialEq`, `Serialize`,
//!   `Deserialize`, `Debug` (hand-written, printing `[redacted]`, when a
//!   field is secret) and `Default` when no field is required, plus `new()`
//!   taking the required fields;
//! * `StringEnum`, `IntEnum`, `Union` → see [`enums`];
//! * `Alias` → `pub type Name = T;`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::idents::{ident, Case, Scope};
use super::tyref::{self, Pos};
use super::{allow, allow_deprecated, enums, Ctx};
use crate::ir::{Field, Struct, TypeDef, TypeKind, TypeRef};
use crate::Result;

/// The tokens of `src/types.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<TokenStream> {
    let mut names = Scope::new("type");
    let mut items = Vec::new();
    for def in ctx.api.types.values() {
        names.claim(ctx, &def.name, &def.origin)?;
        items.push(typedef(ctx, def)?);
    }
    let doc = Doc::new()
        .line(format!(
            "The types of {}: its schemas, and the bodies of its requests and responses.",
            docs::the_title(&ctx.api.title)
        ))
        .inner();
    Ok(quote! {
        #doc
        #(#items)*
    })
}

fn typedef(ctx: &Ctx<'_>, def: &TypeDef) -> Result<TokenStream> {
    match &def.kind {
        TypeKind::Struct(s) => structure(ctx, def, s),
        TypeKind::StringEnum(e) => enums::string_enum(ctx, def, e),
        TypeKind::IntEnum(e) => enums::int_enum(ctx, def, e),
        TypeKind::Union(u) => enums::union(ctx, def, u),
        TypeKind::Alias(target) => {
            let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
            let ty = tyref::rust(ctx, target, Pos::Nested, &def.origin)?;
            let head = head(def);
            let allow = allow_deprecated(tyref::names_deprecated(ctx, target));
            Ok(quote! {
                #head
                #allow
                pub type #name = #ty;
            })
        }
    }
}

/// The doc comment and `#[deprecated]` of a type definition.
pub(crate) fn head(def: &TypeDef) -> TokenStream {
    let mut doc = Doc::new().spec(def.doc.as_deref());
    if doc.is_empty() {
        let pointer = if def.origin.is_empty() {
            "/".to_string()
        } else {
            def.origin.clone()
        };
        doc = doc.line(format!(
            "The schema at {} of the spec.",
            docs::code(&format!("#{pointer}"))
        ));
    }
    if let Some(example) = &def.example {
        doc = doc.line(docs::labelled_value("Example", example));
    }
    let doc = doc.outer();
    let deprecated = if def.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    quote!(#doc #deprecated)
}

/// One struct field, ready to be written.
struct FieldOut<'a> {
    field: &'a Field,
    name: proc_macro2::Ident,
    ty: TokenStream,
    /// Written as `Option<…>` (not required, or nullable).
    optional: bool,
    boxed: bool,
}

fn structure(ctx: &Ctx<'_>, def: &TypeDef, s: &Struct) -> Result<TokenStream> {
    let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
    let option = ctx.prelude("Option");
    let boxed_ty = ctx.prelude("Box");
    let mut scope = Scope::new("field");
    let mut fields = Vec::new();
    for field in &s.fields {
        let pointer = format!(
            "{}/properties/{}",
            def.origin,
            crate::pointer::escape(&field.wire_name)
        );
        let field_name = ident(ctx, &field.name, Case::Snake, "field", &pointer)?;
        scope.claim(ctx, &field.name, &pointer)?;
        let optional = !field.required || field.nullable;
        let boxed = field.boxed && !tyref::is_heap(&field.ty);
        let mut ty = tyref::rust(ctx, &field.ty, Pos::Field, &pointer)?;
        if boxed {
            ty = quote!(#boxed_ty<#ty>);
        }
        if optional {
            ty = quote!(#option<#ty>);
        }
        fields.push(FieldOut {
            field,
            name: field_name,
            ty,
            optional,
            boxed,
        });
    }
    let mut additional_name = String::from("additional_properties");
    while s
        .fields
        .iter()
        .any(|f| f.name.trim_start_matches("r#") == additional_name)
    {
        additional_name.push('_');
    }
    let additional = match &s.additional {
        Some(value) => {
            let value = tyref::rust(ctx, value, Pos::Nested, &def.origin)?;
            let string = ctx.prelude("String");
            Some((
                quote::format_ident!("{}", additional_name),
                quote!(::std::collections::BTreeMap<#string, #value>),
            ))
        }
        None => None,
    };

    let secret = s.fields.iter().any(|f| f.secret);
    let defaultable = fields.iter().all(|f| f.optional);
    let mut derives = Vec::new();
    if !secret {
        derives.push(quote!(Debug));
    }
    derives.extend([quote!(Clone), quote!(PartialEq)]);
    if defaultable {
        derives.push(quote!(Default));
    }
    derives.extend([quote!(::serde::Serialize), quote!(::serde::Deserialize)]);

    let names_deprecated = s.fields.iter().any(|f| tyref::names_deprecated(ctx, &f.ty))
        || s.additional
            .as_ref()
            .is_some_and(|t| tyref::names_deprecated(ctx, t));
    let touches_deprecated =
        names_deprecated || def.deprecated || s.fields.iter().any(|f| f.deprecated);

    let field_items = fields
        .iter()
        .map(|f| field_item(ctx, f))
        .collect::<Vec<_>>();
    let additional_item = additional.as_ref().map(|(field, ty)| {
        let doc = Doc::new()
            .line("Properties the spec does not declare, by name.")
            .outer();
        quote! {
            #doc
            #[serde(flatten)]
            pub #field: #ty,
        }
    });
    let head = head(def);
    let item_allow = allow_deprecated(names_deprecated);
    let mut out = quote! {
        #head
        #[derive(#(#derives),*)]
        #item_allow
        pub struct #name {
            #(#field_items)*
            #additional_item
        }
    };
    if let Some(new) = constructor(ctx, def, &fields, additional.as_ref().map(|(f, _)| f))? {
        let impl_allow = allow_deprecated(touches_deprecated);
        out.extend(quote! {
            #impl_allow
            impl #name {
                #new
            }
        });
    }
    if secret {
        let impl_allow = allow_deprecated(touches_deprecated);
        let wire = def.name.as_str();
        let entries = fields.iter().map(|f| {
            let label = f.field.name.trim_start_matches("r#");
            let field = &f.name;
            if f.field.secret {
                quote!(.field(#label, &::std::format_args!("[redacted]")))
            } else {
                quote!(.field(#label, &self.#field))
            }
        });
        let additional_entry = additional.as_ref().map(|(field, _)| {
            let label = field.to_string();
            quote!(.field(#label, &self.#field))
        });
        out.extend(quote! {
            #impl_allow
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#wire)
                        #(#entries)*
                        #additional_entry
                        .finish()
                }
            }
        });
    }
    Ok(out)
}

fn field_item(ctx: &Ctx<'_>, f: &FieldOut<'_>) -> TokenStream {
    let field = f.field;
    let mut doc = Doc::new().spec(field.doc.as_deref());
    if doc.is_empty() {
        doc = doc.line(format!("The {} property.", docs::code(&field.wire_name)));
    }
    if let Some(example) = &field.example {
        doc = doc.line(docs::labelled_value("Example", example));
    }
    if let Some(default) = &field.default {
        doc = doc.line(docs::labelled_value(
            "Default (applied by the server)",
            default,
        ));
    }
    if field.read_only {
        doc = doc
            .line("Read-only: set by the server, so optional here even when the spec requires it.");
    }
    if field.write_only {
        doc = doc.line("Write-only: never returned by the server, so optional here even when the spec requires it.");
    }
    let doc = doc.outer();
    let mut serde = Vec::new();
    if field.name.trim_start_matches("r#") != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if matches!(field.ty, TypeRef::Bytes(_)) && !f.boxed {
        let helper = if f.optional {
            "::linkgen_runtime::base64_option"
        } else {
            "::linkgen_runtime::base64"
        };
        serde.push(quote!(with = #helper));
    }
    if !field.required {
        let is_none = ctx.option_is_none();
        serde.push(quote!(default, skip_serializing_if = #is_none));
    } else if field.nullable {
        serde.push(quote!(default));
    }
    let serde = if serde.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde),*)])
    };
    let deprecated = if field.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let name = &f.name;
    let ty = &f.ty;
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// `pub fn new(required…) -> Self`, when some field is required (and not
/// nullable: those start as `None` like the optional ones).
fn constructor(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    fields: &[FieldOut<'_>],
    additional: Option<&proc_macro2::Ident>,
) -> Result<Option<TokenStream>> {
    if fields.iter().all(|f| f.optional) {
        return Ok(None);
    }
    let into = ctx.prelude("Into");
    let string = ctx.prelude("String");
    let boxed = ctx.prelude("Box");
    let none = ctx.prelude("None");
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let name = &f.name;
        if f.optional {
            inits.push(quote!(#name: #none));
        } else if f.boxed {
            let ty = tyref::rust(ctx, &f.field.ty, Pos::Field, &def.origin)?;
            args.push(quote!(#name: #ty));
            inits.push(quote!(#name: #boxed::new(#name)));
        } else if tyref::is_string(ctx, &f.field.ty, &def.origin)? {
            args.push(quote!(#name: impl #into<#string>));
            inits.push(quote!(#name: #name.into()));
        } else {
            let ty = &f.ty;
            args.push(quote!(#name: #ty));
            inits.push(quote!(#name));
        }
    }
    let additional_init =
        additional.map(|field| quote!(#field: ::std::collections::BTreeMap::new(),));
    let too_many = if args.len() > 7 {
        allow(
            quote!(clippy::too_many_arguments),
            "one argument per required field of the spec",
        )
    } else {
        TokenStream::new()
    };
    let doc = Doc::new()
        .line(format!(
            "Creates a {} from its required fields; the others start as `None`.",
            docs::code(&def.name)
        ))
        .outer();
    Ok(Some(quote! {
        #doc
        #too_many
        pub fn new(#(#args),*) -> Self {
            Self {
                #(#inits,)*
                #additional_init
            }
        }
    }))
}
