//! `cargo xtask test`: everything CI runs, in CI's order.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Result};

/// Runs one step, echoing it first.
fn step(program: &str, args: &[&str]) -> Result<()> {
    step_with_env(program, args, &[])
}

/// Runs one step with extra environment variables, echoing it first.
fn step_with_env(program: &str, args: &[&str], env: &[(&str, &Path)]) -> Result<()> {
    let shown: Vec<String> = env
        .iter()
        .map(|(name, value)| format!("{name}={} ", value.display()))
        .collect();
    eprintln!("$ {}{program} {}", shown.concat(), args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(crate::workspace_root())
        .status()?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Validates every spec and every example in it against its own schema with an
/// independent validator (`tests/validate_examples.py`, pinned dependencies in
/// a virtualenv under `.tools/venv`, created when missing).
fn validate_examples() -> Result<()> {
    let root = crate::workspace_root();
    let venv = root.join(".tools").join("venv");
    let python = venv.join("bin").join("python");
    let stamp = venv.join("requirements-validate.txt");
    let wanted = std::fs::read_to_string(root.join("tests/requirements-validate.txt"))?;
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        let venv_arg = venv.to_string_lossy().into_owned();
        step("python3", &["-m", "venv", &venv_arg]).map_err(|e| {
            anyhow::anyhow!("{e}: the example validator needs Python 3 with venv and pip")
        })?;
        let python_arg = python.to_string_lossy().into_owned();
        step(
            &python_arg,
            &[
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                "tests/requirements-validate.txt",
            ],
        )?;
        std::fs::write(&stamp, wanted)?;
    }
    step(&python.to_string_lossy(), &["tests/validate_examples.py"])
}

/// The corpus specs small enough for CI (`corpus_cmd::CI_SPECS`) are
/// compiled and judged against `tests/corpus-expectations.tsv`; `cargo xtask
/// corpus` does all of them.
fn corpus_compile() -> Result<()> {
    let dir = crate::corpus_cmd::default_dir();
    if !dir.is_dir() {
        bail!(
            "the shared corpus is missing: expected it at {} (`../shared/corpus` beside the \
             repository, its INDEX.tsv naming where each spec comes from); put it there \
             before running `cargo xtask test`",
            dir.display()
        );
    }
    crate::corpus_cmd::run(&crate::corpus_cmd::Args {
        dir: Some(dir),
        compile: crate::corpus_cmd::Compile::Only(
            crate::corpus_cmd::CI_SPECS
                .iter()
                .map(|spec| spec.to_string())
                .collect(),
        ),
        update: false,
    })
}

/// The same specs' clients driven against Prism, one dynamic seed (the full
/// command runs two): every operation on the wire, judged against
/// `tests/corpus-wire-expectations.tsv`. Run after `cargo test`, whose
/// build leaves the dependencies the drivers link compiled.
fn corpus_wire() -> Result<()> {
    crate::corpus_cmd::wire::run(&crate::corpus_cmd::wire::WireArgs {
        dir: Some(crate::corpus_cmd::default_dir()),
        only: crate::corpus_cmd::CI_SPECS
            .iter()
            .map(|spec| spec.to_string())
            .collect(),
        seeds: vec![crate::corpus_cmd::wire::SEEDS[0]],
        update: false,
    })
}

/// Installs the rustup components the checks need when they are missing.
fn ensure_components() -> Result<()> {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        let present = Command::new("cargo")
            .args([probe, "--version"])
            .output()
            .is_ok_and(|output| output.status.success());
        if !present {
            step("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// Every TLS backend a generated crate offers builds: the smallest provider
/// crate checked with each alone, and the runtime's own client built with
/// each (reqwest refuses at `build()` a TLS setup of a rustls it does not
/// share, which no `check` would see).
fn tls_backends() -> Result<()> {
    for backend in codegen::lower::TLS_FEATURES {
        let alone = ["--no-default-features", "--features", backend];
        step(
            "cargo",
            &[&["check", "-p", "deck-client"][..], &alone].concat(),
        )?;
        step(
            "cargo",
            &[
                &["test", "-p", "linkgen-runtime", "--lib"][..],
                &alone,
                &["tls::"],
            ]
            .concat(),
        )?;
    }
    Ok(())
}

/// Runs the command.
pub fn run() -> Result<()> {
    ensure_components()?;
    step("cargo", &["fmt", "--all", "--check"])?;
    step(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    tls_backends()?;
    // The gate first: after a spec edit it names the command that bumps,
    // writes the changelog and regenerates (which `codegen --check` would not).
    crate::gate::check(&crate::workspace_root())?;
    crate::codegen_cmd::run(true, None)?;
    // What the snapshots show compiles, clippy-clean, with passing doc tests.
    crate::snapshot_build::run()?;
    corpus_compile()?;
    validate_examples()?;
    // The contract tests (tests/it/prism.rs) run the clients against Prism.
    let prism = crate::prism::ensure()?;
    step_with_env(
        "cargo",
        &["test", "--workspace"],
        &[(crate::prism::ENV, prism.as_path())],
    )?;
    corpus_wire()
}
