//! What a document may get wrong and still be read: fixed fields that are
//! strictly invalid but whose meaning is unambiguous and which real specs
//! commonly get wrong. One table, [`TOLERATED`], says for each what is
//! found, what it is taken as, and so what the warning says; `apply` is the
//! only place it is consulted (on every non-schema object, by kind).

use serde_json::{Map, Value};

use super::structure::Kind;
use super::Ctx;
use crate::pointer::join;

/// What is found in place of a valid value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// `null`.
    Null,
    /// No such field (or `null`).
    Absent,
    /// A number or boolean where a string is required.
    Scalar,
}

impl Found {
    fn matches(self, value: Option<&Value>) -> bool {
        match self {
            Found::Null => value.is_some_and(Value::is_null),
            Found::Absent => matches!(value, None | Some(Value::Null)),
            Found::Scalar => matches!(value, Some(Value::Number(_) | Value::Bool(_))),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Found::Null => "null",
            Found::Absent => "missing",
            Found::Scalar => "not a string",
        }
    }
}

/// What the found value is taken as.
#[derive(Debug, Clone, Copy)]
enum Taken {
    /// This JSON value (as text).
    Value(&'static str),
    /// The string the scalar spells (`1` → `"1"`).
    Spelled,
}

/// One tolerated invalid construct.
struct Tolerated {
    /// The object the field belongs to.
    object: Kind,
    /// The field; `None` for every member of the object (a security
    /// requirement's scheme names).
    field: Option<&'static str>,
    /// What the field holds.
    found: Found,
    /// What it is taken as.
    taken: Taken,
    /// What the field is, for the warning.
    what: &'static str,
}

/// Every invalid construct read anyway, with a warning.
///
/// - A security requirement's scopes written `null` (`security: [{oauth2:
///   null}]`): no scopes, `[]`, is the only reading.
/// - A response without `description` (or with `null`) before 3.2, which
///   made it optional (`OPTIONAL_FIELDS`, applied first, quietly): the
///   field only documents.
/// - `info.version` written as a number or boolean (an unquoted `1` in
///   YAML): the string it spells.
const TOLERATED: [Tolerated; 3] = [
    Tolerated {
        object: Kind::SecurityRequirement,
        field: None,
        found: Found::Null,
        taken: Taken::Value("[]"),
        what: "the scope list of a security requirement",
    },
    Tolerated {
        object: Kind::Response,
        field: Some("description"),
        found: Found::Absent,
        taken: Taken::Value("\"\""),
        what: "the description of a response",
    },
    Tolerated {
        object: Kind::Info,
        field: Some("version"),
        found: Found::Scalar,
        taken: Taken::Spelled,
        what: "`info.version`",
    },
];

/// Rewrites the tolerated invalid fields of an object of kind `kind` at
/// `ptr`, each with a warning. A Reference Object is left alone: its target
/// is checked where it stands.
pub(super) fn apply(obj: &mut Map<String, Value>, kind: Kind, ptr: &str, ctx: &mut Ctx) {
    if obj.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    for (index, rule) in TOLERATED.iter().enumerate() {
        if rule.object != kind {
            continue;
        }
        let fields: Vec<String> = match rule.field {
            Some(field) => vec![field.to_string()],
            None => obj.keys().cloned().collect(),
        };
        for field in fields {
            let found = obj.get(&field);
            if !rule.found.matches(found) {
                continue;
            }
            let (value, shown) = match rule.taken {
                Taken::Value(text) => (
                    serde_json::from_str(text).unwrap_or(Value::Null),
                    text.to_string(),
                ),
                Taken::Spelled => {
                    let spelled = found.map(Value::to_string).unwrap_or_default();
                    (Value::String(spelled.clone()), format!("{spelled:?}"))
                }
            };
            let message = format!(
                "{} is {}, which OpenAPI does not allow: taken as `{shown}`",
                rule.what,
                rule.found.describe()
            );
            note(ctx, index, &join(ptr, &field), message);
            obj.insert(field, value);
        }
    }
}

/// Warns of rule `index`'s first use only: a spec that makes one mistake
/// makes it everywhere (Zoom's 34 webhook responses without a description),
/// and one warning with the count says it all. [`finish`] writes the count.
fn note(ctx: &mut Ctx, index: usize, pointer: &str, message: String) {
    match ctx.tolerated.iter_mut().find(|(rule, _, _)| *rule == index) {
        Some((_, _, count)) => *count += 1,
        None => {
            ctx.tolerated.push((index, ctx.warnings.len(), 1));
            ctx.warn(pointer, message);
        }
    }
}

/// Appends to each rule's warning how many places it was applied at.
pub(super) fn finish(ctx: &mut Ctx) {
    for (_, warning, count) in std::mem::take(&mut ctx.tolerated) {
        let places = if count == 1 {
            "(1 place)".to_string()
        } else {
            format!("({count} places, the first here)")
        };
        if let Some(warning) = ctx.warnings.get_mut(warning) {
            warning.message = format!("{} {places}", warning.message);
        }
    }
}
