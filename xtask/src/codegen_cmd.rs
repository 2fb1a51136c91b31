//! `cargo xtask codegen [--check] [PROVIDER]`: regenerate `generated/`, and
//! the wire-test clients of `tests/wire/`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use crate::providers::{self, Provider};

/// One list of checked-in crates: the manifest naming them (the schema of
/// `specs/providers.toml`), where their specs are and where they are written.
#[derive(Debug, Clone, Copy)]
pub struct Catalog {
    /// The manifest, relative to the root.
    pub manifest: &'static str,
    /// The directory the manifest's `spec` paths are relative to.
    pub specs: &'static str,
    /// The directory of the crates, one per key.
    pub out: &'static str,
    /// The runtime dependency as the crates spell it (relative to each crate).
    pub runtime: &'static str,
}

/// The providers' clients, published to consumers.
pub const PROVIDERS: Catalog = Catalog {
    manifest: "specs/providers.toml",
    specs: "specs",
    out: "generated",
    runtime: r#"{ path = "../../runtime" }"#,
};

/// Clients generated from fixture specs of our own, for tests that assert
/// what a generated client puts on the wire (`tests/it/wire/`): checked in
/// and kept fresh like the providers', never published, outside the
/// release gate.
pub const WIRE_FIXTURES: Catalog = Catalog {
    manifest: "tests/wire/clients.toml",
    specs: "tests/wire",
    out: "tests/wire",
    runtime: r#"{ path = "../../../runtime" }"#,
};

/// Files of `generated/<key>/` that the maintainers' commands write, not the
/// generator: `cargo xtask api-bump --write` adds the changelog's entries.
pub const MAINTAINED_FILES: &[&str] = &["CHANGELOG.md"];

/// The provider's spec file, relative to the workspace root.
pub fn spec_path(provider: &Provider) -> PathBuf {
    PROVIDERS.spec_path(provider)
}

impl Catalog {
    /// A crate's spec file, relative to the workspace root.
    pub fn spec_path(&self, provider: &Provider) -> PathBuf {
        Path::new(self.specs).join(&provider.spec)
    }
}

/// Runs the generator on `text`, a version of the provider's spec, with the
/// provider's options: both sides of a spec comparison go through this, so
/// they differ only where the spec does.
pub fn generate(provider: &Provider, text: &str) -> Result<codegen::Generated> {
    generate_in(&PROVIDERS, provider, text)
}

fn generate_in(catalog: &Catalog, provider: &Provider, text: &str) -> Result<codegen::Generated> {
    let spec = catalog.spec_path(provider);
    let options = codegen::CrateOptions {
        crate_name: provider.crate_name.clone(),
        version: provider.version.clone(),
        description: provider.description.clone(),
        runtime_dependency: catalog.runtime.to_string(),
        env_prefix: provider.env_prefix.clone(),
        standalone: false,
        spec_file: spec.to_string_lossy().replace('\\', "/"),
        default_headers: provider
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
    };
    codegen::generate_from_str(&spec, text, &provider.lower_options(), &options)
        .map_err(|error| anyhow!("{error}"))
}

/// Every file one crate of `catalog` should hold, keyed by path relative to
/// the workspace root.
pub fn render(
    root: &Path,
    catalog: &Catalog,
    key: &str,
    provider: &Provider,
) -> Result<BTreeMap<PathBuf, String>> {
    let spec = catalog.spec_path(provider);
    let text = std::fs::read_to_string(root.join(&spec))
        .with_context(|| format!("cannot read {}", spec.display()))?;
    let generated = generate_in(catalog, provider, &text)?;
    crate::print_warnings(&spec, &generated.warnings);
    let dir = Path::new(catalog.out).join(key);
    Ok(generated
        .files
        .into_iter()
        .map(|file| (dir.join(file.path), file.contents))
        .collect())
}

/// Files under `dir` (a crate's directory, relative to the root) on disk,
/// relative to the root.
fn files_on_disk(root: &Path, dir: &Path) -> Result<BTreeMap<PathBuf, String>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries {
            let entry = entry?;
            let relative = dir.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                // Build output of a crate built on its own is not ours to check.
                if entry.file_name() != "target" {
                    stack.push(relative);
                }
            } else if !MAINTAINED_FILES
                .iter()
                .any(|name| entry.file_name() == *name)
            {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                found.insert(relative, text);
            }
        }
    }
    Ok(found)
}

/// What differs between the expected files and the disk, as a unified diff;
/// empty when everything is fresh.
pub fn staleness(root: &Path, dir: &Path, expected: &BTreeMap<PathBuf, String>) -> Result<String> {
    let actual = files_on_disk(root, dir)?;
    let mut report = String::new();
    for (path, want) in expected {
        let have = actual.get(path).map(String::as_str).unwrap_or("");
        if have != want {
            let label = path.display().to_string();
            let diff = similar::TextDiff::from_lines(have, want.as_str());
            write!(
                report,
                "{}",
                diff.unified_diff().context_radius(2).header(&label, &label)
            )?;
        }
    }
    for path in actual.keys().filter(|path| !expected.contains_key(*path)) {
        writeln!(
            report,
            "{} is not generated any more: delete it",
            path.display()
        )?;
    }
    Ok(report)
}

/// Runs the command. `only` restricts it to one provider.
pub fn run(check: bool, only: Option<&str>) -> Result<()> {
    run_in(&crate::workspace_root(), check, only)
}

/// Runs the command on the repository at `root`: the providers' crates
/// (or the one `only` names), then, unless `only` is given, the wire-test
/// clients.
pub fn run_in(root: &Path, check: bool, only: Option<&str>) -> Result<()> {
    let mut stale = run_catalog(root, &PROVIDERS, check, only)?;
    // A copy of the repository made by a test may hold no wire fixtures.
    if only.is_none() && root.join(WIRE_FIXTURES.manifest).exists() {
        stale.push_str(&run_catalog(root, &WIRE_FIXTURES, check, None)?);
    }
    if !stale.is_empty() {
        print!("{stale}");
        bail!("generated code is stale: run `cargo xtask codegen` and commit the result");
    }
    Ok(())
}

/// Writes (or, with `check`, compares) the crates of one catalog; returns
/// the staleness report.
fn run_catalog(root: &Path, catalog: &Catalog, check: bool, only: Option<&str>) -> Result<String> {
    let all = providers::load_manifest(root, catalog.manifest)?;
    if let Some(key) = only {
        if !all.contains_key(key) {
            let known: Vec<_> = all.keys().map(String::as_str).collect();
            bail!(
                "no provider `{key}` in {} (known: {})",
                catalog.manifest,
                known.join(", ")
            );
        }
    }
    let mut stale = String::new();
    for (key, provider) in all
        .iter()
        .filter(|(key, _)| only.is_none_or(|only| only == key.as_str()))
    {
        let expected = render(root, catalog, key, provider)?;
        let dir = Path::new(catalog.out).join(key);
        if check {
            stale.push_str(&staleness(root, &dir, &expected)?);
            continue;
        }
        for path in files_on_disk(root, &dir)?
            .keys()
            .filter(|path| !expected.contains_key(*path))
        {
            std::fs::remove_file(root.join(path))?;
        }
        for (path, contents) in &expected {
            let path = root.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
                std::fs::write(&path, contents)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        eprintln!(
            "generated {} ({} files) in {}",
            provider.crate_name,
            expected.len(),
            root.join(&dir).display()
        );
    }
    Ok(stale)
}
