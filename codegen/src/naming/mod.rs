//! Rust names for spec names.
//!
//! Pure functions, no state except [`NameSet`]: every rule that turns a name
//! from the spec into a Rust identifier lives here, so the generated code
//! reads like hand-written Rust and the rules are tested in one place.
//!
//! The rules, in short:
//! - words are split on anything that is not an ASCII letter or digit and on
//!   case changes (`linkTokenGet`, `link-token get` and `LINK_TOKEN_GET` are
//!   the same three words); apostrophes are dropped (`user's` → `users`);
//!   `OAuth` is one word;
//! - a leading `+` or `-` becomes the word `plus` / `minus` (`+1` → `Plus1`,
//!   `-created` → `MinusCreated`), so sort orders and reactions stay distinct;
//! - types and variants starting with a digit get a `V` prefix (`V2fa`),
//!   fields a `_` prefix (`_2fa`); names left empty become `Value{n}` /
//!   `value_{n}` with `n` the 1-based position in their list;
//! - strict and reserved keywords of every edition get a trailing
//!   underscore (`type` → `type_`, `gen` → `gen_`, `self` → `self_`), never
//!   `r#`; weak ones stay (`union`): [`KEYWORDS`], [`escape_keyword`];
//! - type names that clash with the generated crate's own items or the
//!   prelude get a `Model` suffix (`Error` → `ErrorModel`);
//! - enum variants never use `Unknown` (the catch-all): a spec value
//!   `unknown` becomes `UnknownValue`;
//! - collisions after case conversion are settled by [`NameSet`]: the
//!   second comer gets `2` (types, variants; `_2` after a digit) or `_2`
//!   (fields, methods; `2` after an escape underscore: `type_2`), see
//!   [`numbered`];
//! - every optional field and parameter has a setter `with_{field}` (`r#`
//!   and leading `_` dropped), unique within its struct ([`setter_idents`]);
//! - an environment variable `from_env` reads is `{PREFIX}_{SUFFIX}`, with
//!   `API_` before the suffix when a CI system, the shell or a common tool
//!   owns that name (`GITHUB_ENV` → `GITHUB_API_ENV`): [`env_var`].

use std::collections::{HashMap, HashSet};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

mod api;
mod env;
mod keywords;
mod reserved;
#[cfg(test)]
mod tests;

pub use api::{
    environment_variant, feature_name, is_secret_name, range_variant, security_setter,
    status_variant, SetterKind,
};
pub use env::{env_var, env_var_owner, EnvVar, ENV_VAR_ESCAPE, OWNED_ENV_VARS};
pub(crate) use keywords::escaped;
pub use keywords::{
    can_be_raw, escape_keyword, is_keyword, keyword, Escape, Keyword, KeywordKind, KEYWORDS,
};
pub use reserved::{
    BUILDER_METHODS, CALL_METHODS, CLIENT_METHODS, METHOD_ARGUMENTS, RESERVED_TYPE_NAMES,
    UNKNOWN_VARIANT,
};

/// One piece of a `{name}` template (a path or a server URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePiece<'a> {
    /// Literal text (an unclosed `{` is text too).
    Text(&'a str),
    /// A `{name}`, without its braces.
    Name(&'a str),
}

/// Splits a template into literal text and `{name}`s, in order.
pub fn template_pieces(template: &str) -> Vec<TemplatePiece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(TemplatePiece::Text(&rest[..open]));
        }
        out.push(TemplatePiece::Name(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(TemplatePiece::Text(rest));
    }
    out
}

