//! The PDF export: our own engine, from pulldown-cmark events through layout
//! (pages, lines, tables) to printpdf's low-level ops. This module owns the
//! pipeline and its public entry points: `layout` (Markdown and front matter
//! -> a laid-out `Document`), `emit` (document -> bytes and warnings, pure)
//! and the `render_*` wrappers that do both; the options they take and the
//! error they give. It does not render the Markdown (see `render`) and reads
//! no clock and no environment: the same input gives the same bytes, and
//! stage timings go to the observer the caller passes.
//!
//! Modules: `parse` (Markdown -> blocks), `fonts` (shipped DejaVu faces,
//! measuring, fallback, subsetting), `front` (front matter: cover, document
//! control, footer, metadata), `toc` (contents), `tidy` (exponents,
//! repeated headings: blocks -> blocks), `layout` (blocks ->
//! pages), `doc` (the laid-out document), `emit` (document -> bytes).

pub mod doc;
pub mod emit;
pub mod fonts;
mod front;
pub mod layout;
pub mod parse;
pub mod stress;
pub mod tidy;
mod toc;
mod xref;

use crate::util::{NoObserver, Observer};
use doc::OutlineItem;
use layout::Flow;

pub use doc::Document;
pub use emit::{emit, Emitted};
pub use front::FrontMatter;

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the shipped fonts could not be read")]
    FontsUnavailable,
    #[error("font subsetting failed: {0}")]
    Font(String),
    #[error("writing the PDF failed: {0}")]
    Write(String),
    #[error("the PDF export was cancelled")]
    Cancelled,
}

impl PdfError {
    /// A stable dotted code for the IPC and the CLI's JSON errors.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::FontsUnavailable => "pdf.fonts",
            PdfError::Font(_) => "pdf.font_subset",
            PdfError::Write(_) => "pdf.write",
            PdfError::Cancelled => "pdf.cancelled",
        }
    }
}

/// Tells the observer that stage `name` ended, then stops with
/// `PdfError::Cancelled` if it asks to.
pub(crate) fn checkpoint(opts: &PdfOptions, name: &str) -> Result<(), PdfError> {
    opts.observer.stage(name);
    if opts.observer.cancelled() {
        return Err(PdfError::Cancelled);
    }
    Ok(())
}

/// What `layout` and `emit` take besides the document.
#[derive(Clone, Copy)]
pub struct PdfOptions<'a> {
    /// Told as each stage ends (`pdf.parse`, `pdf.layout`, ... `pdf.id+save`).
    pub observer: &'a dyn Observer,
    /// PDF/A-2b (ISO 19005-2, level B): XMP metadata and the sRGB output
    /// intent. On by default; off gives the plain PDF 1.7 file.
    pub pdfa: bool,
}

impl Default for PdfOptions<'_> {
    fn default() -> Self {
        PdfOptions {
            observer: &NoObserver,
            pdfa: true,
        }
    }
}

impl std::fmt::Debug for PdfOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfOptions")
            .field("pdfa", &self.pdfa)
            .finish_non_exhaustive()
    }
}

/// The PDF of a technical file: front matter from `tf`, body from `body_markdown`
/// (the rendered Markdown without its document-control front matter).
pub fn render_pdf(tf: &crate::model::TechFile, body_markdown: &str) -> Result<Vec<u8>, PdfError> {
    render_with_front(&FrontMatter::from_model(tf), body_markdown)
}

/// Render with explicit front matter (the model-free entry point; tests use it).
pub fn render_with_front(front: &FrontMatter, body_markdown: &str) -> Result<Vec<u8>, PdfError> {
    Ok(render(front, body_markdown, &PdfOptions::default())?.bytes)
}

/// `layout` then `emit`: the bytes and printpdf's warnings.
pub fn render(
    front: &FrontMatter,
    body_markdown: &str,
    opts: &PdfOptions,
) -> Result<Emitted, PdfError> {
    emit::emit_owned(layout(front, body_markdown, opts)?, opts)
}

