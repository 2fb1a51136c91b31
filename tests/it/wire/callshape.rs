//! `tests/wire/callshape.yaml`: required parameters are arguments of the
//! method, optional ones (and an optional body) setters of the call it
//! returns; each setter writes its parameter once, however often called.

use std::time::Duration;

use serde_json::json;
use wire_callshape::operations::GetItemError;
use wire_callshape::types::{GetItemFilterParam, Item, State};
use wire_callshape::{Client, Error};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::{header, only_request, serve};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

fn item() -> serde_json::Value {
    json!({"id": "it-1", "name": "first", "state": "open"})
}

#[tokio::test]
async fn required_parameters_alone_send_nothing_optional() {
    let server = serve("GET", ResponseTemplate::new(200).set_body_json(item())).await;
    let got = client_for(&server)
        .get_item("it/1", &["id".into(), "name".into()], "acme")
        .await
        .expect("200 decodes");
    assert_eq!(got.id, "it-1");
    assert_eq!(got.state, Some(State::Open));

    let (request, body) = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/items/it%2F1");
    assert_eq!(request.url.query(), Some("fields=id,name"));
    assert_eq!(header(&request, "x-tenant"), Some("acme"));
    assert_eq!(header(&request, "x-trace-id"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(body, serde_json::Value::Null);
}

#[tokio::test]
async fn every_optional_setter_reaches_the_wire() {
    let server = serve("GET", ResponseTemplate::new(200).set_body_json(item())).await;
    let filter = GetItemFilterParam::new().with_owner("me").with_tag("x y");
    client_for(&server)
        .get_item("it-1", &["id".into()], "acme")
        .limit(5)
        .state(&State::Closed)
        .timeout_param(30)
        .filter(&filter)
        .x_trace_id("trace-7")
        .session("s-1")
        // The call's own option, beside the parameter named like it.
        .timeout(Duration::from_secs(5))
        .await
        .expect("200 decodes");

    let (request, _) = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("fields=id&limit=5&state=closed&timeout=30&filter[owner]=me&filter[tag]=x%20y")
    );
    assert_eq!(header(&request, "x-trace-id"), Some("trace-7"));
    assert_eq!(header(&request, "cookie"), Some("session=s-1"));
}

#[tokio::test]
async fn a_setter_called_twice_sends_the_last_value_once() {
    let server = serve("GET", ResponseTemplate::new(200).set_body_json(item())).await;
    client_for(&server)
        .get_item("it-1", &["id".into()], "acme")
        .limit(1)
        .state(&State::Open)
        .limit(2)
        .session("a")
        .session("b")
        .x_trace_id("t1")
        .x_trace_id("t2")
        .await
        .expect("200 decodes");

    let (request, _) = only_request(&server).await;
    assert_eq!(request.url.query(), Some("fields=id&state=open&limit=2"));
    assert_eq!(header(&request, "cookie"), Some("session=b"));
    assert_eq!(header(&request, "x-trace-id"), Some("t2"));
}

#[tokio::test]
async fn optional_body_is_a_setter_and_absent_by_default() {
    let server = serve("POST", ResponseTemplate::new(201).set_body_json(item())).await;
    let client = client_for(&server);
    client.create_item().await.expect("201 decodes");
    let (request, body) = only_request(&server).await;
    assert_eq!(request.url.path(), "/items");
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty(), "no body was set");
    assert_eq!(header(&request, "content-type"), None);

    let server = serve("POST", ResponseTemplate::new(201).set_body_json(item())).await;
    client_for(&server)
        .create_item()
        .dry_run(true)
        .body(&Item::new("it-9").with_name("ninth"))
        .await
        .expect("201 decodes");
    let (request, body_sent) = only_request(&server).await;
    assert_eq!(request.url.query(), Some("dry_run=true"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body_sent, json!({"id": "it-9", "name": "ninth"}));
    assert_eq!(body, serde_json::Value::Null);
}

#[tokio::test]
async fn required_body_is_an_argument() {
    let server = serve("PUT", ResponseTemplate::new(200).set_body_json(item())).await;
    let got = client_for(&server)
        .replace_item("it-1", &Item::new("it-1").with_state(State::Closed))
        .await
        .expect("200 decodes");
    assert_eq!(got.name.as_deref(), Some("first"));
    let (request, body) = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/it-1");
    assert_eq!(body, json!({"id": "it-1", "state": "closed"}));
}

#[tokio::test]
async fn a_documented_error_through_the_call_type() {
    let server = serve(
        "GET",
        ResponseTemplate::new(404).set_body_json(json!({"code": "missing", "message": "no item"})),
    )
    .await;
    let error = client_for(&server)
        .get_item("nope", &["id".into()], "acme")
        .limit(1)
        .with_metadata()
        .await
        .expect_err("404 is an error");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status.as_u16(), 404);
    let GetItemError::NotFound(problem) = &api.error else {
        panic!("expected NotFound, got {:?}", api.error);
    };
    assert_eq!(problem.code.as_deref(), Some("missing"));
}
