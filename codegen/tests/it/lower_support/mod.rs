//! Shared helpers of the `lower_*` tests; `pipeline.rs`, the one way a
//! test of any stage turns a spec into IR.

mod pipeline;

pub use pipeline::{Lowered, Lowering};

use std::path::{Path, PathBuf};

use codegen::ir::{Api, Operation, Response, ResponseBody, TypeDef, TypeId, TypeKind, TypeRef};

/// `codegen/tests/fixtures/lower/<name>`.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lower")
        .join(name)
}

/// Snapshots `$value` under `fixtures/lower/snapshots/$name.snap`.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!(
            { snapshot_path => "../fixtures/lower/snapshots", prepend_module_to_snapshot => false },
            { insta::assert_snapshot!($name, $value) }
        )
    };
}

/// The type named `name`.
pub fn ty<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .values()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type `{name}` in {:?}", names(api)))
}

/// The field of struct `owner` whose wire name is `wire`.
pub fn field<'a>(api: &'a Api, owner: &str, wire: &str) -> &'a codegen::ir::Field {
    match &ty(api, owner).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("{owner}.{wire}")),
        other => panic!("{owner} is not a struct: {other:?}"),
    }
}

/// The parameter of `op` whose wire name is `wire`.
pub fn param_of<'a>(op: &'a Operation, wire: &str) -> &'a codegen::ir::Param {
    (op.params.iter())
        .find(|p| p.wire_name == wire)
        .unwrap_or_else(|| panic!("{} has no parameter `{wire}`", op.method_name))
}

/// The response of `op` documented under `key` in the spec's `responses`
/// (`"201"`, `"4XX"`, `"default"`).
pub fn response<'a>(op: &'a Operation, key: &str) -> &'a Response {
    (op.responses.iter())
        .find(|r| r.status.key() == key)
        .unwrap_or_else(|| panic!("{} has no response `{key}`", op.method_name))
}

/// The security scheme declared under `key` in `components.securitySchemes`.
pub fn security_scheme<'a>(api: &'a Api, key: &str) -> &'a codegen::ir::SecurityScheme {
    (api.security_schemes.iter())
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no security scheme `{key}`"))
}

/// The declared response header whose wire name is `wire`.
pub fn header<'a>(
    headers: &'a codegen::ir::ResponseHeaders,
    wire: &str,
) -> &'a codegen::ir::ResponseHeader {
    (headers.fields.iter())
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no header `{wire}` in {}", headers.type_name))
}

/// Whether lowering warned at `pointer` with a message containing `part`.
pub fn has_warning(api: &Api, pointer: &str, part: &str) -> bool {
    api.warnings
        .iter()
        .any(|w| w.pointer == pointer && w.message.contains(part))
}

/// The id of the type named `name`.
pub fn id(api: &Api, name: &str) -> TypeId {
    *api.types
        .iter()
        .find(|(_, t)| t.name == name)
        .unwrap_or_else(|| panic!("no type `{name}`"))
        .0
}

/// `Named(id of name)`.
pub fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(id(api, name))
}

/// Every type name, in id order.
pub fn names(api: &Api) -> Vec<&str> {
    api.types.values().map(|t| t.name.as_str()).collect()
}

/// The operation whose method is `name`.
pub fn op<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.method_name == name)
        .unwrap_or_else(|| panic!("no operation `{name}`"))
}

/// A response body as the outline writes it: its kind, then the type it
/// holds, if any (`Empty`, `Json Pet`, `Events Tick`).
pub fn show_body(api: &Api, body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "Empty".into(),
        ResponseBody::Redirect => "Redirect".into(),
        ResponseBody::Text => "Text".into(),
        ResponseBody::Bytes => "Bytes".into(),
        ResponseBody::Json(ty) => format!("Json {}", show(api, ty)),
        ResponseBody::Events(None) => "Events".into(),
        ResponseBody::Events(Some(ty)) => format!("Events {}", show(api, ty)),
    }
}

/// A human-readable rendering of a type reference.
pub fn show(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types.get(id).map_or("?".into(), |t| t.name.clone()),
        TypeRef::Array(inner) => format!("Vec<{}>", show(api, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", show(api, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", show(api, inner)),
        other => format!("{other:?}"),
    }
}

