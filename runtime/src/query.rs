//! [`Query`]: a request's query string, encoded as it is set, and which parameter wrote
//! which part of it.
//!
//! Kept as one string (no piece per parameter to join on every call), with each
//! parameter's span in it, so that setting a parameter again replaces its text wherever
//! it stands (an exploded object writes its keys, not its name).
//!
//! A scalar parameter whose name and text have no space, `*` or `~` is kept raw
//! (`name=value` unencoded) rather than encoded: for those, the url crate's own form
//! encoding (`Url::query_pairs_mut`) writes exactly the bytes this runtime's would
//! (it leaves `*` and encodes `~` and a space as `+`, the rest as RFC 3986), and writing
//! the pairs through it spares the parse `Url::set_query` makes of a whole encoded query
//! (about 3,000 instructions for a query of two parameters). Anything else is encoded
//! as it is set, and a query with any encoded part goes to the URL encoded.

use std::borrow::Cow;
use std::ops::Range;

use percent_encoding::percent_decode_str;
use serde::Serialize;

use crate::params::{push_pair, query_pair_into, query_pieces, Style};
use crate::scalar::{scalar_text, Scalar};

/// The bytes a query string starts with: enough for most calls' parameters.
const FIRST_CAPACITY: usize = 128;

/// The query: `name=value` pieces joined by `&`, each encoded or, for a parameter kept
/// raw, not.
#[derive(Clone, Default)]
pub(crate) struct Query {
    text: String,
    /// The names too long to be kept in their [`Param`], one after the other.
    names: String,
    params: Params,
    /// How many of the parameters are kept raw (see the module docs).
    raw: u32,
}

/// The parameters kept in the query itself, before any allocation: most operations have
/// a few (a call's allocations cost more than the bytes each `Request` move copies).
const INLINE_PARAMS: usize = 4;

/// The longest name kept in its [`Param`] itself.
const INLINE_NAME: usize = 22;

/// Where one parameter's name and text are.
#[derive(Clone, Copy)]
struct Param {
    name: Name,
    /// Its pieces, without the `&` before or after: `text[text]`.
    text: (u32, u32),
    /// Its one piece is `name=value` unencoded (see the module docs).
    raw: bool,
}

/// A parameter's name: its bytes, or where it is in [`Query::names`].
#[derive(Clone, Copy)]
enum Name {
    // First, so that `Param::EMPTY` is all zeros: an empty query's records are then
    // written as zeros rather than copied from a constant, on every `Request`.
    Spilled(u32, u32),
    Inline { len: u8, bytes: [u8; INLINE_NAME] },
}

impl Param {
    /// What the unused places of [`Params::Inline`] hold (never read: `len` bounds them).
    const EMPTY: Param = Param {
        name: Name::Spilled(0, 0),
        text: (0, 0),
        raw: false,
    };

    fn text(self) -> Range<usize> {
        self.text.0 as usize..self.text.1 as usize
    }

    /// Whether it is the parameter `name` (`names`: the query's long names).
    fn is(&self, names: &str, name: &str) -> bool {
        let bytes = match &self.name {
            Name::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Name::Spilled(start, end) => &names.as_bytes()[*start as usize..*end as usize],
        };
        bytes == name.as_bytes()
    }

    /// A raw parameter's name and value, from its text `name=value` (the name's length
    /// says where the value starts: either may hold `=` or `&`).
    fn raw_pair(self, text: &str) -> (&str, &str) {
        let name_len = match self.name {
            Name::Inline { len, .. } => usize::from(len),
            Name::Spilled(start, end) => (end - start) as usize,
        };
        let text = &text[self.text()];
        (&text[..name_len], &text[name_len + 1..])
    }
}

/// The parameters in order: in place up to [`INLINE_PARAMS`], then in a `Vec`.
#[derive(Clone)]
enum Params {
    Inline {
        len: u8,
        items: [Param; INLINE_PARAMS],
    },
    Spilled(Vec<Param>),
}

