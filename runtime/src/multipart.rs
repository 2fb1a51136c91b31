//! [`Multipart`]: a `multipart/form-data` body (RFC 7578), written here rather than by
//! reqwest's `multipart` feature so that it stays buffered [`Bytes`] like every other
//! body: a retried or redirected request sends it again unchanged.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use rand::Rng;
use serde::Serialize;
use serde_json::Value;

/// One file part of a multipart body: its bytes, and the file name and content type the
/// part declares.
///
/// ```
/// use linkgen_runtime::FilePart;
///
/// let part = FilePart::new(b"%PDF-1.7".to_vec())
///     .file_name("report.pdf")
///     .content_type("application/pdf");
/// assert_eq!(part.len(), 8);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part of these bytes, with no file name and the content type the operation
    /// documents for the part (else `application/octet-stream`).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent in the part's `Content-Disposition`.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type`, instead of the one the operation documents.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<T: Into<Bytes>> From<T> for FilePart {
    fn from(bytes: T) -> Self {
        FilePart::new(bytes)
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One part, ready to write.
#[derive(Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// A `multipart/form-data` body under construction: its parts in the order they are set.
/// Setting a part again replaces it. A generated form type fills one, and
/// [`Request::multipart`](crate::Request::multipart) sends it.
///
/// `Debug` shows the parts' names and sizes, never their content.
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    /// The parts' names in the order they are sent (the spec's), whatever order they are
    /// set in; names not in it go last.
    order: &'static [&'static str],
    /// The first serialization failure; the request reports it when sent.
    pub(crate) error: Option<String>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty form whose parts are sent in this order of names, whatever order they
    /// are set in (some servers want the metadata before the file).
    pub fn ordered(order: &'static [&'static str]) -> Self {
        Multipart {
            order,
            ..Self::default()
        }
    }

    fn put(&mut self, part: Part) {
        match self.parts.iter_mut().find(|p| p.name == part.name) {
            Some(earlier) => *earlier = part,
            None => self.parts.push(part),
        }
    }

    fn remove(&mut self, name: &str) {
        self.parts.retain(|p| p.name != name);
    }

    /// Sets a text part: a string as it is, a number or boolean as its JSON text. An
    /// array sends one part per item under the same name (how form fields repeat), an
    /// object is sent as JSON; `None` sends nothing. `content_type`: the part's
    /// documented `Content-Type` (`None`: the part declares none, which means
    /// `text/plain`).
    pub fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        content_type: Option<&str>,
        value: &T,
    ) {
        self.remove(name);
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.fail(format!("could not serialize part `{name}`: {e}"));
                return;
            }
        };
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let (body, declared) = match item {
                Value::Null => continue,
                Value::String(s) => (Bytes::from(s), content_type),
                Value::Object(_) | Value::Array(_) => (
                    Bytes::from(item.to_string()),
                    content_type.or(Some("application/json")),
                ),
                other => (Bytes::from(other.to_string()), content_type),
            };
            self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: declared.map(str::to_owned),
                body,
            });
        }
    }

    /// Sets a part holding `value` as JSON, with `content_type` (by default
    /// `application/json`). `None` sends nothing.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        content_type: Option<&str>,
        value: &T,
    ) {
        self.remove(name);
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.put(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: Some(content_type.unwrap_or("application/json").to_owned()),
                body: Bytes::from(value.to_string()),
            }),
            Err(e) => self.fail(format!("could not serialize part `{name}`: {e}")),
        }
    }

    /// Sets a file part; its own content type wins over `content_type`, the one the
    /// operation documents for the part (by default `application/octet-stream`).
    pub fn file(&mut self, name: &str, content_type: Option<&str>, file: FilePart) {
        self.put(Part {
            name: name.to_owned(),
            content_type: Some(
                file.content_type
                    .unwrap_or_else(|| content_type.unwrap_or("application/octet-stream").into()),
            ),
            file_name: file.file_name,
            body: file.bytes,
        });
    }

    /// Sets several file parts under one name, in order (an array of files).
    pub fn files(
        &mut self,
        name: &str,
        content_type: Option<&str>,
        files: impl IntoIterator<Item = FilePart>,
    ) {
        self.remove(name);
        for file in files {
            self.parts.push(Part {
                name: name.to_owned(),
                content_type: Some(
                    file.content_type.unwrap_or_else(|| {
                        content_type.unwrap_or("application/octet-stream").into()
                    }),
                ),
                file_name: file.file_name,
                body: file.bytes,
            });
        }
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// The body and its `Content-Type` (with the boundary), or why it cannot be written.
    pub(crate) fn encode(mut self) -> Result<(String, Bytes), String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let order = self.order;
        self.parts.sort_by_key(|p| {
            order
                .iter()
                .position(|name| *name == p.name)
                .unwrap_or(order.len())
        });
        for part in &self.parts {
            for text in [
                Some(&part.name),
                part.file_name.as_ref(),
                part.content_type.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                // A line break would end the part's headers early.
                if text.contains(['\r', '\n']) {
                    return Err(format!("line break in multipart part `{}`", part.name));
                }
            }
        }
        let boundary = loop {
            let boundary = format!("linkgen-{:032x}", rand::rng().random::<u128>());
            // Random, so practically never inside a part; checked all the same.
            let needle = boundary.as_bytes();
            if !self
                .parts
                .iter()
                .any(|p| p.body.windows(needle.len()).any(|w| w == needle))
            {
                break boundary;
            }
        };
        let size: usize = self.parts.iter().map(|p| p.body.len() + 160).sum();
        let mut out = BytesMut::with_capacity(size + boundary.len() + 8);
        for part in &self.parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.put_slice(quoted(&part.name).as_bytes());
            out.put_u8(b'"');
            if let Some(file_name) = &part.file_name {
                out.put_slice(b"; filename=\"");
                out.put_slice(quoted(file_name).as_bytes());
                out.put_u8(b'"');
            }
            out.put_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                out.put_slice(b"Content-Type: ");
                out.put_slice(content_type.as_bytes());
                out.put_slice(b"\r\n");
            }
            out.put_slice(b"\r\n");
            out.put_slice(&part.body);
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        Ok((
            format!("multipart/form-data; boundary={boundary}"),
            out.freeze(),
        ))
    }
}

