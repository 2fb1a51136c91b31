//! A spec split across files, gathered into one document before anything
//! reads it: each node a `$ref` names in another file (`pet.yaml`,
//! `schemas.json#/Pet`, `../common.yaml#/components/parameters/Limit`) is
//! copied into the spec's own `components`, and the `$ref` rewritten to
//! point there. The rest of the pipeline only ever follows local `$ref`s.
//!
//! A node lands under the section its use calls for (`components/schemas`
//! for a schema, `components/parameters` for a parameter, …): a component
//! of its file keeps its section and name, any other node is named by the
//! names on its path (`Pet/properties/owner` → `Pet_owner`) or its file's
//! stem, so its generated type reads as if the spec had declared it there;
//! a name already taken gets a number. A path item is copied where the spec's `paths` use it; one
//! named from inside another file, which OpenAPI 3.0 has no section for,
//! lands under `x-linkgen-files/pathItems`. Each node is copied once however many
//! `$ref`s name it, and `$ref`s inside it (local to its own file, or to
//! further files) are followed the same way, with a work list rather than
//! recursion, so cycles and long chains are safe.
//!
//! Errors in a copied node name its own file, pointer and line: the
//! document keeps where each copy came from ([`Part`](crate::document::Part)).

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::document::Part;
use crate::error::Location;
use crate::locate::Positions;
use crate::normalize::structure::{child_kind, Kind};
use crate::pointer::{join, join_all, lookup, percent_decode, tokens};
use crate::{Document, Error, Result};

/// Where a path item named from inside another file is put (OpenAPI 3.0
/// has no section for path items).
const FILES_KEY: &str = "x-linkgen-files";

/// Bounds the walk of a deeply nested node, like normalization's.
const MAX_DEPTH: usize = 256;

/// `doc` with every node its `$ref`s name in other files copied in; `doc`
/// as it is when it has none.
pub(crate) fn gather(doc: Document) -> Result<Document> {
    if !mentions_another_file(&doc.value, 0) {
        return Ok(doc);
    }
    let mut sites = Vec::new();
    refs(
        &doc.value,
        Kind::Root,
        Refs::External,
        &mut Vec::new(),
        &mut sites,
    );
    if sites.is_empty() {
        return Ok(doc);
    }
    let mut gatherer = Gatherer {
        root_key: canonical(&doc.file),
        files: BTreeMap::new(),
        copied: BTreeMap::new(),
        queue: VecDeque::new(),
        added: Vec::new(),
        doc,
    };
    let dir = gatherer.doc.file.parent().map(Path::to_path_buf);
    for (pointer, kind, reference) in sites {
        let at = join(&pointer, "$ref");
        let site = gatherer.doc.location(&at);
        // A path item is copied where it is used: paths are not shared, and
        // only there does normalization read it.
        let inline = (kind == Kind::PathItem).then_some(pointer.as_str());
        let target = gatherer.resolve(dir.as_deref(), &reference, kind, site, inline)?;
        set_ref(&mut gatherer.doc.value, &pointer, &target);
    }
    gatherer.drain()?;
    let Gatherer { mut doc, added, .. } = gatherer;
    for (at, value) in added {
        place(&mut doc.value, &at, value);
    }
    Ok(doc)
}

/// Another file of the spec, read once.
struct Source {
    file: PathBuf,
    value: Value,
    positions: Positions,
}

/// A node to copy: from `key`'s file at `pointer`, read as `kind`, into `at`.
struct Pending {
    key: PathBuf,
    pointer: String,
    kind: Kind,
    at: String,
}

struct Gatherer {
    doc: Document,
    /// The spec's own file, canonical: a `$ref` back into it stays local.
    root_key: Option<PathBuf>,
    /// Files read, by canonical path.
    files: BTreeMap<PathBuf, Source>,
    /// (file, pointer) → where its copy is.
    copied: BTreeMap<(PathBuf, String), String>,
    queue: VecDeque<Pending>,
    /// Copies made, to put into the document at the end, in order.
    added: Vec<(String, Value)>,
}

