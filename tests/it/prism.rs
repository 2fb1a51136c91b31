//! Contract tests: every operation of every generated client against Prism
//! (`@stoplight/prism-cli`, an independent OpenAPI mock server that validates
//! each request against the spec and answers from it).
//!
//! For each provider spec, one Prism per seed in dynamic mode (`-d --seed N`),
//! started concurrently and reused for every call. Each server is called in
//! both modes: static (`Prefer: dynamic=false`: answers from the spec's
//! examples) and dynamic (bodies generated from the schemas, several calls),
//! with the success status and with every declared error status
//! (`Prefer: code=N`). The `Prefer` header is a default header of the
//! `reqwest::Client` given to the builder. (One process per seed, not one per
//! mode: a Prism boot costs ~4 s of CPU.) A call passes when Prism accepted the request (no
//! `sl-violations` header, no "Violation" in Prism's log, no 422 of its own)
//! and the response decodes: a success into its type, an error into its typed
//! `Error::Api` variant.
//!
//! Prism comes from `cargo xtask test` (installed into `.tools/prism/`, path in
//! `LINKGEN_PRISM`); without it these tests fail and say how to get it.

// Plaid's `on_success` is deprecated but still decoded.
#![allow(deprecated)]

use std::fmt::Debug;
use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use plaid_client::linkgen_runtime::reqwest;
use plaid_client::linkgen_runtime::Error;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::mpsc;

/// How long one Prism may take to boot.
const BOOT: Duration = Duration::from_secs(90);
/// How long one call may take (Prism 5 never answers some malformed bodies).
const CALL: Duration = Duration::from_secs(20);
/// The dynamic-mode seeds: one Prism each.
const SEEDS: [u32; 2] = [1, 42];
/// Success calls per dynamic server (each draws a new generated body).
const DYNAMIC_CALLS: usize = 4;

/// The two ways a server answers, chosen per request with `Prefer: dynamic=…`.
#[derive(Clone, Copy, Debug)]
enum Mode {
    /// The spec's examples.
    Static,
    /// Bodies generated from the schemas (seeded per server).
    Dynamic,
}

impl Mode {
    const ALL: [Mode; 2] = [Mode::Static, Mode::Dynamic];

    fn success_calls(self) -> usize {
        match self {
            Mode::Static => 1,
            Mode::Dynamic => DYNAMIC_CALLS,
        }
    }
}

/// The Prism executable: `LINKGEN_PRISM`, else the one `cargo xtask test`
/// installs. Never skips: no Prism is a failure with the fix in it.
fn prism_binary() -> PathBuf {
    let how = format!(
        "run `cargo xtask test` (it installs @stoplight/prism-cli@{} into .tools/prism/ with npm; \
         needs Node.js >= 20 and npm), or `cargo xtask prism`, or set {}=/path/to/prism",
        xtask::prism::VERSION,
        xtask::prism::ENV
    );
    if let Some(path) = std::env::var_os(xtask::prism::ENV) {
        let path = PathBuf::from(path);
        assert!(
            path.exists(),
            "{}={} does not exist: {how}",
            xtask::prism::ENV,
            path.display()
        );
        return path;
    }
    let local = xtask::prism::binary();
    assert!(local.exists(), "Prism is not installed: {how}");
    local
}

fn spec_path(spec: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(spec)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}

/// One running `prism mock`, killed on drop.
struct Prism {
    child: Child,
    base: String,
    label: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

fn forward(
    stream: impl AsyncRead + Unpin + Send + 'static,
    log: Arc<Mutex<Vec<String>>>,
    ready: mpsc::UnboundedSender<()>,
) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains("Prism is listening on") {
                let _ = ready.send(());
            }
            log.lock().expect("log lock").push(line);
        }
    });
}

impl Prism {
    async fn start(spec: &'static str, seed: u32) -> Prism {
        let port = free_port();
        let label = format!("{spec} seed {seed}");
        let mut command = Command::new(prism_binary());
        command
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .args(["-d", "--seed", &seed.to_string()]);
        command.arg(spec_path(spec));
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("{label}: cannot start Prism: {error}"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready, mut listening) = mpsc::unbounded_channel();
        forward(
            child.stdout.take().expect("piped stdout"),
            log.clone(),
            ready.clone(),
        );
        forward(
            child.stderr.take().expect("piped stderr"),
            log.clone(),
            ready,
        );
        let prism = Prism {
            child,
            base: format!("http://127.0.0.1:{port}"),
            label,
            log,
        };
        match tokio::time::timeout(BOOT, listening.recv()).await {
            Ok(Some(())) => prism,
            outcome => panic!(
                "{}: Prism did not start within {BOOT:?} ({}); its output:\n{}",
                prism.label,
                if outcome.is_ok() {
                    "it exited"
                } else {
                    "timed out"
                },
                prism.log.lock().expect("log lock").join("\n")
            ),
        }
    }

