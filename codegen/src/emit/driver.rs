//! The wire driver of `cargo xtask corpus --wire`: the `main.rs` of a binary
//! that calls every operation of a generated client once, against the base
//! URL in `LINKGEN_DRIVE_BASE` (a mock server), and prints each outcome as
//! one JSON line.
//!
//! Emitted from the IR (the generator knows every signature; parsing the
//! generated source would second-guess it), with the argument values of the
//! README's example (`example::Builder`, in its mode that sends the IR's
//! samples: `ir::Sample`, decided by `lower/sample.rs`). A JSON body whose type has an example in the spec is that
//! example, decoded into the body type; the line then says whether what the
//! client serializes equals what it was given (the "silently sends less"
//! defect). A built body is checked by a round trip through its own
//! `Deserialize` instead (the decoder that also reads responses).

use std::fmt::Write as _;

use super::calls::{pass_of, Pass};
use super::example::Builder;
use super::{idents, tyref, Ctx};
use crate::ir::{
    BodyEncoding, Operation, RequestBody, Sample, SecurityKind, TypeDef, TypeKind, TypeRef,
};
use crate::Result;

/// The driver's fixed part: reporting, comparing, `main`'s setup.
const PRELUDE: &str = r#"
/// One JSON line on stdout per operation: what `cargo xtask corpus --wire` reads.
fn line(op: &str, method: &str, fields: serde_json::Value) {
    let mut object = serde_json::json!({ "op": op, "method": method });
    if let (Some(object), serde_json::Value::Object(fields)) = (object.as_object_mut(), fields) {
        object.extend(fields);
    }
    println!("{object}");
}

fn not_driven(op: &str, method: &str, why: &str) {
    line(op, method, serde_json::json!({ "sent": false, "outcome": "not_driven", "detail": why }));
}

/// The first JSON pointer where `sent` differs from `given`.
fn difference(given: &serde_json::Value, sent: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (given, sent) {
        (Value::Object(g), Value::Object(s)) => {
            for (key, value) in g {
                let here = format!("{at}/{key}");
                match s.get(key) {
                    Some(other) => {
                        if let Some(found) = difference(value, other, &here) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("{here} dropped")),
                }
            }
            s.keys().find(|k| !g.contains_key(*k)).map(|k| format!("{at}/{k} added"))
        }
        (Value::Array(g), Value::Array(s)) if g.len() == s.len() => g
            .iter()
            .zip(s)
            .enumerate()
            .find_map(|(i, (g, s))| difference(g, s, &format!("{at}/{i}"))),
        // Numbers compare by value: `1` given, `1.0` sent is the same number.
        (Value::Number(g), Value::Number(s)) if g.as_f64() == s.as_f64() => None,
        _ if given == sent => None,
        _ => Some(format!("{at} given {given}, sent {sent}")),
    }
}

/// `same`, or where the JSON the client sends differs from the one given.
fn compare(given: &serde_json::Value, sent: Result<serde_json::Value, serde_json::Error>) -> String {
    match sent {
        Ok(sent) => match difference(given, &sent, "") {
            None => "same".into(),
            Some(at) => format!("different: {at}"),
        },
        Err(error) => format!("unserializable: {error}"),
    }
}

/// A built body through its own `Deserialize` and back: what a caller who
/// passed that JSON would have sent.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(body: &T) -> String {
    let given = match serde_json::to_value(body) {
        Ok(given) => given,
        Err(error) => return format!("unserializable: {error}"),
    };
    match serde_json::from_value::<T>(given.clone()) {
        Ok(back) => compare(&given, serde_json::to_value(&back)),
        Err(error) => format!("does not decode its own JSON: {error}"),
    }
}

