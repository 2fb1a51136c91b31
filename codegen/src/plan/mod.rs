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
//!   that decides its derives and writes the `Debug` that redacts secrets.
//!
//! The plan holds no spec knowledge: `emit` builds it from the IR (which
//! name a type gets, which prelude names are shadowed), and every rendering
//! of it is infallible.

mod rust_type;
mod signature;
mod structs;

pub(crate) use rust_type::{Root, RustType, TypePath};
pub(crate) use signature::{Arg, Receiver, Signature};
pub(crate) use structs::{Debug, Derives, Field, Struct};
