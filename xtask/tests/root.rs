//! The xtask acts on the checkout it is run in, never on the one its binary
//! was compiled in: two checkouts sharing one `CARGO_TARGET_DIR` share one
//! binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A checkout of its own: a `providers.toml` whose only provider the real
/// repository does not have, and an `xtask/` directory.
fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("linkgen-root-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("specs")).unwrap();
    std::fs::create_dir_all(root.join("xtask").join("src")).unwrap();
    std::fs::write(root.join("xtask").join("Cargo.toml"), "").unwrap();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/deck-v1.yaml");
    std::fs::copy(real, root.join("specs").join("only-here.yaml")).unwrap();
    std::fs::write(
        root.join("specs").join("providers.toml"),
        "[only-here]\nspec = \"only-here.yaml\"\ncrate = \"only-here-client\"\n\
         version = \"0.1.0\"\nenv_prefix = \"ONLY\"\n",
    )
    .unwrap();
    root
}

fn api_diff(root: &Path, cwd: &Path, manifest_dir: Option<&Path>) -> std::process::Output {
    let spec = root.join("specs").join("only-here.yaml");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.args(["api-diff", "only-here", "--old"])
        .arg(&spec)
        .arg("--new")
        .arg(&spec);
    cmd.current_dir(cwd).env_remove("CARGO_MANIFEST_DIR");
    if let Some(dir) = manifest_dir {
        cmd.env("CARGO_MANIFEST_DIR", dir);
    }
    cmd.output().expect("the xtask binary runs")
}

fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("bump: none"));
}

/// This repository's root, which has no provider `only-here`.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_current_directory_names_the_checkout() {
    let root = scratch("cwd");
    // From a subdirectory of the scratch checkout: found by walking up.
    assert_ok(&api_diff(&root, &root.join("xtask").join("src"), None));
    // From this repository the scratch provider is unknown.
    assert!(!api_diff(&root, &repo(), None).status.success());
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn cargo_manifest_dir_at_run_time_names_the_checkout() {
    let root = scratch("manifest");
    // `cargo xtask` names the package it runs (`…/xtask`) at run time: that
    // checkout wins over the current directory.
    assert_ok(&api_diff(&root, &repo(), Some(&root.join("xtask"))));
    let _ = std::fs::remove_dir_all(root);
}
