//! The top-level items of tokens the emitter wrote, told apart without
//! parsing them: `gate` puts the `cfg` on each, and the format step parses
//! and prints one at a time (so no file's whole syntax tree is ever held).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// One top-level item of the emitter's tokens.
pub(crate) struct Item {
    pub(crate) tokens: Vec<TokenTree>,
    /// Not a macro invocation or an import: it has a docs page.
    pub(crate) documented: bool,
}

/// The top-level items of tokens the emitter wrote: its own shapes, so an
/// item is its attributes (`#` and a bracket group) and what follows up to
/// a top-level `;`, or up to a brace group that no `;` follows (`struct S
/// { … }`, `impl T { … }`, `m! { … }`; `const C: T = T { … };` goes on to
/// its `;`).
pub(crate) fn split(tokens: TokenStream) -> Vec<Item> {
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        current.push(tree);
        if ends {
            let documented = !is_macro_or_use(&current);
            items.push(Item {
                tokens: std::mem::take(&mut current),
                documented,
            });
        }
    }
    if !current.is_empty() {
        let documented = !is_macro_or_use(&current);
        items.push(Item {
            tokens: current,
            documented,
        });
    }
    items
}

/// Whether an item (attributes first) is an import or a macro invocation:
/// past its attributes and visibility, `use`, or a path then `!`.
fn is_macro_or_use(item: &[TokenTree]) -> bool {
    let mut rest = item;
    loop {
        match rest {
            [TokenTree::Punct(p), TokenTree::Group(_), tail @ ..] if p.as_char() == '#' => {
                rest = tail;
            }
            [TokenTree::Ident(i), TokenTree::Group(g), tail @ ..]
                if i == "pub" && g.delimiter() == Delimiter::Parenthesis =>
            {
                rest = tail;
            }
            [TokenTree::Ident(i), tail @ ..] if i == "pub" => rest = tail,
            _ => break,
        }
    }
    if matches!(rest.first(), Some(TokenTree::Ident(i)) if i == "use") {
        return true;
    }
    for tree in rest {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '!' => return true,
            TokenTree::Punct(p) if p.as_char() == ':' => {}
            TokenTree::Ident(_) => {}
            _ => return false,
        }
    }
    false
}