/// Rewrites `s` into something `heck` splits the way a reader would:
/// non-ASCII-alphanumerics become spaces, apostrophes vanish, a leading sign
/// becomes a word, `OAuth` becomes one word.
fn clean(s: &str) -> String {
    let trimmed = s.trim();
    let mut out = String::with_capacity(trimmed.len() + 8);
    let rest = if let Some(rest) = trimmed.strip_prefix('+') {
        out.push_str("plus ");
        rest
    } else if let Some(rest) = trimmed.strip_prefix('-') {
        out.push_str("minus ");
        rest
    } else {
        trimmed
    };
    for c in rest.chars() {
        match c {
            '\'' | '\u{2019}' => {}
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    // A leading sign alone (`-`, `+`) is not a word of its own.
    if out.trim() == "plus" || out.trim() == "minus" {
        return String::new();
    }
    out.replace("OAuth", "Oauth")
}

/// `UpperCamelCase` of `s`, no validity fixes (may be empty or start with a
/// digit). `link_token_request` → `LinkTokenRequest`.
pub fn upper_camel(s: &str) -> String {
    clean(s).to_upper_camel_case()
}

/// `snake_case` of `s`, no validity fixes. `linkTokenGet` → `link_token_get`.
pub fn snake(s: &str) -> String {
    clean(s).to_snake_case()
}

/// `UPPER_SNAKE_CASE` of `s`, no validity fixes.
pub fn upper_snake(s: &str) -> String {
    clean(s).to_shouty_snake_case()
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// A valid type identifier for `s`: UpperCamelCase, `V` before a leading
/// digit, `Value{position}` when nothing is left, `Model` after a name the
/// crate reserves.
pub fn type_ident(s: &str, position: usize) -> String {
    let mut name = upper_camel(s);
    if name.is_empty() {
        name = format!("Value{position}");
    } else if starts_with_digit(&name) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// A valid enum variant identifier: like [`type_ident`], but only `Unknown`
/// (the catch-all) and `Self` are avoided, with a `Value` suffix.
pub fn variant_ident(s: &str, position: usize) -> String {
    let mut name = upper_camel(s);
    if name.is_empty() {
        name = format!("Value{position}");
    } else if starts_with_digit(&name) {
        name.insert(0, 'V');
    }
    if name == "Unknown" || name == "Self" {
        name.push_str("Value");
    }
    name
}

/// A valid field or parameter identifier: snake_case, `_` before a leading
/// digit, `value_{position}` when nothing is left, a trailing `_` after a
/// keyword.
pub fn field_ident(s: &str, position: usize) -> String {
    let mut name = snake(s);
    if name.is_empty() {
        name = format!("value_{position}");
    } else if starts_with_digit(&name) {
        name.insert(0, '_');
    }
    escaped(name)
}

/// A valid associated-constant identifier (integer enum values):
/// UPPER_SNAKE_CASE, `V` before a leading digit (`1` → `V1`, `-1` →
/// `MINUS_1`), `VALUE_{position}` when nothing is left.
pub fn const_ident(s: &str, position: usize) -> String {
    let mut name = upper_snake(s);
    if name.is_empty() {
        name = format!("VALUE_{position}");
    } else if starts_with_digit(&name) {
        name.insert(0, 'V');
    }
    if name == "SELF" {
        name.push_str("_VALUE");
    }
    name
}

/// The snake_case base of a method name: `operationId`, else a short
/// `summary` (at most 8 words: longer ones are sentences, not names), else
/// the HTTP method and path (`GET /users/{id}` → `get_users_by_id`). Not yet
/// made unique nor checked against `Client`'s own methods: see
/// [`method_ident`].
pub fn method_base(
    operation_id: Option<&str>,
    summary: Option<&str>,
    method: &str,
    path: &str,
) -> String {
    if let Some(id) = operation_id {
        let name = snake(id);
        if !name.is_empty() {
            return name;
        }
    }
    if let Some(summary) = summary {
        let name = snake(summary);
        if !name.is_empty() && name.split('_').count() <= 8 {
            return name;
        }
    }
    method_from_path(method, path)
}

/// `GET /users/{id}/posts` → `get_users_by_id_posts`.
pub fn method_from_path(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push("by".into());
            words.push(param.to_string());
        } else {
            words.push(segment.to_string());
        }
    }
    snake(&words.join(" "))
}

/// A valid method identifier from a snake base: keywords get a trailing
/// `_`, names of `Client`'s own methods an `_op` suffix, a leading digit a
/// `_` prefix; empty → `operation`.
pub fn method_ident(base: &str) -> String {
    let mut name = snake(base);
    if name.is_empty() {
        name = "operation".into();
    } else if starts_with_digit(&name) {
        name.insert(0, '_');
    }
    if CLIENT_METHODS.contains(&name.as_str()) {
        name.push_str("_op");
        name
    } else {
        escaped(name)
    }
}

/// A parameter identifier: [`field_ident`], plus a trailing `_` when it
/// would be one of the method's own argument names.
pub fn param_ident(s: &str, position: usize) -> String {
    let mut name = field_ident(s, position);
    if METHOD_ARGUMENTS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Methods a generated struct (schema or parameters) has of its own besides
/// its setters: a setter never takes one of these names.
pub const STRUCT_METHODS: &[&str] = &["new"];

/// The base of a field's or parameter's chainable setter: `with_` and the
/// field's name without its `r#` and leading underscores (`nick_name` →
/// `with_nick_name`, `r#type` → `with_type`, `_2fa` → `with_2fa`: rustc's
/// `non_snake_case` refuses `with__2fa`). Not yet unique: see
/// [`setter_idents`].
pub fn setter_ident(field: &str) -> String {
    let bare = field.trim_start_matches("r#").trim_start_matches('_');
    if bare.is_empty() {
        "with_value".into()
    } else {
        format!("with_{bare}")
    }
}

/// The setters of one struct's fields (given by their final Rust names, in
/// order): [`setter_ident`] of each, unique among themselves and
/// [`STRUCT_METHODS`], a later collision (`_x` after `x`) getting `_2`.
/// Field names are unique, so collisions only come from the dropped
/// underscores; a field literally named `with_x` gets `with_with_x`, which
/// coexists with the setter `with_x` of a field `x` (a field and a method
/// may share a name).
pub fn setter_idents<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names = NameSet::new("_");
    for method in STRUCT_METHODS {
        names.reserve(method);
    }
    fields
        .into_iter()
        .map(|field| names.claim(&setter_ident(field)))
        .collect()
}

/// The setters that set a three-state field to `null` (given the field's
/// own setter, in order): `with_x` → `with_x_null` (`with_type_` →
/// `with_type_null`), unique among `taken`
/// (every setter of the struct, claimed first so none of them moves) and
/// [`STRUCT_METHODS`], a collision getting `_2`.
pub fn null_setter_idents<'a>(
    taken: impl IntoIterator<Item = &'a str>,
    setters: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let mut names = NameSet::new("_");
    for method in STRUCT_METHODS.iter().copied().chain(taken) {
        names.reserve(method);
    }
    setters
        .into_iter()
        // `with_type_` (the setter of `type_`) → `with_type_null`: a
        // doubled underscore is not snake case.
        .map(|setter| names.claim(&format!("{}_null", setter.trim_end_matches('_'))))
        .collect()
}

/// The setters of an operation's optional parameters on its call type
/// (given by the parameters' final Rust names, in order): the parameter's
/// own name (`.state(…)`, `.per_page(…)`), with a `_param` suffix when it
/// meets a method of the call ([`CALL_METHODS`]: `timeout` →
/// `timeout_param`), unique among themselves.
pub fn call_setter_idents<'a>(params: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names = NameSet::new("_");
    for method in CALL_METHODS {
        names.reserve(method);
    }
    params
        .into_iter()
        .map(|param| {
            let bare = param.trim_start_matches("r#");
            if CALL_METHODS.contains(&bare) {
                names.claim(&format!("{bare}_param"))
            } else {
                names.claim(param)
            }
        })
        .collect()
}

