//! Wire changes classified from typed facts: names that read like the
//! rules' keywords (`null_event`, `default_x`, `required_by`, a scheme keyed
//! `none`) are names. Each of these was misclassified when the rules read
//! substrings of the wire text.

use codegen::ir::HttpMethod;
use codegen::surface::wire::{self, PageNext, Shape, Status};
use codegen::surface::{Direction, Item, Kind, Path, Signature, Type, Wire};

use crate::test_kit::{item, method, object, operation, option, run, string, summary, ty};
use crate::wire::{classify, WireKind};
use crate::{Bump, ChangeKind, Section};

/// `old` → `new` changed only on the wire: the one change is `WireChanged`
/// of `expected` kind.
fn assert_wire_change(old: Item, new: Item, expected: WireKind) -> crate::Change {
    assert_eq!(classify(&old, &new), expected);
    let r = run(vec![old], vec![new]);
    let path = r
        .changes
        .first()
        .map(|c| c.item.clone())
        .unwrap_or_default();
    assert_eq!(
        summary(&r),
        [(path, ChangeKind::WireChanged, expected.is_breaking())]
    );
    r.changes[0].clone()
}

fn variant(tag: &str) -> Item {
    item(
        "types::Event::Click",
        Kind::UnionVariant,
        "/components/schemas/Event/variant/Click",
        Signature::Payload(Type::path("types::Click")),
        Wire::Variant {
            shape: Shape::Component("Click".into()),
            tags: vec![tag.into()],
        },
    )
}

#[test]
fn a_union_tag_renamed_to_null_event_is_not_a_nullability_change() {
    // The substring rules read `null` in `tag: "null_event"`: Nullability.
    let c = assert_wire_change(variant("click"), variant("null_event"), WireKind::Other);
    assert_eq!(c.section, Section::Wire);
    assert_eq!(c.bump, Bump::Minor);
    assert_eq!(
        c.wire.as_deref(),
        Some(r#"`Click, tag: "click"` → `Click, tag: "null_event"`"#)
    );
}

fn list_items(path: &str) -> Item {
    Item {
        direction: Direction::Both,
        ..item(
            "Client::list_items",
            Kind::Method,
            "GET /items",
            method(&[], Type::path("operations::ListItemsCall")),
            operation(HttpMethod::Get, path, false, &[&[]], &[200]),
        )
    }
}

#[test]
fn a_path_moved_under_default_x_is_not_a_default_change() {
    // The substring rules read `default` in `GET /default_x/items`: Default.
    let c = assert_wire_change(
        list_items("/items"),
        list_items("/default_x/items"),
        WireKind::Other,
    );
    assert_eq!(
        c.wire.as_deref(),
        Some("`GET /items, security: none, success: 200` → `GET /default_x/items, security: none, success: 200`")
    );
}

fn paginator(next: &str) -> Item {
    item(
        "operations::ListItemsCall::pages",
        Kind::Paginator,
        "GET /items/paging",
        Signature::Paginator {
            call: Path::new("operations::ListItemsCall"),
            item: Type::path("types::Item"),
        },
        Wire::Paging(wire::Paging {
            shape: "cursor",
            param: Some("cursor".into()),
            next: Some(PageNext::Field(next.into())),
            more: None,
            limit: None,
            items: Some("data".into()),
        }),
    )
}

#[test]
fn a_paginator_reading_required_by_is_not_a_requiredness_change() {
    // The substring rules read `required` in `next: required_by`:
    // Requiredness.
    let c = assert_wire_change(
        paginator("next_cursor"),
        paginator("required_by"),
        WireKind::Other,
    );
    assert_eq!(c.section, Section::Wire);
}

fn rate_limit_header(statuses: Vec<Status>) -> Item {
    item(
        "operations::ListItemsHeaders::x_rate_limit",
        Kind::ResponseHeader,
        "GET /items/headers/x-rate-limit",
        ty(option(Type::Primitive("u64".into()))),
        Wire::Header(wire::Header {
            name: "X-Rate-Limit".into(),
            statuses,
            required: false,
        }),
    )
}

#[test]
fn a_header_also_declared_on_the_default_response_is_not_a_default_change() {
    // The substring rules read `default` in `statuses: 200 default`: Default.
    assert_wire_change(
        rate_limit_header(vec![Status::Code(200)]),
        rate_limit_header(vec![Status::Code(200), Status::Default]),
        WireKind::Other,
    );
}

#[test]
fn a_scheme_keyed_none_is_a_credential_not_the_absence_of_one() {
    // Both printed `security: none`: the text rules saw no change at all.
    let open = list_items("/items");
    let mut keyed = list_items("/items");
    keyed.wire = operation(HttpMethod::Get, "/items", false, &[&["none"]], &[200]);
    let c = assert_wire_change(open, keyed, WireKind::SecurityStricter);
    assert_eq!(c.section, Section::Breaking);
    assert_eq!(c.bump, Bump::Major);
    assert_eq!(
        c.wire.as_deref(),
        Some(r#"a request that was accepted may now be refused: security `none` → `"none"`"#)
    );
}

#[test]
fn a_field_default_is_still_a_default_change() {
    let field = |default: Option<&str>| {
        item(
            "types::Pet::default_x",
            Kind::Field,
            "/components/schemas/Pet/properties/default_x",
            ty(option(string())),
            Wire::Field(wire::Field {
                name: "default_x".into(),
                shape: Shape::Scalar("string"),
                required: false,
                nullable: false,
                read_only: false,
                write_only: false,
                default: default.map(str::to_owned),
            }),
        )
    };
    let c = assert_wire_change(field(None), field(Some("\"x\"")), WireKind::Default);
    assert_eq!(
        c.wire.as_deref(),
        Some(
            "the default changed (none → `default: \"x\"`): \
             what the server assumes when the value is omitted"
        )
    );
}

#[test]
fn a_component_rename_does_not_rename_a_json_name_that_spells_its_key() {
    // The text rules renamed `Pet` wherever it stood alone in a wire text,
    // the JSON name `"Pet"` too, and reported the field as changed.
    let side = |key: &str| {
        let o = format!("/components/schemas/{key}");
        let owner = "/components/schemas/Owner";
        let mut items = object(key, &o);
        items.extend([
            item(
                "types::Owner",
                Kind::Struct,
                owner,
                Signature::Struct,
                Wire::Object,
            ),
            item(
                "types::Owner::pet",
                Kind::Field,
                &format!("{owner}/properties/Pet"),
                ty(option(Type::path(&format!("types::{key}")))),
                Wire::Field(wire::Field {
                    name: "Pet".into(),
                    shape: Shape::Component(key.into()),
                    required: false,
                    nullable: false,
                    read_only: false,
                    write_only: false,
                    default: None,
                }),
            ),
        ]);
        items
    };
    let r = run(side("Pet"), side("Animal"));
    assert_eq!(
        summary(&r),
        [(
            "types::Animal".into(),
            ChangeKind::Renamed {
                from: "types::Pet".into()
            },
            true
        )]
    );
}
