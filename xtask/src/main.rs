//! `cargo xtask <command>`: see `cargo xtask help`.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use xtask::{
    api_cmd, bench, codegen_cmd, corpus_cmd, gate, generate_cmd, prism, test_cmd, vendor_cmd,
};

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [PROVIDER]   regenerate generated/ from specs/ (--check: only report staleness)
  cargo xtask generate --spec FILE --out DIR [--name CRATE] [--env-prefix PREFIX]
                                             generate a client crate for any spec (PREFIX of the
                                             variables from_env() reads; default from CRATE)
  cargo xtask api-diff PROVIDER [--old FILE | --base GIT_REV] [--new FILE] [--json] [--verbose]
                                             what a spec change means for the crate's consumers
                                             (default: the spec at HEAD against the one in specs/)
  cargo xtask api-bump PROVIDER [--old FILE | --base GIT_REV] [--new FILE] [--write]
                                             the version the change needs (--write: set it in
                                             providers.toml, add the changelog entry, regenerate)
  cargo xtask vendor PROVIDER FILE           take FILE as the provider's new spec: diff, bump,
                                             changelog, regenerate; then review and commit
  cargo xtask gate                           the release gate alone: every spec change since the
                                             base (LINKGEN_GATE_BASE, else HEAD or HEAD~1) carries
                                             its version bump and changelog entry
  cargo xtask test                           run every check CI runs
  cargo xtask prism                          install the pinned Prism mock server when missing; print its path
  cargo xtask bench [DIR]                    time each pipeline stage on every spec of DIR
                                             (default ../shared/corpus; use --release)
  cargo xtask bench --vs-progenitor          generation and build of the generated crates, paired
                                             against cargo-progenitor; writes docs/benchmarks.md
  cargo xtask bench --runtime                a generated client's call against bare reqwest +
                                             serde_json; writes docs/benchmarks.md
  cargo xtask corpus [DIR] [--compile N|all] [--update]
                                             generate, check and clippy a client for every spec of
                                             DIR (default ../shared/corpus) in target/corpus/; fail
                                             when one fares worse than tests/corpus-expectations.tsv
                                             (--compile N: build only the N smallest; --update:
                                             rewrite the expectations)
  cargo xtask corpus --wire [DIR] [--only A,B] [--seeds 1,42] [--update]
                                             also a driver per spec that calls every operation
                                             against Prism (static, then dynamic per seed); print
                                             the wire table and fail when a spec fares worse than
                                             tests/corpus-wire-expectations.tsv";

/// Generation allocates a token tree, a syntax tree and strings per item of
/// a spec with thousands: glibc's malloc took a third of its time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(error) = run(std::env::args().skip(1).collect()) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("codegen") => {
            let mut check = false;
            let mut only = None;
            for arg in args {
                match arg.as_str() {
                    "--check" => check = true,
                    flag if flag.starts_with('-') => bail!("unknown flag `{flag}`\n{USAGE}"),
                    _ if only.is_some() => bail!("codegen takes at most one provider\n{USAGE}"),
                    _ => only = Some(arg),
                }
            }
            codegen_cmd::run(check, only.as_deref())
        }
        Some("generate") => {
            let (mut spec, mut out, mut name, mut env_prefix) = (None, None, None, None);
            while let Some(arg) = args.next() {
                let mut value = || {
                    args.next()
                        .with_context(|| format!("`{arg}` needs a value\n{USAGE}"))
                };
                match arg.as_str() {
                    "--spec" => spec = Some(PathBuf::from(value()?)),
                    "--out" => out = Some(PathBuf::from(value()?)),
                    "--name" => name = Some(value()?),
                    "--env-prefix" => env_prefix = Some(value()?),
                    _ => bail!("unknown argument `{arg}`\n{USAGE}"),
                }
            }
            let args = generate_cmd::Args {
                spec: spec.with_context(|| format!("--spec is required\n{USAGE}"))?,
                out: out.with_context(|| format!("--out is required\n{USAGE}"))?,
                name,
                env_prefix,
            };
            generate_cmd::run(&args)
        }
        Some("api-diff") => api_cmd::diff(&args.collect::<Vec<_>>()),
        Some("api-bump") => api_cmd::bump(&args.collect::<Vec<_>>()),
        Some("vendor") => vendor_cmd::run(&args.collect::<Vec<_>>()),
        Some("gate") => gate::check(&xtask::workspace_root()),
        Some("test") => test_cmd::run(),
        Some("prism") => prism::run(),
        Some("corpus") => {
            let mut parsed = corpus_cmd::Args {
                dir: None,
                compile: corpus_cmd::Compile::All,
                update: false,
            };
            let mut wire = false;
            let mut only = Vec::new();
            let mut seeds = corpus_cmd::wire::SEEDS.to_vec();
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--update" => parsed.update = true,
                    "--wire" => wire = true,
                    "--only" => {
                        only = args
                            .next()
                            .unwrap_or_default()
                            .split(',')
                            .map(String::from)
                            .collect();
                    }
                    "--seeds" => {
                        let value = args.next().unwrap_or_default();
                        seeds = value
                            .split(',')
                            .map(str::parse)
                            .collect::<Result<_, _>>()
                            .with_context(|| {
                                format!("`--seeds` needs N,M…, not `{value}`\n{USAGE}")
                            })?;
                    }
                    "--compile" => {
                        let value = args
                            .next()
                            .with_context(|| format!("`--compile` needs N or `all`\n{USAGE}"))?;
                        parsed.compile = match value.as_str() {
                            "all" => corpus_cmd::Compile::All,
                            n => corpus_cmd::Compile::Smallest(n.parse().with_context(|| {
                                format!("`--compile` needs N or `all`, not `{n}`\n{USAGE}")
                            })?),
                        };
                    }
                    flag if flag.starts_with('-') => bail!("unknown flag `{flag}`\n{USAGE}"),
                    _ if parsed.dir.is_some() => bail!("corpus takes at most one DIR\n{USAGE}"),
                    _ => parsed.dir = Some(PathBuf::from(arg)),
                }
            }
            if wire {
                return corpus_cmd::wire::run(&corpus_cmd::wire::WireArgs {
                    dir: parsed.dir,
                    only,
                    seeds,
                    update: parsed.update,
                });
            }
            corpus_cmd::run(&parsed)
        }
        Some("bench") => bench::run(&args.collect::<Vec<_>>()),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`\n{USAGE}"),
    }
}