impl Gatherer {
    /// The local pointer `reference` (written in a file of directory `dir`)
    /// stands for once gathered, queuing the copy of its target (to be put
    /// `inline` at that pointer, or else in a slot of its own).
    fn resolve(
        &mut self,
        dir: Option<&Path>,
        reference: &str,
        kind: Kind,
        site: Location,
        inline: Option<&str>,
    ) -> Result<String> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.contains("://") {
            return Err(unresolved(
                site,
                reference,
                "a URL: linkgen reads no network; bundle the spec into one file first \
                 (`npx @redocly/cli bundle`)",
            ));
        }
        let Some(relative) = percent_decode(file_part) else {
            return Err(unresolved(site, reference, "malformed percent-encoding"));
        };
        // `./` dropped, so messages name the file as a person would.
        let path: PathBuf = (dir.unwrap_or(Path::new("")).join(relative).components())
            .filter(|c| *c != std::path::Component::CurDir)
            .collect();
        self.target(path, fragment, reference, kind, site, inline)
    }

    /// The local pointer the node at `fragment` of the file `path` stands
    /// for once gathered (`reference` is how the spec wrote it).
    fn target(
        &mut self,
        path: PathBuf,
        fragment: &str,
        reference: &str,
        kind: Kind,
        site: Location,
        inline: Option<&str>,
    ) -> Result<String> {
        let pointer = match percent_decode(fragment) {
            Some(p) if p.is_empty() || p.starts_with('/') => p,
            _ => {
                let why = "malformed fragment (a JSON pointer starts with `/`)";
                return Err(unresolved(site, reference, why));
            }
        };
        let Some(key) = canonical(&path) else {
            let why = format!("cannot read `{}`: no such file", path.display());
            return Err(unresolved(site, reference, &why));
        };
        if Some(&key) == self.root_key.as_ref() {
            return Ok(pointer);
        }
        if let Some(at) = self.copied.get(&(key.clone(), pointer.clone())) {
            return Ok(at.clone());
        }
        if !self.files.contains_key(&key) {
            let (value, positions) = crate::load::read_any(&path)?;
            let source = Source {
                file: path,
                value,
                positions,
            };
            self.files.insert(key.clone(), source);
        }
        let source = &self.files[&key];
        if lookup(&source.value, &pointer).is_none() {
            let why = format!("`{}` has nothing at `#{pointer}`", source.file.display());
            return Err(unresolved(site, reference, &why));
        }
        let at = match inline {
            Some(at) => {
                self.added.push((at.to_string(), Value::Null));
                at.to_string()
            }
            None => self.slot(&key, &pointer, kind),
        };
        self.copied
            .insert((key.clone(), pointer.clone()), at.clone());
        self.queue.push_back(Pending {
            key,
            pointer,
            kind,
            at: at.clone(),
        });
        Ok(at)
    }

    /// A free place for the node at `pointer` of `key`'s file: the section
    /// its fragment or its use names, under its own name when free.
    fn slot(&mut self, key: &Path, pointer: &str, kind: Kind) -> String {
        let segments: Vec<String> = tokens(pointer).map(|t| t.into_owned()).collect();
        let (section, name) = match segments.as_slice() {
            [components, section, name] if components == "components" => {
                (section.clone(), name.clone())
            }
            _ => (section_of(kind).to_string(), name_of(&segments, key)),
        };
        let parent: Vec<&str> = match section.as_str() {
            "pathItems" => vec![FILES_KEY, "pathItems"],
            section => vec!["components", section],
        };
        let base = join_all("", &parent);
        let taken = |candidate: &str, added: &[(String, Value)]| {
            let at = join(&base, candidate);
            lookup(&self.doc.value, &at).is_some() || added.iter().any(|(a, _)| *a == at)
        };
        let mut candidate = name.clone();
        let mut n = 2;
        while taken(&candidate, &self.added) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        let at = join(&base, &candidate);
        // Reserved now, filled when the copy is made.
        self.added.push((at.clone(), Value::Null));
        at
    }

    /// Copies every queued node, following the `$ref`s inside each.
    fn drain(&mut self) -> Result<()> {
        while let Some(Pending {
            key,
            pointer,
            kind,
            at,
        }) = self.queue.pop_front()
        {
            let source = &self.files[&key];
            let mut copy = lookup(&source.value, &pointer).cloned().unwrap_or_default();
            let file = source.file.clone();
            let positions = source.positions.clone();
            let dir = file.parent().map(Path::to_path_buf);
            let mut sites = Vec::new();
            refs(&copy, kind, Refs::All, &mut Vec::new(), &mut sites);
            for (inner, inner_kind, reference) in sites {
                let written = join(&(pointer.clone() + &inner), "$ref");
                let site = Location {
                    line_col: positions.find(&written),
                    file: file.clone(),
                    pointer: written,
                };
                let target = match reference.strip_prefix('#') {
                    // Local to the file it was written in.
                    Some(fragment) => {
                        let path = file.clone();
                        self.target(path, fragment, &reference, inner_kind, site, None)?
                    }
                    None => self.resolve(dir.as_deref(), &reference, inner_kind, site, None)?,
                };
                set_ref(&mut copy, &inner, &target);
            }
            if let Some(slot) = self.added.iter_mut().find(|(a, _)| *a == at) {
                slot.1 = copy;
            }
            self.doc.parts.push(Part {
                at,
                file,
                pointer,
                positions,
            });
        }
        Ok(())
    }
}

