//! `cargo xtask bench`: the benchmarks. None of them is a test; each prints
//! its figures, and the paired ones write their table into
//! `docs/benchmarks.md` between the markers of their section, so the two
//! benchmarks can be rerun independently without clobbering each other.

mod consumer;
mod measure;
pub mod progenitor;
pub mod runtime;
pub mod stages;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Dispatches `cargo xtask bench [--vs-progenitor | --runtime | DIR]`.
pub fn run(args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("--vs-progenitor") => progenitor::run(&args[1..]),
        Some("--runtime") => runtime::run(&args[1..]),
        Some(flag) if flag.starts_with('-') => bail!("unknown bench flag `{flag}`"),
        Some(dir) if args.len() == 1 => stages::run(Some(PathBuf::from(dir))),
        Some(_) => bail!("bench takes at most one DIR"),
        None => stages::run(None),
    }
}

/// The document the paired benchmarks write to.
pub fn benchmarks_doc(root: &Path) -> PathBuf {
    root.join("docs/benchmarks.md")
}

/// Replaces the text between `<!-- bench:{section} -->` and
/// `<!-- /bench:{section} -->` in `docs/benchmarks.md`, appending the section
/// when it is not there yet.
pub fn write_section(root: &Path, section: &str, body: &str) -> Result<()> {
    let path = benchmarks_doc(root);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_owned());
    let updated = replace_section(&text, section, body);
    std::fs::write(&path, updated).with_context(|| format!("cannot write {}", path.display()))
}

fn replace_section(text: &str, section: &str, body: &str) -> String {
    let open = format!("<!-- bench:{section} -->");
    let close = format!("<!-- /bench:{section} -->");
    let block = format!("{open}\n{}\n{close}", body.trim_end());
    match (text.find(&open), text.find(&close)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{block}{}", &text[..start], &text[end + close.len()..])
        }
        _ => format!("{}\n\n{block}\n", text.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::replace_section;

    #[test]
    fn a_section_is_replaced_in_place_and_others_are_kept() {
        let text = "# B\n\n<!-- bench:a -->\nold a\n<!-- /bench:a -->\n\n<!-- bench:b -->\nb\n<!-- /bench:b -->\n";
        let updated = replace_section(text, "a", "new a\n");
        assert_eq!(
            updated,
            "# B\n\n<!-- bench:a -->\nnew a\n<!-- /bench:a -->\n\n<!-- bench:b -->\nb\n<!-- /bench:b -->\n"
        );
        let appended = replace_section("# B\n", "c", "c");
        assert_eq!(appended, "# B\n\n<!-- bench:c -->\nc\n<!-- /bench:c -->\n");
    }
}
