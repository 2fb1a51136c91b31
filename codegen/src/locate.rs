//! Source positions of JSON pointers.
//!
//! The loader records, for every node of the document, where it starts in the
//! source text, so that errors found much later (in `normalize`, `lower`) can
//! name a line and column. A member of a mapping is located at its key (that
//! is where a reader looks for `responses:`); an element of a sequence at its
//! first character; the root at the start of the document.
//!
//! Positions are stored as a tree (each node: its parent, its key, its
//! position) rather than as one string per pointer, which keeps a multi-MB spec
//! cheap to index. Lookups only happen on errors, so the index is built on
//! the first one: scanning GitHub's 3.6 MB spec and sorting its keys cost
//! 3 % of a generation that never looks a position up.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde_saphyr::granit_parser::{Event, Parser};

/// Maps JSON pointers to 1-based (line, column).
///
/// Columns count characters, not bytes. Holds the source text, and indexes
/// it on the first lookup.
#[derive(Clone, Default)]
pub struct Positions {
    /// The source text and its syntax; `None` for documents built in memory.
    source: Option<(Syntax, Arc<str>)>,
    index: OnceLock<Index>,
}

#[derive(Clone, Copy)]
enum Syntax {
    Json,
    Yaml,
}

/// Where every node of a document starts.
#[derive(Clone, Default)]
struct Index {
    /// Every node, the root first. A node's parent always comes before it.
    nodes: Vec<Node>,
    /// The unescaped keys (or sequence indices) of all nodes, concatenated.
    keys: String,
    /// Indices of all non-root nodes, sorted by (parent, key), for lookup.
    index: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Node {
    parent: u32,
    key_start: u32,
    key_len: u32,
    line: u32,
    col: u32,
}

impl fmt::Debug for Positions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.source.as_ref().map_or(0, |(_, text)| text.len());
        f.debug_struct("Positions")
            .field("source_bytes", &bytes)
            .finish()
    }
}

impl Positions {
    /// Positions of a JSON text. The text must already have been accepted by
    /// a JSON parser; on anything unexpected the scan stops early and keeps
    /// what it has (never panics).
    pub fn from_json(text: &str) -> Positions {
        Positions {
            source: Some((Syntax::Json, text.into())),
            index: OnceLock::new(),
        }
    }

    /// Positions of a YAML text (its first document), from the parser's
    /// event spans. On a parse error the scan stops and keeps what it has.
    pub fn from_yaml(text: &str) -> Positions {
        Positions {
            source: Some((Syntax::Yaml, text.into())),
            index: OnceLock::new(),
        }
    }

    /// Position of `pointer`, or of its nearest ancestor that has one.
    ///
    /// `pointer` is an RFC 6901 JSON pointer (`""` is the root; a leading `#`
    /// is tolerated). `None` only when nothing at all is known (documents
    /// built in memory).
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        self.index().find(pointer)
    }

    /// Number of nodes recorded (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.index().nodes.len()
    }

    /// Whether nothing is recorded (documents built in memory).
    pub fn is_empty(&self) -> bool {
        self.index().nodes.is_empty()
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| match &self.source {
            None => Index::default(),
            Some((Syntax::Json, text)) => Index::json(text),
            Some((Syntax::Yaml, text)) => Index::yaml(text),
        })
    }
}