/// Splits a namespaced schema name into its segments, or `None` when it is
/// not namespaced. Namespaced: dotted (`com.example.Foo`,
/// `io.k8s.api.batch.v1.Job`), or at least three `_`/`.`-separated segments
/// that each start with an upper-case letter
/// (`Datadeck_Api_WebModels_Models_Api_V1_Link_LinkTokenRequestResponse`).
/// `link_token_request` (lower case) and `Foo_Bar` (two segments) are not.
pub fn namespace_segments(name: &str) -> Option<Vec<&str>> {
    let upper = |s: &&str| s.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let mixed: Vec<&str> = name.split(['_', '.']).collect();
    if mixed.len() >= 3 && mixed.iter().all(upper) {
        return Some(mixed);
    }
    if name.contains('.') {
        let dotted: Vec<&str> = name.split('.').collect();
        if dotted.len() >= 2 && dotted.iter().all(|s| !s.is_empty()) {
            return Some(dotted);
        }
    }
    None
}

/// Type identifiers for a list of component schema names: a namespace
/// prefix is dropped when no collision results; otherwise as few trailing
/// segments are kept as make the name unique among the list. Names that
/// still collide (or were never namespaced) are left for [`NameSet`].
/// Runs in O(n · segments).
pub fn short_type_names(names: &[&str]) -> Vec<String> {
    let segments: Vec<Option<Vec<&str>>> = names.iter().map(|n| namespace_segments(n)).collect();
    let mut kept: Vec<usize> = segments
        .iter()
        .map(|s| s.as_ref().map_or(0, |_| 1))
        .collect();
    let candidate = |i: usize, kept: &[usize]| -> String {
        match &segments[i] {
            Some(segs) => {
                let from = segs.len().saturating_sub(kept[i]);
                type_ident(&segs[from..].join("_"), i + 1)
            }
            None => type_ident(names[i], i + 1),
        }
    };
    let mut current: Vec<String> = (0..names.len()).map(|i| candidate(i, &kept)).collect();
    loop {
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, name) in current.iter().enumerate() {
            groups.entry(name.as_str()).or_default().push(i);
        }
        let mut grow = Vec::new();
        for members in groups.values().filter(|m| m.len() > 1) {
            for &i in members {
                if let Some(segs) = &segments[i] {
                    if kept[i] < segs.len() {
                        grow.push(i);
                    }
                }
            }
        }
        if grow.is_empty() {
            return current;
        }
        for i in grow {
            kept[i] += 1;
            current[i] = candidate(i, &kept);
        }
    }
}

