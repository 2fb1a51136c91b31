//! The names `naming` reserves for the generated `ClientBuilder` and
//! `Client` are the ones the emitter writes: every method the emitter adds
//! of its own is on the list lowering steers spec names away from.
use crate::emit_common;

use codegen::ir::*;
use codegen::naming::{BUILDER_METHODS, CLIENT_METHODS};
use emit_common::*;

/// The `pub fn`s of `impl <ty>` in the emitted `src/client.rs`.
fn methods(api: &Api, ty: &str) -> Vec<String> {
    methods_in(api, "src/client.rs", ty)
}

/// The `pub fn`s of `impl <ty>` in the emitted file `path`.
fn methods_in(api: &Api, path: &str, ty: &str) -> Vec<String> {
    let text = file("reserved", api, path);
    let file = syn::parse_file(&text).expect("client.rs parses");
    let mut out = Vec::new();
    for item in file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(path) = &*block.self_ty else {
            continue;
        };
        if block.trait_.is_some() || !path.path.is_ident(ty) {
            continue;
        }
        for item in block.items {
            if let syn::ImplItem::Fn(f) = item {
                out.push(f.sig.ident.to_string());
            }
        }
    }
    out
}

#[test]
fn every_fixed_method_the_emitter_writes_is_reserved() {
    // One scheme of every kind, used by the one operation.
    let rest = "security: [{apiKey: []}, {bearerAuth: []}, {basicAuth: []}, {queryKey: []}, {cookieKey: []}]
paths:
  /things:
    get: {operationId: list_things, responses: {}}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Api-Key}
    bearerAuth: {type: http, scheme: bearer}
    basicAuth: {type: http, scheme: basic}
    queryKey: {type: apiKey, in: query, name: key}
    cookieKey: {type: apiKey, in: cookie, name: sid}
";
    let with_servers = lowered(&spec("Reserved", rest));
    let without_servers = lowered(&format!(
        "openapi: 3.0.3\ninfo: {{title: Reserved, version: 1.0.0}}\n{rest}"
    ));
    assert!(without_servers.servers.is_empty());
    for api in [with_servers, without_servers] {
        let setters: Vec<&str> = api
            .security_schemes
            .iter()
            .map(|s| s.setter.as_str())
            .collect();
        let builder = methods(&api, "ClientBuilder");
        assert!(builder.iter().any(|m| m == "from_env"), "{builder:?}");
        for method in &builder {
            assert!(
                setters.contains(&method.as_str()) || BUILDER_METHODS.contains(&method.as_str()),
                "`ClientBuilder::{method}` is not in naming::BUILDER_METHODS"
            );
        }
        // The test kit's `Fake` also has a method per operation.
        for ty in ["Client", "Fake"] {
            let path = if ty == "Client" {
                "src/client.rs"
            } else {
                "src/testing.rs"
            };
            let own = methods_in(&api, path, ty);
            assert!(own.iter().any(|m| m == "list_things"), "{own:?}");
            for method in own.iter().filter(|m| *m != "list_things") {
                assert!(
                    CLIENT_METHODS.contains(&method.as_str()),
                    "`{ty}::{method}` is not in naming::CLIENT_METHODS"
                );
            }
        }
    }
}

/// The methods `linkgen_runtime::operation_call!` gives every call type are
/// on `naming::CALL_METHODS`, which keeps the setters of optional
/// parameters off them (read from the macro's source: the runtime is not a
/// dependency of the generator).
#[test]
fn every_method_of_a_call_type_is_reserved() {
    let source = include_str!("../../../runtime/src/call.rs");
    let start = source
        .find("macro_rules! operation_call")
        .expect("the macro is in call.rs");
    let mut found = Vec::new();
    for line in source[start..].lines() {
        let line = line.trim_start();
        let rest = line
            .strip_prefix("pub async fn ")
            .or_else(|| line.strip_prefix("pub fn "))
            .or_else(|| line.strip_prefix("pub(crate) fn "))
            .or_else(|| line.strip_prefix("fn "));
        if let Some(rest) = rest {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    assert!(found.len() >= 10, "{found:?}");
    for method in &found {
        assert!(
            codegen::naming::CALL_METHODS.contains(&method.as_str()),
            "`{method}` of operation_call! is not in naming::CALL_METHODS"
        );
    }
}
