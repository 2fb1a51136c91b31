//! Contract tests: every operation of every generated client against Prism
//! (`@stoplight/prism-cli`, an independent OpenAPI mock server that validates
//! each request against the spec and answers from it).
//!
//! For each provider spec, one Prism in static mode (answers from the spec's
//! examples) and one per seed in dynamic mode (`-d --seed N`: bodies generated
//! from the schemas), started concurrently and reused for every call. Each
//! server gets the success call(s) and every declared error status
//! (`Prefer: code=N`, sent as a default header of the `reqwest::Client` given
//! to the builder). A call passes when Prism accepted the request (no
//! `sl-violations` header, no "Violation" in Prism's log, no 422 of its own)
//! and the response decodes: a success into its type, an error into its typed
//! `Error::Api` variant.
//!
//! Prism comes from `cargo xtask test` (installed into `.tools/prism/`, path in
//! `LINKGEN_PRISM`); without it these tests fail and say how to get it.

// Plaid's `on_success` is deprecated but still decoded.
#![allow(deprecated)]

use std::fmt::Debug;
use std::future::Future;
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
const SEEDS: [u32; 3] = [1, 7, 42];
/// Success calls per dynamic server (each draws a new generated body).
const DYNAMIC_CALLS: usize = 3;

#[derive(Clone, Copy, Debug)]
enum Mode {
    Static,
    Dynamic(u32),
}

impl Mode {
    fn all() -> Vec<Mode> {
        std::iter::once(Mode::Static)
            .chain(SEEDS.iter().map(|&seed| Mode::Dynamic(seed)))
            .collect()
    }

    fn success_calls(self) -> usize {
        match self {
            Mode::Static => 1,
            Mode::Dynamic(_) => DYNAMIC_CALLS,
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
    async fn start(spec: &'static str, mode: Mode) -> Prism {
        let port = free_port();
        let label = format!("{spec} {mode:?}");
        let mut command = Command::new(prism_binary());
        command
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Mode::Dynamic(seed) = mode {
            command.args(["-d", "--seed", &seed.to_string()]);
        }
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

    /// Starts one Prism per mode, concurrently.
    async fn start_all(spec: &'static str) -> Vec<Prism> {
        let mut set = tokio::task::JoinSet::new();
        for (index, mode) in Mode::all().into_iter().enumerate() {
            set.spawn(async move { (index, mode, Prism::start(spec, mode).await) });
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

/// A `reqwest::Client` that sends `Prefer: code=N` on every request.
fn http(prefer: Option<u16>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(code) = prefer {
        headers.insert(
            "prefer",
            reqwest::header::HeaderValue::from_str(&format!("code={code}")).expect("header"),
        );
    }
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
    async fn call<F: Future>(&mut self, label: &str, call: F) -> Option<F::Output> {
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
            "{provider} against Prism {}: {} of {} calls failed:\n{}",
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
        let client = |prefer| {
            deck_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(prefer))
                .max_retries(0)
                .build()
                .expect("client builds")
        };
        let body =
            LinkTokenRequestResponse::new("link-sandbox-7f8e9d0c-1b2a-4c3d-8e5f-6a7b8c9d0e1f");
        let ok = client(None);
        for _ in 0..mode_calls(&prism) {
            let label = format!("{} 200 with body", prism.label);
            let outcome = report.call(&label, ok.get_token_status(Some(&body))).await;
            report.expect_ok(&label, outcome);
            let label = format!("{} 200 without body", prism.label);
            let outcome = report.call(&label, ok.get_token_status(None)).await;
            report.expect_ok(&label, outcome);
        }
        let label = format!("{} 400", prism.label);
        let outcome = report
            .call(&label, client(Some(400)).get_token_status(Some(&body)))
            .await;
        report.expect_api(&label, 400, outcome, |error| {
            matches!(error, GetTokenStatusError::BadRequest(_))
        });
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
        let client = markifact_client::Client::builder()
            .base_url(prism.base.clone())
            .http_client(http(None))
            .bearer_token("mk_live_0123456789abcdef")
            .max_retries(0)
            .build()
            .expect("client builds");
        // The spec declares only 200: no error status to ask for.
        for _ in 0..mode_calls(&prism) {
            let label = format!("{} 200", prism.label);
            let outcome = report
                .call(
                    &label,
                    client.get_auth_link_status("7b6a5c4d-0000-0000-0000-000000000000"),
                )
                .await;
            report.expect_ok(&label, outcome);
        }
        report.finish_server(&prism, before);
    }
    report.assert_passed("markifact", started);
}

#[tokio::test(flavor = "multi_thread")]
async fn partoo_against_prism() {
    use partoo_client::operations::{CheckConnectionTokenError as E, CheckConnectionTokenParams};

    let started = Instant::now();
    let mut report = Report::default();
    for prism in Prism::start_all("partoo-v2.yaml").await {
        let before = report.calls;
        let client = |prefer| {
            partoo_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(prefer))
                .api_key("partoo-api-key-0123456789")
                .max_retries(0)
                .build()
                .expect("client builds")
        };
        let params = CheckConnectionTokenParams::new(
            "5309c3a237bbc544d8e26737",
            "af3e8951c1f4c42f9cc53116b3fc855bd44bce01cf27604b",
        );
        let ok = client(None);
        for _ in 0..mode_calls(&prism) {
            let label = format!("{} 200", prism.label);
            let outcome = report
                .call(&label, ok.check_connection_token(&params))
                .await;
            report.expect_ok(&label, outcome);
        }
        let errors: [(u16, Typed<E>); 4] = [
            (400, |e| matches!(e, E::BadRequest(_))),
            (401, |e| matches!(e, E::Unauthorized(_))),
            (403, |e| matches!(e, E::Forbidden(_))),
            (404, |e| matches!(e, E::NotFound(_))),
        ];
        for (status, typed) in errors {
            let label = format!("{} {status}", prism.label);
            let outcome = report
                .call(&label, client(Some(status)).check_connection_token(&params))
                .await;
            report.expect_api(&label, status, outcome, typed);
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
        let client = |prefer| {
            plaid_client::Client::builder()
                .base_url(prism.base.clone())
                .http_client(http(prefer))
                .client_id("5f1d2c3b4a5968778695a4b3")
                .secret("sandbox-secret-f00dfeed")
                .max_retries(0)
                .build()
                .expect("client builds")
        };
        let body = LinkTokenGetRequest::new("link-sandbox-af1a0311-da53-4636-b754-dd15cc058176");
        let ok = client(None);
        for _ in 0..mode_calls(&prism) {
            let label = format!("{} 200", prism.label);
            let outcome = report.call(&label, ok.link_token_get(&body)).await;
            report.expect_ok(&label, outcome);
        }
        // Only `default` is declared for errors: a 4xx and a 5xx.
        for status in [400, 500] {
            let label = format!("{} {status} (default)", prism.label);
            let outcome = report
                .call(&label, client(Some(status)).link_token_get(&body))
                .await;
            report.expect_api(&label, status, outcome, |error| {
                matches!(error, LinkTokenGetError::Default(_))
            });
        }
        report.finish_server(&prism, before);
    }
    report.assert_passed("plaid", started);
}

fn mode_calls(prism: &Prism) -> usize {
    if prism.label.ends_with("Static") {
        Mode::Static.success_calls()
    } else {
        Mode::Dynamic(0).success_calls()
    }
}
