//! A consumer's service over the four link clients, written as a new user would with
//! only what the crates give: one status for any provider's link, errors classified by
//! one generic function (`ErrorSummary`), one `SharedConfig`, and tests on each crate's
//! `testing::Fake` (no sockets, no mock server, no mapper per provider).

use std::time::Duration;

use linkgen_runtime::testing::Answer;
use linkgen_runtime::{ErrorSummary, SharedConfig};

// ---- the adapter (what the consumer writes) ----

/// A link's state, whoever holds it.
#[derive(Debug, Clone, PartialEq)]
enum LinkStatus {
    Connected,
    Pending,
    NeedsUser,
    Expired,
    Failed,
    /// A state this service does not know yet (a provider added one).
    Other(String),
}

/// Why a lookup failed, the same for every provider.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    /// The provider's machine-readable code, when it sent one.
    code: Option<String>,
    status: Option<u16>,
    /// Worth trying again later (the client already retried).
    transient: bool,
    /// The service's own configuration is wrong.
    credentials: bool,
}

/// One function for the errors of every crate.
fn classify<E: ErrorSummary>(error: linkgen_runtime::Error<E>) -> Failure {
    let status = error.status().map(|s| s.as_u16());
    Failure {
        code: error.code(),
        status,
        transient: error.is_timeout() || !error.was_sent() || status.is_some_and(|s| s >= 500),
        credentials: matches!(error, linkgen_runtime::Error::MissingCredentials(_))
            || matches!(status, Some(401 | 403)),
    }
}

struct Links {
    deck: deck_client::Client,
    markifact: markifact_client::Client,
    partoo: partoo_client::Client,
    plaid: plaid_client::Client,
}

impl Links {
    async fn deck(&self) -> Result<LinkStatus, Failure> {
        use deck_client::types::LinkConnectionStatusResponseEnum as S;
        let answer = self.deck.get_token_status().await.map_err(classify)?;
        Ok(match answer.status {
            Some(S::Connected) => LinkStatus::Connected,
            Some(S::New | S::Connecting) | None => LinkStatus::Pending,
            Some(S::InvalidCredentials | S::Error) => LinkStatus::Failed,
            Some(other) => LinkStatus::Other(other.as_str().to_owned()),
        })
    }

    async fn markifact(&self, auth_link: &str) -> Result<LinkStatus, Failure> {
        use markifact_client::types::AuthLinkStatusValue as S;
        let answer = (self.markifact.get_auth_link_status(auth_link).await).map_err(classify)?;
        Ok(match answer.status {
            S::Connected => LinkStatus::Connected,
            S::Pending => LinkStatus::Pending,
            S::Expired => LinkStatus::Expired,
            other => LinkStatus::Other(other.as_str().to_owned()),
        })
    }

    async fn partoo(&self, user: &str, token: &str) -> Result<LinkStatus, Failure> {
        let answer = (self.partoo.check_connection_token(user, token).await).map_err(classify)?;
        Ok(match answer.consumption_date {
            Some(_) => LinkStatus::Connected,
            None => LinkStatus::NeedsUser,
        })
    }

    async fn plaid(&self, link_token: &str) -> Result<LinkStatus, Failure> {
        let request = plaid_client::types::LinkTokenGetRequest::new(link_token);
        let answer = self
            .plaid
            .link_token_get(&request)
            .await
            .map_err(classify)?;
        let session = answer.link_sessions.as_deref().and_then(<[_]>::last);
        Ok(match session {
            Some(s)
                if s.results
                    .as_ref()
                    .is_some_and(|r| !r.item_add_results.is_empty()) =>
            {
                LinkStatus::Connected
            }
            Some(s) if s.exit.is_some() => LinkStatus::Failed,
            Some(_) => LinkStatus::Pending,
            None => LinkStatus::NeedsUser,
        })
    }
}

// ---- its tests ----

struct Fakes {
    deck: deck_client::testing::Fake,
    markifact: markifact_client::testing::Fake,
    partoo: partoo_client::testing::Fake,
    plaid: plaid_client::testing::Fake,
}

fn links() -> (Links, Fakes) {
    let fakes = Fakes {
        deck: deck_client::testing::Fake::new(),
        markifact: markifact_client::testing::Fake::new(),
        partoo: partoo_client::testing::Fake::new(),
        plaid: plaid_client::testing::Fake::new(),
    };
    // The service's one configuration; each fake's builder keeps its own transport.
    let shared = SharedConfig::builder()
        .app_name("link-service/1.0")
        .timeout(Duration::from_millis(300))
        .retry_policy(linkgen_runtime::RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
            ..Default::default()
        })
        .build()
        .expect("valid shared settings");
    let links = Links {
        deck: (fakes.deck.builder().shared(&shared)).build().unwrap(),
        markifact: (fakes.markifact.builder().shared(&shared))
            .bearer_token("k")
            .build()
            .unwrap(),
        partoo: (fakes.partoo.builder().shared(&shared))
            .api_key("k")
            .build()
            .unwrap(),
        plaid: (fakes.plaid.builder().shared(&shared))
            .client_id("id")
            .secret("s")
            .build()
            .unwrap(),
    };
    (links, fakes)
}

