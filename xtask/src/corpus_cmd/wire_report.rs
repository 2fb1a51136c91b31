//! What `cargo xtask corpus --wire` makes of the drivers' JSON lines: per
//! spec the counts (operations, driven, accepted, decoded static and
//! dynamic, bodies sent other than given), the failures grouped by cause,
//! and the judgement against `tests/corpus-wire-expectations.tsv`.
//!
//! Known Prism limits are causes of their own, named as such: a 500 of
//! Prism's (a schema it cannot fake), a declared `Content-Type` header
//! parameter it enforces, a call it never answers.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::wire::WIRE_EXPECTATIONS;

/// The driver's lines of one spec: the static run, then one per seed.
pub(super) struct Runs {
    pub(super) static_run: Vec<Value>,
    pub(super) dynamic: Vec<Vec<Value>>,
}

/// The column names of the counts, in file order.
const COLUMNS: [&str; 6] = [
    "operations",
    "driven",
    "accepted",
    "decoded_static",
    "decoded_dynamic",
    "body_different",
];

/// How many examples each cause keeps.
const EXAMPLES: usize = 3;

/// One spec's wire outcome.
#[derive(Debug, Default)]
pub(super) struct WireRow {
    pub(super) spec: String,
    /// Why the spec was not driven at all (generator, compile, Prism).
    failed: Option<String>,
    operations: usize,
    driven: usize,
    accepted: usize,
    decoded_static: usize,
    decoded_dynamic: usize,
    body_different: usize,
    /// What the copy of the spec Prism read changes (`wire_offline.rs`).
    pub(super) notes: Vec<String>,
    /// How long its Prism boots and driver runs took.
    pub(super) elapsed: Option<std::time::Duration>,
    /// Cause → (count, a few `operation: detail` examples).
    causes: BTreeMap<String, (usize, Vec<String>)>,
}

impl WireRow {
    pub(super) fn failed(spec: &str, why: &str) -> WireRow {
        WireRow {
            spec: spec.to_string(),
            failed: Some(why.to_string()),
            ..WireRow::default()
        }
    }

    /// The counts, in [`COLUMNS`] order.
    pub(super) fn counts(&self) -> Vec<usize> {
        vec![
            self.operations,
            self.driven,
            self.accepted,
            self.decoded_static,
            self.decoded_dynamic,
            self.body_different,
        ]
    }

    fn add(&mut self, cause: String, example: String) {
        let entry = self.causes.entry(cause).or_default();
        entry.0 += 1;
        if entry.1.len() < EXAMPLES {
            entry.1.push(example);
        }
    }
}

fn text<'a>(line: &'a Value, key: &str) -> &'a str {
    line[key].as_str().unwrap_or_default()
}

/// The type of a Prism error answer (`NO_PATH_MATCHED_ERROR`), if it is one.
fn prism_error(line: &Value) -> Option<&str> {
    let body = text(line, "response");
    let at = body.find("stoplight.io/prism/errors#")?;
    let rest = &body[at + "stoplight.io/prism/errors#".len()..];
    Some(
        rest.split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
            .next()
            .unwrap_or(rest),
    )
}

/// Prism errors that refuse the request itself (no route, no credential,
/// a body or media type it will not take), as opposed to its limits.
const REFUSALS: &[&str] = &[
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "NO_SERVER_MATCHED_ERROR",
    "UNAUTHORIZED",
    "UNPROCESSABLE_ENTITY",
    "NOT_ACCEPTABLE",
    "INVALID_CONTENT_TYPE",
];

