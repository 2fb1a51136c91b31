//! A path template (`/users/{user_id}/posts`), parsed once in `lower`: its
//! literal text and its parameters, in order.

use std::fmt;

/// A well-formed path template: [`PathTemplate::parse`] is the only way to
/// build one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    raw: String,
    pieces: Vec<PathPiece>,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text, sent as written.
    Text(String),
    /// A `{name}`: the wire name of a path parameter, without its braces.
    Param(String),
}

/// Why a path template is malformed, with the byte offset it was found at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("path template `{template}`: {message} (at byte {offset})")]
pub struct TemplateError {
    /// The template as written.
    pub template: String,
    /// Byte offset of the offending brace.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl PathTemplate {
    /// Parses `{name}` parameters out of a template. Refused: an unclosed
    /// `{`, a `}` with no `{`, an empty `{}`, a brace inside a name, and two
    /// parameters with nothing between them (`{a}{b}`: no server could tell
    /// where one value ends).
    ///
    /// A `#` outside a parameter ends the path: some specs key two
    /// operations of one route apart with a fragment (Box's
    /// `/files/{file_id}#get_shared_link`). A fragment is never sent, and
    /// text after it would swallow the query string the runtime appends,
    /// so the pieces stop there; [`PathTemplate::as_str`] keeps the key as
    /// written, which is what names the operation.
    pub fn parse(raw: &str) -> Result<PathTemplate, TemplateError> {
        let fail = |offset: usize, message: &str| TemplateError {
            template: raw.to_string(),
            offset,
            message: message.to_string(),
        };
        let mut pieces = Vec::new();
        let mut text_start = 0;
        let mut open: Option<usize> = None;
        let mut end = raw.len();
        for (i, c) in raw.char_indices() {
            match (c, open) {
                ('#', None) => {
                    end = i;
                    break;
                }
                ('{', None) => {
                    if i > text_start {
                        pieces.push(PathPiece::Text(raw[text_start..i].to_string()));
                    } else if matches!(pieces.last(), Some(PathPiece::Param(_))) {
                        return Err(fail(i, "two parameters with nothing between them"));
                    }
                    open = Some(i);
                }
                ('{', Some(_)) => return Err(fail(i, "`{` inside a parameter name")),
                ('}', None) => return Err(fail(i, "`}` without a `{`")),
                ('}', Some(start)) => {
                    if i == start + 1 {
                        return Err(fail(start, "empty parameter name `{}`"));
                    }
                    pieces.push(PathPiece::Param(raw[start + 1..i].to_string()));
                    open = None;
                    text_start = i + 1;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            return Err(fail(start, "unclosed `{`"));
        }
        if text_start < end {
            pieces.push(PathPiece::Text(raw[text_start..end].to_string()));
        }
        Ok(PathTemplate {
            raw: raw.to_string(),
            pieces,
        })
    }

    /// The template as written in the spec.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Its literal text and parameters, in order.
    pub fn pieces(&self) -> &[PathPiece] {
        &self.pieces
    }

    /// Its literal text with each parameter written `{}` (`/keys/{}`): its
    /// parameters are positional, so renaming one in place sends the same
    /// URL.
    pub fn without_param_names(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                PathPiece::Text(text) => text.as_str(),
                PathPiece::Param(_) => "{}",
            })
            .collect()
    }

    /// The wire names of its parameters, in order (a name used twice is
    /// listed twice).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            PathPiece::Param(name) => Some(name.as_str()),
            PathPiece::Text(_) => None,
        })
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> PathPiece {
        PathPiece::Text(s.into())
    }

    fn param(s: &str) -> PathPiece {
        PathPiece::Param(s.into())
    }

    #[test]
    fn a_fragment_is_not_part_of_the_path() {
        let t = PathTemplate::parse("/files/{file_id}#get_shared_link").unwrap();
        assert_eq!(t.pieces(), [text("/files/"), param("file_id")]);
        assert_eq!(t.as_str(), "/files/{file_id}#get_shared_link");
        let t = PathTemplate::parse("/folders/{id}/x#{not_a_param}").unwrap();
        assert_eq!(t.pieces(), [text("/folders/"), param("id"), text("/x")]);
        assert_eq!(t.params().collect::<Vec<_>>(), ["id"]);
    }

    #[test]
    fn splits_text_and_parameters_in_order() {
        let t = PathTemplate::parse("/repos/{owner}/{repo}/contents/{path}").unwrap();
        assert_eq!(
            t.pieces(),
            [
                text("/repos/"),
                param("owner"),
                text("/"),
                param("repo"),
                text("/contents/"),
                param("path"),
            ]
        );
        assert_eq!(t.params().collect::<Vec<_>>(), ["owner", "repo", "path"]);
        assert_eq!(t.as_str(), "/repos/{owner}/{repo}/contents/{path}");
        assert_eq!(t.to_string(), t.as_str());
    }

    #[test]
    fn keeps_odd_but_well_formed_templates() {
        let t = PathTemplate::parse("{id}.json").unwrap();
        assert_eq!(t.pieces(), [param("id"), text(".json")]);
        let t = PathTemplate::parse("/a/{id}/b/{id}").unwrap();
        assert_eq!(t.params().collect::<Vec<_>>(), ["id", "id"]);
        let t = PathTemplate::parse("/files/{name}.{ext}").unwrap();
        assert_eq!(t.params().collect::<Vec<_>>(), ["name", "ext"]);
        let t = PathTemplate::parse("/é/{ünï}").unwrap();
        assert_eq!(t.pieces(), [text("/é/"), param("ünï")]);
        assert!(PathTemplate::parse("").unwrap().pieces().is_empty());
        assert_eq!(PathTemplate::parse("/").unwrap().pieces(), [text("/")]);
    }

    #[test]
    fn refuses_malformed_templates_with_the_offset() {
        let cases = [
            ("/a/{", 3, "unclosed `{`"),
            ("/a/{id", 3, "unclosed `{`"),
            ("/a/{}", 3, "empty parameter name"),
            ("/{a}{b}", 4, "nothing between them"),
            ("/{a{b}}", 3, "inside a parameter name"),
            ("/a}", 2, "without a `{`"),
            ("/{a}}", 4, "without a `{`"),
        ];
        for (raw, offset, fragment) in cases {
            let e = PathTemplate::parse(raw).unwrap_err();
            assert_eq!(e.template, raw);
            assert_eq!(e.offset, offset, "{raw}: {e}");
            assert!(e.message.contains(fragment), "{raw}: {e}");
            assert!(e.to_string().contains(raw), "{e}");
        }
    }
}
