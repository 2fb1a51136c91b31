//! An item's Rust shape as typed values: [`Signature`] (a type, a method, a
//! variant's payload, a setter…) over [`Type`] (a type as a consumer names
//! it, every path relative to the crate root).
//!
//! The plan builds them (`plan::RustType::surface`,
//! `plan::Signature::surface`) from the same values the code is printed
//! from; `API.md` prints them (`Display`, one line) and `apidiff` compares
//! them as data: a renamed type is a substitution on whole paths
//! ([`Signature::with_paths_renamed`]), a method's argument names can be
//! left out ([`Method::same_but_arg_names`]), and `Option<T>` ↔
//! `Nullable<T>` is read on the type's structure ([`Type::option_inner`],
//! [`Type::nullable_inner`]).

use std::collections::BTreeMap;
use std::fmt;

use crate::ir::BodyEncoding;

/// A path, relative to the crate root for the crate's own items
/// (`types::Pet`, `operations::GetPetCall`), else as written (`String`,
/// `chrono::NaiveDate`, `linkgen_runtime::Nullable`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path {
    /// The segments (`["types", "Pet"]`); a raw identifier keeps its `r#`.
    pub segments: Vec<String>,
}

impl Path {
    /// The path `types::Pet` from its text.
    pub fn new(path: &str) -> Path {
        Path {
            segments: path.split("::").map(str::to_owned).collect(),
        }
    }

    /// Whether this is the path `path` (`types::Pet`), segment by segment:
    /// `types::Pet` is not `types::PetStatus` nor `types::Pet::name`.
    pub fn is(&self, path: &str) -> bool {
        self.segments
            .iter()
            .map(String::as_str)
            .eq(path.split("::"))
    }
}

/// A Rust type as a consumer of the crate names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// A primitive: `bool`, `i64`, `u8`, `str`.
    Primitive(String),
    /// `()`.
    Unit,
    /// A path with generic arguments on its last segment:
    /// `Option<Vec<types::Pet>>`.
    Path(Path, Vec<Type>),
    /// `&T`.
    Ref(Box<Type>),
    /// `[T]`.
    Slice(Box<Type>),
    /// `impl Trait<T>`: an argument that converts (`impl Into<String>`).
    Impl(Path, Vec<Type>),
    /// An associated type bound among a trait's generic arguments: `Item =
    /// FilePart` in `impl IntoIterator<Item = FilePart>`.
    Assoc(String, Box<Type>),
}

/// The paths the generator writes `Option` as: the prelude name, or the
/// full path when the spec names a type `Option` (`emit`'s
/// `Ctx::prelude_path`).
const OPTION: &[&str] = &["Option", "std::option::Option"];

/// The runtime's three-state field type (`emit/types.rs`'s `field_type`).
const NULLABLE: &str = "linkgen_runtime::Nullable";

impl Type {
    /// A path without generic arguments: `Type::path("types::Pet")`.
    pub fn path(path: &str) -> Type {
        Type::Path(Path::new(path), Vec::new())
    }

    /// A path with generic arguments: `Type::generic("Option", vec![t])`.
    pub fn generic(path: &str, args: Vec<Type>) -> Type {
        Type::Path(Path::new(path), args)
    }

    /// `&self`.
    pub fn by_ref(self) -> Type {
        Type::Ref(Box::new(self))
    }

    /// `T` of `Option<T>`.
    pub fn option_inner(&self) -> Option<&Type> {
        self.only_arg_of(|p| OPTION.iter().any(|o| p.is(o)))
    }

    /// `T` of `linkgen_runtime::Nullable<T>` (a three-state field).
    pub fn nullable_inner(&self) -> Option<&Type> {
        self.only_arg_of(|p| p.is(NULLABLE))
    }

    fn only_arg_of(&self, wrapper: impl Fn(&Path) -> bool) -> Option<&Type> {
        match self {
            Type::Path(path, args) if wrapper(path) => match args.as_slice() {
                [inner] => Some(inner),
                _ => None,
            },
            _ => None,
        }
    }

    /// Calls `f` on every path the type names, outermost first.
    pub fn visit_paths_mut(&mut self, f: &mut impl FnMut(&mut Path)) {
        match self {
            Type::Primitive(_) | Type::Unit => {}
            Type::Path(path, args) | Type::Impl(path, args) => {
                f(path);
                for arg in args {
                    arg.visit_paths_mut(f);
                }
            }
            Type::Ref(inner) | Type::Slice(inner) | Type::Assoc(_, inner) => {
                inner.visit_paths_mut(f)
            }
        }
    }
}

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Receiver {
    /// `&self`: a `Client` method.
    Ref,
    /// `mut self`: a chainable setter of a builder.
    MutValue,
}

