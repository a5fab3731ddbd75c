//! The PDF of the bundled example, made through the real path (model ->
//! Markdown without front matter -> PDF): front matter from the model, every
//! chapter of the Markdown in the PDF in order, TOC numbers equal to the
//! heading pages, valid structure. Pages of this file were also looked at.

use crate::pdf_text;
use pdf_text::{assert_qpdf_clean, example_pdf, pages_text, toc_entries, TocEntry};

#[test]
fn example_pdf_has_model_front_matter_and_all_chapters_in_order() {
    let (tf, md, pdf) = example_pdf();
    let Some(pages) = pages_text(&pdf, true) else {
        return;
    };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let cover = squash(&pages[0]);
    assert!(cover.contains(&squash(&tf.document.document_id)));
    assert!(cover.contains(&squash(&tf.device.trade_name)));
    assert!(cover.contains(&squash(&tf.device.manufacturer.name)));
    let control = squash(&pages[1]);
    for r in &tf.document.revisions {
        assert!(
            control.contains(&squash(&r.version)),
            "revision {}",
            r.version
        );
    }
    for a in &tf.document.approvals {
        assert!(control.contains(&squash(&a.name)), "approval {}", a.name);
    }
    // Every chapter (H1) of the Markdown, in order, each at the top of a page.
    let chapters: Vec<String> = md
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .collect();
    assert!(chapters.len() >= 5, "{chapters:?}");
    let mut last_page = 2;
    for (i, ch) in chapters.iter().enumerate() {
        let want = format!("{} {}", i + 1, squash(ch));
        let page = pages
            .iter()
            .enumerate()
            .skip(2)
            .filter(|(_, p)| !p.contains(". . . . ."))
            .find(|(_, p)| squash(p).contains(&want))
            .map(|(n, _)| n)
            .unwrap_or_else(|| panic!("chapter {want:?} not found"));
        assert!(
            page > last_page,
            "{want} comes after the previous chapter's page"
        );
        last_page = page;
    }
}

#[test]
fn example_toc_points_to_the_real_heading_pages() {
    let (_, _, pdf) = example_pdf();
    let Some(pages) = pages_text(&pdf, true) else {
        return;
    };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut checked = 0;
    for toc in pages
        .iter()
        .skip(2)
        .take_while(|p| !p.contains("Page 5 of") || p.contains("Contents"))
    {
        for TocEntry {
            number,
            title,
            page: num,
        } in toc_entries([toc])
        {
            // Long titles wrap in the TOC; compare their first words.
            let head: String = title
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let page = squash(&pages[num - 1]);
            assert!(
                page.contains(&format!("{number} {head}")),
                "TOC: '{number} {title}' on page {num}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "checked {checked} TOC entries");
}

#[test]
fn example_pdf_is_valid_and_deterministic() {
    let (_, _, a) = example_pdf();
    let (_, _, b) = example_pdf();
    assert!(a == b, "two exports differ");
    assert_qpdf_clean(&a);
}

/// The clause index gives, for each answer, the page where its heading
/// stands: every "Label (p. N)" of the index names a page whose text holds
/// the heading the Markdown links it to.
#[test]
fn clause_index_answers_give_the_page_of_their_heading() {
    let (_, md, pdf) = example_pdf();
    let Some(pages) = pages_text(&pdf, true) else {
        return;
    };
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // The Markdown's page links: label -> anchor, and anchor -> heading.
    let index = &md[md.find("# Clause index").expect("index")..];
    let link = regex::Regex::new(r#"\[([^\]]+)\]\(#([a-z0-9_-]+) "page"\)"#).expect("re");
    let mut headings = std::collections::HashMap::new();
    for l in md.lines() {
        if let Some(t) = l
            .trim_start_matches('#')
            .strip_prefix(' ')
            .filter(|_| l.starts_with('#'))
        {
            headings
                .entry(techfile::pdf::parse::slug(t.trim()))
                .or_insert_with(|| t.trim().to_string());
        }
    }
    let links: Vec<(String, String)> = link
        .captures_iter(index)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();
    assert!(links.len() >= 100, "{} page links", links.len());
    // The PDF's index pages: "Label (p. N)" with N a number, never a dash.
    let first = pages
        .iter()
        .rposition(|p| p.contains("Clause index"))
        .expect("index page");
    let text = squash(&pages[first..].join(" "));
    let refs = regex::Regex::new(r"\(p\. ([0-9]+)\)").expect("re");
    let numbers: Vec<usize> = refs
        .captures_iter(&text)
        .map(|c| c[1].parse().expect("number"))
        .collect();
    assert!(!text.contains("(p. –)"), "an anchor the PDF lacks");
    assert_eq!(numbers.len(), links.len(), "one page per link");
    for ((label, anchor), n) in links.iter().zip(&numbers) {
        let heading = headings
            .get(anchor)
            .unwrap_or_else(|| panic!("{anchor} is no heading"));
        let page = squash(&pages[n - 1]);
        let head: String = heading
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            page.contains(&head),
            "{label} -> {heading}: not on page {n}"
        );
    }
}