impl Default for Params {
    fn default() -> Self {
        Params::Inline {
            len: 0,
            items: [Param::EMPTY; INLINE_PARAMS],
        }
    }
}

impl Params {
    fn as_slice(&self) -> &[Param] {
        match self {
            Params::Inline { len, items } => &items[..usize::from(*len)],
            Params::Spilled(items) => items,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Param] {
        match self {
            Params::Inline { len, items } => &mut items[..usize::from(*len)],
            Params::Spilled(items) => items,
        }
    }

    fn push(&mut self, param: Param) {
        match self {
            Params::Inline { len, items } if usize::from(*len) < INLINE_PARAMS => {
                items[usize::from(*len)] = param;
                *len += 1;
            }
            Params::Inline { items, .. } => {
                let mut spilled = Vec::with_capacity(2 * INLINE_PARAMS);
                spilled.extend_from_slice(items);
                spilled.push(param);
                *self = Params::Spilled(spilled);
            }
            Params::Spilled(items) => items.push(param),
        }
    }

    fn remove(&mut self, index: usize) -> Param {
        match self {
            Params::Inline { len, items } => {
                let param = items[index];
                items.copy_within(index + 1..usize::from(*len), index);
                *len -= 1;
                param
            }
            Params::Spilled(items) => items.remove(index),
        }
    }
}

impl Query {
    /// Whether no piece is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The encoded query string (empty: no query): the text itself unless a parameter is
    /// kept raw.
    pub(crate) fn encoded(&self) -> Cow<'_, str> {
        if self.raw == 0 {
            return Cow::Borrowed(&self.text);
        }
        Cow::Owned(self.encode(|_, _| {}))
    }

    /// Puts the query on `url` (replacing any): pair by pair through the url crate's
    /// form encoding when every parameter is kept raw, else as the encoded string (which
    /// the url crate parses again).
    pub(crate) fn write_into(&self, url: &mut url::Url) {
        let params = self.params.as_slice();
        // The pairs only when the text is nothing but the raw parameters' pieces and
        // their `&`s: a piece no parameter owns (a credential pushed before a parameter
        // was set) would be left out of them.
        let owned = params.iter().map(|p| p.text().len() + 1).sum::<usize>();
        if self.raw == 0 || (self.raw as usize) < params.len() || owned != self.text.len() + 1 {
            url.set_query((!self.text.is_empty()).then_some(&*self.encoded()));
            return;
        }
        // Keeps the room of a query already there (the url crate truncates its text).
        url.set_query(None);
        let mut pairs = url.query_pairs_mut();
        for param in params {
            let (name, value) = param.raw_pair(&self.text);
            pairs.append_pair(name, value);
        }
    }

    /// The text with every raw parameter encoded; `moved` hears each parameter's index
    /// and new span.
    fn encode(&self, mut moved: impl FnMut(usize, (u32, u32))) -> String {
        let mut out = String::with_capacity(self.text.len() + self.text.len() / 4);
        let mut end = 0;
        for (index, param) in self.params.as_slice().iter().enumerate() {
            let span = param.text();
            // The `&` before it (or nothing, first).
            out.push_str(&self.text[end..span.start]);
            let start = out.len();
            if param.raw {
                let (name, value) = param.raw_pair(&self.text);
                push_pair(&mut out, name, value);
            } else {
                out.push_str(&self.text[span.clone()]);
            }
            moved(index, (offset(start), offset(out.len())));
            end = span.end;
        }
        // The pieces no parameter owns.
        out.push_str(&self.text[end..]);
        out
    }

    /// Encodes every parameter kept raw, in place.
    fn encode_all(&mut self) {
        if self.raw == 0 {
            return;
        }
        let mut spans = Vec::with_capacity(self.params.as_slice().len());
        self.text = self.encode(|_, span| spans.push(span));
        for (param, span) in self.params.as_mut_slice().iter_mut().zip(spans) {
            param.text = span;
            param.raw = false;
        }
        self.raw = 0;
    }

