//! The one rule that infers an undeclared operation's paging from its
//! parameters and its success body, and the name lists it reads.
//!
//! Only a `GET` with one JSON success body that holds an array of items can
//! page. Its shape, strongest evidence first: a declared `Link` response
//! header; a next-URL field; a cursor query parameter with a next-cursor
//! field (or, Stripe's way, `has_more` and the last item's id); an offset
//! query parameter; a page-number query parameter. Two candidates at one
//! level (two item arrays, two cursor fields, an offset and a page number)
//! leave the operation without a paginator, with the reason. Names are
//! compared lowercased without `_`, `-`, `.`, `@` or `$` (`next_cursor`,
//! `nextCursor` and `NextCursor` are one name).

use super::operation::Plan;
use super::through_aliases;
use crate::ir::{
    self, CursorSource, FieldPath, FieldStep, HttpMethod, Leaf, MoreFlag, PageShape, ParamLocation,
    ResponseBody, TypeKind, TypeRef,
};

/// Properties that hold a page's items, when it has several arrays.
const ITEM_FIELDS: &[&str] = &["data", "items", "results", "entries", "records", "values"];
/// Objects of a page that hold its paging fields (`links.next`, `meta.next_cursor`).
const CONTAINERS: &[&str] = &[
    "links",
    "link",
    "pagination",
    "paging",
    "meta",
    "metadata",
    "pageinfo",
    "responsemetadata",
];
/// Fields that hold the next page's URL, anywhere a paging field may be.
const NEXT_URL_FIELDS: &[&str] = &[
    "nexturl",
    "nextpageurl",
    "nextlink",
    "nextpagelink",
    "odatanextlink",
];
/// Inside a links container (`links.next`, HAL's `_links.next.href`), the
/// next page's URL.
const LINKS_CONTAINERS: &[&str] = &["links", "link"];
/// Query parameters that take a cursor. (`next_page`, `since` and `next`
/// are left out: in real specs they are as often a URL, a date or a flag.)
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "iterator",
    "after",
    "startingafter",
    "pagetoken",
    "nexttoken",
    "continuationtoken",
    "marker",
    "startcursor",
    "pagecursor",
];
/// Fields that give the next cursor.
const CURSOR_FIELDS: &[&str] = &[
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "nextmarker",
    "endcursor",
    "nextpagecursor",
];
/// Cursor parameters that take the last item's id (Stripe's `starting_after`).
const LAST_ID_PARAMS: &[&str] = &["startingafter", "after"];
/// Fields that are `true` while another page follows.
const HAS_MORE_FIELDS: &[&str] = &["hasmore", "hasnextpage"];
/// Fields that are `true` on the last page (Svix's `done`).
const DONE_FIELDS: &[&str] = &["done", "islastpage"];
/// Query parameters that count the items to skip.
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "startindex"];
/// Query parameters that number the pages.
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pageno"];
/// Query parameters that set the page size.
const LIMIT_PARAMS: &[&str] = &[
    "limit",
    "perpage",
    "pagesize",
    "size",
    "maxresults",
    "pagelimit",
    "maxpagesize",
];

/// What the rule found.
pub(super) enum Finding {
    /// It pages this way; its items are there.
    Paged(PageShape, (FieldPath, TypeRef)),
    /// Nothing says it pages.
    NotAList,
    /// Something says it pages, but not how, or two ways at once.
    Unsettled(String),
}

