//! A chapter's Markdown as `export` renders it: the input is the body of one
//! chapter of a small project, followed by a sentinel chapter; the project is
//! rendered to Markdown (`render::markdown`, through `{{md}}`/embed_markdown)
//! and laid out as PDF (`pdf::layout`). Besides "no panic", issue 16.1's
//! promise must hold for any body: the chapter stays inside its chapter (the
//! headings before and after it, in the Markdown and in the PDF outline, are
//! those of the project with an empty body), no raw HTML survives, and the
//! sentinel's footnote keeps its own definition.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Tag, TagEnd};
use techfile::model::{Chapter, TechFile};
use techfile::pdf::{FrontMatter, PdfOptions};
use techfile::render::{self, RenderOptions};

const TITLE: &str = "Fuzzed chapter";

fn project(body: &str) -> TechFile {
    let mut tf = TechFile::empty();
    tf.chapters = vec![
        Chapter {
            id: "fuzzed".into(),
            title: TITLE.into(),
            clauses: vec!["MDR-II-1.1".into()],
            body: body.into(),
        },
        Chapter {
            id: "sentinel".into(),
            title: "Sentinel chapter".into(),
            clauses: vec!["MDR-II-1.1".into()],
            body: "Sentinel text.[^1]\n\n# Sentinel heading\n\n[^1]: Sentinel note.\n".into(),
        },
    ];
    tf
}

/// What the property compares of one rendering.
#[derive(Debug, PartialEq)]
struct Shape {
    headings: Vec<String>,
    html: Vec<String>,
    /// (label, text) of each footnote definition.
    notes: Vec<(String, String)>,
    outline: Vec<String>,
}

fn shape(tf: &TechFile) -> Shape {
    let ro = RenderOptions {
        front_matter: false,
        ..RenderOptions::default()
    };
    let md = render::markdown(tf, &ro).expect("a project with any chapter body renders");
    let mut headings = Vec::new();
    let mut html = Vec::new();
    let mut notes = Vec::new();
    let mut heading: Option<String> = None;
    let mut note: Option<(String, String)> = None;
    for ev in techfile::markdown::parser(&md) {
        match ev {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Start(Tag::FootnoteDefinition(l)) => note = Some((l.to_string(), String::new())),
            Event::End(TagEnd::FootnoteDefinition) => notes.extend(note.take()),
            Event::Text(t) | Event::Code(t) => {
                for s in [heading.as_mut(), note.as_mut().map(|n| &mut n.1)]
                    .into_iter()
                    .flatten()
                {
                    s.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    let doc = techfile::pdf::layout(&FrontMatter::from_model(tf), &md, &PdfOptions::default())
        .expect("the rendered Markdown lays out");
    let outline = doc.outline.iter().map(|o| o.title.clone()).collect();
    Shape {
        headings,
        html,
        notes,
        outline,
    }
}

/// `got` has `base`'s items up to and including the one equal to `TITLE`
/// (or ending with it, for numbered outline entries), then anything, then
/// `base`'s items after it.
fn keeps_around(base: &[String], got: &[String]) -> bool {
    let Some(p) = base.iter().position(|h| h.ends_with(TITLE)) else {
        return false;
    };
    got.len() >= base.len() && got[..=p] == base[..=p] && got.ends_with(&base[p + 1..])
}

fn sentinel_notes(notes: &[(String, String)]) -> Vec<&(String, String)> {
    notes
        .iter()
        .filter(|(_, text)| text.contains("Sentinel note."))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    static BASE: OnceLock<Shape> = OnceLock::new();
    let base = BASE.get_or_init(|| shape(&project("")));
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let tf = project(body);
    let _ = techfile::check::check(&tf);
    let got = shape(&tf);
    assert!(
        keeps_around(&base.headings, &got.headings),
        "the chapter changed the headings around it:\n{:#?}\nvs\n{:#?}",
        got.headings,
        base.headings
    );
    assert!(
        keeps_around(&base.outline, &got.outline),
        "the chapter changed the PDF outline around it:\n{:#?}\nvs\n{:#?}",
        got.outline,
        base.outline
    );
    assert_eq!(got.html, base.html, "raw HTML from the chapter survived");
    let base_note = sentinel_notes(&base.notes);
    assert_eq!(base_note.len(), 1, "{:?}", base.notes);
    let label = &base_note[0].0;
    let same_label: Vec<_> = got.notes.iter().filter(|(l, _)| l == label).collect();
    assert_eq!(
        same_label,
        base_note,
        "the sentinel chapter's footnote lost its definition"
    );
});