/// The violations Prism reported (`sl-violations`), split into those of the
/// request and those of its own answer (an example or a generated body that
/// breaks the response schema: the spec's fault or Prism's, not the client's).
fn violations(line: &Value) -> (Vec<Value>, Vec<Value>) {
    let Some(header) = line["violations"].as_str() else {
        return (refusal_reasons(line), Vec::new());
    };
    let all = match serde_json::from_str::<Value>(header) {
        Ok(Value::Array(all)) => all,
        // Prism cuts a long list short (`Too many violations! [{…`, not JSON): the
        // locations it still names tell whose they are.
        _ if !header.contains(r#""location":["request""#)
            && header.contains(r#""location":["response""#) =>
        {
            vec![serde_json::json!({ "location": ["response"], "message": header })]
        }
        // Unreadable: counted against the request, never hidden.
        _ => vec![serde_json::json!({ "location": ["request"], "message": header })],
    };
    all.into_iter()
        .partition(|v| v["location"].get(0).and_then(Value::as_str) != Some("response"))
}

/// The `validation` list of Prism's own 422 problem body (it answers so
/// when a request breaks the spec and the spec documents no 4xx for it; the
/// `sl-violations` header is then absent), as request violations.
fn refusal_reasons(line: &Value) -> Vec<Value> {
    if prism_error(line) != Some("UNPROCESSABLE_ENTITY") {
        return Vec::new();
    }
    let Ok(body) = serde_json::from_str::<Value>(text(line, "response")) else {
        return Vec::new();
    };
    let Some(found) = body["validation"].as_array() else {
        return Vec::new();
    };
    found
        .iter()
        .map(|v| {
            let mut location = vec![Value::from("request")];
            location.extend(v["location"].as_array().into_iter().flatten().cloned());
            serde_json::json!({ "location": location, "message": v["message"] })
        })
        .collect()
}

/// Whether Prism took the request: an answer with no request violation and
/// no refusal of its own.
fn accepted(line: &Value) -> bool {
    line["sent"] == true
        && line["status"].is_u64()
        && violations(line).0.is_empty()
        && !prism_error(line).is_some_and(|e| REFUSALS.contains(&e))
}

fn decoded(line: &Value) -> bool {
    accepted(line) && matches!(text(line, "outcome"), "ok" | "api_error")
}

/// Text with its quoted and backticked specifics cut, so causes group.
fn general(text: &str) -> String {
    let cut = text.split(['`', '"']).next().unwrap_or(text).trim();
    cut.chars().take(90).collect()
}

/// The cause of a line that did not decode; `None` when it did.
fn cause(line: &Value, mode: &str) -> Option<String> {
    if decoded(line) {
        return None;
    }
    let outcome = text(line, "outcome");
    if outcome == "not_driven" {
        return Some(format!("not driven: {}", general(text(line, "detail"))));
    }
    let (request, response) = violations(line);
    // A declared `Content-Type` header parameter, which OpenAPI says to
    // ignore, is Prism's to enforce: the cause only when nothing else is.
    let (content_type, request): (Vec<_>, Vec<_>) = request
        .into_iter()
        .partition(|v| v.to_string().to_ascii_lowercase().contains("content-type"));
    if let Some(first) = request.first() {
        let message = first["message"].as_str().unwrap_or_default();
        return Some(format!("request not accepted: {}", general(message)));
    }
    if !content_type.is_empty() {
        return Some("Prism limit: enforces a declared Content-Type header parameter".into());
    }
    let answer = match response.first() {
        Some(first) => format!(
            " (Prism's answer breaks the spec: {})",
            general(first["message"].as_str().unwrap_or_default())
        ),
        None => String::new(),
    };
    if let Some(error) = prism_error(line) {
        return Some(if REFUSALS.contains(&error) {
            format!("request not accepted: Prism {error}")
        } else {
            format!("Prism limit: {error} (it answers {})", line["status"])
        });
    }
    Some(match outcome {
        "decode_error" => format!("decode error ({mode}){answer}"),
        "unexpected_status" => format!("unexpected status {} ({mode}){answer}", line["status"]),
        "timeout" => "timeout: no answer (Prism never answers some malformed bodies)".into(),
        "transport" => "transport error".into(),
        "invalid_request" => format!(
            "invalid request, not sent: {}",
            general(text(line, "detail"))
        ),
        other => format!("{other} ({mode})"),
    })
}

/// The row of one spec from its runs.
pub(super) fn tally(spec: &str, runs: &Runs) -> WireRow {
    let mut row = WireRow {
        spec: spec.to_string(),
        ..WireRow::default()
    };
    row.operations = runs.static_run.len();
    for (index, line) in runs.static_run.iter().enumerate() {
        let op = text(line, "op");
        row.driven += usize::from(text(line, "outcome") != "not_driven");
        row.accepted += usize::from(accepted(line));
        row.decoded_static += usize::from(decoded(line));
        let check = text(line, "body_check");
        if !check.is_empty() && !check.ends_with(": same") {
            row.body_different += 1;
            row.add(
                "body: the JSON sent is not the JSON given".into(),
                format!("{op}: {check}"),
            );
        }
        let all_dynamic = runs.dynamic.iter().all(|run| {
            run.get(index)
                .is_some_and(|l| text(l, "op") == op && decoded(l))
        });
        row.decoded_dynamic += usize::from(all_dynamic && !runs.dynamic.is_empty());
    }
    let modes = std::iter::once(("static", &runs.static_run))
        .chain(runs.dynamic.iter().map(|run| ("dynamic", run)));
    for (mode, run) in modes {
        for line in run {
            if let Some(cause) = cause(line, mode) {
                let cause = super::wire_known::classify(spec, cause);
                let detail = match text(line, "detail") {
                    "" => text(line, "violations"),
                    detail => detail,
                };
                let detail: String = detail.chars().take(200).collect();
                row.add(
                    cause,
                    format!("{} ({}): {detail}", text(line, "op"), text(line, "method")),
                );
            }
        }
    }
    row
}

/// One spec's causes, under its name.
pub(super) fn print_spec(row: &WireRow) {
    println!("== {}", row.spec);
    if let Some(why) = &row.failed {
        println!("   not driven: {why}");
        return;
    }
    if let Some(elapsed) = row.elapsed {
        println!("   driven in {:.0?} (Prism boots and every run)", elapsed);
    }
    for note in &row.notes {
        println!("   Prism reads a copy: {note}");
    }
    let mut causes: Vec<_> = row.causes.iter().collect();
    causes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (cause, (count, examples)) in causes {
        println!("   {count:>4}  {cause}");
        for example in examples {
            println!("            e.g. {example}");
        }
    }
}

/// The wire table.
pub(super) fn print_table(rows: &[WireRow]) {
    println!(
        "{:<46} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8}",
        "spec", "ops", "driven", "accepted", "dec.stat", "dec.dyn", "body≠"
    );
    for row in rows {
        let c = row.counts();
        println!(
            "{:<46} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8}{}",
            row.spec,
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            if row.failed.is_some() {
                "  (not driven)"
            } else {
                ""
            }
        );
    }
}

/// The expectations: spec → counts in [`COLUMNS`] order.
pub(super) fn read(path: &Path) -> Result<BTreeMap<String, Vec<usize>>> {
    let mut found = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(found);
    };
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("spec\t") || line.trim().is_empty() {
            continue;
        }
        let mut cells = line.split('\t');
        let spec = cells.next().unwrap_or_default().to_string();
        let counts = cells
            .map(str::parse)
            .collect::<Result<Vec<usize>, _>>()
            .ok()
            .filter(|c| c.len() == COLUMNS.len())
            .with_context(|| format!("{WIRE_EXPECTATIONS}:{}: malformed line", number + 1))?;
        found.insert(spec, counts);
    }
    Ok(found)
}

