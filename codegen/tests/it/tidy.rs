//! Keeps `ARCHITECTURE.md` true (in the spirit of rust-analyzer's tidy
//! tests): every module of `codegen/src` opens with a `//!` doc saying what
//! it holds, and the code map names it.
//!
//! "Named" means, in the `codegen/` section of the code map: a file at the
//! top of `src` appears as `` `file.rs` `` outside the bullet of a
//! directory; a file in a directory appears as `` `dir/file.rs` ``
//! anywhere in the section, or as `` `file.rs` `` in the bullet that opens
//! with `` `dir/` ``; a directory's `mod.rs` is named by that bullet.

use std::path::{Path, PathBuf};

/// The `codegen/` section of the code map, cut into its bullets (the text
/// before the first bullet is one too), each with its directory (the
/// `` `dir/` `` it opens with) if it is a directory's.
fn bullets(architecture: &str) -> Vec<(Option<String>, String)> {
    let start = architecture
        .find("### `codegen/`")
        .expect("ARCHITECTURE.md has a `### `codegen/`` section");
    let rest = &architecture[start + 3..];
    let section = &rest[..rest.find("\n### ").unwrap_or(rest.len())];
    let mut out: Vec<String> = vec![String::new()];
    for line in section.lines() {
        if line.starts_with("- ") {
            out.push(String::new());
        }
        if let Some(current) = out.last_mut() {
            current.push_str(line);
            current.push('\n');
        }
    }
    out.into_iter()
        .map(|text| {
            let opening = text
                .strip_prefix("- `")
                .and_then(|t| t.split('`').next())
                .filter(|t| t.ends_with('/'))
                .map(str::to_owned);
            (opening, text)
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Why `relative` (a path under `src`, `/`-separated) is not named by the
/// code map, if it is not.
fn unnamed(relative: &str, bullets: &[(Option<String>, String)]) -> Option<String> {
    let (dir, file) = match relative.rsplit_once('/') {
        Some((dir, file)) => (Some(format!("{dir}/")), file),
        None => (None, relative),
    };
    let quoted = format!("`{file}`");
    let named = match &dir {
        None => bullets
            .iter()
            .any(|(opening, text)| opening.is_none() && text.contains(&quoted)),
        Some(dir) => {
            let in_dir_bullet = |(opening, text): &(Option<String>, String)| {
                opening.as_deref() == Some(dir.as_str())
                    && (file == "mod.rs" || text.contains(&quoted))
            };
            let as_path = format!("`{relative}");
            bullets
                .iter()
                .any(|b| in_dir_bullet(b) || b.1.contains(&as_path))
        }
    };
    (!named).then(|| match dir {
        None => format!("not named in ARCHITECTURE.md (as {quoted})"),
        Some(dir) => format!(
            "not named in ARCHITECTURE.md (as `{relative}`, or as {quoted} in the bullet of `{dir}`)"
        ),
    })
}

#[test]
fn every_module_has_a_doc_and_is_in_the_code_map() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(root.join("../ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md at the workspace root");
    let bullets = bullets(&architecture);
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 10,
        "found only {} files under {}",
        files.len(),
        src.display()
    );

    let mut offenders = Vec::new();
    for path in &files {
        let relative = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).expect("a readable source file");
        if !text.trim_start().starts_with("//!") {
            offenders.push(format!(
                "codegen/src/{relative}: does not open with a `//!` doc"
            ));
        }
        if let Some(why) = unnamed(&relative, &bullets) {
            offenders.push(format!("codegen/src/{relative}: {why}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "{} offenders against ARCHITECTURE.md:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

#[test]
fn the_rule_tells_named_from_unnamed() {
    let map = "### `codegen/` (library)\n`lib.rs` runs it.\n\
               - `load.rs`: reads. `lower/deprecation.rs`: notes.\n\
               - `lower/`: `mod.rs` orders; `refs.rs` resolves.\n\
               - `emit/`: `surface.rs` writes.\n\
               ### `runtime/`\n- `config.rs`: not codegen's.\n";
    let bullets = bullets(map);
    for named in [
        "lib.rs",
        "load.rs",
        "lower/mod.rs",
        "lower/refs.rs",
        "lower/deprecation.rs",
        "emit/surface.rs",
        "emit/mod.rs",
    ] {
        assert_eq!(unnamed(named, &bullets), None, "{named}");
    }
    // Named only inside a directory's bullet, or in another crate's section.
    for not in [
        "surface.rs",
        "config.rs",
        "lower/surface.rs",
        "naming/mod.rs",
    ] {
        assert!(unnamed(not, &bullets).is_some(), "{not}");
    }
}
