//! What a spec change means for consumers of a generated crate.
//!
//! [`compare`] takes the public API ([`codegen::surface::Surface`]) and the
//! files of two generations of one crate and returns a [`Report`]: every
//! change to the API, whether it is breaking, what it means on the wire, a
//! migration hint, and the semver [`Bump`] the crate needs. [`next_version`]
//! applies the bump with Cargo's rules (`0.x` included), and
//! [`Report::changelog_entry`] / [`add_changelog_entry`] write a Keep a
//! Changelog entry.
//!
//! The classification is one table of rules ([`rules::RULES`], documented in
//! `apidiff/RULES.md`), matched in order against each change.

mod changelog;
mod diff;
mod fold;
mod render;
pub mod rules;
mod shape;
mod template;
mod version;
mod wire;

use codegen::surface::{Direction, Kind, Surface};
use codegen::GeneratedFile;
use serde::Serialize;

pub use changelog::{add_changelog_entry, spec_hash};
pub use render::TextOptions;
pub use version::{next_version, VersionError};

/// One generation of a crate: its public API and its files.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The public API.
    pub surface: &'a Surface,
    /// Every generated file (compared byte for byte: equal files mean no
    /// release at all).
    pub files: &'a [GeneratedFile],
}

/// The semver bump a change needs, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// The generated files are byte-identical.
    None,
    /// Only documentation or other non-API output changed.
    Patch,
    /// Something was added or deprecated, or only the wire meaning changed.
    Minor,
    /// A consumer's code may stop compiling, or a request that worked may
    /// now be refused.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// New in the new version.
    Added,
    /// Gone from the new version.
    Removed,
    /// The same spec item under another Rust path.
    Renamed {
        /// The old Rust path.
        from: String,
    },
    /// Its Rust signature changed.
    TypeChanged,
    /// A field or parameter became an argument of `new(…)`.
    BecameRequired,
    /// A field or parameter stopped being an argument of `new(…)`.
    BecameOptional,
    /// Newly `#[deprecated]` (or, with `new: None`, no longer).
    Deprecated,
    /// Same Rust signature, different wire meaning.
    WireChanged,
    /// The cargo features that compile it changed.
    FeaturesChanged,
    /// Only the doc text changed.
    DocsChanged,
}

impl ChangeKind {
    /// The snake_case name used in JSON (`added`, `became_required`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renamed { .. } => "renamed",
            ChangeKind::TypeChanged => "type_changed",
            ChangeKind::BecameRequired => "became_required",
            ChangeKind::BecameOptional => "became_optional",
            ChangeKind::Deprecated => "deprecated",
            ChangeKind::WireChanged => "wire_changed",
            ChangeKind::FeaturesChanged => "features_changed",
            ChangeKind::DocsChanged => "docs_changed",
        }
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where a change goes in the changelog (Keep a Changelog sections, plus
/// "Provider wire changes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// `### Breaking`.
    Breaking,
    /// `### Added`.
    Added,
    /// `### Changed`.
    Changed,
    /// `### Deprecated`.
    Deprecated,
    /// `### Removed` (removals are also listed under Breaking).
    Removed,
    /// `### Provider wire changes`.
    Wire,
}

impl Section {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Breaking => "breaking",
            Section::Added => "added",
            Section::Changed => "changed",
            Section::Deprecated => "deprecated",
            Section::Removed => "removed",
            Section::Wire => "wire",
        }
    }

    /// The changelog heading's text.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Breaking => "Breaking",
            Section::Added => "Added",
            Section::Changed => "Changed",
            Section::Deprecated => "Deprecated",
            Section::Removed => "Removed",
            Section::Wire => "Provider wire changes",
        }
    }
}

/// One change to one item of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The Rust path (the new one; the old one for removals).
    pub item: String,
    /// What kind of item it is.
    pub kind: Kind,
    /// What happened to it.
    pub change: ChangeKind,
    /// Whether a consumer's code may stop compiling or a request that worked
    /// may now be refused.
    pub breaking: bool,
    /// Which way its values travel (the new version's, the old one's for
    /// removals).
    pub direction: Direction,
    /// The signature (or, for wire changes, the wire text) before.
    pub old: Option<String>,
    /// The signature (or, for wire changes, the wire text) after.
    pub new: Option<String>,
    /// What it means on the wire, with its direction.
    pub wire: Option<String>,
    /// How to migrate (breaking changes).
    pub hint: Option<String>,
    /// The changelog section.
    pub section: Section,
    /// The bump this change alone needs.
    pub bump: Bump,
    /// What it is listed under: the operation's method (`Client::list_pets`)
    /// for everything an operation defines (its parameters, call, error and
    /// success types), else the type (`types::Pet`) or top-level name
    /// (`Environment`, `ClientBuilder`, `features`).
    pub group: String,
}

/// The result of [`compare`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The bump the crate needs.
    pub bump: Bump,
    /// Every change, breaking first, then by section and path.
    pub changes: Vec<Change>,
}

