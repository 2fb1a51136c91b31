//! The URL of a request: the configured base, the filled path and the encoded query.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::config::{parse_base, validate_base_url};
use crate::engine::Core;
use crate::error::SendError;
use crate::params::is_dot_segment;
use crate::query::Query;

impl Core {
    /// The request's URL. An operation whose path has no parameter has the same one on
    /// every call, so it is built once and copied (only the query, if any, is added).
    pub(crate) fn url(
        &self,
        template: &'static str,
        path: &str,
        query: &Query,
    ) -> Result<url::Url, SendError> {
        let inner = &self.inner;
        // The query is always percent-encoded (`params::query_pieces`, `query_pair`), so
        // plain: only the path is checked.
        debug_assert!(plain(&query.encoded()), "{:?}", query.encoded());
        // A parameterless path is passed as its template, borrowed: the same pointer,
        // without comparing the text (an owned copy of it still matches).
        if !(std::ptr::eq(path, template) || path == template) {
            return build_url(&inner.base, &inner.base_url, path, query);
        }
        let cached = inner
            .static_urls
            .read()
            .ok()
            .and_then(|urls| urls.get(template).cloned());
        let mut url = match cached {
            Some(url) => url,
            // Only a plain template is cached (so a cached one needs no check per call).
            None if !plain(path) => return build_url(&inner.base, &inner.base_url, path, query),
            None => {
                let mut url = build_url(&inner.base, &inner.base_url, path, &Query::default())?;
                url.set_query(Some(&"q".repeat(QUERY_ROOM)));
                if let Ok(mut urls) = inner.static_urls.write() {
                    urls.insert(template, url.clone());
                }
                url
            }
        };
        // Replaces the placeholder; the text keeps its room.
        query.write_into(&mut url);
        Ok(url)
    }
}

impl Core {
    /// The URL of a request to an operation's own server `server`, by the rule of
    /// [`ClientConfig::server_override`](crate::ClientConfig::server_override): its
    /// override, else the consumer's own base URL, else the server itself.
    pub(crate) fn server_url(
        &self,
        server: &str,
        path: &str,
        query: &Query,
    ) -> Result<url::Url, SendError> {
        let inner = &self.inner;
        let key = server.trim_end_matches('/');
        if let Some((_, base_url, base)) = inner.server_overrides.iter().find(|o| o.0 == key) {
            return build_url(base, base_url, path, query);
        }
        if inner.custom_base_url {
            return build_url(&inner.base, &inner.base_url, path, query);
        }
        // Parsed on each call, not cached: operations with their own server are few
        // (uploads), and a cache would cost every call a lock.
        let invalid = |e: crate::BuildError| {
            SendError::InvalidRequest(format!("the operation's own server: {e}"))
        };
        let base_url = validate_base_url(server).map_err(invalid)?;
        let base = parse_base(&base_url).map_err(invalid)?;
        build_url(&base, &base_url, path, query)
    }
}

/// The length of the placeholder query a cached URL carries, for its room: the url crate
/// has no way to reserve capacity, and a clone's text is only as long as the URL, so
/// putting the call's query on a bare clone would grow the text twice (for the `?`, then
/// for the query), each time a reallocation and a copy. A query up to this long takes
/// the placeholder's room instead (a longer one grows the text once).
const QUERY_ROOM: usize = 192;

/// The URL of each operation whose path has no parameter, by path template (each with
/// the [`QUERY_ROOM`] placeholder, which [`Core::url`] always replaces or removes).
pub(crate) type StaticUrls = HashMap<&'static str, url::Url, BuildHasherDefault<Fnv>>;

/// FNV-1a: the path templates are the generated crate's own, not an attacker's, so the
/// map needs no protection from collisions that the default hasher buys with a few
/// hundred instructions per lookup, on every call.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Text in which no character means something else to a whole-URL parse than to the URL
/// path and query setters (`?`, `#`, `\`, spaces and controls do).
fn plain(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'\\'))
}

