//! Unit tests of `docs`: the providers' own description text and the markdown
//! shapes rustdoc, clippy or doctests would choke on.

use super::*;

#[test]
fn deck_info_description() {
    // Deck's `info.description`: CRLF line ends, headings, links, a numbered list.
    let raw = "# Deck API makes it straightforward for users to connect to any portal securely and quickly.\r\n\r\n### Welcome! Looking for a quick introduction to our API? Check out the 🚀[Quickstart guide](https://docs.deck.co/guides/guides/quickstart).\r\n\r\nGetting started is easy:\r\n\r\n1. Create an account using the [dashboard](https://dashboard.deck.co) to get your client id and secret\r\n2. Enter your client id and secret in the Authentication section below\r\n3. Hit the \"Try\" buttons below for each endpoint.\r\n\r\nHappy querying!";
    let expected = "# Deck API makes it straightforward for users to connect to any portal securely and quickly.\n\n### Welcome! Looking for a quick introduction to our API? Check out the 🚀[Quickstart guide](https://docs.deck.co/guides/guides/quickstart).\n\nGetting started is easy:\n\n1. Create an account using the [dashboard](https://dashboard.deck.co) to get your client id and secret\n2. Enter your client id and secret in the Authentication section below\n3. Hit the \"Try\" buttons below for each endpoint.\n\nHappy querying!";
    assert_eq!(sanitize(raw), expected);
}

#[test]
fn partoo_info_description() {
    // Folded YAML: the list is indented by two and follows its paragraph line.
    let raw = "## Introduction\nThe Partoo Rest API allows you to automate all the actions that are possible to do in the Partoo Web Application.\n\n\nThe Partoo Rest API can be used for many different purposes:\n  - Create/update/delete your businesses & users if you are a client.\n  - Create/subscribe/manage organizations, businesses & users if you are a reseller.\n  - ...\n";
    let expected = "## Introduction\nThe Partoo Rest API allows you to automate all the actions that are possible to do in the Partoo Web Application.\n\nThe Partoo Rest API can be used for many different purposes:\n\n- Create/update/delete your businesses & users if you are a client.\n- Create/subscribe/manage organizations, businesses & users if you are a reseller.\n- ...";
    assert_eq!(sanitize(raw), expected);
}

#[test]
fn partoo_status_list_with_odd_indentation_and_backticks() {
    let raw = "Status of the token:\n\n - `valid` means it can be use to log in\n - `consumed` means it has been used to log in\n - `revoked` means it has been revoked before being used or expired\n";
    let expected = "Status of the token:\n\n- `valid` means it can be use to log in\n- `consumed` means it has been used to log in\n- `revoked` means it has been revoked before being used or expired";
    assert_eq!(sanitize(raw), expected);
}

#[test]
fn lazy_and_overindented_continuations_are_aligned() {
    let raw = "Steps:\n\n1. first line\ncontinued lazily\n2. second\n        overindented\n   - nested item\n     nested text\n\nAfter the list.";
    let expected = "Steps:\n\n1. first line\n   continued lazily\n2. second\n   overindented\n   - nested item\n     nested text\n\nAfter the list.";
    assert_eq!(sanitize(raw), expected);
}

#[test]
fn plaid_links_and_bare_urls() {
    let raw = "See [the docs](https://plaid.com/docs/api/link/#linktokenget) or https://plaid.com/docs. Link: <https://plaid.com>, mail <support@plaid.com>.";
    let expected = "See [the docs](https://plaid.com/docs/api/link/#linktokenget) or <https://plaid.com/docs>. Link: <https://plaid.com>, mail <support@plaid.com>.";
    assert_eq!(sanitize(raw), expected);
    assert_eq!(
        sanitize("(see https://x.io/a_(b))."),
        "(see <https://x.io/a_(b)>)."
    );
}

#[test]
fn links_rustdoc_would_resolve_as_paths_keep_only_their_text() {
    assert_eq!(
        sanitize("a [`Vpc`](crate::external_api::views::Vpc), [guide](quickstart), [top](#top), [mail](mailto:a@b.io)"),
        "a `Vpc`, guide, [top](#top), [mail](mailto:a@b.io)"
    );
}