    /// Sets the parameter `name`, replacing its earlier text, per `style` and `explode`;
    /// `Err` when the value cannot be serialized (nothing is then set).
    pub(crate) fn set<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), serde_json::Error> {
        self.remove(name);
        if self.text.capacity() == 0 {
            // Room for a few parameters at once, rather than growing piece by piece.
            self.text.reserve(FIRST_CAPACITY);
        }
        let start = self.text.len();
        // A scalar (the usual parameter) is encoded straight into the query; anything
        // else is serialized per its style from its `serde_json::Value`.
        let text = &mut self.text;
        let mut raw = false;
        let written = scalar_text(value, &mut |scalar| {
            raw = form_safe(name) && form_safe(scalar);
            if raw {
                raw_pair_into(text, name, scalar);
            } else {
                query_pair_into(text, name, scalar);
            }
        });
        if let Scalar::Other = written {
            let value = serde_json::to_value(value)?;
            query_pieces(name, &value, style, explode, &mut self.text);
        }
        if self.text.len() > start {
            // The `&` that `query_pieces` and `query_pair_into` put before a piece that
            // is not the first is not the parameter's.
            let start = start + usize::from(start > 0);
            let name = if name.len() <= INLINE_NAME {
                let mut bytes = [0; INLINE_NAME];
                bytes[..name.len()].copy_from_slice(name.as_bytes());
                Name::Inline {
                    len: name.len() as u8,
                    bytes,
                }
            } else {
                let name_start = self.names.len();
                self.names.push_str(name);
                Name::Spilled(offset(name_start), offset(self.names.len()))
            };
            self.params.push(Param {
                name,
                text: (offset(start), offset(self.text.len())),
                raw,
            });
            self.raw += u32::from(raw);
        }
        Ok(())
    }

    /// Appends an encoded `name=value` piece that no parameter owns (an `in: query`
    /// credential).
    pub(crate) fn push_piece(&mut self, piece: &str) {
        // Raw text and encoded pieces are told apart by parameter: a piece is encoded,
        // so the rest is encoded too.
        self.encode_all();
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(piece);
    }

    /// The value a scalar parameter was set to, decoded (`None`: not set, or set to
    /// several pieces, an array or an object).
    pub(crate) fn value(&self, name: &str) -> Option<String> {
        let param = self.find(name)?;
        if param.raw {
            return Some(param.raw_pair(&self.text).1.to_owned());
        }
        let text = &self.text[param.text()];
        if text.contains('&') {
            return None;
        }
        let value = text.split_once('=').map_or("", |(_, value)| value);
        Some(percent_decode_str(value).decode_utf8_lossy().into_owned())
    }

    /// The names of the pieces, in order (what `Debug` shows: never a value).
    pub(crate) fn piece_names(&self) -> Vec<String> {
        if self.text.is_empty() {
            return Vec::new();
        }
        (self.encoded().split('&'))
            .map(|piece| piece.split('=').next().unwrap_or_default().to_owned())
            .collect()
    }

    fn find(&self, name: &str) -> Option<Param> {
        (self.params.as_slice().iter().copied()).find(|param| param.is(&self.names, name))
    }

    /// Takes out the text and the name of the parameter `name`, if it is set.
    fn remove(&mut self, name: &str) {
        let Some(index) = (self.params.as_slice().iter()).position(|p| p.is(&self.names, name))
        else {
            return;
        };
        let param = self.params.remove(index);
        self.raw -= u32::from(param.raw);
        // Its text and one `&` beside it: the one before, else the one after.
        let mut cut = param.text();
        if cut.start > 0 {
            cut.start -= 1;
        } else if cut.end < self.text.len() {
            cut.end += 1;
        }
        self.text.replace_range(cut.clone(), "");
        let name_cut = match param.name {
            Name::Spilled(start, end) => {
                self.names.replace_range(start as usize..end as usize, "");
                end - start
            }
            Name::Inline { .. } => 0,
        };
        let text_cut = offset(cut.len());
        for later in &mut self.params.as_mut_slice()[index..] {
            later.text = (later.text.0 - text_cut, later.text.1 - text_cut);
            if let Name::Spilled(start, end) = &mut later.name {
                (*start, *end) = (*start - name_cut, *end - name_cut);
            }
        }
    }
}