/// The rule (see the module docs).
pub(super) fn infer(types: &[ir::TypeDef], plan: &Plan, op: &ir::Operation) -> Finding {
    if op.http_method != HttpMethod::Get {
        return Finding::NotAList;
    }
    let Some(body) = success_body(types, op) else {
        return Finding::NotAList;
    };
    let link_header = plan
        .operation
        .responses
        .responses
        .iter()
        .any(|(status, response)| {
            status_is_success(status)
                && response
                    .as_item()
                    .is_some_and(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
        });
    let params = |names: &[&str]| -> Vec<&ir::Param> {
        (op.params.iter())
            .filter(|p| {
                p.location == ParamLocation::Query && names.contains(&norm(&p.wire_name).as_str())
            })
            .collect()
    };
    let (cursors, offsets, pages) = (
        params(CURSOR_PARAMS),
        params(OFFSET_PARAMS),
        params(PAGE_PARAMS),
    );
    let signalled = link_header || !cursors.is_empty() || !offsets.is_empty() || !pages.is_empty();
    let found = match items(types, body) {
        Ok(Some(found)) => found,
        Ok(None) if signalled => return Finding::Unsettled("no array of items in the page".into()),
        Ok(None) => return Finding::NotAList,
        Err(why) => return Finding::Unsettled(why),
    };
    if link_header {
        return Finding::Paged(PageShape::LinkHeader, found);
    }
    let mut urls = fields_named(types, body, NEXT_URL_FIELDS, &[Leaf::Text], true);
    urls.extend(links_next(types, body));
    match urls.len() {
        0 => {}
        1 => {
            return Finding::Paged(
                PageShape::NextUrl {
                    next: urls.remove(0),
                },
                found,
            )
        }
        _ => return Finding::Unsettled(format!("several next-page URLs ({})", dotted(&urls))),
    }
    let limit = params(LIMIT_PARAMS).first().map(|p| p.wire_name.clone());
    match (cursors.as_slice(), offsets.as_slice(), pages.as_slice()) {
        ([], [], []) => Finding::NotAList,
        ([cursor], _, _) => match cursor_source(types, body, cursor, &found.1) {
            Ok(next) => Finding::Paged(
                PageShape::Cursor {
                    param: cursor.wire_name.clone(),
                    next,
                },
                found,
            ),
            Err(why) => Finding::Unsettled(why),
        },
        ([_, _, ..], _, _) => {
            Finding::Unsettled(format!("several cursor parameters ({})", names(&cursors)))
        }
        ([], [offset], []) => Finding::Paged(
            PageShape::Offset {
                param: offset.wire_name.clone(),
                limit,
            },
            found,
        ),
        ([], [], [page]) => Finding::Paged(
            PageShape::Page {
                param: page.wire_name.clone(),
                first: first_page(plan, page),
                limit,
            },
            found,
        ),
        ([], offsets, pages) => {
            let both: Vec<&ir::Param> = offsets.iter().chain(pages).copied().collect();
            Finding::Unsettled(format!(
                "several offset or page parameters ({})",
                names(&both)
            ))
        }
    }
}

/// Where a page gives the cursor for `param`: a next-cursor field, else the
/// last item's id under `has_more` (only for `starting_after`-like params).
fn cursor_source(
    types: &[ir::TypeDef],
    body: &TypeRef,
    param: &ir::Param,
    item: &TypeRef,
) -> Result<CursorSource, String> {
    // Besides the usual names, `next_<param>` and the parameter's own name
    // (Svix's `iterator` answers the `iterator` to send next).
    let own = norm(&param.wire_name);
    let next_own = format!("next{own}");
    let mut names: Vec<&str> = CURSOR_FIELDS.to_vec();
    names.extend([own.as_str(), next_own.as_str()]);
    let mut tokens = fields_named(types, body, &names, &[Leaf::Text, Leaf::Integer], true);
    let more = more_flag(types, body)?;
    match tokens.len() {
        1 => Ok(CursorSource::Field {
            token: tokens.remove(0),
            more,
        }),
        0 => match (more, LAST_ID_PARAMS.contains(&own.as_str())) {
            (Some(more), true) => match item_id(types, item) {
                Some(id) => Ok(CursorSource::LastItem { id, more }),
                None => Err(format!(
                    "cursor parameter `{}` but the items have no `id`",
                    param.wire_name
                )),
            },
            _ => Err(format!(
                "cursor parameter `{}` but no next-cursor field",
                param.wire_name
            )),
        },
        _ => Err(format!("several next-cursor fields ({})", dotted(&tokens))),
    }
}

/// The page's flag that says whether more pages follow, if it has one.
fn more_flag(types: &[ir::TypeDef], body: &TypeRef) -> Result<Option<MoreFlag>, String> {
    let more = fields_named(types, body, HAS_MORE_FIELDS, &[Leaf::Flag], true);
    let done = fields_named(types, body, DONE_FIELDS, &[Leaf::Flag], true);
    let mut flags: Vec<MoreFlag> = (more.into_iter().map(|field| MoreFlag {
        field,
        more_when: true,
    }))
    .chain(done.into_iter().map(|field| MoreFlag {
        field,
        more_when: false,
    }))
    .collect();
    if flags.len() > 1 {
        let paths: Vec<FieldPath> = flags.into_iter().map(|f| f.field).collect();
        return Err(format!("several more-to-come flags ({})", dotted(&paths)));
    }
    Ok(flags.pop())
}

/// The one JSON body of the operation's successes, when it is not
/// nullable (a page that may be `null` has no items to page through).
pub(super) fn success_body<'o>(
    types: &[ir::TypeDef],
    op: &'o ir::Operation,
) -> Option<&'o TypeRef> {
    let mut bodies = op.successes().map(|r| &r.body);
    let first = bodies.next()?;
    match first {
        ResponseBody::Json(ty) if bodies.all(|b| b == first) && !nullable(types, ty) => Some(ty),
        _ => None,
    }
}

