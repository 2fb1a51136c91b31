//! A list operation's `pages()` and `items()`, on its call type: the
//! runtime's `Pages` and `Items` streams, given the accessors the paging rule
//! needs (the next cursor or URL, the item count, the items), rendered from
//! `ir::Paging`'s field paths.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::idents::{ident, Case};
use super::tyref::{self, Pos};
use super::Ctx;
use crate::ir::{CursorSource, FieldPath, Leaf, Operation, PageShape, Paging};
use crate::plan::RustType;
use crate::surface::{Direction, Item, Kind, Signature};
use crate::Result;

/// The `pages` and `items` methods of `op`'s call type.
pub(crate) fn methods(
    ctx: &Ctx<'_>,
    op: &Operation,
    paging: &Paging,
    success: &RustType,
    error: &Ident,
) -> Result<TokenStream> {
    let at = op.pointer.as_str();
    let item = tyref::rust(ctx, &paging.item, Pos::Crate, at)?;
    let rule = rule(ctx, &paging.shape, &paging.items, at)?;
    let items = owned(ctx, &paging.items, quote!(page), at)?;
    let items = match items {
        (expr, true) => quote!(#expr.unwrap_or_default()),
        (expr, false) => expr,
    };
    let where_items = match paging.items.steps.is_empty() {
        true => "the page".to_owned(),
        false => docs::code(&paging.items.dotted()),
    };
    let pages_doc = Doc::new()
        .line(format!(
            "The pages of this list, each fetched by a call like this one (the same parameters, options, retries and timeouts): {}.",
            how(&paging.shape)
        ))
        .line("The stream ends after the last page, after the first error (which it yields), or after [`DEFAULT_MAX_PAGES`](::linkgen_runtime::DEFAULT_MAX_PAGES) pages unless [`Pages::max_pages`](::linkgen_runtime::Pages::max_pages) says otherwise.")
        .outer();
    let items_doc = Doc::new()
        .line(format!(
            "Every item of every page (from {where_items}), in order, fetching the pages as the items run out: see [`pages`](Self::pages)."
        ))
        .outer();
    Ok(quote! {
        #pages_doc
        pub fn pages(self) -> ::linkgen_runtime::Pages<#success, #error> {
            self.0.into_pages(#rule)
        }

        #items_doc
        pub fn items(self) -> ::linkgen_runtime::Items<#success, #error, #item> {
            self.pages().into_items(|page| #items)
        }
    })
}

/// The paginator of `op`'s call type `call`, as an item of the surface: its
/// item type in the signature, its shape and fields on the wire.
pub(crate) fn surface_item(
    ctx: &Ctx<'_>,
    op: &Operation,
    paging: &Paging,
    call: &str,
    origin: &str,
) -> Result<Item> {
    let item = tyref::rust(ctx, &paging.item, Pos::Crate, &op.pointer)?;
    Ok(Item {
        path: format!("{call}::pages"),
        kind: Kind::Paginator,
        origin: format!("{origin}/paging"),
        signature: Signature::Paginator {
            call: crate::surface::Path::new(call),
            item: item.surface(),
        },
        wire: super::surface_wire::paging(paging),
        required: false,
        direction: Direction::Response,
        deprecated: None,
        doc: None,
        features: Vec::new(),
    })
}

/// The runtime's `Paging` value for `shape`.
fn rule(ctx: &Ctx<'_>, shape: &PageShape, items: &FieldPath, at: &str) -> Result<TokenStream> {
    let count = || -> Result<TokenStream> {
        Ok(match borrowed(ctx, items, quote!(page), at)? {
            (expr, true) => quote!(|page| #expr.map_or(0, |items| items.len())),
            (expr, false) => quote!(|page| #expr.len()),
        })
    };
    let limit = |limit: &Option<String>| match limit {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    };
    Ok(match shape {
        PageShape::LinkHeader => quote!(::linkgen_runtime::Paging::LinkHeader),
        PageShape::NextUrl { next } => {
            let next = text(ctx, next, quote!(page), at)?;
            quote!(::linkgen_runtime::Paging::NextUrl(|page| #next))
        }
        PageShape::Cursor { param, next } => {
            let next = match next {
                CursorSource::Field { token, more } => {
                    let token = text(ctx, token, quote!(page), at)?;
                    match more {
                        Some(more) => {
                            let flag = flag_is(ctx, &more.field, !more.more_when, at)?;
                            quote!(|page| if #flag {
                                ::core::option::Option::None
                            } else {
                                #token
                            })
                        }
                        None => quote!(|page| #token),
                    }
                }
                CursorSource::LastItem { id, more } => {
                    let flag = flag_is(ctx, &more.field, more.more_when, at)?;
                    let last = match borrowed(ctx, items, quote!(page), at)? {
                        (expr, true) => quote!(#expr.and_then(|items| items.last())),
                        (expr, false) => quote!(#expr.last()),
                    };
                    let id = match leaf(ctx, id, quote!(item), at)? {
                        (id, true) => quote!(#last.and_then(|item| #id)),
                        (id, false) => quote!(#last.map(|item| #id)),
                    };
                    quote!(|page| if #flag {
                        #id
                    } else {
                        ::core::option::Option::None
                    })
                }
            };
            quote!(::linkgen_runtime::Paging::Cursor { param: #param, next: #next })
        }
        PageShape::Offset { param, limit: size } => {
            let (count, size) = (count()?, limit(size));
            quote!(::linkgen_runtime::Paging::Offset { param: #param, limit: #size, count: #count })
        }
        PageShape::Page {
            param,
            first,
            limit: size,
        } => {
            let (count, size) = (count()?, limit(size));
            let first = proc_macro2::Literal::u64_unsuffixed(*first);
            quote!(::linkgen_runtime::Paging::Page { param: #param, first: #first, limit: #size, count: #count })
        }
    })
}

/// How the next page is asked for, for the docs of `pages`.
fn how(shape: &PageShape) -> String {
    match shape {
        PageShape::LinkHeader => "each next page is the one the `Link` header names (`rel=\"next\"`)".into(),
        PageShape::NextUrl { next } => format!("each next page is the URL in {}", docs::code(&next.dotted())),
        PageShape::Cursor { param, next } => match next {
            CursorSource::Field { token, more } => {
                let mut text = format!(
                    "each next page sets {} to {} of the page before",
                    docs::code(param),
                    docs::code(&token.dotted())
                );
                if let Some(more) = more {
                    text.push_str(&format!(
                        ", until {} is `{}`",
                        docs::code(&more.field.dotted()),
                        !more.more_when
                    ));
                }
                text
            }
            CursorSource::LastItem { id, more } => format!(
                "each next page sets {} to the {} of the last item of the page before, until {} is `{}`",
                docs::code(param),
                docs::code(&id.dotted()),
                docs::code(&more.field.dotted()),
                !more.more_when
            ),
        },
        PageShape::Offset { param, .. } => format!(
            "each next page advances {} by the number of items of the page before; an empty page (or one shorter than the page size set) is the last",
            docs::code(param)
        ),
        PageShape::Page { param, .. } => format!(
            "each next page advances {} by one; an empty page (or one shorter than the page size set) is the last",
            docs::code(param)
        ),
    }
}

/// The value at `path` inside `root` (a reference), and whether it is an
/// `Option` of a reference (some field on the way is optional).
fn borrowed(
    ctx: &Ctx<'_>,
    path: &FieldPath,
    root: TokenStream,
    at: &str,
) -> Result<(TokenStream, bool)> {
    walk(ctx, path, root, at, true)
}

/// The value at `path` inside `root`, moved out of it, and whether it is an
/// `Option`.
fn owned(
    ctx: &Ctx<'_>,
    path: &FieldPath,
    root: TokenStream,
    at: &str,
) -> Result<(TokenStream, bool)> {
    walk(ctx, path, root, at, false)
}

/// The fields of `path` from `root`, borrowed or moved, through the
/// `Option`s on the way.
fn walk(
    ctx: &Ctx<'_>,
    path: &FieldPath,
    root: TokenStream,
    at: &str,
    by_ref: bool,
) -> Result<(TokenStream, bool)> {
    let mut expr = root;
    let mut optional = false;
    for step in &path.steps {
        let field = ident(ctx, &step.field, Case::Snake, "field", at)?;
        let (value, option) = if by_ref {
            (quote!(&value.#field), quote!(value.#field.as_ref()))
        } else {
            (quote!(value.#field), quote!(value.#field))
        };
        expr = match (optional, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) if by_ref => quote!(#expr.#field.as_ref()),
            (false, true) => quote!(#expr.#field),
            (true, false) => quote!(#expr.map(|value| #value)),
            (true, true) => quote!(#expr.and_then(|value| #option)),
        };
        optional |= step.optional;
    }
    Ok((expr, optional))
}

/// The leaf at `path` inside `root` (a reference) as the `Option` a pager
/// reads: a token or URL as text, a flag as `bool`.
fn text(ctx: &Ctx<'_>, path: &FieldPath, root: TokenStream, at: &str) -> Result<TokenStream> {
    Ok(match leaf(ctx, path, root, at)? {
        (expr, true) => expr,
        (expr, false) => quote!(::core::option::Option::Some(#expr)),
    })
}

/// The leaf at `path` inside `root` (a reference), owned (text for a token
/// or URL, `bool` for a flag), and whether it is an `Option`.
fn leaf(
    ctx: &Ctx<'_>,
    path: &FieldPath,
    root: TokenStream,
    at: &str,
) -> Result<(TokenStream, bool)> {
    // Only the last field optional: the `Option` itself is cloned or copied
    // (`page.next_cursor.clone()`), not re-wrapped through `as_ref`.
    let last_only = path.steps.last().is_some_and(|s| s.optional)
        && path.steps.iter().rev().skip(1).all(|s| !s.optional);
    if last_only && path.leaf != Leaf::Integer {
        let mut place = root;
        for step in &path.steps {
            let field = ident(ctx, &step.field, Case::Snake, "field", at)?;
            place = quote!(#place.#field);
        }
        return Ok(match path.leaf {
            Leaf::Flag => (place, true),
            _ => (quote!(#place.clone()), true),
        });
    }
    let (expr, optional) = borrowed(ctx, path, root, at)?;
    let expr = match (path.leaf, optional) {
        (Leaf::Text | Leaf::List, true) => quote!(#expr.cloned()),
        (Leaf::Text | Leaf::List, false) => quote!(#expr.clone()),
        (Leaf::Integer, true) => quote!(#expr.map(|value| value.to_string())),
        (Leaf::Integer, false) => quote!(#expr.to_string()),
        (Leaf::Flag, true) => quote!(#expr.copied()),
        (Leaf::Flag, false) => expr,
    };
    Ok((expr, optional))
}

/// A condition on a `has_more` flag: that it says `value` (an absent
/// optional flag says neither).
fn flag_is(ctx: &Ctx<'_>, path: &FieldPath, value: bool, at: &str) -> Result<TokenStream> {
    Ok(match leaf(ctx, path, quote!(page), at)? {
        (flag, true) => quote!(#flag == ::core::option::Option::Some(#value)),
        (flag, false) if value => flag,
        (flag, false) => quote!(!#flag),
    })
}
