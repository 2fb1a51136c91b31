//! Snapshot tests over the small fixture specs in `tests/fixtures/`: one spec
//! per construct, and one per error message. `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test`) accepts new snapshots.

use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn options() -> (codegen::LowerOptions, codegen::CrateOptions) {
    let krate = codegen::CrateOptions {
        crate_name: "fixture-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: r#"{ path = "../../runtime" }"#.into(),
        env_prefix: "FIXTURE".into(),
        standalone: false,
        spec_file: "fixture.yaml".into(),
        default_headers: Vec::new(),
    };
    (codegen::LowerOptions::default(), krate)
}

/// Generates a fixture and renders its Rust sources (and warnings) as one text.
fn render(name: &str) -> String {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let (lower, krate) = options();
    let generated = codegen::generate_from_str(Path::new(name), &text, &lower, &krate)
        .unwrap_or_else(|error| panic!("{name} should generate: {error}"));
    let mut out = String::new();
    for warning in &generated.warnings {
        out.push_str(&format!(
            "// warning at #{}: {}\n",
            warning.pointer, warning.message
        ));
    }
    for file in generated
        .files
        .iter()
        .filter(|file| file.path.extension().is_some_and(|e| e == "rs"))
    {
        out.push_str(&format!(
            "// ===== {} =====\n{}\n",
            file.path.display(),
            file.contents
        ));
    }
    out
}

/// The error a broken fixture gives, as the user sees it.
fn error_of(name: &str) -> String {
    let path = Path::new("errors").join(name);
    let text = std::fs::read_to_string(fixtures_dir().join(&path)).expect("fixture exists");
    let (lower, krate) = options();
    match codegen::generate_from_str(&path, &text, &lower, &krate) {
        Ok(_) => panic!("{name} should not generate"),
        Err(error) => error.to_string(),
    }
}

macro_rules! fixture {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(stringify!($test), render($file));
        }
    };
}

macro_rules! broken {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(stringify!($test), error_of($file));
        }
    };
}

fixture!(objects, "objects.yaml");
fixture!(enums, "enums.yaml");
fixture!(composition, "composition.yaml");
fixture!(recursive, "recursive.yaml");
fixture!(naming, "naming.yaml");
fixture!(operations, "operations.yaml");
fixture!(bodies, "bodies.yaml");
fixture!(security, "security.yaml");
fixture!(openapi31, "openapi31.yaml");
fixture!(deprecation, "deprecation.yaml");
fixture!(keywords, "keywords.yaml");

/// The reason a description gives for a deprecation is the note of
/// `#[deprecated]`, for operations, parameters, fields and types alike;
/// without one, the attribute stays bare.
#[test]
fn deprecation_notes_come_from_the_description() {
    let out = render("deprecation.yaml");
    for note in [
        "Deprecated since v2; use `GET /gadgets` instead.",
        "Replaced by `cursor`.",
        "Deprecated: this field is superseded by `label`.",
        "Will be removed in v3; use `Widget.label` instead.",
    ] {
        let attr = format!("note = {note:?}");
        assert!(out.contains(&attr), "no `{attr}` in:\n{out}");
    }
    // `legacy` gives no reason, `OldWidget` only says "Deprecated.".
    assert!(
        out.contains("#[deprecated]\n    #[inline]\n    pub fn legacy(mut self, legacy: bool)"),
        "{out}"
    );
    assert!(out.contains("#[deprecated]\n#[derive("), "{out}");
    // A field named like another field's setter: the setter `with_label`
    // (of `label`) and the field `with_label` (whose setter is
    // `with_with_label`) coexist.
    assert!(out.contains("pub fn with_label("), "{out}");
    assert!(out.contains("pub fn with_with_label("), "{out}");
}

broken!(error_unresolved_ref, "unresolved-ref.yaml");
broken!(error_external_ref, "external-ref.yaml");
broken!(error_ref_cycle, "ref-cycle.yaml");
broken!(error_wrong_type, "wrong-type.yaml");
broken!(error_invalid_yaml, "invalid-yaml.yaml");
broken!(error_invalid_json, "invalid-json.json");
broken!(error_swagger2, "swagger2.yaml");
broken!(error_empty, "empty.yaml");
broken!(error_unknown_version, "unknown-version.yaml");

/// No input may make the generator panic: every fixture, valid or not, and
/// every truncation of one, returns a value or an error.
#[test]
fn truncated_specs_never_panic() {
    let (lower, krate) = options();
    for name in [
        "objects.yaml",
        "composition.yaml",
        "operations.yaml",
        "security.yaml",
    ] {
        let text = std::fs::read_to_string(fixtures_dir().join(name)).expect("fixture exists");
        for cut in (0..text.len())
            .step_by(7)
            .filter(|cut| text.is_char_boundary(*cut))
        {
            let _ = codegen::generate_from_str(Path::new(name), &text[..cut], &lower, &krate);
        }
    }
}