impl Index {
    /// [`Positions::find`].
    fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut current = self.nodes.first()?;
        let mut current_id = 0u32;
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        // Text that is not a pointer has no tokens: the best we can say is
        // "the document".
        for key in crate::pointer::tokens(pointer) {
            match self.child(current_id, &key) {
                Some(id) => match self.nodes.get(id as usize) {
                    Some(node) => {
                        current = node;
                        current_id = id;
                    }
                    None => break,
                },
                None => break,
            }
        }
        Some((current.line as usize, current.col as usize))
    }

    fn json(text: &str) -> Index {
        let mut scanner = JsonScanner {
            bytes: text.as_bytes(),
            pos: 0,
            lines: LineCounter::default(),
            builder: Builder::default(),
            depth: 0,
        };
        scanner.skip_ws();
        let (line, col) = scanner.here();
        let root = scanner.builder.push(u32::MAX, "", line, col);
        // An early stop (malformed input) still leaves every position found so far.
        let _ = scanner.value(root);
        scanner.builder.finish()
    }

    fn yaml(text: &str) -> Index {
        let mut builder = Builder::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut started = false;
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let line = to_u32(span.start.line());
            let col = to_u32(span.start.col().saturating_add(1));
            let (opens, closes) = match &event {
                Event::MappingStart(..) | Event::SequenceStart(..) => (true, false),
                Event::MappingEnd | Event::SequenceEnd => (false, true),
                Event::Scalar(..) | Event::Alias(..) => (false, false),
                Event::DocumentEnd if started => break,
                _ => continue,
            };
            if closes {
                stack.pop();
                continue;
            }
            started = true;
            let is_map = matches!(event, Event::MappingStart(..));
            let node = match stack.last_mut() {
                None => Some(builder.push(u32::MAX, "", line, col)),
                Some(Frame::Skip) => None,
                Some(Frame::Seq { node, next }) => {
                    let parent = *node;
                    let key = next.to_string();
                    *next = next.saturating_add(1);
                    Some(builder.push(parent, &key, line, col))
                }
                Some(Frame::Map { node, key }) => {
                    let parent = *node;
                    match key.take() {
                        // This node is a value: it is located at its key.
                        Some(Some((key, key_line, key_col))) => {
                            Some(builder.push(parent, &key, key_line, key_col))
                        }
                        // The value of a complex (non-scalar) key: not addressable.
                        Some(None) => None,
                        // This node is a key: remember it, and skip it if it is
                        // a collection.
                        None => {
                            *key = Some(match &event {
                                Event::Scalar(text, ..) => Some((text.to_string(), line, col)),
                                _ => None,
                            });
                            if opens {
                                stack.push(Frame::Skip);
                            }
                            continue;
                        }
                    }
                }
            };
            if opens {
                stack.push(match node {
                    None => Frame::Skip,
                    Some(node) if is_map => Frame::Map { node, key: None },
                    Some(node) => Frame::Seq { node, next: 0 },
                });
            }
        }
        builder.finish()
    }

    fn key(&self, node: &Node) -> &str {
        let start = node.key_start as usize;
        let end = start.saturating_add(node.key_len as usize);
        self.keys.get(start..end).unwrap_or("")
    }

    fn child(&self, parent: u32, key: &str) -> Option<u32> {
        let found = self
            .index
            .binary_search_by(|&id| match self.nodes.get(id as usize) {
                Some(node) => node
                    .parent
                    .cmp(&parent)
                    .then_with(|| self.key(node).cmp(key)),
                None => std::cmp::Ordering::Less,
            });
        found.ok().and_then(|i| self.index.get(i).copied())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

enum Frame {
    /// Inside a mapping. `key`: `None` while waiting for a key; then the key
    /// and its position, or `Some(None)` for a complex key.
    Map {
        node: u32,
        key: Option<Option<(String, u32, u32)>>,
    },
    Seq {
        node: u32,
        next: u32,
    },
    /// Inside something that has no pointer (a complex key or its value).
    Skip,
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    keys: String,
}

impl Builder {
    fn push(&mut self, parent: u32, key: &str, line: u32, col: u32) -> u32 {
        let id = to_u32(self.nodes.len());
        self.nodes.push(Node {
            parent,
            key_start: to_u32(self.keys.len()),
            key_len: to_u32(key.len()),
            line,
            col,
        });
        self.keys.push_str(key);
        id
    }

    fn finish(self) -> Index {
        let mut positions = Index {
            nodes: self.nodes,
            keys: self.keys,
            index: Vec::new(),
        };
        let mut index: Vec<u32> = (1..to_u32(positions.nodes.len())).collect();
        index.sort_by(|&a, &b| {
            match (
                positions.nodes.get(a as usize),
                positions.nodes.get(b as usize),
            ) {
                (Some(x), Some(y)) => x
                    .parent
                    .cmp(&y.parent)
                    .then_with(|| positions.key(x).cmp(positions.key(y))),
                _ => std::cmp::Ordering::Equal,
            }
        });
        positions.index = index;
        positions
    }
}

/// Turns increasing byte offsets into 1-based (line, character column).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u32,
    /// 0-based character column at `offset`.
    col: u32,
}

