//! The usage example of the README (and so of the crate docs, where it is a
//! `no_run` doctest that must compile): build a client, call one operation,
//! handle its errors, then call it again with per-call options and read the
//! response's metadata.
//!
//! The operation is the first non-deprecated one whose arguments can all be
//! built from literals (`"text"`, `1`, `true`, the first enum value,
//! `Type::new(…)`, `Type::default()`…). When none can, the example only builds
//! the client.

use std::collections::BTreeSet;

mod samples;

use super::calls::{pass_of, Pass};
use super::tyref;
use super::Ctx;
use crate::ir::{BodyEncoding, Operation, SecurityKind, TypeKind, TypeRef};
use crate::Result;

/// How deep constructor calls may nest in the example.
const MAX_DEPTH: usize = 3;

/// At most this many items in a sampled array.
const MAX_ITEMS: usize = 16;

/// Names the example imports from the crate root.
const ROOT_NAMES: &[&str] = &["Client", "Environment", "Error"];

/// Builds argument values as Rust expressions from the IR: the README's
/// example, and the wire driver of `cargo xtask corpus --wire`
/// (`driver.rs`), so both call operations with the same values.
pub(crate) struct Builder<'c, 'a> {
    ctx: &'c Ctx<'a>,
    lib: String,
    pub(crate) imports: BTreeSet<String>,
    /// For the driver: a parameter, field or string body takes the IR's
    /// sample when it has one (`ir::Sample`: a mock server checks the
    /// patterns, formats and bounds a name hint does not meet). The README
    /// keeps its plain hints.
    examples: bool,
}

impl<'c, 'a> Builder<'c, 'a> {
    /// A builder; `examples`: use the spec's field examples (the driver).
    pub(crate) fn new(ctx: &'c Ctx<'a>, lib: &str, examples: bool) -> Self {
        Builder {
            ctx,
            lib: lib.to_string(),
            imports: BTreeSet::new(),
            examples,
        }
    }

    /// `Name` (imported) or the full path when the short name is taken.
    fn path(&mut self, module: &str, name: &str) -> String {
        let bare = name.trim_start_matches("r#");
        let clash = ROOT_NAMES.contains(&bare)
            || self.imports.iter().any(|i| {
                i.rsplit("::").next() == Some(bare) && !i.ends_with(&format!("{module}::{bare}"))
            });
        if clash {
            format!("{}::{module}::{name}", self.lib)
        } else {
            self.imports
                .insert(format!("{}::{module}::{name}", self.lib));
            name.to_string()
        }
    }

