//! Page layout as a reviewer reads it (issue 15, point 5 of the review):
//! no landscape page for a short table, no heading or list marker left at
//! a page foot, exponents raised, heat-map zones lettered, each AI table
//! once, no heading repeating its parent, the cover's document-control
//! facts, and no near-empty page inside a chapter. Read back with lopdf,
//! pdftotext, or the laid-out `Document` itself.

use techfile::pdf::doc::Item;
use techfile::pdf::{layout, render_with_front, FrontMatter, PdfOptions};

use crate::pdf_text::{example_pdf, pages_text};

fn front() -> FrontMatter {
    FrontMatter {
        document_id: "TF-LAYOUT-001".into(),
        title: "Layout test".into(),
        version: "1.0".into(),
        date: "2026-03-15".into(),
        ..FrontMatter::default()
    }
}

/// Width and height of each page's MediaBox.
fn media_boxes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads it");
    let num = |o: &lopdf::Object| {
        o.as_float()
            .or_else(|_| o.as_i64().map(|i| i as f32))
            .unwrap_or(0.0)
    };
    doc.get_pages()
        .values()
        .map(|pid| {
            let mb = doc
                .get_dictionary(*pid)
                .expect("page")
                .get(b"MediaBox")
                .and_then(|m| m.as_array())
                .expect("MediaBox");
            (num(&mb[2]), num(&mb[3]))
        })
        .collect()
}

#[test]
fn a_short_wide_table_gets_no_landscape_page() {
    // Six columns of words too long for a portrait column at any size.
    let word = |c: usize| format!("Pseudonymisedrecordingsfromhospitalnumber{c}");
    let mut md = String::from("# Data\n\nThe datasets used.\n\n## Datasets\n\n|");
    for c in 0..6 {
        md.push_str(&format!(" Heading{c} |"));
    }
    md.push_str("\n|");
    for _ in 0..6 {
        md.push_str("---|");
    }
    md.push_str("\n|");
    for c in 0..6 {
        md.push_str(&format!(" {} |", word(c)));
    }
    md.push_str("\n\nAfter the table.\n");
    let pdf = render_with_front(&front(), &md).expect("render");
    for (i, (w, h)) in media_boxes(&pdf).iter().enumerate() {
        assert!(w < h, "page {} is landscape ({w} x {h})", i + 1);
    }
    // Every cell is still there (cut between characters, not dropped).
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all: String = pages.concat().split_whitespace().collect();
    for c in 0..6 {
        assert!(all.contains(&word(c)), "cell {c} complete");
    }
}

/// Markdown whose headings and list items fall at every height of a page:
/// sections of varied length, each with a sub-heading and a list.
fn page_break_markdown() -> String {
    let mut md = String::from("# Chapter\n\n");
    for k in 0..80 {
        let words = 4 + (k * 37) % 61;
        md.push_str(&format!("## Section {k}\n\n"));
        if k % 3 == 0 {
            md.push_str(&format!("### Part {k}\n\n"));
        }
        md.push_str(&"lorem ipsum dolor ".repeat(words));
        md.push_str("\n\n");
        for i in 0..(k % 4) {
            let n = 2 + (k + i) % 9;
            md.push_str(&format!("- item {i} {}\n", "sit amet ".repeat(n * 4)));
        }
        md.push('\n');
    }
    md
}

#[test]
fn no_heading_or_list_marker_is_left_at_a_page_foot() {
    let doc = layout(&front(), &page_break_markdown(), &PdfOptions::default()).expect("layout");
    let body = |page: usize| -> Vec<(f32, f32, &str)> {
        doc.pages[page]
            .items
            .iter()
            .filter_map(|i| match i {
                // Between footer (y 34) and header.
                Item::Text { x, y, text, .. }
                    if *y > 50.0 && *y < doc.pages[page].height - 60.0 =>
                {
                    Some((*x, *y, &**text))
                }
                _ => None,
            })
            .collect()
    };
    let mut checked = 0;
    for h in doc
        .outline
        .iter()
        .filter(|h| h.title.contains("Section") || h.title.contains("Part"))
    {
        // Baselines on the heading's page below the heading's own line.
        let mut below: Vec<f32> = body(h.page)
            .iter()
            .map(|t| t.1)
            .filter(|y| *y < h.y - 20.0)
            .collect();
        below.sort_by(f32::total_cmp);
        below.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        assert!(
            below.len() >= 2,
            "heading {:?} on page {} has {} lines under it",
            h.title,
            h.page + 1,
            below.len()
        );
        checked += 1;
    }
    assert!(checked >= 100, "{checked} headings checked");
    let mut markers = 0;
    for p in 0..doc.pages.len() {
        let texts = body(p);
        for m in texts.iter().filter(|t| t.2 == "•") {
            markers += 1;
            assert!(
                texts
                    .iter()
                    .any(|t| (t.1 - m.1).abs() < 0.5 && t.0 > m.0 && t.2.starts_with("item")),
                "a list marker on page {} without its item's first line",
                p + 1
            );
        }
    }
    assert!(markers >= 100, "{markers} markers checked");
}

