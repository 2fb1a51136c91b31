//! The shape of an OpenAPI document, as far as normalization cares: which
//! object a node is, judged by the keys that lead to it. Used to find the
//! schemas to rewrite, and to re-check a failing node on its own when
//! `openapiv3` reports an error too far up.

use serde_json::Value;

use crate::ir::HttpMethod;

/// What a node of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Root,
    Info,
    License,
    Paths,
    PathItemMap,
    PathItem,
    Operation,
    ParameterList,
    ParameterMap,
    Parameter,
    RequestBodyMap,
    RequestBody,
    Content,
    MediaType,
    EncodingMap,
    Encoding,
    Responses,
    ResponseMap,
    Response,
    HeaderMap,
    Header,
    CallbackMap,
    Callback,
    Components,
    SecuritySchemeMap,
    SecurityScheme,
    /// `security` of the root or an operation: a list of requirements.
    SecurityRequirementList,
    /// One requirement: scheme name → scopes.
    SecurityRequirement,
    Schema,
    SchemaMap,
    SchemaList,
}

/// The kind of the member `key` of a node of kind `parent` whose value is
/// `value`, or `None` when normalization has nothing to look at there.
pub(crate) fn child_kind(parent: Kind, key: &str, value: &Value) -> Option<Kind> {
    use Kind::*;
    // A schema's definitions, before or after normalization moved them.
    if parent == Schema
        && value.is_object()
        && super::keywords::DEFINITIONS
            .iter()
            .any(|name| key.strip_prefix("x-").unwrap_or(key) == *name)
    {
        return Some(SchemaMap);
    }
    if key.starts_with("x-") && !is_map(parent) {
        return None;
    }
    Some(match (parent, key) {
        (Root, "info") => Info,
        (Root, "paths") => Paths,
        (Root, "webhooks") => PathItemMap,
        (Root, "components") => Components,
        (Root | Operation, "security") => SecurityRequirementList,
        (SecurityRequirementList, _) => SecurityRequirement,
        (Info, "license") => License,
        (Paths, k) if k.starts_with('/') => PathItem,
        (PathItemMap | Callback, _) => PathItem,
        (PathItem, "parameters") | (Operation, "parameters") => ParameterList,
        (PathItem, k) if HttpMethod::ALL.iter().any(|m| m.field() == k) => Operation,
        (Operation, "requestBody") => RequestBody,
        (Operation, "responses") => Responses,
        (Operation, "callbacks") => CallbackMap,
        (ParameterList, _) | (ParameterMap, _) => Parameter,
        (Parameter | Header, "schema") | (MediaType, "schema") => Schema,
        (Parameter | Header | RequestBody | Response, "content") => Content,
        (Content, _) => MediaType,
        (MediaType, "encoding") => EncodingMap,
        (EncodingMap, _) => Encoding,
        (Encoding | Response, "headers") => HeaderMap,
        (HeaderMap, _) => Header,
        (Responses | ResponseMap, _) => Response,
        (RequestBodyMap, _) => RequestBody,
        (CallbackMap, _) => Callback,
        (SecuritySchemeMap, _) => SecurityScheme,
        (Components, "schemas") => SchemaMap,
        (Components, "responses") => ResponseMap,
        (Components, "parameters") => ParameterMap,
        (Components, "requestBodies") => RequestBodyMap,
        (Components, "headers") => HeaderMap,
        (Components, "callbacks") => CallbackMap,
        (Components, "securitySchemes") => SecuritySchemeMap,
        (Components, "pathItems") => PathItemMap,
        (SchemaMap | SchemaList, _) => Schema,
        (Schema, "properties") => SchemaMap,
        (Schema, "allOf" | "anyOf" | "oneOf") => SchemaList,
        (Schema, "not") => Schema,
        (Schema, "items") if !value.is_array() => Schema,
        (Schema, "additionalProperties") if !value.is_boolean() => Schema,
        _ => return None,
    })
}

/// Whether nodes of this kind are plain maps or lists, whose `x-` keys are
/// ordinary entries rather than extensions.
fn is_map(kind: Kind) -> bool {
    use Kind::*;
    matches!(
        kind,
        PathItemMap
            | ParameterList
            | ParameterMap
            | RequestBodyMap
            | Content
            | EncodingMap
            | ResponseMap
            | HeaderMap
            | CallbackMap
            | SecuritySchemeMap
            | SchemaMap
            | SchemaList
            | SecurityRequirementList
            | SecurityRequirement
    )
}

/// The kind of the deepest node on the way to `pointer` whose kind is known
/// (what a value below it, such as a scope list, belongs to).
pub(crate) fn enclosing_kind(root: &Value, pointer: &str) -> Kind {
    let mut kind = Kind::Root;
    let mut node = root;
    for key in crate::pointer::tokens(pointer) {
        let child = match node {
            Value::Object(map) => map.get(key.as_ref()),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(child) = child else { break };
        let Some(child_kind) = child_kind(kind, &key, child) else {
            break;
        };
        kind = child_kind;
        node = child;
    }
    kind
}

/// The kind of the node at `pointer`, if the path to it is one normalization
/// knows.
pub(crate) fn kind_at(root: &Value, pointer: &str) -> Option<Kind> {
    let mut kind = Kind::Root;
    let mut node = root;
    if pointer.is_empty() {
        return Some(kind);
    }
    if !pointer.starts_with('/') {
        return None;
    }
    for key in crate::pointer::tokens(pointer) {
        let child = match node {
            Value::Object(map) => map.get(key.as_ref())?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
        kind = child_kind(kind, &key, child)?;
        node = child;
    }
    Some(kind)
}