/// One argument of a method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arg {
    /// Its name (a raw identifier keeps its `r#`).
    pub name: String,
    /// Its type.
    pub ty: Type,
}

/// A method's receiver, arguments and result.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Method {
    /// How it takes `self`.
    pub receiver: Receiver,
    /// Its arguments, in order.
    pub args: Vec<Arg>,
    /// What it returns.
    pub output: Type,
}

impl Method {
    /// Whether `self` and `other` differ at most in their arguments' names:
    /// every argument is positional, so a call never names one.
    pub fn same_but_arg_names(&self, other: &Method) -> bool {
        self.receiver == other.receiver
            && self.output == other.output
            && self.args.len() == other.args.len()
            && self.args.iter().zip(&other.args).all(|(a, b)| a.ty == b.ty)
    }
}

/// The Rust shape of a surface item, what a consumer's code depends on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Signature {
    /// None of its own: an enum value, a server, a cargo feature, a
    /// response without a body.
    None,
    /// A struct (a schema's, a call type, a form, a headers struct):
    /// `struct`.
    Struct,
    /// An enum (string enum, union, error or success enum): `enum`.
    Enum,
    /// An integer enum, a newtype over `i64`: `struct(pub i64)`.
    IntNewtype,
    /// A type alias: `type = Vec<types::Pet>`.
    Alias(Type),
    /// A field's, a parameter's (the method's argument), a response
    /// header's or a form part's type: `Option<String>`.
    Type(Type),
    /// A variant's payload: `(types::Pet)`.
    Payload(Type),
    /// A method: `(&self, id: &str) -> operations::GetPetCall`.
    Method(Method),
    /// An optional parameter's setter on the operation's call type:
    /// `operations::ListPetsCall::limit(i64)`.
    Setter {
        /// The call type.
        call: Path,
        /// The setter's name.
        name: String,
        /// What it takes.
        ty: Type,
    },
    /// One request body of an operation's body choice, by its encoding:
    /// `Json`.
    Encoding(BodyEncoding),
    /// A list operation's `pages()` and `items()` on its call type, by the
    /// item type.
    Paginator {
        /// The call type.
        call: Path,
        /// The item `items()` yields.
        item: Type,
    },
}

impl Signature {
    /// The same shape with every path `renames` maps (whole paths, old →
    /// new: `types::Pet` → `types::Animal`) written as its image, so a
    /// signature that changed only because a type it names was renamed
    /// compares equal.
    pub fn with_paths_renamed(&self, renames: &BTreeMap<&str, &str>) -> Signature {
        let mut out = self.clone();
        out.visit_paths_mut(&mut |path| {
            if let Some(to) = renames.get(path.to_string().as_str()) {
                *path = Path::new(to);
            }
        });
        out
    }

    /// Calls `f` on every path the signature names.
    pub fn visit_paths_mut(&mut self, f: &mut impl FnMut(&mut Path)) {
        match self {
            Signature::None
            | Signature::Struct
            | Signature::Enum
            | Signature::IntNewtype
            | Signature::Encoding(_) => {}
            Signature::Alias(ty) | Signature::Type(ty) | Signature::Payload(ty) => {
                ty.visit_paths_mut(f)
            }
            Signature::Method(m) => {
                for arg in &mut m.args {
                    arg.ty.visit_paths_mut(f);
                }
                m.output.visit_paths_mut(f);
            }
            Signature::Setter { call, ty, .. } => {
                f(call);
                ty.visit_paths_mut(f);
            }
            Signature::Paginator { call, item } => {
                f(call);
                item.visit_paths_mut(f);
            }
        }
    }

    /// The type of a field, parameter, header or part.
    pub fn as_type(&self) -> Option<&Type> {
        match self {
            Signature::Type(ty) => Some(ty),
            _ => None,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.segments.join("::"))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Primitive(name) => f.write_str(name),
            Type::Unit => f.write_str("()"),
            Type::Path(path, args) => write!(f, "{path}{}", Args(args)),
            Type::Ref(inner) => write!(f, "&{inner}"),
            Type::Slice(inner) => write!(f, "[{inner}]"),
            Type::Impl(path, args) => write!(f, "impl {path}{}", Args(args)),
            Type::Assoc(name, ty) => write!(f, "{name} = {ty}"),
        }
    }
}

/// Generic arguments: nothing when there are none, else `<A, B>`.
struct Args<'a>(&'a [Type]);