#[test]
fn exponents_are_raised_and_still_read_as_text() {
    let md =
        "# Risk\n\nLess than once in a million uses (< 10^-6), or 10^{-3}, and m^{2} in prose.\n";
    let doc = layout(&front(), md, &PdfOptions::default()).expect("layout");
    let texts: Vec<(f32, f32, &str)> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text { y, size, text, .. } => Some((*y, *size, &**text)),
            _ => None,
        })
        .collect();
    let base = texts
        .iter()
        .find(|t| t.2.ends_with("(< 10"))
        .expect("the base as its own run");
    for exp in ["-6", "-3", "2"] {
        let e = texts.iter().find(|t| t.2 == exp).expect(exp);
        assert!(e.0 > base.0 + 2.0, "{exp} raised");
        assert!(e.1 < base.1, "{exp} smaller");
    }
    let pdf = render_with_front(&front(), md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.concat();
    // Extracted in superscripts, so that it cannot read as "10 - 6".
    for read in ["10⁻⁶", "10⁻³", "m²"] {
        assert!(all.contains(read), "{read} in {all}");
    }
    assert!(!all.contains("10-6"), "{all}");
    assert!(!all.contains('^'), "no caret left: {all}");
}

/// The outline's titles with their depth, in order.
fn outline(pdf: &[u8]) -> Vec<(usize, String)> {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf");
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut cur = first;
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).expect("outline item");
            let title = d
                .get(b"Title")
                .ok()
                .and_then(|t| t.as_str().ok())
                .map(|b| {
                    let u: Vec<u16> = b[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&u)
                })
                .unwrap_or_default();
            out.push((depth, title));
            let child = d.get(b"First").and_then(|o| o.as_reference()).ok();
            walk(doc, child, depth + 1, out);
            cur = d.get(b"Next").and_then(|o| o.as_reference()).ok();
        }
    }
    let root = doc
        .catalog()
        .expect("catalog")
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .expect("outline");
    let first = doc
        .get_dictionary(root)
        .expect("outlines")
        .get(b"First")
        .and_then(|o| o.as_reference())
        .ok();
    let mut items = Vec::new();
    walk(&doc, first, 1, &mut items);
    items
}

#[test]
fn the_example_has_each_table_once_no_repeated_heading_and_a_full_cover() {
    let (tf, md, pdf) = example_pdf();
    // No outline entry repeats its parent's title (numbers aside).
    let items = outline(&pdf);
    let title = |t: &str| {
        let t = t.trim();
        match t.split_once(' ') {
            Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                rest.to_lowercase()
            }
            _ => t.to_lowercase(),
        }
    };
    let mut parents: Vec<String> = Vec::new();
    for (depth, t) in &items {
        parents.truncate(depth - 1);
        if let Some(parent) = parents.last() {
            assert_ne!(parent, &title(t), "{t:?} repeats its parent");
        }
        parents.push(title(t));
    }
    assert!(items.len() > 40, "{} outline entries", items.len());

    let Some(pages) = pages_text(&pdf, true) else {
        return;
    };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // The performance table: once in the Markdown, and in the PDF on one run
    // of consecutive pages (its header repeats only where it continues).
    let head = "| Metric | Class | Subgroup | Dataset | Value | CI |";
    assert_eq!(md.matches(head).count(), 1, "performance table once");
    let on: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.lines()
                .any(|l| squash(l).starts_with("Metric Class Subgroup Dataset Value CI"))
        })
        .map(|(i, _)| i)
        .collect();
    assert!(!on.is_empty(), "performance table in the PDF");
    assert!(
        on.windows(2).all(|w| w[1] == w[0] + 1),
        "one performance table, pages {on:?}"
    );
    // The heat map's legend explains the zone letters.
    let all = squash(&pages.concat());
    assert!(all.contains("I investigate further (ALARP)"), "legend");

    // The cover: status, confidentiality, notified body, software version.
    let cover = squash(&pages[0]);
    for want in [
        tf.document.status.as_str(),
        tf.document.confidentiality.as_str(),
        tf.device.notified_body.as_str(),
        tf.device.notified_body_name.as_str(),
        tf.device.version.as_str(),
    ] {
        assert!(!want.is_empty(), "the example fills it");
        assert!(
            cover.contains(&squash(want)),
            "cover lacks {want:?}: {cover}"
        );
    }
}

/// A page whose text fills less than 40 % of its type area is left
/// only where a chapter ends: the next page opens a chapter (a level-1
/// heading of the outline), or it is the last page. The last page of a
/// long landscape table was the case (its rows are now spread evenly).
#[test]
fn the_example_has_no_near_empty_page_inside_a_chapter() {
    let (_, _, doc) = crate::pdf_text::example_layout();
    // The type area lies between the running header (above 68 pt from the
    // top) and the footer (below 62 pt from the bottom).
    let fill: Vec<f32> = doc
        .pages
        .iter()
        .map(|p| {
            let (top, bottom) = (p.height - 68.0, 62.0);
            let ys: Vec<f32> = p
                .items
                .iter()
                .filter_map(|it| match it {
                    Item::Text { y, text, .. } if !text.trim().is_empty() => Some(*y),
                    _ => None,
                })
                .filter(|y| *y < top && *y > bottom)
                .collect();
            let low = ys.iter().copied().fold(top, f32::min);
            (top - low) / (top - bottom)
        })
        .collect();
    let chapter_starts: std::collections::BTreeSet<usize> = doc
        .outline
        .iter()
        .filter(|o| o.level == 1)
        .map(|o| o.page)
        .collect();
    let mut near_empty = Vec::new();
    for (i, f) in fill.iter().enumerate().skip(1) {
        let last = i + 1 == fill.len();
        if *f < 0.4 && !last && !chapter_starts.contains(&(i + 1)) {
            near_empty.push((i + 1, (f * 100.0).round()));
        }
    }
    assert!(
        near_empty.is_empty(),
        "near-empty pages inside a chapter (page number, % of the type area filled): {near_empty:?}"
    );
}