    /// An owned value of `ty` (or a literal accepted by `impl Into<String>`;
    /// strings show `hint`, the name of what they fill).
    pub(crate) fn value(
        &mut self,
        ty: &TypeRef,
        hint: &str,
        depth: usize,
    ) -> Result<Option<String>> {
        if depth > MAX_DEPTH {
            return Ok(None);
        }
        // An alias is written as what it stands for.
        let ty = tyref::resolve(self.ctx, ty, "")?;
        Ok(match ty {
            TypeRef::String => Some(self.text(hint)),
            TypeRef::Bool => Some("true".into()),
            TypeRef::Integer(_) => Some("1".into()),
            TypeRef::Float(_) => Some("1.0".into()),
            TypeRef::DateTime => Some("chrono::Utc::now().fixed_offset()".into()),
            TypeRef::Date => Some("chrono::Utc::now().date_naive()".into()),
            TypeRef::Bytes(_) | TypeRef::Array(_) => Some("Vec::new()".into()),
            TypeRef::Json => Some("serde_json::json!({})".into()),
            TypeRef::Unit => Some("()".into()),
            TypeRef::Map(_) => Some("std::collections::BTreeMap::new()".into()),
            TypeRef::Nullable(_) => Some("None".into()),
            TypeRef::Named(id) => {
                let def = self.ctx.typedef(*id, "")?;
                match &def.kind {
                    TypeKind::Alias(_) => None,
                    TypeKind::StringEnum(e) => {
                        let name = self.path("types", &def.name);
                        Some(match e.variants.first() {
                            Some(v) => format!("{name}::{}", v.name),
                            None => format!("{name}::from({})", text(hint)),
                        })
                    }
                    TypeKind::IntEnum(e) => {
                        let name = self.path("types", &def.name);
                        Some(match e.values.first() {
                            Some((constant, _)) => format!("{name}::{constant}"),
                            None => format!("{name}::new(1)"),
                        })
                    }
                    TypeKind::Union(u) => {
                        let start = self.imports.clone();
                        let mut fallback = None;
                        for variant in &u.variants {
                            let saved = self.imports.clone();
                            let Some(inner) = self.value(&variant.ty, hint, depth + 1)? else {
                                self.imports = saved;
                                continue;
                            };
                            let name = self.path("types", &def.name);
                            let empty = is_empty_object(&inner);
                            // A string literal stands for `impl Into<String>`
                            // elsewhere; a variant holds the `String` itself.
                            let inner =
                                if tyref::resolve(self.ctx, &variant.ty, "")? == &TypeRef::String {
                                    format!("String::from({inner})")
                                } else {
                                    inner
                                };
                            let inner = if variant.boxed && !tyref::is_heap(&variant.ty) {
                                format!("Box::new({inner})")
                            } else {
                                inner
                            };
                            let value = format!("{name}::{}({inner})", variant.name);
                            // The driver passes over a variant whose value is
                            // `{}` while a later one has more: every variant
                            // without required properties matches `{}`, which
                            // a `oneOf` refuses.
                            if !(self.examples && empty) {
                                return Ok(Some(value));
                            }
                            if fallback.is_none() {
                                fallback = Some((value, self.imports.clone()));
                            }
                            self.imports = saved;
                        }
                        match fallback {
                            Some((value, imports)) => {
                                self.imports = imports;
                                Some(value)
                            }
                            None => {
                                self.imports = start;
                                None
                            }
                        }
                    }
                    TypeKind::Struct(s) => {
                        let required: Vec<_> = s
                            .fields
                            .iter()
                            .filter(|f| f.required && !f.nullable)
                            .collect();
                        if required.is_empty() {
                            let name = self.path("types", &def.name);
                            return Ok(Some(format!("{name}::default()")));
                        }
                        let mut args = Vec::new();
                        let saved = self.imports.clone();
                        for field in required {
                            let hint = field.name.trim_start_matches("r#");
                            let arg =
                                match self.sample(&field.ty, field.sample.as_ref(), hint, depth)? {
                                    Some(sample) => sample,
                                    None => match self.value(&field.ty, hint, depth + 1)? {
                                        Some(arg) => arg,
                                        None => {
                                            self.imports = saved;
                                            return Ok(None);
                                        }
                                    },
                                };
                            args.push(match &s.required_args {
                                // A named field is the `String` itself, not
                                // an `impl Into<String>` argument.
                                Some(_)
                                    if tyref::resolve(self.ctx, &field.ty, "")?
                                        == &TypeRef::String =>
                                {
                                    format!("{}: String::from({arg})", field.name)
                                }
                                Some(_) => format!("{}: {arg}", field.name),
                                None => arg,
                            });
                        }
                        let name = self.path("types", &def.name);
                        match &s.required_args {
                            Some(required) => {
                                let required = self.path("types", required);
                                Some(format!("{name}::new({required} {{ {} }})", args.join(", ")))
                            }
                            None => Some(format!("{name}::new({})", args.join(", "))),
                        }
                    }
                }
            }
        })
    }

    /// A string literal for `hint`: its name; in driver mode, a UUID for a
    /// name that ends in `id` (the IR keeps no `format`, and a mock server
    /// checks `format: uuid`, the usual format of ids; a UUID is a valid
    /// string of no format too).
    fn text(&self, hint: &str) -> String {
        if self.examples && hint.to_ascii_lowercase().ends_with("id") {
            return "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"".into();
        }
        text(hint)
    }

    /// An argument passed as `pass`.
    pub(crate) fn argument(
        &mut self,
        ty: &TypeRef,
        hint: &str,
        pass: Pass,
    ) -> Result<Option<String>> {
        Ok(match pass {
            Pass::Str => Some(self.text(hint)),
            Pass::Slice => Some(self.one_item(ty, hint)?.unwrap_or_else(|| "&[]".into())),
            Pass::Value => self.value(ty, hint, 0)?,
            Pass::Ref => self.value(ty, hint, 0)?.map(|v| format!("&{v}")),
        })
    }

