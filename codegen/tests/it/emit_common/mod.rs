//! The emitter's tests' IR: lowered from a small inline spec
//! ([`lowered`], [`spec`]) by `lower_support::Lowering`, so a change to the IR's shape needs no test
//! edit; and the hand-built values (`api`, `add`, `field`, `op`…) kept for
//! the IR lowering cannot produce (an invalid name, a body `validate`
//! refuses). `sample` is the IR of `fixtures/emit/sample.yaml`.

pub mod sample;

use codegen::emit::{emit, CrateOptions};
use codegen::ir::*;

use crate::lower_support::Lowering;

/// An OpenAPI 3.0 document titled `title`, at version `1.0.0`, with one
/// server (`https://api.example.com/v1`, "Production server"), then
/// `rest` (top-level YAML: `paths:`, `components:`…).
pub fn spec(title: &str, rest: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: '{title}', version: 1.0.0}}\n\
         servers:\n  - {{url: 'https://api.example.com/v1', description: Production server}}\n\
         {rest}"
    )
}

/// The IR `codegen::generate` would hand the emitter for `yaml` (default
/// options): the emit tests' shorthand for `lower_support::Lowering`.
pub fn lowered(yaml: &str) -> Api {
    Lowering::text("spec.yaml", yaml).api()
}