fn violations(headers: Option<&linkgen_runtime::HeaderMap>) -> serde_json::Value {
    headers
        .and_then(|h| h.get("sl-violations"))
        .map(|v| serde_json::Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .unwrap_or(serde_json::Value::Null)
}

fn report<T, E: std::fmt::Display>(
    op: &str,
    method: &str,
    optional: usize,
    body: Option<String>,
    outcome: Result<linkgen_runtime::WithMetadata<T>, Error<E>>,
) {
    let mut fields = serde_json::json!({ "optional_set": optional, "body_check": body });
    let extra = match &outcome {
        Ok(answer) => serde_json::json!({
            "sent": true,
            "status": answer.metadata.status.as_u16(),
            "outcome": "ok",
            "violations": violations(Some(&answer.metadata.headers)),
        }),
        Err(error) => {
            let kind = match error {
                Error::Api(_) => "api_error",
                Error::UnexpectedStatus(_) => "unexpected_status",
                Error::Decode(_) => "decode_error",
                Error::ResponseTooLarge(_) => "too_large",
                Error::Timeout { .. } => "timeout",
                Error::Transport { .. } => "transport",
                Error::MissingCredentials(_) | Error::InvalidRequest(_) => "invalid_request",
                _ => "other",
            };
            // A Prism problem body whole: its `validation` list says why
            // it refused the request when the spec documents no 4xx.
            let body: String = error
                .body()
                .map(|b| {
                    let text = String::from_utf8_lossy(b);
                    let keep = if text.contains("stoplight.io/prism/errors#") { 4000 } else { 300 };
                    text.chars().take(keep).collect()
                })
                .unwrap_or_default();
            let detail: String = error.to_string().chars().take(300).collect();
            serde_json::json!({
                "sent": error.was_sent(),
                "status": error.status().map(|s| s.as_u16()),
                "outcome": kind,
                "detail": detail,
                "response": body,
                "violations": violations(error.headers()),
            })
        }
    };
    if let (Some(fields), serde_json::Value::Object(extra)) = (fields.as_object_mut(), extra) {
        fields.extend(extra);
    }
    line(op, method, fields);
}
"#;

/// The `main.rs` of the driver of the crate `ctx` emits.
pub(crate) fn main_rs(ctx: &Ctx<'_>) -> Result<String> {
    let lib = idents::lib_name(ctx, &ctx.options.crate_name)?.to_string();
    let mut b = Builder::new(ctx, &lib, true);
    let mut functions = String::new();
    let mut calls = String::new();
    for (index, op) in ctx.api.operations.iter().enumerate() {
        let saved = b.imports.clone();
        let body = match operation(ctx, &mut b, &lib, op)? {
            Ok(body) => body,
            Err(why) => {
                b.imports = saved;
                format!("    not_driven(OP, METHOD, {why:?});\n")
            }
        };
        let _ = write!(
            functions,
            "\nasync fn op_{index}(client: &Client, timeout: std::time::Duration) {{\n    \
             const OP: &str = {:?};\n    const METHOD: &str = {:?};\n    let _ = (client, timeout);\n{body}}}\n",
            op.method_name,
            format!("{} {}", op.http_method.as_str(), op.path.as_str()),
        );
        // Boxed: `main`'s future then holds a pointer per call, not every
        // call's future (which, in a debug build of ~1000 operations,
        // overflows the stack before the first call).
        let _ = writeln!(calls, "    Box::pin(op_{index}(&client, timeout)).await;");
    }
    let mut out = String::from(
        "//! Generated by `cargo xtask corpus --wire`: calls every operation once.\n\
         #![allow(deprecated, unused_imports, unused_variables, clippy::all)]\n\n",
    );
    let _ = writeln!(
        out,
        "use {lib}::linkgen_runtime::{{self, chrono, serde, serde_json, Error}};\nuse {lib}::Client;"
    );
    for import in &b.imports {
        let _ = writeln!(out, "use {import};");
    }
    out.push_str(PRELUDE);
    out.push_str(
        "\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    \
         let base = std::env::var(\"LINKGEN_DRIVE_BASE\").unwrap_or_else(|_| \"http://127.0.0.1:4010\".into());\n    \
         let seconds = std::env::var(\"LINKGEN_DRIVE_TIMEOUT\").ok().and_then(|s| s.parse().ok()).unwrap_or(20);\n    \
         let timeout = std::time::Duration::from_secs(seconds);\n    \
         let mut builder = Client::builder().base_url(base)",
    );
    // Every scheme set: a mock server checks that some credential is there.
    for scheme in &ctx.api.security_schemes {
        let setter = &scheme.setter;
        let _ = match scheme.kind {
            SecurityKind::Basic => write!(out, ".{setter}(\"user\", \"password\")"),
            _ => write!(out, ".{setter}(\"token\")"),
        };
    }
    out.push_str(
        ";\n    \
         // `Prefer: dynamic=false` asks Prism for the spec's examples.\n    \
         if let Ok(prefer) = std::env::var(\"LINKGEN_DRIVE_PREFER\") {\n        \
         builder = builder.header(\"Prefer\", &prefer);\n    }\n    \
         let client = match builder.build() {\n        Ok(client) => client,\n        \
         Err(error) => {\n            eprintln!(\"driver: the client does not build: {error}\");\n            \
         std::process::exit(2);\n        }\n    };\n",
    );
    out.push_str(&calls);
    out.push_str("}\n");
    out.push_str(&functions);
    Ok(out)
}

/// The statements of one operation's function, or why it is not driven.
fn operation(
    ctx: &Ctx<'_>,
    b: &mut Builder<'_, '_>,
    lib: &str,
    op: &Operation,
) -> Result<std::result::Result<String, String>> {
    let mut out = String::new();
    let mut args = Vec::new();
    for p in op.required_params() {
        let pass = pass_of(ctx, op, &p.ty)?;
        match b.sampled_argument(&p.ty, p.wire_name.as_str(), pass, p.sample.as_ref())? {
            Some(arg) => args.push(arg),
            None => {
                return Ok(Err(format!(
                    "no value can be built for the required {} parameter `{}`",
                    p.location.as_str(),
                    p.wire_name
                )))
            }
        }
    }
    let mut check = "None".to_string();
    let mut body_setter = None;
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| b.primary().encoding != BodyEncoding::Empty)
    {
        // The preferred body (with a choice, its value converts into it).
        let (required, whole, body) = (body.required, body, body.primary());
        let built = b.body_argument(op)?;
        let named = match tyref::resolve(ctx, &body.ty, &op.pointer)? {
            TypeRef::Named(id) if body.encoding == BodyEncoding::Json => {
                let def = ctx.typedef(*id, &op.pointer)?;
                matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)).then_some(def)
            }
            _ => None,
        };
        let arg = match (named, built) {
            // The spec's example, decoded into the body type; a built value
            // when it does not decode.
            (Some(def), built) if !examples(whole, def).is_empty() => {
                let examples = examples(whole, def);
                let ty = format!("{lib}::types::{}", def.name);
                let fallback = match &built {
                    Some((lets, arg)) if arg == "&body" => {
                        let value = lets
                            .last()
                            .map(|l| l.trim_start_matches("let body = ").trim_end_matches(';'))
                            .unwrap_or_default();
                        format!(
                            "{{ body_check = Some(format!(\"example does not decode ({{error}}); built: {{}}\", round_trip(&{value}))); {value} }}"
                        )
                    }
                    _ => "return not_driven(OP, METHOD, &format!(\"the spec's example does not decode: {error}\"))".into(),
                };
                decode_example(&mut out, &ty, &examples, &fallback);
                check = "body_check".into();
                Some("&body".to_string())
            }
            (named, Some((lets, arg))) => {
                for l in &lets {
                    let _ = writeln!(out, "    {l}");
                }
                if named.is_some() && arg == "&body" {
                    check = "Some(format!(\"built: {}\", round_trip(&body)))".into();
                }
                Some(arg)
            }
            (_, None) if required => {
                return Ok(Err(format!(
                    "no value can be built for the {} request body",
                    body.content_type
                )))
            }
            (_, None) => None,
        };
        match arg {
            Some(arg) if required => args.push(arg),
            Some(arg) => body_setter = Some(arg),
            None => {}
        }
    }
    let mut setters = String::new();
    let mut optional = 0;
    for p in op.optional_params() {
        // A declared `Content-Type` header parameter fights the body's own.
        if p.wire_name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        // Prism refuses a deprecated parameter ("… is deprecated"), and
        // the spec asks callers not to send it.
        if p.deprecated.is_some() {
            continue;
        }
        let pass = pass_of(ctx, op, &p.ty)?;
        let saved = b.imports.clone();
        // An optional array without a sample stays empty (not sent): one
        // built item is only for a required one, which must be there (an
        // array of objects in a query has no defined form to send it in).
        let arg = if pass == Pass::Slice && p.sample.is_none() {
            Some("&[]".to_string())
        } else {
            b.sampled_argument(&p.ty, p.wire_name.as_str(), pass, p.sample.as_ref())?
        };
        match arg {
            Some(arg) => {
                let _ = write!(setters, "\n        .{}({arg})", p.setter);
                optional += 1;
            }
            None => b.imports = saved,
        }
    }
    if let Some(arg) = body_setter {
        let _ = write!(setters, "\n        .body({arg})");
    }
    let _ = write!(
        out,
        "    let outcome = client\n        .{}({}){setters}\n        \
         .timeout(timeout)\n        .max_retries(0)\n        .with_metadata()\n        .await;\n    \
         report(OP, METHOD, {optional}, {check}, outcome);\n",
        op.method_name,
        args.join(", ")
    );
    Ok(Ok(out))
}

