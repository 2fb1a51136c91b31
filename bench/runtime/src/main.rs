//! The runtime benchmark behind `cargo xtask bench --runtime`: a generated
//! client's call against the bare reqwest + serde_json call for the same
//! bytes, paired in one run (see `harness` for how and why not criterion),
//! against a local HTTP/1.1 server started here (`server`).
//!
//! Usage: `linkgen-bench-runtime --plaid FILE --partoo FILE [--quick]`, with
//! the 200 bodies of Plaid's `/link/token/get` and Partoo's
//! `/connection/check_token` (the xtask takes them from the specs). Prints the
//! table in Markdown on stdout; `--quick` runs every row once or twice, as a
//! smoke run whose figures mean nothing. `--profile ROW SIDE N` (ROW one of
//! `partoo`, `plaid`, `large`; SIDE `generated` or `bare`) makes N sequential
//! calls of one side and measures nothing, for a profiler such as
//! `valgrind --tool=callgrind` or `--tool=dhat`.

mod cases;
mod harness;
mod server;

use std::future::Future;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use linkgen_runtime::Bytes;
use partoo_client::types::CheckConnectionTokenResponse;
use plaid_client::types::LinkTokenGetResponse;
use tokio::task::JoinSet;

use cases::{decode_bare, decode_generated, Partoo, Plaid};
use harness::{paired, Pair, Plan};

#[global_allocator]
static ALLOCATOR: harness::Counting = harness::Counting;

/// Calls in flight at once in a concurrent row.
const CONCURRENCY: usize = 64;

/// The size the synthetic large body reaches at least.
const LARGE: usize = 1 << 20;

/// The response bodies of the rows.
struct Bodies {
    partoo: Vec<u8>,
    plaid: Vec<u8>,
    large: Vec<u8>,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut plaid, mut partoo, mut quick, mut profile) = (None, None, false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--plaid" => plaid = args.next().map(PathBuf::from),
            "--partoo" => partoo = args.next().map(PathBuf::from),
            "--quick" => quick = true,
            "--profile" => {
                let mut next = || args.next().unwrap_or_default();
                let (row, side, calls) = (next(), next(), next());
                match calls.parse::<usize>() {
                    Ok(calls) => profile = Some((row, side, calls)),
                    Err(_) => return usage("--profile needs ROW SIDE N"),
                }
            }
            _ => return usage(&format!("unknown argument `{arg}`")),
        }
    }
    let (Some(plaid), Some(partoo)) = (plaid, partoo) else {
        return usage("both --plaid and --partoo are needed");
    };
    let read = |path: &PathBuf| {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let bodies = match (read(&plaid), read(&partoo)) {
        (Ok(plaid), Ok(partoo)) => Bodies {
            large: large_body(&plaid, LARGE),
            partoo,
            plaid,
        },
        (Err(e), _) | (_, Err(e)) => return usage(&e),
    };
    let plan = if quick { Plan::QUICK } else { Plan::FULL };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    if let Some((row, side, calls)) = profile {
        return match runtime.block_on(profile_side(&bodies, &row, &side, calls)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage(&e),
        };
    }
    let rows = runtime.block_on(rows(plan, &bodies, |name| eprintln!("bench: {name}")));
    print!("{}", table(&rows));
    println!(
        "\n{} batches per side and row, each sized to last about {} ms.",
        plan.batches,
        plan.batch_time.as_millis()
    );
    ExitCode::SUCCESS
}

fn usage(error: &str) -> ExitCode {
    eprintln!("error: {error}\nusage: linkgen-bench-runtime --plaid FILE --partoo FILE [--quick]");
    ExitCode::from(2)
}

/// Plaid's example with its `link_sessions` repeated until the body is at
/// least `at_least` bytes: a large body of the same type, so both sides
/// decode it into `LinkTokenGetResponse`.
fn large_body(example: &[u8], at_least: usize) -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_slice(example).expect("the Plaid example is JSON");
    let sessions = value["link_sessions"]
        .as_array()
        .cloned()
        .filter(|sessions| !sessions.is_empty())
        .expect("the Plaid example has link sessions");
    let mut body = Vec::new();
    while body.len() < at_least {
        let list = value["link_sessions"].as_array_mut().expect("an array");
        let add = (list.len()).max(1);
        list.extend(sessions.iter().cycle().take(add).cloned());
        body = serde_json::to_vec(&value).expect("serializes");
    }
    body
}

/// `calls` sequential calls of one side of a call row, unmeasured.
async fn profile_side(bodies: &Bodies, row: &str, side: &str, calls: usize) -> Result<(), String> {
    let body = match row {
        "partoo" => &bodies.partoo,
        "plaid" => &bodies.plaid,
        "large" => &bodies.large,
        _ => return Err(format!("no call row `{row}`")),
    };
    let addr = server::start(body.clone(), None);
    macro_rules! run {
        ($ctx:expr, $ty:ident) => {{
            let ctx = $ctx;
            for _ in 0..calls {
                match side {
                    "generated" => one(&ctx, $ty::generated).await,
                    "bare" => one(&ctx, $ty::bare).await,
                    _ => return Err(format!("no side `{side}`")),
                }
            }
        }};
    }
    if row == "partoo" {
        run!(Partoo::new(addr), Partoo);
    } else {
        run!(Plaid::new(addr), Plaid);
    }
    Ok(())
}

