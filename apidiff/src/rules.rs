//! The classification rules, as data: one table of (kind, change,
//! direction) → (bump, section, wire text, hint template), matched in order,
//! the first matching row wins. `apidiff/RULES.md` documents the same table
//! (a test keeps the two in sync: [`markdown_table`]). The templates of
//! its texts are filled by `template.rs`.

use codegen::surface::{Direction, Item, Kind, Signature};

use crate::template::expand;
use crate::wire::WireKind;
use crate::{Bump, Change, ChangeKind, Section};

/// What happened, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A new item that is not an argument of `new(…)`.
    Added,
    /// A new field or parameter that is an argument of `new(…)` (or a path
    /// parameter: a positional argument of the method).
    AddedRequired,
    /// A gone item.
    Removed,
    /// The same spec item under another Rust path.
    Renamed,
    /// Another Rust signature (or kind).
    TypeChanged,
    /// A field's `Option<T>` became `linkgen_runtime::Nullable<T>`: it can
    /// now be sent as `null` (the spec made it nullable, or its type became
    /// reachable from a request body).
    ExplicitNull,
    /// A field's `linkgen_runtime::Nullable<T>` became `Option<T>`.
    NoExplicitNull,
    /// Became an argument of `new(…)`.
    BecameRequired,
    /// Stopped being an argument of `new(…)`.
    BecameOptional,
    /// Newly `#[deprecated]`.
    Deprecated,
    /// No longer `#[deprecated]`.
    Undeprecated,
    /// Same signature, another wire meaning.
    Wire(WireKind),
    /// The cargo features that compile it changed, and a build with one of
    /// the old ones may not compile it now (moved, or newly gated).
    FeaturesMoved,
    /// The cargo features that compile it changed, and every build that had
    /// it still does (more features, or none: always compiled).
    FeaturesWidened,
    /// Only the doc text (or a deprecation note).
    Docs,
}

