//! `tests/wire/json_loss.yaml`: each value decodes to what it is and
//! encodes back to the same bytes, and reaches the wire (or the caller)
//! whole through the client.

use serde_json::json;
use wire_json_loss::linkgen_runtime::{chrono, serde};
use wire_json_loss::types::{
    ApplePayDetails, Event, Item, Orchestration, PaymentMethod, PaymentRequest, PaymentResult,
};
use wire_json_loss::Client;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{only_request, serve};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// Decodes `json` as `T` and checks that it encodes back to the same bytes.
fn round_trip<T>(json: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = serde_json::from_str(json).expect("decodes");
    assert_eq!(serde_json::to_string(&value).expect("encodes"), json);
    value
}

#[test]
fn a_date_time_keeps_the_offset_it_was_given() {
    let event: Event = round_trip(r#"{"at":"2024-01-02T03:04:05-07:00"}"#);
    assert_eq!(event.at.offset().local_minus_utc(), -7 * 3600);

    let at = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05-07:00").expect("parses");
    let body = serde_json::to_string(&Event::new(at).with_label("standup")).expect("encodes");
    assert_eq!(
        body,
        r#"{"at":"2024-01-02T03:04:05-07:00","label":"standup"}"#
    );
}

#[test]
fn all_of_members_merged_deeply_keep_every_nested_field() {
    let body = r#"{"sets":[{"id":"start","rules":[{"label":"page","conditions":[{"expression":"event.summary matches 'x'"}]}]}]}"#;
    let orchestration: Orchestration = round_trip(body);
    let sets = orchestration.sets.expect("sets");
    assert_eq!(sets[0].id, "start");
    let rules = sets[0].rules.as_ref().expect("rules");
    assert_eq!(rules[0].label.as_deref(), Some("page"));
    assert!(rules[0].conditions.as_ref().is_some_and(|c| c.len() == 1));
}

#[test]
fn the_apple_pay_body_arrives_whole() {
    let body = r#"{"paymentMethod":{"type":"applepay","applePayToken":"VNRWtuNlNEWkRCSm1xWndjMDFFbktkQU"}}"#;
    let request: PaymentRequest = round_trip(body);
    assert!(matches!(
        request.payment_method,
        PaymentMethod::ApplePayDetails(_)
    ));

    // Built by the caller: sent as built.
    let method = PaymentMethod::ApplePayDetails(ApplePayDetails::new("token"));
    let sent = serde_json::to_value(PaymentRequest::new(method)).expect("encodes");
    assert_eq!(
        sent,
        serde_json::json!({"paymentMethod": {"applePayToken": "token"}})
    );

    // ACH is what says `ach`; a stored method is what has its own key.
    let ach: PaymentRequest =
        round_trip(r#"{"paymentMethod":{"type":"ach","bankAccountNumber":"1"}}"#);
    assert!(matches!(ach.payment_method, PaymentMethod::AchDetails(_)));
    let stored: PaymentRequest =
        round_trip(r#"{"paymentMethod":{"type":"scheme","storedPaymentMethodId":"s1"}}"#);
    assert!(matches!(
        stored.payment_method,
        PaymentMethod::StoredDetails(_)
    ));
}

#[test]
fn a_response_union_decodes_as_the_variant_that_keeps_the_value() {
    let body = r#"{"paymentMethod":{"type":"applepay","applePayToken":"t"},"items":[{"id":"1","name":"a"},{"id":"2","name":"b","note":"kept"}]}"#;
    let result: PaymentResult = round_trip(body);
    assert!(matches!(
        result.payment_method,
        Some(PaymentMethod::ApplePayDetails(_))
    ));
    let items = result.items.expect("items");
    assert!(matches!(items[0], Item::Short(_)), "{:?}", items[0]);
    assert!(
        matches!(&items[1], Item::Long(l) if l.note.as_deref() == Some("kept")),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn a_path_fragment_stays_out_of_the_url_and_the_query_arrives() {
    let server = serve("GET", ResponseTemplate::new(200)).await;
    client_for(&server)
        .get_files_id_get_shared_link("12345", "shared_link")
        .await
        .expect("200");
    let (request, _) = only_request(&server).await;
    assert_eq!(request.url.path(), "/files/12345");
    assert_eq!(request.url.query(), Some("fields=shared_link"));
}

#[tokio::test]
async fn a_null_response_decodes_as_none() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_raw("null", "application/json"),
    )
    .await;
    let pins = client_for(&server)
        .list_pins("c1")
        .await
        .expect("null decodes");
    assert!(pins.is_none());

    let server = serve("GET", ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let pins = client_for(&server)
        .list_pins("c1")
        .await
        .expect("[] decodes");
    assert_eq!(pins.map(|p| p.len()), Some(0));
}

#[tokio::test]
async fn bodies_reach_the_wire_whole() {
    let server = serve("POST", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let at = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05-07:00").expect("parses");
    let _ = client_for(&server).create_event(&Event::new(at)).await;
    let (_, body) = only_request(&server).await;
    assert_eq!(body, json!({"at": "2024-01-02T03:04:05-07:00"}));

    // A body read from JSON the caller was given, sent on: nothing dropped.
    let given = json!({"paymentMethod": {"type": "applepay", "applePayToken": "VNRWtuNlNEWk"}});
    let request: PaymentRequest = serde_json::from_value(given.clone()).expect("decodes");
    let server = serve("POST", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let _ = client_for(&server).create_payment(&request).await;
    let (_, body) = only_request(&server).await;
    assert_eq!(body, given);

    let given = json!({"sets": [{"id": "start", "rules": [{"label": "page", "conditions": [{"expression": "x"}]}]}]});
    let orchestration: Orchestration = serde_json::from_value(given.clone()).expect("decodes");
    let server = serve("PUT", ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let _ = client_for(&server)
        .update_orchestration("o1", &orchestration)
        .await;
    let (_, body) = only_request(&server).await;
    assert_eq!(body, given);
}