/// The `n`-th name of `base` (`n >= 2`), the one collision suffix rule:
/// - after an escape underscore, the number alone (`type_` → `type_2`,
///   `path_` → `path_2`), never `type__2`, which `non_snake_case` refuses;
/// - snake_case (`separator` `_`): `_n` (`foo_bar` → `foo_bar_2`);
/// - UpperCamelCase (`separator` empty): `n` (`Foo` → `Foo2`), or `_n`
///   after a digit (`V1` → `V1_2`, which `non_camel_case_types` accepts),
///   so `V1` and `V12` stay told apart.
///
/// The result is never a keyword (it ends in a digit), and never has a
/// double underscore unless `base` has one.
pub fn numbered(base: &str, separator: &str, n: usize) -> String {
    if base.ends_with('_') {
        format!("{base}{n}")
    } else if separator.is_empty() && base.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{base}_{n}")
    } else {
        format!("{base}{separator}{n}")
    }
}

/// A set of identifiers handing out unique names: the first comer keeps its
/// name, later ones get the smallest free numeric suffix ([`numbered`]:
/// `Foo2`, `foo_2`, `type_2`). A name once handed out never changes, so
/// adding names at the end of a list keeps the earlier ones. Amortized O(1)
/// per claim, whatever the number of collisions.
#[derive(Debug, Clone, Default)]
pub struct NameSet {
    used: HashSet<String>,
    next: HashMap<String, usize>,
    separator: &'static str,
}

impl NameSet {
    /// An empty set whose suffixes follow `separator` (`""` for types and
    /// variants, `"_"` for snake_case and UPPER_SNAKE_CASE names).
    pub fn new(separator: &'static str) -> Self {
        NameSet {
            used: HashSet::new(),
            next: HashMap::new(),
            separator,
        }
    }

    /// Marks `name` as taken without claiming it.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// `base` if free, else [`numbered`] `base` for the smallest free `n >= 2`.
    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = self.next.get(base).copied().unwrap_or(2);
        loop {
            let candidate = numbered(base, self.separator, n);
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next.insert(base.to_string(), n);
                return candidate;
            }
        }
    }
}
