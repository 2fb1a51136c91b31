//! One cargo feature per tag, forced on for the small `tags.yaml` fixture
//! (gating turns itself on only for big APIs): which operations and types
//! each feature compiles, and the emitted manifest and items.

use std::path::Path;

use codegen::lower::TagFeatures;

const SPEC: &str = "tags.yaml";

fn spec_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(SPEC);
    std::fs::read_to_string(path).expect("fixture exists")
}

fn lower(tag_features: TagFeatures) -> codegen::ir::Api {
    let mut doc = codegen::load::parse(Path::new(SPEC), &spec_text()).expect("parses");
    codegen::normalize::normalize(&mut doc).expect("normalizes");
    let options = codegen::LowerOptions {
        tag_features,
        ..Default::default()
    };
    codegen::lower::lower(&doc, &options).expect("lowers")
}

fn feature_of<'a>(api: &'a codegen::ir::Api, method: &str) -> Option<&'a str> {
    let op = api.operations.iter().find(|op| op.method_name == method);
    op.unwrap_or_else(|| panic!("no operation {method}"))
        .feature
        .as_deref()
}

fn features_of<'a>(api: &'a codegen::ir::Api, name: &str) -> Vec<&'a str> {
    let def = api.types.values().find(|d| d.name == name);
    let def = def.unwrap_or_else(|| panic!("no type {name}"));
    def.features.iter().map(String::as_str).collect()
}

#[test]
fn operations_get_the_feature_of_their_first_tag() {
    let api = lower(TagFeatures::Always);
    let features: Vec<(&str, &str, usize)> = api
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.tag.as_str(), f.operations))
        .collect();
    // First-use order; a name taken after conversion, or reserved, gets a suffix.
    assert_eq!(
        features,
        [
            ("issues", "Issues", 2),
            ("pull-requests", "Pull Requests", 1),
            ("pull-requests-2", "pull-requests", 1),
            ("default-2", "default", 1),
        ]
    );
    assert_eq!(feature_of(&api, "list_issues"), Some("issues"));
    assert_eq!(feature_of(&api, "create_pull"), Some("pull-requests"));
    assert_eq!(
        feature_of(&api, "list_legacy_pulls"),
        Some("pull-requests-2")
    );
    assert_eq!(feature_of(&api, "health"), None);
}

#[test]
fn types_get_the_features_of_the_operations_that_reach_them() {
    let api = lower(TagFeatures::Always);
    // Through a parameter, and shared by two tags' bodies.
    assert_eq!(
        features_of(&api, "State"),
        ["issues", "pull-requests", "pull-requests-2"]
    );
    // Through an error body, a field, an array item, a union and an alias.
    assert_eq!(features_of(&api, "Problem"), ["issues", "pull-requests"]);
    assert_eq!(features_of(&api, "User"), ["issues", "pull-requests"]);
    assert_eq!(features_of(&api, "Bot"), ["issues", "pull-requests"]);
    assert_eq!(features_of(&api, "PullNumber"), ["issues"]);
    assert_eq!(features_of(&api, "Queued"), ["issues"]);
    assert_eq!(features_of(&api, "NewPull"), ["pull-requests"]);
    // An untagged operation's types, a type no operation uses, and what
    // that one holds (a map value of a gated body too) are always compiled.
    assert!(features_of(&api, "Health").is_empty());
    assert!(features_of(&api, "Probe").is_empty());
    assert!(features_of(&api, "Orphan").is_empty());
    assert!(features_of(&api, "Label").is_empty());
}

#[test]
fn small_apis_are_not_gated_unless_asked() {
    for choice in [TagFeatures::Auto, TagFeatures::Never] {
        let api = lower(choice);
        assert!(api.features.is_empty(), "{choice:?}");
        assert!(api.operations.iter().all(|op| op.feature.is_none()));
        assert!(api.types.values().all(|d| d.features.is_empty()));
    }
}

#[test]
fn gated_crate_manifest_readme_and_items() {
    let options = codegen::CrateOptions {
        crate_name: "tagged-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: r#"{ path = "../../runtime" }"#.into(),
        env_prefix: "TAGGED".into(),
        standalone: false,
        spec_file: SPEC.into(),
        default_headers: Vec::new(),
    };
    let lower = codegen::LowerOptions {
        tag_features: TagFeatures::Always,
        ..Default::default()
    };
    let generated = codegen::generate_from_str(Path::new(SPEC), &spec_text(), &lower, &options)
        .expect("generates");
    let file = |name: &str| {
        let file = generated.files.iter().find(|f| f.path == Path::new(name));
        file.unwrap_or_else(|| panic!("no {name}")).contents.clone()
    };
    let cargo = file("Cargo.toml");
    assert!(
        cargo.contains("[features]\ndefault = [\"full\", \"rustls-aws-lc-rs\"]\n"),
        "{cargo}"
    );
    let readme = file("README.md");
    let features = readme
        .split("## Features")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no Features section in:\n{readme}"));
    let mut out = format!(
        "// ===== Cargo.toml =====\n{cargo}\n// ===== README.md: Features =====\n{features}\n"
    );
    for name in ["src/client.rs", "src/operations.rs", "src/types.rs"] {
        out.push_str(&format!("// ===== {name} =====\n{}\n", file(name)));
    }
    insta::assert_snapshot!("tag_features", out);
}

/// A spec of one operation per tag in `tags`, each returning an object.
fn tagged_spec(tags: &[&str]) -> String {
    let mut paths = String::new();
    for (i, tag) in tags.iter().enumerate() {
        paths.push_str(&format!(
            "  /r{i}:\n    get:\n      operationId: op{i}\n      tags: [\"{tag}\"]\n      responses:\n        '204':\n          description: Done.\n"
        ));
    }
    format!("openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n{paths}")
}

#[test]
fn a_tag_never_takes_the_name_of_a_tls_backend() {
    let text = tagged_spec(&["native-tls", "rustls-ring", "Rustls AWS LC RS"]);
    let mut doc = codegen::load::parse(Path::new("t.yaml"), &text).expect("parses");
    codegen::normalize::normalize(&mut doc).expect("normalizes");
    let options = codegen::LowerOptions {
        tag_features: TagFeatures::Always,
        ..Default::default()
    };
    let api = codegen::lower::lower(&doc, &options).expect("lowers");
    let names: Vec<&str> = api.features.iter().map(|f| f.name.as_str()).collect();
    for tls in codegen::lower::TLS_FEATURES {
        assert!(!names.contains(&tls), "{tls} taken by a tag: {names:?}");
    }
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"native-tls-2"), "suffixed: {names:?}");
}
