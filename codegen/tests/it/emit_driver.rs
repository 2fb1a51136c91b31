//! The values the wire driver of `cargo xtask corpus --wire` sends
//! (`emit::driver_main`, through `codegen::generate_with_driver`): what a
//! validating mock server asks of a request body, beyond its types.

/// The driver's `main.rs` for a spec given as text.
fn driver(name: &str, spec: &str) -> String {
    let dir = std::env::temp_dir().join(format!("linkgen-emit-driver-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, spec).unwrap();
    let options = codegen::CrateOptions {
        crate_name: "driven".into(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: r#"{ path = "../runtime" }"#.into(),
        env_prefix: "DRIVEN".into(),
        standalone: false,
        spec_file: format!("{name}.yaml"),
        default_headers: Vec::new(),
    };
    let (_, main_rs) =
        codegen::generate_with_driver(&path, &codegen::LowerOptions::default(), &options)
            .expect("generates");
    let _ = std::fs::remove_file(&path);
    main_rs
}

/// The statements of the driver's function for `op`.
fn function<'m>(main_rs: &'m str, op: &str) -> &'m str {
    let at = main_rs
        .find(&format!("const OP: &str = \"{op}\";"))
        .unwrap_or_else(|| panic!("no function for {op} in:\n{main_rs}"));
    let rest = &main_rs[at..];
    &rest[..rest.find("\nasync fn ").unwrap_or(rest.len())]
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn an_array_body_carries_its_min_items() {
    let spec = format!(
        "{HEAD}paths:
  /tags:
    post:
      operationId: create_tags
      requestBody:
        required: true
        content:
          application/json:
            schema: {{type: array, minItems: 2, items: {{$ref: '#/components/schemas/Tag'}}}}
      responses: {{'204': {{description: ok}}}}
components:
  schemas:
    Tag: {{type: object, required: [name], properties: {{name: {{type: string}}}}}}
"
    );
    let main_rs = driver("array_body", &spec);
    let body = function(&main_rs, "create_tags");
    assert!(
        body.contains(r#".create_tags(&[Tag::new("name"), Tag::new("name")])"#),
        "{body}"
    );
}

#[test]
fn unique_items_are_distinct() {
    let spec = format!(
        "{HEAD}paths:
  /ids:
    post:
      operationId: delete_ids
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [ids]
              properties:
                ids: {{type: array, minItems: 3, uniqueItems: true, items: {{type: string, pattern: '^[0-9]+$'}}}}
                tags: {{type: array, minItems: 2, items: {{type: string, pattern: '^[0-9]+$'}}}}
      responses: {{'204': {{description: ok}}}}
"
    );
    let main_rs = driver("unique_items", &spec);
    let body = function(&main_rs, "delete_ids");
    assert!(
        body.contains(r#"vec![String::from("0"), String::from("1"), String::from("2")]"#),
        "{body}"
    );
}

#[test]
fn a_union_body_takes_a_variant_that_only_it_matches() {
    let spec = format!(
        "{HEAD}paths:
  /pets:
    post:
      operationId: create_pet
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - {{$ref: '#/components/schemas/Anything'}}
                - {{$ref: '#/components/schemas/Dog'}}
      responses: {{'204': {{description: ok}}}}
components:
  schemas:
    Anything: {{type: object, properties: {{note: {{type: string}}}}}}
    Dog: {{type: object, required: [bark], properties: {{bark: {{type: string}}}}}}
"
    );
    let main_rs = driver("union_body", &spec);
    let body = function(&main_rs, "create_pet");
    // `{}` matches both variants, which a `oneOf` refuses; `Dog` needs `bark`.
    assert!(body.contains(r#"::Dog(Dog::new("bark"))"#), "{body}");
    assert!(!body.contains("Anything::default()"), "{body}");
}

#[test]
fn a_body_s_own_example_comes_first() {
    let spec = format!(
        "{HEAD}paths:
  /vars:
    post:
      operationId: create_var
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Var'}}
            examples:
              counted: {{value: {{name: count, kind: counter}}}}
      responses: {{'204': {{description: ok}}}}
components:
  schemas:
    Var:
      type: object
      properties: {{name: {{type: string}}, kind: {{type: string}}}}
      example: {{name: other}}
"
    );
    let main_rs = driver("body_example", &spec);
    let body = function(&main_rs, "create_var");
    let own = body.find(r#"{"name":"count","kind":"counter"}"#);
    let schema = body.find(r#"{"name":"other"}"#);
    assert!(own.is_some() && schema.is_some() && own < schema, "{body}");
}

#[test]
fn a_required_array_parameter_gets_an_item() {
    let spec = format!(
        "{HEAD}paths:
  /scores:
    get:
      operationId: list_scores
      parameters:
        - {{name: ids, in: query, required: true, schema: {{type: array, items: {{type: string}}}}}}
      responses: {{'204': {{description: ok}}}}
"
    );
    let main_rs = driver("array_param", &spec);
    let body = function(&main_rs, "list_scores");
    // An empty array is no parameter at all.
    assert!(
        body.contains(r#".list_scores(&[String::from("ids")])"#),
        "{body}"
    );
}