pub fn options() -> CrateOptions {
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

pub fn api(title: &str) -> Api {
    Api {
        title: title.into(),
        version: "1.0.0".into(),
        description: None,
        servers: vec![Server {
            variant: "Production".into(),
            name: "production".into(),
            url: "https://api.example.com/v1".into(),
            description: Some("Production server".into()),
        }],
        security_schemes: Vec::new(),
        types: Default::default(),
        operations: Vec::new(),
        features: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Adds a type with the next id and returns a reference to it.
pub fn add(api: &mut Api, name: &str, kind: TypeKind) -> TypeRef {
    let id = TypeId(api.types.len());
    api.types.insert(
        id,
        TypeDef {
            name: name.into(),
            origin: format!("/components/schemas/{name}"),
            doc: None,
            example: None,
            deprecated: None,
            kind,
            features: Vec::new(),
        },
    );
    TypeRef::Named(id)
}

pub fn def_mut<'a>(api: &'a mut Api, ty: &TypeRef) -> &'a mut TypeDef {
    let TypeRef::Named(id) = ty else {
        panic!("not a named type")
    };
    api.types.get_mut(id).unwrap()
}

pub fn field(name: &str, wire: &str, ty: TypeRef, required: bool) -> Field {
    Field {
        name: name.into(),
        setter: codegen::naming::setter_ident(name),
        wire_name: wire.into(),
        ty,
        required,
        nullable: false,
        boxed: false,
        secret: false,
        doc: None,
        example: None,
        default: None,
        sample: None,
        deprecated: None,
        read_only: false,
        write_only: false,
        explicit_null: false,
        null_setter: String::new(),
    }
}

pub fn strukt(fields: Vec<Field>) -> TypeKind {
    TypeKind::Struct(Struct {
        fields,
        additional: None,
        required_args: None,
    })
}

pub fn string_enum(values: &[(&str, &str)]) -> TypeKind {
    TypeKind::StringEnum(StringEnum {
        variants: values
            .iter()
            .map(|(name, wire)| EnumVariant {
                name: (*name).into(),
                wire: (*wire).into(),
                doc: None,
            })
            .collect(),
    })
}

pub fn op(method_name: &str, http_method: &str, path: &str) -> Operation {
    let camel: String = method_name
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    Operation {
        method_name: method_name.into(),
        call_type: format!("{camel}Call"),
        error_type: format!("{camel}Error"),
        success_type: None,
        operation_id: Some(method_name.into()),
        http_method: HttpMethod::parse(http_method).expect("an HTTP method"),
        path: template(path),
        pointer: format!(
            "/paths/{}/{}",
            path.replace('~', "~0").replace('/', "~1"),
            http_method.to_lowercase()
        ),
        summary: None,
        description: None,
        deprecated: None,
        params: Vec::new(),
        body: None,
        responses: Vec::new(),
        security: Vec::new(),
        retry_safe: false,
        request_id_field: None,
        request_id_header: None,
        headers: None,
        stream_success: false,
        feature: None,
        accept: None,
        server: None,
        paging: None,
    }
}

pub fn param(
    name: &str,
    wire: &str,
    location: ParamLocation,
    ty: TypeRef,
    required: bool,
) -> Param {
    let (style, explode) = match location {
        ParamLocation::Query | ParamLocation::Cookie => (ParamStyle::Form, true),
        _ => (ParamStyle::Simple, false),
    };
    Param {
        name: name.into(),
        setter: if required {
            String::new()
        } else {
            codegen::naming::call_setter_idents([name]).remove(0)
        },
        wire_name: wire.into(),
        location,
        ty,
        required,
        style,
        explode,
        doc: None,
        deprecated: None,
        secret: false,
        sample: None,
    }
}

/// A well-formed path template.
pub fn template(path: &str) -> PathTemplate {
    PathTemplate::parse(path).expect("a well-formed path template")
}

/// A response as `lower` makes one: what it covers from its status.
pub fn response(status: StatusMatch, success: bool, variant: &str, body: ResponseBody) -> Response {
    Response {
        status,
        covers: status.covered(success),
        success,
        variant: variant.into(),
        description: None,
        body,
        example: None,
        summary: Default::default(),
    }
}

/// A response whose body is JSON of `ty`.
pub fn json(code: u16, success: bool, variant: &str, ty: TypeRef) -> Response {
    response(
        StatusMatch::Code(code),
        success,
        variant,
        ResponseBody::Json(ty),
    )
}

/// A response with no body.
pub fn empty(status: StatusMatch, success: bool, variant: &str) -> Response {
    response(status, success, variant, ResponseBody::Empty)
}

/// A request body of one variant, named after its encoding as lowering
/// names it (`Json`, `Text`, `Bytes`…).
pub fn body(
    content_type: &str,
    encoding: BodyEncoding,
    ty: TypeRef,
    required: bool,
) -> RequestBody {
    RequestBody {
        variants: vec![BodyVariant {
            name: format!("{encoding:?}"),
            content_type: content_type.into(),
            encoding,
            ty,
            content_type_range: false,
            form: None,
            form_styles: Vec::new(),
        }],
        choice_type: None,
        required,
        doc: None,
        alternatives: Vec::new(),
        sample: None,
    }
}

pub fn scheme(key: &str, setter: &str, env_suffix: &str, kind: SecurityKind) -> SecurityScheme {
    SecurityScheme {
        key: key.into(),
        setter: setter.into(),
        env_suffix: env_suffix.into(),
        kind,
        description: None,
    }
}

/// The emitted file at `path`. With `$EMIT_SAMPLE_DIR` set, also writes the
/// whole crate to `$EMIT_SAMPLE_DIR/<name>` (standalone, runtime at
/// `$EMIT_SAMPLE_RUNTIME`) for checking it by hand with clippy and rustdoc.
pub fn file(name: &str, api: &Api, path: &str) -> String {
    let files = emit(api, &options()).expect("emit");
    write_crate(name, api);
    files
        .into_iter()
        .find(|f| f.path.to_str() == Some(path))
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

pub fn write_crate(name: &str, api: &Api) {
    let Some(dir) = std::env::var_os("EMIT_SAMPLE_DIR") else {
        return;
    };
    let mut options = options();
    options.standalone = true;
    options.crate_name = format!("{}-client", name.replace('_', "-"));
    if let Some(runtime) = std::env::var_os("EMIT_SAMPLE_RUNTIME") {
        options.runtime_dependency = format!("{{ path = {:?} }}", runtime.to_string_lossy());
    }
    let dir = std::path::PathBuf::from(dir).join(name);
    for file in emit(api, &options).expect("emit") {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
}