/// Lays out the whole document: cover, document control, contents, the body
/// parsed from `body_markdown`, then the contents' page numbers, the outline,
/// header and footer, and the metadata.
pub fn layout(
    front: &FrontMatter,
    body_markdown: &str,
    opts: &PdfOptions,
) -> Result<Document<'static>, PdfError> {
    let fonts = fonts::fonts().ok_or(PdfError::FontsUnavailable)?;
    let blocks = tidy::tidy(parse::parse(body_markdown));
    checkpoint(opts, "pdf.parse")?;
    let mut flow = Flow::new(fonts);
    let mut outline: Vec<OutlineItem> = Vec::new();

    let slots = if front.compact {
        Vec::new()
    } else {
        flow.elem_begin("Sect", None);
        front::cover(&mut flow, front);
        front::document_control(&mut flow, front, &mut outline);
        flow.elem_leave();
        // Contents: laid out before the body, page numbers filled in afterwards.
        flow.elem_begin("TOC", None);
        let slots = toc::contents(&mut flow, &blocks, &mut outline);
        flow.elem_leave();
        flow.new_page(false, true);
        slots
    };
    flow.body(&blocks);
    checkpoint(opts, "pdf.layout")?;

    toc::fill(&mut flow, &slots);
    flow.fill_page_refs();
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
    flow.decorate(&front.document_id, &front.title, &front.footer());
    let mut pages = std::mem::take(&mut flow.pages);
    // Each page's items grew by doubling: a third of their memory was
    // spare capacity, held to the end of emit.
    for p in &mut pages {
        p.items.shrink_to_fit();
    }
    let doc = Document {
        fonts,
        pages,
        anchors: std::mem::take(&mut flow.anchors),
        structure: std::mem::take(&mut flow.structure),
        outline,
        meta: front.meta(),
    };
    // The block tree (large for registers) is freed here, before emit runs.
    drop(flow);
    drop(blocks);
    checkpoint(opts, "pdf.toc+decorate")?;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::doc::Item;
    use crate::pdf::fonts::FontKind;

    fn front() -> FrontMatter {
        FrontMatter {
            document_id: "TF-001".into(),
            title: "Technical file".into(),
            version: "1.0".into(),
            date: "2026-01-15".into(),
            device: "Device".into(),
            manufacturer: "Maker".into(),
            risk_class: "IIa".into(),
            acts: vec!["MDR Annex II".into()],
            compact: false,
            status: String::new(),
            confidentiality: String::new(),
            software_version: String::new(),
            notified_body: String::new(),
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

    /// Records the stages it is told of.
    #[derive(Default)]
    struct Record(std::sync::Mutex<Vec<String>>);

    impl Observer for Record {
        fn stage(&self, name: &str) {
            self.0.lock().expect("lock").push(name.to_string());
        }
    }

    #[test]
    fn layout_and_emit_tell_the_observer_each_stage_and_give_no_warnings() {
        let record = Record::default();
        let opts = PdfOptions {
            observer: &record,
            ..PdfOptions::default()
        };
        let md = "# One\n\nText.[^a]\n\n[^a]: A note.\n";
        let doc = layout(&front(), md, &opts).expect("layout");
        assert!(doc.pages.len() >= 4, "cover, control, contents, body");
        assert!(doc.anchors.contains_key("contents"));
        let out = emit(&doc, &opts).expect("pdf");
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(out.bytes, render_with_front(&front(), md).expect("pdf"));
        let stages = record.0.lock().expect("lock").clone();
        assert_eq!(
            stages,
            [
                "pdf.parse",
                "pdf.layout",
                "pdf.toc+decorate",
                "pdf.fonts",
                "pdf.content",
                "pdf.links",
                "pdf.tags",
                "pdf.outline",
                "pdf.compress",
                "pdf.id+save"
            ]
        );
    }

    #[test]
    fn a_page_number_shorter_than_its_placeholder_leaves_no_gap() {
        let md = "# One {#one}\n\nSee [One](#one \"page\"), then [One](#one \"page\") and more.\n";
        let doc = layout(&front(), md, &PdfOptions::default()).expect("layout");
        let fonts = doc.fonts;
        let page = doc
            .pages
            .iter()
            .find(|p| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Item::Text { text, .. } if text.contains("(p.")))
            })
            .expect("the page with the references");
        let texts: Vec<(f32, f32, &str, FontKind, f32)> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text {
                    x,
                    y,
                    text,
                    font,
                    size,
                    ..
                } => Some((*x, *y, &**text, *font, *size)),
                _ => None,
            })
            .collect();
        let refs: Vec<usize> = (0..texts.len())
            .filter(|i| texts[*i].2.contains("(p."))
            .collect();
        assert_eq!(refs.len(), 2, "{texts:?}");
        for r in refs {
            let (x, y, text, font, size) = texts[r];
            assert!(!text.contains(parse::PAGE_PLACEHOLDER), "{text}");
            let next = texts[r + 1];
            assert!((next.1 - y).abs() < 0.01, "the same line: {texts:?}");
            // What follows starts where the filled-in reference ends (the
            // comma), or one space after it ("and").
            let end = x + fonts.width(font, size, text);
            let gap = next.0 - end;
            let space = fonts.width(font, size, " ");
            assert!(
                gap.abs() < 0.05 || (gap - space).abs() < 0.05,
                "{text:?} ends at {end}, {:?} starts at {}",
                next.2,
                next.0
            );
        }
        // Each reference's link covers its text, no more.
        for it in &page.items {
            if let Item::Link { x, w, .. } = it {
                let t = texts
                    .iter()
                    .find(|t| (t.0 - x).abs() < 0.01)
                    .expect("a link's text");
                assert!((fonts.width(t.3, t.4, t.2) - w).abs() < 0.05, "{t:?}: {w}");
            }
        }
    }

    #[test]
    fn error_codes_are_stable_and_dotted() {
        assert_eq!(PdfError::FontsUnavailable.code(), "pdf.fonts");
        assert_eq!(PdfError::Font("x".into()).code(), "pdf.font_subset");
        assert_eq!(PdfError::Write("x".into()).code(), "pdf.write");
    }
}
