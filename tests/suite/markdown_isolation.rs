//! Regression tests of issue 16, point 1 ("user Markdown stays inside its
//! chapter"): each hostile chapter body here changed the structure of the
//! rest of the technical file (or let raw HTML through) before its fix.

use pulldown_cmark::{Event, Tag, TagEnd};
use techfile::model::{Chapter, TechFile};
use techfile::pdf::parse::{parse, Block};
use techfile::pdf::{FrontMatter, PdfOptions};
use techfile::render::{self, RenderOptions};

#[allow(dead_code)] // only `pages_text` is used here
use crate::pdf_text;

fn example() -> TechFile {
    techfile::example::example().expect("example parses")
}

/// The Markdown the PDF is made of (no document-control front matter), as
/// `export` makes it.
fn body_md(tf: &TechFile) -> String {
    let ro = RenderOptions {
        front_matter: false,
        ..RenderOptions::default()
    };
    render::markdown(tf, &ro).expect("renders")
}

fn markdown(tf: &TechFile) -> String {
    render::markdown(tf, &RenderOptions::markdown()).expect("renders")
}

/// The index of the chapter rendered first, so that every other chapter
/// comes after it.
fn first_chapter(tf: &TechFile) -> usize {
    let md = markdown(tf);
    (0..tf.chapters.len())
        .min_by_key(|&i| {
            md.find(&format!("## {}\n", tf.chapters[i].title))
                .unwrap_or(usize::MAX)
        })
        .expect("the example has chapters")
}

