//! `cargo xtask bench --runtime [--quick]`: a generated client's call against
//! the bare reqwest + serde_json call for the same bytes (issue 8). The
//! measuring is done by the `linkgen-bench-runtime` binary (`bench/runtime/`),
//! built in release; this command hands it the response bodies taken from the
//! specs, prints its table and writes it into `docs/benchmarks.md`
//! (`--quick` is a smoke run: it prints and writes nothing).

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde_json::{Map, Value};

/// Plaid's documented 200 example of `POST /link/token/get`.
const PLAID_EXAMPLE: (&str, &str) = (
    "plaid-2020-09-14.yaml",
    "/paths/~1link~1token~1get/post/responses/200/content/application~1json/example",
);

/// The properties of Partoo's 200 body of `GET /connection/check_token`,
/// each with its own example (the spec has none for the whole body).
const PARTOO_PROPERTIES: (&str, &str) = (
    "partoo-v2.yaml",
    "/paths/~1connection~1check_token/get/responses/200/content/application~1json/schema/properties",
);

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        _ => bail!("usage: cargo xtask bench --runtime [--quick]"),
    };
    let root = crate::workspace_root();
    let dir = root.join("target/bench-runtime");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let plaid = dir.join("plaid.json");
    let partoo = dir.join("partoo.json");
    std::fs::write(
        &plaid,
        serde_json::to_vec(&spec_value(&root, PLAID_EXAMPLE)?)?,
    )?;
    std::fs::write(&partoo, serde_json::to_vec(&partoo_body(&root)?)?)?;

    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(&root)
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "linkgen-bench-runtime",
            "--",
        ])
        .arg("--plaid")
        .arg(&plaid)
        .arg("--partoo")
        .arg(&partoo)
        .stderr(Stdio::inherit());
    if quick {
        command.arg("--quick");
    }
    let output = command.output().context("cannot run cargo")?;
    if !output.status.success() {
        bail!("the runtime benchmark failed ({})", output.status);
    }
    let table = String::from_utf8(output.stdout).context("the table is not UTF-8")?;
    print!("{table}");
    if quick {
        return Ok(());
    }
    super::write_section(&root, "runtime", &section(&table))?;
    eprintln!(
        "wrote the table into {}",
        super::benchmarks_doc(&root).display()
    );
    Ok(())
}

/// The section of `docs/benchmarks.md`: how the figures were made, then the table.
fn section(table: &str) -> String {
    format!(
        "Written by `cargo xtask bench --runtime` (release build; the benchmark\n\
         is `bench/runtime/`). Each row runs the generated client's call and the\n\
         bare call (reqwest with the same method, URL, headers and body, the body\n\
         serialized per call, the response decoded with `serde_json::from_slice`\n\
         into the same generated type) in alternating batches (ABBA order; their\n\
         count and length are under the table), against one local HTTP/1.1\n\
         server on 127.0.0.1 (keep-alive, a fixed response) started by the\n\
         benchmark on its own thread; the client runs on a single-threaded tokio\n\
         runtime. Times are the median batch per call; the ratio is the median\n\
         of the per-batch ratios (generated / bare); allocations are counted by a\n\
         global allocator, on the client's thread only. \"decode only\" is the\n\
         runtime's `Response::json` against `serde_json::from_slice` on the same\n\
         bytes. Machine: 2 shared cores (other jobs running), so absolute times\n\
         move between runs; ratios much less.\n\n{table}"
    )
}

fn spec_value(root: &Path, (spec, pointer): (&str, &str)) -> Result<Value> {
    let path = root.join("specs").join(spec);
    let document = codegen::load::load(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
    document
        .value
        .pointer(pointer)
        .cloned()
        .with_context(|| format!("{spec} has nothing at {pointer}"))
}

/// Partoo's 200 body built from the example of each property.
fn partoo_body(root: &Path) -> Result<Value> {
    let Value::Object(properties) = spec_value(root, PARTOO_PROPERTIES)? else {
        bail!("{}: the properties are not an object", PARTOO_PROPERTIES.0);
    };
    let mut body = Map::new();
    for (name, schema) in properties {
        let example = schema.get("example").cloned().with_context(|| {
            format!("{}: property `{name}` has no example", PARTOO_PROPERTIES.0)
        })?;
        body.insert(name, example);
    }
    Ok(Value::Object(body))
}
