//! `cargo xtask codegen [--check] [PROVIDER]`: regenerate `generated/`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use crate::providers::{self, Provider};

/// The runtime dependency as the checked-in crates spell it: they sit two
/// levels under the root, beside `runtime/`.
const RUNTIME_DEPENDENCY: &str = r#"{ path = "../../runtime" }"#;

/// Files of `generated/<key>/` that the maintainers' commands write, not the
/// generator: `cargo xtask api-bump --write` adds the changelog's entries.
pub const MAINTAINED_FILES: &[&str] = &["CHANGELOG.md"];

/// The provider's spec file, relative to the workspace root.
pub fn spec_path(provider: &Provider) -> PathBuf {
    Path::new("specs").join(&provider.spec)
}

/// Runs the generator on `text`, a version of the provider's spec, with the
/// provider's options: both sides of a spec comparison go through this, so
/// they differ only where the spec does.
pub fn generate(provider: &Provider, text: &str) -> Result<codegen::Generated> {
    let spec = spec_path(provider);
    let options = codegen::CrateOptions {
        crate_name: provider.crate_name.clone(),
        version: provider.version.clone(),
        description: provider.description.clone(),
        runtime_dependency: RUNTIME_DEPENDENCY.to_string(),
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

/// Every file one provider's crate should hold, keyed by path relative to
/// the workspace root.
pub fn render(root: &Path, key: &str, provider: &Provider) -> Result<BTreeMap<PathBuf, String>> {
    let spec = spec_path(provider);
    let text = std::fs::read_to_string(root.join(&spec))
        .with_context(|| format!("cannot read {}", spec.display()))?;
    let generated = generate(provider, &text)?;
    crate::print_warnings(&spec, &generated.warnings);
    let dir = Path::new("generated").join(key);
    Ok(generated
        .files
        .into_iter()
        .map(|file| (dir.join(file.path), file.contents))
        .collect())
}

/// Files under `generated/<key>/` on disk, relative to the root.
fn files_on_disk(root: &Path, key: &str) -> Result<BTreeMap<PathBuf, String>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![Path::new("generated").join(key)];
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
pub fn staleness(root: &Path, key: &str, expected: &BTreeMap<PathBuf, String>) -> Result<String> {
    let actual = files_on_disk(root, key)?;
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

/// Runs the command on the repository at `root`.
pub fn run_in(root: &Path, check: bool, only: Option<&str>) -> Result<()> {
    let all = providers::load(root)?;
    if let Some(key) = only {
        if !all.contains_key(key) {
            let known: Vec<_> = all.keys().map(String::as_str).collect();
            bail!(
                "no provider `{key}` in specs/providers.toml (known: {})",
                known.join(", ")
            );
        }
    }
    let mut stale = String::new();
    for (key, provider) in all
        .iter()
        .filter(|(key, _)| only.is_none_or(|only| only == key.as_str()))
    {
        let expected = render(root, key, provider)?;
        if check {
            stale.push_str(&staleness(root, key, &expected)?);
            continue;
        }
        let dir = root.join("generated").join(key);
        for path in files_on_disk(root, key)?
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
            dir.display()
        );
    }
    if !stale.is_empty() {
        print!("{stale}");
        bail!("generated code is stale: run `cargo xtask codegen` and commit the result");
    }
    Ok(())
}
