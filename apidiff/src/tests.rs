//! The rule engine against hand-built surfaces.

use codegen::ir::HttpMethod;
use codegen::surface::wire::{self, Status};
use codegen::surface::{Direction, Item, Kind, Path, Signature, Type, Wire};

use crate::test_kit::{
    field, files, item, item_mut, method, operation, option, run, string, summary, surface, ty,
};
use crate::{compare, Bump, ChangeKind, Section, Side};

fn add_pet(security: &[&[&str]]) -> Wire {
    operation(HttpMethod::Post, "/pets", true, security, &[])
}

fn pet_request() -> Vec<Item> {
    let o = "/components/schemas/Pet";
    vec![
        item(
            "types::Pet",
            Kind::Struct,
            o,
            Signature::Struct,
            Wire::Object,
        ),
        Item {
            required: true,
            ..item(
                "types::Pet::id",
                Kind::Field,
                &format!("{o}/properties/id"),
                ty(string()),
                field("id", true),
            )
        },
        item(
            "types::Pet::tag",
            Kind::Field,
            &format!("{o}/properties/tag"),
            ty(option(string())),
            field("tag", false),
        ),
        item(
            "Client::add_pet",
            Kind::Method,
            "POST /pets",
            method(
                &[("body", Type::path("types::Pet").by_ref())],
                Type::generic(
                    "Call",
                    vec![Type::Unit, Type::path("operations::AddPetError")],
                ),
            ),
            add_pet(&[&[]]),
        ),
    ]
}

#[test]
fn identical_files_are_none() {
    let s = surface(pet_request());
    let f = files("x");
    let r = compare(
        Side {
            surface: &s,
            files: &f,
        },
        Side {
            surface: &s,
            files: &f,
        },
    );
    assert_eq!(r.bump, Bump::None);
    assert!(r.changes.is_empty());
    assert!(r.to_text().starts_with("bump: none"));
}

#[test]
fn same_surface_different_files_is_patch() {
    let r = run(pet_request(), pet_request());
    assert_eq!(r.bump, Bump::Patch);
    assert!(r.changes.is_empty());
    assert_eq!(
        r.changelog_entry("0.1.1", "2026-12-01", "1.0", "abc"),
        "## [0.1.1] - 2026-12-01\n\nSpec `info.version` 1.0, sha256 `abc`.\n\n\
         ### Changed\n- Documentation only.\n"
    );
}

#[test]
fn required_request_field_added_is_breaking() {
    let mut new = pet_request();
    new.push(Item {
        required: true,
        ..item(
            "types::Pet::name",
            Kind::Field,
            "/components/schemas/Pet/properties/name",
            ty(string()),
            field("name", true),
        )
    });
    let r = run(pet_request(), new);
    assert_eq!(r.bump, Bump::Major);
    assert_eq!(
        summary(&r),
        [("types::Pet::name".into(), ChangeKind::Added, true)]
    );
    let c = &r.changes[0];
    assert_eq!(c.section, Section::Breaking);
    assert_eq!(
        c.hint.as_deref(),
        Some("pass the new `name` argument to `Pet::new`")
    );
    assert_eq!(
        c.wire.as_deref(),
        Some("requests must now carry `name`: every caller must set it")
    );
}

#[test]
fn optional_field_added_is_minor() {
    let mut new = pet_request();
    new.push(item(
        "types::Pet::color",
        Kind::Field,
        "/components/schemas/Pet/properties/color",
        ty(option(string())),
        field("color", false),
    ));
    let r = run(pet_request(), new);
    assert_eq!(r.bump, Bump::Minor);
    assert_eq!(
        summary(&r),
        [("types::Pet::color".into(), ChangeKind::Added, false)]
    );
    assert_eq!(r.changes[0].section, Section::Added);
}

#[test]
fn type_rename_is_reported_once() {
    let new: Vec<Item> = pet_request()
        .into_iter()
        .map(|mut i| {
            i.path = i.path.replace("types::Pet", "types::Animal");
            i.signature.visit_paths_mut(&mut |path| {
                if path.is("types::Pet") {
                    *path = Path::new("types::Animal");
                }
            });
            i
        })
        .collect();
    let r = run(pet_request(), new);
    assert_eq!(r.bump, Bump::Major);
    assert_eq!(
        summary(&r),
        [(
            "types::Animal".into(),
            ChangeKind::Renamed {
                from: "types::Pet".into()
            },
            true
        ),]
    );
    let rename = &r.changes[0];
    assert_eq!(
        rename.hint.as_deref(),
        Some("rename `types::Pet` to `types::Animal`")
    );
}

