//! The table of contents: laid out before the body (its entries numbered by
//! the same rule as the body's headings, down to level 3), then, once the
//! body is laid out, each entry's page number, dot leader and link filled in
//! on the contents pages. It does not lay out the body (see `layout`).

use super::doc::{Item, OutlineItem};
use super::fonts::FontKind;
use super::front::{body_text, front_heading};
use super::layout::{break_lines, heading_number, Flow, GREY, TEXT};
use super::parse::{spans_text, Block, LinkTarget, Span};

/// Headings deeper than this stay out of the contents.
const TOC_DEPTH: u8 = 3;

/// A contents entry waiting for its page number.
pub(super) struct TocSlot {
    id: String,
    page: usize,
    top: f32,
    base: f32,
    text_end: f32,
    x: f32,
    level: u8,
}

/// The headings of `blocks` in document order: level, anchor id, title.
fn collect_headings(blocks: &[Block], out: &mut Vec<(u8, String, Vec<Span>)>) {
    for b in blocks {
        match b {
            Block::Heading { level, spans, id } => out.push((*level, id.clone(), spans.clone())),
            Block::List { items, .. } => {
                for it in items {
                    collect_headings(it, out);
                }
            }
            Block::Quote(inner) => collect_headings(inner, out),
            Block::FootnoteDef { blocks, .. } => collect_headings(blocks, out),
            _ => {}
        }
    }
}

/// Lays out the contents pages for the headings of `blocks`; the page
/// numbers wait in the slots returned for `fill`.
pub(super) fn contents(
    flow: &mut Flow,
    blocks: &[Block],
    outline: &mut Vec<OutlineItem>,
) -> Vec<TocSlot> {
    let fonts = flow.fonts;
    let mut heads = Vec::new();
    collect_headings(blocks, &mut heads);
    flow.new_page(false, true);
    front_heading(flow, "Contents", "contents", outline);
    let mut slots: Vec<TocSlot> = Vec::new();
    let mut counters = [0u32; 6];
    let num_w = fonts.width(FontKind::Regular, 10.0, "Page 0000");
    for (level, id, spans) in &heads {
        let lvl = (*level).clamp(1, 6) as usize;
        let number = heading_number(&mut counters, *level, flow.number_depth, &spans_text(spans));
        if *level > TOC_DEPTH {
            continue;
        }
        let bold = *level == 1;
        let size = if bold { 10.5 } else { 10.0 };
        let indent = (lvl as f32 - 1.0) * 16.0;
        let numcol = [22.0, 32.0, 40.0][lvl.min(3) - 1];
        let x0 = flow.left() + indent;
        let title_x = x0 + numcol;
        let right = flow.left() + flow.content_width();
        let title_w = right - num_w - title_x;
        let mut tspans: Vec<Span> = spans.clone();
        for s in tspans.iter_mut() {
            s.style.bold = bold;
            s.style.link = None;
            s.style.sup = false;
        }
        let lines = break_lines(fonts, &tspans, size, title_w);
        let lead = size * 1.4;
        if bold {
            flow.gap(5.0);
        }
        flow.ensure(lead * lines.len() as f32);
        let top = flow.y;
        let page = flow.page_index();
        let font = if bold {
            FontKind::Bold
        } else {
            FontKind::Regular
        };
        flow.text(x0, top - size * 1.05, font, size, TEXT, &number);
        let mut base = top;
        let mut end = title_x;
        for l in &lines {
            base = flow.y - size * 1.05;
            flow.draw_line(l, &tspans, title_x, size, lead, TEXT);
            end = title_x + l.width;
        }
        slots.push(TocSlot {
            id: id.clone(),
            page,
            top,
            base,
            text_end: end,
            x: x0,
            level: *level,
        });
    }
    if slots.is_empty() {
        body_text(flow, "This document has no sections.");
    }
    slots
}

/// Fills in the contents' page numbers, dot leaders and links from where
/// the body's anchors came to stand.
pub(super) fn fill(flow: &mut Flow, slots: &[TocSlot]) {
    let fonts = flow.fonts;
    let right = flow.left() + flow.content_width();
    for s in slots {
        let Some(&(hp, _)) = flow.anchors.get(&s.id) else {
            continue;
        };
        let size = if s.level == 1 { 10.5 } else { 10.0 };
        let font = if s.level == 1 {
            FontKind::Bold
        } else {
            FontKind::Regular
        };
        let num = (hp + 1).to_string();
        let nw = fonts.width(font, size, &num);
        let dot_w = fonts.width(FontKind::Regular, size, ". ");
        let start = s.text_end + 6.0;
        let stop = right - nw - 6.0;
        let mut items = Vec::new();
        if stop > start + dot_w {
            let n = ((stop - start) / dot_w).floor() as usize;
            items.push(Item::Text {
                x: stop - n as f32 * dot_w,
                y: s.base,
                font: FontKind::Regular,
                size,
                color: GREY,
                text: ". ".repeat(n).into(),
                actual: None,
            });
        }
        items.push(Item::Text {
            x: right - nw,
            y: s.base,
            font,
            size,
            color: TEXT,
            text: num.into(),
            actual: None,
        });
        items.push(Item::Link {
            x: s.x,
            y: s.base - 3.0,
            w: right - s.x,
            h: s.top - s.base + 3.0,
            target: LinkTarget::Internal(s.id.clone()),
        });
        if let Some(page) = flow.pages.get_mut(s.page) {
            page.items.extend(items);
        }
    }
}
