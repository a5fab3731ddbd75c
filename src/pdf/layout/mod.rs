//! Layout: the block tree -> pages of positioned text runs, rectangles, lines
//! and links. This module owns the page geometry, the `Flow` (the running
//! state of pagination: pages, the current position, anchors and headings)
//! and its drawing primitives (text runs, rules, one laid-out line, a
//! paragraph with orphan and widow control). The sub-engines live beside it:
//! `lines` (line breaking), `blocks` (the block flow: headings, lists,
//! quotes, code), `table_plan` and `table` (table planning and column
//! widths, drawing), `heatmap`, `notes` (footnotes at the page foot) and
//! `decorate` (header, footer, "Page X of Y"). It knows nothing of PDF
//! syntax (see `emit`) nor of the front matter and contents (see `front`,
//! `toc`).

mod blocks;
mod decorate;
mod heatmap;
mod lines;
mod notes;
mod table;
mod table_plan;
mod tags;

use std::collections::{BTreeMap, BTreeSet};

use super::fonts::{clean_char, FontKind, Fonts};
use super::parse::{LinkTarget, Span};

pub use super::doc::{Item, Page, Rgb};

pub use blocks::heading_number;
pub use lines::{break_lines, fit_text, Frag, LineBox, LineBreaker};
pub use table_plan::column_widths;
use table_plan::TablePlan;

pub const A4: (f32, f32) = (595.28, 841.89);
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 68.0;
const MARGIN_BOTTOM: f32 = 62.0;

pub const BODY_SIZE: f32 = 10.0;
const LEADING: f32 = 1.35;

pub const TEXT: Rgb = Rgb(0.10, 0.10, 0.12);
pub const HEADING: Rgb = Rgb(0.06, 0.20, 0.40);
pub const GREY: Rgb = Rgb(0.40, 0.40, 0.43);
const LINK: Rgb = Rgb(0.05, 0.30, 0.70);
const RULE: Rgb = Rgb(0.75, 0.76, 0.80);
/// Table cells: padding on each side, and line height as a multiple of the size.
const PAD: f32 = 3.0;
const CELL_LEADING: f32 = 1.3;
const CODE_BG: Rgb = Rgb(0.95, 0.95, 0.96);
const HEAD_BG: Rgb = Rgb(0.87, 0.90, 0.95);
const ZEBRA: Rgb = Rgb(0.965, 0.968, 0.975);

/// One heading, for the outline and the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingRef {
    pub level: u8,
    /// "1.2" or "" when unnumbered.
    pub number: String,
    pub title: String,
    pub id: String,
    pub page: usize,
    pub y: f32,
}

/// Heading counters and other state that flows through the document.
#[derive(Debug, Default)]
struct Ctx {
    size: f32,
    list_depth: usize,
    prev_footnote: bool,
}