#[test]
fn inline_to_ref_with_same_name_is_no_api_change() {
    let inline = "/paths/~1pets/post/requestBody/content/application~1json/schema";
    let old: Vec<Item> = pet_request()
        .into_iter()
        .map(|mut i| {
            i.origin = i.origin.replace("/components/schemas/Pet", inline);
            i
        })
        .collect();
    let r = run(old, pet_request());
    assert!(r.changes.is_empty(), "{:?}", r.changes);
    assert_eq!(r.bump, Bump::Patch);
}

#[test]
fn method_rename_by_origin() {
    let mut new = pet_request();
    item_mut(&mut new, "Client::add_pet").path = "Client::create_pet".into();
    let r = run(pet_request(), new);
    assert_eq!(
        summary(&r),
        [(
            "Client::create_pet".into(),
            ChangeKind::Renamed {
                from: "Client::add_pet".into()
            },
            true
        )]
    );
}

#[test]
fn security_stricter_is_breaking_looser_is_not() {
    let mut new = pet_request();
    item_mut(&mut new, "Client::add_pet").wire = add_pet(&[&["api_key"]]);
    let r = run(pet_request(), new.clone());
    assert_eq!(
        summary(&r),
        [("Client::add_pet".into(), ChangeKind::WireChanged, true)]
    );
    assert_eq!(r.bump, Bump::Major);
    assert_eq!(
        r.changes[0].wire.as_deref(),
        Some("a request that was accepted may now be refused: security `none` → `api_key`")
    );

    let mut looser = pet_request();
    item_mut(&mut looser, "Client::add_pet").wire = add_pet(&[&["api_key"], &[]]);
    let r = run(new, looser);
    assert_eq!(r.bump, Bump::Minor);
    assert_eq!(r.changes[0].section, Section::Wire);
}

#[test]
fn enum_values_by_direction() {
    let o = "/components/schemas/Status";
    let base = |dir| {
        vec![
            Item {
                direction: dir,
                ..item(
                    "types::Status",
                    Kind::StringEnum,
                    o,
                    Signature::Enum,
                    Wire::StringEnum,
                )
            },
            Item {
                direction: dir,
                ..item(
                    "types::Status::Active",
                    Kind::EnumValue,
                    &format!("{o}/enum/active"),
                    Signature::None,
                    Wire::StringValue("active".into()),
                )
            },
        ]
    };
    let more = |dir| {
        let mut v = base(dir);
        v.push(Item {
            direction: dir,
            ..item(
                "types::Status::Paused",
                Kind::EnumValue,
                &format!("{o}/enum/paused"),
                Signature::None,
                Wire::StringValue("paused".into()),
            )
        });
        v
    };
    let r = run(base(Direction::Response), more(Direction::Response));
    assert_eq!(r.bump, Bump::Minor);
    assert_eq!(
        r.changes[0].wire.as_deref(),
        Some(
            "servers may now send `paused`: it breaks strict consumers, \
             not this crate (older versions decode it into `Unknown`)"
        )
    );

    let r = run(more(Direction::Request), base(Direction::Request));
    assert_eq!(r.bump, Bump::Major);
    assert_eq!(r.changes[0].section, Section::Removed);
    assert_eq!(
        r.changes[0].wire.as_deref(),
        Some("requests with `paused` are refused")
    );
}

#[test]
fn required_to_optional_both_ways_breaking() {
    let mut new = pet_request();
    item_mut(&mut new, "types::Pet::id").required = false;
    item_mut(&mut new, "types::Pet::id").signature = ty(option(string()));
    let r = run(pet_request(), new.clone());
    assert_eq!(
        summary(&r),
        [("types::Pet::id".into(), ChangeKind::BecameOptional, true)]
    );
    let r = run(new, pet_request());
    assert_eq!(
        summary(&r),
        [("types::Pet::id".into(), ChangeKind::BecameRequired, true)]
    );
}

