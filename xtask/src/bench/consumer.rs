//! The consumer program of the GitHub client benchmark: a binary that calls 20 of the
//! client's operations, what a small program using it compiles (the calls are
//! `#[inline]`, so their send and decode code is compiled here, not in the client).

use std::path::Path;

use anyhow::{Context, Result};

/// The package name of the consumer program.
pub const NAME: &str = "github-consumer";

/// The calls it makes, each a method of the client and its arguments: reads of a
/// repository, its issues, pulls, branches, commits, releases, users and the like.
const CALLS: &[&str] = &[
    "meta_root()",
    "repos_get(o, r)",
    "issues_get(o, r, 1)",
    "users_get_by_username(\"octocat\")",
    "pulls_get(o, r, 1)",
    "repos_list_for_user(\"octocat\")",
    "issues_list_for_repo(o, r)",
    "pulls_list(o, r)",
    "repos_list_branches(o, r)",
    "repos_get_branch(o, r, \"main\")",
    "repos_list_commits(o, r)",
    "repos_get_commit(o, r, \"HEAD\")",
    "repos_list_tags(o, r)",
    "repos_list_releases(o, r)",
    "repos_get_latest_release(o, r)",
    "repos_list_contributors(o, r)",
    "activity_list_repo_events(o, r)",
    "gists_get(\"1\")",
    "orgs_get(o)",
    "rate_limit_get()",
];

/// The tags the calls need, the client's only features besides its TLS backend.
const FEATURES: &[&str] = &[
    "meta",
    "repos",
    "issues",
    "users",
    "pulls",
    "activity",
    "gists",
    "orgs",
    "rate-limit",
];

/// Writes the consumer program into `dir`, depending on the client crate `client`
/// (package `client_name`) by path.
pub fn write(dir: &Path, client: &Path, client_name: &str) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let features: Vec<String> = std::iter::once("rustls-aws-lc-rs")
        .chain(FEATURES.iter().copied())
        .map(|f| format!("\"{f}\""))
        .collect();
    let manifest = format!(
        "[package]\nname = \"{NAME}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{client_name} = {{ path = {:?}, default-features = false, features = [{}] }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
        client.display().to_string(),
        features.join(", ")
    );
    let library = client_name.replace('-', "_");
    let mut main = format!(
        "//! Calls {} operations of the GitHub client.\n\n\
         async fn run(c: &{library}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n    \
         let (o, r) = (\"rust-lang\", \"rust\");\n",
        CALLS.len()
    );
    for call in CALLS {
        main.push_str(&format!("    println!(\"{{:?}}\", c.{call}.await?);\n"));
    }
    main.push_str(&format!(
        "    Ok(())\n}}\n\n#[tokio::main]\nasync fn main() {{\n    \
         let client = {library}::Client::builder().build().expect(\"a client\");\n    \
         if let Err(e) = run(&client).await {{\n        eprintln!(\"{{e}}\");\n    }}\n}}\n"
    ));
    std::fs::write(dir.join("Cargo.toml"), manifest).context("cannot write the consumer")?;
    std::fs::write(dir.join("src/main.rs"), main).context("cannot write the consumer")?;
    Ok(())
}
