//! [`Query`]: a request's query string, encoded as it is set, and which parameter wrote
//! which part of it.
//!
//! Kept as the one string the URL takes (no piece per parameter to join on every call),
//! with each parameter's span in it, so that setting a parameter again replaces its
//! text wherever it stands (an exploded object writes its keys, not its name).

use std::ops::Range;

use percent_encoding::percent_decode_str;
use serde::Serialize;

use crate::params::{query_pair_into, query_pieces, Style};
use crate::scalar::{scalar_text, Scalar};

/// The bytes a query string starts with: enough for most calls' parameters.
const FIRST_CAPACITY: usize = 128;

/// The encoded query: `name=value` pieces joined by `&`.
#[derive(Clone, Default)]
pub(crate) struct Query {
    text: String,
    /// The parameters' names, one after the other (`params` says where each ends).
    names: String,
    params: Vec<Param>,
}

/// Where one parameter's name and text are.
#[derive(Clone, Copy)]
struct Param {
    /// Its name: `names[name]`.
    name: (u32, u32),
    /// Its pieces, without the `&` before or after: `text[text]`.
    text: (u32, u32),
}

impl Param {
    fn name(self) -> Range<usize> {
        self.name.0 as usize..self.name.1 as usize
    }

    fn text(self) -> Range<usize> {
        self.text.0 as usize..self.text.1 as usize
    }
}

impl Query {
    /// The encoded query string (empty: no query).
    pub(crate) fn as_str(&self) -> &str {
        &self.text
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
        let written = scalar_text(value, &mut |scalar| query_pair_into(text, name, scalar));
        if let Scalar::Other = written {
            let value = serde_json::to_value(value)?;
            query_pieces(name, &value, style, explode, &mut self.text);
        }
        if self.text.len() > start {
            // The `&` that `query_pieces` and `query_pair_into` put before a piece that
            // is not the first is not the parameter's.
            let start = start + usize::from(start > 0);
            if self.names.capacity() == 0 {
                self.names.reserve(FIRST_CAPACITY / 4);
            }
            let name_start = self.names.len();
            self.names.push_str(name);
            self.params.push(Param {
                name: (offset(name_start), offset(self.names.len())),
                text: (offset(start), offset(self.text.len())),
            });
        }
        Ok(())
    }

    /// Appends an encoded `name=value` piece that no parameter owns (an `in: query`
    /// credential).
    pub(crate) fn push_piece(&mut self, piece: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(piece);
    }

    /// The value a scalar parameter was set to, decoded (`None`: not set, or set to
    /// several pieces, an array or an object).
    pub(crate) fn value(&self, name: &str) -> Option<String> {
        let param = self.find(name)?;
        let text = &self.text[param.text()];
        if text.contains('&') {
            return None;
        }
        let value = text.split_once('=').map_or("", |(_, value)| value);
        Some(percent_decode_str(value).decode_utf8_lossy().into_owned())
    }

    /// The names of the pieces, in order (what `Debug` shows: never a value).
    pub(crate) fn piece_names(&self) -> Vec<&str> {
        if self.text.is_empty() {
            return Vec::new();
        }
        (self.text.split('&'))
            .map(|piece| piece.split('=').next().unwrap_or_default())
            .collect()
    }

    fn find(&self, name: &str) -> Option<Param> {
        (self.params.iter().copied()).find(|param| self.names[param.name()] == *name)
    }

    /// Takes out the text and the name of the parameter `name`, if it is set.
    fn remove(&mut self, name: &str) {
        let Some(index) = self
            .params
            .iter()
            .position(|p| self.names[p.name()] == *name)
        else {
            return;
        };
        let param = self.params.remove(index);
        // Its text and one `&` beside it: the one before, else the one after.
        let mut cut = param.text();
        if cut.start > 0 {
            cut.start -= 1;
        } else if cut.end < self.text.len() {
            cut.end += 1;
        }
        self.text.replace_range(cut.clone(), "");
        let names = param.name();
        self.names.replace_range(names.clone(), "");
        let (text_cut, name_cut) = (offset(cut.len()), offset(names.len()));
        for later in &mut self.params[index..] {
            later.text = (later.text.0 - text_cut, later.text.1 - text_cut);
            later.name = (later.name.0 - name_cut, later.name.1 - name_cut);
        }
    }
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
        assert_eq!(query.as_str(), "a=1&owner=me&tag=x&b=1&b=2");
        set(&mut query, "filter", &json!({"owner": "you"}));
        assert_eq!(query.as_str(), "a=1&b=1&b=2&owner=you");
        set(&mut query, "a", "2 3");
        assert_eq!(query.as_str(), "b=1&b=2&owner=you&a=2%203");
        assert_eq!(query.value("a").as_deref(), Some("2 3"));
        assert_eq!(query.value("b"), None);
        assert_eq!(query.value("c"), None);
        set(&mut query, "b", &None::<u8>);
        assert_eq!(query.as_str(), "owner=you&a=2%203");
        set(&mut query, "a", &None::<u8>);
        set(&mut query, "filter", &());
        assert_eq!(query.as_str(), "");
        assert!(query.piece_names().is_empty());
        set(&mut query, "n", &7);
        query.push_piece("key=s%20t");
        assert_eq!(query.as_str(), "n=7&key=s%20t");
        assert_eq!(query.piece_names(), ["n", "key"]);
        assert_eq!(query.value("n").as_deref(), Some("7"));
    }

    /// What cannot be serialized sets nothing and says why.
    #[test]
    fn an_unserializable_value_sets_nothing() {
        let mut query = Query::default();
        set(&mut query, "a", "1");
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(query.set("m", &map, Style::Form, true).is_err());
        assert_eq!(query.as_str(), "a=1");
        set(&mut query, "b", "2");
        assert_eq!(query.as_str(), "a=1&b=2");
    }
}