impl LineCounter {
    fn advance(&mut self, bytes: &[u8], to: usize) -> (u32, u32) {
        let to = to.min(bytes.len());
        if let Some(chunk) = bytes.get(self.offset..to) {
            for &b in chunk {
                if b == b'\n' {
                    self.line = self.line.saturating_add(1);
                    self.col = 0;
                } else if b & 0xC0 != 0x80 {
                    self.col = self.col.saturating_add(1);
                }
            }
            self.offset = to;
        }
        (self.line.saturating_add(1), self.col.saturating_add(1))
    }
}

/// Column of a byte offset within `line` (1-based), counted in characters.
pub(crate) fn char_column(text: &str, line: usize, byte_col: usize) -> usize {
    let Some(line_text) = text.lines().nth(line.saturating_sub(1)) else {
        return byte_col;
    };
    let end = byte_col.saturating_sub(1).min(line_text.len());
    let prefix = line_text.as_bytes().get(..end).unwrap_or_default();
    prefix.iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1
}

/// Deepest nesting the JSON scanner follows (serde_json itself stops at 128).
const MAX_JSON_DEPTH: usize = 512;

struct JsonScanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    lines: LineCounter,
    builder: Builder,
    depth: usize,
}

/// The scan met something that is not JSON; stop.
struct Stop;

impl JsonScanner<'_> {
    fn here(&mut self) -> (u32, u32) {
        self.lines.advance(self.bytes, self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Stop> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// Scans one value starting at the cursor; `node` is already recorded.
    fn value(&mut self, node: u32) -> Result<(), Stop> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.nested(|s| s.object(node)),
            Some(b'[') => self.nested(|s| s.array(node)),
            Some(b'"') => self.string().map(|_| ()),
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                Ok(())
            }
            None => Err(Stop),
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> Result<(), Stop>) -> Result<(), Stop> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(Stop);
        }
        self.depth += 1;
        self.pos += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn object(&mut self, node: u32) -> Result<(), Stop> {
        self.members(b'}', |s, line, col| {
            let key = s.string()?;
            let child = s.builder.push(node, &key, line, col);
            s.expect(b':')?;
            s.value(child)
        })
    }

    fn array(&mut self, node: u32) -> Result<(), Stop> {
        let mut index = 0usize;
        self.members(b']', |s, line, col| {
            let child = s.builder.push(node, &index.to_string(), line, col);
            index += 1;
            s.value(child)
        })
    }

    /// The members of an object or array, after its opening bracket, up to
    /// and including `close`: `member` scans each, given where it starts.
    fn members(
        &mut self,
        close: u8,
        mut member: impl FnMut(&mut Self, u32, u32) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            let (line, col) = self.here();
            member(self, line, col)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(Stop),
            }
        }
    }

    /// Scans a string at the cursor and returns its decoded text.
    fn string(&mut self) -> Result<String, Stop> {
        if self.peek() != Some(b'"') {
            return Err(Stop);
        }
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            match self.peek() {
                None => return Err(Stop),
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 2;
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => self.pos += 1,
            }
        }
        let raw = self.bytes.get(start..self.pos).ok_or(Stop)?;
        let raw = std::str::from_utf8(raw).map_err(|_| Stop)?;
        if escaped {
            serde_json::from_str(raw).map_err(|_| Stop)
        } else {
            Ok(raw
                .get(1..raw.len().saturating_sub(1))
                .unwrap_or("")
                .to_string())
        }
    }
}
