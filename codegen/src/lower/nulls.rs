//! Explicit null: which fields are three-state, `Nullable<T>` (absent,
//! `null`, a value) instead of `Option<T>`. The one place that decides.
//!
//! The rule: a field is three-state when it is optional, nullable and not
//! `readOnly`, and its struct is reachable from a JSON request body (or a
//! JSON part of a multipart one). Only there can a caller mean "clear it"
//! (`null`) apart from "leave it" (absent), as PATCH-style APIs need. Types
//! only responses or parameters reach keep `Option<T>`: they are read, and
//! reading them stays as it was. A type both requests and responses reach
//! is one Rust type, so it is three-state both ways (a response then tells
//! an absent field from a `null` one). A base64 (`format: byte`) field keeps
//! `Option` (its serde helper reads and writes an `Option`).

use std::collections::BTreeSet;

use crate::ir::{self, BodyEncoding, PartKind, TypeKind, TypeRef};
use crate::{ir_walk, naming};

/// Sets [`ir::Field::explicit_null`] and [`ir::Field::null_setter`] on the
/// fields of the types `operations`' request bodies carry.
pub(super) fn mark(operations: &[ir::Operation], types: &mut [ir::TypeDef]) {
    let mut sent = BTreeSet::new();
    let bodies = operations.iter().filter_map(|op| op.body.as_ref());
    for body in bodies.flat_map(|b| &b.variants) {
        match body.encoding {
            BodyEncoding::Json => ir_walk::reach(&*types, &body.ty, &mut sent),
            BodyEncoding::Multipart => {
                let parts = body.form.iter().flat_map(|f| &f.parts);
                for part in parts.filter(|p| p.kind == PartKind::Json) {
                    ir_walk::reach(&*types, &part.ty, &mut sent);
                }
            }
            BodyEncoding::Form | BodyEncoding::Bytes | BodyEncoding::Text | BodyEncoding::Empty => {
            }
        }
    }
    for id in sent {
        let Some(TypeKind::Struct(s)) = types.get_mut(id.0).map(|d| &mut d.kind) else {
            continue;
        };
        for field in &mut s.fields {
            field.explicit_null = three_state(field);
        }
        let names = naming::null_setter_idents(
            s.fields.iter().map(|f| f.setter.as_str()),
            s.fields
                .iter()
                .filter(|f| f.explicit_null)
                .map(|f| f.setter.as_str()),
        );
        let three = s.fields.iter_mut().filter(|f| f.explicit_null);
        for (field, name) in three.zip(names) {
            field.null_setter = name;
        }
    }
}

/// Whether a field of a request-carried type is three-state.
fn three_state(field: &ir::Field) -> bool {
    !field.required && field.nullable && !field.read_only && !matches!(field.ty, TypeRef::Bytes(_))
}
