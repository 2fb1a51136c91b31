//! The README's sections on building and observing the crate: "Features"
//! (the TLS backends, `test-util`, and a gated crate's tags, each with how
//! to enable it) and "Logs" (what a call logs and the `tracing` target to
//! filter on).

use super::docs::{self, Doc};
use super::Ctx;
use crate::lower::TLS_FEATURES;

/// The README's "Features" section: the TLS backends every crate forwards,
/// `test-util`, and of a gated crate its tags, each with its operation
/// count; with the `Cargo.toml` line that enables one.
pub(crate) fn features(ctx: &Ctx<'_>, doc: Doc) -> Doc {
    let name = &ctx.options.crate_name;
    let [default_tls, ring, native] = TLS_FEATURES;
    let mut doc = doc
        .line("## Features")
        .line(format!(
            "The TLS backend is a feature, one of: `{default_tls}` (the default: rustls with the \
             aws-lc-rs provider), `{ring}` (rustls with ring, whose C and assembly take less to build than aws-lc's) \
             and `{native}` (the platform's TLS: OpenSSL on Linux, which needs its headers and \
             `pkg-config` to build). To choose one, turn the default features off:"
        ))
        .line(format!(
            "```toml\n[dependencies]\n{name} = {{ path = \"…\", default-features = false, features = [\"{ring}\"] }}\n```"
        ))
        .line(format!(
            "Features add up across a build: when another crate leaves the default on, a chosen \
             `{native}` or `{ring}` still wins (`linkgen_runtime::TLS_BACKEND` names the one in \
             use). `test-util` enables the fake server of \"Testing\"."
        ));
    let features = &ctx.api.features;
    let Some(first) = features.first() else {
        return doc;
    };
    let untagged = ctx
        .api
        .operations
        .iter()
        .filter(|op| op.feature.is_none())
        .count();
    let mut intro = String::from(
        "One cargo feature per tag of the spec; all of them are on by default (feature `full`). \
         To compile only the operations you call, and the types they use, turn the default off \
         and name the tags, and a TLS backend",
    );
    if untagged > 0 {
        let (s, are) = if untagged == 1 {
            ("", "is")
        } else {
            ("s", "are")
        };
        intro.push_str(&format!(
            " (the {untagged} untagged operation{s} {are} always compiled)"
        ));
    }
    intro.push(':');
    let list: Vec<String> = features
        .iter()
        .map(|f| {
            let s = if f.operations == 1 { "" } else { "s" };
            format!(
                "- `{}`: {} operation{s} tagged {}",
                f.name,
                f.operations,
                docs::code(&f.tag)
            )
        })
        .collect();
    doc = doc
        .line(intro)
        .line(format!(
            "```toml\n[dependencies]\n{name} = {{ path = \"…\", default-features = false, features = [\"{}\", \"{default_tls}\"] }}\n```",
            first.name
        ))
        .line(list.join("\n"))
        .line("In the API docs each gated item names the feature that enables it.");
    doc
}

/// The README's "Logs" section: the spans and events of a call and the
/// `tracing` target they are under.
pub(crate) fn logs(ctx: &Ctx<'_>, doc: Doc) -> Doc {
    let name = &ctx.options.crate_name;
    let example = ctx.api.operations.first().map_or_else(
        || format!("crate=\"{name}\" operation=\"…\" method=GET path=\"/…\""),
        |op| {
            format!(
                "crate=\"{name}\" operation=\"{}\" method={} path=\"{}\"",
                op.method_name.trim_start_matches("r#"),
                op.http_method.as_str(),
                op.path
            )
        },
    );
    doc.line("## Logs").line(
        "Calls log through `tracing`, at `DEBUG` level under the target `linkgen_runtime`: \
         filter on it (`RUST_LOG=linkgen_runtime=debug` with `tracing-subscriber`'s \
         `EnvFilter`). Each call is a `linkgen.call` span whose fields name this crate, the \
         operation's method, the HTTP method and the path template (never the filled URL), \
         then its `status` and `attempts`; each attempt is a `linkgen.attempt` span. A call \
         ends with a `linkgen: call done` event carrying its status (or its error's kind) and \
         attempts, and each retry is a `linkgen: retrying` event with its reason and wait, so \
         a plain `fmt` log shows one line per call and per retry:",
    )
    .line(format!(
        "```text\nDEBUG linkgen.call{{{example} attempts=1 status=200}}: linkgen_runtime::send: linkgen: call done status=200 attempts=1\n```"
    ))
    .line("No header, query or body value is ever recorded.")
}