/// Whether `ty` is `Option<…>` in Rust, aliases seen through.
fn nullable(types: &[ir::TypeDef], ty: &TypeRef) -> bool {
    let seen = crate::ir_walk::unalias(types, ty, crate::ir_walk::Through::Aliases);
    matches!(seen, Ok(TypeRef::Nullable(_)))
}

/// Where a page keeps its items: the body itself when it is an array, else
/// its one array property (or its one array property named like
/// [`ITEM_FIELDS`]). `Err`: several candidates.
pub(super) fn items(
    types: &[ir::TypeDef],
    body: &TypeRef,
) -> Result<Option<(FieldPath, TypeRef)>, String> {
    if let TypeRef::Array(item) = through_aliases(types, body) {
        let path = FieldPath {
            steps: Vec::new(),
            leaf: Leaf::List,
        };
        return Ok(Some((path, (**item).clone())));
    }
    let Some(fields) = struct_fields(types, body) else {
        return Ok(None);
    };
    let arrays: Vec<&ir::Field> = fields
        .iter()
        .filter(|f| matches!(through_aliases(types, &f.ty), TypeRef::Array(_)))
        .collect();
    let chosen = match arrays.as_slice() {
        [] => return Ok(None),
        [one] => *one,
        several => {
            let named: Vec<&&ir::Field> = several
                .iter()
                .filter(|f| ITEM_FIELDS.contains(&norm(&f.wire_name).as_str()))
                .collect();
            match named.as_slice() {
                [one] => **one,
                _ => {
                    let all: Vec<&str> = several.iter().map(|f| f.wire_name.as_str()).collect();
                    return Err(format!(
                        "several arrays could be the items ({})",
                        all.join(", ")
                    ));
                }
            }
        }
    };
    let TypeRef::Array(item) = through_aliases(types, &chosen.ty) else {
        return Ok(None);
    };
    let path = FieldPath {
        steps: vec![FieldStep::of(chosen)],
        leaf: Leaf::List,
    };
    Ok(Some((path, (**item).clone())))
}

/// The `id` field of an item (a string or an integer).
pub(super) fn item_id(types: &[ir::TypeDef], item: &TypeRef) -> Option<FieldPath> {
    if nullable(types, item) {
        return None;
    }
    let field = struct_fields(types, item)?
        .iter()
        .find(|f| f.wire_name == "id")?;
    let leaf = leaf(through_aliases(types, &field.ty))
        .filter(|l| matches!(l, Leaf::Text | Leaf::Integer))?;
    Some(FieldPath {
        steps: vec![FieldStep::of(field)],
        leaf,
    })
}

/// The fields of the struct `ty` stands for.
pub(super) fn struct_fields<'t>(
    types: &'t [ir::TypeDef],
    ty: &'t TypeRef,
) -> Option<&'t [ir::Field]> {
    match through_aliases(types, ty) {
        TypeRef::Named(id) => match &types.get(id.0)?.kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    }
}

