//! Markdown, the file's intermediate form: the one pulldown-cmark option set
//! and parser builder (used by rendering, the PDF engine and the model-card
//! importers) and the escaping that keeps user values from changing a
//! document's structure. A leaf: it names no other module of the crate.

pub mod escape;

pub use escape::{embed_markdown, escape_inline, unclosed_fences, OpenFence};

/// The one pulldown-cmark option set Techfile supports: GFM tables,
/// footnotes, strikethrough, task lists and heading attributes.
pub fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A parser over `text` with `options()`.
pub fn parser(text: &str) -> pulldown_cmark::Parser<'_> {
    pulldown_cmark::Parser::new_ext(text, options())
}
