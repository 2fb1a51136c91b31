//! The two sides of each row: a generated client's call, and the bare
//! reqwest + serde_json call a careful hand-written client would make for the
//! same bytes (same method, URL, headers and body; the header map built once,
//! the body serialized per call, the response decoded with
//! `serde_json::from_slice` into the same generated type).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use linkgen_runtime::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use linkgen_runtime::reqwest::{self, Url};
use linkgen_runtime::{Bytes, Response, StatusCode};
use partoo_client::types::CheckConnectionTokenResponse;
use plaid_client::types::{LinkTokenGetRequest, LinkTokenGetResponse};

const CLIENT_ID: &str = "5f1d2c3b4a5968778695a4b3";
const SECRET: &str = "sandbox-secret-f00dfeed";
const LINK_TOKEN: &str = "link-sandbox-af1a0311-da53-4636-b754-dd15cc058176";
const API_KEY: &str = "partoo-key-7f3a";
const USER_ID: &str = "5309c3a237bbc544d8e26737";
const TOKEN: &str = "\\xaf3e8951c1f4c42f9cc53116b3fc855bd44bce01cf27604b";

/// The bare side's HTTP client: reqwest configured as the runtime configures
/// its own (connect timeout, no redirect following), so the pools match.
fn bare_http() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| {
            (
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            )
        })
        .collect()
}

/// Plaid's `POST /link/token/get` against one server.
pub struct Plaid {
    client: plaid_client::Client,
    request: LinkTokenGetRequest,
    http: reqwest::Client,
    url: Url,
    headers: HeaderMap,
}

impl Plaid {
    pub fn new(addr: SocketAddr) -> Arc<Self> {
        let client = plaid_client::Client::builder()
            .base_url(format!("http://{addr}"))
            .client_id(CLIENT_ID)
            .secret(SECRET)
            .build()
            .expect("plaid client");
        Arc::new(Plaid {
            client,
            request: LinkTokenGetRequest::new(LINK_TOKEN),
            http: bare_http(),
            url: Url::parse(&format!("http://{addr}/link/token/get")).expect("url"),
            headers: headers(&[
                ("user-agent", "plaid-client/0.0.0"),
                ("plaid-version", "2020-09-14"),
                ("accept", "application/json"),
                ("content-type", "application/json"),
                ("plaid-client-id", CLIENT_ID),
                ("plaid-secret", SECRET),
            ]),
        })
    }

    pub async fn generated(self: Arc<Self>) -> LinkTokenGetResponse {
        self.client
            .link_token_get(&self.request)
            .await
            .expect("generated call")
    }

    pub async fn bare(self: Arc<Self>) -> LinkTokenGetResponse {
        let body = serde_json::to_vec(&self.request).expect("body serializes");
        let request = self.http.post(self.url.clone()).body(body);
        send_bare(request.headers(self.headers.clone())).await
    }
}

/// Partoo's `GET /connection/check_token` against one server.
pub struct Partoo {
    client: partoo_client::Client,
    http: reqwest::Client,
    url: Url,
    headers: HeaderMap,
}

impl Partoo {
    pub fn new(addr: SocketAddr) -> Arc<Self> {
        let client = partoo_client::Client::builder()
            .base_url(format!("http://{addr}"))
            .api_key(API_KEY)
            .build()
            .expect("partoo client");
        Arc::new(Partoo {
            client,
            http: bare_http(),
            url: Url::parse(&format!("http://{addr}/connection/check_token")).expect("url"),
            headers: headers(&[
                ("user-agent", "partoo-client/0.0.0"),
                ("accept", "application/json"),
                ("x-apikey", API_KEY),
            ]),
        })
    }

    pub async fn generated(self: Arc<Self>) -> CheckConnectionTokenResponse {
        self.client
            .check_connection_token(USER_ID, TOKEN)
            .await
            .expect("generated call")
    }

    pub async fn bare(self: Arc<Self>) -> CheckConnectionTokenResponse {
        let mut url = self.url.clone();
        url.query_pairs_mut()
            .append_pair("user_id", USER_ID)
            .append_pair("token", TOKEN);
        send_bare(self.http.get(url).headers(self.headers.clone())).await
    }
}

/// The bare side's send, status check and `serde_json::from_slice`.
async fn send_bare<T: linkgen_runtime::serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> T {
    let response = request.send().await.expect("bare call");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.expect("bare body");
    serde_json::from_slice(&bytes).expect("bare decode")
}

/// The runtime's decode of a 200 body, as a generated operation runs it.
pub fn decode_generated<T: linkgen_runtime::serde::de::DeserializeOwned>(body: &Bytes) -> T {
    Response::from_parts(StatusCode::OK, HeaderMap::new(), body.clone())
        .json::<T, Infallible>()
        .expect("runtime decode")
}

/// `serde_json::from_slice` of the same body.
pub fn decode_bare<T: linkgen_runtime::serde::de::DeserializeOwned>(body: &Bytes) -> T {
    serde_json::from_slice(body).expect("bare decode")
}
