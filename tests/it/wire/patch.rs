//! `tests/wire/patch.yaml`: explicit null. A PATCH body's optional nullable
//! fields (a string, an integer, an object, an array, a secret) each go out
//! absent, as `null` or as a value, byte for byte; an optional field that is
//! not nullable never goes out as `null`. A type the request shares with the
//! response (`Owner`) tells an absent field from a `null` one on decode; a
//! response-only type (`Pet`) keeps its `Option`s.

use serde_json::{json, Value};
use wire_patch::linkgen_runtime::Nullable;
use wire_patch::types::{Owner, Pet, PetPatch};
use wire_patch::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PET: &str = r#"{"id": 7, "name": "Rex", "nickname": null,
    "owner": {"name": "Ann", "email": null}}"#;

/// Sends `patch` to a local server answering `answer`; returns the JSON body
/// the server received and the decoded answer.
async fn send(patch: &PetPatch, answer: &str) -> (Value, Pet) {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/pets/7"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(answer.to_owned(), "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let pet = client.update_pet(7, patch).await.unwrap();
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    (body, pet)
}

#[tokio::test]
async fn a_field_left_unset_is_not_sent() {
    let (body, _) = send(&PetPatch::new(), PET).await;
    assert_eq!(body, json!({}));
}

#[tokio::test]
async fn a_cleared_field_is_sent_as_null_whatever_its_type() {
    let patch = PetPatch::new()
        .with_nickname_null()
        .with_age_null()
        .with_owner_null()
        .with_tags_null()
        .with_password_null();
    let (body, _) = send(&patch, PET).await;
    assert_eq!(
        body,
        json!({"nickname": null, "age": null, "owner": null, "tags": null, "password": null})
    );
}

#[tokio::test]
async fn a_set_field_is_sent_as_its_value() {
    let patch = PetPatch::new()
        .with_nickname("Rexy")
        .with_age(4)
        .with_owner(Owner::new("Bo").with_email("bo@example.com"))
        .with_tags(["good", "boy"].map(String::from))
        .with_password("hunter2")
        .with_name("Rex");
    let (body, _) = send(&patch, PET).await;
    assert_eq!(
        body,
        json!({
            "nickname": "Rexy",
            "age": 4,
            "owner": {"name": "Bo", "email": "bo@example.com"},
            "tags": ["good", "boy"],
            "password": "hunter2",
            "name": "Rex"
        })
    );
    assert!(
        !format!("{patch:?}").contains("hunter2"),
        "a secret three-state field is redacted: {patch:?}"
    );
}

#[tokio::test]
async fn states_mix_field_by_field_and_nest() {
    // Clear the owner's email but keep its name; clear the age; leave the
    // rest out. Assigning the field works as well as the setters.
    let mut patch = PetPatch::new()
        .with_owner(Owner::new("Bo").with_email_null())
        .with_age_null();
    patch.nickname = Some("Rexy".to_owned()).into();
    patch.tags = None.into();
    let (body, _) = send(&patch, PET).await;
    assert_eq!(
        body,
        json!({"nickname": "Rexy", "age": null, "owner": {"name": "Bo", "email": null}, "tags": null})
    );
}

#[tokio::test]
async fn a_shared_type_tells_absent_from_null_on_decode_a_response_only_one_keeps_option() {
    let (_, pet) = send(&PetPatch::new(), PET).await;
    assert_eq!(pet.id, 7);
    // `Pet` only travels back: `null` and absent are both `None`.
    assert_eq!(pet.nickname, None);
    let owner = pet.owner.expect("an owner");
    assert_eq!(owner.name, "Ann");
    // `Owner` also travels in requests: `null` is `Null`.
    assert_eq!(owner.email, Nullable::Null);

    let (_, pet) = send(
        &PetPatch::new(),
        r#"{"id": 7, "name": "Rex", "owner": {"name": "Ann"}}"#,
    )
    .await;
    assert_eq!(pet.nickname, None);
    assert_eq!(pet.owner.unwrap().email, Nullable::Absent);

    let (_, pet) = send(
        &PetPatch::new(),
        r#"{"id": 7, "name": "Rex", "nickname": "Rexy", "owner": {"name": "Ann", "email": "a@example.com"}}"#,
    )
    .await;
    assert_eq!(pet.nickname.as_deref(), Some("Rexy"));
    let email = pet.owner.unwrap().email;
    assert_eq!(email.value().map(String::as_str), Some("a@example.com"));
}

#[test]
fn a_request_body_decodes_back_into_the_same_three_states() {
    let patch: PetPatch =
        serde_json::from_str(r#"{"nickname": null, "age": 3, "tags": ["a"]}"#).unwrap();
    assert!(patch.nickname.is_null());
    assert_eq!(patch.age, Nullable::Value(3));
    assert!(patch.owner.is_absent());
    assert_eq!(patch.tags.into_option(), Some(vec!["a".to_owned()]));
}