impl fmt::Display for Args<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str("<")?;
        for (i, arg) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(">")
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.receiver {
            Receiver::Ref => "(&self",
            Receiver::MutValue => "(mut self",
        })?;
        for Arg { name, ty } in &self.args {
            write!(f, ", {name}: {ty}")?;
        }
        write!(f, ") -> {}", self.output)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Signature::None => Ok(()),
            Signature::Struct => f.write_str("struct"),
            Signature::Enum => f.write_str("enum"),
            Signature::IntNewtype => f.write_str("struct(pub i64)"),
            Signature::Alias(ty) => write!(f, "type = {ty}"),
            Signature::Type(ty) => write!(f, "{ty}"),
            Signature::Payload(ty) => write!(f, "({ty})"),
            Signature::Method(m) => write!(f, "{m}"),
            Signature::Setter { call, name, ty } => write!(f, "{call}::{name}({ty})"),
            Signature::Encoding(encoding) => write!(f, "{encoding:?}"),
            Signature::Paginator { call, item } => write!(
                f,
                "{call}::pages() -> Pages<…>, {call}::items() -> Items<…, {item}>"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pet_list(name: &str) -> Type {
        Type::generic("Vec", vec![Type::path(name)])
    }

    #[test]
    fn a_rename_replaces_whole_paths_only() {
        let signature = Signature::Method(Method {
            receiver: Receiver::Ref,
            args: vec![
                Arg {
                    name: "foo".into(),
                    ty: Type::path("types::Foo").by_ref(),
                },
                Arg {
                    name: "bar".into(),
                    ty: pet_list("types::FooBar"),
                },
            ],
            output: Type::path("operations::FooCall"),
        });
        let renamed = signature.with_paths_renamed(&BTreeMap::from([("types::Foo", "types::Baz")]));
        assert_eq!(
            renamed.to_string(),
            "(&self, foo: &types::Baz, bar: Vec<types::FooBar>) -> operations::FooCall"
        );
    }

    #[test]
    fn a_setter_and_a_paginator_rename_their_call_type() {
        let renames = BTreeMap::from([
            ("operations::ListCall", "operations::FetchCall"),
            ("types::Pet", "types::Animal"),
        ]);
        let setter = Signature::Setter {
            call: Path::new("operations::ListCall"),
            name: "limit".into(),
            ty: Type::Primitive("i64".into()),
        };
        assert_eq!(
            setter.with_paths_renamed(&renames).to_string(),
            "operations::FetchCall::limit(i64)"
        );
        let paginator = Signature::Paginator {
            call: Path::new("operations::ListCall"),
            item: Type::path("types::Pet"),
        };
        assert_eq!(
            paginator.with_paths_renamed(&renames).to_string(),
            "operations::FetchCall::pages() -> Pages<…>, operations::FetchCall::items() -> Items<…, types::Animal>"
        );
    }

    #[test]
    fn option_and_nullable_are_read_on_the_structure() {
        let string = Type::path("String");
        let option = Type::generic("Option", vec![string.clone()]);
        let full = Type::generic("std::option::Option", vec![string.clone()]);
        let nullable = Type::generic(NULLABLE, vec![string.clone()]);
        assert_eq!(option.option_inner(), Some(&string));
        assert_eq!(full.option_inner(), Some(&string));
        assert_eq!(nullable.nullable_inner(), Some(&string));
        assert_eq!(nullable.option_inner(), None);
        // A schema named `Option` is the crate's own type, not the prelude's.
        let own = Type::generic("types::Option", vec![string.clone()]);
        assert_eq!(own.option_inner(), None);
        assert_eq!(Type::generic("Vec", vec![option]).option_inner(), None);
    }

    #[test]
    fn argument_names_are_left_out_only_when_asked() {
        let method = |name: &str, ty: Type| Method {
            receiver: Receiver::Ref,
            args: vec![Arg {
                name: name.into(),
                ty,
            }],
            output: Type::Unit,
        };
        let str_ref = Type::Primitive("str".into()).by_ref();
        let a = method("key_id", str_ref.clone());
        assert!(a.same_but_arg_names(&method("id", str_ref)));
        assert_ne!(a, method("id", Type::Primitive("str".into()).by_ref()));
        assert!(!a.same_but_arg_names(&method("key_id", Type::path("String"))));
    }

    #[test]
    fn the_text_is_what_api_md_lists() {
        let files = Type::Impl(
            Path::new("IntoIterator"),
            vec![Type::Assoc("Item".into(), Box::new(Type::path("FilePart")))],
        );
        assert_eq!(files.to_string(), "impl IntoIterator<Item = FilePart>");
        let slice = Type::Slice(Box::new(Type::path("types::Pet"))).by_ref();
        assert_eq!(Signature::Payload(slice).to_string(), "(&[types::Pet])");
        assert_eq!(
            Signature::Alias(pet_list("types::Pet")).to_string(),
            "type = Vec<types::Pet>"
        );
        assert_eq!(Signature::Encoding(BodyEncoding::Json).to_string(), "Json");
        assert_eq!(Signature::None.to_string(), "");
    }
}