/// `base_url + path + ?query`, refusing `.`/`..` segments (also percent-encoded: the URL
/// parser treats `%2E` as `.`) that URL normalization would resolve to another endpoint.
fn build_url(
    base: &url::Url,
    base_url: &str,
    path: &str,
    query: &Query,
) -> Result<url::Url, SendError> {
    if path.split('/').any(is_dot_segment) {
        return Err(SendError::InvalidRequest(
            "the path has a `.` or `..` segment (a path parameter that is `.` or `..`, or an \
             empty label-style one), which URL normalization would resolve to another \
             endpoint"
                .to_owned(),
        ));
    }
    let slash = if path.starts_with('/') || path.is_empty() {
        ""
    } else {
        "/"
    };
    // For plain text the parsed base is copied and only the path and query are parsed,
    // not the scheme and host again (a third of the URL work of a call; reqwest parses
    // the URL twice more).
    if plain(path) {
        let mut url = base.clone();
        let base_path = base.path().trim_end_matches('/');
        if base_path.is_empty() && slash.is_empty() {
            url.set_path(path);
        } else {
            url.set_path(&[base_path, slash, path].concat());
        }
        if !query.is_empty() {
            query.write_into(&mut url);
        }
        return Ok(url);
    }
    let query = query.encoded();
    let mut url =
        String::with_capacity(base_url.len() + slash.len() + path.len() + 1 + query.len());
    url.push_str(base_url);
    url.push_str(slash);
    url.push_str(path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    // url's errors never echo the input, which may hold a query API key.
    url::Url::parse(&url).map_err(|e| SendError::InvalidRequest(format!("invalid URL: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientConfig, Method, Style};

    fn core() -> Core {
        ClientConfig::new("https://api.example.com/v1", "t/1")
            .build()
            .unwrap()
    }

    #[test]
    fn a_url_from_the_parsed_base_is_the_url_parsed_whole() {
        let queries: [&[&str]; 3] = [&[], &["a=1"], &["a=1", "t=%5Cx", "b=%20"]];
        for base in [
            "https://api.example.com/v1",
            "http://127.0.0.1:8080",
            "https://h/a/b",
        ] {
            let parsed = url::Url::parse(base).unwrap();
            for path in [
                "/x", "x", "", "/a/b%20c", "//x", "/x/", "/é", "/a b", "/q?x", "/a\\b",
            ] {
                for query in queries {
                    let query = query.join("&");
                    let slash = if path.starts_with('/') || path.is_empty() {
                        ""
                    } else {
                        "/"
                    };
                    let mut whole = format!("{base}{slash}{path}");
                    if !query.is_empty() {
                        whole = format!("{whole}?{query}");
                    }
                    let mut pieces = Query::default();
                    if !query.is_empty() {
                        pieces.push_piece(&query);
                    }
                    let built = build_url(&parsed, base, path, &pieces).unwrap();
                    assert_eq!(built, url::Url::parse(&whole).unwrap(), "{whole}");
                }
            }
        }
    }

    #[test]
    fn a_parameterless_path_s_url_is_made_once_and_takes_each_call_s_query() {
        let core = core();
        for value in ["1", "2 3", "4"] {
            let mut request = core.request(Method::GET, "/items", "/items".to_owned());
            request.query("a", value, Style::Form, true);
            let url = core.url("/items", &request.path, &request.query).unwrap();
            let encoded = value.replace(' ', "%20");
            assert_eq!(
                url.as_str(),
                format!("https://api.example.com/v1/items?a={encoded}")
            );
        }
        // Without a query, the placeholder is gone too.
        let request = core.request(Method::GET, "/items", "/items".to_owned());
        let url = core.url("/items", &request.path, &request.query).unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/items");
        assert_eq!(core.inner.static_urls.read().unwrap().len(), 1);
    }

    /// A call type's setter may run twice: the parameter's pieces are replaced where
    /// they stand, whatever their shape (an exploded object writes its keys, not its
    /// name), and the other parameters keep their order.
    #[test]
    fn setting_a_parameter_again_replaces_its_pieces() {
        let core = core();
        let mut request = core.request(Method::GET, "/items", "/items".into());
        request.query("a", "1", Style::Form, true);
        let filter = serde_json::json!({"owner": "me", "tag": "x"});
        request.query("filter", &filter, Style::Form, true);
        request.query("b", &[1, 2], Style::Form, true);
        request.query(
            "filter",
            &serde_json::json!({"owner": "you"}),
            Style::Form,
            true,
        );
        request.query("a", "2", Style::Form, true);
        request.query("b", &None::<u8>, Style::Form, true);
        assert_eq!(request.query.encoded(), "owner=you&a=2");
        request.cookie("session", "s1");
        request.cookie("theme", "dark");
        request.cookie("session", "s2");
        assert_eq!(request.cookies, ["theme=dark", "session=s2"]);
    }
}
