//! Where in a JSON body a decode failed, as a path (`items[0].created_at`),
//! found from the failure's line and column alone.
//!
//! Why not `serde_path_to_error`: it is a deserializer wrapper, so decoding
//! through it instantiates every generated type's `Deserialize` a second
//! time (once for plain `serde_json`, which the success path uses, once for
//! the wrapper): about an eighth more peak memory building a generated
//! crate. `serde_json` already says where it stopped; walking the body's
//! tokens up to there gives the same path, with no generic code at all.

/// The path of the value being read at 1-based `line`/`column` (as
/// `serde_json::Error` reports them) in `body`; `.` for the top level or an
/// unknown position.
pub(crate) fn at(body: &[u8], line: usize, column: usize) -> String {
    match offset(body, line, column) {
        Some(end) => path_before(body, end),
        None => ".".to_owned(),
    }
}

/// The byte offset of the character at `line`/`column`, if it is in `body`.
fn offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    Some((line_start + column - 1).min(body.len()))
}

enum Frame {
    /// An object, with the key whose value is being read.
    Object {
        key: Option<String>,
        expect_key: bool,
    },
    /// An array, with the index of the element being read, once it has started.
    Array { index: usize, started: bool },
}

/// The path of the value open just before byte `end`.
fn path_before(body: &[u8], end: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        let byte = body[i];
        if let Some(Frame::Array { started, .. }) = stack.last_mut() {
            if !matches!(byte, b',' | b']') && !byte.is_ascii_whitespace() {
                *started = true;
            }
        }
        match byte {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array {
                index: 0,
                started: false,
            }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b'"' => {
                let close = string_end(body, i);
                if close >= end {
                    break;
                }
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *key = serde_json::from_slice::<String>(&body[i..=close]).ok();
                        *expect_key = false;
                    }
                }
                i = close;
            }
            _ => {}
        }
        i += 1;
    }
    // Stopped at a container's end: what failed is that container as a whole
    // (a missing field, too few elements), not its last member.
    if matches!(body.get(end), Some(b'}' | b']')) {
        match stack.last_mut() {
            Some(Frame::Object { key, .. }) => *key = None,
            Some(Frame::Array { started, .. }) => *started = false,
            None => {}
        }
    }
    render(&stack)
}

/// The index of the quote closing the string that opens at `open` (or the
/// body's end when it is not closed).
fn string_end(body: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    body.len()
}

/// `a.b[0].c`, the form `serde_path_to_error` made familiar.
fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } | Frame::Array { started: false, .. } => break,
            Frame::Array { index, .. } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    /// The path `at` gives for the error decoding `body` as `T`.
    fn path_of<T: for<'de> Deserialize<'de> + std::fmt::Debug>(body: &str) -> String {
        let error = serde_json::from_str::<T>(body).expect_err("does not decode");
        super::at(body.as_bytes(), error.line(), error.column())
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Event {
        timestamp: String,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Session {
        events: Vec<Event>,
        #[serde(default)]
        name: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Sessions {
        link_sessions: Vec<Session>,
    }

    #[test]
    fn a_wrong_type_deep_inside_is_located() {
        let body = r#"{"link_sessions":[{"events":[{"timestamp":"a"},{"timestamp":"b"},{"timestamp":3}]}]}"#;
        assert_eq!(
            path_of::<Sessions>(body),
            "link_sessions[0].events[2].timestamp"
        );
    }

    #[test]
    fn pretty_printed_bodies_and_escaped_keys_are_located() {
        let body = "{\n  \"link_sessions\": [\n    {\"name\": \"x, \\\"y\\\" [z]\", \"events\": [\n      {\"timestamp\": {}}\n    ]}\n  ]\n}";
        assert_eq!(
            path_of::<Sessions>(body),
            "link_sessions[0].events[0].timestamp"
        );
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Count {
        n: String,
        m: Option<u8>,
    }

    #[test]
    fn the_last_member_before_a_brace_is_located() {
        assert_eq!(path_of::<Count>(r#"{"n":3}"#), "n");
        assert_eq!(path_of::<Count>(r#"{"n":true}"#), "n");
        assert_eq!(path_of::<Count>(r#"{"n":"x","m":300}"#), "m");
        assert_eq!(path_of::<Count>(r#"{"n":"x","m":"y"}"#), "m");
        assert_eq!(path_of::<Vec<u8>>("[1,2,\"x\"]"), "[2]");
        assert_eq!(path_of::<Vec<u8>>("[1,2,300]"), "[2]");
        assert_eq!(path_of::<Count>(r#"{"m":1}"#), ".");
    }

    #[test]
    fn a_missing_field_names_its_object() {
        assert_eq!(
            path_of::<Sessions>(r#"{"link_sessions":[{"events":[{}]}]}"#),
            "link_sessions[0].events[0]"
        );
    }

    #[test]
    fn top_level_truncated_and_trailing_failures() {
        assert_eq!(path_of::<Sessions>("[]"), ".");
        assert_eq!(path_of::<Sessions>(r#"{"link_sessions": []} x"#), ".");
        assert_eq!(
            path_of::<Sessions>(r#"{"link_sessions":[{"events":[{"timesta"#),
            "link_sessions[0].events[0]"
        );
        assert_eq!(super::at(b"{}", 0, 0), ".");
        assert_eq!(super::at(b"{}", 7, 1), ".");
    }
}
