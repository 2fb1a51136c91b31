//! Which operations page, and how: declared (extension, options) or inferred
//! by the one rule; ambiguity gives no paginator and a warning.

use crate::lower_support;

use codegen::ir::{CursorSource, PageShape, PagingSource};
use codegen::lower::{DeclShape, PagingDecl};
use lower_support::*;

/// A `GET /things` returning `body`, with these query parameters.
fn list(params: &[&str], body: &str) -> String {
    let params: String = params
        .iter()
        .map(|p| format!("        - {{ name: {p}, in: query, schema: {{ type: string }} }}\n"))
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters:\n{params}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{body}"
    )
}

const OBJECT_WITH_CURSOR: &str = "                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_cursor: {type: string}
                  has_more: {type: boolean}
";

#[test]
fn the_fixture_gets_one_paginator_per_shape_and_none_when_ambiguous() {
    let api = Lowering::file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/wire/paging.yaml"
    ))
    .api();
    let shape = |method: &str| op(&api, method).paging.as_ref().map(|p| p.shape.label());
    assert_eq!(shape("list_issues"), Some("link header"));
    assert_eq!(
        shape("list_bookings"),
        Some("next url"),
        "links.next beats the page parameter"
    );
    assert_eq!(shape("list_events"), Some("cursor"));
    assert_eq!(shape("list_charges"), Some("cursor"));
    assert_eq!(shape("list_contacts"), Some("offset"));
    assert_eq!(shape("list_logs"), Some("cursor"));
    assert_eq!(shape("list_mixed"), None);
    assert!(has_warning(
        &api,
        "/paths/~1mixed/get",
        "several offset or page parameters (offset, page): no paginator"
    ));
    let charges = op(&api, "list_charges").paging.as_ref().unwrap();
    assert!(matches!(
        &charges.shape,
        PageShape::Cursor { param, next: CursorSource::LastItem { .. } } if param == "starting_after"
    ));
    assert_eq!(charges.source, PagingSource::Inferred);
    let logs = op(&api, "list_logs").paging.as_ref().unwrap();
    assert_eq!(logs.source, PagingSource::Extension);
    assert_eq!(logs.items.dotted(), "lines");
}

#[test]
fn a_cursor_parameter_needs_a_next_cursor_field() {
    let api = Lowering::text("paging.yaml", &list(&["cursor"], OBJECT_WITH_CURSOR)).api();
    let paging = op(&api, "list_things").paging.as_ref().expect("paged");
    match &paging.shape {
        PageShape::Cursor {
            param,
            next: CursorSource::Field { token, more },
        } => {
            assert_eq!(param, "cursor");
            assert_eq!(token.dotted(), "next_cursor");
            let more = more.as_ref().expect("has_more");
            assert_eq!(
                (more.field.dotted().as_str(), more.more_when),
                ("has_more", true)
            );
        }
        other => panic!("{other:?}"),
    }
    let bare = "                type: object\n                properties:\n                  data: {type: array, items: {type: string}}\n";
    let api = Lowering::text("paging.yaml", &list(&["cursor"], bare)).api();
    assert_eq!(op(&api, "list_things").paging, None);
    assert!(has_warning(
        &api,
        "/paths/~1things/get",
        "cursor parameter `cursor` but no next-cursor field: no paginator"
    ));
}

#[test]
fn svix_iterators_page_until_done() {
    let body = "                type: object
                required: [data, done]
                properties:
                  data: {type: array, items: {type: string}}
                  iterator: {type: string, nullable: true}
                  prevIterator: {type: string, nullable: true}
                  done: {type: boolean}
";
    let api = Lowering::text("paging.yaml", &list(&["limit", "iterator"], body)).api();
    let paging = op(&api, "list_things").paging.as_ref().expect("paged");
    match &paging.shape {
        PageShape::Cursor {
            param,
            next:
                CursorSource::Field {
                    token,
                    more: Some(more),
                },
        } => {
            assert_eq!(param, "iterator");
            assert_eq!(token.dotted(), "iterator");
            assert_eq!(
                (more.field.dotted().as_str(), more.more_when),
                ("done", false)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_item_arrays_are_ambiguous_unless_one_is_named_like_items() {
    let two = "                type: object\n                properties:\n                  tags: {type: array, items: {type: string}}\n                  owners: {type: array, items: {type: string}}\n";
    let api = Lowering::text("paging.yaml", &list(&["offset"], two)).api();
    assert_eq!(op(&api, "list_things").paging, None);
    assert!(has_warning(
        &api,
        "/paths/~1things/get",
        "several arrays could be the items (tags, owners): no paginator"
    ));
    let named = two.replace("owners", "results");
    let api = Lowering::text("paging.yaml", &list(&["offset"], &named)).api();
    let paging = op(&api, "list_things").paging.as_ref().expect("paged");
    assert_eq!(paging.items.dotted(), "results");
}

#[test]
fn a_list_without_paging_parameters_is_not_paged_and_not_warned_about() {
    let api = Lowering::text("paging.yaml", &list(&["q"], OBJECT_WITH_CURSOR)).api();
    assert_eq!(op(&api, "list_things").paging, None);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}

#[test]
fn options_declare_paging_and_name_unknown_operations() {
    let decl = PagingDecl {
        shape: DeclShape::Cursor,
        param: Some("from".into()),
        limit: None,
        next: Some("next_cursor".into()),
        has_more: None,
        done: None,
        items: Some("data".into()),
        first: None,
    };
    let options = codegen::LowerOptions {
        pagination: [
            ("listThings".to_owned(), decl.clone()),
            ("nothing".to_owned(), decl),
        ]
        .into(),
        ..Default::default()
    };
    let api = Lowering::text("paging.yaml", &list(&["from"], OBJECT_WITH_CURSOR))
        .options(options)
        .api();
    let paging = op(&api, "list_things").paging.as_ref().expect("declared");
    assert_eq!(paging.source, PagingSource::Config);
    assert!(matches!(&paging.shape, PageShape::Cursor { param, .. } if param == "from"));
    assert!(has_warning(&api, "", "pagination: no operation `nothing`"));

    // A declaration that names what the operation lacks is refused, located.
    let wrong = PagingDecl {
        shape: DeclShape::Offset,
        param: Some("skip".into()),
        limit: None,
        next: None,
        has_more: None,
        done: None,
        items: None,
        first: None,
    };
    let options = codegen::LowerOptions {
        pagination: [("GET /things".to_owned(), wrong)].into(),
        ..Default::default()
    };
    let api = Lowering::text("paging.yaml", &list(&["from"], OBJECT_WITH_CURSOR))
        .options(options)
        .api();
    assert_eq!(op(&api, "list_things").paging, None);
    assert!(has_warning(
        &api,
        "",
        "pagination `GET /things`: no query parameter `skip`: no paginator"
    ));
}