/// Whether the url crate's form encoding of `text` is this runtime's (see the module
/// docs).
fn form_safe(text: &str) -> bool {
    // Eight bytes at a time (a byte-by-byte scan of a query's values cost more than the
    // parse it spares): a byte of `word` equals `byte` iff that byte of their xor is
    // zero, which `has_zero` finds exactly. The last few bytes are one word padded with
    // zeros, which are none of the three.
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let unsafe_in = |word: u64| {
        has_zero(word ^ (ONES * u64::from(b' ')))
            || has_zero(word ^ (ONES * u64::from(b'*')))
            || has_zero(word ^ (ONES * u64::from(b'~')))
    };
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let word = chunk
            .iter()
            .rev()
            .fold(0, |word, &b| (word << 8) | u64::from(b));
        if unsafe_in(word) {
            return false;
        }
    }
    let rest = chunks.remainder();
    rest.is_empty()
        || !unsafe_in((rest.iter().rev()).fold(0, |word, &b| (word << 8) | u64::from(b)))
}

/// Appends `name=value` unencoded, after a `&` unless it is the first piece.
fn raw_pair_into(out: &mut String, name: &str, value: &str) {
    out.reserve(name.len() + value.len() + 2);
    if !out.is_empty() {
        out.push('&');
    }
    out.push_str(name);
    out.push('=');
    out.push_str(value);
}

