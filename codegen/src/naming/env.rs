//! The names of the environment variables a generated client's `from_env`
//! reads: `{PREFIX}_{SUFFIX}` (`PLAID_ENV`, `PARTOO_API_KEY`), kept out of the
//! way of the variables that CI systems, shells and common tools set for a
//! purpose of their own ([`OWNED_ENV_VARS`]): GitHub Actions sets
//! `GITHUB_ENV` to a file path, so a GitHub client reading it as its
//! environment's name would fail in every Actions job.

/// Variables that a well-known tool sets or reads with a meaning of its own,
/// with that tool: a name `from_env` would read that is one of these gets
/// `API_` before its suffix ([`env_var`]). Sorted, exact names.
///
/// Only variables whose meaning differs from the client's are listed: a
/// GitHub client reading `GITHUB_TOKEN` as its token, or an OpenAI client
/// reading `OPENAI_BASE_URL` as its base URL, reads what the user means.
pub const OWNED_ENV_VARS: &[(&str, &str)] = &[
    ("ALL_PROXY", "HTTP clients (a proxy URL)"),
    ("APP_ENV", "web frameworks (the deployment stage)"),
    ("BABEL_ENV", "Babel (its build mode)"),
    ("BUILD_NUMBER", "Jenkins"),
    ("BUILD_URL", "Jenkins"),
    ("CARGO_HOME", "Cargo (a directory)"),
    ("CDPATH", "the shell"),
    ("CI", "CI systems (`true` in a CI job)"),
    ("CI_API_V4_URL", "GitLab CI"),
    ("CI_ENVIRONMENT_NAME", "GitLab CI"),
    ("CI_ENVIRONMENT_URL", "GitLab CI"),
    ("CI_JOB_TOKEN", "GitLab CI"),
    ("CI_REGISTRY_PASSWORD", "GitLab CI"),
    ("CI_SERVER_URL", "GitLab CI"),
    ("CONDA_DEFAULT_ENV", "Conda (the active environment)"),
    ("EDITOR", "the shell"),
    ("ENV", "the POSIX shell (a startup file)"),
    ("FLASK_ENV", "Flask (its mode)"),
    ("GITHUB_ACTION", "GitHub Actions"),
    ("GITHUB_ACTIONS", "GitHub Actions"),
    ("GITHUB_API_URL", "GitHub Actions"),
    ("GITHUB_ENV", "GitHub Actions (a file path)"),
    ("GITHUB_EVENT_PATH", "GitHub Actions (a file path)"),
    ("GITHUB_GRAPHQL_URL", "GitHub Actions"),
    ("GITHUB_OUTPUT", "GitHub Actions (a file path)"),
    ("GITHUB_PATH", "GitHub Actions (a file path)"),
    ("GITHUB_SERVER_URL", "GitHub Actions"),
    ("GITHUB_STATE", "GitHub Actions (a file path)"),
    ("GITHUB_STEP_SUMMARY", "GitHub Actions (a file path)"),
    ("GITHUB_WORKSPACE", "GitHub Actions (a directory)"),
    ("GITLAB_CI", "GitLab CI"),
    ("HOME", "the shell (a directory)"),
    ("HOSTNAME", "the shell"),
    ("HTTPS_PROXY", "HTTP clients (a proxy URL)"),
    ("HTTP_PROXY", "HTTP clients (a proxy URL)"),
    ("IFS", "the shell"),
    ("JENKINS_URL", "Jenkins"),
    ("LANG", "the locale"),
    ("LOGNAME", "the shell"),
    ("MIX_ENV", "Mix (its build environment)"),
    ("NODE_ENV", "Node.js tools (`production`, `development`)"),
    ("NO_PROXY", "HTTP clients (hosts reached without proxy)"),
    ("OLDPWD", "the shell (a directory)"),
    ("PAGER", "the shell"),
    ("PATH", "the shell (the program search path)"),
    ("PWD", "the shell (a directory)"),
    ("RACK_ENV", "Rack (its environment)"),
    ("RAILS_ENV", "Rails (its environment)"),
    ("RUNNER_TEMP", "GitHub Actions (a directory)"),
    ("RUSTFLAGS", "Cargo"),
    ("RUST_LOG", "Rust logging (a filter)"),
    ("SHELL", "the shell (a program path)"),
    ("TERM", "the terminal"),
    ("TMPDIR", "the system (a directory)"),
    ("TZ", "the system (the time zone)"),
    ("USER", "the shell"),
    ("VIRTUAL_ENV", "Python's venv (a directory)"),
    ("VISUAL", "the shell"),
    ("WORKSPACE", "Jenkins (a directory)"),
];

/// The word [`env_var`] puts before the suffix of a name a tool owns.
pub const ENV_VAR_ESCAPE: &str = "API";

/// The name of one variable `from_env` reads, and the owned name it avoids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    /// The name read (`GITHUB_API_ENV`).
    pub name: String,
    /// The name `{PREFIX}_{SUFFIX}` would have been, and its owner, when a
    /// tool owns it (`("GITHUB_ENV", "GitHub Actions (a file path)")`).
    pub avoids: Option<(&'static str, &'static str)>,
}

/// The tool that owns `name`, if one does.
pub fn env_var_owner(name: &str) -> Option<(&'static str, &'static str)> {
    OWNED_ENV_VARS
        .binary_search_by(|(owned, _)| (*owned).cmp(name))
        .ok()
        .map(|i| OWNED_ENV_VARS[i])
}

/// `{prefix}_{suffix}` (just `suffix` without a prefix), unless a tool owns
/// that name: then `{prefix}_API_{suffix}` (`GITHUB_ENV` →
/// `GITHUB_API_ENV`, `PATH` → `API_PATH`), `API_` again while that is owned
/// too. Deterministic, and the same for every crate.
pub fn env_var(prefix: &str, suffix: &str) -> EnvVar {
    let join = |middle: &str| -> String {
        [prefix, middle, suffix]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("_")
    };
    let first = join("");
    let Some(avoids) = env_var_owner(&first) else {
        return EnvVar {
            name: first,
            avoids: None,
        };
    };
    let mut middle = ENV_VAR_ESCAPE.to_owned();
    // Ends: every round makes the name longer than any listed one of its
    // shape, and the list is finite.
    while env_var_owner(&join(&middle)).is_some() {
        middle = format!("{middle}_{ENV_VAR_ESCAPE}");
    }
    EnvVar {
        name: join(&middle),
        avoids: Some(avoids),
    }
}
