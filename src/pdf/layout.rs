//! Layout: the block tree -> pages of positioned text runs, rectangles, lines
//! and links. Owns line breaking by measured glyph widths, pagination, lists,
//! tables (content-based widths, repeated headers, row splitting, smaller or
//! landscape when wide), heat maps, and the running header and footer. It
//! knows nothing of PDF syntax (see `emit`).

use std::collections::{BTreeMap, BTreeSet};

use super::fonts::{clean_char, FontKind, Fonts};
use super::parse::{Align, Block, Heatmap, LinkTarget, Span, TableData};

pub const A4: (f32, f32) = (595.28, 841.89);
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 68.0;
const MARGIN_BOTTOM: f32 = 62.0;

pub const BODY_SIZE: f32 = 10.0;
const LEADING: f32 = 1.35;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

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

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        font: FontKind,
        size: f32,
        color: Rgb,
        text: String,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Header and footer are drawn (every page but the cover).
    pub decorated: bool,
}

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

/// A positioned, measured fragment of a line.
#[derive(Debug, Clone)]
pub struct Frag {
    pub x: f32,
    pub w: f32,
    pub font: FontKind,
    pub size: f32,
    pub rise: f32,
    pub text: String,
    pub span: usize,
}

#[derive(Debug, Clone, Default)]
pub struct LineBox {
    pub frags: Vec<Frag>,
    pub width: f32,
}

