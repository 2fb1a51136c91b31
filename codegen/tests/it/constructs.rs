//! Constructs of real specs (issue 18) through load, normalize and lower:
//! what is tolerated and with which located warning, what degrades and
//! what stays an error, and how a `$defs` type is named. The generated
//! client of each is checked on the wire by `tests/it/wire/constructs.rs`.

use codegen::ir::{Api, TypeRef, Warning};

use crate::lower_support::{field, id, ty, Lowered, Lowering};

fn shown(warnings: &[Warning]) -> Vec<String> {
    (warnings.iter())
        .map(|w| format!("{}: {}", w.pointer, w.message))
        .collect()
}

fn field_type(api: &Api, owner: &str, wire: &str) -> TypeRef {
    field(api, owner, wire).ty.clone()
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";

#[test]
fn invalid_fields_with_one_reading_are_tolerated_with_a_located_warning() {
    let yaml = "openapi: 3.1.0
info: {title: T, version: 2.5}
security: [{key: null}]
paths:
  /x:
    get:
      security: [{key: null}]
      responses:
        '200': {}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
";
    let Lowered { api, warnings } = Lowering::text("c.yaml", yaml).run().expect("tolerated");
    assert_eq!(api.version, "2.5");
    assert_eq!(
        shown(&warnings),
        [
            "/info/version: `info.version` is not a string, which OpenAPI does not allow: taken as `\"2.5\"` (1 place)",
            // One warning per rule, however many places it applies at.
            "/security/0/key: the scope list of a security requirement is null, which OpenAPI does not allow: taken as `[]` (2 places, the first here)",
            "/paths/~1x/get/responses/200/description: the description of a response is missing, which OpenAPI does not allow: taken as `\"\"` (1 place)",
        ]
    );
    // 3.2 made the description optional: no warning there.
    let Lowered { warnings, .. } = Lowering::text("c.yaml", &yaml.replace("3.1.0", "3.2.0"))
        .run()
        .expect("3.2");
    assert!(!shown(&warnings).iter().any(|w| w.contains("description")));
}

#[test]
fn an_invalid_security_requirement_is_named_as_one() {
    let yaml = format!("{HEAD}paths:\n  /x:\n    get:\n      security: [{{key: 3}}]\n      responses: {{'200': {{description: ok}}}}\n");
    assert_eq!(
        Lowering::text("c.yaml", &yaml).error().to_string(),
        "c.yaml:6:19 at #/paths/~1x/get/security/0/key: \
         invalid security requirement: expected a list, found integer `3`"
    );
}

#[test]
fn a_dangling_schema_ref_degrades_that_use_to_any_json() {
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        \
         b: {{$ref: '#/components/schemas/Missing'}}\n        c: {{type: string}}\n"
    );
    let Lowered { api, warnings } = Lowering::text("c.yaml", &yaml)
        .run()
        .expect("degraded, not refused");
    assert_eq!(field_type(&api, "A", "b"), TypeRef::Json);
    assert_eq!(field_type(&api, "A", "c"), TypeRef::String);
    assert_eq!(
        shown(&warnings),
        ["/components/schemas/A/properties/b/$ref: `$ref` `#/components/schemas/Missing` names no schema of the document: that use typed as any JSON value (`serde_json::Value`)"]
    );
    let doc = field(&api, "A", "b").doc.clone().unwrap_or_default();
    assert!(doc.contains("names no schema of the document"), "{doc}");
}

#[test]
fn a_dangling_parameter_or_path_item_ref_stays_an_error() {
    let parameter = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      parameters: [{{$ref: '#/components/parameters/Nope'}}]\n      \
         responses: {{'200': {{description: ok}}}}\n"
    );
    assert_eq!(
        Lowering::text("c.yaml", &parameter).error().to_string(),
        "c.yaml:6:21 at #/paths/~1x/get/parameters/0/$ref: \
         unresolved $ref `#/components/parameters/Nope`: no `Nope` in components.parameters"
    );

    let path_item = format!("{HEAD}paths:\n  /x: {{$ref: '#/components/pathItems/Nope'}}\n");
    assert_eq!(
        Lowering::text("c.yaml", &path_item).error().to_string(),
        "c.yaml:4:8 at #/paths/~1x/$ref: \
         unresolved $ref `#/components/pathItems/Nope`: nothing at that pointer"
    );
}

#[test]
fn defs_pointers_resolve_and_name_the_type_after_the_key() {
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Hook:\n      type: object\n      properties:\n        \
         data: {{$ref: '#/components/schemas/Hook/$defs/Data'}}\n        \
         login: {{$ref: '#/components/schemas/Hook/$defs/Data/properties/owner'}}\n        \
         old: {{$ref: '#/components/schemas/Hook/definitions/Data'}}\n      \
         $defs:\n        Data:\n          type: object\n          properties:\n            \
         owner: {{type: object, properties: {{login: {{type: string}}}}}}\n      \
         definitions:\n        Data: {{type: object, properties: {{n: {{type: integer}}}}}}\n"
    );
    let Lowered { api, warnings } = Lowering::text("c.yaml", &yaml).run().expect("resolves");
    assert_eq!(shown(&warnings), Vec::<String>::new());
    let data = id(&api, "Data");
    assert_eq!(field_type(&api, "Hook", "data"), TypeRef::Named(data));
    // A second `Data`, under `definitions`: collision-safe.
    let TypeRef::Named(old) = field_type(&api, "Hook", "old") else {
        panic!()
    };
    assert_ne!(old, data);
    assert!(api.types[&old].name.starts_with("Data"));
    // A pointer deeper into a definition: the type it lands on.
    assert_eq!(
        field_type(&api, "Hook", "login"),
        field_type(&api, "Data", "owner")
    );
}

#[test]
fn a_warning_class_leaves_out_what_names_the_spec() {
    let class = |message: &str| {
        Warning {
            pointer: "/x".into(),
            message: message.into(),
        }
        .class()
    };
    assert_eq!(
        class("path parameter `id` is not declared: typed as a string"),
        "path parameter … is not declared: typed as a string"
    );
    assert_eq!(
        class("several arrays could be the items (a, b): no paginator"),
        "several arrays could be the items (…): no paginator"
    );
    assert_eq!(
        class("operationId `x` is also the one of #/paths/~1a/get: the method name gets a suffix"),
        "operationId … is also the one of …: the method name gets a suffix"
    );
}

#[test]
fn a_degraded_type_says_so_in_its_docs() {
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Base: {{type: object, properties: {{a: {{type: string}}}}}}\n    \
         Odd:\n      allOf:\n        - {{$ref: '#/components/schemas/Base'}}\n        - {{type: string}}\n    \
         Mixed:\n      type: object\n      properties: {{a: {{type: string}}}}\n      \
         oneOf: [{{type: string}}, {{type: integer}}]\n"
    );
    let Lowered { api, warnings } = Lowering::text("c.yaml", &yaml)
        .run()
        .expect("degraded, not refused");
    let doc = |name: &str| ty(&api, name).doc.clone().unwrap_or_default();
    assert!(doc("Odd").contains("is not an object"), "{}", doc("Odd"));
    assert!(doc("Mixed").contains("is not typed"), "{}", doc("Mixed"));
    let classes: Vec<String> = warnings.iter().map(Warning::class).collect();
    assert!(classes.contains(&"allOf member is not an object: not merged".to_string()));
    assert!(classes
        .contains(&"oneOf/anyOf next to properties: ignored, typed as the object".to_string()));
}