/// One measured row.
struct Row {
    name: String,
    pair: Pair,
}

/// Every row, in table order; `progress` hears each row's name as it starts.
async fn rows(plan: Plan, bodies: &Bodies, progress: impl Fn(&str)) -> Vec<Row> {
    let partoo = Partoo::new(server::start(bodies.partoo.clone(), None));
    let plaid = Plaid::new(server::start(bodies.plaid.clone(), None));
    let large = Plaid::new(server::start(bodies.large.clone(), None));
    let (partoo_len, plaid_len, large_len) = (
        size(bodies.partoo.len()),
        size(bodies.plaid.len()),
        size(bodies.large.len()),
    );
    let partoo_name = format!("Partoo `GET /connection/check_token` ({partoo_len})");
    let plaid_name = format!("Plaid `POST /link/token/get` ({plaid_len})");
    let large_name = format!("Plaid `POST /link/token/get`, synthetic ({large_len})");
    let mut rows = Vec::new();
    let mut row = |name: String, pair: Pair| rows.push(Row { name, pair });

    macro_rules! call_rows {
        ($name:expr, $ctx:expr, $ty:ident) => {
            let name = format!("{}, sequential", $name);
            progress(&name);
            let ctx = &$ctx;
            row(
                name,
                paired(plan, 1, || one(ctx, $ty::generated), || one(ctx, $ty::bare)).await,
            );
            let name = format!("{}, {CONCURRENCY} concurrent", $name);
            progress(&name);
            row(
                name,
                paired(
                    plan,
                    CONCURRENCY,
                    || fan_out(ctx, $ty::generated),
                    || fan_out(ctx, $ty::bare),
                )
                .await,
            );
        };
    }
    call_rows!(partoo_name, partoo, Partoo);
    call_rows!(plaid_name, plaid, Plaid);
    call_rows!(large_name, large, Plaid);

    let decodes: [(String, Bytes, Decoder, Decoder); 3] = [
        (
            format!("decode only, Partoo ({partoo_len})"),
            bodies.partoo.clone().into(),
            |b| {
                drop(black_box(decode_generated::<CheckConnectionTokenResponse>(
                    b,
                )))
            },
            |b| drop(black_box(decode_bare::<CheckConnectionTokenResponse>(b))),
        ),
        (
            format!("decode only, Plaid ({plaid_len})"),
            bodies.plaid.clone().into(),
            |b| drop(black_box(decode_generated::<LinkTokenGetResponse>(b))),
            |b| drop(black_box(decode_bare::<LinkTokenGetResponse>(b))),
        ),
        (
            format!("decode only, synthetic ({large_len})"),
            bodies.large.clone().into(),
            |b| drop(black_box(decode_generated::<LinkTokenGetResponse>(b))),
            |b| drop(black_box(decode_bare::<LinkTokenGetResponse>(b))),
        ),
    ];
    for (name, body, generated, bare) in decodes {
        progress(&name);
        let body = &body;
        let pair = paired(
            plan,
            1,
            || async move { generated(body) },
            || async move { bare(body) },
        )
        .await;
        row(name, pair);
    }
    rows
}

/// One side of a "decode only" row.
type Decoder = fn(&Bytes);

/// One call of a side.
async fn one<C, F, Fut, T>(ctx: &Arc<C>, side: F)
where
    F: Fn(Arc<C>) -> Fut,
    Fut: Future<Output = T>,
{
    black_box(side(ctx.clone()).await);
}

/// [`CONCURRENCY`] calls of a side at once, each its own task.
async fn fan_out<C, F, Fut, T>(ctx: &Arc<C>, side: F)
where
    C: Send + Sync + 'static,
    F: Fn(Arc<C>) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut tasks = JoinSet::new();
    for _ in 0..CONCURRENCY {
        tasks.spawn(side(ctx.clone()));
    }
    while let Some(done) = tasks.join_next().await {
        black_box(done.expect("call task"));
    }
}

/// `3.1 KB`, `1.0 MB`.
fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

/// `12.3 µs`, `4.56 ms`.
fn duration(d: std::time::Duration) -> String {
    let micros = d.as_secs_f64() * 1e6;
    if micros >= 1000.0 {
        format!("{:.2} ms", micros / 1000.0)
    } else {
        format!("{micros:.1} µs")
    }
}

/// The rows as a Markdown table.
fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| row | generated client | bare reqwest + serde_json | ratio | allocations per call (generated / bare) |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    for Row { name, pair } in rows {
        out.push_str(&format!(
            "| {name} | {} | {} | {:.2}× | {:.1} / {:.1} |\n",
            duration(pair.generated.per_call),
            duration(pair.bare.per_call),
            pair.ratio,
            pair.generated.allocations,
            pair.bare.allocations,
        ));
    }
    out
}

#[cfg(test)]
mod tests;
