//! Each fixture pair in `tests/fixtures/<rule>/{old,new}.yaml` generated
//! through the whole pipeline, compared, and checked against the table:
//! the expected bump and the expected `(item, change, breaking)` list.

use std::path::Path;

use apidiff::{compare, Bump, ChangeKind, Report, Side};
use codegen::{CrateOptions, Generated, LowerOptions};

fn options() -> CrateOptions {
    CrateOptions {
        crate_name: "sample-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: "{ path = \"../../runtime\" }".into(),
        env_prefix: "SAMPLE".into(),
        standalone: false,
        spec_file: "specs/sample.yaml".into(),
        default_headers: Vec::new(),
    }
}

fn generate(rule: &str, side: &str) -> Generated {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule)
        .join(format!("{side}.yaml"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    // The `feature_…` fixtures are small: force their tag features on.
    let lower = LowerOptions {
        tag_features: if rule.starts_with("feature_") {
            codegen::lower::TagFeatures::Always
        } else {
            codegen::lower::TagFeatures::Auto
        },
        ..LowerOptions::default()
    };
    codegen::generate_from_str(Path::new("spec.yaml"), &text, &lower, &options())
        .unwrap_or_else(|e| panic!("{rule}/{side}.yaml: {e}"))
}

fn report(rule: &str) -> Report {
    let (old, new) = (generate(rule, "old"), generate(rule, "new"));
    compare(
        Side {
            surface: &old.surface,
            files: &old.files,
        },
        Side {
            surface: &new.surface,
            files: &new.files,
        },
    )
}

use Bump::{Major, Minor, None as NoBump, Patch};
use ChangeKind::*;

/// (rule, expected bump, expected `(item, change, breaking)` in report order).
type Expected = Vec<(&'static str, ChangeKind, bool)>;

fn table() -> Vec<(&'static str, Bump, Expected)> {
    let renamed = |from: &str| Renamed { from: from.into() };
    vec![
        (
            "operation_added",
            Minor,
            vec![
                ("Client::get_pet", Added, false),
                ("operations::GetPetCall", Added, false),
                ("operations::GetPetError", Added, false),
            ],
        ),
        (
            "operation_removed",
            Major,
            vec![
                ("Client::list_pets", Removed, true),
                ("operations::ListPetsCall", Removed, true),
                ("operations::ListPetsError", Removed, true),
            ],
        ),
        (
            "operation_id_renamed",
            Major,
            vec![
                ("Client::create_pet", renamed("Client::add_pet"), true),
                (
                    "operations::CreatePetCall",
                    renamed("operations::AddPetCall"),
                    true,
                ),
                (
                    "operations::CreatePetError",
                    renamed("operations::AddPetError"),
                    true,
                ),
            ],
        ),
        (
            // The optional `limit` is a setter of the renamed call type:
            // it moves with it (the text rule reported it as a signature
            // change: the call type's path followed by `::` went unrenamed).
            "operation_id_renamed_with_setter",
            Major,
            vec![
                ("Client::fetch_pets", renamed("Client::list_pets"), true),
                (
                    "operations::FetchPetsCall",
                    renamed("operations::ListPetsCall"),
                    true,
                ),
                (
                    "operations::FetchPetsError",
                    renamed("operations::ListPetsError"),
                    true,
                ),
            ],
        ),
        (
            "request_field_optional_added",
            Minor,
            vec![("types::NewPet::color", Added, false)],
        ),
        (
            "request_field_required_added",
            Major,
            vec![("types::NewPet::age", Added, true)],
        ),
        (
            "request_field_default_added",
            Minor,
            vec![("types::NewPet::tag", WireChanged, false)],
        ),
        // The field can now be sent as `null`: `Option` → `Nullable`.
        (
            "request_field_became_nullable",
            Major,
            vec![("types::NewPet::tag", TypeChanged, true)],
        ),
        // `Address` was only read; a request now carries it, so its
        // optional nullable field becomes three-state.
        (
            "type_became_request_reachable",
            Major,
            vec![
                ("types::Address::street", TypeChanged, true),
                ("types::NewPet::address", Added, false),
            ],
        ),
        (
            "response_field_added",
            Minor,
            vec![("types::Pet::color", Added, false)],
        ),
        (
            "response_header_added",
            Minor,
            vec![(
                "operations::AddPetHeaders::x_rate_limit_remaining",
                Added,
                false,
            )],
        ),
        (
            "response_header_removed",
            Major,
            vec![(
                "operations::AddPetHeaders::x_rate_limit_remaining",
                Removed,
                true,
            )],
        ),
        (
            "response_header_type_changed",
            Major,
            vec![(
                "operations::AddPetHeaders::x_rate_limit_remaining",
                TypeChanged,
                true,
            )],
        ),
        (
            "response_field_removed",
            Major,
            vec![("types::Pet::tag", Removed, true)],
        ),
        (
            "response_field_required_to_optional",
            Major,
            vec![("types::Pet::name", BecameOptional, true)],
        ),
        (
            "response_field_optional_to_required",
            Major,
            vec![("types::Pet::tag", BecameRequired, true)],
        ),
        (
            "response_field_type_changed",
            Major,
            vec![("types::Pet::tag", TypeChanged, true)],
        ),
        (
            "response_enum_value_added",
            Minor,
            vec![("types::Status::Pending", Added, false)],
        ),
        (
            "request_enum_value_removed",
            Major,
            vec![("types::Kind::Cat", Removed, true)],
        ),
        (
            "request_enum_value_added",
            Minor,
            vec![("types::Kind::Bird", Added, false)],
        ),
        (
            "oneof_branch_added",
            Minor,
            vec![
                ("types::Group", Added, false),
                ("types::Owner::Group", Added, false),
            ],
        ),
        (
            "paginator_added",
            Minor,
            vec![
                ("Client::list_pets::offset", Added, false),
                ("operations::ListPetsCall::pages", Added, false),
            ],
        ),
        (
            "paginator_removed",
            Major,
            vec![("operations::ListPetsCall::pages", Removed, true)],
        ),
        (
            "query_param_optional_added",
            Minor,
            vec![("Client::list_pets::status", Added, false)],
        ),
        (
            "query_param_required_added",
            Major,
            vec![
                ("Client::list_pets", TypeChanged, true),
                ("Client::list_pets::owner", Added, true),
            ],
        ),
        // An optional parameter: its setter goes; the method is unchanged.
        (
            "param_removed",
            Major,
            vec![("Client::list_pets::limit", Removed, true)],
        ),
        // The setter becomes an argument of the method, and back.
        (
            "query_param_became_required",
            Major,
            vec![
                ("Client::list_pets", TypeChanged, true),
                ("Client::list_pets::limit", BecameRequired, true),
            ],
        ),
        (
            "query_param_became_optional",
            Major,
            vec![
                ("Client::list_pets", TypeChanged, true),
                ("Client::list_pets::limit", BecameOptional, true),
            ],
        ),
        (
            "error_status_added",
            Minor,
            vec![("operations::AddPetError::Conflict", Added, false)],
        ),
        (
            "server_added",
            Minor,
            vec![("Environment::Staging", Added, false)],
        ),
        (
            "server_removed",
            Major,
            vec![("Environment::Sandbox", Removed, true)],
        ),
        (
            "security_requirement_added",
            Major,
            vec![("Client::add_pet", WireChanged, true)],
        ),
        // A scheme keyed `none` is a credential, not the absence of one
        // (the wire text used to read both as `security: none`).
        (
            "security_scheme_keyed_none",
            Major,
            vec![("Client::add_pet", WireChanged, true)],
        ),
        // A discriminator value is a name: `null_event` is not `null`.
        (
            "union_tag_renamed_null_event",
            Minor,
            vec![("types::Owner::Person", WireChanged, false)],
        ),
        (
            "deprecation",
            Minor,
            vec![("Client::list_pets", Deprecated, false)],
        ),
        (
            "description_only",
            Patch,
            vec![
                ("Client::list_pets", DocsChanged, false),
                ("types::Pet", DocsChanged, false),
            ],
        ),
        (
            "json_name_changed_same_rust_name",
            Minor,
            vec![("types::NewPet::nick_name", WireChanged, false)],
        ),
        // `error_message` is shown before `message`: `message()` reads it now.
        (
            "error_summary_changed",
            Minor,
            vec![
                ("types::ErrorModel::error_message", Added, false),
                ("operations::AddPetError::BadRequest", WireChanged, false),
            ],
        ),
        // A body that differs from the one there was: the body argument
        // becomes the `{Op}Content` choice (`&T` still converts into it, but
        // the argument's type changed), whose variants are added.
        (
            "request_media_type_added",
            Major,
            vec![
                ("Client::add_pet", TypeChanged, true),
                ("operations::AddPetContent", Added, false),
                ("operations::AddPetForm", Added, false),
            ],
        ),
        // A further body in an existing choice: one variant more.
        (
            "request_body_variant_added",
            Minor,
            vec![
                ("operations::AddPetContent::Form", Added, false),
                ("types::AddPetBodyForm", Added, false),
                ("Client::add_pet", WireChanged, false),
            ],
        ),
        // Same Rust API and docs: a type the spec does not describe is
        // documented by what it is (the request body of `add_pet`), not by
        // where its schema stands, so the move changes no byte.
        ("inline_schema_to_ref", NoBump, vec![]),
        ("unchanged_reserialized", NoBump, vec![]),
        // 201 → 200: the old crate rejects what the server now sends.
        (
            "success_status_changed",
            Major,
            vec![("Client::add_pet", WireChanged, true)],
        ),
        (
            "error_status_removed",
            Major,
            vec![("operations::AddPetError::BadRequest", Removed, true)],
        ),
        // A public map of undeclared properties on a `#[non_exhaustive]`
        // struct whose `new()` is unchanged: an addition.
        (
            "additional_properties_added",
            Minor,
            vec![("types::Pet::additional_properties", Added, false)],
        ),
        // Positional: no call names it, the URL is the same.
        (
            "path_param_renamed",
            Patch,
            vec![
                ("Client::get_pet", WireChanged, false),
                (
                    "Client::get_pet::animal_id",
                    renamed("Client::get_pet::pet_id"),
                    false,
                ),
            ],
        ),
        (
            "component_renamed_same_shape",
            Major,
            vec![("types::PetKind", renamed("types::Kind"), true)],
        ),
        // The union alternative named after it follows: two renames.
        (
            "component_renamed_in_union",
            Major,
            vec![
                ("types::Human", renamed("types::Person"), true),
                ("types::Owner::Human", renamed("types::Owner::Person"), true),
            ],
        ),
        // `addPet`'s first tag changes: its method (with its call and error
        // types) and the types only it uses move to the new feature; the
        // types both operations use gain it.
        (
            "feature_operation_moved",
            Major,
            vec![
                ("Client::add_pet", FeaturesChanged, true),
                ("types::ErrorModel", FeaturesChanged, true),
                ("types::Kind", FeaturesChanged, true),
                ("types::NewPet", FeaturesChanged, true),
                ("features::store", Added, false),
                ("types::Org", FeaturesChanged, false),
                ("types::Owner", FeaturesChanged, false),
                ("types::Person", FeaturesChanged, false),
                ("types::Pet", FeaturesChanged, false),
                ("types::Status", FeaturesChanged, false),
            ],
        ),
        // A new tag: its feature joins `full`; shared types gain it.
        (
            "feature_added_full_only",
            Minor,
            vec![
                ("Client::get_pet", Added, false),
                ("features::lookup", Added, false),
                ("operations::GetPetCall", Added, false),
                ("operations::GetPetError", Added, false),
                ("types::ErrorModel", FeaturesChanged, false),
                ("types::Org", FeaturesChanged, false),
                ("types::Owner", FeaturesChanged, false),
                ("types::Person", FeaturesChanged, false),
                ("types::Pet", FeaturesChanged, false),
                ("types::Status", FeaturesChanged, false),
            ],
        ),
    ]
}

#[test]
fn every_rule_fixture_classifies_as_expected() {
    let mut failures = Vec::new();
    for (rule, bump, expected) in table() {
        let report = report(rule);
        let got: Vec<(String, ChangeKind, bool)> = report
            .changes
            .iter()
            .map(|c| (c.item.clone(), c.change.clone(), c.breaking))
            .collect();
        let want: Vec<(String, ChangeKind, bool)> = expected
            .into_iter()
            .map(|(i, c, b)| (i.to_string(), c, b))
            .collect();
        if report.bump != bump || got != want {
            failures.push(format!(
                "{rule}: expected {bump:?} {want:?}\n got {:?} {got:?}\n{}",
                report.bump,
                report.to_text()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_is_in_the_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = table().iter().map(|(r, _, _)| r.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn wire_texts_and_hints_say_what_happens() {
    let first = |rule: &str| report(rule).changes.into_iter().next().unwrap();
    let c = first("request_field_required_added");
    assert_eq!(
        c.wire.as_deref(),
        Some("requests must now carry `age`: every caller must set it")
    );
    assert_eq!(
        c.hint.as_deref(),
        Some("pass the new `age` argument to `NewPet::new`")
    );
    let c = first("response_enum_value_added");
    assert_eq!(
        c.wire.as_deref(),
        Some("servers may now send `pending`: it breaks strict consumers, not this crate (older versions decode it into `Unknown`)")
    );
    let c = first("request_enum_value_removed");
    assert_eq!(c.wire.as_deref(), Some("requests with `cat` are refused"));
    let c = first("security_requirement_added");
    assert_eq!(
        c.wire.as_deref(),
        Some("a request that was accepted may now be refused: security `none` → `api_key`")
    );
    let c = first("security_scheme_keyed_none");
    assert_eq!(
        c.wire.as_deref(),
        Some("a request that was accepted may now be refused: security `none` → `\"none\"`")
    );
    let c = first("union_tag_renamed_null_event");
    assert_eq!(
        c.wire.as_deref(),
        Some(r#"`Person, tag: "person"` → `Person, tag: "null_event"`"#)
    );
    let c = first("operation_id_renamed");
    assert_eq!(
        c.hint.as_deref(),
        Some("rename `Client::add_pet` to `Client::create_pet`")
    );
    let c = first("json_name_changed_same_rust_name");
    assert_eq!(
        c.wire.as_deref(),
        Some("the wire name changed: `nickName` → `nick_name`; this crate sends and reads the new one")
    );
}

#[test]
fn json_and_changelog() {
    let r = report("request_field_required_added");
    let j = r.to_json();
    assert_eq!(j["bump"], "major");
    assert_eq!(j["changes"][0]["change"], "added");
    assert_eq!(j["changes"][0]["kind"], "field");
    assert_eq!(j["changes"][0]["direction"], "request");
    assert_eq!(j["changes"][0]["section"], "breaking");
    assert_eq!(j["changes"].as_array().map(Vec::len), Some(1), "{j}");
    assert_eq!(
        r.changelog_entry("0.2.0", "2026-12-01", "1.0.0", "0123456789abcdef"),
        "## [0.2.0] - 2026-12-01\n\n\
         Spec `info.version` 1.0.0, sha256 `0123456789abcdef`.\n\n\
         ### Breaking\n\
         - `types::NewPet::age` (field): added, required. \
         Requests must now carry `age`: every caller must set it. \
         Migration: Pass the new `age` argument to `NewPet::new`.\n"
    );
    assert_eq!(
        report("description_only").changelog_entry("0.1.1", "2026-12-01", "1.0.0", "x"),
        "## [0.1.1] - 2026-12-01\n\n\
         Spec `info.version` 1.0.0, sha256 `x`.\n\n\
         ### Changed\n\
         - Documentation: `Client::list_pets`, `types::Pet`.\n"
    );
}

/// The `to_text()` of every fixture, for reading (`--nocapture`).
#[test]
fn print_reports() {
    for (rule, _, _) in table() {
        println!("=== {rule}\n{}", report(rule).to_text());
    }
}
