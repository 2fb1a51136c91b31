//! A struct's `new`: its required fields as positional arguments, or, above
//! the threshold of `lower/required_args.rs`, one `{Name}Required` struct
//! that names them at the call site; and the doc that says what `new` does
//! with the other fields.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, Doc};
use super::types::{first_sentence, FieldOut};
use super::tyref::{self, Pos};
use super::{allow_deprecated, Ctx};
use crate::ir::{Struct, TypeDef};
use crate::plan::{self, RustType};
use crate::Result;

/// `pub fn new(…) -> Self`, and the required-fields struct it takes when
/// the IR names one. Required nullable fields start as
/// `None` like the optional ones, so they are not arguments.
pub(super) fn constructor(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    s: &Struct,
    fields: &[FieldOut<'_>],
    additional: Option<&proc_macro2::Ident>,
) -> Result<(TokenStream, Option<plan::Struct>)> {
    let into = ctx.prelude_path("Into");
    let string = ctx.prelude_path("String");
    let boxed = ctx.prelude("Box");
    let none = ctx.prelude("None");
    let named = s.required_args.as_deref();
    let mut args = Vec::new();
    let mut members = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let name = &f.name;
        if f.field.explicit_null {
            inits.push(quote!(#name: ::linkgen_runtime::Nullable::Absent));
            continue;
        } else if f.optional {
            inits.push(quote!(#name: #none));
            continue;
        }
        let (ty, init) = if f.boxed {
            let ty = tyref::rust(ctx, &f.field.ty, Pos::Field, &def.origin)?;
            (ty, quote!(#name: #boxed::new(#name)))
        } else if named.is_none() && tyref::is_string(ctx, &f.field.ty, &def.origin)? {
            (
                RustType::Impl(
                    into.clone(),
                    vec![RustType::Path(string.clone(), Vec::new())],
                ),
                quote!(#name: #name.into()),
            )
        } else {
            (f.ty.clone(), quote!(#name))
        };
        args.push(quote!(#name: #ty));
        inits.push(init);
        let doc = first_sentence(f.field.doc.as_deref()).unwrap_or_else(|| {
            format!(
                "The {} field.",
                docs::code(f.field.wire_name.trim_start_matches("r#"))
            )
        });
        members.push(plan::Field {
            attrs: Doc::new().line(doc).attrs(),
            name: name.clone(),
            ty,
            secret: f.field.secret,
        });
    }
    let additional_init =
        additional.map(|field| quote!(#field: ::std::collections::BTreeMap::new(),));
    let doc = Doc::new().line(new_doc(def, fields, named)).outer();
    let build = quote! {
        Self {
            #(#inits,)*
            #additional_init
        }
    };
    let Some(required) = named else {
        let new = quote! {
            #doc
            pub fn new(#(#args),*) -> Self {
                #build
            }
        };
        return Ok((new, None));
    };
    let required = format_ident!("{required}");
    let names = fields.iter().filter(|f| !f.optional).map(|f| &f.name);
    let new = quote! {
        #doc
        pub fn new(required: #required) -> Self {
            let #required { #(#names),* } = required;
            #build
        }
    };
    let type_doc = Doc::new()
        .line(format!(
            "The required fields of [`{name}`], by name: what [`{name}::new`] takes.",
            name = def.name
        ))
        .line(
            "Written as a struct literal, so every field is named where it is set and a \
             missing one does not compile; a text field is a `String` (`\"…\".into()`).",
        )
        .attrs();
    let allow = allow_deprecated(
        fields
            .iter()
            .any(|f| !f.optional && tyref::names_deprecated(ctx, &f.field.ty)),
    );
    let item = plan::Struct {
        head: type_doc,
        name: required.clone(),
        label: required.to_string(),
        // No `Debug`: a field may hold a secret, and the value is consumed
        // by `new` at once.
        debug: plan::Debug::Absent,
        derives: plan::Derives::default(),
        // Built with a literal, which must name every field.
        non_exhaustive: false,
        allow: allow.clone(),
        impl_allow: allow,
        fields: members,
    };
    Ok((new, Some(item)))
}

/// The doc line of `new`: what it takes and what the other fields start as.
fn new_doc(def: &TypeDef, fields: &[FieldOut<'_>], named: Option<&str>) -> String {
    let name = docs::code(&def.name);
    let required = fields.iter().filter(|f| !f.optional).count();
    let optional: Vec<&FieldOut<'_>> = fields.iter().filter(|f| f.optional).collect();
    let takes = match (required, named) {
        (0, _) => format!("A new {name} with every field"),
        (_, Some(named)) => {
            format!("A new {name} from its {required} required fields, named in [`{named}`]")
        }
        (1, None) => format!("A new {name} from its required field"),
        (_, None) => format!("A new {name} from its required fields"),
    };
    let unset = if optional.iter().any(|f| f.field.explicit_null) {
        "unset (`None`, or absent)"
    } else {
        "unset (`None`)"
    };
    match optional.len() {
        0 => format!("{takes}; it has no optional field."),
        _ if required == 0 => format!("{takes} {unset}; set them with the `with_…` methods."),
        1 => format!(
            "{takes}; its optional {} starts {unset}: see its `with_…` method.",
            docs::code(optional[0].name.to_string().trim_start_matches("r#"))
        ),
        n => format!("{takes}; its {n} optional fields start {unset}: see the `with_…` methods."),
    }
}
