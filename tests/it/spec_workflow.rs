//! The maintainer's workflow when a provider changes its spec, run on a copy
//! of the repository (its `specs/` and `generated/` in a fresh git repo): the
//! release gate refuses a spec change without its version bump, and `vendor`
//! takes a changed spec to a bumped version, a changelog entry and a
//! regenerated crate that the gate accepts.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch copy of `specs/` and `generated/`, committed in its own repo.
struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let root = std::env::temp_dir().join(format!("linkgen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let repo = xtask::workspace_root();
        for dir in ["specs", "generated"] {
            copy_dir(&repo.join(dir), &root.join(dir));
        }
        let scratch = Scratch { root };
        scratch.git(&["init", "--quiet"]);
        scratch.commit("the repository as it is");
        scratch
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&self.root)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "--quiet", "-m", message]);
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).expect(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Partoo's spec with its `user_id` query parameter renamed: a breaking change.
fn partoo_breaking(scratch: &Scratch) -> String {
    let spec = scratch.read("specs/partoo-v2.yaml");
    assert!(spec.contains("name: user_id\n"));
    spec.replacen("name: user_id\n", "name: user\n", 1)
}

#[test]
fn the_gate_refuses_a_spec_change_without_its_bump() {
    let scratch = Scratch::new("gate");
    std::fs::write(
        scratch.root.join("specs/partoo-v2.yaml"),
        partoo_breaking(&scratch),
    )
    .expect("write");
    let refusal = xtask::gate::check(&scratch.root)
        .expect_err("a breaking spec change without a bump is refused")
        .to_string();
    assert!(
        refusal.contains("partoo: the spec changed since HEAD (major change"),
        "{refusal}"
    );
    let (_, next) = partoo_versions(&scratch);
    assert!(
        refusal.contains(&format!("must be at least {next}")),
        "{refusal}"
    );
    assert!(
        refusal.contains("cargo xtask api-bump partoo --base HEAD --write"),
        "{refusal}"
    );
    // Committed as it is, the last commit's change is refused just the same.
    scratch.commit("partoo: a new spec");
    let refusal = xtask::gate::check(&scratch.root)
        .expect_err("refused")
        .to_string();
    assert!(refusal.contains("since HEAD~1"), "{refusal}");
}

/// Partoo's version in the scratch checkout, and the one a breaking change
/// needs (`0.x.y` → `0.(x+1).0`).
fn partoo_versions(scratch: &Scratch) -> (String, String) {
    let providers = scratch.read("specs/providers.toml");
    let partoo = &providers[providers.find("[partoo]").expect("partoo")..];
    let line = (partoo.lines())
        .find(|l| l.starts_with("version = "))
        .expect("version");
    let current = line
        .trim_start_matches("version = ")
        .trim_matches('"')
        .to_owned();
    let minor: u64 = current
        .split('.')
        .nth(1)
        .and_then(|m| m.parse().ok())
        .expect("0.x.y");
    (current, format!("0.{}.0", minor + 1))
}

#[test]
fn vendor_bumps_writes_the_changelog_and_regenerates() {
    let scratch = Scratch::new("vendor");
    let incoming = scratch.root.join("incoming.yaml");
    // The provider's file without the vendored spec's source comment: vendor keeps it.
    let breaking = partoo_breaking(&scratch);
    let comment: String = breaking
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('#'))
        .collect();
    assert!(!comment.is_empty(), "the vendored spec names its source");
    std::fs::write(&incoming, &breaking[comment.len()..]).expect("write");

    let (current, next) = partoo_versions(&scratch);
    // The date is passed, not set in the environment: this binary's tests
    // run on threads that share it.
    xtask::vendor_cmd::run_in(&scratch.root, "partoo", &incoming, "2026-12-01")
        .expect("vendor runs");
    std::fs::remove_file(&incoming).expect("rm");

    assert_eq!(scratch.read("specs/partoo-v2.yaml"), breaking);
    let providers = scratch.read("specs/providers.toml");
    assert!(
        providers.contains(&format!("version = \"{next}\"")),
        "{current} + breaking = {next}"
    );
    let changelog = scratch.read("generated/partoo/CHANGELOG.md");
    let entry = &changelog[changelog
        .find(&format!("## [{next}] - 2026-12-01"))
        .expect("new entry")..];
    assert!(
        entry.find(&format!("## [{current}]")).is_some(),
        "above the previous entry"
    );
    assert!(entry.contains("### Breaking"), "{entry}");
    assert!(
        entry.contains("`Client::check_connection_token::user`"),
        "{entry}"
    );
    assert!(entry.contains("Migration:"), "{entry}");
    let api = scratch.read("generated/partoo/API.md");
    assert!(api.contains("`Client::check_connection_token::user` parameter"));
    assert!(scratch
        .read("generated/partoo/Cargo.toml")
        .contains(&format!("version = \"{next}\"")));
    // Reviewed and committed, the change passes the gate.
    xtask::gate::check(&scratch.root).expect("the gate accepts a bumped, logged change");
    scratch.commit("partoo: vendor the new spec");
    xtask::gate::check(&scratch.root).expect("and so does CI on the commit");
}
