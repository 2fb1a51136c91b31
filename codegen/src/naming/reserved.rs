//! The names generated code defines or uses itself, which names taken from
//! the spec must avoid.

/// Names a generated crate defines or uses unqualified, plus the prelude
/// items a type name could shadow. A schema type with one of these names
/// gets a `Model` suffix.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "ApiError",
    "BTreeMap",
    "Box",
    "BuildError",
    "Bytes",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "Debug",
    "DecodeError",
    "Default",
    "Deserialize",
    "Display",
    "Drop",
    "Environment",
    "Eq",
    "Err",
    "Error",
    "Fn",
    "From",
    "Hash",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "RawResponse",
    "Result",
    "RetryPolicy",
    "Secret",
    "Self",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Value",
    "Vec",
    "linkgen_runtime",
];

/// Methods a generated `Client` has of its own (inherent or from derived and
/// blanket traits), and those of the test kit's `testing::Fake`, which has
/// one method per operation too (`client`, `requests`, `transport`). An
/// operation with one of these names gets an `_op` suffix; `emit/client.rs`
/// and `emit/testing.rs` reserve them in their scopes, and
/// `codegen/tests/it/emit_reserved.rs` checks `emit/client.rs` writes no method
/// of its own that is missing here.
pub const CLIENT_METHODS: &[&str] = &[
    "as_ref",
    "base_url",
    "borrow",
    "borrow_mut",
    "builder",
    "client",
    "clone",
    "clone_from",
    "clone_into",
    "core",
    "default",
    "eq",
    "fmt",
    "from",
    "from_env",
    "from_env_with",
    "hash",
    "into",
    "ne",
    "new",
    "request",
    "requests",
    "send",
    "to_owned",
    "to_string",
    "transport",
    "try_from",
    "try_into",
    "type_id",
];

/// Methods of a generated `ClientBuilder` (inherent, every one the emitter
/// writes, and from derived and blanket traits). A security setter with one
/// of these names gets a `_credential` suffix; `emit/client.rs` reserves
/// them in the builder's scope (and the same test keeps the two in step).
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "borrow",
    "borrow_mut",
    "build",
    "clone",
    "clone_from",
    "clone_into",
    "connect_timeout",
    "default",
    "environment",
    "fmt",
    "from",
    "from_env",
    "from_env_with",
    "header",
    "http_client",
    "idempotency_key_header",
    "into",
    "max_response_bytes",
    "max_retries",
    "new",
    "require_credentials",
    "retry_policy",
    "server_override",
    "shared",
    "timeout",
    "to_owned",
    "total_timeout",
    "transport",
    "try_from",
    "try_into",
    "type_id",
];

/// Methods of an operation's call type (`linkgen_runtime::operation_call!`:
/// the per-call options, `send`, `with_metadata`, its constructor; `body`,
/// the setter of an optional request body; `pages` and `items` of a list
/// operation; and those of `Debug` and `IntoFuture`). An optional parameter's setter with one of these names
/// gets a `_param` suffix (`naming::call_setter_idents`);
/// `codegen/tests/it/emit_reserved.rs` keeps the list and the macro in step.
pub const CALL_METHODS: &[&str] = &[
    "body",
    "fmt",
    "header",
    "idempotency_key",
    "into_future",
    "items",
    "max_retries",
    "new",
    "pages",
    "retry_policy",
    "retry_safe",
    "send",
    "timeout",
    "total_timeout",
    "with_headers",
    "with_metadata",
];

/// Argument and local names of a generated operation method: a parameter
/// with one of these names gets a trailing underscore (GitHub's
/// `/repos/{owner}/{repo}/contents/{path}` takes `path_`).
pub const METHOD_ARGUMENTS: &[&str] = &["body", "params", "path", "request", "response"];

/// The catch-all variant of a tagged union (a tag this version of the crate
/// does not know); a spec variant of that name keeps it, this one moves.
pub const UNKNOWN_VARIANT: &str = "Unknown";