/// The running state of pagination.
pub struct Flow<'f> {
    pub fonts: &'f Fonts,
    pub pages: Vec<Page>,
    pub y: f32,
    landscape: bool,
    pending_portrait: bool,
    /// The next heading opens a landscape page (a wide table follows it).
    landscape_next: bool,
    /// Height the next heading must keep on its page for what follows it.
    keep_next: f32,
    /// The plan of the table after the current heading (by address), made
    /// once when the heading looked ahead.
    planned: Option<(usize, TablePlan)>,
    /// Footnotes set at the foot of the page that first refers to them: the
    /// number and text of each referenced note, by anchor id.
    notes: BTreeMap<String, (u32, Vec<Span>)>,
    /// Notes placed so far (a second reference does not repeat its note).
    notes_placed: BTreeSet<String>,
    /// The notes of the current page; `notes_h` of its foot is kept for them.
    page_notes: Vec<String>,
    notes_h: f32,
    /// Notes that did not fit under their reference: they open the next foot.
    notes_carried: Vec<String>,
    /// Set while the notes are drawn (a reference inside a note is carried).
    drawing_notes: bool,
    counters: [u32; 6],
    pub headings: Vec<HeadingRef>,
    pub anchors: BTreeMap<String, (usize, f32)>,
    /// Page-number placeholders drawn so far (`fill_page_refs`).
    page_refs: Vec<PageRef>,
    /// Number headings (1, 1.1, ...) up to this level.
    pub number_depth: u8,
    /// The structure elements so far and the open ones (`tags.rs`).
    pub structure: Vec<super::doc::StructElem>,
    elem_stack: Vec<u32>,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts) -> Flow<'f> {
        Flow {
            fonts,
            pages: Vec::new(),
            y: 0.0,
            landscape: false,
            pending_portrait: false,
            landscape_next: false,
            keep_next: 0.0,
            planned: None,
            notes: BTreeMap::new(),
            notes_placed: BTreeSet::new(),
            page_notes: Vec::new(),
            notes_h: 0.0,
            notes_carried: Vec::new(),
            drawing_notes: false,
            counters: [0; 6],
            headings: Vec::new(),
            anchors: BTreeMap::new(),
            page_refs: Vec::new(),
            number_depth: 3,
            structure: Vec::new(),
            elem_stack: Vec::new(),
        }
    }

    pub fn page_size(&self) -> (f32, f32) {
        if self.landscape {
            (A4.1, A4.0)
        } else {
            A4
        }
    }
    pub fn top(&self) -> f32 {
        self.page_size().1 - MARGIN_TOP
    }
    pub fn bottom(&self) -> f32 {
        MARGIN_BOTTOM + self.notes_h
    }
    pub fn left(&self) -> f32 {
        MARGIN_X
    }
    pub fn content_width(&self) -> f32 {
        self.page_size().0 - 2.0 * MARGIN_X
    }
    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }
    pub(super) fn fresh(&self) -> bool {
        !self.pages.is_empty() && self.y >= self.top() - 0.01
    }

    pub fn new_page(&mut self, landscape: bool, decorated: bool) {
        self.flush_notes();
        // Never leave an empty page behind (e.g. turning a fresh page to landscape).
        if self.fresh()
            && self
                .pages
                .last()
                .is_some_and(|p| p.items.iter().all(|i| matches!(i, Item::Tag(_))))
        {
            self.pages.pop();
        }
        self.landscape = landscape;
        self.pending_portrait = false;
        let (w, h) = self.page_size();
        self.pages.push(Page {
            width: w,
            height: h,
            items: Vec::new(),
            decorated,
        });
        // The open structure element goes on on the new page.
        if let Some(&e) = self.elem_stack.last() {
            self.push(Item::Tag(Some(e)));
        }
        self.y = self.top();
        self.open_carried_notes();
    }
    /// Start a new page unless `h` points still fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        } else if self.y - h < self.bottom() - 0.01 && !self.fresh() {
            let l = self.landscape;
            self.new_page(l, true);
        }
    }

    pub fn gap(&mut self, h: f32) {
        if !self.fresh() {
            self.y -= h;
        }
    }

    pub fn push(&mut self, item: Item) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        let i = self.page_index();
        self.pages[i].items.push(item);
    }

    pub fn text(&mut self, x: f32, y: f32, font: FontKind, size: f32, color: Rgb, text: &str) {
        // Keep only characters some face can draw; the rest become the replacement glyph
        // in the regular face. Split into runs per face actually used.
        let mut cur_font = None;
        let mut cur = String::new();
        let mut cx = x;
        let mut run_x = x;
        for raw in text.chars() {
            let (f, c, adv) = self.fonts.resolve(font, clean_char(raw));
            if Some(f) != cur_font && !cur.is_empty() {
                if let Some(cf) = cur_font {
                    self.push(Item::Text {
                        x: run_x,
                        y,
                        font: cf,
                        size,
                        color,
                        text: std::mem::take(&mut cur).into(),
                        actual: None,
                    });
                }
                run_x = cx;
            }
            cur_font = Some(f);
            cur.push(c);
            cx += adv as f32 * size / 1000.0;
        }
        if let Some(cf) = cur_font {
            if !cur.is_empty() {
                self.push(Item::Text {
                    x: run_x,
                    y,
                    font: cf,
                    size,
                    color,
                    text: cur.into(),
                    actual: None,
                });
            }
        }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Item::Rect { x, y, w, h, color });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Rgb) {
        self.push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            color,
        });
    }

    /// Draw one laid-out line with its top at `self.y`; advances `self.y`.
    pub fn draw_line(
        &mut self,
        line: &LineBox,
        spans: &[Span],
        x: f32,
        size: f32,
        lead: f32,
        color: Rgb,
    ) {
        let base = self.y - size * 1.02 - (lead - size * LEADING).max(0.0) / 2.0;
        self.draw_line_at(line, spans, x, base, size, color);
        self.y -= lead;
    }

    pub(super) fn draw_line_at(
        &mut self,
        line: &LineBox,
        spans: &[Span],
        x: f32,
        base: f32,
        size: f32,
        color: Rgb,
    ) {
        let refs_before = self.page_refs.len();
        for f in &line.frags {
            let style = spans.get(f.span).map(|s| &s.style);
            let link = style
                .and_then(|s| s.link.as_deref().cloned())
                .filter(LinkTarget::is_clickable);
            let col = if link.is_some() { LINK } else { color };
            let span = spans.get(f.span);
            if let Some(anchor) = style.and_then(|s| s.anchor.as_ref()) {
                self.anchor_at(anchor, base + size * 1.2);
            }
            // An identifier cut over two lines is extracted whole: its first
            // piece stands for all of it, the others for nothing.
            let actual = span.filter(|s| s.style.ident && s.text != f.text).map(|s| {
                if s.text.starts_with(f.text.as_str()) {
                    s.text.as_str().into()
                } else {
                    "".into()
                }
            });
            // An exponent reads in superscripts: "10⁻⁶", not "10-6".
            let actual = actual.or_else(|| {
                span.filter(|s| s.style.exponent)
                    .map(|_| crate::pdf::tidy::superscript(&f.text).into())
            });
            self.push(Item::Text {
                x: x + f.x,
                y: base + f.rise,
                font: f.font,
                size: f.size,
                color: col,
                text: f.text.as_str().into(),
                actual,
            });
            if let (Some(LinkTarget::Internal(anchor)), true) =
                (&link, style.is_some_and(|s| s.page_ref))
            {
                let page = self.page_index();
                let item = self.pages[page].items.len() - 1;
                self.page_refs.push(PageRef {
                    page,
                    item,
                    line_end: item + 1,
                    anchor: anchor.clone(),
                });
            }
            if let Some(target) = link {
                self.push(Item::Link {
                    x: x + f.x,
                    y: base - size * 0.25,
                    w: f.w,
                    h: size * 1.2,
                    target,
                });
            }
            if style.is_some_and(|s| s.strike) {
                self.hline(x + f.x, x + f.x + f.w, base + size * 0.3, 0.6, col);
            }
        }
        // The rest of the line moves left when a page number turns out
        // shorter than its placeholder.
        if let Some(page) = self.pages.last() {
            let end = page.items.len();
            for r in &mut self.page_refs[refs_before..] {
                r.line_end = end;
            }
        }
        if !self.notes.is_empty() {
            self.place_notes(line, spans, base - size * 0.35);
        }
    }

    /// Lay out a paragraph of spans at `x`, `w`.
    pub fn paragraph(&mut self, spans: &[Span], x: f32, w: f32, size: f32, color: Rgb) {
        let lead = size * LEADING;
        let lines = break_lines(self.fonts, spans, size, w);
        let n = lines.len();
        // No single first line at the foot of a page (orphan) and no single
        // last line at the head of the next (widow).
        let mut forced_break = usize::MAX;
        if !self.pages.is_empty() && !self.fresh() {
            let fit = ((self.y - self.bottom() + 0.01) / lead).floor().max(0.0) as usize;
            if n > fit {
                if fit == 1 && n >= 2 {
                    let l = self.landscape;
                    self.new_page(l, true);
                } else if n - fit == 1 && fit >= 3 {
                    forced_break = fit - 1;
                }
            }
        }
        for (i, line) in lines.iter().enumerate() {
            if i == forced_break {
                let l = self.landscape;
                self.new_page(l, true);
            }
            let notes = self.notes_extra(line, spans);
            self.ensure(lead + notes);
            self.draw_line(line, spans, x, size, lead, color);
        }
    }

    /// Writes each page reference's page number (as the footer counts
    /// pages) where its placeholder stands; an anchor the document does not
    /// have gets a dash.
    /// The rest of its line moves left by what the number is narrower than
    /// the placeholder, so that "(p. 27), " has no gap before its comma.
    pub fn fill_page_refs(&mut self) {
        for r in std::mem::take(&mut self.page_refs) {
            let number = match self.anchors.get(&r.anchor) {
                Some(&(p, _)) => (p + 1).to_string(),
                None => "\u{2013}".to_string(),
            };
            let fonts = self.fonts;
            let Some(items) = self.pages.get_mut(r.page).map(|p| &mut p.items) else {
                continue;
            };
            let Some(Item::Text {
                text,
                x: x0,
                font,
                size,
                ..
            }) = items.get_mut(r.item)
            else {
                continue;
            };
            let filled: Box<str> = text
                .replacen(super::parse::PAGE_PLACEHOLDER, &number, 1)
                .into();
            let shift = fonts.width(*font, *size, text) - fonts.width(*font, *size, &filled);
            *text = filled;
            let x0 = *x0;
            let end = r.line_end.min(items.len());
            for it in items.iter_mut().take(end).skip(r.item + 1) {
                shift_after(it, x0, shift);
            }
        }
    }

    /// The anchor `id` stands here (the first place wins).
    pub fn anchor(&mut self, id: &str) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        let y = self.y;
        self.anchor_at(id, y);
    }

    /// The anchor `id` stands at height `y` of the current page.
    fn anchor_at(&mut self, id: &str, y: f32) {
        let p = self.page_index();
        self.anchors.entry(id.to_string()).or_insert((p, y));
    }
}

