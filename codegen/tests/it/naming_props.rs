//! Property test of the naming rules: for any list of spec names, the
//! identifiers lowering hands out in one scope (fields, parameters and their
//! `with_…` setters, enum variants, types, methods, constants, security
//! setters) are distinct, valid Rust identifiers (`syn` parses them; raw
//! ones included), follow rustc's case lints, are not keywords, and are
//! stable: the same list gives the same names, and a name added at the end
//! changes none of the earlier ones.

use codegen::naming::{self, NameSet, SetterKind};
use proptest::prelude::*;

/// Spec names that broke or nearly broke generation, mixed with arbitrary
/// strings (unicode, punctuation, digits, empty).
fn spec_name() -> impl Strategy<Value = String> {
    const HOSTILE: &[&str] = &[
        "type",
        "@type",
        "type_",
        "type_2",
        "union",
        "self",
        "Self",
        "SELF",
        "crate",
        "super",
        "path",
        "path_",
        "body",
        "params",
        "request",
        "response",
        "_",
        "__",
        "",
        "1",
        "2fa",
        "_2fa",
        "gen",
        "async",
        "await",
        "dyn",
        "try",
        "macro_rules",
        "raw",
        "safe",
        "new",
        "clone",
        "build",
        "builder",
        "Unknown",
        "unknown",
        "Error",
        "Client",
        "V1",
        "v1_2",
        "foo bar",
        "fooBar",
        "foo_bar",
        "+1",
        "-1",
        "café",
        "日本",
        "with_x",
        "x",
        "_x",
        "additional_properties",
        "r#type",
        "'static",
        "Value1",
        "value_1",
        "timeout",
    ];
    prop_oneof![
        3 => proptest::sample::select(HOSTILE).prop_map(str::to_string),
        1 => "[a-zA-Z0-9_@ .+-]{0,10}",
        1 => any::<String>().prop_map(|s| s.chars().take(10).collect()),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Case {
    Camel,
    Snake,
    UpperSnake,
}

/// rustc's `non_camel_case_types`.
fn is_camel(s: &str) -> bool {
    let name = s.trim_matches('_');
    let chars: Vec<char> = name.chars().collect();
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    chars.first().is_none_or(|c| !c.is_lowercase())
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| cased(w[0]) && w[1] == '_' || cased(w[1]) && w[0] == '_')
}

/// rustc's `non_snake_case`.
fn is_snake(s: &str) -> bool {
    let mut allow_underscore = true;
    s.trim_matches('_').chars().all(|c| {
        allow_underscore = match c {
            '_' if !allow_underscore => return false,
            '_' => false,
            c if !c.is_uppercase() => true,
            _ => return false,
        };
        true
    })
}

/// Every check of one scope's names.
fn check_scope(what: &str, names: &[String], case: Case) -> Result<(), TestCaseError> {
    let mut seen = std::collections::HashSet::new();
    for name in names {
        let bare = name.strip_prefix("r#").unwrap_or(name);
        prop_assert!(
            seen.insert(bare.to_string()),
            "{what}: `{name}` twice in {names:?}"
        );
        prop_assert!(
            syn::parse_str::<syn::Ident>(name).is_ok(),
            "{what}: `{name}` is not an identifier"
        );
        if name.starts_with("r#") {
            prop_assert!(naming::can_be_raw(bare), "{what}: `{name}`");
        } else {
            prop_assert!(!naming::is_keyword(name), "{what}: `{name}` is a keyword");
        }
        let ok = match case {
            Case::Camel => is_camel(bare),
            Case::Snake => is_snake(bare),
            Case::UpperSnake => !bare.chars().any(char::is_lowercase),
        };
        prop_assert!(ok, "{what}: `{name}` is not {case:?}");
    }
    Ok(())
}

/// The names of every scope for one list, the way lowering claims them.
fn scopes(spec: &[String]) -> Vec<(&'static str, Vec<String>, Case)> {
    let mut fields = NameSet::new("_");
    fields.reserve("additional_properties");
    let fields: Vec<String> = spec
        .iter()
        .enumerate()
        .map(|(i, s)| fields.claim(&naming::field_ident(s, i + 1)))
        .collect();
    let field_setters = naming::setter_idents(fields.iter().map(String::as_str));

    let mut params = NameSet::new("_");
    let params: Vec<String> = spec
        .iter()
        .enumerate()
        .map(|(i, s)| params.claim(&naming::param_ident(s, i + 1)))
        .collect();
    let param_setters = naming::call_setter_idents(params.iter().map(String::as_str));
    let mut call = param_setters.clone();
    call.extend(naming::CALL_METHODS.iter().map(|s| s.to_string()));
    let mut arguments = params.clone();
    arguments.extend(naming::METHOD_ARGUMENTS.iter().map(|s| s.to_string()));

    let mut variants = NameSet::new("");
    variants.reserve(naming::UNKNOWN_VARIANT);
    let variants: Vec<String> = spec
        .iter()
        .enumerate()
        .map(|(i, s)| variants.claim(&naming::variant_ident(s, i + 1)))
        .collect();
    let mut variants_and_unknown = variants.clone();
    variants_and_unknown.push(naming::UNKNOWN_VARIANT.to_string());

    let mut types = NameSet::new("");
    for reserved in naming::RESERVED_TYPE_NAMES {
        types.reserve(reserved);
    }
    let types: Vec<String> = spec
        .iter()
        .enumerate()
        .map(|(i, s)| types.claim(&naming::type_ident(s, i + 1)))
        .collect();
    let mut types_and_reserved = types.clone();
    types_and_reserved.extend(
        naming::RESERVED_TYPE_NAMES
            .iter()
            .filter(|s| s.chars().next().is_some_and(char::is_uppercase) && **s != "Self")
            .map(|s| s.to_string()),
    );

    let mut methods = NameSet::new("_");
    let methods: Vec<String> = spec
        .iter()
        .map(|s| {
            let base = naming::method_base(Some(s), None, "GET", "/things/{id}");
            methods.claim(&naming::method_ident(&base))
        })
        .collect();
    let mut client = methods.clone();
    client.extend(naming::CLIENT_METHODS.iter().map(|s| s.to_string()));

    let mut consts = NameSet::new("_");
    let consts: Vec<String> = spec
        .iter()
        .enumerate()
        .map(|(i, s)| consts.claim(&naming::const_ident(s, i + 1)))
        .collect();

    let mut security = NameSet::new("_");
    let kinds = [SetterKind::ApiKey, SetterKind::Bearer, SetterKind::Basic];
    let security: Vec<String> = spec
        .iter()
        .enumerate()
        .map(|(i, s)| security.claim(&naming::security_setter(s, kinds[i % 3])))
        .collect();
    let mut builder = security.clone();
    builder.extend(naming::BUILDER_METHODS.iter().map(|s| s.to_string()));

    vec![
        ("field", fields, Case::Snake),
        ("field setter", field_setters, Case::Snake),
        ("parameter", params, Case::Snake),
        ("parameter or argument", arguments, Case::Snake),
        ("parameter setter", param_setters, Case::Snake),
        ("parameter setter or call's own", call, Case::Snake),
        ("variant", variants, Case::Camel),
        ("variant or Unknown", variants_and_unknown, Case::Camel),
        ("type", types, Case::Camel),
        ("type or reserved", types_and_reserved, Case::Camel),
        ("method", methods, Case::Snake),
        ("method or client's own", client, Case::Snake),
        ("constant", consts, Case::UpperSnake),
        ("security setter", security, Case::Snake),
        ("security setter or builder's own", builder, Case::Snake),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn identifiers_are_distinct_valid_and_stable(
        spec in proptest::collection::vec(spec_name(), 0..16),
        extra in spec_name(),
    ) {
        let names = scopes(&spec);
        for (what, list, case) in &names {
            check_scope(what, list, *case)?;
        }
        // Same input, same output.
        let again = scopes(&spec);
        for ((what, a, _), (_, b, _)) in names.iter().zip(&again) {
            prop_assert_eq!(a, b, "{} not deterministic", what);
        }
        // A name added at the end changes none of the earlier ones.
        let mut longer = spec.clone();
        longer.push(extra);
        for ((what, short, _), (_, long, _)) in names.iter().zip(&scopes(&longer)) {
            // The scopes with fixed names appended compare on the spec part.
            let n = spec.len();
            prop_assert_eq!(&short[..n], &long[..n], "{} changed by an added name", what);
        }
    }

    /// The component-schema path: namespace prefixes dropped where no
    /// collision results, then made unique like every other type.
    #[test]
    fn short_type_names_are_distinct_and_valid(
        spec in proptest::collection::vec(spec_name(), 0..16),
    ) {
        let keys: Vec<&str> = spec.iter().map(String::as_str).collect();
        let mut types = NameSet::new("");
        for reserved in naming::RESERVED_TYPE_NAMES {
            types.reserve(reserved);
        }
        let names: Vec<String> = naming::short_type_names(&keys)
            .iter()
            .map(|base| types.claim(base))
            .collect();
        check_scope("component type", &names, Case::Camel)?;
    }
}

#[test]
fn the_reported_collisions() {
    let spec: Vec<String> = ["type", "@type", "union", "self", "Self", "gen", "path"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let names = scopes(&spec);
    let get = |what: &str| names.iter().find(|(w, ..)| *w == what).unwrap().1.clone();
    assert_eq!(
        get("field"),
        ["type_", "type_2", "union", "self_", "self_2", "gen_", "path"]
    );
    assert_eq!(
        get("parameter"),
        ["type_", "type_2", "union", "self_", "self_2", "gen_", "path_"]
    );
    assert_eq!(
        get("field setter"),
        [
            "with_type_",
            "with_type_2",
            "with_union",
            "with_self_",
            "with_self_2",
            "with_gen_",
            "with_path"
        ]
    );
    assert_eq!(
        get("variant"),
        [
            "Type",
            "Type2",
            "Union",
            "SelfValue",
            "SelfValue2",
            "Gen",
            "Path"
        ]
    );
}