pub(super) fn write(path: &Path, expected: &BTreeMap<String, Vec<usize>>) -> Result<()> {
    let mut out = String::from(
        "# Each corpus spec's client driven against Prism by `cargo xtask corpus --wire`:\n\
         # operations, driven, requests accepted, responses decoded (static; every\n\
         # dynamic run), bodies sent other than given. The command fails when a count\n\
         # falls (body_different: rises); `cargo xtask corpus --wire --update` rewrites it.\n",
    );
    out.push_str(&format!("spec\t{}\n", COLUMNS.join("\t")));
    for (spec, counts) in expected {
        let cells: Vec<String> = counts.iter().map(usize::to_string).collect();
        out.push_str(&format!("{spec}\t{}\n", cells.join("\t")));
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// Fails when a spec fares worse than its line.
pub(super) fn judge(rows: &[WireRow], expected: &BTreeMap<String, Vec<usize>>) -> Result<()> {
    let mut worse = Vec::new();
    for row in rows {
        let Some(want) = expected.get(&row.spec) else {
            worse.push(format!(
                "{}: no line in {WIRE_EXPECTATIONS}; run `cargo xtask corpus --wire --update`",
                row.spec
            ));
            continue;
        };
        let now = row.counts();
        for (column, (now, want)) in COLUMNS.iter().zip(now.iter().zip(want)).skip(1) {
            let regressed = if *column == "body_different" {
                now > want
            } else {
                now < want
            };
            if regressed {
                worse.push(format!("{}: {column} {now}, expected {want}", row.spec));
            } else if now != want {
                eprintln!("improved: {}: {column} {now} (was {want})", row.spec);
            }
        }
    }
    if !worse.is_empty() {
        bail!(
            "{} wire counts are worse than {WIRE_EXPECTATIONS}:\n  {}",
            worse.len(),
            worse.join("\n  ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_response_violation_is_not_the_requests_fault() {
        let line = json!({
            "op": "get", "sent": true, "status": 200, "outcome": "decode_error",
            "violations": r#"[{"location":["response","body"],"message":"Response body must be string"}]"#,
        });
        assert!(accepted(&line));
        let cause = cause(&line, "static").unwrap_or_default();
        assert!(
            cause.starts_with("decode error (static) (Prism's answer breaks"),
            "{cause}"
        );
    }

    #[test]
    fn a_cut_short_list_of_the_answer_s_violations_is_not_the_request_s() {
        let line = json!({
            "sent": true, "status": 200, "outcome": "decode_error", "detail": "no variant",
            "violations": r#"Too many violations! [{"location":["response","body","0","id"],"message":"must match pattern"#,
        });
        assert!(accepted(&line));
        let cause = cause(&line, "static").unwrap();
        assert!(
            cause.starts_with("decode error (static) (Prism's answer breaks the spec"),
            "{cause}"
        );
        let line = json!({
            "sent": true, "status": 422, "outcome": "unexpected_status",
            "violations": r#"Too many violations! [{"location":["request","body"],"message":"x"},{"location":["response"#,
        });
        assert!(!accepted(&line));
    }

    #[test]
    fn request_violations_and_prism_limits_are_classified() {
        let refused = json!({
            "sent": true, "status": 422, "outcome": "unexpected_status",
            "violations": r#"[{"location":["request","query","limit"],"message":"must be >= 3"}]"#,
        });
        assert!(!accepted(&refused));
        assert_eq!(
            cause(&refused, "static").as_deref(),
            Some("request not accepted: must be >= 3")
        );
        let content_type = json!({
            "sent": true, "status": 400, "outcome": "api_error",
            "violations": r#"[{"location":["request","header"],"message":"must have required property 'content-type'"}]"#,
        });
        assert!(cause(&content_type, "static")
            .unwrap_or_default()
            .contains("Content-Type"));
        let limit = json!({
            "sent": true, "status": 500, "outcome": "unexpected_status", "violations": null,
            "response": r#"{"type":"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT"}"#,
        });
        assert!(accepted(&limit));
        assert_eq!(
            cause(&limit, "dynamic").as_deref(),
            Some("Prism limit: NO_COMPLEX_OBJECT_TEXT (it answers 500)")
        );
        let ok = json!({ "sent": true, "status": 200, "outcome": "ok", "violations": null });
        assert_eq!(cause(&ok, "static"), None);
    }

    #[test]
    fn prism_s_own_422_says_why_in_its_body() {
        let body = json!({
            "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
            "status": 422,
            "validation": [
                { "location": ["header"], "code": "required",
                  "message": "must have required property 'content-type'" },
                { "location": ["body", "user"], "code": "minLength",
                  "message": "Request body property user.email must NOT have fewer than 6 characters" }
            ]
        });
        let mut line = json!({
            "op": "a", "sent": true, "status": 422, "outcome": "unexpected_status",
            "violations": null, "response": body.to_string(),
        });
        assert!(!accepted(&line));
        assert_eq!(
            cause(&line, "static").as_deref(),
            Some("request not accepted: Request body property user.email must NOT have fewer than 6 characters")
        );
        // The declared Content-Type alone: Prism's limit.
        line["response"] = json!({
            "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
            "validation": [{ "location": ["header"], "message": "must have required property 'content-type'" }]
        })
        .to_string()
        .into();
        assert_eq!(
            cause(&line, "static").as_deref(),
            Some("Prism limit: enforces a declared Content-Type header parameter")
        );
    }

    #[test]
    fn tally_counts_dynamic_only_when_every_run_decodes() {
        let ok =
            json!({ "op": "a", "sent": true, "status": 200, "outcome": "ok", "violations": null });
        let bad = json!({ "op": "a", "sent": true, "status": 200, "outcome": "decode_error",
                          "violations": null, "detail": "missing field" });
        let runs = Runs {
            static_run: vec![ok.clone()],
            dynamic: vec![vec![ok], vec![bad]],
        };
        let row = tally("spec", &runs);
        assert_eq!(row.counts(), vec![1, 1, 1, 1, 0, 0]);
        assert_eq!(
            row.causes.get("decode error (dynamic)").map(|c| c.0),
            Some(1)
        );
    }
}
