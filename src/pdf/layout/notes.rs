//! Footnotes at the foot of the page that first refers to them: which notes
//! a line refers to, the room kept for them, carrying those that do not fit
//! to the next page, and drawing them. It does not break lines (see `lines`)
//! nor decide pages for the body (see `blocks`).

use std::collections::{BTreeMap, BTreeSet};

use super::{break_lines, Flow, LineBox, LEADING, MARGIN_BOTTOM, RULE, TEXT};
use crate::pdf::fonts::FontKind;
use crate::pdf::parse::{Block, LinkTarget, Span};

impl Flow<'_> {
    /// Height of a note's text at the foot of the current page.
    fn note_height(&self, id: &str) -> f32 {
        let Some((_, spans)) = self.notes.get(id) else {
            return 0.0;
        };
        let w = self.content_width() - NOTE_INDENT;
        break_lines(self.fonts, spans, NOTE_SIZE, w).len() as f32 * NOTE_SIZE * LEADING + 2.0
    }

    /// The rule and space above a page's notes, when it has none yet.
    fn notes_sep(&self) -> f32 {
        if self.page_notes.is_empty() {
            NOTE_SEP
        } else {
            0.0
        }
    }

    /// The height note `id` adds to this page's foot.
    fn note_cost(&self, id: &str) -> f32 {
        self.note_height(id) + self.notes_sep()
    }

    /// Notes carried from the page before open this page's foot.
    pub(super) fn open_carried_notes(&mut self) {
        for id in std::mem::take(&mut self.notes_carried) {
            let h = self.note_cost(&id);
            self.page_notes.push(id);
            self.notes_h += h;
        }
    }

    /// Referenced notes in `line` not placed yet.
    fn note_refs(&self, line: &LineBox, spans: &[Span]) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for f in &line.frags {
            let Some(s) = spans.get(f.span) else { continue };
            if let (true, Some(LinkTarget::Internal(id))) = (s.style.sup, s.style.link.as_deref()) {
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
    pub(super) fn notes_extra(&self, line: &LineBox, spans: &[Span]) -> f32 {
        let refs = self.note_refs(line, spans);
        if refs.is_empty() {
            return 0.0;
        }
        self.notes_sep() + refs.iter().map(|id| self.note_height(id)).sum::<f32>()
    }

    /// Keeps the foot of this page for the notes `line` refers to, or carries
    /// them to the next page when the line already stands too low.
    pub(super) fn place_notes(&mut self, line: &LineBox, spans: &[Span], line_bottom: f32) {
        for id in self.note_refs(line, spans) {
            self.notes_placed.insert(id.clone());
            let h = self.note_cost(&id);
            if !self.drawing_notes && line_bottom - (MARGIN_BOTTOM + self.notes_h + h) >= -0.01 {
                self.page_notes.push(id);
                self.notes_h += h;
            } else {
                self.notes_carried.push(id);
            }
        }
    }

    /// Draws the current page's notes in the foot kept for them.
    pub(super) fn flush_notes(&mut self) {
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
}
const NOTE_SIZE: f32 = 8.5;
const NOTE_INDENT: f32 = 14.0;
/// The rule above a page's notes and the space around it.
const NOTE_SEP: f32 = 10.0;

/// The anchor ids of the footnotes referred to anywhere in `blocks`.
pub(super) fn note_refs_in(blocks: &[Block], out: &mut BTreeSet<String>) {
    let spans = |sp: &[Span], out: &mut BTreeSet<String>| {
        for s in sp {
            if let (true, Some(LinkTarget::Internal(id))) = (s.style.sup, s.style.link.as_deref()) {
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
            Block::Code(_) | Block::Rule | Block::Heatmap(_) | Block::Anchor(_) => {}
        }
    }
}

/// The referenced footnotes of `blocks` as number and one run of text each.
pub(super) fn collect_notes(
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
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| crate::pdf::parse::spans_text(c))
                        .collect();
                    out.push(Span::plain(cells.join(" | ")));
                }
            }
            Block::Rule | Block::Heatmap(_) | Block::Anchor(_) => {}
        }
    }
}