    /// Starts one Prism per seed, concurrently.
    async fn start_all(spec: &'static str) -> Vec<Prism> {
        // Fails here, once, with the fix when Prism is missing.
        prism_binary();
        let mut set = tokio::task::JoinSet::new();
        for (index, seed) in SEEDS.into_iter().enumerate() {
            set.spawn(async move { (index, seed, Prism::start(spec, seed).await) });
        }
        let mut started = Vec::new();
        while let Some(joined) = set.join_next().await {
            started.push(joined.expect("Prism start task"));
        }
        started.sort_by_key(|(index, _, _)| *index);
        started.into_iter().map(|(_, _, prism)| prism).collect()
    }

    fn violations(&self) -> Vec<String> {
        self.log
            .lock()
            .expect("log lock")
            .iter()
            .filter(|line| line.contains("Violation"))
            .cloned()
            .collect()
    }
}

/// Whether an error body decoded into the variant its status declares.
type Typed<E> = fn(&E) -> bool;

/// A `reqwest::Client` that sends `Prefer: [code=N, ]dynamic=…` on every request.
fn http(mode: Mode, code: Option<u16>) -> reqwest::Client {
    let dynamic = matches!(mode, Mode::Dynamic);
    let prefer = match code {
        Some(code) => format!("code={code}, dynamic={dynamic}"),
        None => format!("dynamic={dynamic}"),
    };
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_str(&prefer).expect("header"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(CALL)
        .build()
        .expect("reqwest client builds")
}

/// What one provider's run saw.
#[derive(Default)]
struct Report {
    calls: usize,
    failures: Vec<String>,
    lines: Vec<String>,
}

impl Report {
    async fn call<F: IntoFuture>(&mut self, label: &str, call: F) -> Option<F::Output> {
        self.calls += 1;
        match tokio::time::timeout(CALL, call).await {
            Ok(output) => Some(output),
            Err(_) => {
                self.failures
                    .push(format!("{label}: no answer within {CALL:?}"));
                None
            }
        }
    }

    fn expect_ok<T, E: Debug>(&mut self, label: &str, outcome: Option<Result<T, Error<E>>>) {
        match outcome {
            None | Some(Ok(_)) => {}
            Some(Err(error)) => self.failures.push(format!(
                "{label}: expected a decoded success, got {}",
                describe(&error)
            )),
        }
    }

    fn expect_api<T: Debug, E: Debug>(
        &mut self,
        label: &str,
        status: u16,
        outcome: Option<Result<T, Error<E>>>,
        typed: impl Fn(&E) -> bool,
    ) {
        match outcome {
            None => {}
            Some(Err(Error::Api(api)))
                if api.status.as_u16() == status
                    && typed(&api.error)
                    && !api.headers.contains_key("sl-violations") => {}
            Some(Err(error)) => self.failures.push(format!(
                "{label}: expected Error::Api with status {status} and its typed variant, got {}",
                describe(&error)
            )),
            Some(Ok(value)) => self.failures.push(format!(
                "{label}: expected Error::Api with status {status}, got a success: {value:?}"
            )),
        }
    }

    fn finish_server(&mut self, prism: &Prism, calls_before: usize) {
        let violations = prism.violations();
        self.lines.push(format!(
            "{}: {} calls, {} violations",
            prism.label,
            self.calls - calls_before,
            violations.len()
        ));
        for violation in violations {
            self.failures
                .push(format!("{}: Prism logged: {violation}", prism.label));
        }
    }

    fn assert_passed(&self, provider: &str, started: Instant) {
        eprintln!(
            "prism {provider}: {} calls in {:.1?}\n  {}",
            self.calls,
            started.elapsed(),
            self.lines.join("\n  ")
        );
        assert!(
            self.failures.is_empty(),
            "{provider} against Prism {}: {} failures over {} calls:\n{}",
            xtask::prism::VERSION,
            self.failures.len(),
            self.calls,
            self.failures.join("\n")
        );
    }
}

/// An error, with the status, the `sl-violations` header and the body when
/// there is a response.
fn describe<E: Debug>(error: &Error<E>) -> String {
    match error {
        Error::Api(api) => format!(
            "Error::Api status {} sl-violations {:?} error {:?} body {}",
            api.status,
            api.headers.get("sl-violations"),
            api.error,
            String::from_utf8_lossy(&api.body)
        ),
        Error::UnexpectedStatus(raw) => format!(
            "Error::UnexpectedStatus {} sl-violations {:?} body {}",
            raw.status,
            raw.headers.get("sl-violations"),
            String::from_utf8_lossy(&raw.body)
        ),
        other => format!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn deck_against_prism() {
    use deck_client::operations::GetTokenStatusError;
    use deck_client::types::LinkTokenRequestResponse;

    let started = Instant::now();
    let mut report = Report::default();
    for prism in Prism::start_all("deck-v1.yaml").await {
        let before = report.calls;
        let client = |mode, code| {
            deck_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(mode, code))
                .max_retries(0)
                .build()
                .expect("client builds")
        };
        let body =
            LinkTokenRequestResponse::new("link-sandbox-7f8e9d0c-1b2a-4c3d-8e5f-6a7b8c9d0e1f");
        for mode in Mode::ALL {
            let at = format!("{} {mode:?}", prism.label);
            let ok = client(mode, None);
            for _ in 0..mode.success_calls() {
                let label = format!("{at} 200 with body");
                let outcome = report.call(&label, ok.get_token_status().body(&body)).await;
                report.expect_ok(&label, outcome);
                // The spec makes the body optional.
                let label = format!("{at} 200 without body");
                let outcome = report.call(&label, ok.get_token_status()).await;
                report.expect_ok(&label, outcome);
            }
            let label = format!("{at} 400");
            let outcome = report
                .call(
                    &label,
                    client(mode, Some(400)).get_token_status().body(&body),
                )
                .await;
            report.expect_api(&label, 400, outcome, |error| {
                matches!(error, GetTokenStatusError::BadRequest(_))
            });
        }
        report.finish_server(&prism, before);
    }
    report.assert_passed("deck", started);
}

#[tokio::test(flavor = "multi_thread")]
async fn markifact_against_prism() {
    let started = Instant::now();
    let mut report = Report::default();
    for prism in Prism::start_all("markifact-v1.yaml").await {
        let before = report.calls;
        for mode in Mode::ALL {
            let at = format!("{} {mode:?}", prism.label);
            let client = markifact_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(mode, None))
                .bearer_token("mk_live_0123456789abcdef")
                .max_retries(0)
                .build()
                .expect("client builds");
            // The spec declares only 200: no error status to ask for.
            for _ in 0..mode.success_calls() {
                let label = format!("{at} 200");
                let outcome = report
                    .call(
                        &label,
                        client.get_auth_link_status("7b6a5c4d-0000-0000-0000-000000000000"),
                    )
                    .await;
                report.expect_ok(&label, outcome);
            }
        }
        report.finish_server(&prism, before);
    }
    report.assert_passed("markifact", started);
}

#[tokio::test(flavor = "multi_thread")]
async fn partoo_against_prism() {
    use partoo_client::operations::CheckConnectionTokenError as E;

    let started = Instant::now();
    let mut report = Report::default();
    for prism in Prism::start_all("partoo-v2.yaml").await {
        let before = report.calls;
        let client = |mode, code| {
            partoo_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(mode, code))
                .api_key("partoo-api-key-0123456789")
                .max_retries(0)
                .build()
                .expect("client builds")
        };
        let (user_id, token) = (
            "5309c3a237bbc544d8e26737",
            "af3e8951c1f4c42f9cc53116b3fc855bd44bce01cf27604b",
        );
        let errors: [(u16, Typed<E>); 4] = [
            (400, |e| matches!(e, E::BadRequest(_))),
            (401, |e| matches!(e, E::Unauthorized(_))),
            (403, |e| matches!(e, E::Forbidden(_))),
            (404, |e| matches!(e, E::NotFound(_))),
        ];
        for mode in Mode::ALL {
            let at = format!("{} {mode:?}", prism.label);
            let ok = client(mode, None);
            for _ in 0..mode.success_calls() {
                let label = format!("{at} 200");
                let outcome = report
                    .call(&label, ok.check_connection_token(user_id, token))
                    .await;
                report.expect_ok(&label, outcome);
            }
            for (status, typed) in errors {
                let label = format!("{at} {status}");
                let outcome = report
                    .call(
                        &label,
                        client(mode, Some(status)).check_connection_token(user_id, token),
                    )
                    .await;
                report.expect_api(&label, status, outcome, typed);
            }
        }
        report.finish_server(&prism, before);
    }
    report.assert_passed("partoo", started);
}

