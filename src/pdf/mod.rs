//! The PDF export: our own engine, from pulldown-cmark events through layout
//! (pages, lines, tables) to printpdf's low-level ops. Owns the PDF's front
//! matter (cover, document control, contents), the outline and metadata; it
//! does not render the Markdown (see `render`) and reads no clock: the same
//! input gives the same bytes.
//!
//! Modules: `parse` (Markdown -> blocks), `fonts` (shipped DejaVu faces,
//! measuring, fallback, subsetting), `layout` (blocks -> pages), `emit`
//! (pages -> bytes).

pub mod emit;
pub mod fonts;
pub mod layout;
pub mod parse;
pub mod stress;

use std::collections::BTreeMap;

use emit::{Meta, OutlineItem};
use fonts::FontKind;
use layout::{break_lines, Flow, Item, Rgb, GREY, HEADING, TEXT};
use parse::{Block, LinkTarget, Span, TableData};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the shipped fonts could not be read")]
    FontsUnavailable,
    #[error("font subsetting failed: {0}")]
    Font(String),
    #[error("writing the PDF failed: {0}")]
    Write(String),
}

/// The document-control front matter the PDF shows, independent of the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub document_id: String,
    pub title: String,
    pub version: String,
    /// ISO 8601 `YYYY-MM-DD`.
    pub date: String,
    pub device: String,
    pub manufacturer: String,
    pub risk_class: String,
    /// version, date, author, description
    pub revisions: Vec<[String; 4]>,
    /// name, role, date, meaning
    pub approvals: Vec<[String; 4]>,
}

impl FrontMatter {
    pub fn from_model(tf: &crate::model::TechFile) -> FrontMatter {
        let d = &tf.document;
        FrontMatter {
            document_id: d.document_id.clone(),
            title: d.title.clone(),
            version: d.version.clone(),
            date: d.date.clone(),
            device: tf.device.trade_name.clone(),
            manufacturer: tf.device.manufacturer.name.clone(),
            risk_class: tf
                .device
                .risk_class
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            revisions: d
                .revisions
                .iter()
                .map(|r| {
                    [
                        r.version.clone(),
                        r.date.clone(),
                        r.author.clone(),
                        r.description.clone(),
                    ]
                })
                .collect(),
            approvals: d
                .approvals
                .iter()
                .map(|a| {
                    [
                        a.name.clone(),
                        a.role.clone(),
                        a.date.clone(),
                        a.meaning.clone(),
                    ]
                })
                .collect(),
        }
    }
}

/// The PDF of a technical file: front matter from `tf`, body from `body_markdown`
/// (the rendered Markdown without its document-control front matter).
pub fn render_pdf(tf: &crate::model::TechFile, body_markdown: &str) -> Result<Vec<u8>, PdfError> {
    render_with_front(&FrontMatter::from_model(tf), body_markdown)
}

/// `YYYY-MM-DD` -> PDF date, or `None` when the text is not such a date.
fn pdf_date(date: &str) -> Option<String> {
    let d = crate::date::parse(date.trim())?;
    Some(format!("D:{:04}{:02}{:02}000000Z", d.year, d.month, d.day))
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s
    }
}

/// A TOC entry waiting for its page number.
struct TocSlot {
    id: String,
    page: usize,
    top: f32,
    base: f32,
    text_end: f32,
    x: f32,
    level: u8,
}

/// The number a heading gets (same rule as `Flow::heading`).
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

const TOC_DEPTH: u8 = 3;

