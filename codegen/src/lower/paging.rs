//! Which operations page, and how (`ir::Paging`): declared by a spec
//! extension (`x-linkgen-pagination`, or Oxide's `x-dropshot-pagination`),
//! else by `providers.toml` (`LowerOptions::pagination`), else inferred by the
//! one rule of `paging_infer.rs`. An operation whose paging cannot be settled
//! gets no paginator and a warning that says why: a wrong paginator would
//! skip or repeat items, which is worse than none.

use serde::Deserialize;

use super::operation::Plan;
use super::paging_infer::{self, Finding};
use super::through_aliases;
use crate::ir::{self, FieldPath, FieldStep, Leaf, PageShape, Paging, PagingSource, TypeRef};

/// The extension an operation declares its paging with (same fields as a
/// `providers.toml` entry: [`PagingDecl`]).
pub const PAGING_EXTENSION: &str = "x-linkgen-pagination";

/// Oxide's Dropshot marks its paginated operations so: a `page_token` query
/// parameter, a `next_page` token and an `items` array.
const DROPSHOT_EXTENSION: &str = "x-dropshot-pagination";

/// A declared paging rule: an `x-linkgen-pagination` value, or an entry of a
/// provider's `[pagination]` table in `providers.toml`. Field paths are wire
/// names joined by dots (`links.next`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PagingDecl {
    /// How the next page is asked for.
    pub shape: DeclShape,
    /// The query parameter that carries the cursor, offset or page number.
    #[serde(default)]
    pub param: Option<String>,
    /// The page-size query parameter, if any.
    #[serde(default)]
    pub limit: Option<String>,
    /// The field of a page that holds the next cursor or the next URL.
    #[serde(default)]
    pub next: Option<String>,
    /// The field of a page that is `true` while more pages follow.
    #[serde(default)]
    pub has_more: Option<String>,
    /// The field of a page that is `true` on the last page.
    #[serde(default)]
    pub done: Option<String>,
    /// The field of a page that holds its items; inferred when absent.
    #[serde(default)]
    pub items: Option<String>,
    /// The first page's number (`page` shape; default 1).
    #[serde(default)]
    pub first: Option<u64>,
}

/// The shapes a [`PagingDecl`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeclShape {
    /// `Link: <…>; rel="next"`.
    LinkHeader,
    /// A next URL in the page.
    NextUrl,
    /// A cursor parameter and a next-cursor (or `has_more`) field.
    Cursor,
    /// An offset parameter.
    Offset,
    /// A page-number parameter.
    Page,
    /// The operation does not page (silences the inference).
    None,
}

/// Gives each operation its paging, in operation order; returns the warnings
/// (pointer, message) of those that could not get one.
pub(super) fn assign(
    types: &[ir::TypeDef],
    plans: &[Plan],
    declared: &std::collections::BTreeMap<String, PagingDecl>,
    operations: &mut [ir::Operation],
) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    for (plan, op) in plans.iter().zip(operations.iter_mut()) {
        let extensions = &plan.operation.extensions;
        let (decl, source, at) = if let Some(value) = extensions.get(PAGING_EXTENSION) {
            let at = format!("{}/{PAGING_EXTENSION}", plan.pointer);
            match serde_json::from_value::<PagingDecl>(value.clone()) {
                Ok(decl) => (Some(decl), PagingSource::Extension, at),
                Err(e) => {
                    warnings.push((at, format!("not a paging declaration ({e}): no paginator")));
                    continue;
                }
            }
        } else if extensions.contains_key(DROPSHOT_EXTENSION) {
            let decl = PagingDecl {
                shape: DeclShape::Cursor,
                param: Some("page_token".into()),
                limit: Some("limit".into()),
                next: Some("next_page".into()),
                has_more: None,
                done: None,
                items: Some("items".into()),
                first: None,
            };
            let at = format!("{}/{DROPSHOT_EXTENSION}", plan.pointer);
            (Some(decl), PagingSource::Extension, at)
        } else if let Some(decl) = plan.paging_key.as_ref().and_then(|k| declared.get(k)) {
            // Not in the spec: no pointer; the message names the entry.
            (Some(decl.clone()), PagingSource::Config, String::new())
        } else {
            (None, PagingSource::Inferred, plan.pointer.clone())
        };
        let outcome = match decl {
            Some(decl) if decl.shape == DeclShape::None => continue,
            Some(decl) => declared_paging(types, op, &decl).map(Some).map_err(|why| {
                match (source, plan.paging_key.as_deref()) {
                    (PagingSource::Config, Some(key)) => {
                        format!("pagination `{key}`: {why}: no paginator")
                    }
                    _ => format!("{why}: no paginator"),
                }
            }),
            None => match paging_infer::infer(types, plan, op) {
                Finding::Paged(shape, (items, item)) => Ok(Some((shape, items, item))),
                Finding::NotAList => Ok(None),
                Finding::Unsettled(why) => Err(format!("{why}: no paginator")),
            },
        };
        match outcome {
            Ok(Some((shape, items, item))) => {
                op.paging = Some(Paging {
                    shape,
                    items,
                    item,
                    source,
                })
            }
            Ok(None) => {}
            Err(message) => warnings.push((at, message)),
        }
    }
    warnings
}

