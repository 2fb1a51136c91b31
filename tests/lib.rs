//! Workspace-level tests live in `it/`; this library holds only the
//! `compile_fail` doctests below, which check what an out-of-crate user of a
//! generated client must *not* be able to write, so that an additive spec
//! change never breaks them. Each has a compiling counterpart in
//! `it/compat.rs`. (Stable rustdoc does not check the error codes; they say
//! which error each snippet is meant to hit.)
//!
//! A struct literal of a schema struct (a new optional field would break it):
//!
//! ```compile_fail,E0639
//! let request = plaid_client::types::LinkTokenGetRequest {
//!     client_id: None,
//!     secret: None,
//!     link_token: "link-sandbox-1".into(),
//! };
//! ```
//!
//! Not even with functional update syntax on an all-optional struct:
//!
//! ```compile_fail,E0639
//! let metadata = plaid_client::types::LinkSessionSuccessMetadata {
//!     link_session_id: Some("s".into()),
//!     ..Default::default()
//! };
//! ```
//!
//! A struct literal of a parameters struct:
//!
//! ```compile_fail,E0639
//! let params = partoo_client::operations::CheckConnectionTokenParams {
//!     user_id: "u".into(),
//!     token: "t".into(),
//! };
//! ```
//!
//! An exhaustive match on a string enum (a new value would break it):
//!
//! ```compile_fail,E0004
//! use plaid_client::types::PlaidErrorCodeReason as R;
//! fn label(reason: &R) -> &'static str {
//!     match reason {
//!         R::OauthInvalidToken => "invalid",
//!         R::OauthConsentExpired => "expired",
//!         R::OauthUserRevoked => "revoked",
//!         R::Unknown(_) => "unknown",
//!     }
//! }
//! ```
//!
//! An exhaustive match on an operation's error enum, or on `Environment`:
//!
//! ```compile_fail,E0004
//! fn code(error: &plaid_client::operations::LinkTokenGetError) -> &str {
//!     match error {
//!         plaid_client::operations::LinkTokenGetError::Default(e) => &e.error_code,
//!     }
//! }
//! ```
//!
//! ```compile_fail,E0004
//! fn name(environment: plaid_client::Environment) -> &'static str {
//!     match environment {
//!         plaid_client::Environment::Production => "production",
//!         plaid_client::Environment::Sandbox => "sandbox",
//!     }
//! }
//! ```
//!
//! Looking inside an unknown value: the arm `Unknown(v) if v == "…"` would
//! silently stop matching once the value becomes a variant, so
//! `UnknownValue` has no comparison with strings, no accessor and no
//! constructor (compare the enum's `as_str()` instead):
//!
//! ```compile_fail,E0277
//! use plaid_client::types::AccountVerificationStatus as S;
//! fn is_magic(status: &S) -> bool {
//!     matches!(status, S::Unknown(v) if v == "instant_verified_by_magic")
//! }
//! ```
//!
//! ```compile_fail,E0277
//! use plaid_client::types::AccountVerificationStatus as S;
//! fn text(status: &S) -> Option<String> {
//!     match status {
//!         S::Unknown(v) => Some(String::from(v)),
//!         _ => None,
//!     }
//! }
//! ```
//!
//! ```compile_fail,E0423
//! let status = plaid_client::types::AccountVerificationStatus::Unknown(
//!     plaid_client::UnknownValue("instant_verified_by_magic".into()),
//! );
//! ```
