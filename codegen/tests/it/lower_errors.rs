//! Located errors: unresolvable `$ref`s and ref cycles.

use crate::lower_support;

use codegen::Error;
use lower_support::Lowering;

#[test]
fn missing_target() {
    // Normalize degrades a schema `$ref` to nothing to any JSON
    // (`constructs.rs`); lowering alone refuses it, located.
    let e = Lowering::fixture("error_missing.yaml")
        .skip_normalize()
        .error();
    assert!(matches!(e, Error::UnresolvedRef { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "error_missing.yaml:9:17 at #/components/schemas/Pet/properties/owner/$ref: \
         unresolved $ref `#/components/schemas/Owner`: no `Owner` in components.schemas"
    );
}

#[test]
fn external_file() {
    let e = Lowering::fixture("error_external.yaml").error();
    assert_eq!(
        e.to_string(),
        "error_external.yaml:11:24 at #/paths/~1x/get/responses/200/content/application~1json/schema/$ref: \
         unresolved $ref `other.yaml#/components/schemas/Thing`: \
         external references (other files or URLs) are followed only in a spec read from its file"
    );
}

#[test]
fn malformed_pointer() {
    let e = Lowering::fixture("error_malformed.yaml").error();
    assert_eq!(
        e.to_string(),
        "error_malformed.yaml:9:15 at #/components/schemas/Pet/properties/bad/$ref: \
         unresolved $ref `#/components/schemas/a~2b`: malformed JSON pointer (`~` must be followed by 0 or 1)"
    );
}

#[test]
fn missing_parameter() {
    let e = Lowering::fixture("error_param_missing.yaml").error();
    assert_eq!(
        e.to_string(),
        "error_param_missing.yaml:7:11 at #/paths/~1x/get/parameters/0/$ref: \
         unresolved $ref `#/components/parameters/Nope`: no `Nope` in components.parameters"
    );
}

#[test]
fn schema_ref_cycle() {
    let e = Lowering::fixture("error_cycle.yaml").error();
    assert!(matches!(e, Error::RefCycle { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "error_cycle.yaml:6:9 at #/components/schemas/A/$ref: $ref cycle: \
         #/components/schemas/B -> #/components/schemas/C -> #/components/schemas/A"
    );
}

#[test]
fn response_ref_cycle() {
    let e = Lowering::fixture("error_response_cycle.yaml").error();
    assert_eq!(
        e.to_string(),
        "error_response_cycle.yaml:7:17 at #/paths/~1x/get/responses/200/$ref: $ref cycle: \
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
        (
            "#components/schemas/A",
            "malformed JSON pointer (must start with `/`)",
        ),
        ("Pet", "not a local reference (`#/...`)"),
        (
            "https://example.com/s.json#/A",
            "external references (other files or URLs) are followed only in a spec read from its file",
        ),
        (
            "#/openapi",
            "not a schema: invalid type: string \"3.0.3\", expected struct Schema",
        ),
        ("#/components/schemas/%zz", "malformed percent-encoding"),
    ] {
        assert_eq!(
            Lowering::text("inline.yaml", &spec(reference))
                .error()
                .to_string(),
            format!(
                "inline.yaml:9:13 at #/components/schemas/A/properties/x/$ref: \
                 unresolved $ref `{reference}`: {message}"
            )
        );
    }
    // A local pointer to nothing: normalize degrades that use to any JSON
    // (`constructs.rs`); lowering alone still refuses it, located.
    let nowhere = spec("#/components/schemas/A/properties/nope");
    assert_eq!(
        Lowering::text("inline.yaml", &nowhere)
            .skip_normalize()
            .error()
            .to_string(),
        "inline.yaml:9:13 at #/components/schemas/A/properties/x/$ref: \
         unresolved $ref `#/components/schemas/A/properties/nope`: nothing at that pointer"
    );
}

#[test]
fn deep_ref_cycle() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  x-defs:\n    \
        a: {$ref: '#/components/x-defs/b'}\n    b: {$ref: '#/components/x-defs/a'}\n  schemas:\n    \
        S:\n      type: object\n      properties:\n        p: {$ref: '#/components/x-defs/a'}\n";
    let e = Lowering::text("inline.yaml", yaml).error();
    assert_eq!(
        e.to_string(),
        "inline.yaml:12:13 at #/components/schemas/S/properties/p/$ref: $ref cycle: \
         #/components/x-defs/a -> #/components/x-defs/b -> #/components/x-defs/a"
    );
}

#[test]
fn percent_encoded_names_resolve() {
    let api = Lowering::text(
        "inline.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
         'a b':\n      type: string\n    S:\n      type: object\n      properties:\n        \
         p: {$ref: '#/components/schemas/a%20b'}\n",
    )
    .api();
    assert!(api.types.values().any(|t| t.name == "AB"));
}