/// The JSON examples of a body, in the order the driver tries them: the
/// operation's own (its media type's, `ir::Sample::Json`), then its type's.
fn examples<'i>(body: &'i RequestBody, def: &'i TypeDef) -> Vec<&'i str> {
    let own = match &body.sample {
        Some(Sample::Json(json)) => Some(json.as_str()),
        _ => None,
    };
    own.into_iter().chain(def.example.as_deref()).collect()
}

/// The statements that set `body` (of type `ty`) to the first of
/// `examples` that decodes into it, and `body_check` to whether it
/// serializes back to the same JSON; `fallback` (which may read `error`,
/// every example's decode error) when none decodes.
fn decode_example(out: &mut String, ty: &str, examples: &[&str], fallback: &str) {
    let texts: Vec<String> = examples.iter().map(|e| raw(e)).collect();
    let _ = write!(
        out,
        "    let mut body_check = None;\n    \
         let mut errors = Vec::new();\n    \
         let mut decoded: Option<{ty}> = None;\n    \
         for text in [{}] {{\n        \
         let given: serde_json::Value = serde_json::from_str(text).unwrap_or_default();\n        \
         match serde_json::from_value::<{ty}>(given.clone()) {{\n            \
         Ok(body) => {{ body_check = Some(format!(\"example: {{}}\", compare(&given, serde_json::to_value(&body)))); decoded = Some(body); break; }}\n            \
         Err(error) => errors.push(error.to_string()),\n        }}\n    }}\n    \
         let body: {ty} = match decoded {{\n        \
         Some(body) => body,\n        \
         None => {{ let error = errors.join(\"; \"); {fallback} }}\n    }};\n",
        texts.join(", ")
    );
}

/// A raw string literal holding `text`.
fn raw(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}