/// Break styled spans into lines no wider than `width`, by measured advances.
/// Words longer than a line are cut between characters, never dropped.
pub fn break_lines(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<LineBox> {
    let width = width.max(1.0);
    let mut lines: Vec<LineBox> = Vec::new();
    let mut line = LineBox::default();
    let mut x = 0.0f32;
    let mut pending_space = 0.0f32;
    let mut pending_space_span = usize::MAX;
    // The current word: fragments with x relative to the word start.
    let mut word: Vec<Frag> = Vec::new();
    let mut word_w = 0.0f32;

    #[allow(clippy::too_many_arguments)]
    fn place_word(
        fonts: &Fonts,
        lines: &mut Vec<LineBox>,
        line: &mut LineBox,
        x: &mut f32,
        pending_space: &mut f32,
        pending_space_span: usize,
        word: &mut Vec<Frag>,
        word_w: &mut f32,
        width: f32,
    ) {
        if word.is_empty() {
            return;
        }
        let space = if line.frags.is_empty() {
            0.0
        } else {
            *pending_space
        };
        if !line.frags.is_empty() && *x + space + *word_w > width + 0.01 {
            lines.push(std::mem::take(line));
            *x = 0.0;
        }
        let space = if line.frags.is_empty() {
            0.0
        } else {
            *pending_space
        };
        if *word_w > width + 0.01 && line.frags.is_empty() {
            // Cut the word between characters.
            for f in word.drain(..) {
                let mut cur = String::new();
                let mut cur_w = 0.0;
                for c in f.text.chars() {
                    let (_, _, adv) = fonts.resolve(f.font, c);
                    let cw = adv as f32 * f.size / 1000.0;
                    if *x + cur_w + cw > width + 0.01 && (*x + cur_w > 0.0) {
                        if !cur.is_empty() {
                            push_frag(line, *x, cur_w, &f, std::mem::take(&mut cur), false);
                        }
                        lines.push(std::mem::take(line));
                        *x = 0.0;
                        cur_w = 0.0;
                    }
                    cur.push(c);
                    cur_w += cw;
                }
                if !cur.is_empty() {
                    push_frag(line, *x, cur_w, &f, cur, false);
                    *x += cur_w;
                }
            }
            *word_w = 0.0;
            *pending_space = 0.0;
            return;
        }
        let mut first = true;
        let start = *x + space;
        for f in word.drain(..) {
            let merge_space = first && space > 0.0 && pending_space_span == f.span;
            let fx = start + f.x;
            let fw = f.w;
            let text = std::mem::take(&mut f.text.clone());
            push_frag(line, fx, fw, &f, text, merge_space);
            first = false;
        }
        *x = start + *word_w;
        line.width = *x;
        *word_w = 0.0;
        *pending_space = 0.0;
    }

    fn push_frag(line: &mut LineBox, x: f32, w: f32, f: &Frag, text: String, after_space: bool) {
        if let Some(last) = line.frags.last_mut() {
            let gap = x - (last.x + last.w);
            let same = last.font == f.font
                && last.size == f.size
                && last.rise == f.rise
                && last.span == f.span;
            if same && gap.abs() < 0.01 {
                last.text.push_str(&text);
                last.w = x + w - last.x;
                line.width = last.x + last.w;
                return;
            }
            if same && after_space && gap > 0.0 {
                last.text.push(' ');
                last.text.push_str(&text);
                last.w = x + w - last.x;
                line.width = last.x + last.w;
                return;
            }
        }
        line.frags.push(Frag {
            x,
            w,
            font: f.font,
            size: f.size,
            rise: f.rise,
            text,
            span: f.span,
        });
        line.width = x + w;
    }

    for (si, span) in spans.iter().enumerate() {
        if span.text == "\n" {
            place_word(
                fonts,
                &mut lines,
                &mut line,
                &mut x,
                &mut pending_space,
                pending_space_span,
                &mut word,
                &mut word_w,
                width,
            );
            lines.push(std::mem::take(&mut line));
            x = 0.0;
            pending_space = 0.0;
            continue;
        }
        let st = &span.style;
        let want = FontKind::from_style(st.bold, st.italic, st.mono);
        let (fsize, rise) = if st.sup {
            (size * 0.7, size * 0.35)
        } else if st.mono {
            (size * 0.92, 0.0)
        } else {
            (size, 0.0)
        };
        for raw in span.text.chars() {
            let c = clean_char(raw);
            if c.is_whitespace() {
                if !word.is_empty() {
                    place_word(
                        fonts,
                        &mut lines,
                        &mut line,
                        &mut x,
                        &mut pending_space,
                        pending_space_span,
                        &mut word,
                        &mut word_w,
                        width,
                    );
                }
                if !line.frags.is_empty() && pending_space == 0.0 {
                    let (_, _, adv) = fonts.resolve(want, ' ');
                    pending_space = adv as f32 * fsize / 1000.0;
                    pending_space_span = si;
                }
                continue;
            }
            let (font, ch, adv) = fonts.resolve(want, c);
            let cw = adv as f32 * fsize / 1000.0;
            match word.last_mut() {
                Some(f) if f.font == font && f.span == si => {
                    f.text.push(ch);
                    f.w += cw;
                }
                _ => word.push(Frag {
                    x: word_w,
                    w: cw,
                    font,
                    size: fsize,
                    rise,
                    text: ch.to_string(),
                    span: si,
                }),
            }
            word_w += cw;
            // Allow a break after a hyphen or slash inside a word (URLs, purls, compounds).
            if (ch == '-' || ch == '/') && word_w > cw + 0.01 {
                place_word(
                    fonts,
                    &mut lines,
                    &mut line,
                    &mut x,
                    &mut pending_space,
                    pending_space_span,
                    &mut word,
                    &mut word_w,
                    width,
                );
            }
        }
    }
    place_word(
        fonts,
        &mut lines,
        &mut line,
        &mut x,
        &mut pending_space,
        pending_space_span,
        &mut word,
        &mut word_w,
        width,
    );
    if !line.frags.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cut `text` to fit `max` points, ending in an ellipsis when cut.
pub fn fit_text(fonts: &Fonts, font: FontKind, size: f32, text: &str, max: f32) -> String {
    if fonts.width(font, size, text) <= max {
        return text.to_string();
    }
    let ell = fonts.width(font, size, "…");
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = fonts.width(font, size, c.encode_utf8(&mut [0u8; 4]));
        if w + cw + ell > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
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
    /// Number headings (1, 1.1, ...) up to this level.
    pub number_depth: u8,
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
            number_depth: 3,
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
    fn fresh(&self) -> bool {
        !self.pages.is_empty() && self.y >= self.top() - 0.01
    }

    pub fn new_page(&mut self, landscape: bool, decorated: bool) {
        self.flush_notes();
        // Never leave an empty page behind (e.g. turning a fresh page to landscape).
        if self.fresh() && self.pages.last().is_some_and(|p| p.items.is_empty()) {
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
        self.y = self.top();
        for id in std::mem::take(&mut self.notes_carried) {
            let h = self.note_height(&id)
                + if self.page_notes.is_empty() {
                    NOTE_SEP
                } else {
                    0.0
                };
            self.page_notes.push(id);
            self.notes_h += h;
        }
    }

    /// Height of a note's text at the foot of the current page.
    fn note_height(&self, id: &str) -> f32 {
        let Some((_, spans)) = self.notes.get(id) else {
            return 0.0;
        };
        let w = self.content_width() - NOTE_INDENT;
        break_lines(self.fonts, spans, NOTE_SIZE, w).len() as f32 * NOTE_SIZE * LEADING + 2.0
    }

    /// Referenced notes in `line` not placed yet.
    fn note_refs(&self, line: &LineBox, spans: &[Span]) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for f in &line.frags {
            let Some(s) = spans.get(f.span) else { continue };
            if let (true, Some(LinkTarget::Internal(id))) = (s.style.sup, &s.style.link) {
                if self.notes.contains_key(id)
                    && !self.notes_placed.contains(id)
                    && !ids.contains(id)
                {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    /// Height the notes referred to in `line` would add to this page's foot.
    fn notes_extra(&self, line: &LineBox, spans: &[Span]) -> f32 {
        let refs = self.note_refs(line, spans);
        if refs.is_empty() {
            return 0.0;
        }
        let sep = if self.page_notes.is_empty() {
            NOTE_SEP
        } else {
            0.0
        };
        sep + refs.iter().map(|id| self.note_height(id)).sum::<f32>()
    }

    /// Keeps the foot of this page for the notes `line` refers to, or carries
    /// them to the next page when the line already stands too low.
    fn place_notes(&mut self, line: &LineBox, spans: &[Span], line_bottom: f32) {
        for id in self.note_refs(line, spans) {
            self.notes_placed.insert(id.clone());
            let h = self.note_height(&id)
                + if self.page_notes.is_empty() {
                    NOTE_SEP
                } else {
                    0.0
                };
            if !self.drawing_notes && line_bottom - (MARGIN_BOTTOM + self.notes_h + h) >= -0.01 {
                self.page_notes.push(id);
                self.notes_h += h;
            } else {
                self.notes_carried.push(id);
            }
        }
    }

    /// Draws the current page's notes in the foot kept for them.
    fn flush_notes(&mut self) {
        if self.page_notes.is_empty() || self.pages.is_empty() {
            return;
        }
        let ids = std::mem::take(&mut self.page_notes);
        self.drawing_notes = true;
        let x = self.left();
        let w = self.content_width() - NOTE_INDENT;
        let mut y = MARGIN_BOTTOM + self.notes_h;
        self.hline(x, x + 72.0, y - 3.0, 0.6, RULE);
        y -= NOTE_SEP;
        let page = self.page_index();
        for id in ids {
            let Some((number, spans)) = self.notes.get(&id).cloned() else {
                continue;
            };
            self.anchors.entry(id.clone()).or_insert((page, y));
            let lead = NOTE_SIZE * LEADING;
            let label = number.to_string();
            self.text(
                x,
                y - NOTE_SIZE * 1.02,
                FontKind::Regular,
                NOTE_SIZE,
                TEXT,
                &label,
            );
            for line in break_lines(self.fonts, &spans, NOTE_SIZE, w) {
                let base = y - NOTE_SIZE * 1.02;
                self.draw_line_at(&line, &spans, x + NOTE_INDENT, base, NOTE_SIZE, TEXT);
                y -= lead;
            }
            y -= 2.0;
        }
        self.drawing_notes = false;
        self.notes_h = 0.0;
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
                        text: std::mem::take(&mut cur),
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
                    text: cur,
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

    fn draw_line_at(
        &mut self,
        line: &LineBox,
        spans: &[Span],
        x: f32,
        base: f32,
        size: f32,
        color: Rgb,
    ) {
        for f in &line.frags {
            let style = spans.get(f.span).map(|s| &s.style);
            let link = style
                .and_then(|s| s.link.clone())
                .filter(LinkTarget::is_clickable);
            let col = if link.is_some() { LINK } else { color };
            self.push(Item::Text {
                x: x + f.x,
                y: base + f.rise,
                font: f.font,
                size: f.size,
                color: col,
                text: f.text.clone(),
            });
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

    pub fn anchor(&mut self, id: &str) {
        if self.pages.is_empty() {
            self.new_page(false, true);
        }
        let p = self.page_index();
        let y = self.y;
        self.anchors.entry(id.to_string()).or_insert((p, y));
    }

    /// Lay out the body blocks.
    pub fn body(&mut self, blocks: &[Block]) {
        let mut ctx = Ctx {
            size: BODY_SIZE,
            ..Ctx::default()
        };
        let mut refs = BTreeSet::new();
        note_refs_in(blocks, &mut refs);
        collect_notes(blocks, &refs, &mut self.notes);
        let x = self.left();
        let w = self.content_width();
        self.blocks(blocks, x, w, &mut ctx);
        // Notes still waiting: on this page's foot, then on further pages.
        self.flush_notes();
        while !self.notes_carried.is_empty() {
            let l = self.landscape;
            self.new_page(l, true);
            self.flush_notes();
        }
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, w: f32, ctx: &mut Ctx) {
        for (i, b) in blocks.iter().enumerate() {
            // A heading right before a landscape table, or before a short
            // introduction to one (up to three paragraphs), goes on the
            // landscape page with it.
            let table_after = blocks[i + 1..]
                .iter()
                .take(4)
                .find(|b| !matches!(b, Block::Paragraph(_)));
            if let (Block::Heading { .. }, Some(Block::Table(t))) = (b, table_after) {
                if let Some(p) = self.plan_table(t, w) {
                    // Keep the heading with the introduction, the header row
                    // and the first row (rows are kept whole).
                    let intro: f32 = blocks[i + 1..]
                        .iter()
                        .take_while(|b| matches!(b, Block::Paragraph(_)))
                        .map(|b| match b {
                            Block::Paragraph(sp) => {
                                let lines = break_lines(self.fonts, sp, ctx.size, w).len();
                                lines as f32 * ctx.size * LEADING + 6.0
                            }
                            _ => 0.0,
                        })
                        .sum();
                    let page_h = if p.landscape { A4.0 } else { A4.1 };
                    let capacity = page_h - MARGIN_TOP - MARGIN_BOTTOM;
                    self.keep_next = (intro + self.table_start_height(t, &p)).min(capacity * 0.8);
                    self.landscape_next = p.landscape;
                    self.planned = Some((t as *const TableData as usize, p));
                }
            }
            // ... and one before a heat map keeps the whole map with it.
            if let (Block::Heading { .. }, Some(Block::Heatmap(h))) = (b, blocks.get(i + 1)) {
                self.keep_next = self.heatmap_height(h, w);
            }
            self.block(b, x, w, ctx);
        }
    }

    fn block(&mut self, b: &Block, x: f32, w: f32, ctx: &mut Ctx) {
        if self.pending_portrait && !self.landscape_next {
            self.new_page(false, true);
        }
        let was_footnote = ctx.prev_footnote;
        ctx.prev_footnote = false;
        let para_gap = if ctx.list_depth > 0 { 3.0 } else { 6.0 };
        match b {
            Block::Heading { level, spans, id } => self.heading(*level, spans, id),
            Block::Paragraph(spans) => {
                self.paragraph(spans, x, w, ctx.size, TEXT);
                self.gap(para_gap);
            }
            Block::List { start, items } => {
                ctx.list_depth += 1;
                let indent = 16.0;
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}.", n.saturating_add(i as u64)),
                        None => match ctx.list_depth {
                            1 => "•".to_string(),
                            2 => "–".to_string(),
                            _ => "◦".to_string(),
                        },
                    };
                    let lead = ctx.size * LEADING;
                    self.ensure(lead);
                    let mw = self.fonts.width(FontKind::Regular, ctx.size, &marker);
                    let base = self.y - ctx.size * 1.02;
                    self.text(
                        x + indent - 4.0 - mw,
                        base,
                        FontKind::Regular,
                        ctx.size,
                        TEXT,
                        &marker,
                    );
                    self.blocks(item, x + indent, w - indent, ctx);
                }
                ctx.list_depth -= 1;
                if ctx.list_depth == 0 {
                    self.gap(3.0);
                }
            }
            Block::Quote(inner) => {
                let start = (self.page_index(), self.y);
                self.gap(2.0);
                let size = ctx.size;
                ctx.size = size * 0.95;
                self.blocks(inner, x + 14.0, w - 14.0, ctx);
                ctx.size = size;
                let end = (self.page_index(), self.y + 4.0);
                self.vertical_bar(start, end, x + 3.0);
                self.gap(4.0);
            }
            Block::Code(text) => self.code(text, x, w),
            Block::Rule => {
                self.ensure(12.0);
                self.gap(4.0);
                let y = self.y;
                self.hline(x, x + w, y, 0.8, RULE);
                self.y -= 8.0;
            }
            Block::Table(t) => {
                self.table(t, x, w);
                self.gap(8.0);
            }
            Block::Heatmap(h) => {
                self.heatmap(h, x, w);
                self.gap(8.0);
            }
            // A referenced note stands at the foot of its page; one nobody
            // refers to stays where it was written.
            Block::FootnoteDef { id, .. } if self.notes.contains_key(id) => {}
            Block::FootnoteDef { number, id, blocks } => {
                let size = ctx.size;
                let fsize = 8.5;
                if !was_footnote {
                    self.ensure(20.0);
                    self.gap(6.0);
                    let y = self.y;
                    self.hline(x, x + 72.0, y, 0.6, RULE);
                    self.y -= 4.0;
                }
                self.ensure(fsize * LEADING);
                self.anchor(id);
                let label = format!("{}", number);
                let base = self.y - fsize * 1.02;
                self.text(x, base, FontKind::Regular, fsize, TEXT, &label);
                ctx.size = fsize;
                self.blocks(blocks, x + 14.0, w - 14.0, ctx);
                ctx.size = size;
                ctx.prev_footnote = true;
            }
        }
    }

    fn vertical_bar(&mut self, start: (usize, f32), end: (usize, f32), x: f32) {
        for p in start.0..=end.0 {
            let Some(page) = self.pages.get_mut(p) else {
                continue;
            };
            let top = if p == start.0 {
                start.1
            } else {
                page.height - MARGIN_TOP
            };
            let bot = if p == end.0 { end.1 } else { MARGIN_BOTTOM };
            if top > bot {
                page.items.push(Item::Rect {
                    x,
                    y: bot,
                    w: 2.5,
                    h: top - bot,
                    color: RULE,
                });
            }
        }
    }

    fn heading(&mut self, level: u8, spans: &[Span], id: &str) {
        let lvl = level.clamp(1, 6) as usize;
        let want_landscape = std::mem::take(&mut self.landscape_next);
        if lvl == 1 && (!self.fresh() || self.landscape != want_landscape) {
            self.new_page(want_landscape, true);
        } else if want_landscape && !self.landscape {
            self.new_page(true, true);
        } else if self.pending_portrait && !want_landscape {
            self.new_page(false, true);
        }
        self.pending_portrait = false;
        let number = heading_number(
            &mut self.counters,
            level,
            self.number_depth,
            &super::parse::spans_text(spans),
        );
        let size = [18.0, 14.0, 12.0, 11.0, 10.0, 10.0][lvl - 1];
        let before = [0.0, 12.0, 9.0, 7.0, 6.0, 6.0][lvl - 1];
        let after = [10.0, 5.0, 4.0, 3.0, 2.0, 2.0][lvl - 1];
        self.gap(before);
        // Keep the heading with the start of what follows.
        let keep = std::mem::take(&mut self.keep_next).max(3.0 * BODY_SIZE * LEADING);
        self.ensure(size * LEADING + keep);
        let mut all: Vec<Span> = Vec::with_capacity(spans.len() + 1);
        if !number.is_empty() {
            all.push(Span::bold(format!("{}  ", number)));
        }
        for s in spans {
            let mut s = s.clone();
            s.style.bold = true;
            all.push(s);
        }
        let page = self.page_index();
        let y = self.y;
        self.anchor(id);
        let x = self.left();
        let w = self.content_width();
        self.paragraph(&all, x, w, size, HEADING);
        if lvl == 1 {
            let y = self.y - 2.0;
            self.hline(x, x + w, y, 0.8, HEADING);
            self.y -= 4.0;
        }
        self.y -= after;
        self.headings.push(HeadingRef {
            level,
            number,
            title: super::parse::spans_text(spans),
            id: id.to_string(),
            page,
            y,
        });
    }

    fn code(&mut self, text: &str, x: f32, w: f32) {
        let size = 8.0;
        let lead = 10.4;
        let pad = 4.0;
        let inner = w - 2.0 * pad;
        self.ensure(lead + 2.0 * pad);
        let y = self.y;
        self.rect(x, y - pad, w, pad, CODE_BG);
        self.y -= pad;
        for src_line in text.split('\n') {
            let spans = [Span {
                text: src_line.replace('\t', "    "),
                style: super::parse::Style {
                    mono: true,
                    ..Default::default()
                },
            }];
            // Code keeps its spaces: break by characters only, never at words.
            let chunks = chunk_chars(self.fonts, &spans[0].text, size, inner);
            for chunk in chunks {
                if self.y - lead < self.bottom() {
                    let l = self.landscape;
                    self.new_page(l, true);
                }
                let y = self.y;
                self.rect(x, y - lead, w, lead, CODE_BG);
                let base = y - lead + 2.8;
                self.text(x + pad, base, FontKind::Mono, size, TEXT, &chunk);
                self.y -= lead;
            }
        }
        let y = self.y;
        self.rect(x, y - pad, w, pad, CODE_BG);
        self.y -= pad + 6.0;
    }

    /// Column widths and broken column labels of a heat map `w` wide; the
    /// height estimate and the drawing share them.
    fn heatmap_geometry(&self, h: &Heatmap, w: f32) -> HeatmapGeometry {
        let fonts = self.fonts;
        let ncols = h.cols.len().max(1);
        let label_w = h
            .rows
            .iter()
            .map(|r| fonts.width(FontKind::Regular, HEATMAP_LABEL_SIZE, r))
            .fold(0.0f32, f32::max)
            .min(w * 0.3)
            + 8.0;
        let cell_w = ((w - label_w - 16.0) / ncols as f32).clamp(20.0, 68.0);
        let col_label_lines: Vec<Vec<LineBox>> = h
            .cols
            .iter()
            .map(|c| {
                break_lines(
                    fonts,
                    &[Span::plain(c.clone())],
                    HEATMAP_LABEL_SIZE,
                    cell_w - 4.0,
                )
            })
            .collect();
        let max_col_lines = col_label_lines.iter().map(|l| l.len()).max().unwrap_or(1);
        let height = 16.0
            + 12.0
            + h.rows.len() as f32 * 24.0
            + max_col_lines as f32 * HEATMAP_LABEL_SIZE * 1.25
            + 28.0;
        HeatmapGeometry {
            ncols,
            label_w,
            cell_w,
            col_label_lines,
            max_col_lines,
            height,
        }
    }

    fn heatmap_height(&self, h: &Heatmap, w: f32) -> f32 {
        self.heatmap_geometry(h, w).height
    }

    fn heatmap(&mut self, h: &Heatmap, x: f32, w: f32) {
        let fonts = self.fonts;
        let label_size = HEATMAP_LABEL_SIZE;
        let HeatmapGeometry {
            ncols,
            label_w,
            cell_w,
            col_label_lines,
            max_col_lines,
            height: total,
        } = self.heatmap_geometry(h, w);
        let cell_h = 24.0;
        self.ensure(total);
        let title = if h.title.is_empty() {
            "Risk matrix".to_string()
        } else {
            h.title.clone()
        };
        self.paragraph(&[Span::bold(title)], x, w, 10.0, HEADING);
        self.y -= 4.0;
        let y0 = self.y;
        let gx = x + 14.0 + label_w;
        self.text(x, y0 - 8.0, FontKind::Italic, label_size, GREY, "Severity");
        let y0 = y0 - 12.0;
        for (ri, row) in h.rows.iter().enumerate() {
            let ry = y0 - (ri as f32 + 1.0) * cell_h;
            let label = fit_text(fonts, FontKind::Regular, label_size, row, label_w - 4.0);
            let lw = fonts.width(FontKind::Regular, label_size, &label);
            self.text(
                gx - 4.0 - lw,
                ry + cell_h / 2.0 - 2.5,
                FontKind::Regular,
                label_size,
                TEXT,
                &label,
            );
            for ci in 0..h.cols.len() {
                let cx = gx + ci as f32 * cell_w;
                let zone = h
                    .zones
                    .get(ri)
                    .and_then(|z| z.get(ci))
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                let color = match zone.as_str() {
                    "acceptable" => Rgb(0.56, 0.80, 0.47),
                    "alarp" => Rgb(0.99, 0.78, 0.30),
                    "unacceptable" => Rgb(0.89, 0.33, 0.29),
                    _ => Rgb(0.85, 0.85, 0.85),
                };
                self.rect(cx, ry, cell_w, cell_h, color);
                let count = h
                    .counts
                    .get(ri)
                    .and_then(|r| r.get(ci))
                    .copied()
                    .unwrap_or(0);
                let s = count.to_string();
                // Zero stays readable on every zone colour, just lighter in weight.
                let (font, col) = if count == 0 {
                    (FontKind::Regular, Rgb(0.25, 0.25, 0.28))
                } else {
                    (FontKind::Bold, TEXT)
                };
                let cw = fonts.width(font, 10.0, &s);
                self.text(
                    cx + (cell_w - cw) / 2.0,
                    ry + cell_h / 2.0 - 3.5,
                    font,
                    10.0,
                    col,
                    &s,
                );
            }
        }
        // Grid lines over the cells.
        let rows = h.rows.len() as f32;
        for ri in 0..=h.rows.len() {
            let y = y0 - ri as f32 * cell_h;
            self.hline(gx, gx + ncols as f32 * cell_w, y, 0.8, Rgb(1.0, 1.0, 1.0));
        }
        for ci in 0..=h.cols.len() {
            let lx = gx + ci as f32 * cell_w;
            self.push(Item::Line {
                x1: lx,
                y1: y0,
                x2: lx,
                y2: y0 - rows * cell_h,
                width: 0.8,
                color: Rgb(1.0, 1.0, 1.0),
            });
        }
        let mut ly = y0 - rows * cell_h - label_size - 2.0;
        for line_i in 0..max_col_lines {
            for (ci, lines) in col_label_lines.iter().enumerate() {
                if let Some(l) = lines.get(line_i) {
                    let cx = gx + ci as f32 * cell_w + (cell_w - l.width) / 2.0;
                    for f in &l.frags {
                        self.push(Item::Text {
                            x: cx + f.x,
                            y: ly,
                            font: f.font,
                            size: f.size,
                            color: TEXT,
                            text: f.text.clone(),
                        });
                    }
                }
            }
            ly -= label_size * 1.25;
        }
        let pw = fonts.width(FontKind::Italic, label_size, "Probability");
        self.text(
            gx + (ncols as f32 * cell_w - pw) / 2.0,
            ly - 1.0,
            FontKind::Italic,
            label_size,
            GREY,
            "Probability",
        );
        // Legend.
        let mut lx = gx;
        let legend_y = ly - 14.0;
        for (name, color) in [
            ("acceptable", Rgb(0.56, 0.80, 0.47)),
            ("ALARP", Rgb(0.99, 0.78, 0.30)),
            ("unacceptable", Rgb(0.89, 0.33, 0.29)),
        ] {
            self.rect(lx, legend_y, 7.0, 7.0, color);
            self.text(
                lx + 10.0,
                legend_y + 0.8,
                FontKind::Regular,
                label_size,
                TEXT,
                name,
            );
            lx += 18.0 + fonts.width(FontKind::Regular, label_size, name);
        }
        self.y = legend_y - 6.0;
    }

    /// A GFM table: content-based column widths, wrapped cells, header row
    /// repeated on every page, rows kept whole unless taller than a page.
    /// Size, orientation and column widths of a table, from its content.
    fn plan_table(&self, t: &TableData, w: f32) -> Option<TablePlan> {
        let fonts = self.fonts;
        let ncols = t
            .rows
            .iter()
            .map(|r| r.len())
            .chain(std::iter::once(t.head.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return None;
        }
        // Natural and minimum widths per column at size 1.
        let mut nat = vec![0.0f32; ncols];
        let mut minw = vec![0.0f32; ncols];
        // A short word stays whole; a long one may break after '-' or '/'
        // (see `break_lines`), so its widest piece is what cannot shrink.
        const SHORT_WORD: f32 = 7.0; // in em: about 60 pt at 8.5 pt
        let measure = |cell: &[Span], bold: bool, nat: &mut f32, minw: &mut f32| {
            let mut line = 0.0f32;
            let mut word = 0.0f32;
            let mut piece = 0.0f32;
            let mut widest_piece = 0.0f32;
            let end_word = |word: &mut f32, piece: &mut f32, widest: &mut f32, minw: &mut f32| {
                *widest = widest.max(*piece);
                let need = if *word <= SHORT_WORD { *word } else { *widest };
                *minw = minw.max(need);
                *word = 0.0;
                *piece = 0.0;
                *widest = 0.0;
            };
            for s in cell {
                if s.text == "\n" {
                    *nat = nat.max(line);
                    end_word(&mut word, &mut piece, &mut widest_piece, minw);
                    line = 0.0;
                    continue;
                }
                let k = FontKind::from_style(s.style.bold || bold, s.style.italic, s.style.mono);
                let scale = if s.style.mono { 0.92 } else { 1.0 };
                for c in s.text.chars() {
                    let (_, _, adv) = fonts.resolve(k, clean_char(c));
                    let cw = adv as f32 * scale / 1000.0;
                    line += cw;
                    if c.is_whitespace() {
                        end_word(&mut word, &mut piece, &mut widest_piece, minw);
                    } else {
                        word += cw;
                        piece += cw;
                        if (c == '-' || c == '/') && piece > cw {
                            widest_piece = widest_piece.max(piece);
                            piece = 0.0;
                        }
                    }
                }
            }
            *nat = nat.max(line);
            end_word(&mut word, &mut piece, &mut widest_piece, minw);
        };
        for (c, cell) in t.head.iter().enumerate() {
            measure(cell, true, &mut nat[c], &mut minw[c]);
        }
        // Each body cell's natural width, for the height estimate below.
        let mut cell_nat = vec![0.0f32; t.rows.len() * ncols];
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let mut n = 0.0f32;
                measure(cell, false, &mut n, &mut minw[c]);
                nat[c] = nat[c].max(n);
                cell_nat[r * ncols + c] = n;
            }
        }
        const WORD_CAP: f32 = 110.0;
        let min_sum = |size: f32| -> f32 {
            minw.iter()
                .map(|m| (m * size).min(WORD_CAP) + 2.0 * PAD)
                .sum()
        };
        let portrait_w = w;
        let landscape_w = A4.1 - 2.0 * MARGIN_X;
        let mut choice: Option<(bool, f32)> = None;
        for size in [8.5f32, 8.0, 7.5, 7.0] {
            if min_sum(size) <= portrait_w {
                choice = Some((false, size));
                break;
            }
        }
        if choice.is_none() {
            for size in [8.5f32, 8.0, 7.5, 7.0, 6.5] {
                if min_sum(size) <= landscape_w {
                    choice = Some((true, size));
                    break;
                }
            }
        }
        let (landscape, size) = choice.unwrap_or((true, 6.5));
        // A column's weight when widths are shared: its mean cell width, so
        // that prose columns wrap to similar heights and one long value does
        // not claim the width of a column.
        let mean_nat: Vec<f32> = (0..ncols)
            .map(|c| {
                let n = t.rows.len().max(1) as f32;
                (0..t.rows.len())
                    .map(|r| cell_nat[r * ncols + c])
                    .sum::<f32>()
                    / n
            })
            .collect();
        // ... and its typical width: what nine cells in ten need on one line.
        let p90_nat: Vec<f32> = (0..ncols)
            .map(|c| {
                let mut v: Vec<f32> = (0..t.rows.len()).map(|r| cell_nat[r * ncols + c]).collect();
                if v.is_empty() {
                    return 0.0;
                }
                let k = (v.len() * 9 / 10).min(v.len() - 1);
                *v.select_nth_unstable_by(k, f32::total_cmp).1
            })
            .collect();
        let widths_for = |landscape: bool, size: f32| -> Vec<f32> {
            let avail = if landscape { landscape_w } else { portrait_w };
            let mins: Vec<f32> = minw
                .iter()
                .map(|m| (m * size).min(WORD_CAP) + 2.0 * PAD)
                .collect();
            let maxs: Vec<f32> = nat
                .iter()
                .zip(&mins)
                .map(|(n, m)| (n * size + 2.0 * PAD + 0.5).max(*m))
                .collect();
            let weights: Vec<f32> = mean_nat
                .iter()
                .map(|n| n * size + 2.0 * PAD + 0.5)
                .collect();
            let typical: Vec<f32> = p90_nat
                .iter()
                .zip(mins.iter().zip(&maxs))
                .map(|(n, (lo, hi))| (n * size + 2.0 * PAD + 0.5).max(*lo).min(*hi))
                .collect();
            let (sum_max, sum_typ) = (maxs.iter().sum::<f32>(), typical.iter().sum::<f32>());
            if sum_max <= avail {
                column_widths(&mins, &maxs, &weights, avail)
            } else if sum_typ <= avail {
                // Nine rows in ten on one line; the rest of the width goes to
                // the columns whose long values still wrap.
                let lack = (sum_max - sum_typ).max(0.001);
                typical
                    .iter()
                    .zip(&maxs)
                    .map(|(t, m)| t + (avail - sum_typ) * (m - t) / lack)
                    .collect()
            } else {
                column_widths(&mins, &typical, &weights, avail)
            }
        };
        let widths = widths_for(landscape, size);
        // A long table whose cells wrap a lot in portrait is set on landscape
        // pages when that takes clearly fewer pages (registers such as the
        // SBOM inventory: one line per row instead of three).
        if !landscape && min_sum(size) <= landscape_w {
            // Rows that fit their column unbroken take one line; the others
            // are broken for real, on an even sample of at most 256 rows.
            let step = t.rows.len().div_ceil(256).max(1);
            let pages = |widths: &[f32], size: f32, capacity: f32| -> f32 {
                let lead = size * CELL_LEADING;
                let mut h = 0.0f32;
                for r in (0..t.rows.len()).step_by(step) {
                    let lines = (0..ncols)
                        .map(|c| {
                            let inner = widths[c] - 2.0 * PAD;
                            if cell_nat[r * ncols + c] * size <= inner {
                                1
                            } else {
                                let cell = &t.rows[r][c];
                                break_lines(fonts, cell, size, inner).len().max(1)
                            }
                        })
                        .max()
                        .unwrap_or(1);
                    h += lines as f32 * lead + 2.0 * PAD;
                }
                h * step as f32 / capacity
            };
            let portrait_pages = pages(&widths, size, A4.1 - MARGIN_TOP - MARGIN_BOTTOM);
            if portrait_pages > 1.0 {
                // Landscape must save a fifth of the pages; each smaller
                // size (down to 7.5 pt) a further tenth.
                let mut best: Option<(f32, f32, Vec<f32>)> = None;
                let mut bar = 0.8 * portrait_pages;
                for s in [size, 8.0, 7.5] {
                    if s > size || min_sum(s) > landscape_w {
                        continue;
                    }
                    let lw = widths_for(true, s);
                    let p = pages(&lw, s, A4.0 - MARGIN_TOP - MARGIN_BOTTOM);
                    if p < bar {
                        bar = 0.9 * p;
                        best = Some((s, p, lw));
                    }
                }
                if let Some((size, _, widths)) = best {
                    return Some(TablePlan {
                        ncols,
                        landscape: true,
                        size,
                        widths,
                    });
                }
            }
        }

        Some(TablePlan {
            ncols,
            landscape,
            size,
            widths,
        })
    }

    /// Height of a table's header row and first row, as `plan` sets them:
    /// what must stand on a page together.
    fn table_start_height(&self, t: &TableData, plan: &TablePlan) -> f32 {
        let lead = plan.size * CELL_LEADING;
        let row_h = |cells: &[Vec<Span>], bold: bool| -> f32 {
            let lines = cells
                .iter()
                .zip(&plan.widths)
                .map(|(cell, w)| {
                    let spans: Vec<Span> = cell
                        .iter()
                        .map(|s| {
                            let mut s = s.clone();
                            s.style.bold |= bold;
                            s
                        })
                        .collect();
                    break_lines(self.fonts, &spans, plan.size, w - 2.0 * PAD).len()
                })
                .max()
                .unwrap_or(1)
                .max(1);
            lines as f32 * lead + 2.0 * PAD
        };
        let head = if t.head.iter().any(|c| !c.is_empty()) {
            row_h(&t.head, true)
        } else {
            0.0
        };
        head + t.rows.first().map(|r| row_h(r, false)).unwrap_or(0.0)
    }

    pub fn table(&mut self, t: &TableData, x: f32, w: f32) {
        let fonts = self.fonts;
        let key = t as *const TableData as usize;
        let plan = match self.planned.take() {
            Some((k, p)) if k == key => p,
            _ => match self.plan_table(t, w) {
                Some(p) => p,
                None => return,
            },
        };
        let start_h = self.table_start_height(t, &plan);
        let TablePlan {
            ncols,
            landscape,
            size,
            widths,
        } = plan;
        let table_w: f32 = widths.iter().sum();
        if landscape {
            // Continue on a landscape page (one a heading just opened for it).
            if !self.landscape {
                self.new_page(true, true);
            }
        } else if self.landscape && !self.fresh() {
            self.new_page(false, true);
        }
        let x = if landscape { self.left() } else { x };
        let lead = size * CELL_LEADING;

        let layout_row = |cells: &[Vec<Span>], bold: bool| -> Vec<Vec<LineBox>> {
            (0..ncols)
                .map(|c| {
                    let empty: Vec<Span> = Vec::new();
                    let cell = cells.get(c).unwrap_or(&empty);
                    if bold {
                        let b: Vec<Span> = cell
                            .iter()
                            .map(|s| {
                                let mut s = s.clone();
                                s.style.bold = true;
                                s
                            })
                            .collect();
                        break_lines(fonts, &b, size, widths[c] - 2.0 * PAD)
                    } else {
                        break_lines(fonts, cell, size, widths[c] - 2.0 * PAD)
                    }
                })
                .collect()
        };
        let head_cells: Vec<Vec<Span>> = t
            .head
            .iter()
            .map(|cell| {
                cell.iter()
                    .map(|s| {
                        let mut s = s.clone();
                        s.style.bold = true;
                        s
                    })
                    .collect()
            })
            .collect();
        let head_lines = layout_row(&t.head, true);
        let has_head = t.head.iter().any(|c| !c.is_empty());
        let head_h = if has_head {
            head_lines.iter().map(|l| l.len()).max().unwrap_or(1) as f32 * lead + 2.0 * PAD
        } else {
            0.0
        };
        let aligns = &t.aligns;
        let empty_row: Vec<Vec<Span>> = Vec::new();

        let draw_header = |flow: &mut Flow| {
            if !has_head {
                return;
            }
            let y = flow.y;
            flow.rect(x, y - head_h, table_w, head_h, HEAD_BG);
            flow.draw_cells(
                &head_lines,
                &head_cells,
                &widths,
                aligns,
                x,
                y - PAD,
                size,
                lead,
                0,
                usize::MAX,
            );
            flow.hline(x, x + table_w, y - head_h, 0.8, HEADING);
            flow.y -= head_h;
        };

        let capacity = self.top() - self.bottom();
        self.ensure(start_h.min(capacity));
        draw_header(self);
        for (ri, row) in t.rows.iter().enumerate() {
            let row = if row.is_empty() { &empty_row } else { row };
            let lines = layout_row(row, false);
            let nlines = lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
            let row_h = nlines as f32 * lead + 2.0 * PAD;
            if self.y - row_h < self.bottom() {
                let room = capacity - head_h;
                if row_h <= room || self.y - self.bottom() < lead * 3.0 + 2.0 * PAD {
                    let l = self.landscape;
                    self.new_page(l, true);
                    draw_header(self);
                }
            }
            // Draw the row, splitting across pages only when taller than a page.
            let mut from = 0usize;
            while from < nlines {
                let fit = (((self.y - self.bottom() - 2.0 * PAD) / lead)
                    .floor()
                    .max(0.0)) as usize;
                let take = if fit == 0 { 1 } else { fit.min(nlines - from) };
                let h = take as f32 * lead + 2.0 * PAD;
                let y = self.y;
                if ri % 2 == 1 {
                    self.rect(x, y - h, table_w, h, ZEBRA);
                }
                self.draw_cells(
                    &lines,
                    row,
                    &widths,
                    aligns,
                    x,
                    y - PAD,
                    size,
                    lead,
                    from,
                    from + take,
                );
                self.hline(x, x + table_w, y - h, 0.4, RULE);
                self.y -= h;
                from += take;
                if from < nlines {
                    let l = self.landscape;
                    self.new_page(l, true);
                    draw_header(self);
                }
            }
        }
        if landscape {
            self.pending_portrait = true;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_cells(
        &mut self,
        lines: &[Vec<LineBox>],
        cells: &[Vec<Span>],
        widths: &[f32],
        aligns: &[Align],
        x: f32,
        top: f32,
        size: f32,
        lead: f32,
        from: usize,
        to: usize,
    ) {
        let mut cx = x;
        let empty: Vec<Span> = Vec::new();
        for (c, cell_lines) in lines.iter().enumerate() {
            let cw = widths[c];
            let spans = cells.get(c).unwrap_or(&empty);
            let align = aligns.get(c).copied().unwrap_or(Align::Left);
            let mut y = top;
            for line in cell_lines.iter().take(to).skip(from) {
                let lx = match align {
                    Align::Left => cx + PAD,
                    Align::Right => cx + cw - PAD - line.width,
                    Align::Center => cx + (cw - line.width) / 2.0,
                };
                let base = y - size * 1.05;
                self.draw_line_at(line, spans, lx, base, size, TEXT);
                y -= lead;
            }
            cx += cw;
        }
    }

    /// Header (document id, title) and footer (version, "Page X of Y") on
    /// every decorated page.
    pub fn decorate(&mut self, left_head: &str, right_head: &str, left_foot: &str) {
        let total = self.pages.len();
        let fonts = self.fonts;
        for (i, page) in self.pages.iter_mut().enumerate() {
            if !page.decorated {
                continue;
            }
            let size = 8.0;
            let w = page.width;
            let top = page.height - 38.0;
            let avail = w - 2.0 * MARGIN_X;
            let lh = fit_text(fonts, FontKind::Bold, size, left_head, avail * 0.4);
            let lw = fonts.width(FontKind::Bold, size, &lh);
            let rh = fit_text(
                fonts,
                FontKind::Regular,
                size,
                right_head,
                avail - lw - 16.0,
            );
            let rw = fonts.width(FontKind::Regular, size, &rh);
            let mut items = vec![
                Item::Text {
                    x: MARGIN_X,
                    y: top,
                    font: FontKind::Bold,
                    size,
                    color: GREY,
                    text: lh,
                },
                Item::Text {
                    x: w - MARGIN_X - rw,
                    y: top,
                    font: FontKind::Regular,
                    size,
                    color: GREY,
                    text: rh,
                },
                Item::Line {
                    x1: MARGIN_X,
                    y1: top - 5.0,
                    x2: w - MARGIN_X,
                    y2: top - 5.0,
                    width: 0.5,
                    color: RULE,
                },
                Item::Line {
                    x1: MARGIN_X,
                    y1: 46.0,
                    x2: w - MARGIN_X,
                    y2: 46.0,
                    width: 0.5,
                    color: RULE,
                },
            ];
            let lf = fit_text(fonts, FontKind::Regular, size, left_foot, avail * 0.6);
            items.push(Item::Text {
                x: MARGIN_X,
                y: 34.0,
                font: FontKind::Regular,
                size,
                color: GREY,
                text: lf,
            });
            let pn = format!("Page {} of {}", i + 1, total);
            let pw = fonts.width(FontKind::Regular, size, &pn);
            items.push(Item::Text {
                x: w - MARGIN_X - pw,
                y: 34.0,
                font: FontKind::Regular,
                size,
                color: GREY,
                text: pn,
            });
            // Clean the strings through the fallback chain like any other text.
            for it in items.iter_mut() {
                if let Item::Text { text, font, .. } = it {
                    let cleaned: String = text
                        .chars()
                        .map(|c| fonts.resolve(*font, clean_char(c)))
                        .map(|(_, c, _)| c)
                        .collect();
                    *text = cleaned;
                }
            }
            page.items.extend(items);
        }
    }
}

/// Column widths from content: columns narrower than an equal share keep
/// their natural width, the
/// width left is shared by the long (prose) columns in proportion to their
/// natural width, and no column goes below its longest word (`mins`).
/// Column widths from minimum and natural (widest cell) widths and weights:
/// all natural when they fit; else a column keeps its natural width when that
/// is no more than its share (equal or by weight), the others share the rest
/// by weight; then columns below their minimum take width from the others.
pub fn column_widths(mins: &[f32], maxs: &[f32], weights: &[f32], avail: f32) -> Vec<f32> {
    let n = mins.len();
    let sum_min: f32 = mins.iter().sum();
    let sum_max: f32 = maxs.iter().sum();
    if sum_max <= avail {
        let extra = avail - sum_max;
        return maxs
            .iter()
            .map(|m| m + extra * m / sum_max.max(1.0))
            .collect();
    }
    if sum_min >= avail {
        return mins.iter().map(|m| m * avail / sum_min.max(1.0)).collect();
    }
    let mut w = vec![0.0f32; n];
    let mut fixed = vec![false; n];
    // Fix columns whose natural width is below their fair share, repeatedly.
    loop {
        let rem: f32 = avail - (0..n).filter(|i| fixed[*i]).map(|i| w[i]).sum::<f32>();
        let weight: f32 = (0..n).filter(|i| !fixed[*i]).map(|i| weights[i]).sum();
        let open = (0..n).filter(|i| !fixed[*i]).count().max(1);
        let mut changed = false;
        for i in 0..n {
            // Narrower than its share: keep it on one line.
            let share = (rem / open as f32).max(rem * weights[i] / weight.max(0.001));
            if !fixed[i] && maxs[i] <= share {
                fixed[i] = true;
                w[i] = maxs[i];
                changed = true;
            }
        }
        if !changed {
            for i in 0..n {
                if !fixed[i] {
                    w[i] = rem * weights[i] / weight.max(0.001);
                }
            }
            break;
        }
    }
    // Raise columns below their minimum, taking the width from those above theirs.
    for _ in 0..n {
        let deficit: f32 = (0..n).map(|i| (mins[i] - w[i]).max(0.0)).sum();
        if deficit <= 0.01 {
            break;
        }
        let slack: f32 = (0..n).map(|i| (w[i] - mins[i]).max(0.0)).sum();
        if slack <= 0.0 {
            break;
        }
        let f = (deficit / slack).min(1.0);
        for i in 0..n {
            if w[i] < mins[i] {
                w[i] = mins[i];
            } else {
                w[i] -= (w[i] - mins[i]) * f;
            }
        }
    }
    w
}

struct TablePlan {
    ncols: usize,
    landscape: bool,
    size: f32,
    widths: Vec<f32>,
}

/// The number of a heading ("1", "1.2", "1.2.3"), advancing `counters`;
/// empty below `depth` and when the title already starts with its own
/// number ("8. EU declaration"), so that no heading is numbered twice.
pub fn heading_number(counters: &mut [u32; 6], level: u8, depth: u8, title: &str) -> String {
    let lvl = level.clamp(1, 6) as usize;
    if level > depth {
        return String::new();
    }
    counters[lvl - 1] += 1;
    for c in counters.iter_mut().skip(lvl) {
        *c = 0;
    }
    if starts_with_number(title) {
        return String::new();
    }
    counters[..lvl]
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// "8. Title", "3 Title", "1.2.3 Title": a number, then a space.
fn starts_with_number(title: &str) -> bool {
    let t = title.trim_start();
    let token = t.split_whitespace().next().unwrap_or("");
    let had_more = t.len() > token.len();
    had_more
        && token.chars().next().is_some_and(|c| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Cut a line of code into pieces that fit `width`, by characters.
fn chunk_chars(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let (_, _, adv) = fonts.resolve(FontKind::Mono, clean_char(c));
        let cw = adv as f32 * size / 1000.0;
        if w + cw > width && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            w = 0.0;
        }
        cur.push(c);
        w += cw;
    }
    out.push(cur);
    out
}

/// Type size of a heat map's row and column labels.
const HEATMAP_LABEL_SIZE: f32 = 7.5;

/// What `heatmap_geometry` computes once for both measuring and drawing.
struct HeatmapGeometry {
    ncols: usize,
    label_w: f32,
    cell_w: f32,
    col_label_lines: Vec<Vec<LineBox>>,
    max_col_lines: usize,
    height: f32,
}

const NOTE_SIZE: f32 = 8.5;
const NOTE_INDENT: f32 = 14.0;
/// The rule above a page's notes and the space around it.
const NOTE_SEP: f32 = 10.0;

/// The anchor ids of the footnotes referred to anywhere in `blocks`.
fn note_refs_in(blocks: &[Block], out: &mut BTreeSet<String>) {
    let spans = |sp: &[Span], out: &mut BTreeSet<String>| {
        for s in sp {
            if let (true, Some(LinkTarget::Internal(id))) = (s.style.sup, &s.style.link) {
                out.insert(id.clone());
            }
        }
    };
    for b in blocks {
        match b {
            Block::Paragraph(sp) | Block::Heading { spans: sp, .. } => spans(sp, out),
            Block::List { items, .. } => items.iter().for_each(|i| note_refs_in(i, out)),
            Block::Quote(inner) | Block::FootnoteDef { blocks: inner, .. } => {
                note_refs_in(inner, out)
            }
            Block::Table(t) => t
                .head
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| spans(c, out)),
            Block::Code(_) | Block::Rule | Block::Heatmap(_) => {}
        }
    }
}

/// The referenced footnotes of `blocks` as number and one run of text each.
fn collect_notes(
    blocks: &[Block],
    refs: &BTreeSet<String>,
    out: &mut BTreeMap<String, (u32, Vec<Span>)>,
) {
    for b in blocks {
        match b {
            Block::FootnoteDef { number, id, blocks } if refs.contains(id) => {
                let mut spans = Vec::new();
                note_text(blocks, &mut spans);
                out.entry(id.clone()).or_insert((*number, spans));
            }
            Block::List { items, .. } => items.iter().for_each(|i| collect_notes(i, refs, out)),
            Block::Quote(inner) => collect_notes(inner, refs, out),
            _ => {}
        }
    }
}

/// A note's blocks as one run of styled text, blocks on lines of their own.
fn note_text(blocks: &[Block], out: &mut Vec<Span>) {
    let newline = |out: &mut Vec<Span>| {
        if !out.is_empty() {
            out.push(Span::plain("\n"));
        }
    };
    for b in blocks {
        match b {
            Block::Paragraph(sp) | Block::Heading { spans: sp, .. } => {
                newline(out);
                out.extend(sp.iter().cloned());
            }
            Block::List { items, .. } => {
                for item in items {
                    newline(out);
                    out.push(Span::plain("• "));
                    let mut inner = Vec::new();
                    note_text(item, &mut inner);
                    out.extend(inner);
                }
            }
            Block::Quote(inner) | Block::FootnoteDef { blocks: inner, .. } => {
                let mut sub = Vec::new();
                note_text(inner, &mut sub);
                if !sub.is_empty() {
                    newline(out);
                    out.extend(sub);
                }
            }
            Block::Code(text) => {
                for l in text.lines() {
                    newline(out);
                    let mut s = Span::plain(l);
                    s.style.mono = true;
                    out.push(s);
                }
            }
            Block::Table(t) => {
                for row in std::iter::once(&t.head).chain(t.rows.iter()) {
                    newline(out);
                    let cells: Vec<String> =
                        row.iter().map(|c| super::parse::spans_text(c)).collect();
                    out.push(Span::plain(cells.join(" | ")));
                }
            }
            Block::Rule | Block::Heatmap(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::fonts;
    use super::*;

    #[test]
    fn lines_never_exceed_width_and_keep_every_char() {
        let f = fonts().expect("fonts");
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(20)
            + "supercalifragilisticexpialidocious-and-a-very-long-token-without-spaces-0123456789abcdef0123456789";
        let spans = [Span::plain(text.clone())];
        let lines = break_lines(f, &spans, 10.0, 200.0);
        assert!(lines.len() > 5);
        for l in &lines {
            assert!(l.width <= 200.5, "line too wide: {}", l.width);
        }
        let joined: String = lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squash(&joined), squash(&text));
    }

    fn table(cols: usize) -> TableData {
        let cell = |t: String| vec![Span::plain(t)];
        TableData {
            aligns: vec![Align::Left; cols],
            head: (0..cols).map(|c| cell(format!("Head{c}"))).collect(),
            rows: (0..3)
                .map(|r| {
                    (0..cols)
                        .map(|c| cell(format!("value{r}x{c}abc")))
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn wider_tables_get_smaller_type_then_landscape() {
        let f = fonts().expect("fonts");
        let flow = Flow::new(f);
        let w = A4.0 - 2.0 * MARGIN_X;
        let mut saw_smaller_portrait = false;
        let mut saw_landscape = false;
        let mut last_size = 9.0;
        for cols in 1..40 {
            let Some(p) = flow.plan_table(&table(cols), w) else {
                panic!("plan")
            };
            let avail = if p.landscape {
                A4.1 - 2.0 * MARGIN_X
            } else {
                w
            };
            let total: f32 = p.widths.iter().sum();
            assert!(total <= avail + 0.5, "{cols} columns: {total} > {avail}");
            assert!(p.size >= 6.5, "never below the minimum size");
            if p.landscape {
                saw_landscape = true;
            } else {
                assert!(
                    !saw_landscape,
                    "portrait again after landscape at {cols} columns"
                );
                assert!(p.size <= last_size, "size shrinks with more columns");
                last_size = p.size;
                if p.size < 8.5 {
                    saw_smaller_portrait = true;
                }
            }
        }
        assert!(saw_smaller_portrait && saw_landscape);
    }

    #[test]
    fn long_tables_that_wrap_a_lot_go_landscape_short_or_narrow_ones_do_not() {
        let f = fonts().expect("fonts");
        let flow = Flow::new(f);
        let w = A4.0 - 2.0 * MARGIN_X;
        let cell = |t: String| vec![Span::plain(t)];
        // Seven register columns whose values wrap in portrait but not in landscape.
        let register = |rows: usize| TableData {
            aligns: vec![Align::Left; 7],
            head: [
                "Component",
                "Version",
                "Type",
                "Supplier",
                "Licence",
                "Identifier",
                "Items",
            ]
            .iter()
            .map(|h| cell(h.to_string()))
            .collect(),
            rows: (0..rows)
                .map(|r| {
                    vec![
                        cell(format!("component-{r}")),
                        cell("1.2.3".into()),
                        cell("library".into()),
                        cell("The Example Open Source Software Foundation".into()),
                        cell("Apache-2.0 OR MIT".into()),
                        cell(format!(
                            "pkg:npm/%40example/component-{r}@1.2.3?type=module"
                        )),
                        cell("analysis-service".into()),
                    ]
                })
                .collect(),
        };
        let long = flow.plan_table(&register(400), w).expect("plan");
        assert!(long.landscape, "a long register that wraps goes landscape");
        assert!(long.size >= 7.5, "not below 7.5 pt for a register");
        let short = flow.plan_table(&register(5), w).expect("plan");
        assert!(
            !short.landscape,
            "a table shorter than a page stays portrait"
        );
        // Long but narrow: fits portrait on one line per row.
        let narrow = TableData {
            aligns: vec![Align::Left; 3],
            head: vec![cell("A".into()), cell("B".into()), cell("C".into())],
            rows: (0..400)
                .map(|r| {
                    vec![
                        cell(format!("c-{r}")),
                        cell("1.0".into()),
                        cell("MIT".into()),
                    ]
                })
                .collect(),
        };
        assert!(!flow.plan_table(&narrow, w).expect("plan").landscape);
    }

    #[test]
    fn column_widths_fill_the_width_and_respect_minimums() {
        // Short columns keep their natural width; the prose column takes the rest.
        let w = column_widths(
            &[20.0, 30.0, 40.0],
            &[25.0, 35.0, 900.0],
            &[25.0, 35.0, 900.0],
            400.0,
        );
        assert_eq!(w[0], 25.0);
        assert_eq!(w[1], 35.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        // Everything fits: natural widths grow to the full width.
        let w = column_widths(&[10.0, 10.0], &[50.0, 150.0], &[50.0, 150.0], 400.0);
        assert!((w[0] - 100.0).abs() < 0.01 && (w[1] - 300.0).abs() < 0.01);
        // Two prose columns: none below its minimum.
        let w = column_widths(&[80.0, 20.0], &[100.0, 2000.0], &[100.0, 2000.0], 300.0);
        assert!(w[0] >= 80.0 && w[1] >= 20.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
    }

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

    #[test]
    fn headings_are_numbered_once() {
        let mut c = [0u32; 6];
        assert_eq!(heading_number(&mut c, 1, 3, "Device"), "1");
        assert_eq!(heading_number(&mut c, 2, 3, "Purpose"), "1.1");
        assert_eq!(heading_number(&mut c, 3, 3, "Users"), "1.1.1");
        assert_eq!(heading_number(&mut c, 3, 3, "8. EU declaration"), "");
        assert_eq!(heading_number(&mut c, 3, 3, "Next"), "1.1.3");
        assert_eq!(heading_number(&mut c, 4, 3, "Deep"), "");
        assert_eq!(heading_number(&mut c, 1, 3, "2026 plans"), "");
        assert_eq!(heading_number(&mut c, 1, 3, "ISO 14971"), "3");
    }

    #[test]
    fn styled_runs_keep_their_fonts() {
        let f = fonts().expect("fonts");
        let spans = super::super::parse::parse("plain **bold** *it* `code`");
        let Block::Paragraph(sp) = &spans[0] else {
            panic!("paragraph expected")
        };
        let lines = break_lines(f, sp, 10.0, 400.0);
        let kinds: Vec<FontKind> = lines[0].frags.iter().map(|f| f.font).collect();
        assert!(kinds.contains(&FontKind::Bold));
        assert!(kinds.contains(&FontKind::Italic));
        assert!(kinds.contains(&FontKind::Mono));
    }
}
