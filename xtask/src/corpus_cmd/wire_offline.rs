//! The copy of a spec that Prism reads when the spec holds a `$ref` Prism
//! cannot resolve offline.
//!
//! Prism dereferences every object with a string `$ref` member anywhere in
//! the document, example values and vendor extensions included, and
//! fetches (or opens) every one that is not local (`#/…`). Two corpus specs
//! stop it at boot that way, though neither needs the target:
//! - GitHub's SCIM group examples (`components/examples/scim-enterprise-
//!   group*/value/…/members/N`) hold SCIM's own `$ref` attribute, a URI of
//!   the member (data; the member schema declares `$ref` an optional string
//!   property): Prism tries to download `https://api.github.com/scim/v2/…`.
//! - Train Travel's `x-topics/0/content` is a `$ref` to
//!   `./docs/getting-started.md`, a documentation page not in the corpus:
//!   Prism tries to open it.
//!
//! The copy drops such a `$ref` member from an example value (the example
//! stays valid against a schema where the property is optional, as in
//! GitHub's) and replaces a vendor extension's `$ref` object with a string
//! naming it. Any other non-local `$ref` (a schema, a parameter) is left as
//! an error: inlining a real reference is not ours to guess. Only Prism
//! reads the copy: the generator reads the spec itself.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// What was changed in the copy, one line per `$ref`, located.
pub(super) type Changes = Vec<String>;

/// Why a node sits where it does: how to treat a `$ref` found there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// Part of the OpenAPI structure: a `$ref` is a reference.
    Structure,
    /// Inside an example value: a `$ref` is data.
    Example,
    /// Inside a vendor extension (`x-…`): a `$ref` is a tool's.
    Extension,
}

/// The spec Prism should read: `spec` itself when Prism resolves every
/// `$ref` of it offline, else the copy written under `dir`, with what was
/// changed in it.
pub(super) fn prism_spec(spec: &Path, dir: &Path) -> Result<(PathBuf, Changes)> {
    let document = codegen::load::load(spec).map_err(|error| anyhow::anyhow!("{error}"))?;
    let mut value = document.value.clone();
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    rewrite(
        &mut value,
        "",
        Zone::Structure,
        &mut |pointer, target, zone| {
            let at = document.location(pointer);
            match zone {
                Zone::Example => changes.push(format!(
                    "{at}: an example's `$ref` member (data) `{target}` removed"
                )),
                Zone::Extension => changes.push(format!(
                    "{at}: a vendor extension's `$ref` to `{target}` replaced by its name"
                )),
                Zone::Structure => refused.push(format!("{at}: `{target}`")),
            }
        },
    );
    if !refused.is_empty() {
        bail!(
            "Prism would fetch a non-local $ref: {} (vendor the target into the spec)",
            refused.join("; ")
        );
    }
    if changes.is_empty() {
        return Ok((spec.to_path_buf(), changes));
    }
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let copy = dir.join(format!("{name}.prism.json"));
    let text = serde_json::to_string(&value).context("cannot write the Prism copy as JSON")?;
    super::write_if_changed(&copy, &text)?;
    Ok((copy, changes))
}

/// Whether `value` is an object Prism would dereference outside the
/// document: its string `$ref`, if so.
fn external_ref(value: &Value) -> Option<String> {
    let target = value.get("$ref")?.as_str()?;
    (!target.starts_with('#')).then(|| target.to_string())
}

/// Rewrites, under `value` (at `pointer`, in `zone`), every external `$ref`
/// an example or an extension holds; `seen` is told of each one, with the
/// zone it is in (`Structure`: left, to be refused).
fn rewrite(value: &mut Value, pointer: &str, zone: Zone, seen: &mut dyn FnMut(&str, &str, Zone)) {
    if let Some(target) = external_ref(value) {
        seen(pointer, &target, zone);
        match zone {
            Zone::Example => {
                if let Value::Object(object) = value {
                    object.shift_remove("$ref");
                }
            }
            Zone::Extension => {
                *value = Value::String(format!("(external document `{target}`, not vendored)"));
                return;
            }
            Zone::Structure => {}
        }
    }
    match value {
        Value::Object(object) => {
            // Under `properties` the keys are names, not keywords.
            let names = codegen::pointer::tokens(pointer).last().as_deref() == Some("properties");
            for (key, child) in object.iter_mut() {
                let here = codegen::pointer::join(pointer, key);
                let zone = match zone {
                    Zone::Structure if names => Zone::Structure,
                    Zone::Structure if key.starts_with("x-") => Zone::Extension,
                    // `example`, or an Example Object's `value`.
                    Zone::Structure
                        if key == "example" || key == "value" && in_example(pointer) =>
                    {
                        Zone::Example
                    }
                    zone => zone,
                };
                rewrite(child, &here, zone, seen);
            }
        }
        Value::Array(items) => {
            // 3.1's schema `examples` is an array of values.
            let zone = match zone {
                Zone::Structure
                    if codegen::pointer::tokens(pointer).last().as_deref() == Some("examples") =>
                {
                    Zone::Example
                }
                zone => zone,
            };
            for (index, child) in items.iter_mut().enumerate() {
                rewrite(
                    child,
                    &codegen::pointer::join(pointer, &index.to_string()),
                    zone,
                    seen,
                );
            }
        }
        _ => {}
    }
}

