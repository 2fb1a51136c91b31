//! [`RustType`]: a Rust type as the generated crate writes it.

use std::fmt;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens, TokenStreamExt};

use crate::surface;

/// Where a path starts, which decides how it is written in the code and in
/// the surface (`API.md`), whose paths are relative to the crate root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Root {
    /// A name in scope: a prelude name (`String`, `Vec`) or an item of the
    /// module being written.
    Bare,
    /// A type of `src/types.rs` written bare inside that module: `types::Pet`
    /// in the surface.
    TypesModule,
    /// `::chrono::…`: `chrono::…` in the surface.
    Global,
    /// `crate::types::Pet`: `types::Pet` in the surface.
    Crate,
}

/// A path: its root and its segments (`["chrono", "NaiveDate"]`). Segment
/// names were checked as identifiers when the plan was built; a raw one
/// keeps its `r#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypePath {
    pub(crate) root: Root,
    pub(crate) segments: Vec<String>,
}

impl TypePath {
    /// A path of fixed segments, `::std::string::String` written as
    /// `TypePath::new(Root::Global, "std::string::String")`.
    pub(crate) fn new(root: Root, path: &str) -> Self {
        TypePath {
            root,
            segments: path.split("::").map(str::to_owned).collect(),
        }
    }

    /// The path relative to the crate root, as the surface names it.
    fn surface(&self) -> surface::Path {
        let mut segments = Vec::with_capacity(self.segments.len() + 1);
        if self.root == Root::TypesModule {
            segments.push("types".to_owned());
        }
        segments.extend(self.segments.iter().cloned());
        surface::Path { segments }
    }
}

impl ToTokens for TypePath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self.root {
            Root::Bare | Root::TypesModule => {}
            Root::Global => tokens.extend(quote!(::)),
            Root::Crate => tokens.extend(quote!(crate::)),
        }
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                tokens.extend(quote!(::));
            }
            tokens.append(ident(segment));
        }
    }
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(bare) => Ident::new_raw(bare, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A Rust type as written in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    /// A primitive: `bool`, `i64`, `u8`, `str`.
    Primitive(&'static str),
    /// `()`.
    Unit,
    /// A path with generic arguments on its last segment:
    /// `Option<Vec<Pet>>`, `crate::types::Pet`.
    Path(TypePath, Vec<RustType>),
    /// `&T`.
    Ref(Box<RustType>),
    /// `[T]`.
    Slice(Box<RustType>),
    /// `impl Trait<T>`: an argument that converts (`impl Into<String>`).
    Impl(TypePath, Vec<RustType>),
}

impl RustType {
    /// A path without generic arguments.
    pub(crate) fn path(root: Root, path: &str) -> Self {
        RustType::Path(TypePath::new(root, path), Vec::new())
    }

    /// `wrapper<self>`: `Option<T>` from `Option` and `T`.
    pub(crate) fn wrapped_in(self, wrapper: TypePath) -> Self {
        RustType::Path(wrapper, vec![self])
    }

    /// `&self`.
    pub(crate) fn by_ref(self) -> Self {
        RustType::Ref(Box::new(self))
    }

    /// The type as the surface holds it and `API.md` writes it, paths
    /// relative to the crate root (`types::Pet`, `chrono::NaiveDate`,
    /// `&[types::Pet]`).
    pub(crate) fn surface(&self) -> surface::Type {
        let all = |args: &[RustType]| args.iter().map(RustType::surface).collect();
        match self {
            RustType::Primitive(name) => surface::Type::Primitive((*name).to_owned()),
            RustType::Unit => surface::Type::Unit,
            RustType::Path(path, args) => surface::Type::Path(path.surface(), all(args)),
            RustType::Ref(inner) => inner.surface().by_ref(),
            RustType::Slice(inner) => surface::Type::Slice(Box::new(inner.surface())),
            RustType::Impl(path, args) => surface::Type::Impl(path.surface(), all(args)),
        }
    }
}

impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.surface().fmt(f)
    }
}

impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            RustType::Primitive(name) => tokens.append(Ident::new(name, Span::call_site())),
            RustType::Unit => tokens.extend(quote!(())),
            RustType::Path(path, args) => {
                path.to_tokens(tokens);
                if !args.is_empty() {
                    tokens.extend(quote!(<#(#args),*>));
                }
            }
            RustType::Ref(inner) => tokens.extend(quote!(&#inner)),
            RustType::Slice(inner) => tokens.extend(quote!([#inner])),
            RustType::Impl(path, args) => {
                tokens.extend(quote!(impl #path));
                if !args.is_empty() {
                    tokens.extend(quote!(<#(#args),*>));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_surface_writes_paths_from_the_crate_root() {
        let pet = RustType::path(Root::Crate, "types::Pet");
        let string = RustType::path(Root::Bare, "String");
        let map = RustType::Path(
            TypePath::new(Root::Global, "std::collections::BTreeMap"),
            vec![string.clone(), RustType::path(Root::TypesModule, "Pet")],
        );
        assert_eq!(
            RustType::Slice(Box::new(pet)).by_ref().to_string(),
            "&[types::Pet]"
        );
        assert_eq!(
            map.to_string(),
            "std::collections::BTreeMap<String, types::Pet>"
        );
        let into = RustType::Impl(
            TypePath::new(Root::Global, "core::convert::Into"),
            vec![string],
        );
        assert_eq!(into.to_string(), "impl core::convert::Into<String>");
    }

    #[test]
    fn the_tokens_are_the_type_as_written() {
        let date = RustType::Path(
            TypePath::new(Root::Global, "chrono::DateTime"),
            vec![RustType::path(Root::Global, "chrono::FixedOffset")],
        );
        let option = date.wrapped_in(TypePath::new(Root::Bare, "Option"));
        assert_eq!(
            option.to_token_stream().to_string(),
            "Option < :: chrono :: DateTime < :: chrono :: FixedOffset > >"
        );
        let raw = RustType::path(Root::Crate, "types::r#type");
        assert_eq!(
            raw.to_token_stream().to_string(),
            "crate :: types :: r#type"
        );
    }
}