#[tokio::test]
async fn each_provider_maps_to_one_status() {
    let (links, fakes) = links();
    let deck = deck_client::types::LinkConnectionStatusResponse::new()
        .with_status(deck_client::types::LinkConnectionStatusResponseEnum::Connecting);
    fakes.deck.get_token_status().returns(deck);
    let partoo = partoo_client::types::CheckConnectionTokenResponse::new();
    fakes.partoo.check_connection_token().returns(partoo);

    assert_eq!(links.deck().await, Ok(LinkStatus::Pending));
    // Markifact's and Plaid's fakes answer with their specs' examples.
    assert_eq!(links.markifact("al_1").await, Ok(LinkStatus::Connected));
    assert_eq!(links.partoo("u1", "tok").await, Ok(LinkStatus::NeedsUser));
    assert_eq!(links.plaid("link-1").await, Ok(LinkStatus::Connected));

    let sent = fakes.plaid.link_token_get().sent();
    assert_eq!(sent[0].body().unwrap().link_token, "link-1");
    assert_eq!(sent[0].header("plaid-secret"), Some("s"));
    let sent = fakes.markifact.get_auth_link_status().sent();
    assert_eq!(sent[0].path_param("auth_link_id").as_deref(), Some("al_1"));
    let sent = fakes.partoo.check_connection_token().sent();
    assert_eq!(sent[0].query("token"), Some("tok"));
    assert!(sent[0]
        .header("user-agent")
        .unwrap()
        .ends_with(" link-service/1.0"));
}

#[tokio::test]
async fn documented_errors_are_classified_by_one_function() {
    let (links, fakes) = links();
    let error = plaid_client::types::PlaidError::new("INVALID_INPUT", "INVALID_LINK_TOKEN", "bad");
    (fakes.plaid.link_token_get())
        .fails(plaid_client::operations::LinkTokenGetError::Default(error));
    let bad = deck_client::types::ErrorMessageResponse::new()
        .with_error_code(deck_client::types::ErrorCodeEnum::ConnectionNotFound);
    (fakes.deck.get_token_status()).fails(
        deck_client::operations::GetTokenStatusError::BadRequest(bad),
    );
    let denied = partoo_client::types::UnauthorizedResponse::new();
    (fakes.partoo.check_connection_token())
        .fails(partoo_client::operations::CheckConnectionTokenError::Unauthorized(denied));

    let plaid = links.plaid("link-1").await.unwrap_err();
    // The most specific of the provider's codes.
    assert_eq!(plaid.code.as_deref(), Some("INVALID_LINK_TOKEN"));
    assert_eq!((plaid.status, plaid.transient), (Some(400), false));
    let deck = links.deck().await.unwrap_err();
    assert_eq!(
        (deck.code.as_deref(), deck.status),
        (Some("CONNECTION_NOT_FOUND"), Some(400))
    );
    let partoo = links.partoo("u1", "tok").await.unwrap_err();
    assert_eq!((partoo.status, partoo.credentials), (Some(401), true));
}

#[tokio::test]
async fn a_fault_is_retried_then_succeeds() {
    let (links, fakes) = links();
    let markifact = fakes.markifact.get_auth_link_status();
    markifact
        .answer(Answer::rate_limited(0))
        .answer(Answer::unavailable());
    assert_eq!(links.markifact("al_1").await, Ok(LinkStatus::Connected));
    assert_eq!(markifact.sent().len(), 3, "429, 503, then the example");
}

#[tokio::test]
async fn a_slow_provider_times_out_as_transient() {
    let (links, fakes) = links();
    let slow = Answer::unavailable().after(Duration::from_secs(5));
    fakes.deck.get_token_status().otherwise(slow);
    let failure = links.deck().await.unwrap_err();
    assert!(failure.transient && failure.status.is_none(), "{failure:?}");
}

#[test]
fn missing_credentials_fail_at_start_up() {
    let fake = plaid_client::testing::Fake::new();
    // Plaid's spec allows an anonymous alternative: without `require_credentials`
    // this client would be built and send requests with no credentials.
    let error = (fake.builder().client_id("id").require_credentials().build()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "1 operation cannot be called: `link_token_get` \
         (set `ClientBuilder::secret` (or `PLAID_SECRET`))"
    );
}
