//! Inline markdown made safe for rustdoc, paragraph by paragraph: bare URLs
//! become autolinks, `[text]` that is no link and HTML-looking `<tags>` are
//! escaped, links rustdoc would resolve as Rust paths keep only their text.
//! Code spans, autolinks and real links pass through unchanged.

/// Escapes what rustdoc would misread in a paragraph, leaving code spans,
/// links and autolinks intact (see the module docs). Never adds or removes a
/// newline.
pub(crate) fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    escape_range(&chars, 0, chars.len(), false, &mut out);
    out
}

fn escape_range(chars: &[char], start: usize, end: usize, in_label: bool, out: &mut String) {
    let mut i = start;
    while i < end {
        let c = chars[i];
        match c {
            '\\' if i + 1 < end && chars[i + 1].is_ascii_punctuation() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let run = count_run(chars, i, end, '`');
                match find_closing_ticks(chars, i + run, end, run) {
                    Some(close) => {
                        out.extend(&chars[i..close + run]);
                        i = close + run;
                    }
                    None => {
                        out.extend(&chars[i..i + run]);
                        i += run;
                    }
                }
            }
            '<' => match autolink_end(chars, i, end) {
                Some(close) => {
                    out.extend(&chars[i..=close]);
                    i = close + 1;
                }
                None => {
                    let next = chars.get(i + 1).copied().filter(|_| i + 1 < end);
                    if next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
                    {
                        out.push('\\');
                    }
                    out.push('<');
                    i += 1;
                }
            },
            '[' => match link_end(chars, i, end) {
                Some((label_end, dest_end)) if rustdoc_path(&chars[label_end + 2..dest_end]) => {
                    // A destination rustdoc would resolve as a Rust path
                    // (specs written from Rust code): keep only the text.
                    escape_range(chars, i + 1, label_end, false, out);
                    i = dest_end + 1;
                }
                Some((label_end, dest_end)) => {
                    out.push('[');
                    escape_range(chars, i + 1, label_end, true, out);
                    out.extend(&chars[label_end..=dest_end]);
                    i = dest_end + 1;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            'h' if !in_label && starts_url(chars, i, end) => {
                let url_end = url_end(chars, i, end);
                out.push('<');
                out.extend(&chars[i..url_end]);
                out.push('>');
                i = url_end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
}

fn count_run(chars: &[char], at: usize, end: usize, c: char) -> usize {
    chars[at..end].iter().take_while(|x| **x == c).count()
}

fn find_closing_ticks(chars: &[char], from: usize, end: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < end {
        if chars[j] == '`' {
            let r = count_run(chars, j, end, '`');
            if r == run {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    None
}

/// `<scheme:…>` or `<user@host>`: the index of the closing `>`.
fn autolink_end(chars: &[char], at: usize, end: usize) -> Option<usize> {
    // Stops at the first character an autolink cannot hold (linear scans).
    let close = (at + 1..end)
        .take_while(|&j| !chars[j].is_whitespace() && chars[j] != '<')
        .find(|&j| chars[j] == '>')?;
    let inner: String = chars[at + 1..close].iter().collect();
    if inner.is_empty() {
        return None;
    }
    let scheme_ok = inner.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.len() >= 2
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
            && !rest.is_empty()
    });
    let email_ok = inner
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'));
    (scheme_ok || email_ok).then_some(close)
}

/// `[label](dest)`: the index of the `]` and of the closing `)`.
fn link_end(chars: &[char], at: usize, end: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut j = at + 1;
    // Labels longer than this are not worth the quadratic worst case.
    let limit = end.min(at + 2000);
    let label_end = loop {
        if j >= limit {
            return None;
        }
        match chars[j] {
            '\\' => j += 1,
            '[' => depth += 1,
            ']' if depth == 0 => break j,
            ']' => depth -= 1,
            '`' => {
                let run = count_run(chars, j, end, '`');
                j = find_closing_ticks(chars, j + run, end, run)
                    .map_or(j + run - 1, |c| c + run - 1);
            }
            _ => {}
        }
        j += 1;
    };
    if chars.get(label_end + 1) != Some(&'(') || label_end + 1 >= end {
        return None;
    }
    let mut depth = 0usize;
    let dest_end = end.min(label_end + 2000);
    for (k, c) in chars.iter().enumerate().take(dest_end).skip(label_end + 2) {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((label_end, k)),
            ')' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Whether rustdoc would take a link destination for an intra-doc link
/// (no `/`, not a fragment, only characters of a Rust path).
fn rustdoc_path(dest: &[char]) -> bool {
    let dest: String = dest.iter().collect();
    let dest = dest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(['<', '>']);
    let path = dest.split('#').next().unwrap_or("").replace('`', "");
    !dest.contains('/')
        && !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || ":_<>, !*&;".contains(c))
}

fn starts_url(chars: &[char], at: usize, end: usize) -> bool {
    let word_start = at == 0 || !(chars[at - 1].is_alphanumeric() || chars[at - 1] == '/');
    let rest: String = chars[at..end.min(at + 8)].iter().collect();
    word_start && (rest.starts_with("https://") || rest.starts_with("http://"))
}

fn url_end(chars: &[char], at: usize, end: usize) -> usize {
    let mut j = at;
    while j < end && !chars[j].is_whitespace() && !matches!(chars[j], '<' | '>' | '"' | '`' | '\'')
    {
        j += 1;
    }
    // Trailing punctuation belongs to the sentence, and a `)` to the
    // parenthesis the URL stands in unless the URL opened one.
    loop {
        match chars[j - 1] {
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' if j - 1 > at => j -= 1,
            ')' if j - 1 > at => {
                let opens = chars[at..j].iter().filter(|c| **c == '(').count();
                let closes = chars[at..j].iter().filter(|c| **c == ')').count();
                if closes > opens {
                    j -= 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    j
}
