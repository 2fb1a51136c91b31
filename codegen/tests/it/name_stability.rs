//! Naming stability: an additive, unrelated spec change never renames or
//! reshapes an existing public item.
//!
//! For each provider spec (`specs/*.yaml`) and a few corpus specs
//! (`../shared/corpus` from the workspace root; the test fails without it),
//! each edit is applied alone to the parsed document:
//!
//! - a new component schema `ZzzUnrelatedAddition` (sorts last), and
//!   separately one named `AaaUnrelated` (sorts first);
//! - a new path `/zzz-unrelated` with a `GET` whose 200 response is an
//!   inline object;
//! - the same operation at `/aaa-unrelated`, first in `paths`;
//! - a new optional property on the first component schema that declares
//!   properties: a string, and separately an inline object holding an
//!   inline enum (two new inline types).
//!
//! Then every item of the old [`Surface`] must still exist in the new one
//! with the same kind and signature: the edit may only add items.

use std::path::{Path, PathBuf};

use crate::lower_support::Lowering;

use codegen::surface::Surface;
use codegen::CrateOptions;
use serde_json::{json, Value};

/// Small and medium corpus specs that generate, of both OpenAPI versions.
const CORPUS: &[&str] = &[
    "firecracker__firecracker.json",
    "oxide__propolis-server.json",
    "train-travel__openapi.yaml",
    "readme-edge__schema-circular.yaml",
];

fn options(spec: &Path) -> CrateOptions {
    CrateOptions {
        crate_name: "stability-client".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: "{ path = \"../../runtime\" }".into(),
        env_prefix: "STABILITY".into(),
        standalone: false,
        spec_file: spec.display().to_string(),
        default_headers: Vec::new(),
    }
}

fn surface_of(spec: &Path, value: Value) -> Surface {
    let api = Lowering::value(spec, value).api();
    codegen::emit::emit_with_surface(&api, &options(spec))
        .unwrap_or_else(|e| panic!("{}: emit: {e}", spec.display()))
        .1
}

fn object_with(property: &str) -> Value {
    json!({
        "type": "object",
        "properties": { property: { "type": "string" } }
    })
}

fn schemas(value: &mut Value) -> &mut serde_json::Map<String, Value> {
    let root = value.as_object_mut().expect("the document is an object");
    let components = root
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("components is an object");
    components
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("components.schemas is an object")
}

fn add_schema(name: &str) -> impl Fn(&mut Value) -> bool + '_ {
    move |value| {
        schemas(value).insert(name.to_string(), object_with("unrelated_value"));
        true
    }
}

fn add_operation(value: &mut Value) -> bool {
    let root = value.as_object_mut().expect("the document is an object");
    let paths = root
        .entry("paths")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("paths is an object");
    paths.insert(
        "/zzz-unrelated".into(),
        json!({
            "get": {
                "responses": {
                    "200": {
                        "description": "An unrelated answer.",
                        "content": {
                            "application/json": { "schema": object_with("unrelated_value") }
                        }
                    }
                }
            }
        }),
    );
    true
}

/// The same operation at `/aaa-unrelated`, first in `paths` (operations,
/// and the inline types they name, are numbered in document order).
fn add_first_operation(value: &mut Value) -> bool {
    add_operation(value);
    let paths = value["paths"].as_object_mut().expect("paths is an object");
    let added = paths.remove("/zzz-unrelated").expect("just added");
    let rest = std::mem::take(paths);
    paths.insert("/aaa-unrelated".into(), added);
    paths.extend(rest);
    true
}

/// Adds an optional property with schema `property` to the first
/// component schema with properties; `false` when there is none.
fn add_property(property: Value) -> impl Fn(&mut Value) -> bool {
    move |value| {
        for schema in schemas(value).values_mut() {
            if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
                properties.insert("zzz_added_property".into(), property.clone());
                return true;
            }
        }
        false
    }
}

type Edit<'a> = (&'a str, Box<dyn Fn(&mut Value) -> bool + 'a>);

fn check(spec: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let original = codegen::load::parse(spec, &text)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
        .value;
    let old = surface_of(spec, original.clone());
    assert!(!old.items.is_empty(), "{}: empty surface", spec.display());
    let edits: Vec<Edit<'_>> = vec![
        (
            "component ZzzUnrelatedAddition",
            Box::new(add_schema("ZzzUnrelatedAddition")),
        ),
        (
            "component AaaUnrelated",
            Box::new(add_schema("AaaUnrelated")),
        ),
        ("operation GET /zzz-unrelated", Box::new(add_operation)),
        (
            "operation GET /aaa-unrelated, first",
            Box::new(add_first_operation),
        ),
        (
            "optional string property",
            Box::new(add_property(json!({ "type": "string" }))),
        ),
        (
            "optional inline object property",
            Box::new(add_property(json!({
                "type": "object",
                "properties": {
                    "kind": { "type": "string", "enum": ["a", "b"] },
                    "value": { "type": "string" }
                }
            }))),
        ),
    ];
    let mut problems = Vec::new();
    for (what, edit) in &edits {
        let mut value = original.clone();
        if !edit(&mut value) {
            println!("{}: {what}: not applicable", spec.display());
            continue;
        }
        let new = surface_of(spec, value);
        let mut added = new.items.len() as isize - old.items.len() as isize;
        for item in &old.items {
            match new.items.binary_search_by(|n| n.path.cmp(&item.path)) {
                Err(_) => {
                    let renamed = new
                        .items
                        .iter()
                        .find(|n| n.origin == item.origin && n.kind == item.kind)
                        .map(|n| format!(" (now `{}`)", n.path))
                        .unwrap_or_default();
                    problems.push(format!(
                        "{}: {what}: `{}` ({}, {}) disappeared{renamed}",
                        spec.display(),
                        item.path,
                        item.kind,
                        item.origin
                    ));
                    added += 1;
                }
                Ok(i) => {
                    let n = &new.items[i];
                    if n.kind != item.kind || n.signature != item.signature {
                        problems.push(format!(
                            "{}: {what}: `{}` changed from {} `{}` to {} `{}`",
                            spec.display(),
                            item.path,
                            item.kind,
                            item.signature,
                            n.kind,
                            n.signature
                        ));
                    }
                }
            }
        }
        println!(
            "{}: {what}: {} items before, {added} added, {} problems so far",
            spec.display(),
            old.items.len(),
            problems.len()
        );
    }
    problems
}

fn run(specs: &[PathBuf]) {
    let mut problems = Vec::new();
    for spec in specs {
        problems.extend(check(spec));
    }
    assert!(
        problems.is_empty(),
        "unstable names:\n{}",
        problems.join("\n")
    );
}

#[test]
fn provider_specs_keep_their_names() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(
        specs.len() >= 4,
        "expected the four provider specs, found {specs:?}"
    );
    run(&specs);
}

#[test]
fn corpus_specs_keep_their_names() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    assert!(
        dir.is_dir(),
        "the corpus is missing at {}: this test needs it",
        dir.display()
    );
    let specs: Vec<PathBuf> = CORPUS.iter().map(|name| dir.join(name)).collect();
    for spec in &specs {
        assert!(spec.is_file(), "corpus spec {} is missing", spec.display());
    }
    run(&specs);
}