/// A name inside a quoted `Content-Disposition` parameter: `"` and `\` escaped as the
/// WHATWG form encoding does (`%22`; a backslash is kept).
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<(&str, usize)> = self
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.body.len()))
            .collect();
        f.debug_struct("Multipart").field("parts", &parts).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_with_their_headers_between_boundaries() {
        let mut form = Multipart::new();
        form.text("title", None, "a \"b\"");
        form.text("count", None, &3);
        form.text("tags", None, &["x", "y"]);
        form.text("none", None, &None::<String>);
        form.json("meta", None, &serde_json::json!({"k": 1}));
        form.file(
            "file",
            Some("image/png"),
            FilePart::new(&b"PNG"[..]).file_name("a\".png"),
        );
        let (content_type, body) = form.encode().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na \"b\"\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n3\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(body, Bytes::from(expected));
    }

    #[test]
    fn setting_a_part_again_replaces_it_and_line_breaks_are_refused() {
        let mut form = Multipart::new();
        form.text("a", None, "1");
        form.text("a", None, "2");
        let (_, body) = form.encode().unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert_eq!(text.matches("name=\"a\"").count(), 1);
        assert!(text.contains("\r\n2\r\n"));
        let mut form = Multipart::new();
        form.file("f", None, FilePart::new("x").file_name("a\r\nb"));
        assert_eq!(
            form.encode().unwrap_err(),
            "line break in multipart part `f`"
        );
    }

    #[test]
    fn parts_go_in_the_declared_order() {
        let mut form = Multipart::ordered(&["meta", "file"]);
        form.files("file", None, [FilePart::new("1"), FilePart::new("2")]);
        form.text("extra", None, "e");
        form.text("meta", None, "m");
        let (_, body) = form.encode().unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(at("name=\"meta\"") < at("name=\"file\""));
        assert!(at("\r\n1\r\n") < at("\r\n2\r\n"));
        assert!(at("\r\n2\r\n") < at("name=\"extra\""));
        assert_eq!(
            text.matches("Content-Type: application/octet-stream")
                .count(),
            2
        );
    }
}
