//! `tests/wire/constructs.yaml`: constructs of real specs that used to fail
//! or be degraded (issue 18). Each sample body decodes to the typed value
//! the construct describes, and the client puts what the spec says on the
//! wire.

use serde_json::json;
use wire_constructs::types::{
    Card, GistPatch, Hook, Kind, Labels, Legacy, Payment, PaymentBank, PaymentCard, Presence,
    Refund,
};
use wire_constructs::Client;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{header, only_request, serve};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .oauth2_token("t0ken")
        .max_retries(0)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn refs_into_defs_and_their_properties_decode_typed() {
    let body = json!({
        "id": "h1",
        "data": {"owner": {"login": "octo"}},
        "batches": [{"size": 3}],
        "owner": {"login": "cat"}
    });
    let server = serve("GET", ResponseTemplate::new(200).set_body_json(&body)).await;
    let hook: Hook = client_for(&server).get_hook("h1").await.expect("decodes");
    assert_eq!(hook.id, "h1");
    assert_eq!(hook.data.url, None);
    let data_owner = hook.data.owner.as_ref().expect("data.owner");
    assert_eq!(data_owner.login.as_deref(), Some("octo"));
    // `…/items/$defs/Batch`, nested in a property's items.
    let batches = hook.batches.as_ref().expect("batches");
    assert_eq!(batches[0].size, Some(3));
    // `…/$defs/Data/properties/owner`: the same type as `data.owner`.
    let owner: Option<&wire_constructs::types::DataOwner> = hook.owner.as_ref();
    assert_eq!(owner.and_then(|o| o.login.as_deref()), Some("cat"));
    assert_eq!(serde_json::to_value(&hook).expect("encodes"), body);

    // The tolerated `security: [{oauth2: null}]` still sends the credential.
    let (request, _) = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), Some("Bearer t0ken"));

    // `type: [string, "null"]` inside a definition: normalized there too.
    let data: wire_constructs::types::Data =
        serde_json::from_value(json!({"url": null})).expect("decodes");
    assert_eq!(data.url, None);
}

#[tokio::test]
async fn draft_definitions_type_and_a_dangling_ref_is_any_json() {
    let body = json!({"kind": "b", "extra": {"anything": [1, "two", null]}});
    let server = serve("GET", ResponseTemplate::new(200).set_body_json(&body)).await;
    let legacy: Legacy = client_for(&server).get_legacy().await.expect("decodes");
    assert_eq!(legacy.kind, Some(Kind::B));
    assert_eq!(legacy.extra, Some(json!({"anything": [1, "two", null]})));
}

#[tokio::test]
async fn a_null_only_field_decodes_from_null_and_absence() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(json!({"gone": null, "name": "n"})),
    )
    .await;
    let presence: Presence = client_for(&server).get_presence().await.expect("decodes");
    assert_eq!(presence.gone, None);
    assert_eq!(presence.never, None);
    assert_eq!(presence.name.as_deref(), Some("n"));

    let refused = serde_json::from_value::<Presence>(json!({"gone": 1}));
    assert!(refused.is_err(), "only null is a value of `type: null`");
}

#[tokio::test]
async fn pattern_properties_decode_as_a_map() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(json!({"alpha": 1, "beta": 2})),
    )
    .await;
    let labels: Labels = client_for(&server).get_labels().await.expect("decodes");
    assert_eq!(labels.get("alpha"), Some(&1));
    assert_eq!(labels.get("beta"), Some(&2));
}

#[tokio::test]
async fn an_undeclared_path_parameter_is_a_string_argument() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(json!(["ann"])),
    )
    .await;
    let members = client_for(&server)
        .list_members("core team")
        .await
        .expect("decodes");
    assert_eq!(members, vec!["ann".to_string()]);
    let (request, _) = only_request(&server).await;
    assert_eq!(request.url.path(), "/teams/core%20team/members");
}

#[tokio::test]
async fn a_union_beside_properties_holds_the_shared_and_the_variant_fields() {
    let refund = json!({"reason": "dup", "iban": "DE00"});
    let server = serve("POST", ResponseTemplate::new(200).set_body_json(&refund)).await;
    let payment = Payment::Card(PaymentCard::new(10, "4242"));
    let answer: Refund = client_for(&server)
        .create_payment(&payment)
        .await
        .expect("decodes");
    let (_, sent) = only_request(&server).await;
    assert_eq!(sent, json!({"amount": 10, "number": "4242"}));

    // A union inside an `allOf` member: the other member's fields are in
    // each variant.
    match answer {
        Refund::Bank(bank) => {
            assert_eq!(bank.reason, "dup");
            assert_eq!(bank.iban, "DE00");
        }
        other => panic!("expected the bank variant, got {other:?}"),
    }
    let bank: Payment =
        serde_json::from_value(json!({"amount": 5, "iban": "FR11"})).expect("decodes");
    assert_eq!(bank, Payment::Bank(PaymentBank::new(5, "FR11")));
}

#[tokio::test]
async fn alternatives_that_only_require_fields_type_the_object() {
    let server = serve("PATCH", ResponseTemplate::new(204)).await;
    client_for(&server)
        .update_gist(&GistPatch::new().with_filename("a.rs"))
        .await
        .expect("204");
    let (_, sent) = only_request(&server).await;
    assert_eq!(sent, json!({"filename": "a.rs"}));
}

#[tokio::test]
async fn media_type_header_parameters_are_sent_once_by_the_body_and_accept() {
    let server = serve(
        "POST",
        ResponseTemplate::new(200).set_body_json(json!({"number": "1"})),
    )
    .await;
    let card: Card = client_for(&server)
        .create_report("plain words")
        .await
        .expect("decodes");
    assert_eq!(card, Card::new("1"));
    let requests = server.received_requests().await.expect("recorded");
    let [request] = requests.as_slice() else {
        panic!("expected one request, got {requests:#?}")
    };
    let content_types: Vec<_> = request.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types.len(), 1, "Content-Type is sent once");
    assert_eq!(header(request, "content-type"), Some("text/plain"));
    let accepts: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(accepts.len(), 1, "Accept is sent once");
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(request.body, b"plain words");

    let server = serve(
        "POST",
        ResponseTemplate::new(200).set_body_json(json!({"number": "2"})),
    )
    .await;
    client_for(&server)
        .create_report(Card::new("7"))
        .await
        .expect("decodes");
    let (request, sent) = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(sent, json!({"number": "7"}));
}

#[tokio::test]
async fn an_all_of_member_that_is_no_object_leaves_the_object_typed() {
    let server = serve(
        "GET",
        ResponseTemplate::new(200).set_body_json(json!({"number": "42"})),
    )
    .await;
    let sized = client_for(&server).get_sized().await.expect("decodes");
    assert_eq!(sized.number, "42");
}