/// Whether `pointer` is an Example Object: `…/examples/NAME`.
fn in_example(pointer: &str) -> bool {
    let tokens: Vec<_> = codegen::pointer::tokens(pointer).collect();
    tokens.len() >= 2 && tokens[tokens.len() - 2] == "examples"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(mut value: Value) -> (Value, Vec<(String, String, &'static str)>) {
        let mut seen = Vec::new();
        rewrite(&mut value, "", Zone::Structure, &mut |p, t, z| {
            let zone = match z {
                Zone::Structure => "structure",
                Zone::Example => "example",
                Zone::Extension => "extension",
            };
            seen.push((p.to_string(), t.to_string(), zone));
        });
        (value, seen)
    }

    #[test]
    fn an_example_s_ref_member_is_data_and_is_dropped() {
        let (value, seen) = run(json!({
            "components": { "examples": { "group": { "value": {
                "members": [{ "value": "1", "$ref": "https://api.example.com/Users/1" }]
            } } } },
            "paths": { "/a": { "get": { "responses": { "200": { "content": {
                "application/json": { "example": { "$ref": "https://x/1", "id": 1 } }
            } } } } } }
        }));
        assert_eq!(
            value["components"]["examples"]["group"]["value"]["members"][0],
            json!({ "value": "1" })
        );
        assert_eq!(
            value["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
                ["example"],
            json!({ "id": 1 })
        );
        assert_eq!(seen.len(), 2);
        assert!(seen.iter().all(|(_, _, zone)| *zone == "example"));
        assert_eq!(seen[0].0, "/components/examples/group/value/members/0");
    }

    /// The two corpus specs Prism could not load, and what their copies
    /// change.
    #[test]
    fn github_s_and_train_travel_s_copies() {
        let corpus = super::super::default_dir();
        let out = std::env::temp_dir().join(format!("linkgen-prism-copy-{}", std::process::id()));
        let (copy, changes) =
            prism_spec(&corpus.join("github__api.github.com.json"), &out).expect("a copy");
        assert_eq!(changes.len(), 6, "{changes:#?}");
        assert!(changes
            .iter()
            .all(|c| c.contains("/components/examples/scim-enterprise-group")
                && c.contains("https://api.github.com/scim/v2/enterprises/octo-corp/Users/")));
        let text = std::fs::read_to_string(&copy).expect("written");
        assert!(!text.contains(r#""$ref":"https://"#));
        let (_, changes) =
            prism_spec(&corpus.join("train-travel__openapi.yaml"), &out).expect("a copy");
        assert_eq!(changes.len(), 1, "{changes:#?}");
        assert!(
            changes[0].contains("/x-topics/0/content")
                && changes[0].contains("./docs/getting-started.md")
        );
        // A spec Prism resolves is served as it is.
        let plain = corpus.join("oxide__buildomat.json");
        assert_eq!(
            prism_spec(&plain, &out).expect("no copy"),
            (plain, Vec::new())
        );
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn an_extension_s_ref_is_replaced_and_a_schema_s_is_refused() {
        let (value, seen) = run(json!({
            "x-topics": [{ "title": "Start", "content": { "$ref": "./docs/start.md" } }],
            "components": { "schemas": {
                "Local": { "$ref": "#/components/schemas/Other" },
                "Far": { "$ref": "other.yaml#/Thing" }
            } }
        }));
        assert_eq!(
            value["x-topics"][0]["content"],
            json!("(external document `./docs/start.md`, not vendored)")
        );
        assert_eq!(
            value["components"]["schemas"]["Far"],
            json!({ "$ref": "other.yaml#/Thing" })
        );
        let zones: Vec<_> = seen.iter().map(|(p, _, z)| (p.as_str(), *z)).collect();
        assert_eq!(
            zones,
            [
                ("/x-topics/0/content", "extension"),
                ("/components/schemas/Far", "structure")
            ]
        );
    }
}
