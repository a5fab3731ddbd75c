//! Rendering: no user value can break the document's structure; templates
//! are strict and overridable file by file; output is deterministic.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use techfile::model::{Chapter, TechFile};
use techfile::render::{self, RenderOptions};

fn headings(md: &str) -> Vec<(HeadingLevel, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(HeadingLevel, String)> = None;
    for ev in techfile::markdown::parser(md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => cur = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = cur.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(cur.take()),
            _ => {}
        }
    }
    out
}

fn html_events(md: &str) -> usize {
    techfile::markdown::parser(md)
        .filter(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
        .count()
}

const HOSTILE: &[&str] = &[
    "# Injected heading",
    "a | b | c",
    "<script>alert(1)</script>",
    "<!-- comment -->",
    "*bold* _it_ `code` [link](http://x) ![img](y)",
    "line one\nline two\n\n# heading after blank",
    "1. ordered",
    "- bullet",
    "> quote",
    "```\nfence",
    "===",
    "\\",
    "&amp; &lt;",
];

#[test]
fn hostile_plain_values_do_not_change_structure() {
    let base = TechFile::empty();
    let base_md = render::markdown(&base, &RenderOptions::markdown()).expect("render");
    let base_h = headings(&base_md);
    for &v in HOSTILE {
        let mut tf = TechFile::empty();
        tf.document.title = v.into();
        tf.device.trade_name = v.into();
        tf.device.manufacturer.name = v.into();
        tf.device.manufacturer.address = v.into();
        tf.device.indications = vec![v.into()];
        tf.device.udi_dis = vec![v.into(), v.into()];
        tf.document.revisions = vec![techfile::model::Revision {
            version: v.into(),
            date: v.into(),
            author: v.into(),
            description: v.into(),
        }];
        let md = render::markdown(&tf, &RenderOptions::markdown()).expect("render");
        let h = headings(&md);
        assert_eq!(
            h.len(),
            base_h.len(),
            "value {v:?} changed the headings:\n{md}"
        );
        // The title heading carries the value as text, the rest are unchanged.
        assert_eq!(&h[1..], &base_h[1..], "value {v:?}");
        assert_eq!(html_events(&md), 0, "value {v:?} produced raw HTML:\n{md}");
        // Table rows keep their column count.
        for line in md.lines().filter(|l| l.starts_with("| Trade name")) {
            let cells = line.replace("\\|", "").matches('|').count();
            assert_eq!(cells, 3, "value {v:?} broke the table row: {line}");
        }
    }
}

#[test]
fn chapter_bodies_nest_under_their_chapter_and_carry_no_html() {
    let mut tf = TechFile::empty();
    tf.chapters.push(Chapter {
        id: "c1".into(),
        title: "Design".into(),
        clauses: vec!["MDR-II-3".into()],
        body: "# Stage one\ntext <iframe src=x>\n\nStage two\n===\n\n```\n<kept>\n".into(),
    });
    let md = render::markdown(&tf, &RenderOptions::markdown()).expect("render");
    let h = headings(&md);
    let i = h
        .iter()
        .position(|(_, t)| t == "Design")
        .expect("chapter heading");
    assert_eq!(h[i].0, HeadingLevel::H2);
    assert_eq!(h[i + 1], (HeadingLevel::H3, "Stage one".into()));
    assert!(
        !h.iter().any(|(_, t)| t.contains("Stage two")),
        "setext heading escaped: {h:?}"
    );
    assert_eq!(html_events(&md), 0, "{md}");
    assert!(md.contains("<kept>"), "code stays as written");
    // The unclosed fence is closed before the next section starts.
    assert!(h.iter().any(|(_, t)| t == "Document register"), "{h:?}");
}

#[test]
fn rendering_is_deterministic() {
    let tf = techfile::example::example().expect("example");
    let a = render::markdown(&tf, &RenderOptions::markdown()).expect("a");
    let b = render::markdown(&tf, &RenderOptions::markdown()).expect("b");
    assert_eq!(a, b);
}

#[test]
fn templates_override_file_by_file() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("documents.md.hbs"),
        "CUSTOM EVIDENCE {{len tf.documents}}\n",
    )
    .expect("write");
    let tf = techfile::example::example().expect("example");
    let opts = RenderOptions {
        templates_dir: Some(dir.path().to_path_buf()),
        ..RenderOptions::markdown()
    };
    let md = render::markdown(&tf, &opts).expect("render");
    assert!(
        md.contains(&format!("CUSTOM EVIDENCE {}", tf.documents.len())),
        "{md}"
    );
    // The other templates are still the embedded ones.
    assert!(md.contains("## Identification"));
}

#[test]
fn template_errors_name_the_file_and_strict_mode_catches_typos() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("software.md.hbs"),
        "{{tf.device.trade_nmae}}\n",
    )
    .expect("write");
    let opts = RenderOptions {
        templates_dir: Some(dir.path().to_path_buf()),
        ..RenderOptions::markdown()
    };
    let err = render::markdown(&TechFile::empty(), &opts).expect_err("strict mode");
    let msg = err.to_string();
    assert!(
        msg.contains("software.md.hbs") && msg.contains("trade_nmae"),
        "{msg}"
    );

    std::fs::write(dir.path().join("software.md.hbs"), "{{#if}}\n").expect("write");
    let err = render::markdown(&TechFile::empty(), &opts).expect_err("syntax");
    assert!(err.to_string().contains("software.md.hbs"), "{err}");

    let dir2 = tempfile::tempdir().expect("dir");
    std::fs::write(dir2.path().join("devise.md.hbs"), "x").expect("write");
    let opts = RenderOptions {
        templates_dir: Some(dir2.path().to_path_buf()),
        ..RenderOptions::markdown()
    };
    let err = render::markdown(&TechFile::empty(), &opts).expect_err("unknown template");
    assert!(
        err.to_string().contains("devise.md.hbs") && err.to_string().contains("device.md.hbs"),
        "{err}"
    );
}

#[test]
fn sections_follow_the_annex_order_and_chapters_land_in_their_section() {
    let tf = techfile::example::example().expect("example");
    let md = render::markdown(&tf, &RenderOptions::markdown()).expect("render");
    let h1: Vec<String> = headings(&md)
        .into_iter()
        .filter(|(l, _)| *l == HeadingLevel::H1)
        .map(|(_, t)| t)
        .collect();
    let expected = [
        "Applicable legislation",
        "Device description and specification",
        "Information supplied by the manufacturer",
        "Design and manufacturing information",
        "General safety and performance requirements",
        "Benefit-risk analysis and risk management",
        "Product verification and validation",
        "Artificial intelligence (AI Act Annex IV)",
        "Cybersecurity and software bill of materials",
        "Post-market surveillance",
        "Document register",
        "Clause index",
    ];
    let pos: Vec<usize> = expected
        .iter()
        .map(|e| {
            h1.iter()
                .position(|h| h == e)
                .unwrap_or_else(|| panic!("missing section {e}: {h1:?}"))
        })
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "order {h1:?}");
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("# Post-market surveillance") < at("## Post-market surveillance\n"));
    assert!(
        at("# Information supplied by the manufacturer")
            < at("## Labelling and instructions for use")
    );
}
