//! The checked-in `generated/` crates are the snapshots of the provider
//! specs: regenerating them in memory must give the same bytes.

#[test]
fn generated_crates_are_fresh() {
    let root = xtask::workspace_root();
    let providers = xtask::providers::load(&root).expect("specs/providers.toml loads");
    assert!(
        !providers.is_empty(),
        "specs/providers.toml lists no provider"
    );
    let mut stale = String::new();
    for (key, provider) in &providers {
        let expected = xtask::codegen_cmd::render(&root, key, provider)
            .unwrap_or_else(|error| panic!("generating {key}: {error:#}"));
        stale.push_str(&xtask::codegen_cmd::staleness(&root, key, &expected).expect("diff"));
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale: run `cargo xtask codegen` and commit the result\n{stale}"
    );
}
