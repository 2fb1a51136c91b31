//! The `text/event-stream` parser of the WHATWG HTML standard ("Server-sent events",
//! interpreting an event stream), fed bytes as they arrive, with bounded line and event
//! sizes.
//!
//! Lines end at CR, LF or CRLF (a CRLF split across two chunks is one line end); a
//! leading UTF-8 BOM is dropped; invalid UTF-8 becomes U+FFFD, as the standard's decoder
//! does. An empty line dispatches the event being built; what is left at the end of the
//! stream (an event without its empty line) is never dispatched.

use std::collections::VecDeque;
use std::time::Duration;

/// An event as the stream spells it, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEvent {
    /// The last event id at dispatch (it carries over to later events); `None` when
    /// empty.
    pub id: Option<String>,
    /// The `event` field; `message` when the event has none.
    pub event: String,
    /// The `data` lines joined by `\n`.
    pub data: String,
    /// A `retry` field of this event's block.
    pub retry: Option<Duration>,
}

/// A stream that breaks a bound: the parser keeps no more than the bound, and stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// A line longer than this many bytes.
    Line(usize),
    /// An event whose data is larger than this many bytes.
    Event(usize),
}

/// The state of one event stream: the line being read and the event being built.
#[derive(Debug)]
pub(crate) struct Parser {
    pub(crate) max_line: usize,
    pub(crate) max_event: usize,
    /// The bytes of the line read so far (no line end yet).
    line: Vec<u8>,
    /// The previous chunk ended in CR: a LF opening this one ends nothing.
    after_cr: bool,
    /// No line has ended yet: the first one may open with a BOM.
    first_line: bool,
    data: String,
    /// Whether a `data` field was seen (an event of one empty `data:` line is an event
    /// with empty data, per the standard's "data buffer is not empty" after its LF).
    has_data: bool,
    event: String,
    /// The last event id buffer: set by `id` fields, kept across the events of one
    /// connection.
    last_id: String,
    /// The last event id string: the buffer as it was at the latest empty line, what a
    /// reconnect sends (an `id` whose block never ended does not count).
    last_event_id: String,
    retry: Option<Duration>,
    /// The latest `retry` field of the stream, whatever event it came in.
    pub(crate) reconnect: Option<Duration>,
}

impl Parser {
    pub(crate) fn new(max_line: usize, max_event: usize) -> Self {
        Parser {
            max_line,
            max_event,
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: String::new(),
            has_data: false,
            event: String::new(),
            last_id: String::new(),
            last_event_id: String::new(),
            retry: None,
            reconnect: None,
        }
    }

    /// The last event id (what a reconnect sends as `Last-Event-ID`); empty when none.
    pub(crate) fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// Starts over on a new connection: the partial line and event of the old one are
    /// dropped (the standard dispatches nothing unterminated), and the new stream's last
    /// event id buffer starts empty; the last event id string (what the reconnect sent)
    /// and the reconnection time stay.
    pub(crate) fn reset_connection(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.first_line = true;
        self.data.clear();
        self.has_data = false;
        self.event.clear();
        self.last_id.clear();
        self.retry = None;
    }

    /// Reads `chunk`, pushing every event it completes onto `out`.
    pub(crate) fn feed(
        &mut self,
        chunk: &[u8],
        out: &mut VecDeque<RawEvent>,
    ) -> Result<(), Overflow> {
        let mut rest = chunk;
        // An empty chunk says nothing about a LF after a CR.
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if let Some(tail) = rest.strip_prefix(b"\n") {
                rest = tail;
            }
        }
        while let Some(end) = rest.iter().position(|&b| b == b'\r' || b == b'\n') {
            self.extend_line(&rest[..end])?;
            let crlf = rest[end] == b'\r';
            rest = &rest[end + 1..];
            if crlf {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            let line = std::mem::take(&mut self.line);
            self.process(&line, out)?;
            // Keeps the allocation for the next line.
            self.line = line;
            self.line.clear();
        }
        self.extend_line(rest)
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), Overflow> {
        if self.line.len() + bytes.len() > self.max_line {
            return Err(Overflow::Line(self.max_line));
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    /// One line, its end stripped.
    fn process(&mut self, line: &[u8], out: &mut VecDeque<RawEvent>) -> Result<(), Overflow> {
        let mut line = line;
        if std::mem::take(&mut self.first_line) {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"event" => self.event = String::from_utf8_lossy(value).into_owned(),
            b"data" => {
                let value = String::from_utf8_lossy(value);
                // The `\n` joining it to the next line counts too.
                if self.data.len() + value.len() + 1 > self.max_event {
                    return Err(Overflow::Event(self.max_event));
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
            }
            b"id" if !value.contains(&0) => {
                self.last_id = String::from_utf8_lossy(value).into_owned();
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Digits beyond `u64` are a delay no one waits for: the cap applies.
                let millis = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(u64::MAX);
                let retry = Duration::from_millis(millis);
                self.retry = Some(retry);
                self.reconnect = Some(retry);
            }
            _ => {}
        }
        Ok(())
    }

    /// The empty line: the event built so far, if it has data.
    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        self.last_event_id.clone_from(&self.last_id);
        let retry = self.retry.take();
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        let event = if event.is_empty() {
            "message".to_owned()
        } else {
            event
        };
        out.push_back(RawEvent {
            id: Some(self.last_event_id.clone()).filter(|id| !id.is_empty()),
            event,
            data: std::mem::take(&mut self.data),
            retry,
        });
    }
}

#[cfg(test)]
#[path = "parser_tests.rs"]
mod tests;
