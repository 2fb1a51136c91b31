//! The typed fake of a generated crate (`testing::Fake`): each documented answer
//! queued with `returns`/`fails` comes back from the real client as the same value,
//! through the status the fake picked for it; what was sent is read back typed.

use linkgen_runtime::testing::Answer;
use linkgen_runtime::Error;
use wire_routing::operations::GetItemError;
use wire_routing::testing::Fake;
use wire_routing::types::{ErrorModel, Item};

#[tokio::test]
async fn every_documented_answer_round_trips_through_the_client() {
    let fake = Fake::new();
    let client = fake.client();
    let item = Item::new().with_id("i-1");
    let problem = ErrorModel::new().with_message("gone fishing");
    (fake.get_item())
        .returns(item.clone())
        .fails(GetItemError::MovedPermanently)
        .fails(GetItemError::NotModified)
        .fails(GetItemError::Default(problem.clone()));

    assert_eq!(client.get_item("i 1").await.unwrap(), item);
    // A documented redirect is an answer, not followed.
    let moved = client.get_item("i-2").await.unwrap_err();
    assert_eq!(moved.api_error(), Some(&GetItemError::MovedPermanently));
    let not_modified = client.get_item("i-3").await.unwrap_err();
    assert_eq!(not_modified.api_error(), Some(&GetItemError::NotModified));
    let problem_back = client.get_item("i-4").await.unwrap_err();
    assert_eq!(
        problem_back.api_error(),
        Some(&GetItemError::Default(problem))
    );
    assert_eq!(problem_back.status().map(|s| s.as_u16()), Some(400));

    let sent = fake.get_item().sent();
    let ids: Vec<_> = sent.iter().filter_map(|s| s.path_param("id")).collect();
    assert_eq!(ids, ["i 1", "i-2", "i-3", "i-4"]);
    assert!(sent.iter().all(|s| s.method == "GET"));
}

#[tokio::test]
async fn unqueued_calls_get_a_404_naming_them_and_faults_are_real() {
    let fake = Fake::new();
    let client = fake.client();
    let missing = client.get_item("nope").await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    assert!(matches!(missing, Error::UnexpectedStatus(_)), "{missing:?}");

    fake.get_item().answer(Answer::malformed_json());
    let garbage = client.get_item("x").await.unwrap_err();
    assert!(matches!(garbage, Error::Decode(_)), "{garbage:?}");

    // Retried as on a network, then given up.
    fake.get_item().otherwise(Answer::refused());
    let refused = client.get_item("x").await.unwrap_err();
    assert!(!refused.was_sent(), "{refused:?}");
    assert_eq!(refused.attempts(), 3);
}
