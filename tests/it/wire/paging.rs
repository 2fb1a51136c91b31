//! `tests/wire/paging.yaml`: every paging shape walked page by page against a
//! local server: the requests each next page sends, the items in order, the
//! last page and the page bound.

use serde_json::{json, Value};
use wire_paging::Client;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::header;

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("tok-1")
        .max_retries(0)
        .build()
        .expect("client builds")
}

async fn answer(server: &MockServer, at: &str, query: &[(&str, &str)], body: ResponseTemplate) {
    let mut mock = Mock::given(method("GET")).and(path(at));
    for (name, value) in query {
        mock = mock.and(query_param(*name, *value));
    }
    mock.respond_with(body).mount(server).await;
}

/// The query strings the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect()
}

/// Drains a stream of results, failing on the first error.
macro_rules! drain {
    ($stream:expr) => {{
        let mut stream = $stream;
        let mut out = Vec::new();
        while let Some(next) = stream.next().await {
            out.push(next.expect("page decodes"));
        }
        out
    }};
}

#[tokio::test]
async fn link_header_pages_run_until_no_next_link() {
    let server = MockServer::start().await;
    let base = format!("{}/repos/o/r/issues", server.uri());
    let issue = |n: u32| json!({"number": n, "title": format!("issue {n}")});
    let link = |next: Option<u32>, last: u32| {
        let mut links = vec![format!("<{base}?per_page=2&page={last}>; rel=\"last\"")];
        if let Some(next) = next {
            links.insert(0, format!("<{base}?per_page=2&page={next}>; rel=\"next\""));
        }
        links.join(", ")
    };
    // The first page is asked for with the caller's parameters only.
    Mock::given(method("GET"))
        .and(path("/repos/o/r/issues"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([issue(1), issue(2)]))
                .insert_header("link", link(Some(2), 3).as_str()),
        )
        .mount(&server)
        .await;
    let page2 = ResponseTemplate::new(200)
        .set_body_json(json!([issue(3), issue(4)]))
        .insert_header("link", link(Some(3), 3).as_str());
    answer(&server, "/repos/o/r/issues", &[("page", "2")], page2).await;
    let page3 = ResponseTemplate::new(200)
        .set_body_json(json!([issue(5)]))
        .insert_header("link", link(None, 3).as_str());
    answer(&server, "/repos/o/r/issues", &[("page", "3")], page3).await;

    let items = client_for(&server)
        .list_issues("o", "r")
        .per_page(2)
        .items();
    let numbers: Vec<i64> = drain!(items).into_iter().map(|i| i.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&server).await,
        ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]
    );
    // Every page carries the credential: the links stay on the API's origin.
    for request in server.received_requests().await.unwrap() {
        assert_eq!(header(&request, "authorization"), Some("Bearer tok-1"));
    }
}

#[tokio::test]
async fn a_next_link_to_another_origin_gets_no_credential() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let first = ResponseTemplate::new(200)
        .set_body_json(json!([{"number": 1, "title": "a"}]))
        .insert_header(
            "link",
            format!("<{}/steal?page=2>; rel=\"next\"", elsewhere.uri()).as_str(),
        );
    answer(&api, "/repos/o/r/issues", &[], first).await;
    let second = ResponseTemplate::new(200).set_body_json(json!([{"number": 2, "title": "b"}]));
    answer(&elsewhere, "/steal", &[], second).await;

    let items = drain!(client_for(&api).list_issues("o", "r").items());
    assert_eq!(items.len(), 2);
    let stolen = elsewhere.received_requests().await.unwrap();
    assert_eq!(stolen.len(), 1);
    assert_eq!(header(&stolen[0], "authorization"), None);
}

#[tokio::test]
async fn next_url_pages_follow_links_next_relative_or_absolute() {
    let server = MockServer::start().await;
    let booking = |id: &str| json!({"id": id, "passenger_name": "Ada"});
    let absolute = format!("{}/bookings?page=3&limit=1", server.uri());
    Mock::given(method("GET"))
        .and(path("/bookings"))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [booking("b1")],
            "links": {"self": "/bookings", "next": "/bookings?page=2&limit=1"}
        })))
        .mount(&server)
        .await;
    let page2 = json!({"data": [booking("b2")], "links": {"next": absolute}});
    answer(
        &server,
        "/bookings",
        &[("page", "2")],
        ResponseTemplate::new(200).set_body_json(page2),
    )
    .await;
    let page3 = json!({"data": [booking("b3")], "links": {"prev": "/bookings?page=2&limit=1"}});
    answer(
        &server,
        "/bookings",
        &[("page", "3")],
        ResponseTemplate::new(200).set_body_json(page3),
    )
    .await;

    let mut pages = client_for(&server).list_bookings().limit(1).pages();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page decodes");
        ids.extend(page.data.unwrap_or_default().into_iter().map(|b| b.id));
    }
    assert_eq!(ids, ["b1", "b2", "b3"]);
    assert_eq!(pages.fetched(), 3);
    assert_eq!(
        queries(&server).await,
        ["limit=1", "page=2&limit=1", "page=3&limit=1"]
    );
}

