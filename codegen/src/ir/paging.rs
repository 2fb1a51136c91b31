//! Paging: how a list operation's pages follow one another, and where a page
//! keeps its items (`lower/paging.rs` decides; the call type's `pages()` and
//! `items()` render it).

use super::TypeRef;

/// A list operation's paging: its call type gets `pages()` and `items()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// How the next page is asked for.
    pub shape: PageShape,
    /// Where a page (the success body) keeps its items: the fields from the
    /// body to the array; empty when the body is the array.
    pub items: FieldPath,
    /// The items' type.
    pub item: TypeRef,
    /// Who said the operation pages this way.
    pub source: PagingSource,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum PageShape {
    /// The response's `Link` header names the next page (`rel="next"`).
    LinkHeader,
    /// The page gives the next page's URL.
    NextUrl {
        /// The field that holds it.
        next: FieldPath,
    },
    /// A query parameter takes a token the page gives.
    Cursor {
        /// The query parameter's wire name.
        param: String,
        /// Where the page gives the next token.
        next: CursorSource,
    },
    /// A query parameter counts the items to skip.
    Offset {
        /// The offset parameter's wire name.
        param: String,
        /// The page-size parameter's wire name, if any.
        limit: Option<String>,
    },
    /// A query parameter numbers the pages.
    Page {
        /// The page-number parameter's wire name.
        param: String,
        /// The first page's number (`1`, or `0` when the parameter's
        /// `minimum` or `default` says so).
        first: u64,
        /// The page-size parameter's wire name, if any.
        limit: Option<String>,
    },
}

impl PageShape {
    /// Its name in READMEs, docs and `corpus` reports.
    pub fn label(&self) -> &'static str {
        match self {
            PageShape::LinkHeader => "link header",
            PageShape::NextUrl { .. } => "next url",
            PageShape::Cursor { .. } => "cursor",
            PageShape::Offset { .. } => "offset",
            PageShape::Page { .. } => "page number",
        }
    }
}

/// Where a page gives the next page's token.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// A field of the page (`next_cursor`, `meta.next_page_token`); a flag
    /// beside it that says the page is the last, when there is one, ends the
    /// pages too.
    Field {
        /// The token's field.
        token: FieldPath,
        /// The page's more-to-come flag, if it has one.
        more: Option<MoreFlag>,
    },
    /// The last item's id, while the page's flag says more pages follow
    /// (`starting_after=<last id>` while `has_more`).
    LastItem {
        /// The id field of an item.
        id: FieldPath,
        /// The page's more-to-come flag.
        more: MoreFlag,
    },
}

/// A boolean field of a page that says whether more pages follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoreFlag {
    /// The field.
    pub field: FieldPath,
    /// The value that means "more pages follow": `true` for `has_more`,
    /// `false` for `done`.
    pub more_when: bool,
}

/// A path of fields from a value to one inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath {
    /// The fields, outermost first.
    pub steps: Vec<FieldStep>,
    /// What the last field holds (for a token or URL: how it becomes text).
    pub leaf: Leaf,
}

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// Rust field name.
    pub field: String,
    /// The property's wire name (for docs).
    pub wire: String,
    /// An `Option` in Rust (not required, or nullable).
    pub optional: bool,
}

/// What a [`FieldPath`] leads to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Leaf {
    /// A string (a token, a URL).
    #[default]
    Text,
    /// An integer (a numeric cursor), sent as its decimal text.
    Integer,
    /// A boolean (`has_more`).
    Flag,
    /// An array (the items).
    List,
}

impl FieldPath {
    /// The wire names joined by dots (`links.next`), for docs.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.steps.iter().map(|s| s.wire.as_str()).collect();
        names.join(".")
    }
}

/// Who declared an operation's paging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingSource {
    /// A spec extension (`x-linkgen-pagination`, `x-dropshot-pagination`).
    Extension,
    /// `providers.toml` (`LowerOptions::pagination`).
    Config,
    /// The generator's inference rule (`lower/paging.rs`).
    Inferred,
}
