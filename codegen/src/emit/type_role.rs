//! What a type is, for the doc of a type the spec does not describe: the
//! body of an operation's request or response when one is, else the schema
//! it comes from; never the bare pointer alone ("The schema at `#/…`").

use super::docs;
use super::Ctx;
use crate::ir::{ResponseBody, StatusMatch, TypeDef, TypeId, TypeRef};

/// One doc line saying what `def` is: its first use as a whole body, by
/// operation order (request body first, then responses), else its schema.
pub(super) fn describe(ctx: &Ctx<'_>, def: &TypeDef) -> String {
    let id = ctx
        .api
        .types
        .iter()
        .find_map(|(id, d)| std::ptr::eq(d, def).then_some(*id));
    if let Some(role) = id.and_then(|id| body_role(ctx, id)) {
        return role;
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

/// "The request body of `Client::m` (`POST /x`)." or "The body of the `404`
/// response of …" for the first operation whose body is the type itself.
fn body_role(ctx: &Ctx<'_>, id: TypeId) -> Option<String> {
    let is = |ty: &TypeRef| *ty == TypeRef::Named(id);
    for op in &ctx.api.operations {
        let at = format!(
            "`Client::{}` ({})",
            op.method_name.trim_start_matches("r#"),
            docs::code(&format!("{} {}", op.http_method.as_str(), op.path))
        );
        if op
            .body
            .as_ref()
            .is_some_and(|b| b.variants.iter().any(|v| is(&v.ty)))
        {
            return Some(format!("The request body of {at}."));
        }
        for response in &op.responses {
            let ResponseBody::Json(ty) = &response.body else {
                continue;
            };
            if !is(ty) {
                continue;
            }
            let status = match response.status {
                StatusMatch::Code(code) => format!("`{code}`"),
                StatusMatch::Range(class) => format!("`{class}XX`"),
                StatusMatch::Default => "`default`".into(),
            };
            let kind = if response.success { "" } else { " error" };
            return Some(format!("The body of the {status}{kind} response of {at}."));
        }
    }
    None
}
