//! Bodies that are not what the spec documents: not JSON, the wrong shape,
//! HTML from a gateway, empty, or over the size cap.

use super::*;

// 7. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c07_bad_json_on_200_is_a_decode_error() {
    let example = markifact_ok().to_string();
    let truncated = example[..example.len() / 2].to_owned();
    let mut wrong = markifact_ok();
    wrong["expires_at"] = json!("soon");
    let cases = [
        ("truncated JSON", truncated, "EOF while parsing"),
        (
            "invalid JSON",
            r#"{"id": nope}"#.to_owned(),
            "expected ident",
        ),
        (
            "wrong-shape JSON",
            wrong.to_string(),
            "invalid type: string, expected i64",
        ),
    ];
    for (case, body, message) in cases {
        let server = seq(vec![
            status(200).set_body_raw(body.clone(), "application/json")
        ])
        .await;
        let client = markifact(&server.uri(), 2);
        let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), case).await;
        let Error::Decode(decode) = &err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!(decode.status.as_u16(), 200, "{case}");
        assert_eq!(decode.body.as_ref(), body.as_bytes(), "{case}");
        assert!(
            decode.message.contains(message),
            "{case}: {}",
            decode.message
        );
        let display = err.to_string();
        assert!(
            display.starts_with("could not decode the body of the 200 OK response"),
            "{case}: {display}"
        );
        if case == "wrong-shape JSON" {
            assert_eq!(decode.path, "expires_at");
            assert!(display.contains("at `expires_at`"), "{display}");
        }
        assert_eq!(err.attempts(), 1, "{case}: a 200 is not retried");
        assert_eq!(count(&server).await, 1);
        eprintln!("{case}: path `{}`, display: {display}", decode.path);
        row(&format!("7 GET 200 {case}"), &variant(&err), 1, 1, elapsed);
    }
}

/// A truncated body: the path is the deepest value open where the body ends, never a
/// meaningless `?` ("… response at `?`: EOF …" says nothing).
#[tokio::test]
async fn c07_truncated_json_has_no_meaningless_path() {
    let example = markifact_ok().to_string();
    let server = seq(vec![status(200).set_body_raw(
        example[..example.len() / 2].to_owned(),
        "application/json",
    )])
    .await;
    let err = markifact(&server.uri(), 0)
        .get_auth_link_status(LINK_ID)
        .await
        .expect_err("truncated");
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_ne!(decode.path, "?");
    assert!(!err.to_string().contains("`?`"), "{err}");
}

// 8. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c08_gateway_html_on_a_documented_error_is_unexpected_status() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = seq(vec![status(502)
        .set_body_raw(html, "text/html")
        .insert_header("x-gateway", "edge-1")])
    .await;
    let client = plaid(&server.uri(), 1);
    let (err, elapsed) = fails(link_token_get(&client), "502").await;
    let Error::UnexpectedStatus(raw) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(raw.status.as_u16(), 502);
    let why = raw.body_error.as_deref().expect("body_error says why");
    assert!(why.contains("expected value"), "{why}");
    assert_eq!(raw.body.as_ref(), html.as_bytes());
    assert_eq!(raw.headers["x-gateway"], "edge-1");
    assert_eq!(raw.headers["content-type"], "text/html");
    assert_eq!(err.attempts(), 2, "502 on the safe POST is retried once");
    assert_eq!(count(&server).await, 2);
    assert_eq!(
        err.to_string(),
        format!(
            "server returned 502 Bad Gateway with a body that is not the documented error \
             ({why}) (after 2 attempts)"
        )
    );
    row("8 safe POST 502 HTML", &variant(&err), 2, 2, elapsed);

    for (case, body, expected) in [
        // `PlaidError` has required fields: `{}` fails to decode before the property check.
        ("{}", "{}", "missing field `error_type` at line 1 column 2"),
        (
            "other service's JSON",
            r#"{"message":"upstream timed out"}"#,
            "missing field `error_type` at line 1 column 32",
        ),
        ("empty body", "", "the body is empty"),
    ] {
        let server = seq(vec![status(400).set_body_raw(body, "application/json")]).await;
        let client = plaid(&server.uri(), 2);
        let (err, elapsed) = fails(link_token_get(&client), case).await;
        let Error::UnexpectedStatus(raw) = &err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!(raw.status.as_u16(), 400);
        assert_eq!(raw.body_error.as_deref(), Some(expected), "{case}");
        assert_eq!(raw.body.as_ref(), body.as_bytes());
        assert_eq!(err.attempts(), 1, "400 is not retried");
        assert_eq!(count(&server).await, 1);
        row(
            &format!("8 safe POST 400 {case}"),
            &variant(&err),
            1,
            1,
            elapsed,
        );
    }

    // Control: the documented error body is Api.
    let server = seq(vec![plaid_status(400)]).await;
    let err = link_token_get(&plaid(&server.uri(), 2))
        .await
        .expect_err("400");
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 400),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "server returned 400 Bad Request: API_ERROR/INTERNAL_SERVER_ERROR: an unexpected \
         error occurred"
    );
}

