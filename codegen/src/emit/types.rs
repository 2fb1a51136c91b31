//! `src/types.rs`: one item per `ir::TypeDef`, in id order.
//!
//! * `Struct` → a `#[non_exhaustive]` struct deriving `Clone`, `PartialEq`,
//!   `Debug` (hand-written, printing `[redacted]`, when a field is secret)
//!   and `Default` when no field is required, serialized by the runtime's
//!   `serialize_struct!` and deserialized by its `deserialize_struct!` (or
//!   the derive, see `ir::Struct::compact_deserialize`), plus `new()` taking
//!   the required fields and one chainable
//!   `with_…` setter per `Option` field (so a new optional field in the spec
//!   is an additive change); a three-state field (`ir::Field::explicit_null`)
//!   is a `linkgen_runtime::Nullable`, with the same value setter and a
//!   `with_…_null` one that sends `null`;
//! * `StringEnum`, `IntEnum`, `Union` → see [`enums`];
//! * `Alias` → `pub type Name = T;`.

use quote::quote;

use super::docs::{self, Doc};
use super::idents::{ident, Case, Scope};
use super::tyref::{self, Pos};
use super::{allow_deprecated, deprecated_attr, enums, Ctx};
use crate::ir::{Field, Struct, TypeDef, TypeKind, TypeRef};
use crate::plan::{self, Attr, Code, Meta, Piece, Root, RustType, Setter, Stored, TypePath};
use crate::Result;

/// The items of `src/types.rs`.
pub(crate) fn file(ctx: &Ctx<'_>) -> Result<Code> {
    let mut names = Scope::new("type");
    let doc = Doc::new()
        .line(format!(
            "The types of {}: its schemas, and the bodies of its requests and responses.",
            docs::the_title(&ctx.api.title)
        ))
        .inner();
    let mut code = Code::from(doc);
    for def in ctx.api.types.values() {
        names.claim(ctx, &def.name, &def.origin)?;
        code.extend(super::gate::code(&def.features, typedef(ctx, def)?));
    }
    Ok(code)
}

fn typedef(ctx: &Ctx<'_>, def: &TypeDef) -> Result<Code> {
    match &def.kind {
        TypeKind::Struct(s) => structure(ctx, def, s),
        TypeKind::StringEnum(e) => enums::string_enum(ctx, def, e),
        TypeKind::IntEnum(e) => enums::int_enum(ctx, def, e).map(Code::from),
        TypeKind::Union(u) => enums::union(ctx, def, u),
        TypeKind::Alias(target) => {
            let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
            let ty = tyref::rust(ctx, target, Pos::Nested, &def.origin)?;
            let head = head(ctx, def);
            let allow = allow_deprecated(tyref::names_deprecated(ctx, target));
            Ok(Code::from(quote! {
                #(#head)*
                #allow
                pub type #name = #ty;
            }))
        }
    }
}

/// The doc comment and `#[deprecated]` of a type definition: the spec's
/// text, else what the type is (`type_role`).
pub(crate) fn head(ctx: &Ctx<'_>, def: &TypeDef) -> Vec<Attr> {
    let mut doc = Doc::new().spec(def.doc.as_deref());
    if doc.is_empty() {
        doc = doc.line(super::type_role::describe(ctx, def));
    }
    if let Some(example) = &def.example {
        doc = doc.line(docs::labelled_value("Example", example));
    }
    let mut attrs = doc.attrs();
    attrs.extend(deprecated_attr(def.deprecated.as_ref()));
    attrs
}

/// One struct field, ready to be written.
pub(super) struct FieldOut<'a> {
    pub(super) field: &'a Field,
    pub(super) name: proc_macro2::Ident,
    pub(super) ty: RustType,
    /// Written as `Option<…>` (not required, or nullable) or, when
    /// `field.explicit_null`, `Nullable<…>`.
    pub(super) optional: bool,
    pub(super) boxed: bool,
    /// The type inside the `Option` (boxed if need be): what the setter takes.
    inner: RustType,
}