/// The text of every heading the Markdown parses into.
fn headings(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for ev in techfile::markdown::parser(md) {
        match ev {
            Event::Start(Tag::Heading { .. }) => cur = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.extend(cur.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

fn outline(tf: &TechFile) -> Vec<String> {
    let md = body_md(tf);
    let doc = techfile::pdf::layout(&FrontMatter::from_model(tf), &md, &PdfOptions::default())
        .expect("lays out");
    doc.outline.iter().map(|o| o.title.clone()).collect()
}

fn with_first_chapter_ending(suffix: &str) -> TechFile {
    let mut tf = example();
    let i = first_chapter(&tf);
    tf.chapters[i].body.push_str(suffix);
    tf
}

const ODD_FENCES: &[&str] = &[
    "\n```\nunclosed code\n",
    "\n```rust\nunclosed code",
    "\n~~~\nunclosed tilde fence\n",
    "\n````\nfour backticks, closed by three?\n```\n",
    "\n\t```\ntab-indented fence\n",
    "\n```a`b\nbacktick in the info string\n",
    "\n   ~~~~~ text\nindented tilde fence\n~~~\n",
];

#[test]
fn an_odd_code_fence_does_not_swallow_the_later_chapters_in_markdown() {
    let clean = headings(&markdown(&example()));
    for suffix in ODD_FENCES {
        let got = headings(&markdown(&with_first_chapter_ending(suffix)));
        assert_eq!(got, clean, "fence {suffix:?} changed the headings");
    }
}

#[test]
fn an_odd_code_fence_does_not_swallow_the_later_chapters_in_the_pdf() {
    let clean = outline(&example());
    for suffix in [ODD_FENCES[0], ODD_FENCES[2], ODD_FENCES[3], ODD_FENCES[4]] {
        let got = outline(&with_first_chapter_ending(suffix));
        assert_eq!(got, clean, "fence {suffix:?} changed the PDF outline");
    }
}

#[test]
fn a_heading_in_a_quote_or_list_item_is_not_a_document_heading() {
    let clean = outline(&example());
    let tf = with_first_chapter_ending(
        "\n\n> # Quoted heading\n> quoted text\n\n- # Listed heading\n- item\n",
    );
    let got = outline(&tf);
    assert_eq!(got, clean, "a nested heading changed the PDF outline");
    // The text stays, bold, inside its quote / list.
    let blocks = parse(&body_md(&tf));
    let all = format!("{blocks:?}");
    assert!(all.contains("Quoted heading"), "quote text lost");
    assert!(all.contains("Listed heading"), "list text lost");
    fn nested_heading(blocks: &[Block], nested: bool) -> bool {
        blocks.iter().any(|b| match b {
            Block::Heading { .. } => nested,
            Block::Quote(inner) => nested_heading(inner, true),
            Block::List { items, .. } => items.iter().any(|i| nested_heading(i, true)),
            Block::FootnoteDef { blocks, .. } => nested_heading(blocks, true),
            _ => false,
        })
    }
    assert!(!nested_heading(&blocks, false), "{all}");
}

fn two_chapters_with_footnote_1() -> TechFile {
    let mut tf = example();
    for (id, who) in [("notes-a", "Alpha"), ("notes-b", "Beta")] {
        tf.chapters.push(Chapter {
            id: id.into(),
            title: format!("{who} notes"),
            clauses: vec!["MDR-II-3".into()],
            body: format!(
                "{who} says so.[^1] Code `[^1]` stays.\n\n```\n[^1]: in code\n```\n\n[^1]: Note of chapter {who}.\n"
            ),
        });
    }
    tf
}

#[test]
fn footnote_labels_are_scoped_per_chapter_in_markdown() {
    let md = markdown(&two_chapters_with_footnote_1());
    let mut defs = Vec::new();
    let mut refs = Vec::new();
    for ev in techfile::markdown::parser(&md) {
        match ev {
            Event::Start(Tag::FootnoteDefinition(l)) => defs.push(l.to_string()),
            Event::FootnoteReference(l) => refs.push(l.to_string()),
            _ => {}
        }
    }
    assert_eq!(defs.len(), 2, "{defs:?}");
    assert_ne!(defs[0], defs[1], "the two chapters' notes collide");
    assert_eq!(
        refs, defs,
        "each reference points at its own chapter's note"
    );
    // Code is kept as written.
    assert_eq!(md.matches("`[^1]`").count(), 2, "{md}");
    assert_eq!(md.matches("\n[^1]: in code\n").count(), 2, "{md}");
}

#[test]
fn footnote_labels_are_scoped_per_chapter_in_the_pdf() {
    let tf = two_chapters_with_footnote_1();
    let md = body_md(&tf);
    let blocks = parse(&md);
    let notes: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::FootnoteDef { id, blocks, .. } => Some(format!("{id} {blocks:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("Note of chapter Alpha")));
    assert!(notes.iter().any(|n| n.contains("Note of chapter Beta")));
    let pdf = techfile::pdf::render_pdf(&tf, &md).expect("pdf");
    if let Some(pages) = pdf_text::pages_text(&pdf, false) {
        let all = pages.join("\n");
        assert!(all.contains("Note of chapter Alpha"), "first note lost");
        assert!(all.contains("Note of chapter Beta"), "second note lost");
    }
}

const HTML_IN_CODE_SPANS: &[&str] = &[
    "`` `<script>alert(1)</script>` ``",
    "```<iframe src=x>``",
    "`a``<script>`",
    "``<script>alert(1)</script>```",
    "x ``<iframe src=x>``` y `<script>`` z",
    "`<script>` and ``<iframe src=x>`",
    "- item\n\n    <script>alert(1)</script>\n",
    "```\ncode\n```\n<script>alert(1)</script>\n",
];

fn raw_html(md: &str) -> Vec<String> {
    techfile::markdown::parser(md)
        .filter_map(|ev| match ev {
            Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
            _ => None,
        })
        .filter(|h| {
            let l = h.to_ascii_lowercase();
            l.contains("script") || l.contains("iframe")
        })
        .collect()
}

#[test]
fn no_backtick_count_lets_raw_html_through() {
    for body in HTML_IN_CODE_SPANS {
        let mut tf = example();
        tf.chapters.push(Chapter {
            id: "hostile".into(),
            title: "Hostile".into(),
            clauses: vec!["MDR-II-3".into()],
            body: body.to_string(),
        });
        let md = markdown(&tf);
        assert_eq!(raw_html(&md), Vec::<String>::new(), "{body:?} in Markdown");
        let md = body_md(&tf);
        assert_eq!(raw_html(&md), Vec::<String>::new(), "{body:?} in PDF body");
    }
}

#[test]
fn an_unclosed_fence_is_a_finding_naming_chapter_and_line() {
    let tf = example();
    let clean: Vec<_> = techfile::check::check(&tf)
        .into_iter()
        .filter(|f| f.rule == "core.chapter-markdown")
        .collect();
    assert!(clean.is_empty(), "{clean:?}");

    let mut tf = example();
    tf.chapters[1].body =
        "Intro.\n\n```\ncode\n```\n\nMore.\n\n~~~~ sh\nnever closed\n~~~\n".into();
    let found: Vec<_> = techfile::check::check(&tf)
        .into_iter()
        .filter(|f| f.rule == "core.chapter-markdown")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "chapters[1].body");
    assert_eq!(found[0].severity, techfile::Severity::Warning);
    assert!(found[0].message.contains("line 9"), "{}", found[0].message);
}
