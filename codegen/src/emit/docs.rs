//! Spec text → rustdoc that neither rustdoc nor clippy complains about.
//!
//! Descriptions are raw markdown written for a web page. As rustdoc they can
//! go wrong in a few ways, each fixed here:
//!
//! * code blocks run as doctests: fenced blocks become ```` ```text ```` and
//!   indented blocks (4+ spaces after a blank line) become fenced `text`
//!   blocks; any other deep indentation is removed;
//! * lists trip `clippy::doc_lazy_continuation` and
//!   `clippy::doc_overindented_list_items`: list items are re-indented and
//!   their continuation lines aligned on the item's text;
//! * `rustdoc::bare_urls` (`https://…` → `<https://…>`),
//!   `rustdoc::broken_intra_doc_links` (`[text]` that is no link → `\[text\]`)
//!   and `rustdoc::invalid_html_tags` (`<tag>` → `\<tag>`);
//! * `clippy::tabs_in_doc_comments` (tabs → spaces), CR/CRLF line ends and
//!   trailing spaces.
//!
//! Code spans and code blocks are never altered inside.

use proc_macro2::TokenStream;
use quote::quote;

use super::inline::escape_inline;
use crate::plan::{doc_literal, Attr};

/// Doc text assembled paragraph by paragraph, emitted as one `#[doc]`
/// attribute per line.
#[derive(Debug, Default, Clone)]
pub(crate) struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// An empty doc.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds raw spec text, sanitized; nothing when absent or blank.
    pub(crate) fn spec(mut self, raw: Option<&str>) -> Self {
        if let Some(raw) = raw {
            let text = sanitize(raw);
            if !text.is_empty() {
                self.paragraphs.push(text);
            }
        }
        self
    }

    /// Adds markdown the emitter wrote itself (already safe).
    pub(crate) fn line(mut self, markdown: impl Into<String>) -> Self {
        let markdown = markdown.into();
        if !markdown.trim().is_empty() {
            self.paragraphs.push(markdown);
        }
        self
    }

    /// Whether nothing was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The whole text (tabs expanded: `clippy::tabs_in_doc_comments`).
    pub(crate) fn text(&self) -> String {
        self.paragraphs.join("\n\n").replace('\t', "    ")
    }

    /// `#[doc = " line"]` attributes.
    pub(crate) fn outer(&self) -> TokenStream {
        let attrs = self.attrs();
        quote! { #(#attrs)* }
    }

    /// `#[doc = " line"]` attributes, typed.
    pub(crate) fn attrs(&self) -> Vec<Attr> {
        self.attr_lines().into_iter().map(Attr::Doc).collect()
    }

    /// `#![doc = " line"]` attributes.
    pub(crate) fn inner(&self) -> TokenStream {
        let lines = self.attr_lines().into_iter().map(|l| doc_literal(&l));
        quote! { #(#![doc = #lines])* }
    }

    fn attr_lines(&self) -> Vec<String> {
        let text = self.text();
        text.split('\n')
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                }
            })
            .collect()
    }
}

/// `value` as an inline code span, whatever backticks it holds.
pub(crate) fn code(value: &str) -> String {
    let value = value.replace(['\r', '\n'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in value.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if value.is_empty() {
        return "` `".into();
    }
    if value.starts_with('`') || value.ends_with('`') || longest > 0 {
        format!("{fence} {value} {fence}")
    } else {
        format!("{fence}{value}{fence}")
    }
}

/// `Label: `value`` for a short one-line value, else `Label:` and a `text`
/// code block (spec examples and defaults, rendered as JSON).
pub(crate) fn labelled_value(label: &str, value: &str) -> String {
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    if !value.contains('\n') && value.chars().count() <= 80 {
        return format!("{label}: {}", code(&value));
    }
    let mut longest = 0;
    let mut run = 0;
    for c in value.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let body: Vec<&str> = value.split('\n').map(str::trim_end).collect();
    format!("{label}:\n\n{fence}text\n{}\n{fence}", body.join("\n"))
}

/// What follows the name in a list entry: `": "` and the [`inline`] form of
/// `raw`, or nothing when there is no text.
pub(crate) fn entry_text(raw: Option<&str>) -> String {
    match raw.map(inline).filter(|t| !t.is_empty()) {
        Some(text) => format!(": {text}"),
        None => String::new(),
    }
}

/// A one-line text (summary, title): whitespace collapsed, inline markdown
/// made safe, and a leading character that would start a block escaped.
pub(crate) fn inline(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let escaped = escape_inline(&collapsed);
    match escaped.chars().next() {
        Some('#' | '>' | '-' | '+' | '*' | '=' | '|') => format!("\\{escaped}"),
        Some(c) if c.is_ascii_digit() => {
            // `1. text` would be an ordered list.
            let digits = escaped.chars().take_while(char::is_ascii_digit).count();
            match escaped[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &escaped[..digits], &escaped[digits..]),
                _ => escaped,
            }
        }
        _ => escaped,
    }
}

/// The API's title as a noun phrase inside a doc sentence, made safe with
/// [`inline`]: see [`with_article`].
pub(crate) fn the_title(raw: &str) -> String {
    with_article(&inline(raw))
}

/// A title as a noun phrase inside a sentence: `the Deck API`, but
/// `The Plaid API` (not `the The Plaid API`) when the title brings its own
/// article (`The`, `A`, `An`, in any case, followed by a space).
pub(crate) fn with_article(title: &str) -> String {
    let has_article = title.split_once(' ').is_some_and(|(first, _)| {
        ["the", "a", "an"].contains(&first.to_ascii_lowercase().as_str())
    });
    if has_article {
        title.to_string()
    } else {
        format!("the {title}")
    }
}

/// Multi-line spec markdown → rustdoc-safe markdown (see the module docs).
pub(crate) fn sanitize(raw: &str) -> String {
    let text = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let common = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| if l.is_empty() { *l } else { &l[common..] })
        .collect();
    let blocks = Blocks::default().run(&lines);
    render(&blocks)
}