impl Trigger {
    fn label(self) -> &'static str {
        match self {
            Trigger::Added => "added",
            Trigger::AddedRequired => "added, required",
            Trigger::Removed => "removed",
            Trigger::Renamed => "renamed",
            Trigger::TypeChanged => "signature changed",
            Trigger::ExplicitNull => "`Option` → `Nullable` (can send `null`)",
            Trigger::NoExplicitNull => "`Nullable` → `Option`",
            Trigger::BecameRequired => "optional → required",
            Trigger::BecameOptional => "required → optional",
            Trigger::Deprecated => "deprecated",
            Trigger::Undeprecated => "no longer deprecated",
            Trigger::Wire(WireKind::SecurityStricter) => "wire: security stricter",
            Trigger::Wire(WireKind::SecurityLooser) => "wire: security looser",
            Trigger::Wire(WireKind::Url) => "wire: server URL",
            Trigger::Wire(WireKind::WireName) => "wire: JSON name / wire value",
            Trigger::Wire(WireKind::Default) => "wire: default",
            Trigger::Wire(WireKind::Nullability) => "wire: nullable",
            Trigger::Wire(WireKind::Requiredness) => "wire: required in spec only",
            Trigger::Wire(WireKind::ErrorSummary) => "wire: error code/message fields",
            Trigger::Wire(WireKind::SuccessNarrower) => "wire: success status dropped",
            Trigger::Wire(WireKind::SuccessWider) => "wire: success status added",
            Trigger::Wire(WireKind::PathParamNames) => "wire: path parameter names only",
            Trigger::Wire(WireKind::Other) => "wire: other",
            Trigger::FeaturesMoved => "cargo features: moved or newly gated",
            Trigger::FeaturesWidened => "cargo features: more (or none)",
            Trigger::Docs => "docs only",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The kinds it applies to (empty: any).
    pub kinds: &'static [Kind],
    /// What happened.
    pub trigger: Trigger,
    /// The directions it applies to (empty: any).
    pub directions: &'static [Direction],
    /// The bump (`Major` means breaking).
    pub bump: Bump,
    /// The changelog section.
    pub section: Section,
    /// What it means on the wire.
    pub wire: Option<&'static str>,
    /// How to migrate.
    pub hint: Option<&'static str>,
    /// Why, in terms of the generated API's shape (for RULES.md).
    pub why: &'static str,
}

use Direction::{Both, Neither, Request, Response};
use Kind::*;

const REQ: &[Direction] = &[Request, Both];
const RESP: &[Direction] = &[Response, Both, Neither];
const ANY: &[Direction] = &[];
const ALL: &[Kind] = &[];
const TYPES: &[Kind] = &[
    Struct,
    StringEnum,
    IntEnum,
    Union,
    Alias,
    CallType,
    ErrorType,
    SuccessType,
];

#[allow(clippy::too_many_arguments, reason = "one row of the table")]
const fn rule(
    kinds: &'static [Kind],
    trigger: Trigger,
    directions: &'static [Direction],
    bump: Bump,
    section: Section,
    wire: Option<&'static str>,
    hint: Option<&'static str>,
    why: &'static str,
) -> Rule {
    Rule {
        kinds,
        trigger,
        directions,
        bump,
        section,
        wire,
        hint,
        why,
    }
}

/// The table, first match wins. Every trigger has a catch-all row, so every
/// change is classified.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    // ---- additions
    rule(&[Field], Trigger::AddedRequired, REQ, Bump::Major, Section::Breaking,
        Some("requests must now carry `{wire_name}`: every caller must set it"),
        Some("pass the new `{name}` argument to `{owner}::new`"),
        "`new(…)` takes the required fields: it gains an argument, so every call of it stops compiling; and the server refuses requests without the field"),
    rule(&[Field], Trigger::AddedRequired, RESP, Bump::Major, Section::Breaking,
        Some("responses now always carry `{wire_name}`"),
        Some("pass the new `{name}` argument to `{owner}::new` where you build it (tests, mocks)"),
        "`new(…)` gains an argument; reading responses is unaffected"),
    rule(&[Param], Trigger::AddedRequired, ANY, Bump::Major, Section::Breaking,
        Some("requests must now carry the `{wire_name}` parameter: every caller must set it"),
        Some("pass the new `{name}` argument to `{owner}`"),
        "a required parameter is a positional argument of the method: every call stops compiling, and the server refuses requests without it"),
    rule(&[PathParam], Trigger::AddedRequired, ANY, Bump::Major, Section::Breaking,
        Some("the path now has a `{wire_name}` segment"),
        Some("pass the new `{name}` argument to `{owner}`"),
        "a path parameter is a positional argument of the method: every call stops compiling"),
    rule(&[PathParam], Trigger::Added, ANY, Bump::Major, Section::Breaking,
        Some("the path now has a `{wire_name}` segment"),
        Some("pass the new `{name}` argument to `{owner}`"),
        "a path parameter is always a positional argument of the method"),
    rule(&[Field], Trigger::Added, REQ, Bump::Minor, Section::Added,
        Some("requests may carry `{wire_name}`"),
        None,
        "optional: a `with_…` setter, `new(…)` unchanged, structs are `#[non_exhaustive]`"),
    rule(&[Field], Trigger::Added, RESP, Bump::Minor, Section::Added,
        Some("responses may carry `{wire_name}` (older versions of this crate ignore it)"),
        None,
        "a new optional field of a `#[non_exhaustive]` struct; unknown fields were already ignored"),
    rule(&[ResponseHeader], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("responses may carry the `{wire_name}` header, now typed"),
        None,
        "a new `Option` field of the operation's `#[non_exhaustive]` headers struct (or that struct, new): no existing code names it"),
    rule(&[Param], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("requests may carry the `{wire_name}` parameter"),
        None,
        "optional: a new setter of the call the method returns; no call changes"),
    rule(&[EnumValue], Trigger::Added, &[Response], Bump::Minor, Section::Added,
        Some("servers may now send `{wire_name}`: it breaks strict consumers, not this crate (older versions decode it into `Unknown`)"),
        None,
        "enums are `#[non_exhaustive]` (matches have a `_` arm) and unknown values decode into `Unknown`"),
    rule(&[EnumValue], Trigger::Added, &[Request], Bump::Minor, Section::Added,
        Some("requests may now send `{wire_name}`"),
        None,
        "a new variant of a `#[non_exhaustive]` enum"),
    rule(&[EnumValue], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("`{wire_name}` is a new value in requests and responses (older versions decode it into `Unknown`)"),
        None,
        "a new variant of a `#[non_exhaustive]` enum; unknown values decode into `Unknown`"),
    rule(&[UnionVariant], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("a new alternative `{name}`"),
        None,
        "a new variant of a `#[non_exhaustive]` enum"),
    rule(&[ErrorVariant], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("this response is now documented: it decodes into `Error::Api` with `{name}` instead of `Error::UnexpectedStatus`"),
        None,
        "a new variant of a `#[non_exhaustive]` error enum; code matching `Error::UnexpectedStatus` for this status keeps compiling but no longer sees it"),
    rule(&[SuccessVariant], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("a new documented success response"),
        None,
        "a new variant of a `#[non_exhaustive]` success enum"),
    rule(&[Paginator], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("the list now pages: `{new_wire}`"),
        None,
        "new `pages()` and `items()` methods of the call"),
    rule(&[Method], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("{new_wire}"), None,
        "a new `Client` method"),
    rule(&[Environment], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("a new server"),
        None,
        "a new variant of the `#[non_exhaustive]` `Environment`"),
    rule(&[Feature], Trigger::Added, ANY, Bump::Minor, Section::Added,
        None, None,
        "a new cargo feature, part of `full` (on by default): every build that worked still does"),
    rule(&[Credential], Trigger::Added, ANY, Bump::Minor, Section::Added,
        Some("a new security scheme"),
        None,
        "a new `ClientBuilder` setter"),
    rule(ALL, Trigger::Added, ANY, Bump::Minor, Section::Added,
        None, None,
        "a new item: no existing code names it"),
    rule(ALL, Trigger::AddedRequired, ANY, Bump::Major, Section::Breaking,
        None,
        Some("pass the new `{name}` argument to `{owner}::new`"),
        "a new argument of a constructor"),
    // ---- removals
    rule(&[EnumValue], Trigger::Removed, &[Request], Bump::Major, Section::Removed,
        Some("requests with `{wire_name}` are refused"),
        Some("stop using `{item}`: the API no longer accepts it"),
        "code naming the variant stops compiling; the server refuses the value"),
    rule(&[EnumValue], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("servers no longer send `{wire_name}`"),
        Some("remove uses of `{item}` (a value this version does not know decodes into `Unknown`: compare with `as_str()` if you must keep handling it)"),
        "code naming the variant stops compiling"),
    rule(&[Feature], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        None,
        Some("remove `{name}` from the `features` of your dependency on this crate (the default `full` still builds everything)"),
        "Cargo refuses a dependency that names a feature the crate does not have"),
    rule(&[ErrorVariant], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("a `{wire_name}` response is no longer documented: this version reports it as `Error::UnexpectedStatus`, older versions decode it into `Error::Api` with `{name}`"),
        Some("match `Error::UnexpectedStatus` with status `{wire_name}` where you matched `{item}`"),
        "code naming the variant stops compiling, and the error arrives as another `Error` variant"),
    rule(&[Environment], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("the server `{old_wire}` is no longer listed"),
        Some("choose another `Environment`, or set `base_url(…)`"),
        "code naming the variant (and `{PREFIX}_ENV` values) stops working"),
    rule(&[Method], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("the operation is gone"),
        Some("remove calls to `{item}`"),
        "calls of the method stop compiling"),
    rule(&[Field], Trigger::Removed, REQ, Bump::Major, Section::Removed,
        Some("requests no longer carry `{wire_name}`"),
        Some("stop setting `{name}` (drop its `with_…` call, or its `{owner}::new` argument)"),
        "its setter (or `new` argument) and field are gone"),
    rule(&[Field], Trigger::Removed, RESP, Bump::Major, Section::Removed,
        Some("responses no longer carry `{wire_name}`"),
        Some("stop reading `{item}`"),
        "code reading the field stops compiling"),
    rule(&[Paginator], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("the list no longer says how it pages (`{old_wire}`)"),
        Some("replace `pages()`/`items()` by calls that set the paging parameter yourself"),
        "the call's `pages()` and `items()` are gone"),
    rule(&[ResponseHeader], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("responses no longer declare the `{wire_name}` header"),
        Some("stop reading `{item}` (if the server still sends the header, its raw value is in the metadata's or the error's `headers`)"),
        "breaking for consumers who read it, as a removed response field is: code reading the field stops compiling"),
    rule(&[Param], Trigger::Removed, ANY, Bump::Major, Section::Removed,
        Some("requests no longer carry the `{wire_name}` parameter"),
        Some("stop passing `{name}` to `{owner}` (its argument, or its setter on the call)"),
        "its argument (or the call's setter) is gone"),
    rule(ALL, Trigger::Removed, ANY, Bump::Major, Section::Removed,
        None,
        Some("remove uses of `{item}`"),
        "code naming it stops compiling"),
    // ---- renames and signatures
    rule(&[PathParam], Trigger::Renamed, ANY, Bump::Patch, Section::Changed,
        Some("the path template calls it `{wire_name}` now, `{old_wire_name}` before: the URL sent is the same"),
        None,
        "a path parameter is a positional argument of the method: no call names it, so renaming it in place changes no caller's code"),
    rule(ALL, Trigger::Renamed, ANY, Bump::Major, Section::Breaking,
        None,
        Some("rename `{from}` to `{item}`"),
        "consumers' code names the old path (reported once per renamed type, not per field)"),
    rule(&[Param], Trigger::BecameRequired, ANY, Bump::Major, Section::Breaking,
        Some("requests must now carry the `{wire_name}` parameter: every caller must set it"),
        Some("pass `{name}` to `{owner}` as an argument instead of calling its setter on the call"),
        "the call's setter disappears and the method gains a positional argument"),
    rule(&[Param], Trigger::BecameOptional, ANY, Bump::Major, Section::Breaking,
        Some("requests may leave out the `{wire_name}` parameter"),
        Some("`{owner}` no longer takes `{name}`: set it with its setter on the call when you need it"),
        "the method loses a positional argument, which becomes a setter of the call"),
    rule(&[Field], Trigger::BecameRequired, REQ, Bump::Major, Section::Breaking,
        Some("requests must now carry `{wire_name}`: every caller must set it"),
        Some("`{owner}::new` now takes `{name}`: pass it there instead of calling its `with_…` setter"),
        "`new(…)` gains an argument and the field's type loses its `Option`"),
    rule(&[Field], Trigger::BecameRequired, ANY, Bump::Major, Section::Breaking,
        Some("responses now always carry `{wire_name}`"),
        Some("`{item}` is `{new}` now, not `{old}`: drop the `Option` handling; `{owner}::new` takes it"),
        "the field's type loses its `Option` and `new(…)` gains an argument"),
    rule(&[Field], Trigger::BecameOptional, REQ, Bump::Major, Section::Breaking,
        Some("requests may leave out `{wire_name}` or send it as `null`"),
        Some("`{owner}::new` no longer takes `{name}`: set it with its `with_…` setter"),
        "the `new(…)` argument disappears and the field becomes an `Option`"),
    rule(&[Field], Trigger::BecameOptional, ANY, Bump::Major, Section::Breaking,
        Some("responses may leave out `{wire_name}` or send it as `null`"),
        Some("`{item}` is `{new}` now, not `{old}`: handle its absence"),
        "the field becomes an `Option` (code reading it stops compiling) and the `new(…)` argument disappears"),
    rule(ALL, Trigger::BecameRequired, ANY, Bump::Major, Section::Breaking,
        None,
        Some("pass `{name}` to `{owner}::new`"),
        "a constructor gains an argument"),
    rule(ALL, Trigger::BecameOptional, ANY, Bump::Major, Section::Breaking,
        None,
        Some("`{owner}::new` no longer takes `{name}`"),
        "a constructor loses an argument"),
    rule(&[ResponseHeader], Trigger::TypeChanged, ANY, Bump::Major, Section::Breaking,
        Some("the `{wire_name}` header is read as another type"),
        Some("`{item}` is `{new}` now, not `{old}`: update the code that reads it"),
        "the field's type changes: code reading it stops compiling (or, through inference, means something else)"),
    rule(&[Field], Trigger::ExplicitNull, REQ, Bump::Major, Section::Breaking,
        Some("requests may now send `{wire_name}` as `null` (to clear it); leaving it unset still leaves it out"),
        Some("`{item}` is `{new}` now, not `{old}`: its `with_…` setter is unchanged and a `with_…_null()` setter sends `null`; code that reads or assigns the field matches `Nullable::Absent`, `Null` and `Value` (or calls `.into_option()`)"),
        "the field's type changes from `Option<T>` to `linkgen_runtime::Nullable<T>`: code reading, matching or assigning it stops compiling, code building the struct with `new(…)` and the `with_…` setter does not"),
    rule(ALL, Trigger::ExplicitNull, ANY, Bump::Major, Section::Breaking,
        None,
        Some("`{item}` is `{new}` now, not `{old}`: match `Nullable::Absent`, `Null` and `Value` (or call `.into_option()`)"),
        "the field's type changes from `Option<T>` to `linkgen_runtime::Nullable<T>`"),
    rule(ALL, Trigger::NoExplicitNull, ANY, Bump::Major, Section::Breaking,
        Some("`{wire_name}` can no longer be sent as `null`"),
        Some("`{item}` is `{new}` now, not `{old}`: drop the `with_…_null()` calls and match `Some`/`None`"),
        "the field's type changes from `linkgen_runtime::Nullable<T>` to `Option<T>` and its `with_…_null` setter is gone"),
    rule(&[Method], Trigger::TypeChanged, ANY, Bump::Major, Section::Breaking,
        None,
        Some("update the calls of `{item}` to its new signature `{new}`"),
        "calls written against the old arguments or result stop compiling"),
    rule(ALL, Trigger::TypeChanged, ANY, Bump::Major, Section::Breaking,
        None,
        Some("`{item}` is `{new}` now, not `{old}`: update the code that builds or reads it"),
        "consumers' code is written against the old signature"),
    // ---- deprecation
    rule(ALL, Trigger::Deprecated, ANY, Bump::Minor, Section::Deprecated,
        None, None,
        "`#[deprecated]` warns, it does not break; the item stays until a breaking release"),
    rule(ALL, Trigger::Undeprecated, ANY, Bump::Minor, Section::Changed,
        None, None,
        "the `#[deprecated]` warning goes away"),
    // ---- wire-only changes (the Rust signature is the same)
    rule(&[Method], Trigger::Wire(WireKind::SecurityStricter), ANY, Bump::Major, Section::Breaking,
        Some("a request that was accepted may now be refused: security `{old_security}` → `{new_security}`"),
        Some("configure the credentials `{item}` now requires on the `ClientBuilder` (or in the environment)"),
        "the code compiles, but a request that worked (no or other credentials) now fails with `MissingCredentials` or a 401"),
    rule(&[Method], Trigger::Wire(WireKind::SecurityLooser), ANY, Bump::Minor, Section::Wire,
        Some("security `{old_security}` → `{new_security}`: every request that was accepted still is"),
        None,
        "more alternatives (or fewer required schemes) refuse no request that worked"),
    rule(&[Method], Trigger::Wire(WireKind::SuccessNarrower), ANY, Bump::Major, Section::Breaking,
        Some("success status `{old_success}` → `{new_success}`: older versions of this crate fail with `Error::UnexpectedStatus` on the server's new success status, this version fails so on the dropped one"),
        Some("update together with the server; where a server still answers the old status, handle `Error::UnexpectedStatus` for it"),
        "the code compiles, but a response that decoded as a success is now `Error::UnexpectedStatus` (and the older crate rejects what the server now sends)"),
    rule(&[Method], Trigger::Wire(WireKind::SuccessWider), ANY, Bump::Minor, Section::Wire,
        Some("success status `{old_success}` → `{new_success}`: every success older versions decoded still is one; they fail with `Error::UnexpectedStatus` on the new status, this version decodes it"),
        None,
        "no response that decoded as a success stops doing so"),
    rule(ALL, Trigger::Wire(WireKind::PathParamNames), ANY, Bump::Patch, Section::Changed,
        Some("the path template names its parameters differently; the URL sent is the same"),
        None,
        "path parameters are positional: neither the code nor the request changes"),
    rule(ALL, Trigger::Wire(WireKind::Url), ANY, Bump::Minor, Section::Wire,
        Some("the server moved: `{old}` → `{new}`"),
        None,
        "the `Environment` variant keeps its name; the crate sends to the new URL"),
    rule(ALL, Trigger::Wire(WireKind::WireName), ANY, Bump::Minor, Section::Wire,
        Some("the wire name changed: `{old_wire_name}` → `{wire_name}`; this crate sends and reads the new one"),
        None,
        "the Rust name is the same, so consumers' code is unaffected; the crate absorbs it, but the wire differs from older versions"),
    rule(ALL, Trigger::Wire(WireKind::Default), ANY, Bump::Minor, Section::Wire,
        Some("the default changed ({old_clause} → {new_clause}): what the server assumes when the value is omitted"),
        None,
        "no Rust signature changes, but the behaviour of requests that omit the value may (minor, not patch: it is a change of the API's meaning, not of its docs)"),
    rule(ALL, Trigger::Wire(WireKind::Nullability), ANY, Bump::Minor, Section::Wire,
        Some("`null` handling changed: {old_clause} → {new_clause}"),
        None,
        "the Rust signature is the same (a field only responses carry is an `Option` whether nullable or not; one a request carries changes type instead: `Option` → `Nullable`)"),
    rule(ALL, Trigger::Wire(WireKind::Requiredness), ANY, Bump::Minor, Section::Wire,
        Some("the spec's requirement changed: {old_clause} → {new_clause}"),
        None,
        "the Rust signature is the same (nullable fields are `Option` whether required or not)"),
    rule(&[ErrorVariant], Trigger::Wire(WireKind::ErrorSummary), ANY, Bump::Minor, Section::Wire,
        Some("`ErrorSummary::code()`/`message()` read other fields of this error: {old_clause} → {new_clause}"),
        None,
        "the Rust API is the same, and so is the decoded body; code branching on `code()` or `message()` may see other values (or none), and `Display` shows them"),
    rule(ALL, Trigger::Wire(WireKind::Other), ANY, Bump::Minor, Section::Wire,
        Some("`{old}` → `{new}`"),
        None,
        "the Rust API is the same; the crate absorbs the change (an operation's method or path template, …)"),
    rule(ALL, Trigger::Wire(WireKind::SecurityStricter), ANY, Bump::Major, Section::Breaking,
        Some("`{old}` → `{new}`"),
        None,
        "a request that worked may be refused"),
    rule(ALL, Trigger::Wire(WireKind::SecurityLooser), ANY, Bump::Minor, Section::Wire,
        Some("`{old}` → `{new}`"),
        None,
        "no request that worked is refused"),
    // ---- cargo features (not on the wire: which builds compile it)
    rule(ALL, Trigger::FeaturesMoved, ANY, Bump::Major, Section::Breaking,
        None,
        Some("enable `{new_features}` (or keep the default, `full`)"),
        "a consumer building with `default-features = false` and only an old feature loses the item: code naming it stops compiling (an operation's types move with its method and are reported there)"),
    rule(ALL, Trigger::FeaturesWidened, ANY, Bump::Minor, Section::Changed,
        None,
        None,
        "every build that compiled it still does (more features, or none: always compiled)"),
    // ---- docs
    rule(ALL, Trigger::Docs, ANY, Bump::Patch, Section::Changed,
        None, None,
        "only rustdoc text changes"),
];

