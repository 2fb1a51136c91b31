//! The TLS backend of the HTTP client the runtime builds, chosen by cargo feature:
//! `rustls-aws-lc-rs` (the default), `rustls-ring` or `native-tls`, each forwarded by
//! every generated crate under the same name.

use std::time::Duration;

use crate::BuildError;

/// The client `ClientConfig::build` uses when the caller gives neither a transport nor a
/// client of its own.
///
/// Features add up across a dependency graph, so several backends may be compiled in: a
/// non-default choice wins over the default (`native-tls`, then `rustls-ring`, then
/// `rustls-aws-lc-rs`), since a consumer who names one asks for it even when some other
/// crate left the default on. With none, only `http://` base URLs can be reached (a
/// client over a [`Transport`](crate::Transport) of the caller's, such as a fake, needs
/// none).
pub(crate) fn default_client(connect_timeout: Duration) -> Result<reqwest::Client, BuildError> {
    let builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        // `Core::send` follows redirects itself, within the same origin only.
        .redirect(reqwest::redirect::Policy::none());
    backend(builder)?
        .build()
        .map_err(|e| BuildError::Http(std::sync::Arc::new(e)))
}

#[cfg(feature = "native-tls")]
fn backend(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, BuildError> {
    Ok(builder.tls_backend_native())
}

/// rustls with the ring provider, given to this client alone: reqwest would otherwise
/// take the process-wide default provider, and installing one is a choice that belongs
/// to the program, not to a library.
#[cfg(all(feature = "rustls-ring", not(feature = "native-tls")))]
fn backend(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, BuildError> {
    use rustls_platform_verifier::BuilderVerifierExt;

    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|config| config.with_platform_verifier())
        .map_err(|e| BuildError::Tls(e.to_string()))?
        .with_no_client_auth();
    // reqwest is built without HTTP/2 here: offer HTTP/1.1 only, as its own rustls
    // setup does.
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(tls))
}

#[cfg(all(
    feature = "rustls-aws-lc-rs",
    not(any(feature = "rustls-ring", feature = "native-tls"))
))]
fn backend(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, BuildError> {
    Ok(builder.tls_backend_rustls())
}

#[cfg(not(any(
    feature = "rustls-aws-lc-rs",
    feature = "rustls-ring",
    feature = "native-tls"
)))]
fn backend(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, BuildError> {
    Ok(builder)
}

/// The backend the features chose, by its feature name (`"rustls-aws-lc-rs"`,
/// `"rustls-ring"`, `"native-tls"`, or `"none"`): what `ClientConfig::build` uses by
/// default.
pub const TLS_BACKEND: &str = if cfg!(feature = "native-tls") {
    "native-tls"
} else if cfg!(feature = "rustls-ring") {
    "rustls-ring"
} else if cfg!(feature = "rustls-aws-lc-rs") {
    "rustls-aws-lc-rs"
} else {
    "none"
};

#[cfg(test)]
mod tests {
    use std::time::Duration;

    /// reqwest refuses at `build` a preconfigured TLS setup it does not recognize (a
    /// rustls of another version than its own): each backend's client builds.
    #[test]
    fn the_chosen_backend_builds_a_client() {
        super::default_client(Duration::from_secs(1)).expect("the client builds");
        let enabled = [
            cfg!(feature = "rustls-aws-lc-rs"),
            cfg!(feature = "rustls-ring"),
            cfg!(feature = "native-tls"),
        ];
        assert_eq!(super::TLS_BACKEND == "none", !enabled.contains(&true));
    }
}