/// A position in a query string: a URL is far shorter than 4 GiB.
fn offset(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set<T: Serialize + ?Sized>(query: &mut Query, name: &str, value: &T) {
        query.set(name, value, Style::Form, true).unwrap();
    }

    /// Setting a parameter again replaces its pieces where they stand, whatever their
    /// shape, and leaves the others and their order alone; a value read back is decoded.
    #[test]
    fn a_parameter_set_again_replaces_its_pieces() {
        let mut query = Query::default();
        set(&mut query, "a", "1");
        set(&mut query, "filter", &json!({"owner": "me", "tag": "x"}));
        set(&mut query, "b", &[1, 2]);
        assert_eq!(query.encoded(), "a=1&owner=me&tag=x&b=1&b=2");
        set(&mut query, "filter", &json!({"owner": "you"}));
        assert_eq!(query.encoded(), "a=1&b=1&b=2&owner=you");
        set(&mut query, "a", "2 3");
        assert_eq!(query.encoded(), "b=1&b=2&owner=you&a=2%203");
        assert_eq!(query.value("a").as_deref(), Some("2 3"));
        assert_eq!(query.value("b"), None);
        assert_eq!(query.value("c"), None);
        set(&mut query, "b", &None::<u8>);
        assert_eq!(query.encoded(), "owner=you&a=2%203");
        set(&mut query, "a", &None::<u8>);
        set(&mut query, "filter", &());
        assert_eq!(query.encoded(), "");
        assert!(query.piece_names().is_empty());
        set(&mut query, "n", &7);
        query.push_piece("key=s%20t");
        assert_eq!(query.encoded(), "n=7&key=s%20t");
        assert_eq!(query.piece_names(), ["n", "key"]);
        assert_eq!(query.value("n").as_deref(), Some("7"));
    }

    /// Past the parameters kept in place, and with names too long to be kept in their
    /// record, a parameter set again is still replaced where it stands, and the others
    /// still found by name.
    #[test]
    fn many_parameters_and_long_names_are_replaced_in_place() {
        let long = "a_parameter_name_longer_than_inline";
        let longer = "another_parameter_name_longer_than_inline";
        let mut query = Query::default();
        for (i, name) in ["p0", long, "p2", "p3", longer, "p5"].iter().enumerate() {
            set(&mut query, name, &i);
        }
        let expected = format!("p0=0&{long}=1&p2=2&p3=3&{longer}=4&p5=5");
        assert_eq!(query.encoded(), expected);
        set(&mut query, long, "x");
        set(&mut query, "p2", &None::<u8>);
        assert_eq!(
            query.encoded(),
            format!("p0=0&p3=3&{longer}=4&p5=5&{long}=x")
        );
        assert_eq!(query.value(longer).as_deref(), Some("4"));
        assert_eq!(query.value(long).as_deref(), Some("x"));
        set(&mut query, longer, "y");
        set(&mut query, "p0", "z");
        assert_eq!(
            query.encoded(),
            format!("p3=3&p5=5&{long}=x&{longer}=y&p0=z")
        );
        for (name, value) in [
            ("p3", "3"),
            ("p5", "5"),
            (long, "x"),
            (longer, "y"),
            ("p0", "z"),
        ] {
            assert_eq!(query.value(name).as_deref(), Some(value), "{name}");
        }
        assert_eq!(query.value("p2"), None);
    }

    /// A parameter kept raw reaches the URL as the very bytes its encoding would, for
    /// every ASCII byte and for multi-byte characters; a pager reads it back as set.
    #[test]
    fn a_raw_parameter_reaches_the_url_as_its_encoding() {
        let base = url::Url::parse("https://h/p").unwrap();
        let mut values: Vec<String> = (0u8..128).map(|b| format!("a{}b", b as char)).collect();
        values.extend(["é/ü", "x=y&z", "", "100%", "\\xaf"].map(String::from));
        for value in &values {
            let mut query = Query::default();
            set(&mut query, "n", value.as_str());
            set(&mut query, "k=&", "v");
            let raw = !value.contains([' ', '*', '~']);
            assert_eq!(query.raw, if raw { 2 } else { 1 }, "{value:?}");
            assert_eq!(query.value("n").as_deref(), Some(value.as_str()));
            let mut url = base.clone();
            query.write_into(&mut url);
            let mut expected = base.clone();
            expected.set_query(Some(&query.encoded()));
            assert_eq!(url.as_str(), expected.as_str(), "{value:?}");
            // A piece no parameter owns (a query credential) makes it all encoded.
            let encoded = query.encoded().into_owned();
            query.push_piece("key=s%20t");
            assert_eq!(query.raw, 0);
            assert_eq!(query.encoded(), format!("{encoded}&key=s%20t"));
            assert_eq!(query.value("n").as_deref(), Some(value.as_str()));
        }
    }

    /// A parameter kept raw set after a piece no parameter owns (a query credential)
    /// does not take the URL's query for itself: the piece stays.
    #[test]
    fn a_raw_parameter_set_after_an_unowned_piece_keeps_the_piece() {
        let mut query = Query::default();
        query.push_piece("key=s%20t");
        set(&mut query, "a", "1");
        assert_eq!(query.raw, 1);
        let mut url = url::Url::parse("https://h/p").unwrap();
        query.write_into(&mut url);
        assert_eq!(url.query(), Some("key=s%20t&a=1"));
    }

    /// The word-wise scan finds each of the three bytes wherever it stands, and nothing
    /// else.
    #[test]
    fn form_safe_finds_space_star_and_tilde_anywhere() {
        for len in 0..20 {
            for at in 0..len {
                for byte in 0u8..=255 {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    let Ok(text) = String::from_utf8(text) else {
                        continue;
                    };
                    let expected = !matches!(byte, b' ' | b'*' | b'~');
                    assert_eq!(form_safe(&text), expected, "{text:?}");
                }
            }
        }
        assert!(form_safe("é/ü"));
    }

    /// What cannot be serialized sets nothing and says why.
    #[test]
    fn an_unserializable_value_sets_nothing() {
        let mut query = Query::default();
        set(&mut query, "a", "1");
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(query.set("m", &map, Style::Form, true).is_err());
        assert_eq!(query.encoded(), "a=1");
        set(&mut query, "b", "2");
        assert_eq!(query.encoded(), "a=1&b=2");
    }
}