#[tokio::test]
async fn cursor_pages_stop_when_has_more_is_false() {
    let server = MockServer::start().await;
    let event = |id: i64| json!({"id": id, "kind": "created"});
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [event(1), event(2)], "has_more": true, "next_cursor": "c/2"
        })))
        .mount(&server)
        .await;
    // The last page still names a cursor: `has_more: false` wins.
    let last = json!({"items": [event(3)], "has_more": false, "next_cursor": "c/3"});
    answer(
        &server,
        "/events",
        &[("cursor", "c/2")],
        ResponseTemplate::new(200).set_body_json(last),
    )
    .await;

    let ids: Vec<i64> = drain!(client_for(&server).list_events().limit(2).items())
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&cursor=c%2F2"]);
}

#[tokio::test]
async fn a_cursor_that_repeats_ends_the_pages() {
    let server = MockServer::start().await;
    let page = json!({"items": [{"id": 1}], "has_more": true, "next_cursor": "same"});
    answer(
        &server,
        "/events",
        &[],
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    let items = drain!(client_for(&server).list_events().items());
    assert_eq!(
        items.len(),
        2,
        "the first page, then the page of `same` once"
    );
    assert_eq!(queries(&server).await, ["", "cursor=same"]);
}

#[tokio::test]
async fn last_item_cursor_pages_while_has_more() {
    let server = MockServer::start().await;
    let charge = |id: &str| json!({"id": id, "amount": 100});
    Mock::given(method("GET"))
        .and(path("/charges"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "data": [charge("ch_1"), charge("ch_2")], "has_more": true
        })))
        .mount(&server)
        .await;
    let last = json!({"object": "list", "data": [charge("ch_3")], "has_more": false});
    answer(
        &server,
        "/charges",
        &[("starting_after", "ch_2")],
        ResponseTemplate::new(200).set_body_json(last),
    )
    .await;

    let ids: Vec<String> = drain!(client_for(&server).list_charges().items())
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["ch_1", "ch_2", "ch_3"]);
    assert_eq!(queries(&server).await, ["", "starting_after=ch_2"]);
}

fn contacts(from: usize, count: usize) -> Value {
    let results: Vec<Value> = (from..from + count)
        .map(|n| json!({"email": format!("c{n}@example.com")}))
        .collect();
    json!({"total": 5, "results": results})
}

#[tokio::test]
async fn offset_pages_stop_at_a_short_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .and(query_param_is_missing("offset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contacts(0, 2)))
        .mount(&server)
        .await;
    let page = |from| {
        ResponseTemplate::new(200).set_body_json(contacts(from, if from < 4 { 2 } else { 1 }))
    };
    answer(&server, "/contacts", &[("offset", "2")], page(2)).await;
    answer(&server, "/contacts", &[("offset", "4")], page(4)).await;

    let emails = drain!(client_for(&server).list_contacts().limit(2).items());
    assert_eq!(emails.len(), 5);
    assert_eq!(emails[4].email, "c4@example.com");
    // Three pages: the third held fewer than the page size, so no fourth is asked for.
    assert_eq!(
        queries(&server).await,
        ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]
    );
}

#[tokio::test]
async fn offset_pages_without_a_page_size_stop_at_an_empty_page() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/contacts",
        &[("offset", "3")],
        ResponseTemplate::new(200).set_body_json(contacts(0, 0)),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contacts(0, 3)))
        .mount(&server)
        .await;
    let emails = drain!(client_for(&server).list_contacts().items());
    assert_eq!(emails.len(), 3);
    assert_eq!(queries(&server).await, ["", "offset=3"]);
}

#[tokio::test]
async fn the_page_bound_ends_an_endless_list() {
    let server = MockServer::start().await;
    // Every page is full: only the bound stops the walk.
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contacts(0, 2)))
        .mount(&server)
        .await;
    let items = client_for(&server).list_contacts().items().max_pages(3);
    let emails = drain!(items);
    assert_eq!(emails.len(), 6);
    assert_eq!(queries(&server).await, ["", "offset=2", "offset=4"]);
}

#[tokio::test]
async fn a_declared_cursor_follows_the_named_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/logs"))
        .and(query_param_is_missing("from"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "lines": ["a", "b"], "paging": {"resume_from": "t2"}
        })))
        .mount(&server)
        .await;
    let last = json!({"lines": ["c"], "paging": {"resume_from": null}});
    answer(
        &server,
        "/logs",
        &[("from", "t2")],
        ResponseTemplate::new(200).set_body_json(last),
    )
    .await;
    let lines = drain!(client_for(&server).list_logs().items());
    assert_eq!(lines, ["a", "b", "c"]);
}

#[tokio::test]
async fn an_error_page_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [{"id": 1}], "has_more": true, "next_cursor": "c2"
        })))
        .mount(&server)
        .await;
    answer(
        &server,
        "/events",
        &[("cursor", "c2")],
        ResponseTemplate::new(503).set_body_string("busy"),
    )
    .await;

    let mut items = client_for(&server).list_events().items();
    assert_eq!(
        items.next().await.expect("one item").expect("decodes").id,
        1
    );
    let error = items.next().await.expect("the error").expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(items.next().await.is_none(), "nothing after the error");
    assert_eq!(queries(&server).await, ["", "cursor=c2"]);
}