    /// A multipart body's form with its required parts (a file part: a few
    /// bytes named `data.bin`), if all can be built.
    fn form(&mut self, op: &Operation, form: &crate::ir::Form) -> Result<Option<String>> {
        let lib = self.lib.clone();
        let file = format!(
            "{lib}::linkgen_runtime::FilePart::new(b\"data\".to_vec()).file_name(\"data.bin\")"
        );
        let mut args = Vec::new();
        for part in form.parts.iter().filter(|p| p.required) {
            let arg = match part.kind {
                crate::ir::PartKind::File => Some(file.clone()),
                crate::ir::PartKind::Files => Some(format!("[{file}]")),
                crate::ir::PartKind::Text | crate::ir::PartKind::Json => {
                    let pass = pass_of(self.ctx, op, &part.ty)?;
                    self.argument(&part.ty, part.name.trim_start_matches("r#"), pass)?
                }
            };
            match arg {
                Some(arg) => args.push(arg),
                None => return Ok(None),
            }
        }
        let name = self.path("operations", &form.type_name);
        Ok(Some(format!("{name}::new({})", args.join(", "))))
    }

    /// `(let statements, call arguments)` for `op`, if all can be built.
    fn call(&mut self, op: &Operation) -> Result<Option<(Vec<String>, Vec<String>)>> {
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for p in op.required_params() {
            match self.argument(
                &p.ty,
                p.name.trim_start_matches("r#"),
                pass_of(self.ctx, op, &p.ty)?,
            )? {
                Some(arg) => args.push(arg),
                None => return Ok(None),
            }
        }
        // An optional body is a setter of the call: the example leaves it out.
        if op
            .body
            .as_ref()
            .is_some_and(|b| b.primary().encoding != BodyEncoding::Empty && b.required)
        {
            match self.body_argument(op)? {
                Some((body_lets, arg)) => {
                    lets.extend(body_lets);
                    args.push(arg);
                }
                None => return Ok(None),
            }
        }
        Ok(Some((lets, args)))
    }

    /// `(let statements, argument)` for the body of `op` (`None`: no body,
    /// or its value cannot be built).
    pub(crate) fn body_argument(
        &mut self,
        op: &Operation,
    ) -> Result<Option<(Vec<String>, String)>> {
        let mut lets = Vec::new();
        if let Some(body) = op
            .body
            .as_ref()
            .filter(|b| b.primary().encoding != BodyEncoding::Empty)
        {
            // With a choice, the preferred body: its value converts into it.
            let (sample, choice) = (body.sample.as_ref(), body.has_choice());
            let body = body.primary();
            let saved = self.imports.clone();
            let resolved = tyref::resolve(self.ctx, &body.ty, &op.pointer)?;
            let arg = match (body.encoding, resolved) {
                (BodyEncoding::Multipart, _) => match &body.form {
                    Some(form) => self.form(op, form)?,
                    None => None,
                },
                (BodyEncoding::Bytes, _) if choice => Some(format!(
                    "{}::linkgen_runtime::Body::from(b\"data\".to_vec())",
                    self.lib
                )),
                (BodyEncoding::Bytes, _) => Some("b\"data\".to_vec()".into()),
                (_, TypeRef::String) => Some(
                    self.sample(&body.ty, sample, "body", 0)?
                        .unwrap_or_else(|| text("body")),
                ),
                (_, TypeRef::Array(_)) => {
                    let items = self.array_body(&body.ty, sample)?;
                    // A choice converts from the owned `Vec`, not from a slice.
                    Some(match items.strip_prefix('&') {
                        Some("[]") if choice => "Vec::new()".into(),
                        Some(list) if choice => format!("vec!{list}"),
                        _ => items,
                    })
                }
                (BodyEncoding::Text, _) if tyref::is_copy(self.ctx, &body.ty, &op.pointer)? => {
                    self.value(&body.ty, "body", 0)?
                }
                _ => match self.value(&body.ty, "body", 0)? {
                    Some(v) => {
                        lets.push(format!("let body = {v};"));
                        Some("&body".into())
                    }
                    None => None,
                },
            };
            return Ok(match arg {
                Some(arg) => Some((lets, arg)),
                None => {
                    self.imports = saved;
                    None
                }
            });
        }
        Ok(None)
    }
}

