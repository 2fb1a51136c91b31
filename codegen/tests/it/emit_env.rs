//! The environment variables a generated client reads: `{PREFIX}_{SUFFIX}`,
//! except a name a CI system or the shell owns (`GITHUB_ENV`, a file path
//! under GitHub Actions), which takes `API_` after the prefix, the same in
//! the code, the rustdoc and the README.
use crate::emit_common;

use codegen::emit::{emit, CrateOptions};
use emit_common::*;

fn files(prefix: &str) -> (String, String) {
    let api = lowered(&spec(
        "GitHub",
        "security: [{token: []}]
paths:
  /meta:
    get: {operationId: meta, responses: {}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
",
    ));
    let options = CrateOptions {
        env_prefix: prefix.into(),
        ..options()
    };
    let files = emit(&api, &options).expect("emit");
    let text = |path: &str| {
        files
            .iter()
            .find(|f| f.path.to_str() == Some(path))
            .map(|f| f.contents.clone())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    (text("src/client.rs"), text("README.md"))
}

#[test]
fn a_name_github_actions_owns_is_moved_aside() {
    let (client, readme) = files("GITHUB");
    assert!(client.contains(r#"var("GITHUB_API_ENV")"#), "{client}");
    assert!(!client.contains(r#""GITHUB_ENV""#), "{client}");
    // What the client means by it: kept.
    assert!(client.contains(r#"var("GITHUB_BASE_URL")"#), "{client}");
    assert!(client.contains(r#"var("GITHUB_TOKEN")"#), "{client}");
    let said = "`GITHUB_API_ENV` is read instead of `GITHUB_ENV`, which belongs to GitHub Actions";
    assert!(readme.contains(said), "{readme}");
    assert!(client.contains(said), "the from_env docs say it too");
}

#[test]
fn other_prefixes_keep_their_names_and_say_nothing() {
    let (client, readme) = files("ACME");
    for var in ["ACME_ENV", "ACME_BASE_URL", "ACME_TOKEN"] {
        assert!(client.contains(&format!("var({var:?})")), "{var}: {client}");
    }
    assert!(!readme.contains("is read instead of"), "{readme}");
    assert!(readme.contains("from_env_with"), "{readme}");
}