/// One output line: its prefix (indentation, `> `), its content, and whether
/// the content is verbatim (inside a code block).
#[derive(Debug, Clone, PartialEq)]
struct Out {
    prefix: String,
    content: String,
    verbatim: bool,
}

impl Out {
    fn blank() -> Self {
        Out {
            prefix: String::new(),
            content: String::new(),
            verbatim: false,
        }
    }
    fn is_blank(&self) -> bool {
        self.prefix.trim().is_empty() && self.content.is_empty() && !self.verbatim
    }
}

/// A list item being continued: where its marker and text started in the
/// input, and where they go in the output.
#[derive(Debug, Clone, Copy)]
struct Item {
    orig_marker: usize,
    orig_content: usize,
    new_marker: usize,
    new_content: usize,
}

/// An open fenced block: its fence character and length, the input
/// indentation to strip from its lines and the output indentation to add.
#[derive(Debug, Clone)]
struct Fence {
    ch: char,
    len: usize,
    strip: usize,
    indent: String,
    /// Converted from an indented code block (closed by dedent, not a fence).
    indented: bool,
}

#[derive(Debug, Default)]
struct Blocks {
    out: Vec<Out>,
    items: Vec<Item>,
    fence: Option<Fence>,
    prev_blank: bool,
    prev_quote: bool,
}

impl Blocks {
    fn run(mut self, lines: &[&str]) -> Vec<Out> {
        self.prev_blank = true;
        for line in lines {
            self.line(line);
        }
        if let Some(fence) = self.fence.take() {
            self.close(&fence);
        }
        while self.out.last().is_some_and(Out::is_blank) {
            self.out.pop();
        }
        self.out
    }

    fn push(&mut self, prefix: String, content: String, verbatim: bool) {
        self.out.push(Out {
            prefix,
            content,
            verbatim,
        });
    }

    fn blank(&mut self) {
        if !self.out.last().is_none_or(Out::is_blank) {
            self.out.push(Out::blank());
        }
    }

    fn close(&mut self, fence: &Fence) {
        // Trailing blank lines of an indented block go after the fence.
        let mut trailing = 0;
        while self
            .out
            .last()
            .is_some_and(|o| o.verbatim && o.content.is_empty())
        {
            self.out.pop();
            trailing += 1;
        }
        let closing = fence.ch.to_string().repeat(fence.len);
        self.push(fence.indent.clone(), closing, true);
        if trailing > 0 {
            self.blank();
        }
    }