/// Whether a built value is an empty JSON object: an object type without
/// required fields (`Type::default()`) or free-form JSON.
fn is_empty_object(value: &str) -> bool {
    value.ends_with("::default()") || value == "serde_json::json!({})"
}

/// A string literal standing for the value of `hint` (a name).
pub(crate) fn text(hint: &str) -> String {
    let hint: String = hint
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    format!("\"{}\"", if hint.is_empty() { "text" } else { &hint })
}

/// The Rust code of the example (without fences).
pub(crate) fn code(ctx: &Ctx<'_>, lib: &str) -> Result<String> {
    let mut b = Builder::new(ctx, lib, false);
    let mut chosen = None;
    for op in ctx
        .api
        .operations
        .iter()
        .filter(|op| op.deprecated.is_none())
    {
        let saved = b.imports.clone();
        match b.call(op)? {
            Some(call) => {
                chosen = Some((op, call));
                break;
            }
            None => b.imports = saved,
        }
    }
    let mut root = vec!["Client"];
    if !ctx.api.servers.is_empty() {
        root.push("Environment");
    }
    if chosen.is_some() {
        root.push("Error");
    }
    let mut lines = vec![format!("use {lib}::{{{}}};", root.join(", "))];
    lines.extend(b.imports.iter().map(|i| format!("use {i};")));
    lines.push(String::new());
    lines.push("#[tokio::main]".into());
    lines.push("async fn main() -> Result<(), Box<dyn std::error::Error>> {".into());
    lines.push("    let client = Client::builder()".into());
    match ctx.api.servers.first() {
        Some(server) => lines.push(format!(
            "        .environment(Environment::{})",
            server.variant
        )),
        None => lines.push("        .base_url(\"https://api.example.com\")".into()),
    }
    let keys: Vec<&str> = match &chosen {
        Some((op, _)) => op
            .security
            .iter()
            .find(|alt| !alt.is_empty())
            .map(|alt| alt.iter().map(String::as_str).collect()),
        None => None,
    }
    .unwrap_or_else(|| {
        ctx.api
            .security_schemes
            .first()
            .map(|s| s.key.as_str())
            .into_iter()
            .collect()
    });
    for key in keys {
        let Some(scheme) = ctx.api.security_schemes.iter().find(|s| s.key == key) else {
            continue;
        };
        let setter = &scheme.setter;
        lines.push(match scheme.kind {
            SecurityKind::Basic => format!("        .{setter}(\"my-username\", \"my-password\")"),
            _ => format!(
                "        .{setter}(\"my-{}\")",
                setter.trim_start_matches("r#").replace('_', "-")
            ),
        });
    }
    lines.push("        .build()?;".into());
    match chosen {
        Some((op, (lets, args))) => {
            lines.push(String::new());
            lines.extend(lets.iter().map(|l| format!("    {l}")));
            let call = format!("client.{}({})", op.method_name, args.join(", "));
            lines.push(format!("    match {call}.await {{"));
            lines.push("        Ok(response) => println!(\"{response:?}\"),".into());
            lines.push(
                "        // The status and the provider's error code and message; `error.error` is the typed body."
                    .into(),
            );
            lines.push("        Err(Error::Api(error)) => eprintln!(\"{error}\"),".into());
            lines.push(
                "        Err(error) => eprintln!(\"failed (sent: {}): {error}\", error.was_sent()),"
                    .into(),
            );
            lines.push("    }".into());
            lines.push(String::new());
            lines.push(
                "    // Per-call options, and the response's status, headers and request id."
                    .into(),
            );
            lines.push(format!("    let answer = {call}"));
            lines.push("        .timeout(std::time::Duration::from_secs(10))".into());
            lines.push("        .max_retries(4)".into());
            lines.push("        .header(\"X-Correlation-Id\", \"my-correlation-id\")".into());
            lines.push("        .with_metadata()".into());
            lines.push("        .await?;".into());
            lines.push("    println!(".into());
            lines.push("        \"{} after {} attempt(s), request id {:?}\",".into());
            lines.push(
                "        answer.metadata.status, answer.metadata.attempts, answer.metadata.request_id"
                    .into(),
            );
            lines.push("    );".into());
        }
        None => lines.push("    let _ = client;".into()),
    }
    lines.push("    Ok(())".into());
    lines.push("}".into());
    Ok(lines.join("\n"))
}
