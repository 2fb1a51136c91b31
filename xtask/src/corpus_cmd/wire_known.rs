//! Failures of `cargo xtask corpus --wire` that were looked into and found
//! to be a spec's or Prism's, not the client's or the driver's: each named
//! as its own cause, so the table tells them from what is still open.
//!
//! One row per finding: the spec, a fragment of the cause as
//! `wire_report.rs` words it, and the class, which says whose fault it is
//! and why. A row matches nothing once the failure is gone.

/// `(spec file, cause fragment, class)`.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "pagerduty__openapiv3.json",
        "must match pattern",
        // `change_since` declares `format: date-time` and
        // `pattern: YYYY-MM-DDThh:mm:ssZ`, a description of the format,
        // not a regular expression: no date-time matches both.
        "spec: a pattern that is a picture of the format (YYYY-MM-DDThh:mm:ssZ), which no date-time matches",
    ),
    (
        "pagerduty__openapiv3.json",
        "must match exactly one schema in oneOf",
        // The automation action and runner PUT bodies and the cache
        // variable PUT bodies (which have no example) are a `oneOf` of
        // variants without required properties: a value built from
        // required fields alone matches more than one (the action's and
        // runner's variants differ only by a discriminator, which Prism's
        // validator does not apply).
        "spec: oneOf variants without required properties, which a value of required fields alone matches more than once",
    ),
    (
        "github__api.github.com.json",
        "workflow_id must match exactly one schema in oneOf",
        // The Actions workflow operations declare `workflow_id` as
        // `oneOf: [integer, string]`: in a path every number is both.
        "spec: a path parameter that is oneOf integer or string, which every number matches twice",
    ),
];

/// The class of a cause that was looked into, in place of the cause;
/// else the cause itself.
pub(super) fn classify(spec: &str, cause: String) -> String {
    KNOWN
        .iter()
        .find(|(s, fragment, _)| *s == spec && cause.contains(fragment))
        .map(|(_, _, class)| format!("{class} [{cause}]"))
        .unwrap_or(cause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_cause_is_named_with_its_class() {
        let cause =
            "request not accepted: Request query parameter since must match pattern".to_string();
        let named = classify("pagerduty__openapiv3.json", cause.clone());
        assert!(named.starts_with("spec: a pattern"), "{named}");
        assert!(named.ends_with(&format!("[{cause}]")), "{named}");
        assert_eq!(classify("other.json", cause.clone()), cause);
    }
}