// 9. ---------------------------------------------------------------------------------

#[tokio::test]
async fn c09_wrong_content_type_with_a_json_body_decodes() {
    let server = seq(vec![
        status(200).set_body_raw(markifact_ok().to_string(), "text/html")
    ])
    .await;
    let client = markifact(&server.uri(), 2);
    let (ok, elapsed) = succeeds(
        client.get_auth_link_status(LINK_ID).with_metadata(),
        "the runtime decodes by body, whatever the Content-Type",
    )
    .await;
    assert_eq!(ok.metadata.headers["content-type"], "text/html");
    assert_eq!(ok.value.id, markifact_ok()["id"].as_str().unwrap());
    assert_eq!(ok.metadata.attempts, 1);
    assert_eq!(count(&server).await, 1);
    row("9 GET 200 text/html + JSON", "Ok", 1, 1, elapsed);
}

// 10. --------------------------------------------------------------------------------

#[tokio::test]
async fn c10_empty_200_is_a_decode_error_for_a_struct() {
    let server = seq(vec![status(200)]).await;
    let client = markifact(&server.uri(), 2);
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "empty body").await;
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert!(decode.body.is_empty());
    assert!(
        decode
            .message
            .contains("invalid type: null, expected struct AuthLinkStatus"),
        "{}",
        decode.message
    );
    assert!(err
        .to_string()
        .starts_with("could not decode the body of the 200 OK response"));
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    eprintln!("empty 200: path `{}`, display: {err}", decode.path);
    row("10 GET 200 empty body", &variant(&err), 1, 1, elapsed);
}

// 11. --------------------------------------------------------------------------------

#[tokio::test]
async fn c11_body_over_the_cap_is_too_large_and_not_retried() {
    let big = vec![b' '; 64 * 1024];
    let server = seq(vec![status(200).set_body_raw(big, "application/json")]).await;
    let client = markifact_builder(&server.uri(), 2)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "too large").await;
    let Error::ResponseTooLarge(large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(large.status.as_u16(), 200);
    assert_eq!(large.limit, 1024);
    assert_eq!(err.attempts(), 1);
    assert_eq!(count(&server).await, 1);
    eprintln!("too large (Content-Length): {err}");
    row(
        "11 GET 64 KiB, cap 1 KiB (Content-Length)",
        &variant(&err),
        1,
        1,
        elapsed,
    );

    let server = RawServer::start(Behaviour::Chunked { total: 64 * 1024 }).await;
    let client = markifact_builder(&server.uri(), 2)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let (err, elapsed) = fails(client.get_auth_link_status(LINK_ID), "too large").await;
    let Error::ResponseTooLarge(large) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(large.status.as_u16(), 200);
    assert!(large.headers.get("content-length").is_none());
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests(), 1);
    row(
        "11 GET 64 KiB chunked, cap 1 KiB",
        &variant(&err),
        1,
        1,
        elapsed,
    );
}