/// The first rule matching `trigger`, `kind` and `direction`.
pub fn find(trigger: Trigger, kind: Kind, direction: Direction) -> &'static Rule {
    RULES
        .iter()
        .find(|r| {
            r.trigger == trigger
                && (r.kinds.is_empty() || r.kinds.contains(&kind))
                && (r.directions.is_empty() || r.directions.contains(&direction))
        })
        .expect("every trigger has a catch-all rule")
}

/// Classifies one change of `old` (removals, pairs) → `new` (additions,
/// pairs).
pub(crate) fn classify(trigger: Trigger, old: Option<&Item>, new: Option<&Item>) -> Change {
    let subject = new.or(old).expect("an item on one side");
    let rule = find(trigger, subject.kind, subject.direction);
    let is_wire = matches!(trigger, Trigger::Wire(_));
    // The signature, or the wire text of an item that has none (an enum
    // value, a server).
    let shape = |i: &Item| {
        if i.signature == Signature::None {
            i.wire.to_string()
        } else {
            i.signature.to_string()
        }
    };
    let deprecation = |i: &Item| {
        i.deprecated.as_ref().map(|note| match note.as_str() {
            "" => "#[deprecated]".to_string(),
            note => note.to_string(),
        })
    };
    let (old_text, new_text) = match trigger {
        Trigger::Removed => (old.map(shape), None),
        Trigger::Added | Trigger::AddedRequired => (None, new.map(shape)),
        Trigger::Deprecated | Trigger::Undeprecated => {
            (old.and_then(deprecation), new.and_then(deprecation))
        }
        Trigger::FeaturesMoved | Trigger::FeaturesWidened => (
            old.map(|i| crate::template::features(&i.features)),
            new.map(|i| crate::template::features(&i.features)),
        ),
        Trigger::Docs => (
            old.and_then(|i| i.doc.clone()),
            new.and_then(|i| i.doc.clone()),
        ),
        _ if is_wire => (
            old.map(|i| i.wire.to_string()),
            new.map(|i| i.wire.to_string()),
        ),
        _ => (
            old.map(|i| i.signature.to_string()),
            new.map(|i| i.signature.to_string()),
        ),
    };
    let fill = |template: &str| {
        expand(
            template,
            subject,
            old,
            new,
            old_text.as_deref(),
            new_text.as_deref(),
        )
    };
    // A removal has only its old side: the subject is the item either way.
    let item = subject.path.clone();
    let change = match trigger {
        Trigger::Added | Trigger::AddedRequired => ChangeKind::Added,
        Trigger::Removed => ChangeKind::Removed,
        Trigger::Renamed => ChangeKind::Renamed {
            from: old.map(|i| i.path.clone()).unwrap_or_default(),
        },
        Trigger::TypeChanged | Trigger::ExplicitNull | Trigger::NoExplicitNull => {
            ChangeKind::TypeChanged
        }
        Trigger::BecameRequired => ChangeKind::BecameRequired,
        Trigger::BecameOptional => ChangeKind::BecameOptional,
        Trigger::Deprecated | Trigger::Undeprecated => ChangeKind::Deprecated,
        Trigger::Wire(_) => ChangeKind::WireChanged,
        Trigger::FeaturesMoved | Trigger::FeaturesWidened => ChangeKind::FeaturesChanged,
        Trigger::Docs => ChangeKind::DocsChanged,
    };
    Change {
        item,
        kind: subject.kind,
        change,
        breaking: rule.bump == Bump::Major,
        direction: subject.direction,
        old: old_text.clone(),
        new: new_text.clone(),
        wire: rule.wire.map(fill),
        hint: rule.hint.map(fill),
        section: rule.section,
        bump: rule.bump,
        group: String::new(),
    }
}

fn kinds_label(kinds: &[Kind]) -> String {
    if kinds.is_empty() {
        "any".into()
    } else if kinds == TYPES {
        "any type".into()
    } else {
        kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn directions_label(directions: &[Direction]) -> String {
    if directions.is_empty() {
        "any".into()
    } else {
        directions
            .iter()
            .map(|d| crate::direction_name(*d))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table as Markdown, as `apidiff/RULES.md` has it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| # | kind | change | direction | bump | breaking | section | wire text | hint | why |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for (i, r) in RULES.iter().enumerate() {
        let cell = |s: Option<&str>| {
            s.map(|s| s.replace('|', "\\|"))
                .unwrap_or_else(|| "—".into())
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            kinds_label(r.kinds),
            r.trigger.label(),
            directions_label(r.directions),
            r.bump.as_str(),
            if r.bump == Bump::Major { "yes" } else { "no" },
            r.section.heading(),
            cell(r.wire),
            cell(r.hint),
            r.why.replace('|', "\\|"),
        ));
    }
    out
}