/// Compares two generations of one crate.
pub fn compare(old: Side<'_>, new: Side<'_>) -> Report {
    if same_files(old.files, new.files) {
        return Report {
            bump: Bump::None,
            changes: Vec::new(),
        };
    }
    let mut changes = diff::changes(old.surface, new.surface);
    changes.sort_by(|a, b| {
        (!a.breaking, a.section, &a.item, &a.change).cmp(&(
            !b.breaking,
            b.section,
            &b.item,
            &b.change,
        ))
    });
    // The files differ: at least a patch, even when no item did.
    let bump = changes
        .iter()
        .map(|c| c.bump)
        .max()
        .unwrap_or(Bump::Patch)
        .max(Bump::Patch);
    Report { bump, changes }
}

fn same_files(old: &[GeneratedFile], new: &[GeneratedFile]) -> bool {
    fn key(files: &[GeneratedFile]) -> Vec<(&std::path::Path, &str)> {
        let mut v: Vec<(&std::path::Path, &str)> = files
            .iter()
            .map(|f| (f.path.as_path(), f.contents.as_str()))
            .collect();
        v.sort();
        v
    }
    key(old) == key(new)
}

impl Report {
    /// Every change, folded nothing (a stable shape for scripts):
    /// `{"bump": "major", "summary": {"breaking": 3, "added": 12, "wire": 2,
    /// "deprecated": 1, "changed": 0, "docs_only": 40, "total": 58},
    /// "changes": [{"item", "kind", "change", "breaking", "direction",
    /// "old", "new", "wire", "hint", "section", "group"}…]}`; a rename also
    /// has `"from"`. `kind` is the snake_case [`Kind`] variant
    /// (`string_enum`, `path_param`…), `direction` one of `request`,
    /// `response`, `both`, `neither`, `group` the operation's method or
    /// the type the change is listed under ([`Change::group`]). Keys are
    /// only ever added.
    pub fn to_json(&self) -> serde_json::Value {
        let changes = self
            .changes
            .iter()
            .map(|c| {
                let mut o = serde_json::Map::new();
                o.insert("item".into(), c.item.clone().into());
                o.insert("kind".into(), kind_name(c.kind).into());
                o.insert("change".into(), c.change.as_str().into());
                if let ChangeKind::Renamed { from } = &c.change {
                    o.insert("from".into(), from.clone().into());
                }
                o.insert("breaking".into(), c.breaking.into());
                o.insert("direction".into(), direction_name(c.direction).into());
                o.insert("old".into(), c.old.clone().into());
                o.insert("new".into(), c.new.clone().into());
                o.insert("wire".into(), c.wire.clone().into());
                o.insert("hint".into(), c.hint.clone().into());
                o.insert("section".into(), c.section.as_str().into());
                o.insert("group".into(), c.group.clone().into());
                serde_json::Value::Object(o)
            })
            .collect::<Vec<_>>();
        let f = fold::fold(self);
        let summary = serde_json::json!({
            "breaking": f.breaking.len(),
            "added": f.added_count,
            "wire": f.of(Section::Wire).len(),
            "deprecated": f.of(Section::Deprecated).len(),
            "changed": f.of(Section::Changed).len(),
            "docs_only": f.docs.len(),
            "total": self.changes.len(),
        });
        serde_json::json!({ "bump": self.bump.as_str(), "summary": summary, "changes": changes })
    }

    /// For the terminal, 100 columns, docs-only changes counted:
    /// [`Report::to_text_with`] with the default [`TextOptions`].
    pub fn to_text(&self) -> String {
        render::text(self, &TextOptions::default())
    }

    /// For the terminal: a first line `bump: major (2 breaking, 3 added, …)`
    /// and a `why:` line, then the breaking changes grouped by operation and
    /// type, the additions folded per new operation, the wire, deprecation
    /// and other changes, and the docs-only changes counted (listed with
    /// [`TextOptions::verbose`]); no line wider than [`TextOptions::width`].
    pub fn to_text_with(&self, options: &TextOptions) -> String {
        render::text(self, options)
    }

    /// A Keep a Changelog entry: `## [version] - date`, the spec's
    /// `info.version` and hash, then the sections.
    pub fn changelog_entry(
        &self,
        version: &str,
        date: &str,
        spec_version: &str,
        spec_hash: &str,
    ) -> String {
        render::changelog_entry(self, version, date, spec_version, spec_hash)
    }

    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// The snake_case name of a [`Kind`] variant, as in JSON.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Struct => "struct",
        Kind::StringEnum => "string_enum",
        Kind::IntEnum => "int_enum",
        Kind::Union => "union",
        Kind::Alias => "alias",
        Kind::Field => "field",
        Kind::EnumValue => "enum_value",
        Kind::UnionVariant => "union_variant",
        Kind::Method => "method",
        Kind::CallType => "call_type",
        Kind::Paginator => "paginator",
        Kind::Param => "param",
        Kind::PathParam => "path_param",
        Kind::ErrorType => "error_type",
        Kind::ErrorVariant => "error_variant",
        Kind::SuccessType => "success_type",
        Kind::SuccessVariant => "success_variant",
        Kind::Environment => "environment",
        Kind::Credential => "credential",
        Kind::ResponseHeader => "response_header",
        Kind::Feature => "feature",
    }
}

/// `request`, `response`, `both` or `neither`, as in JSON.
pub fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Request => "request",
        Direction::Response => "response",
        Direction::Both => "both",
        Direction::Neither => "neither",
    }
}

#[cfg(test)]
mod test_kit;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_signature;
#[cfg(test)]
mod tests_wire;