#[test]
fn brackets_and_html_are_escaped_outside_code() {
    assert_eq!(
        sanitize("A [note] and Vec<String> and <br> but `[code]<T>` and a < b"),
        "A \\[note\\] and Vec\\<String> and \\<br> but `[code]<T>` and a < b"
    );
    assert_eq!(sanitize("already \\[escaped\\]"), "already \\[escaped\\]");
    assert_eq!(sanitize("[ref]: https://x.io"), "\\[ref\\]: <https://x.io>");
}

#[test]
fn code_spans_may_cross_lines() {
    assert_eq!(
        sanitize("a `multi\nline [x]` b [y]"),
        "a `multi\nline [x]` b \\[y\\]"
    );
}

#[test]
fn fences_become_text() {
    let raw = "Example:\n```json\n{\"a\": [1]}\n    indented\n```\n~~~\nplain\n~~~\n````\nunclosed";
    let expected = "Example:\n```text\n{\"a\": [1]}\n    indented\n```\n~~~text\nplain\n~~~\n````text\nunclosed\n````";
    assert_eq!(sanitize(raw), expected);
}

#[test]
fn indented_code_blocks_become_fences_and_deep_indent_is_removed() {
    let raw = "Call it:\n\n    curl https://x.io/a\n      -H 'k: v'\n\n\nThen\n        this line is not code.";
    let expected = "Call it:\n\n```text\ncurl https://x.io/a\n  -H 'k: v'\n```\n\nThen\nthis line is not code.";
    assert_eq!(sanitize(raw), expected);
}

#[test]
fn common_indentation_tabs_and_trailing_spaces() {
    // A deeper line inside a paragraph is part of it, not code.
    assert_eq!(sanitize("    one  \n    \ttwo\t\n"), "one\ntwo");
    assert_eq!(sanitize("  one\n\n      two"), "one\n\n```text\ntwo\n```");
    assert_eq!(sanitize("\r\n\r\n"), "");
    assert_eq!(sanitize("a\rb"), "a\nb");
}

#[test]
fn lazy_blockquote_continuation() {
    assert_eq!(
        sanitize("> quoted\nlazy\n\nafter"),
        "> quoted\n> lazy\n\nafter"
    );
}

#[test]
fn inline_one_liners() {
    assert_eq!(
        inline("  Check   connection\n token "),
        "Check connection token"
    );
    assert_eq!(inline("# not a heading"), "\\# not a heading");
    assert_eq!(inline("2. not a list"), "2\\. not a list");
    assert_eq!(
        inline("Get [id] via https://x.io"),
        "Get \\[id\\] via <https://x.io>"
    );
}

#[test]
fn code_spans_for_any_value() {
    assert_eq!(code("abc"), "`abc`");
    assert_eq!(code("a`b"), "`` a`b ``");
    assert_eq!(code("`x`"), "`` `x` ``");
    assert_eq!(code("\"\\xaf3e\""), "`\"\\xaf3e\"`");
    assert_eq!(code(""), "` `");
}

#[test]
fn doc_attrs() {
    let doc = Doc::new()
        .spec(Some("First\n\nSecond"))
        .line("Example: `1`");
    let lines = [" First", "", " Second", "", " Example: `1`"];
    let attrs: Vec<Attr> = lines.iter().map(|l| Attr::Doc(l.to_string())).collect();
    assert_eq!(doc.attrs(), attrs);
    // As tokens, each line is a raw string (no escaping to undo).
    assert_eq!(
        doc.outer().to_string(),
        "# [doc = r\" First\"] # [doc = r\"\"] # [doc = r\" Second\"] # [doc = r\"\"] # [doc = r\" Example: `1`\"]"
    );
    assert!(Doc::new().spec(Some("  \r\n ")).is_empty());
}

#[test]
fn titles_read_as_noun_phrases() {
    assert_eq!(the_title("Deck API"), "the Deck API");
    assert_eq!(the_title("The Plaid API"), "The Plaid API");
    assert_eq!(the_title("the  museum\nAPI"), "the museum API");
    assert_eq!(the_title("An Example API"), "An Example API");
    // No article: a word that merely starts like one, or a lone word.
    assert_eq!(the_title("Theatre API"), "the Theatre API");
    assert_eq!(the_title("Anthropic API"), "the Anthropic API");
    assert_eq!(with_article("The"), "the The");
}