    fn line(&mut self, line: &str) {
        let indent = indent_of(line);
        let body = &line[indent..];
        if let Some(fence) = self.fence.clone() {
            if fence.indented {
                if body.is_empty() || indent >= fence.strip {
                    let content = if body.is_empty() {
                        ""
                    } else {
                        &line[fence.strip..]
                    };
                    self.push(fence.indent.clone(), content.to_string(), true);
                    return;
                }
                self.fence = None;
                self.close(&fence);
                self.prev_blank = self.out.last().is_some_and(Out::is_blank);
            } else {
                if closes(body, &fence) {
                    self.fence = None;
                    self.close(&fence);
                    self.prev_blank = false;
                    self.prev_quote = false;
                } else {
                    let cut = indent.min(fence.strip);
                    self.push(fence.indent.clone(), line[cut..].to_string(), true);
                }
                return;
            }
        }
        if body.is_empty() {
            self.blank();
            self.prev_blank = true;
            self.prev_quote = false;
            return;
        }
        if let Some((ch, len)) = opens(body) {
            let indent_out = self.block_indent(indent);
            self.push(
                indent_out.clone(),
                format!("{}text", ch.to_string().repeat(len)),
                true,
            );
            self.fence = Some(Fence {
                ch,
                len,
                strip: indent,
                indent: indent_out,
                indented: false,
            });
            self.prev_blank = false;
            return;
        }
        if let Some((marker, content_at)) = list_marker(body) {
            self.list_item(indent, marker, &body[content_at..], content_at);
            return;
        }
        if self.items.is_empty() && self.prev_blank && indent >= 4 {
            self.push(String::new(), "```text".into(), true);
            self.push(String::new(), line[4..].to_string(), true);
            self.fence = Some(Fence {
                ch: '`',
                len: 3,
                strip: 4,
                indent: String::new(),
                indented: true,
            });
            self.prev_blank = false;
            return;
        }
        let prefix = self.block_indent(indent);
        let is_quote = body.starts_with('>');
        let content = if self.prev_quote && !self.prev_blank && !is_quote {
            format!("> {body}")
        } else {
            body.to_string()
        };
        self.push(prefix, content, false);
        self.prev_quote = is_quote || (self.prev_quote && !self.prev_blank);
        self.prev_blank = false;
    }

    /// The output indentation of a non-item line with input indentation
    /// `indent`, ending lists it does not belong to.
    fn block_indent(&mut self, indent: usize) -> String {
        if self.prev_blank {
            while let Some(top) = self.items.last() {
                if indent >= top.orig_content {
                    break;
                }
                self.items.pop();
            }
        }
        " ".repeat(self.items.last().map_or(0, |top| top.new_content))
    }

    fn list_item(&mut self, indent: usize, marker: &str, content: &str, content_at: usize) {
        let was_in_list = !self.items.is_empty();
        let mut new_marker = 0;
        while let Some(top) = self.items.last().copied() {
            if indent >= top.orig_content {
                new_marker = top.new_content;
                break;
            }
            self.items.pop();
            if indent >= top.orig_marker {
                new_marker = top.new_marker;
                break;
            }
        }
        if !was_in_list && !self.prev_blank && !self.out.is_empty() {
            // A list right after a paragraph line: separate them.
            self.blank();
        }
        let orig_content = if content.is_empty() || content_at > marker.len() + 4 {
            indent + marker.len() + 1
        } else {
            indent + content_at
        };
        self.items.push(Item {
            orig_marker: indent,
            orig_content,
            new_marker,
            new_content: new_marker + marker.len() + 1,
        });
        self.push(
            " ".repeat(new_marker),
            format!("{marker} {content}").trim_end().to_string(),
            false,
        );
        self.prev_blank = false;
        self.prev_quote = false;
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// ```` ``` ```` or `~~~` (3 or more) opening a fence: its char and length.
fn opens(body: &str) -> Option<(char, usize)> {
    let ch = body.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = body.chars().take_while(|c| *c == ch).count();
    if len < 3 || (ch == '`' && body[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

fn closes(body: &str, fence: &Fence) -> bool {
    let len = body.chars().take_while(|c| *c == fence.ch).count();
    len >= fence.len && body[len..].trim().is_empty()
}

/// A list marker at the start of `body`: the marker and where its text starts.
fn list_marker(body: &str) -> Option<(&str, usize)> {
    let bytes = body.as_bytes();
    let marker_len = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    match bytes.get(marker_len) {
        None => Some((&body[..marker_len], marker_len)),
        Some(b' ') => {
            let spaces = bytes[marker_len..]
                .iter()
                .take_while(|b| **b == b' ')
                .count();
            Some((&body[..marker_len], marker_len + spaces))
        }
        _ => None,
    }
}

/// Joins the lines, escaping inline markdown paragraph by paragraph (so code
/// spans may cross lines).
fn render(lines: &[Out]) -> String {
    let mut result: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if lines[i].verbatim || lines[i].is_blank() {
            result.push(
                format!("{}{}", lines[i].prefix, lines[i].content)
                    .trim_end()
                    .to_string(),
            );
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].verbatim && !lines[i].is_blank() {
            i += 1;
        }
        let joined = lines[start..i]
            .iter()
            .map(|o| o.content.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let escaped = escape_inline(&joined);
        for (out, content) in lines[start..i].iter().zip(escaped.split('\n')) {
            result.push(format!("{}{}", out.prefix, content).trim_end().to_string());
        }
    }
    result.join("\n")
}

#[cfg(test)]
#[path = "docs_tests.rs"]
mod tests;
