//! What a type is, for the doc of a type the spec does not describe: the
//! body of an operation's request or response when one is, else the schema
//! it comes from; never the bare pointer alone ("The schema at `#/…`").

use std::collections::BTreeMap;

use super::docs;
use super::Ctx;
use crate::ir::{ResponseBody, StatusMatch, TypeDef, TypeId, TypeRef};

/// One doc line saying what `def` is: its first use as a whole body, by
/// operation order (request body first, then responses), else its schema.
pub(super) fn describe(ctx: &Ctx<'_>, def: &TypeDef) -> String {
    let roles = ctx.body_roles.get_or_init(|| body_roles(ctx));
    let id = ctx
        .api
        .types
        .iter()
        .find_map(|(id, d)| std::ptr::eq(d, def).then_some(*id));
    if let Some(role) = id.and_then(|id| roles.get(&id)) {
        return role.clone();
    }
    let pointer = if def.origin.is_empty() {
        "/"
    } else {
        &def.origin
    };
    match pointer.strip_prefix("/components/schemas/") {
        Some(name) if !name.contains('/') => format!(
            "The {} schema of the spec.",
            docs::code(&crate::pointer::unescape(name))
        ),
        _ => format!(
            "The schema at {} of the spec.",
            docs::code(&format!("#{pointer}"))
        ),
    }
}

/// For each type that is a whole body, what its first use says: "The
/// request body of `Client::m` (`POST /x`)." or "The body of the `404`
/// response of …". Built once per crate: a spec with hundreds of operations
/// has hundreds of undescribed types.
pub(super) fn body_roles(ctx: &Ctx<'_>) -> BTreeMap<TypeId, String> {
    let mut roles = BTreeMap::new();
    for op in &ctx.api.operations {
        let at = || {
            format!(
                "`Client::{}` ({})",
                op.method_name.trim_start_matches("r#"),
                docs::code(&format!("{} {}", op.http_method.as_str(), op.path))
            )
        };
        for v in op.body.iter().flat_map(|b| &b.variants) {
            if let TypeRef::Named(id) = v.ty {
                roles
                    .entry(id)
                    .or_insert_with(|| format!("The request body of {}.", at()));
            }
        }
        for response in &op.responses {
            let ResponseBody::Json(TypeRef::Named(id)) = response.body else {
                continue;
            };
            roles.entry(id).or_insert_with(|| {
                let status = match response.status {
                    StatusMatch::Code(code) => format!("`{code}`"),
                    StatusMatch::Range(class) => format!("`{class}XX`"),
                    StatusMatch::Default => "`default`".into(),
                };
                let kind = if response.success { "" } else { " error" };
                format!("The body of the {status}{kind} response of {}.", at())
            });
        }
    }
    roles
}