/// The paging a declaration states, checked against the operation.
fn declared_paging(
    types: &[ir::TypeDef],
    op: &ir::Operation,
    decl: &PagingDecl,
) -> Result<(PageShape, FieldPath, TypeRef), String> {
    let body = paging_infer::success_body(types, op).ok_or("no one JSON success body")?;
    let (items, item) = match &decl.items {
        Some(dotted) => {
            let path = field_path(types, body, dotted)?;
            match path_type(types, body, &path) {
                Some(TypeRef::Array(item)) => (path.with_leaf(Leaf::List), (**item).clone()),
                _ => return Err(format!("`{dotted}` is not an array")),
            }
        }
        None => paging_infer::items(types, body)?.ok_or("no array of items in the page")?,
    };
    let param = |name: &Option<String>, what: &str| -> Result<String, String> {
        let name = name.as_deref().ok_or(format!("a `{what}` is needed"))?;
        paging_infer::query_param(op, name)
            .map(|p| p.wire_name.clone())
            .ok_or(format!("no query parameter `{name}`"))
    };
    let optional_param = |name: &Option<String>| match name {
        Some(_) => param(name, "limit").map(Some),
        None => Ok(None),
    };
    let leaf_path = |name: &Option<String>, what: &str, leaves: &[Leaf]| {
        let dotted = name
            .as_deref()
            .ok_or(format!("a `{what}` field is needed"))?;
        let path = field_path(types, body, dotted)?;
        let leaf = path_type(types, body, &path).and_then(paging_infer::leaf);
        match leaf {
            Some(leaf) if leaves.contains(&leaf) => Ok(path.with_leaf(leaf)),
            _ => Err(format!("`{dotted}` is not a {what}")),
        }
    };
    let shape = match decl.shape {
        DeclShape::LinkHeader => PageShape::LinkHeader,
        DeclShape::NextUrl => PageShape::NextUrl {
            next: leaf_path(&decl.next, "next", &[Leaf::Text])?,
        },
        DeclShape::Cursor => {
            let more = match (&decl.has_more, &decl.done) {
                (Some(_), Some(_)) => return Err("`has-more` or `done`, not both".into()),
                (Some(_), None) => Some(ir::MoreFlag {
                    field: leaf_path(&decl.has_more, "has-more", &[Leaf::Flag])?,
                    more_when: true,
                }),
                (None, Some(_)) => Some(ir::MoreFlag {
                    field: leaf_path(&decl.done, "done", &[Leaf::Flag])?,
                    more_when: false,
                }),
                (None, None) => None,
            };
            let next = match (&decl.next, more) {
                (Some(_), more) => ir::CursorSource::Field {
                    token: leaf_path(&decl.next, "next", &[Leaf::Text, Leaf::Integer])?,
                    more,
                },
                (None, Some(more)) => ir::CursorSource::LastItem {
                    id: paging_infer::item_id(types, &item).ok_or("the items have no `id`")?,
                    more,
                },
                (None, None) => return Err("a `next`, `has-more` or `done` field is needed".into()),
            };
            PageShape::Cursor {
                param: param(&decl.param, "param")?,
                next,
            }
        }
        DeclShape::Offset => PageShape::Offset {
            param: param(&decl.param, "param")?,
            limit: optional_param(&decl.limit)?,
        },
        DeclShape::Page => PageShape::Page {
            param: param(&decl.param, "param")?,
            first: decl.first.unwrap_or(1),
            limit: optional_param(&decl.limit)?,
        },
        DeclShape::None => return Err("`none` declares no paging".into()),
    };
    Ok((shape, items, item))
}

/// The fields a dotted wire path (`links.next`) names, from `body`.
fn field_path(types: &[ir::TypeDef], body: &TypeRef, dotted: &str) -> Result<FieldPath, String> {
    let mut steps = Vec::new();
    let mut current = body;
    for wire in dotted.split('.') {
        let fields = paging_infer::struct_fields(types, current)
            .ok_or(format!("`{dotted}`: `{wire}` is not inside an object"))?;
        let field = fields
            .iter()
            .find(|f| f.wire_name == wire)
            .ok_or(format!("`{dotted}`: no property `{wire}`"))?;
        steps.push(FieldStep::of(field));
        current = &field.ty;
    }
    Ok(FieldPath {
        steps,
        leaf: Leaf::Text,
    })
}

/// The type a path leads to, aliases seen through.
fn path_type<'t>(
    types: &'t [ir::TypeDef],
    body: &'t TypeRef,
    path: &FieldPath,
) -> Option<&'t TypeRef> {
    let mut current = body;
    for step in &path.steps {
        let fields = paging_infer::struct_fields(types, current)?;
        current = &fields.iter().find(|f| f.name == step.field)?.ty;
    }
    Some(through_aliases(types, current))
}

impl FieldStep {
    /// The step through `field`.
    pub(super) fn of(field: &ir::Field) -> Self {
        FieldStep {
            field: field.name.clone(),
            wire: field.wire_name.clone(),
            optional: !field.required || field.nullable,
        }
    }
}

impl FieldPath {
    fn with_leaf(mut self, leaf: Leaf) -> Self {
        self.leaf = leaf;
        self
    }
}
