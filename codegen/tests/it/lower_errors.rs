//! Located errors: unresolvable `$ref`s and ref cycles.

use crate::lower_support;

use codegen::Error;
use lower_support::{lower_error, lower_yaml};

#[test]
fn missing_target() {
    let e = lower_error("error_missing.yaml");
    assert!(matches!(e, Error::UnresolvedRef { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "error_missing.yaml at #/components/schemas/Pet/properties/owner/$ref: \
         unresolved $ref `#/components/schemas/Owner`: no `Owner` in components.schemas"
    );
}

#[test]
fn external_file() {
    let e = lower_error("error_external.yaml");
    assert_eq!(
        e.to_string(),
        "error_external.yaml at #/paths/~1x/get/responses/200/content/application~1json/schema/$ref: \
         unresolved $ref `other.yaml#/components/schemas/Thing`: \
         external references (other files or URLs) are followed only in a spec read from its file"
    );
}

#[test]
fn malformed_pointer() {
    let e = lower_error("error_malformed.yaml");
    assert_eq!(
        e.to_string(),
        "error_malformed.yaml at #/components/schemas/Pet/properties/bad/$ref: \
         unresolved $ref `#/components/schemas/a~2b`: malformed JSON pointer (`~` must be followed by 0 or 1)"
    );
}

#[test]
fn missing_parameter() {
    let e = lower_error("error_param_missing.yaml");
    assert_eq!(
        e.to_string(),
        "error_param_missing.yaml at #/paths/~1x/get/parameters/0/$ref: \
         unresolved $ref `#/components/parameters/Nope`: no `Nope` in components.parameters"
    );
}

#[test]
fn schema_ref_cycle() {
    let e = lower_error("error_cycle.yaml");
    assert!(matches!(e, Error::RefCycle { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "error_cycle.yaml at #/components/schemas/A/$ref: $ref cycle: \
         #/components/schemas/B -> #/components/schemas/C -> #/components/schemas/A"
    );
}

#[test]
fn response_ref_cycle() {
    let e = lower_error("error_response_cycle.yaml");
    assert_eq!(
        e.to_string(),
        "error_response_cycle.yaml at #/paths/~1x/get/responses/200/$ref: $ref cycle: \
         #/components/responses/One -> #/components/responses/Two -> #/components/responses/One"
    );
}

#[test]
fn other_unresolvable_refs() {
    let spec = |reference: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n\
             components:\n  schemas:\n    A:\n      type: object\n      properties:\n        \
             x: {{$ref: '{reference}'}}\n"
        )
    };
    for (reference, message) in [
        ("#", "points at the document root"),
        ("#components/schemas/A", "malformed JSON pointer"),
        ("Pet", "not a local reference"),
        ("https://example.com/s.json#/A", "external references"),
        (
            "#/components/schemas/A/properties/nope",
            "nothing at that pointer",
        ),
        ("#/openapi", "not a schema"),
        ("#/components/schemas/%zz", "malformed percent-encoding"),
    ] {
        let e = lower_yaml(&spec(reference)).expect_err(reference);
        let Error::UnresolvedRef {
            location,
            message: m,
            ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(location.pointer, "/components/schemas/A/properties/x/$ref");
        assert!(m.contains(message), "{reference}: {m}");
    }
}

#[test]
fn deep_ref_cycle() {
    let e = lower_yaml(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  x-defs:\n    \
         a: {$ref: '#/components/x-defs/b'}\n    b: {$ref: '#/components/x-defs/a'}\n  schemas:\n    \
         S:\n      type: object\n      properties:\n        p: {$ref: '#/components/x-defs/a'}\n",
    )
    .expect_err("cycle");
    assert!(matches!(e, Error::RefCycle { .. }), "{e:?}");
}

#[test]
fn percent_encoded_names_resolve() {
    let api = lower_yaml(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
         'a b':\n      type: string\n    S:\n      type: object\n      properties:\n        \
         p: {$ref: '#/components/schemas/a%20b'}\n",
    )
    .expect("lowers");
    assert!(api.types.values().any(|t| t.name == "AB"));
}