/// Render with explicit front matter (the model-free entry point; tests use it).
pub fn render_with_front(front: &FrontMatter, body_markdown: &str) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::fonts().ok_or(PdfError::FontsUnavailable)?;
    let mut t = std::time::Instant::now();
    let blocks = parse::parse(body_markdown);
    crate::util::stage("pdf.parse", &mut t);
    let mut flow = Flow::new(fonts);
    let mut outline: Vec<OutlineItem> = Vec::new();

    cover(&mut flow, front);

    // Document control.
    flow.new_page(false, true);
    front_heading(
        &mut flow,
        "Document control",
        "document-control",
        &mut outline,
    );
    sub_heading(&mut flow, "Revision history");
    let revisions = TableData {
        aligns: vec![parse::Align::Left; 4],
        head: ["Version", "Date", "Author", "Description"]
            .iter()
            .map(|h| vec![Span::plain(*h)])
            .collect(),
        rows: front
            .revisions
            .iter()
            .map(|r| r.iter().map(|c| vec![Span::plain(c.clone())]).collect())
            .collect(),
    };
    if revisions.rows.is_empty() {
        body_text(&mut flow, "No revisions recorded.");
    } else {
        let (x, w) = (flow.left(), flow.content_width());
        flow.table(&revisions, x, w);
    }
    flow.gap(14.0);
    sub_heading(&mut flow, "Approvals");
    let approvals = TableData {
        aligns: vec![parse::Align::Left; 4],
        head: ["Name", "Role", "Date", "Meaning of signature"]
            .iter()
            .map(|h| vec![Span::plain(*h)])
            .collect(),
        rows: front
            .approvals
            .iter()
            .map(|r| r.iter().map(|c| vec![Span::plain(c.clone())]).collect())
            .collect(),
    };
    if approvals.rows.is_empty() {
        body_text(&mut flow, "No approvals recorded.");
    } else {
        let (x, w) = (flow.left(), flow.content_width());
        flow.table(&approvals, x, w);
    }

    // Contents: laid out before the body, page numbers filled in afterwards.
    let mut heads = Vec::new();
    collect_headings(&blocks, &mut heads);
    flow.new_page(false, true);
    front_heading(&mut flow, "Contents", "contents", &mut outline);
    let mut slots: Vec<TocSlot> = Vec::new();
    let mut counters = [0u32; 6];
    let num_w = fonts.width(FontKind::Regular, 10.0, "Page 0000");
    for (level, id, spans) in &heads {
        let lvl = (*level).clamp(1, 6) as usize;
        let number = layout::heading_number(
            &mut counters,
            *level,
            flow.number_depth,
            &parse::spans_text(spans),
        );
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
        body_text(&mut flow, "This document has no sections.");
    }

    // Body.
    flow.new_page(false, true);
    flow.body(&blocks);
    crate::util::stage("pdf.layout", &mut t);

    // Fill in the contents' page numbers, leaders and links.
    let right = flow.left() + flow.content_width();
    for s in &slots {
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
                text: ". ".repeat(n),
            });
        }
        items.push(Item::Text {
            x: right - nw,
            y: s.base,
            font,
            size,
            color: TEXT,
            text: num,
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

    for h in &flow.headings {
        let title = if h.number.is_empty() {
            h.title.clone()
        } else {
            format!("{} {}", h.number, h.title)
        };
        outline.push(OutlineItem {
            level: h.level,
            title,
            page: h.page,
            y: h.y,
        });
    }

    let foot = match (front.version.trim(), front.date.trim()) {
        ("", "") => String::new(),
        (v, "") => format!("Version {v}"),
        ("", d) => d.to_string(),
        (v, d) => format!("Version {v} · {d}"),
    };
    flow.decorate(&front.document_id, &front.title, &foot);
    crate::util::stage("pdf.toc+decorate", &mut t);

    let meta = Meta {
        title: front.title.clone(),
        author: front.manufacturer.clone(),
        subject: if front.device.is_empty() {
            "Technical documentation".to_string()
        } else {
            format!("Technical documentation of {}", front.device)
        },
        keywords: [
            front.document_id.as_str(),
            "MDR Annex II",
            "AI Act Annex IV",
            "CRA Annex VII",
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", "),
        date: pdf_date(&front.date),
    };
    let anchors: BTreeMap<String, (usize, f32)> = std::mem::take(&mut flow.anchors);
    emit::emit(
        fonts,
        std::mem::take(&mut flow.pages),
        &anchors,
        &outline,
        &meta,
    )
}

fn front_heading(flow: &mut Flow, title: &str, id: &str, outline: &mut Vec<OutlineItem>) {
    let page = flow.page_index();
    let y = flow.y;
    flow.anchor(id);
    let (x, w) = (flow.left(), flow.content_width());
    flow.paragraph(&[Span::bold(title)], x, w, 18.0, HEADING);
    let y2 = flow.y - 2.0;
    flow.hline(x, x + w, y2, 0.8, HEADING);
    flow.y -= 14.0;
    outline.push(OutlineItem {
        level: 1,
        title: title.to_string(),
        page,
        y,
    });
}

fn sub_heading(flow: &mut Flow, title: &str) {
    let (x, w) = (flow.left(), flow.content_width());
    flow.ensure(60.0);
    flow.paragraph(&[Span::bold(title)], x, w, 12.0, HEADING);
    flow.y -= 4.0;
}

fn body_text(flow: &mut Flow, text: &str) {
    let (x, w) = (flow.left(), flow.content_width());
    flow.paragraph(&[Span::plain(text)], x, w, 10.0, GREY);
}

fn cover(flow: &mut Flow, f: &FrontMatter) {
    flow.new_page(false, false);
    let (pw, ph) = flow.page_size();
    let x = flow.left();
    let w = flow.content_width();
    flow.rect(0.0, ph - 14.0, pw, 14.0, HEADING);
    flow.y = ph - 200.0;
    let kind = "TECHNICAL DOCUMENTATION";
    flow.text(x, flow.y, FontKind::Bold, 10.0, GREY, kind);
    flow.y -= 18.0;
    let title = if f.title.trim().is_empty() {
        "Technical file"
    } else {
        f.title.as_str()
    };
    flow.paragraph(&[Span::bold(title)], x, w, 26.0, HEADING);
    flow.y -= 8.0;
    if !f.device.trim().is_empty() {
        flow.paragraph(&[Span::plain(f.device.clone())], x, w, 16.0, TEXT);
    }
    if !f.manufacturer.trim().is_empty() {
        flow.paragraph(&[Span::plain(f.manufacturer.clone())], x, w, 12.0, GREY);
    }
    flow.y = ph - 470.0;
    let y = flow.y + 8.0;
    flow.hline(x, x + w, y, 0.8, HEADING);
    let rows = [
        ("Document ID", f.document_id.as_str()),
        ("Version", f.version.as_str()),
        ("Date", f.date.as_str()),
        ("Device", f.device.as_str()),
        ("Manufacturer", f.manufacturer.as_str()),
        ("Risk class", f.risk_class.as_str()),
    ];
    for (k, v) in rows {
        let top = flow.y;
        flow.text(x, top - 12.0, FontKind::Bold, 10.0, GREY, k);
        let spans = [Span::plain(or_dash(v).to_string())];
        flow.paragraph(&spans, x + 120.0, w - 120.0, 11.0, TEXT);
        flow.y -= 4.0;
    }
    let y = flow.y;
    flow.hline(x, x + w, y, 0.8, HEADING);
    let note = "EU MDR Annex II/III · AI Act Annex IV · Cyber Resilience Act Annex VII";
    flow.text(x, 60.0, FontKind::Regular, 8.5, GREY, note);
    flow.rect(0.0, 0.0, pw, 6.0, Rgb(0.06, 0.20, 0.40));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front() -> FrontMatter {
        FrontMatter {
            document_id: "TF-001".into(),
            title: "Technical file".into(),
            version: "1.0".into(),
            date: "2026-01-15".into(),
            device: "Device".into(),
            manufacturer: "Maker".into(),
            risk_class: "IIa".into(),
            revisions: vec![[
                "1.0".into(),
                "2026-01-15".into(),
                "A".into(),
                "First".into(),
            ]],
            approvals: vec![],
        }
    }

    #[test]
    fn pdf_dates_come_only_from_valid_iso_dates() {
        assert_eq!(pdf_date("2026-01-15").as_deref(), Some("D:20260115000000Z"));
        assert_eq!(pdf_date("15.01.2026"), None);
        assert_eq!(pdf_date(""), None);
    }

    #[test]
    fn renders_deterministically_in_one_process() {
        let md = "# One\n\nText with **bold**.\n\n## Sub\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let a = render_with_front(&front(), md).expect("pdf");
        let b = render_with_front(&front(), md).expect("pdf");
        assert!(a.starts_with(b"%PDF-1.7"));
        assert_eq!(a, b);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let md = "# \u{0}\u{7}漢字 🙂\n\n| a |\n|---|\n| x\u{200b}y |\n\n<script>alert(1)</script>\n\n[^1]\n\n[x](#nowhere)\n";
        let out = render_with_front(&FrontMatter::default(), md).expect("pdf");
        assert!(out.len() > 1000);
    }
}