#[tokio::test(flavor = "multi_thread")]
async fn plaid_against_prism() {
    use plaid_client::operations::LinkTokenGetError;
    use plaid_client::types::LinkTokenGetRequest;

    let started = Instant::now();
    let mut report = Report::default();
    for prism in Prism::start_all("plaid-2020-09-14.yaml").await {
        let before = report.calls;
        let client = |mode, code| {
            plaid_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(mode, code))
                .client_id("5f1d2c3b4a5968778695a4b3")
                .secret("sandbox-secret-f00dfeed")
                .max_retries(0)
                .build()
                .expect("client builds")
        };
        let body = LinkTokenGetRequest::new("link-sandbox-af1a0311-da53-4636-b754-dd15cc058176");
        for mode in Mode::ALL {
            let at = format!("{} {mode:?}", prism.label);
            let ok = client(mode, None);
            for _ in 0..mode.success_calls() {
                let label = format!("{at} 200");
                let outcome = report.call(&label, ok.link_token_get(&body)).await;
                report.expect_ok(&label, outcome);
            }
            // Only `default` is declared for errors: a 4xx and a 5xx.
            for status in [400, 500] {
                let label = format!("{at} {status} (default)");
                let outcome = report
                    .call(&label, client(mode, Some(status)).link_token_get(&body))
                    .await;
                report.expect_api(&label, status, outcome, |error| {
                    matches!(error, LinkTokenGetError::Default(_))
                });
            }
        }
        report.finish_server(&prism, before);
    }
    report.assert_passed("plaid", started);
}
