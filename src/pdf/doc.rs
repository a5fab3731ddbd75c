//! The laid-out document: what `layout` hands to `emit` and nothing more.
//! Pages of positioned items in PDF points (origin bottom left), where each
//! anchor stands, the outline and the Info metadata, with the fonts the
//! pages were measured with. It owns these types only: no layout decisions,
//! no PDF syntax.

use std::collections::BTreeMap;

use super::fonts::{FontKind, Fonts};
use super::parse::LinkTarget;

/// A colour, each channel 0.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// One thing drawn on a page: a run of text in one face (its baseline at
/// `y`), a filled rectangle, a stroked line, or a link area.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// From here on, text belongs to this structure element (`None`: an
    /// artifact, like the page furniture). See `pdf::tags`.
    Tag(Option<u32>),
    Text {
        x: f32,
        y: f32,
        font: FontKind,
        size: f32,
        color: Rgb,
        /// Boxed strings (16 bytes, no spare capacity) keep an item at 64
        /// bytes: the pages of a long file hold a quarter of a million.
        text: Box<str>,
        /// What text extraction reads instead (`/ActualText`): an
        /// identifier cut over two lines reads whole from its first piece
        /// and as nothing from the rest.
        actual: Option<Box<str>>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: LinkTarget,
    },
}

/// One page: its size in points and what is drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Header and footer are drawn (every page but the cover).
    pub decorated: bool,
}

/// Document metadata for the Info dictionary.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    /// PDF date string `D:YYYYMMDD000000Z`, from the document, never the clock.
    pub date: Option<String>,
}

/// One entry of the nested outline, in document order.
#[derive(Debug, Clone)]
pub struct OutlineItem {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// A document laid out and ready to emit: `layout` makes it, `emit` turns it
/// into bytes and may be called on it any number of times.
#[derive(Clone)]
pub struct Document<'f> {
    /// The faces the pages were measured with; emit embeds subsets of them.
    pub fonts: &'f Fonts,
    pub pages: Vec<Page>,
    /// The structure elements of the tagged PDF, in document order (their
    /// text is marked by `Item::Tag`).
    pub structure: Vec<StructElem>,
    /// Where each anchor id stands: page index and the y of its top.
    pub anchors: BTreeMap<String, (usize, f32)>,
    pub outline: Vec<OutlineItem>,
    pub meta: Meta,
}

/// One element of the structure tree (ISO 32000-1 14.7, 14.8.4): its
/// standard role (`H1`, `P`, `L`, `LI`, `Lbl`, `LBody`, `Table`, `TR`,
/// `TH`, `TD`, `Figure`, `BlockQuote`, `TOC`, `Sect`, `Note`), its parent
/// (`None`: the document) and, for a figure, its alternative text.
#[derive(Debug, Clone, PartialEq)]
pub struct StructElem {
    pub role: &'static str,
    pub parent: Option<u32>,
    pub alt: Option<String>,
}