/// What a paging field holds, if it is one a pager can read.
pub(super) fn leaf(ty: &TypeRef) -> Option<Leaf> {
    match ty {
        TypeRef::String => Some(Leaf::Text),
        TypeRef::Integer(_) => Some(Leaf::Integer),
        TypeRef::Bool => Some(Leaf::Flag),
        TypeRef::Array(_) => Some(Leaf::List),
        _ => None,
    }
}

/// The operation's query parameter of that wire name.
pub(super) fn query_param<'o>(op: &'o ir::Operation, wire: &str) -> Option<&'o ir::Param> {
    (op.params.iter()).find(|p| p.location == ParamLocation::Query && p.wire_name == wire)
}

/// The fields named like `names` holding one of `leaves`, at the top of the
/// page and (when `nested`) one level down inside a [`CONTAINERS`] object.
fn fields_named(
    types: &[ir::TypeDef],
    body: &TypeRef,
    names: &[&str],
    leaves: &[Leaf],
    nested: bool,
) -> Vec<FieldPath> {
    let Some(fields) = struct_fields(types, body) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for field in fields {
        let name = norm(&field.wire_name);
        if names.contains(&name.as_str()) {
            if let Some(leaf) =
                leaf(through_aliases(types, &field.ty)).filter(|l| leaves.contains(l))
            {
                found.push(FieldPath {
                    steps: vec![FieldStep::of(field)],
                    leaf,
                });
            }
        } else if nested && CONTAINERS.contains(&name.as_str()) {
            for mut inner in fields_named(types, &field.ty, names, leaves, false) {
                inner.steps.insert(0, FieldStep::of(field));
                found.push(inner);
            }
        }
    }
    found
}

/// A links object's `next`: a URL string, or HAL's `{href}`.
fn links_next(types: &[ir::TypeDef], body: &TypeRef) -> Vec<FieldPath> {
    let Some(fields) = struct_fields(types, body) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for links in fields
        .iter()
        .filter(|f| LINKS_CONTAINERS.contains(&norm(&f.wire_name).as_str()))
    {
        let Some(inner) = struct_fields(types, &links.ty) else {
            continue;
        };
        let Some(next) = inner.iter().find(|f| norm(&f.wire_name) == "next") else {
            continue;
        };
        let mut steps = vec![FieldStep::of(links), FieldStep::of(next)];
        match through_aliases(types, &next.ty) {
            TypeRef::String => {}
            other => {
                let href = struct_fields(types, other)
                    .and_then(|f| f.iter().find(|f| f.wire_name == "href"));
                match href.filter(|h| matches!(through_aliases(types, &h.ty), TypeRef::String)) {
                    Some(href) => steps.push(FieldStep::of(href)),
                    None => continue,
                }
            }
        }
        found.push(FieldPath {
            steps,
            leaf: Leaf::Text,
        });
    }
    found
}

/// The number of the first page: 0 when the parameter's schema says its
/// `default` is 0, else 1. (`minimum: 0` alone does not say that page 0 is
/// the first; a wrong guess would repeat or skip a page.)
fn first_page(plan: &Plan, param: &ir::Param) -> u64 {
    let spec = plan
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire == param.wire_name);
    let default = spec
        .and_then(|p| p.schema.as_ref())
        .and_then(|s| s.as_item())
        .and_then(|s| s.schema_data.default.as_ref());
    match default {
        Some(value) if value.as_u64() == Some(0) => 0,
        _ => 1,
    }
}

fn status_is_success(status: &openapiv3::StatusCode) -> bool {
    match status {
        openapiv3::StatusCode::Code(code) => (200..300).contains(code),
        openapiv3::StatusCode::Range(range) => *range == 2,
    }
}

/// A name as compared against the lists.
fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | '@' | '$'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn names(params: &[&ir::Param]) -> String {
    let names: Vec<&str> = params.iter().map(|p| p.wire_name.as_str()).collect();
    names.join(", ")
}

fn dotted(paths: &[FieldPath]) -> String {
    let names: Vec<String> = paths.iter().map(FieldPath::dotted).collect();
    names.join(", ")
}
