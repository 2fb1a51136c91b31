//! The one rule for structs with many required fields: above
//! [`MAX_POSITIONAL`] of them, `new` takes a `{Name}Required` struct whose
//! fields are named at the call site (`Issue::new(IssueRequired { title,
//! number, … })`) instead of a row of positional arguments, several of them
//! `impl Into<String>` that could be swapped silently. A struct literal keeps
//! the check at compile time: a missing field does not build, and a
//! required field the spec adds breaks the build as it would break `new`.

use crate::ir::{TypeDef, TypeKind};
use crate::naming::NameSet;

/// Most required fields `new` takes as positional arguments.
pub const MAX_POSITIONAL: usize = 4;

/// Names the required-fields struct of every struct above the threshold,
/// in type order, each claimed in the types' namespace (`type_names`) so it
/// collides with no schema's type.
pub(super) fn assign(types: &mut [TypeDef], type_names: &mut NameSet) {
    for def in types {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let required = s.fields.iter().filter(|f| !f.optional()).count();
        if required > MAX_POSITIONAL {
            s.required_args = Some(type_names.claim(&format!("{}Required", def.name)));
        }
    }
}
