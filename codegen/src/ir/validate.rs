//! [`Api::validate`]: the invariants `emit` relies on, checked once, so the
//! emitter only renders. `lower` runs it on what it built (a spec can reach
//! some of these: a `6XX` range, a path template naming no parameter);
//! `emit` runs it again because an `Api` can also be built by hand.

use std::collections::BTreeSet;

use super::{
    Api, BodyEncoding, BodyVariant, Operation, PathPiece, ResponseBody, StatusMatch, TypeKind,
    TypeRef,
};
use crate::ir_walk::{self, Through};
use crate::{Document, Error, Result};

impl Api {
    /// Checks every operation: its path template against its path
    /// parameters, its parameters against its parameters type, its
    /// responses (each status once, ranges `1XX`–`5XX`, what a `default`
    /// covers, a redirect only as a 3xx success, one success body unless
    /// there is a success enum) and whether
    /// its request body can be sent. The error is located in `doc` (its
    /// file, the operation's JSON pointer, and the line when `doc` knows
    /// it).
    pub fn validate(&self, doc: &Document) -> Result<()> {
        for op in &self.operations {
            self.check_operation(op)
                .map_err(|message| Error::Unsupported {
                    location: doc.location(&op.pointer),
                    message,
                })?;
        }
        Ok(())
    }

    fn check_operation(&self, op: &Operation) -> Result<(), String> {
        check_path(op)?;
        check_responses(op)?;
        if let Some(body) = &op.body {
            if body.variants.is_empty() || body.has_choice() != body.choice_type.is_some() {
                return Err(
                    "a request body needs one variant, or a choice type for several".into(),
                );
            }
            for variant in &body.variants {
                self.check_body(variant)?;
            }
        }
        Ok(())
    }

    /// Whether the runtime can send `body` the way its encoding says: raw
    /// bytes from bytes or a string, text from a string, a number, a
    /// boolean or a string enum.
    fn check_body(&self, body: &BodyVariant) -> Result<(), String> {
        let resolved = ir_walk::unalias(&self.types, &body.ty, Through::Aliases).ok();
        let sendable = match body.encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Empty => true,
            BodyEncoding::Multipart => body.form.is_some(),
            BodyEncoding::Bytes => matches!(resolved, Some(TypeRef::Bytes(_) | TypeRef::String)),
            BodyEncoding::Text => match resolved {
                Some(TypeRef::String | TypeRef::Integer(_) | TypeRef::Float(_) | TypeRef::Bool) => {
                    true
                }
                Some(TypeRef::Named(id)) => self
                    .types
                    .get(id)
                    .is_some_and(|def| matches!(def.kind, TypeKind::StringEnum(_))),
                _ => false,
            },
        };
        if sendable {
            Ok(())
        } else {
            Err(format!(
                "a {:?} request body of this type cannot be sent",
                body.encoding
            ))
        }
    }
}

/// Every `{name}` of the template is a path parameter, and every path
/// parameter is in the template (there is nowhere else to send it); path
/// parameters, the method's positional arguments, have distinct names.
fn check_path(op: &Operation) -> Result<(), String> {
    let mut used = BTreeSet::new();
    for piece in op.path.pieces() {
        let PathPiece::Param(name) = piece else {
            continue;
        };
        if !op.path_params().any(|p| p.wire_name == *name) {
            return Err(format!(
                "path template `{}` names `{name}`, which is no path parameter",
                op.path
            ));
        }
        used.insert(name.as_str());
    }
    let mut names = BTreeSet::new();
    for p in op.path_params() {
        if !used.contains(p.wire_name.as_str()) {
            return Err(format!(
                "path parameter `{}` does not appear in the path template `{}`",
                p.wire_name, op.path
            ));
        }
        if !names.insert(p.name.as_str()) {
            return Err(format!("parameter name `{}` is used twice", p.name));
        }
    }
    Ok(())
}

fn check_responses(op: &Operation) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for r in &op.responses {
        if !seen.insert(r.status) {
            return Err(format!("{} is declared twice", r.status.describe()));
        }
        if let StatusMatch::Range(n) = r.status {
            if !(1..=5).contains(&n) {
                return Err(format!("status range {n}XX"));
            }
        }
        if r.body == ResponseBody::Redirect && !(r.success && r.status.class() == Some(3)) {
            return Err(format!(
                "response `{}` decodes a redirect but is no 3xx success",
                r.variant
            ));
        }
        if matches!(r.body, ResponseBody::Events(_)) && !(r.success && op.stream_success) {
            return Err(format!(
                "response `{}` is events but not the operation's one, streamed, success",
                r.variant
            ));
        }
        if r.covers != r.status.covered(r.success) {
            return Err(format!(
                "response `{}` is declared for {} but covers {}",
                r.variant,
                r.status.describe(),
                r.covers.describe()
            ));
        }
    }
    let mut successes = op.successes().map(|r| &r.body);
    if op.success_type.is_none() {
        if let Some(first) = successes.next() {
            if successes.any(|body| body != first) {
                return Err(
                    "success responses have different bodies but the operation has no success enum"
                        .into(),
                );
            }
        }
    }
    Ok(())
}
