//! A schema `$ref` to a schema the document lacks (a vendor spec its users
//! cannot fix): that one use is degraded to a schema of any value, which
//! lowering types as untyped JSON (`serde_json::Value`), with a located
//! warning and a line in its description saying so. A dangling `$ref`
//! anywhere else (a parameter, a path item, a response) has no sound
//! fallback and stays lowering's located error.

use serde_json::Value;

use super::structure::{child_kind, Kind};
use super::{Ctx, MAX_DEPTH};
use crate::pointer::{join, lookup, parse_local_ref};

/// Degrades every schema `$ref` of `root` whose target is missing. Runs
/// before the rest of normalization, on the document as written, so a
/// `$ref` into a schema's `$defs` is judged before they move.
pub(super) fn degrade(root: &mut Value, ctx: &mut Ctx) {
    let mut found = Vec::new();
    collect(root, root, Kind::Root, String::new(), 0, &mut found);
    for (pointer, reference) in found {
        let Some(Value::Object(obj)) = root.pointer_mut(&pointer) else {
            continue;
        };
        obj.shift_remove("$ref");
        let note = format!(
            "Untyped: the spec's `$ref` `{reference}` names no schema of the document, so this is any JSON value."
        );
        let description = match obj.get("description").and_then(Value::as_str) {
            Some(existing) if !existing.trim().is_empty() => format!("{existing}\n\n{note}"),
            _ => note,
        };
        obj.insert("description".to_string(), Value::String(description));
        obj.insert(
            "x-linkgen-dangling-ref".to_string(),
            Value::String(reference.clone()),
        );
        ctx.warn(
            &join(&pointer, "$ref"),
            format!("`$ref` `{reference}` names no schema of the document: that use typed as any JSON value (`serde_json::Value`)"),
        );
    }
}

/// The pointer and `$ref` of every schema under `node` whose local `$ref`
/// lands on nothing. External references are left for lowering to refuse.
fn collect(
    root: &Value,
    node: &Value,
    kind: Kind,
    pointer: String,
    depth: usize,
    found: &mut Vec<(String, String)>,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    if kind == Kind::Schema {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let missing =
                parse_local_ref(reference).is_ok_and(|target| lookup(root, &target).is_none());
            if missing {
                found.push((pointer.clone(), reference.to_string()));
            }
        }
    }
    let children = crate::pointer::children(node);
    for (key, child) in children {
        if let Some(child_kind) = child_kind(kind, &key, child) {
            collect(
                root,
                child,
                child_kind,
                join(&pointer, &key),
                depth + 1,
                found,
            );
        }
    }
}