fn unresolved(location: Location, reference: &str, message: &str) -> Error {
    Error::UnresolvedRef {
        location,
        reference: reference.to_string(),
        message: message.to_string(),
    }
}

/// The `components` section a node used as `kind` belongs in.
fn section_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Parameter => "parameters",
        Kind::Response => "responses",
        Kind::RequestBody => "requestBodies",
        Kind::Header => "headers",
        Kind::SecurityScheme => "securitySchemes",
        Kind::Callback => "callbacks",
        Kind::PathItem => "pathItems",
        _ => "schemas",
    }
}

/// The name of a node that is no `components` entry of its file: the
/// names on its path (`/components/schemas/Pet/properties/owner` →
/// `Pet_owner`), or its file's stem for a whole file.
fn name_of(segments: &[String], key: &Path) -> String {
    const STRUCTURE: [&str; 12] = [
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "additionalProperties",
        "$defs",
        "definitions",
        "schema",
    ];
    let names: Vec<&str> = (segments.iter())
        .map(String::as_str)
        .filter(|s| !STRUCTURE.contains(s))
        .collect();
    if names.is_empty() {
        stem(key)
    } else {
        names.join("_")
    }
}

/// A file's name without its extensions (`pet.schema.yaml` → `pet`).
fn stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_string()
}

fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Whether any `$ref` under `node` names another file: the cheap test that
/// spares a one-file spec the walk below.
fn mentions_another_file(node: &Value, depth: usize) -> bool {
    if depth >= MAX_DEPTH {
        return false;
    }
    match node {
        Value::Object(obj) => obj.iter().any(|(key, value)| match value {
            Value::String(reference) => key == "$ref" && !reference.starts_with('#'),
            value => mentions_another_file(value, depth + 1),
        }),
        Value::Array(items) => items
            .iter()
            .any(|item| mentions_another_file(item, depth + 1)),
        _ => false,
    }
}

/// Which `$ref`s a walk collects.
#[derive(Clone, Copy, PartialEq)]
enum Refs {
    /// Those naming another file (the spec's own: most of its `$ref`s are
    /// local, and only these need their pointer).
    External,
    /// All (a copied node's, whose local `$ref`s are to its own file).
    All,
}

/// The nodes under `node` (of kind `kind`, at the tokens `path`) with a
/// `$ref` of the kind `which`, where the spec's structure puts one (not
/// inside examples or extensions): their pointer, kind and reference.
fn refs(
    node: &Value,
    kind: Kind,
    which: Refs,
    path: &mut Vec<String>,
    out: &mut Vec<(String, Kind, String)>,
) {
    if path.len() >= MAX_DEPTH {
        return;
    }
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        if which == Refs::All || !reference.starts_with('#') {
            let tokens: Vec<&str> = path.iter().map(String::as_str).collect();
            out.push((join_all("", &tokens), kind, reference.to_string()));
        }
    }
    let mut visit = |key: &str, child: &Value| {
        if let Some(child_kind) = child_kind(kind, key, child) {
            path.push(key.to_string());
            refs(child, child_kind, which, path, out);
            path.pop();
        }
    };
    match node {
        Value::Object(obj) => obj.iter().for_each(|(key, child)| visit(key, child)),
        Value::Array(items) => {
            (items.iter().enumerate()).for_each(|(i, child)| visit(&i.to_string(), child));
        }
        _ => {}
    }
}

/// Points the `$ref` of the node at `pointer` to the local `target`.
fn set_ref(root: &mut Value, pointer: &str, target: &str) {
    if let Some(Value::Object(obj)) = root.pointer_mut(pointer) {
        obj.insert("$ref".to_string(), Value::String(format!("#{target}")));
    }
}

/// Puts `value` at `at`, making the objects on the way.
fn place(root: &mut Value, at: &str, value: Value) {
    let mut node = root;
    let segments: Vec<String> = tokens(at).map(|t| t.into_owned()).collect();
    let Some((last, parents)) = segments.split_last() else {
        return;
    };
    for segment in parents {
        let Value::Object(obj) = node else {
            return;
        };
        node = obj
            .entry(segment.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(obj) = node {
        obj.insert(last.clone(), value);
    }
}