/// A page-number placeholder drawn: its page and item, the end of its
/// line's items on that page, and the anchor whose page fills it.
struct PageRef {
    page: usize,
    item: usize,
    line_end: usize,
    anchor: String,
}

/// Moves an item of a line left by `shift` if it stands after `x0`; one
/// that starts at `x0` (the page reference's own link or strike) narrows.
fn shift_after(it: &mut Item, x0: f32, shift: f32) {
    match it {
        Item::Text { x, .. } if *x > x0 + 0.01 => *x -= shift,
        Item::Link { x, w, .. } => {
            if *x > x0 + 0.01 {
                *x -= shift;
            } else {
                *w = (*w - shift).max(0.0);
            }
        }
        Item::Line { x1, x2, .. } => {
            if *x1 > x0 + 0.01 {
                *x1 -= shift;
            }
            *x2 -= shift;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::fonts;

    #[test]
    fn paragraphs_leave_no_orphan_or_widow_line() {
        let f = fonts().expect("fonts");
        let text = "word ".repeat(200);
        let spans = [Span::plain(text)];
        let lead = BODY_SIZE * LEADING;
        let n = break_lines(f, &spans, BODY_SIZE, 400.0).len();
        assert!(n >= 5);
        let count = |flow: &Flow, page: usize| {
            flow.pages[page]
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text { .. }))
                .count()
        };
        // Room for one line only: the whole paragraph starts on the next page.
        let mut flow = Flow::new(f);
        flow.new_page(false, true);
        flow.rect(0.0, 0.0, 1.0, 1.0, TEXT);
        flow.y = flow.bottom() + lead * 1.5;
        flow.paragraph(&spans, 50.0, 400.0, BODY_SIZE, TEXT);
        assert_eq!(flow.pages.len(), 2);
        assert_eq!(count(&flow, 0), 0, "no orphan line");
        // Room for all but one line: two lines move over, never one.
        let mut flow = Flow::new(f);
        flow.new_page(false, true);
        flow.rect(0.0, 0.0, 1.0, 1.0, TEXT);
        flow.y = flow.bottom() + lead * (n as f32 - 1.0) + 0.5;
        flow.paragraph(&spans, 50.0, 400.0, BODY_SIZE, TEXT);
        assert_eq!(flow.pages.len(), 2);
        assert_eq!(count(&flow, 1), 2, "no widow line");
    }
}
