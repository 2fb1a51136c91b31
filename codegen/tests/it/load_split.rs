//! A spec split across files: `load` gathers the nodes its `$ref`s name in
//! other files into one document, and errors inside them name their file.

use std::path::{Path, PathBuf};

use codegen::ir::Api;
use codegen::LowerOptions;

use crate::lower_support::{field, names, op, outline, param_of, show};

fn split(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/split")
        .join(name)
}

fn lower(path: &Path) -> codegen::Result<Api> {
    let mut doc = codegen::load::load(path)?;
    codegen::normalize::normalize(&mut doc)?;
    codegen::lower::lower(&doc, &LowerOptions::default())
}

/// The error of `name`, with the fixtures' directory cut from its paths.
fn error_of(name: &str) -> String {
    let error = lower(&split(name)).expect_err("a broken spec");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/split");
    let dir = format!("{}/", dir.display());
    error.to_string().replace(&dir, "")
}

#[test]
fn a_spec_split_across_files_lowers_as_one() {
    let api = lower(&split("openapi.yaml")).expect("the split spec lowers");
    // Each file's node once, under its own name; the shared file's `Error`
    // takes the next name after the root's (which is `ErrorModel` in Rust,
    // beside the crate's `Error`).
    let mut types = names(&api);
    types.sort_unstable();
    assert_eq!(types, ["Code", "Error2", "ErrorModel", "Owner", "Pet"]);
    // A whole-file schema, and the cycle between `pet.yaml` and `owner.yaml`.
    assert_eq!(show(&api, &field(&api, "Pet", "owner").ty), "Owner");
    assert_eq!(show(&api, &field(&api, "Owner", "pets").ty), "Vec<Pet>");
    // A `$ref` local to the shared file stays within what was copied from it.
    assert_eq!(show(&api, &field(&api, "Error2", "code").ty), "Code");
    // The path item from its own file, with a parameter from a third.
    let list = op(&api, "list_pets");
    assert_eq!(show(&api, &param_of(list, "limit").ty), "Integer(I32)");
    let get = op(&api, "get_pet");
    assert!(param_of(get, "petId").required);
    snapshot!("split", outline(&api));
}

#[test]
fn an_error_in_another_file_names_that_file_and_line() {
    assert_eq!(
        error_of("broken/openapi.yaml"),
        "broken/bad.yaml:5:7 at #/Thing/properties/size/type: invalid schema: \
         expected a string, found integer `5`"
    );
}

#[test]
fn a_missing_file_or_a_url_is_an_error_at_its_ref() {
    assert_eq!(
        error_of("broken/only-missing.yaml"),
        "broken/only-missing.yaml:6:9 at #/components/schemas/B/$ref: unresolved $ref \
         `./missing.yaml`: cannot read `broken/missing.yaml`: no such file"
    );
    assert_eq!(
        error_of("broken/url.yaml"),
        "broken/url.yaml:6:9 at #/components/schemas/C/$ref: unresolved $ref \
         `https://example.com/c.yaml#/C`: a URL: linkgen reads no network; bundle the spec \
         into one file first (`npx @redocly/cli bundle`)"
    );
}

#[test]
fn a_path_item_from_another_file_is_normalized_where_it_is_used() {
    let api = lower(&split("v31/openapi.yaml")).expect("the split 3.1 spec lowers");
    let list = op(&api, "list_items");
    assert_eq!(list.path.to_string(), "/items");
    let note = field(&api, "ListItemsResponse", "note");
    assert!(note.required && note.nullable, "{}", outline(&api));
}