#[test]
fn wire_name_change_same_rust_name_is_minor_wire() {
    let mut new = pet_request();
    item_mut(&mut new, "types::Pet::tag").origin = "/components/schemas/Pet/properties/Tag".into();
    item_mut(&mut new, "types::Pet::tag").wire = field("Tag", false);
    let r = run(pet_request(), new);
    assert_eq!(
        summary(&r),
        [("types::Pet::tag".into(), ChangeKind::WireChanged, false)]
    );
    assert_eq!(r.bump, Bump::Minor);
    assert_eq!(r.changes[0].section, Section::Wire);
    assert_eq!(
        r.changes[0].wire.as_deref(),
        Some("the wire name changed: `tag` → `Tag`; this crate sends and reads the new one")
    );
}

#[test]
fn docs_and_deprecation() {
    let mut new = pet_request();
    item_mut(&mut new, "types::Pet::tag").doc = Some("The tag.".into());
    let r = run(pet_request(), new.clone());
    assert_eq!(r.bump, Bump::Patch);
    assert_eq!(r.changes[0].section, Section::Changed);
    item_mut(&mut new, "Client::add_pet").deprecated = Some("use `create_pet`".into());
    let r = run(pet_request(), new);
    assert_eq!(r.bump, Bump::Minor);
    assert_eq!(
        r.changelog_entry("0.1.1", "2026-12-01", "1.0", "abc"),
        "## [0.1.1] - 2026-12-01\n\nSpec `info.version` 1.0, sha256 `abc`.\n\n\
         ### Changed\n- Documentation: `types::Pet::tag`.\n\n\
         ### Deprecated\n- `Client::add_pet` (method): Use `create_pet`.\n"
    );
}

#[test]
fn removed_type_reports_children_once() {
    let without_pet = (pet_request().into_iter())
        .filter(|i| !i.path.starts_with("types::Pet"))
        .collect();
    let r = run(pet_request(), without_pet);
    assert_eq!(
        summary(&r),
        [("types::Pet".into(), ChangeKind::Removed, true)]
    );
    assert_eq!(
        r.changelog_entry("0.2.0", "2026-12-01", "2", "abc"),
        "## [0.2.0] - 2026-12-01\n\nSpec `info.version` 2, sha256 `abc`.\n\n\
         ### Breaking\n\
         - `types::Pet` (struct): removed. Migration: Remove uses of `types::Pet`.\n\n\
         ### Removed\n- `types::Pet` (struct).\n"
    );
}

#[test]
fn json_shape() {
    let mut new = pet_request();
    item_mut(&mut new, "Client::add_pet").path = "Client::create_pet".into();
    let r = run(pet_request(), new);
    let j = r.to_json();
    assert_eq!(j["bump"], "major");
    let c = &j["changes"][0];
    assert_eq!(c["change"], "renamed");
    assert_eq!(c["from"], "Client::add_pet");
    assert_eq!(c["kind"], "method");
    assert_eq!(c["direction"], "request");
    assert_eq!(c["section"], "breaking");
    for key in [
        "item",
        "kind",
        "change",
        "breaking",
        "direction",
        "old",
        "new",
        "wire",
        "hint",
        "section",
    ] {
        assert!(c.get(key).is_some(), "{key}");
    }
}

/// `apidiff/RULES.md` has the table of [`crate::rules::RULES`] between its
/// markers; `APIDIFF_BLESS=1 cargo test -p linkgen-apidiff` rewrites it.
#[test]
fn rules_md_is_in_sync() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("RULES.md");
    let text = std::fs::read_to_string(&path).expect("RULES.md");
    let (begin, end) = ("<!-- rules-table:begin -->\n", "<!-- rules-table:end -->");
    let b = text.find(begin).expect("begin marker") + begin.len();
    let e = text.find(end).expect("end marker");
    let table = crate::rules::markdown_table();
    if std::env::var_os("APIDIFF_BLESS").is_some() {
        let new = format!("{}{}{}", &text[..b], table, &text[e..]);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert_eq!(
        &text[b..e],
        table,
        "RULES.md is stale: APIDIFF_BLESS=1 cargo test -p linkgen-apidiff"
    );
}