/// A struct: the item, its `impl` (`new` and the setters), and the
/// redacting `Debug` when a field is secret.
fn structure(ctx: &Ctx<'_>, def: &TypeDef, s: &Struct) -> Result<Code> {
    let name = ident(ctx, &def.name, Case::Camel, "type", &def.origin)?;
    let fields = field_outs(ctx, def, s)?;
    let additional = additional_field(ctx, def, s)?;
    let compact = s.compact_deserialize();

    let names_deprecated = s.fields.iter().any(|f| tyref::names_deprecated(ctx, &f.ty))
        || s.additional
            .as_ref()
            .is_some_and(|t| tyref::names_deprecated(ctx, t));
    let touches_deprecated = names_deprecated
        || def.deprecated.is_some()
        || s.fields.iter().any(|f| f.deprecated.is_some());

    let mut planned: Vec<plan::Field> = (fields.iter())
        .map(|f| plan::Field {
            attrs: field_attrs(f, !compact),
            name: f.name.clone(),
            ty: f.ty.clone(),
            secret: f.field.secret,
        })
        .collect();
    if let Some((field, ty)) = &additional {
        let mut attrs = Doc::new()
            .line("Properties the spec does not declare, by name.")
            .attrs();
        if !compact {
            attrs.push(Attr::list("serde", vec![Meta::path("flatten")]));
        }
        planned.push(plan::Field {
            attrs,
            name: field.clone(),
            ty: ty.clone(),
            secret: false,
        });
    }
    let impl_allow = allow_deprecated(touches_deprecated);
    let planned = plan::Struct {
        head: head(ctx, def),
        name: name.clone(),
        label: def.name.clone(),
        debug: plan::Struct::debug_for(&planned),
        derives: plan::Derives {
            value: true,
            default: fields.iter().all(|f| f.optional),
            deserialize: !compact,
        },
        non_exhaustive: true,
        allow: allow_deprecated(names_deprecated),
        impl_allow: impl_allow.clone(),
        fields: planned,
    };
    let mut out = Code::default();
    out.push(planned.piece());
    out.push(serialize(
        &name,
        &fields,
        additional.as_ref().map(|(f, _)| f),
    ));
    if compact {
        out.push(deserialize(&name, &fields));
    }
    let (new, required_struct) =
        super::constructor::constructor(ctx, def, s, &fields, additional.as_ref().map(|(f, _)| f))?;
    if let Some(required) = required_struct {
        out.push(required.piece());
    }
    let setters = setters(ctx, def, &fields)?;
    out.push(plan::impl_block(
        quote!(#impl_allow impl #name),
        new,
        &setters,
    ));
    out.tokens(planned.debug_impl().unwrap_or_default());
    Ok(out)
}

/// A field's Rust type as written, and the type inside its `Option` or
/// `Nullable` (boxed if need be): what its setter takes. The one place
/// that wraps a field's type (the surface reads it too).
pub(crate) fn field_type(
    ctx: &Ctx<'_>,
    field: &Field,
    pointer: &str,
) -> Result<(RustType, RustType)> {
    let mut ty = tyref::rust(ctx, &field.ty, Pos::Field, pointer)?;
    if field_boxed(field) {
        ty = ty.wrapped_in(ctx.prelude_path("Box"));
    }
    let inner = ty.clone();
    if field.explicit_null {
        ty = ty.wrapped_in(TypePath::new(Root::Global, "linkgen_runtime::Nullable"));
    } else if field.optional() {
        ty = ty.wrapped_in(ctx.prelude_path("Option"));
    }
    Ok((ty, inner))
}

/// Whether a field is written in a `Box` (a recursive cycle that no heap
/// container already breaks).
fn field_boxed(field: &Field) -> bool {
    field.boxed && !tyref::is_heap(&field.ty)
}

/// The fields as written: name, type, whether optional or boxed.
fn field_outs<'a>(ctx: &Ctx<'_>, def: &TypeDef, s: &'a Struct) -> Result<Vec<FieldOut<'a>>> {
    let mut scope = Scope::new("field");
    let mut fields = Vec::new();
    for field in &s.fields {
        let pointer = field_pointer(def, field);
        let field_name = ident(ctx, &field.name, Case::Snake, "field", &pointer)?;
        scope.claim(ctx, &field.name, &pointer)?;
        let optional = field.optional();
        let boxed = field_boxed(field);
        let (ty, inner) = field_type(ctx, field, &pointer)?;
        fields.push(FieldOut {
            field,
            name: field_name,
            ty,
            optional,
            boxed,
            inner,
        });
    }
    Ok(fields)
}

/// The pointer of a field's schema, where its errors point.
fn field_pointer(def: &TypeDef, field: &Field) -> String {
    crate::pointer::join_all(&def.origin, &["properties", &field.wire_name])
}

/// The map of undeclared properties (named clear of the declared fields)
/// and its type, when the schema allows them.
pub(crate) fn additional_field(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    s: &Struct,
) -> Result<Option<(proc_macro2::Ident, RustType)>> {
    let Some(value) = &s.additional else {
        return Ok(None);
    };
    let mut additional_name = String::from("additional_properties");
    while s
        .fields
        .iter()
        .any(|f| f.name.trim_start_matches("r#") == additional_name)
    {
        additional_name.push('_');
    }
    let value = tyref::rust(ctx, value, Pos::Nested, &def.origin)?;
    let string = RustType::Path(ctx.prelude_path("String"), Vec::new());
    Ok(Some((
        quote::format_ident!("{}", additional_name),
        RustType::Path(
            TypePath::new(Root::Global, "std::collections::BTreeMap"),
            vec![string, value],
        ),
    )))
}

/// `deserialize_struct!`: the compact `Deserialize` (see
/// `linkgen_runtime::de` for why), each field with its position, name, type,
/// wire name and whether it may be missing, one per line.
fn deserialize(name: &proc_macro2::Ident, fields: &[FieldOut<'_>]) -> Piece {
    let mut text = format!("::linkgen_runtime::deserialize_struct!({name} {{");
    if !fields.is_empty() {
        text.push('\n');
    }
    for (position, f) in fields.iter().enumerate() {
        let wire = proc_macro2::Literal::string(&f.field.wire_name);
        let kind = if f.optional { "or_default" } else { "required" };
        let ty = f.ty.code();
        text.push_str(&format!(
            "    {position} {}: {ty} = {wire} {kind},\n",
            f.name
        ));
    }
    text.push_str("});\n");
    Piece::Text {
        text,
        documented: false,
    }
}

/// `serialize_struct!`: the compact `Serialize` (see `linkgen_runtime::ser`
/// for why), each field with its wire name and when it is left out (`None`,
/// absent, never), then `base64` for bytes, one per line; the map of
/// undeclared properties last.
fn serialize(
    name: &proc_macro2::Ident,
    fields: &[FieldOut<'_>],
    additional: Option<&proc_macro2::Ident>,
) -> Piece {
    let mut text = format!("::linkgen_runtime::serialize_struct!({name} {{");
    if !fields.is_empty() || additional.is_some() {
        text.push('\n');
    }
    for f in fields {
        let wire = proc_macro2::Literal::string(&f.field.wire_name);
        let skip = if f.field.explicit_null {
            "skip_absent"
        } else if !f.field.required {
            "skip_none"
        } else {
            "always"
        };
        let base64 = if is_base64(f) { " base64" } else { "" };
        text.push_str(&format!("    {}: {wire} {skip}{base64},\n", f.name));
    }
    if let Some(additional) = additional {
        text.push_str(&format!("    ..{additional}\n"));
    }
    text.push_str("});\n");
    Piece::Text {
        text,
        documented: false,
    }
}

/// Whether a field is bytes written as base64 text (a `Vec<u8>`, or an
/// `Option` of one).
fn is_base64(f: &FieldOut<'_>) -> bool {
    matches!(f.field.ty, TypeRef::Bytes(_)) && !f.boxed
}

/// One `with_…` setter per optional field, taking `impl Into<T>` where
/// `T` is the type inside the `Option`: a `String` takes `&str`, a `Vec` an
/// array, a `Box` its content, a string enum a `&str`, an `i64` any smaller
/// integer. A unit field (`()`) takes no value (`clippy::unit_arg`).
fn setters(ctx: &Ctx<'_>, def: &TypeDef, fields: &[FieldOut<'_>]) -> Result<Vec<Setter>> {
    let mut setter_scope = Scope::with_reserved("setter", crate::naming::STRUCT_METHODS);
    let mut setters = Vec::new();
    for f in fields.iter().filter(|f| f.optional) {
        let pointer = field_pointer(def, f.field);
        setter_scope.claim(ctx, &f.field.setter, &pointer)?;
        let name = ident(ctx, &f.field.setter, Case::Snake, "setter", &pointer)?;
        let wrap = if f.field.explicit_null {
            TypePath::new(Root::Global, "linkgen_runtime::Nullable::Value")
        } else {
            ctx.prelude_path("Some")
        };
        let unit = matches!(tyref::resolve(ctx, &f.field.ty, "")?, TypeRef::Unit);
        let stored = if unit {
            Stored::Unit { wrap }
        } else {
            let into = RustType::Impl(ctx.prelude_path("Into"), vec![f.inner.clone()]);
            Stored::Into { wrap, into }
        };
        let doc = setter_doc(f.field.doc.as_deref(), &f.field.name);
        setters.push(setter(f, name, doc, stored));
    }
    // The `null` setters come after every value setter, so a field turning
    // three-state adds methods at the end.
    for f in fields.iter().filter(|f| f.field.explicit_null) {
        let pointer = field_pointer(def, f.field);
        setter_scope.claim(ctx, &f.field.null_setter, &pointer)?;
        let name = ident(ctx, &f.field.null_setter, Case::Snake, "setter", &pointer)?;
        let doc = format!(
            "Sends {} as `null` (on a PATCH: clears it); leaving it unset leaves it out.",
            docs::code(&f.field.wire_name)
        );
        let null = TypePath::new(Root::Global, "linkgen_runtime::Nullable::Null");
        setters.push(setter(f, name, doc, Stored::Constant(null)));
    }
    Ok(setters)
}

/// The setter `name` of field `f`, with its one doc line.
fn setter(f: &FieldOut<'_>, name: proc_macro2::Ident, doc: String, stored: Stored) -> Setter {
    let mut attrs = Doc::new().line(doc).attrs();
    attrs.extend(deprecated_attr(f.field.deprecated.as_ref()));
    Setter {
        attrs,
        name,
        field: f.name.clone(),
        stored,
    }
}

/// A field's doc and attributes (`#[deprecated]`, and the `#[serde(…)]`
/// that `#[derive(Deserialize)]` reads when the struct derives it).
fn field_attrs(f: &FieldOut<'_>, derive_deserialize: bool) -> Vec<Attr> {
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
    let mut attrs = doc.attrs();
    attrs.extend(deprecated_attr(field.deprecated.as_ref()));
    if !derive_deserialize {
        return attrs;
    }
    let mut serde = Vec::new();
    if field.name.trim_start_matches("r#") != field.wire_name {
        serde.push(Meta::name_value("rename", field.wire_name.as_str()));
    }
    if is_base64(f) {
        let helper = if f.optional {
            "::linkgen_runtime::base64_option"
        } else {
            "::linkgen_runtime::base64"
        };
        serde.push(Meta::name_value("with", helper));
    }
    // A missing optional field is `None` (or absent); so is a missing
    // required nullable one, as `deserialize_struct!` reads it.
    if !field.required || field.nullable {
        serde.push(Meta::path("default"));
    }
    if !serde.is_empty() {
        attrs.push(Attr::list("serde", serde));
    }
    attrs
}

/// A setter's one doc line: the first sentence of the field's doc, else
/// ``Sets `x`.``.
fn setter_doc(doc: Option<&str>, field_name: &str) -> String {
    first_sentence(doc)
        .unwrap_or_else(|| format!("Sets {}.", docs::code(field_name.trim_start_matches("r#"))))
}

/// The first sentence of a field's doc, as one rustdoc line; `None` when
/// there is no doc or it opens with a code block, HTML or a table.
pub(super) fn first_sentence(doc: Option<&str>) -> Option<String> {
    doc.map(|d| d.replace("\r\n", "\n"))
        .and_then(|d| {
            d.split("\n\n")
                .map(str::trim)
                .find(|p| !p.is_empty())
                .map(str::to_string)
        })
        .map(|p| {
            let collapsed = p.split_whitespace().collect::<Vec<_>>().join(" ");
            match collapsed.find(". ") {
                Some(end) => collapsed[..=end].to_string(),
                None => collapsed,
            }
        })
        .filter(|p| !p.contains("```") && !p.starts_with('<') && !p.starts_with('|'))
        .map(|line| docs::inline(&line))
}