/// A compact, readable outline of the whole IR (for snapshots and for
/// eyeballing real specs).
pub fn outline(api: &Api) -> String {
    let mut out = String::new();
    for s in &api.servers {
        out.push_str(&format!("server {} = {}\n", s.variant, s.url));
    }
    for s in &api.security_schemes {
        out.push_str(&format!(
            "auth {} -> .{}() ${} {:?}\n",
            s.key, s.setter, s.env_suffix, s.kind
        ));
    }
    for t in api.types.values() {
        match &t.kind {
            TypeKind::Struct(s) => {
                out.push_str(&format!("struct {}\n", t.name));
                for f in &s.fields {
                    let flags = [
                        (f.required, "req"),
                        (f.nullable, "null"),
                        (f.boxed, "box"),
                        (f.secret, "secret"),
                        (f.read_only, "ro"),
                        (f.write_only, "wo"),
                    ]
                    .iter()
                    .filter(|(b, _)| *b)
                    .map(|(_, s)| *s)
                    .collect::<Vec<_>>()
                    .join(",");
                    let rename = if f.name == f.wire_name {
                        String::new()
                    } else {
                        format!(" ({})", f.wire_name)
                    };
                    out.push_str(&format!(
                        "  {}{rename}: {} [{flags}]\n",
                        f.name,
                        show(api, &f.ty)
                    ));
                }
                if let Some(a) = &s.additional {
                    out.push_str(&format!("  ..: {}\n", show(api, a)));
                }
            }
            TypeKind::StringEnum(e) => {
                let v: Vec<String> = e
                    .variants
                    .iter()
                    .map(|v| format!("{}={}", v.name, v.wire))
                    .collect();
                out.push_str(&format!("enum {} {{{}}}\n", t.name, v.join(", ")));
            }
            TypeKind::IntEnum(e) => {
                let v: Vec<String> = e.values.iter().map(|(n, v)| format!("{n}={v}")).collect();
                out.push_str(&format!("int-enum {} {{{}}}\n", t.name, v.join(", ")));
            }
            TypeKind::Union(u) => {
                out.push_str(&format!(
                    "union {} tag={:?}\n",
                    t.name,
                    u.tagging.property()
                ));
                for v in &u.variants {
                    let b = if v.boxed { " [box]" } else { "" };
                    out.push_str(&format!(
                        "  {}({}) {:?}{b}\n",
                        v.name,
                        show(api, &v.ty),
                        v.tags
                    ));
                }
            }
            TypeKind::Alias(a) => out.push_str(&format!("type {} = {}\n", t.name, show(api, a))),
        }
    }
    for o in &api.operations {
        out.push_str(&format!(
            "fn {}  {} {}  call={} error={} success={:?} security={:?}\n",
            o.method_name,
            o.http_method,
            o.path,
            o.call_type,
            o.error_type,
            o.success_type,
            o.security
        ));
        for p in &o.params {
            out.push_str(&format!(
                "  param {} ({} {:?}) {} req={} {:?} explode={}\n",
                p.name,
                p.wire_name,
                p.location,
                show(api, &p.ty),
                p.required,
                p.style,
                p.explode
            ));
        }
        if let Some(b) = &o.body {
            let v = b.primary();
            out.push_str(&format!(
                "  body {} {:?} {} req={}\n",
                v.content_type,
                v.encoding,
                show(api, &v.ty),
                b.required
            ));
            if let Some(choice) = &b.choice_type {
                for v in &b.variants {
                    out.push_str(&format!(
                        "    {choice}::{} {} {:?} {}\n",
                        v.name,
                        v.content_type,
                        v.encoding,
                        show(api, &v.ty)
                    ));
                }
            }
        }
        for r in &o.responses {
            let body = show_body(api, &r.body);
            out.push_str(&format!(
                "  {:?} {} success={} {body}\n",
                r.status, r.variant, r.success,
            ));
        }
    }
    for w in &api.warnings {
        out.push_str(&format!("warning {}: {}\n", w.pointer, w.message));
    }
    out
}

/// Where the provider specs live: `LOWER_SPECS_DIR`, else the workspace's
/// `specs/`.
pub fn specs_dir() -> PathBuf {
    std::env::var_os("LOWER_SPECS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"))
}

/// Lowers a provider spec through load, normalize and lower, or `None`
/// when it is not there (yet).
pub fn lower_provider(file: &str) -> Option<Api> {
    let path = specs_dir().join(file);
    if !path.exists() {
        eprintln!("{}: not present, skipped", path.display());
        return None;
    }
    Some(Lowering::file(&path).api())
}
