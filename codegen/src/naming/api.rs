//! Naming rules tied to HTTP and to the generated client's API: response
//! variants, credential-like fields, security setters, environments.

use super::{escaped, snake, starts_with_digit, BUILDER_METHODS};

/// Variant name of a response status code (standard reason phrase in
/// UpperCamelCase; `Status418` for codes without one).
pub fn status_variant(code: u16) -> String {
    let phrase = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        102 => "Processing",
        103 => "EarlyHints",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        305 => "UseProxy",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        506 => "VariantAlsoNegotiates",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        510 => "NotExtended",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    phrase.to_string()
}

/// Variant name of a status range (`2XX` → `Success`, `4XX` →
/// `ClientError`).
pub fn range_variant(class: u8) -> String {
    match class {
        1 => "Informational".into(),
        2 => "Success".into(),
        3 => "Redirection".into(),
        4 => "ClientError".into(),
        5 => "ServerError".into(),
        n => format!("Status{n}xx"),
    }
}

/// Whether a property holds a credential, by its wire name: `secret`,
/// `password`, `client_secret`, `api_key`/`apikey`, `private_key`,
/// `token` and `*_token` (`link_token`, `access_token`), `*_secret`,
/// `*_password`; not `token_type`, `*_token_id`, `token_count`, nor
/// pagination cursors (`next_page_token`). Nor `authorization`: in bodies it
/// is as often a message about permissions (Partoo's 403 error) as a
/// credential, and redacting a message hides the reason of a failure.
pub fn is_secret_name(wire: &str) -> bool {
    let name = snake(wire);
    const EXACT: &[&str] = &[
        "secret",
        "password",
        "passphrase",
        "client_secret",
        "api_key",
        "apikey",
        "private_key",
        "token",
    ];
    if EXACT.contains(&name.as_str()) {
        return true;
    }
    if name.ends_with("page_token") || name.ends_with("continuation_token") {
        return false;
    }
    [
        "_token",
        "_secret",
        "_password",
        "_api_key",
        "_apikey",
        "_private_key",
    ]
    .iter()
    .any(|suffix| name.ends_with(suffix))
}

/// What a security scheme's setter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetterKind {
    /// An API key.
    ApiKey,
    /// A bearer token: the setter ends in `_token`.
    Bearer,
    /// A username and password: the setter ends in `_auth`.
    Basic,
}

/// The builder setter for a security scheme key: snake_case, a trailing
/// `_auth`/`_scheme`/`_security` dropped (`ApiKeyAuth` → `api_key`),
/// bearer setters ending in `_token` (`bearerAuth` → `bearer_token`), basic
/// ones in `_auth` (`basic_auth`), and a `_credential` suffix where the name
/// is one of the builder's own methods. Not yet unique: see [`NameSet`](super::NameSet).
pub fn security_setter(key: &str, kind: SetterKind) -> String {
    let mut name = snake(key);
    for suffix in ["_auth", "_scheme", "_security"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            if !stripped.is_empty() {
                name = stripped.to_string();
                break;
            }
        }
    }
    match kind {
        SetterKind::ApiKey => {}
        SetterKind::Bearer => {
            if name == "auth" || name.is_empty() {
                name = "bearer".into();
            }
            if !name.ends_with("token") {
                name.push_str("_token");
            }
        }
        SetterKind::Basic => {
            if name == "auth" || name.is_empty() {
                name = "basic".into();
            }
            if !name.ends_with("auth") {
                name.push_str("_auth");
            }
        }
    }
    if name.is_empty() {
        name = "credential".into();
    } else if starts_with_digit(&name) {
        name.insert(0, '_');
    }
    if BUILDER_METHODS.contains(&name.as_str()) {
        name.push_str("_credential");
        name
    } else {
        escaped(name)
    }
}

/// Environment words a server description or host can hold, and the
/// `Environment` variant each gives.
const ENVIRONMENT_WORDS: &[(&str, &str)] = &[
    ("production", "Production"),
    ("prod", "Production"),
    ("live", "Live"),
    ("sandbox", "Sandbox"),
    ("staging", "Staging"),
    ("development", "Development"),
    ("dev", "Development"),
    ("test", "Test"),
    ("local", "Local"),
    ("localhost", "Local"),
    ("mock", "Mock"),
];

fn first_environment_word<'a>(words: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    for word in words {
        let lower = word.to_ascii_lowercase();
        if let Some((_, variant)) = ENVIRONMENT_WORDS.iter().find(|(w, _)| *w == lower) {
            return Some(variant);
        }
    }
    None
}

/// The `Environment` variant a server names: the first environment word of
/// its description, else of its host's labels (`live.deck.co` → `Live`).
pub fn environment_variant(description: Option<&str>, url: &str) -> Option<&'static str> {
    if let Some(description) = description {
        let found = first_environment_word(
            description
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty()),
        );
        if found.is_some() {
            return found;
        }
    }
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    first_environment_word(host.split(['.', '-', '_']).filter(|w| !w.is_empty()))
}

/// The cargo feature name of a tag: lowercase kebab case of its words, ASCII
/// alphanumerics and `-` only (what cargo accepts and `cfg(feature)` spells
/// without escapes); `tag-{position}` when nothing is left. Not unique by
/// itself: the caller settles collisions (and keeps `default` and `full`
/// free) in a [`super::NameSet`].
pub fn feature_name(tag: &str, position: usize) -> String {
    let snake = super::snake(tag);
    let words: Vec<&str> = snake
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        format!("tag-{position}")
    } else {
        words.join("-")
    }
}
