//! `cargo xtask generate --spec FILE --out DIR [--name CRATE] [--env-prefix
//! PREFIX]`: a client crate for any spec, anywhere.

use std::path::{Component, Path, PathBuf};

use anyhow::{anyhow, Context, Result};

/// Options of the command.
#[derive(Debug)]
pub struct Args {
    /// The spec.
    pub spec: PathBuf,
    /// Where the crate goes (created if missing).
    pub out: PathBuf,
    /// Package name; derived from the spec file name when absent.
    pub name: Option<String>,
    /// Prefix of the variables `from_env()` reads; derived from the package
    /// name when absent (`acme-client` → `ACME`).
    pub env_prefix: Option<String>,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<()> {
    let name = match &args.name {
        Some(name) => name.clone(),
        None => default_crate_name(&args.spec),
    };
    let env_prefix = match &args.env_prefix {
        Some(prefix) => prefix.clone(),
        None => env_prefix(&name),
    };
    crate::providers::check_env_prefix(&env_prefix)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let out = std::fs::canonicalize(&args.out)?;
    let runtime = crate::workspace_root().join("runtime");
    let runtime = std::fs::canonicalize(&runtime).unwrap_or(runtime);
    let options = codegen::CrateOptions {
        crate_name: name.clone(),
        version: "0.1.0".into(),
        description: None,
        runtime_dependency: format!(
            "{{ path = {:?} }}",
            relative_path(&out, &runtime)
                .to_string_lossy()
                .replace('\\', "/")
        ),
        env_prefix,
        standalone: true,
        spec_file: args
            .spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        default_headers: Vec::new(),
    };
    let generated = codegen::generate(&args.spec, &codegen::LowerOptions::default(), &options)
        .map_err(|error| anyhow!("{error}"))?;
    crate::print_warnings(&args.spec, &generated.warnings);
    for file in &generated.files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "generated {name} ({} files) in {}",
        generated.files.len(),
        out.display()
    );
    Ok(())
}

/// `petstore-v3.yaml` → `petstore-v3-client`.
pub(crate) fn default_crate_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // Runs of other characters become one `-`, so the library name
    // (`-` → `_`) stays snake case: `adyen__Checkout-v71` → `adyen-checkout-v71`.
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name = name.trim_end_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    format!("{name}-client")
}

/// `plaid-client` → `PLAID`.
pub(crate) fn env_prefix(crate_name: &str) -> String {
    let base = crate_name.strip_suffix("-client").unwrap_or(crate_name);
    base.to_uppercase().replace('-', "_")
}

/// `to` relative to `from` when they share a prefix, so a crate generated
/// inside the workspace keeps building when the workspace moves.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return to.to_path_buf();
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to_parts[common..] {
        path.push(part);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_derive_from_the_spec_file() {
        assert_eq!(
            default_crate_name(Path::new("x/petstore-v3.yaml")),
            "petstore-v3-client"
        );
        assert_eq!(default_crate_name(Path::new("2fa.json")), "api-2fa-client");
        assert_eq!(env_prefix("api-2fa-client"), "API_2FA");
        for ok in ["ACME", "API_2FA", "A", ""] {
            crate::providers::check_env_prefix(ok).unwrap();
        }
        for bad in ["acme", "2FA", "_ACME", "AC-ME", "AC ME"] {
            let error = crate::providers::check_env_prefix(bad).expect_err(bad);
            assert_eq!(
                error.to_string(),
                format!("env prefix `{bad}` must be uppercase letters, digits and `_`, starting with a letter (e.g. `ACME`)")
            );
        }
        assert_eq!(
            default_crate_name(Path::new("adyen__CheckoutService-v71.json")),
            "adyen-checkoutservice-v71-client"
        );
    }

    #[test]
    fn relative_paths_walk_up_then_down() {
        assert_eq!(
            relative_path(Path::new("/w/a/b"), Path::new("/w/runtime")),
            PathBuf::from("../../runtime")
        );
        assert_eq!(
            relative_path(Path::new("/tmp/x"), Path::new("/w/runtime")),
            PathBuf::from("/w/runtime")
        );
    }
}
