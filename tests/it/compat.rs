//! The generated public API as an out-of-crate user sees it (these tests are
//! in another crate than the clients): structs are built with `new(…)` and
//! `with_…` setters only, unknown enum values round-trip through serde and
//! are compared with `as_str()`. What must *not* compile (struct literals,
//! exhaustive matches, reading an `UnknownValue`) is in the `compile_fail`
//! doctests of `tests/lib.rs`.

use plaid_client::operations::LinkTokenGetError;
use plaid_client::types::{
    AccountVerificationStatus, LinkSessionSuccessMetadata, LinkSessionSuccessMetadataAccount,
    LinkTokenGetRequest, PlaidError, PlaidErrorCodeReason,
};
use serde_json::json;

#[test]
fn unknown_string_enum_values_round_trip_through_serde() {
    let value: AccountVerificationStatus =
        serde_json::from_value(json!("instant_verified_by_magic")).expect("decodes");
    assert!(matches!(value, AccountVerificationStatus::Unknown(_)));
    assert_eq!(value.as_str(), "instant_verified_by_magic");
    assert_eq!(value.to_string(), "instant_verified_by_magic");
    assert_eq!(
        serde_json::to_value(&value).expect("encodes"),
        json!("instant_verified_by_magic")
    );
    // The same value parsed from text is equal, and so hashes and orders alike.
    assert_eq!(
        value,
        "instant_verified_by_magic"
            .parse::<AccountVerificationStatus>()
            .expect("infallible")
    );
    assert_ne!(value, AccountVerificationStatus::from("other_new_value"));

    // A known value is its variant, whichever way it arrives.
    let known: AccountVerificationStatus =
        serde_json::from_value(json!("manually_verified")).expect("decodes");
    assert_eq!(known, AccountVerificationStatus::ManuallyVerified);
    assert_eq!(known, AccountVerificationStatus::from("manually_verified"));

    // Inside a struct, an unknown value is sent back unchanged.
    let body = json!({"id": "acc_1", "verification_status": "instant_verified_by_magic"});
    let account: LinkSessionSuccessMetadataAccount =
        serde_json::from_value(body.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&account).expect("encodes"), body);
}

/// The comparison the docs recommend keeps working whether or not this
/// version of the crate knows the value.
#[test]
fn as_str_compares_known_and_unknown_values_alike() {
    fn is_pending_manual(status: &AccountVerificationStatus) -> bool {
        status.as_str() == "pending_manual_verification"
    }
    assert!(is_pending_manual(
        &AccountVerificationStatus::PendingManualVerification
    ));
    assert!(is_pending_manual(&AccountVerificationStatus::from(
        "pending_manual_verification"
    )));
    assert!(!is_pending_manual(&AccountVerificationStatus::from(
        "brand_new"
    )));
    // A match needs its `_` arm (the enum is non_exhaustive).
    let label = match AccountVerificationStatus::from("brand_new") {
        AccountVerificationStatus::ManuallyVerified => "manual",
        other if other.as_str() == "brand_new" => "new",
        _ => "other",
    };
    assert_eq!(label, "new");
}

#[test]
fn setter_chains_build_the_expected_json() {
    let request = LinkTokenGetRequest::new("link-sandbox-1")
        .with_client_id("id-1")
        .with_secret(String::from("secret-1"));
    assert_eq!(
        serde_json::to_value(&request).expect("encodes"),
        json!({"client_id": "id-1", "secret": "secret-1", "link_token": "link-sandbox-1"})
    );
    // Optional fields left alone are skipped.
    assert_eq!(
        serde_json::to_value(LinkTokenGetRequest::new("t")).expect("encodes"),
        json!({"link_token": "t"})
    );

    // All-optional structs start empty from `new()` (or `default()`); a
    // `Vec` field takes an array, an enum field a `&str` or a variant.
    let metadata = LinkSessionSuccessMetadata::new()
        .with_link_session_id("session-1")
        .with_accounts([
            LinkSessionSuccessMetadataAccount::new()
                .with_id("acc_1")
                .with_type_("depository")
                .with_verification_status(AccountVerificationStatus::AutomaticallyVerified),
            LinkSessionSuccessMetadataAccount::default()
                .with_id("acc_2")
                .with_verification_status("brand_new"),
        ]);
    assert_eq!(
        serde_json::to_value(&metadata).expect("encodes"),
        json!({
            "link_session_id": "session-1",
            "accounts": [
                {"id": "acc_1", "type": "depository", "verification_status": "automatically_verified"},
                {"id": "acc_2", "verification_status": "brand_new"},
            ],
        })
    );
    assert_eq!(
        LinkSessionSuccessMetadata::new(),
        LinkSessionSuccessMetadata::default()
    );

    // Integers widen through `Into`; a later setter call replaces the value.
    let error = PlaidError::new("INVALID_INPUT", "INVALID_LINK_TOKEN", "bad token")
        .with_status(400_i32)
        .with_error_code_reason("NEW_REASON")
        .with_error_code_reason(PlaidErrorCodeReason::from("OAUTH_INVALID_TOKEN"))
        .with_causes(vec![]);
    let encoded = serde_json::to_value(&error).expect("encodes");
    assert_eq!(encoded["status"], json!(400));
    assert_eq!(encoded["error_code_reason"], json!("OAUTH_INVALID_TOKEN"));
    assert_eq!(encoded["causes"], json!([]));
}

#[test]
fn operation_enums_and_environments_are_matched_with_a_wildcard() {
    let error = LinkTokenGetError::Default(PlaidError::new("T", "C", "m"));
    let code = match &error {
        LinkTokenGetError::Default(plaid) => plaid.error_code.as_str(),
        _ => "a variant a later version may add",
    };
    assert_eq!(code, "C");
    let name = match plaid_client::Environment::default() {
        plaid_client::Environment::Production => "production",
        _ => "another",
    };
    assert!(!name.is_empty());
}