#[test]
fn text_is_folded_and_fits_the_width() {
    let mut new = pet_request();
    item_mut(&mut new, "types::Pet::tag").doc = Some("word ".repeat(20_000));
    let op = "GET /pets/{}";
    new.push(Item {
        direction: Direction::Both,
        ..item(
            "Client::get_pet",
            Kind::Method,
            op,
            method(
                &[("id", Type::Primitive("str".into()).by_ref())],
                Type::path("operations::GetPetCall"),
            ),
            operation(HttpMethod::Get, "/pets/{id}", false, &[&[]], &[200]),
        )
    });
    new.push(item(
        "operations::GetPetCall",
        Kind::CallType,
        &format!("{op}/call"),
        Signature::Struct,
        Wire::None,
    ));
    new.push(item(
        "operations::GetPetError",
        Kind::ErrorType,
        &format!("{op}/errors"),
        Signature::Enum,
        Wire::None,
    ));
    let r = run(pet_request(), new);
    assert_eq!(r.bump, Bump::Minor);
    assert!(r.changes.iter().all(|c| !c.group.is_empty()));
    assert_eq!(r.changes[0].group, "Client::get_pet");
    let text = r.to_text();
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    assert!(
        text.contains("new operation `Client::get_pet` (with 1 call type, 1 error enum)"),
        "{text}"
    );
    assert!(text.contains("docs only: 1 item [patch] (list them with --verbose)"));
    assert!(!text.contains("word word"), "{text}");
    let verbose = r.to_text_with(&crate::TextOptions {
        verbose: true,
        width: 60,
    });
    assert!(
        verbose.lines().all(|l| l.chars().count() <= 60),
        "{verbose}"
    );
    let docs = verbose
        .lines()
        .find(|l| l.contains("types::Pet::tag"))
        .unwrap();
    assert!(docs.contains("word") && docs.contains("… (+"), "{docs}");
    // JSON keeps every change, folded nothing.
    let j = r.to_json();
    assert_eq!(j["changes"].as_array().unwrap().len(), r.changes.len());
    assert_eq!(j["summary"]["docs_only"], 1);
    assert_eq!(j["summary"]["added"], 3);
    // The changelog folds the same way.
    let entry = r.changelog_entry("0.1.1", "2026-12-01", "1", "abc");
    assert!(
        entry.contains(
            "### Added\n- New operation `Client::get_pet` (with 1 call type, 1 error enum)"
        ),
        "{entry}"
    );
}

#[test]
fn fit_cuts_with_a_count() {
    assert_eq!(crate::render::fit("short", 10), "short");
    let cut = crate::render::fit(&"x".repeat(200), 40);
    assert_eq!(cut.chars().count(), 40, "{cut}");
    assert!(cut.ends_with("… (+174 chars)"), "{cut}");
}

#[test]
fn the_same_addition_to_many_operations_is_one_line() {
    let op = |name: &str, path: &str| {
        let origin = format!("GET /{path}");
        let camel = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        vec![
            Item {
                direction: Direction::Both,
                ..item(
                    &format!("Client::{name}"),
                    Kind::Method,
                    &origin,
                    method(&[], Type::path(&format!("operations::{camel}Call"))),
                    operation(HttpMethod::Get, &format!("/{path}"), false, &[&[]], &[200]),
                )
            },
            item(
                &format!("operations::{camel}Error"),
                Kind::ErrorType,
                &format!("{origin}/errors"),
                Signature::Enum,
                Wire::None,
            ),
        ]
    };
    let ops: Vec<Item> = ["a", "b", "c", "d"].iter().flat_map(|n| op(n, n)).collect();
    let mut new = ops.clone();
    for n in ["A", "B", "C", "D"] {
        new.push(Item {
            direction: Direction::Response,
            ..item(
                &format!("operations::{n}Error::TooManyRequests"),
                Kind::ErrorVariant,
                &format!("GET /{}/responses/429", n.to_lowercase()),
                Signature::None,
                Wire::Response {
                    status: Status::Code(429),
                    summary: wire::ErrorSummary::default(),
                },
            )
        });
    }
    let r = run(ops, new);
    assert_eq!(r.changes.len(), 4);
    let text = r.to_text_with(&crate::TextOptions {
        verbose: false,
        width: 200,
    });
    assert!(
        text.contains(
            "error variant `TooManyRequests` on 4 operations: `Client::a`, `Client::b`, `Client::c`, `Client::d`"
        ),
        "{text}"
    );
}
