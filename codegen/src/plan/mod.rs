//! The typed Rust plan of a generated crate: what `emit` decides once and
//! then renders, and what the public-API [`Surface`](crate::surface::Surface)
//! reads instead of parsing the rendered code back.
//!
//! - [`RustType`] (`rust_type.rs`): a type as the crate writes it (a path
//!   with its generic arguments, a reference, a slice, `impl Trait<…>`),
//!   rendered as tokens for the code and as the surface's typed value
//!   (`surface::Type`, one line in `API.md`);
//! - [`Signature`] (`signature.rs`): a method's receiver, arguments and
//!   result, rendered the same two ways;
//! - [`Struct`] (`structs.rs`): a struct the crate defines, the one place
//!   that decides its derives and writes the `Debug` that redacts secrets;
//! - [`Enum`] (`enums.rs`): an enum's definition (a string enum, a union);
//! - [`Setter`] (`setter.rs`): a chainable setter of an optional field;
//! - [`Attr`] (`attr.rs`): an attribute of an item (a doc line, a meta);
//! - [`Code`] (`print.rs`): a file's items, each printed as text or left
//!   as tokens for prettyplease.
//!
//! The plan holds no spec knowledge: `emit` builds it from the IR (which
//! name a type gets, which prelude names are shadowed), and every rendering
//! of it is infallible. `print.rs` writes the text of the shapes the plan
//! owns exactly as prettyplease would, so that the format step parses and
//! pretty-prints only the rest (method bodies).

mod attr;
mod enums;
mod print;
mod rust_type;
mod setter;
mod signature;
mod structs;

pub(crate) use attr::{doc_literal, Attr, Meta};
pub(crate) use enums::{Enum, Variant};
pub(crate) use print::{Code, Piece};
pub(crate) use rust_type::{Root, RustType, TypePath};
pub(crate) use setter::{impl_block, Setter, Stored};
pub(crate) use signature::{Arg, Receiver, Signature};
pub(crate) use structs::{Debug, Derives, Field, Struct};
