//! The block flow: the body's blocks in order (headings with their numbers
//! and keep-with-next, paragraphs, lists, quotes, code, rules, footnote
//! definitions), and when a table or heat map after a heading takes the
//! heading with it. It does not plan or draw tables (see `table_plan`,
//! `table`), heat maps (see `heatmap`) or page-foot notes (see `notes`).

use std::collections::BTreeSet;

use super::lines::chunk_chars;
use super::notes::{collect_notes, note_refs_in};
use super::{
    break_lines, Ctx, Flow, HeadingRef, Item, A4, BODY_SIZE, CODE_BG, HEADING, LEADING,
    MARGIN_BOTTOM, MARGIN_TOP, RULE, TEXT,
};
use crate::pdf::fonts::FontKind;
use crate::pdf::parse::{Block, Span, TableData};

impl Flow<'_> {
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
            // Anchors are invisible: what follows a heading is the next shown block.
            let shown = |b: &&Block| !matches!(b, Block::Anchor(_));
            // A heading keeps the start of what follows on its page (two
            // lines of a paragraph, a list item's first lines, the next
            // heading with its own start) ...
            if let Block::Heading { .. } = b {
                self.keep_next = self.start_height(&blocks[i + 1..], w, ctx.size, 0);
            }
            // ... a heading right before a landscape table, or before a short
            // introduction to one (up to three paragraphs), goes on the
            // landscape page with it.
            let table_after = blocks[i + 1..]
                .iter()
                .filter(shown)
                .take(4)
                .find(|b| !matches!(b, Block::Paragraph(_)));
            if let (Block::Heading { .. }, Some(Block::Table(t))) = (b, table_after) {
                if let Some(p) = self.plan_table(t, w) {
                    // Keep the heading with the introduction, the header row
                    // and the first row (rows are kept whole).
                    let intro: f32 = blocks[i + 1..]
                        .iter()
                        .filter(shown)
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
            let next = blocks[i + 1..].iter().find(shown);
            if let (Block::Heading { .. }, Some(Block::Heatmap(h))) = (b, next) {
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
            Block::Heading { level, spans, id } => {
                self.elem_begin(super::tags::heading_role(*level), None);
                self.heading(*level, spans, id);
                self.elem_leave();
            }
            Block::Paragraph(spans) => {
                self.elem_begin("P", None);
                self.paragraph(spans, x, w, ctx.size, TEXT);
                self.elem_leave();
                self.gap(para_gap);
            }
            Block::List { start, items } => {
                self.elem_begin("L", None);
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
                    // The marker never stands at a page foot without the
                    // item's first lines.
                    let start = self.start_height(item, w - indent, ctx.size, 0);
                    self.ensure(start.max(ctx.size * LEADING));
                    self.elem_begin("LI", None);
                    self.elem_begin("Lbl", None);
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
                    self.elem_leave();
                    self.elem_begin("LBody", None);
                    self.blocks(item, x + indent, w - indent, ctx);
                    self.elem_leave();
                    self.elem_leave();
                }
                self.elem_leave();
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
                self.elem_begin("BlockQuote", None);
                self.blocks(inner, x + 14.0, w - 14.0, ctx);
                self.elem_leave();
                ctx.size = size;
                let end = (self.page_index(), self.y + 4.0);
                self.vertical_bar(start, end, x + 3.0);
                self.gap(4.0);
            }
            Block::Code(text) => {
                self.elem_begin("P", None);
                self.code(text, x, w);
                self.elem_leave();
            }
            Block::Anchor(id) => self.anchor(id),
            Block::Rule => {
                self.ensure(12.0);
                self.gap(4.0);
                let y = self.y;
                self.hline(x, x + w, y, 0.8, RULE);
                self.y -= 8.0;
            }
            Block::Table(t) => {
                self.elem_begin("Table", None);
                self.table(t, x, w);
                self.elem_leave();
                self.gap(8.0);
            }
            Block::Heatmap(h) => {
                self.elem_begin("Figure", Some(super::heatmap::alt_text(h)));
                self.heatmap(h, x, w);
                self.elem_leave();
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
                self.elem_begin("Note", None);
                let label = format!("{}", number);
                let base = self.y - fsize * 1.02;
                self.text(x, base, FontKind::Regular, fsize, TEXT, &label);
                ctx.size = fsize;
                self.blocks(blocks, x + 14.0, w - 14.0, ctx);
                self.elem_leave();
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
            &crate::pdf::parse::spans_text(spans),
        );
        let size = HEADING_SIZE[lvl - 1];
        let before = HEADING_BEFORE[lvl - 1];
        let after = HEADING_AFTER[lvl - 1];
        self.gap(before);
        let all = heading_spans(&number, spans);
        // Keep the heading, all its lines, with the start of what follows.
        let keep = std::mem::take(&mut self.keep_next).max(2.0 * BODY_SIZE * LEADING);
        let capacity = self.top() - MARGIN_BOTTOM;
        let own = self.heading_height(level, &all);
        self.ensure((own + keep).min(capacity * 0.8));
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
            title: crate::pdf::parse::spans_text(spans),
            id: id.to_string(),
            page,
            y,
        });
    }

    /// Height of a heading (its spans with the number) and the space after it.
    fn heading_height(&self, level: u8, all: &[Span]) -> f32 {
        let lvl = level.clamp(1, 6) as usize;
        let size = HEADING_SIZE[lvl - 1];
        let lines = break_lines(self.fonts, all, size, self.content_width()).len();
        let rule = if lvl == 1 { 6.0 } else { 0.0 };
        lines as f32 * size * LEADING + rule + HEADING_AFTER[lvl - 1]
    }

    /// The height the start of `blocks` needs on a page, `w` wide: what a
    /// heading before it or a list marker must not be parted from. Two
    /// lines of a paragraph (all of one of three lines or fewer, which
    /// orphan and widow control would not split), a heading with its own
    /// start, a list's first item's start; tables and heat maps are kept
    /// by their own rules (`blocks`).
    fn start_height(&self, blocks: &[Block], w: f32, size: f32, depth: usize) -> f32 {
        let lead = size * LEADING;
        let rest = |i: usize| blocks.get(i..).unwrap_or(&[]);
        match blocks.first() {
            None => 0.0,
            Some(Block::Anchor(_)) if depth < 8 => self.start_height(rest(1), w, size, depth + 1),
            Some(Block::Paragraph(sp)) => {
                let n = break_lines(self.fonts, sp, size, w).len();
                (if n <= 3 { n } else { 2 }) as f32 * lead
            }
            Some(Block::Heading { level, spans, .. }) if depth < 8 => {
                let lvl = (*level).clamp(1, 6) as usize;
                let all = heading_spans("9.9.9", spans);
                HEADING_BEFORE[lvl - 1]
                    + self.heading_height(*level, &all)
                    + self.start_height(rest(1), w, size, depth + 1)
            }
            Some(Block::List { items, .. }) if depth < 8 => items.first().map_or(lead, |item| {
                self.start_height(item, w - 16.0, size, depth + 1).max(lead)
            }),
            Some(Block::Quote(inner)) if depth < 8 => {
                2.0 + self.start_height(inner, w - 14.0, size * 0.95, depth + 1)
            }
            Some(Block::Code(_)) => 2.0 * 10.4 + 8.0,
            _ => 2.0 * lead,
        }
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
                style: crate::pdf::parse::Style {
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
}
/// Type size of a heading by level, the space before and after it.
const HEADING_SIZE: [f32; 6] = [18.0, 14.0, 12.0, 11.0, 10.0, 10.0];
const HEADING_BEFORE: [f32; 6] = [0.0, 12.0, 9.0, 7.0, 6.0, 6.0];
const HEADING_AFTER: [f32; 6] = [10.0, 5.0, 4.0, 3.0, 2.0, 2.0];

/// A heading's spans as drawn: bold, after its number.
fn heading_spans(number: &str, spans: &[Span]) -> Vec<Span> {
    let mut all: Vec<Span> = Vec::with_capacity(spans.len() + 1);
    if !number.is_empty() {
        all.push(Span::bold(format!("{}  ", number)));
    }
    for s in spans {
        let mut s = s.clone();
        s.style.bold = true;
        all.push(s);
    }
    all
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
