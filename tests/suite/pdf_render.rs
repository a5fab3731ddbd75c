//! PDF engine behaviour, checked from the outside: text extracted with
//! poppler's `pdftotext`, structure read back with lopdf, validity with
//! `qpdf --check`. Tests that need a missing binary say so and pass.

use std::io::Write;
use std::process::Command;

use techfile::pdf::{render_with_front, FrontMatter};

use crate::pdf_text;
use pdf_text::{assert_qpdf_clean, have, pages_text, toc_entries, TocEntry};

fn front() -> FrontMatter {
    FrontMatter {
        document_id: "TF-ECG-001".into(),
        title: "CardioTest technical file".into(),
        version: "2.1".into(),
        date: "2026-03-15".into(),
        device: "CardioTest AI".into(),
        manufacturer: "Heartware GmbH".into(),
        risk_class: "IIa".into(),
        acts: vec!["MDR Annex II".into(), "AI Act Annex IV".into()],
        compact: false,
        status: "Released".into(),
        confidentiality: "Confidential — for the notified body".into(),
        software_version: "3.2.1".into(),
        notified_body: "0123 TÜV SÜD Product Service GmbH".into(),
        revisions: vec![
            [
                "1.0".into(),
                "2025-12-01".into(),
                "J. Doe".into(),
                "First issue".into(),
            ],
            [
                "2.1".into(),
                "2026-03-15".into(),
                "A. Roe".into(),
                "SBOM update".into(),
            ],
        ],
        approvals: vec![[
            "Dr. Q. Approver".into(),
            "PRRC".into(),
            "2026-03-16".into(),
            "Approved for release".into(),
        ]],
    }
}

fn body_md() -> String {
    let mut md = String::new();
    md.push_str("# Device description\n\nThe device analyses ECG recordings. See [risk](#risk-management) and [ISO](https://www.iso.org/).[^a]\n\n");
    md.push_str("## Intended purpose\n\nDetects *atrial fibrillation* with **high** sensitivity and `v2` models.\n\n");
    md.push_str("- first bullet\n- second bullet\n  1. nested one\n  2. nested two\n\n> A quoted requirement.\n\n```\nlet x = 1;\n```\n\n---\n\n");
    md.push_str("### Variants\n\nOne variant only.\n\n");
    md.push_str("# Risk management\n\nRisk text.\n\n## Hazards\n\nHazard text.\n\n");
    md.push_str(
        "# Software bill of materials\n\n| Component | Version | Licence |\n|---|---|---|\n",
    );
    for i in 0..400 {
        md.push_str(&format!("| comp-{i:04} | 1.{i}.0 | MIT |\n"));
    }
    md.push_str("\n[^a]: A footnote text.\n");
    md
}

#[test]
fn pdf_text_has_front_matter_and_sections_in_order() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.join("\n");
    // Cover.
    for s in [
        "CardioTest technical file",
        "CardioTest AI",
        "Heartware GmbH",
        "TF-ECG-001",
        "IIa",
    ] {
        assert!(pages[0].contains(s), "cover lacks {s}");
    }
    assert!(!pages[0].contains("Page 1 of"), "the cover has no footer");
    // Document control page.
    for s in [
        "Document control",
        "Revision history",
        "First issue",
        "SBOM update",
        "Dr. Q. Approver",
        "PRRC",
        "Approved for release",
    ] {
        assert!(pages[1].contains(s), "document control lacks {s}");
    }
    // Order of sections.
    let order = [
        "Contents",
        "1 Device description",
        "1.1 Intended purpose",
        "1.1.1 Variants",
        "2 Risk management",
        "2.1 Hazards",
        "3 Software bill of materials",
        "comp-0000",
        "comp-0399",
    ];
    let body_start = pages[..3].iter().map(|p| p.len() + 1).sum::<usize>();
    let mut pos = 0;
    for s in order {
        let found = if s == "Contents" {
            all.find(s)
        } else {
            all[body_start..].find(s).map(|p| p + body_start)
        };
        let at = found.unwrap_or_else(|| panic!("missing {s}"));
        assert!(at >= pos, "{s} out of order");
        pos = at;
    }
    for s in [
        "atrial fibrillation",
        "first bullet",
        "nested two",
        "A quoted requirement.",
        "let x = 1;",
        "A footnote text.",
    ] {
        assert!(all.contains(s), "missing {s}");
    }
}

#[test]
fn every_page_but_the_cover_has_header_and_footer() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let n = pages.len();
    assert!(n >= 6, "{n} pages");
    for (i, p) in pages.iter().enumerate().skip(1) {
        assert!(
            p.contains("TF-ECG-001"),
            "page {} lacks the document id",
            i + 1
        );
        assert!(
            p.contains("CardioTest technical file"),
            "page {} lacks the title",
            i + 1
        );
        assert!(
            p.contains("Version 2.1"),
            "page {} lacks the version",
            i + 1
        );
        assert!(
            p.contains(&format!("Page {} of {}", i + 1, n)),
            "page {} lacks its number",
            i + 1
        );
    }
}

#[test]
fn toc_page_numbers_are_the_pages_of_the_headings() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let Some(pages) = pages_text(&pdf, true) else {
        return;
    };
    let toc = &pages[2];
    assert!(toc.contains("Contents"));
    let mut checked = 0;
    for TocEntry {
        number,
        title,
        page: num,
    } in toc_entries([toc])
    {
        // "1.1   Intended purpose . . . . 5"
        let page = &pages[num - 1];
        let heading = format!("{number}  {title}");
        let heading1 = format!("{number} {title}");
        assert!(
            page.contains(&heading) || page.contains(&heading1),
            "TOC says '{number} {title}' is on page {num}, page text:\n{page}"
        );
        checked += 1;
    }
    assert_eq!(checked, 6, "TOC entries checked");
}

#[test]
fn chapters_start_on_new_pages() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    for ch in [
        "1 Device description",
        "2 Risk management",
        "3 Software bill of materials",
    ] {
        let p = pages
            .iter()
            .find(|p| p.contains(ch))
            .unwrap_or_else(|| panic!("{ch} missing"));
        // After the running header (id, title), the chapter heading is the first text.
        let first_body = p
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .find(|l| *l != "TF-ECG-001" && *l != "CardioTest technical file")
            .unwrap_or("");
        assert!(
            first_body.starts_with(ch),
            "page of {ch} starts with {first_body:?}"
        );
    }
}

#[test]
fn every_page_of_a_long_table_starts_with_its_header_row() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let Some(pages) = pages_text(&pdf, true) else {
        return;
    };
    let table_pages: Vec<&String> = pages.iter().filter(|p| p.contains("comp-0")).collect();
    assert!(
        table_pages.len() >= 5,
        "the table spans {} pages",
        table_pages.len()
    );
    for p in table_pages {
        let first_row = p
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .find(|l| l.contains("Component") || l.contains("comp-0"))
            .unwrap_or("");
        assert!(
            first_row.contains("Component")
                && first_row.contains("Version")
                && first_row.contains("Licence"),
            "a table page starts with {first_row:?}"
        );
    }
    // No row lost or duplicated.
    let all = pages.join("\n");
    for i in 0..400 {
        let n = all.matches(&format!("comp-{i:04} ")).count();
        assert_eq!(n, 1, "row comp-{i:04} appears {n} times");
    }
}

#[test]
fn outline_is_nested_like_the_headings() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    let cat = doc.catalog().expect("catalog");
    let root = cat
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .expect("outline");
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
    let first = doc
        .get_dictionary(root)
        .expect("outlines")
        .get(b"First")
        .and_then(|o| o.as_reference())
        .ok();
    let mut items = Vec::new();
    walk(&doc, first, 1, &mut items);
    let expected = vec![
        (1, "Document control".to_string()),
        (1, "Contents".to_string()),
        (1, "1 Device description".to_string()),
        (2, "1.1 Intended purpose".to_string()),
        (3, "1.1.1 Variants".to_string()),
        (1, "2 Risk management".to_string()),
        (2, "2.1 Hazards".to_string()),
        (1, "3 Software bill of materials".to_string()),
    ];
    assert_eq!(items, expected);
}

#[test]
fn metadata_comes_from_the_document() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    let info = pdf_text::info(&doc);
    let text = |k: &[u8]| info.get(k).cloned().expect("key present");
    assert_eq!(text(b"Title"), "CardioTest technical file");
    assert_eq!(text(b"Author"), "Heartware GmbH");
    assert!(text(b"Subject").contains("CardioTest AI"));
    assert!(text(b"Producer").contains("Techfile"));
    assert_eq!(text(b"CreationDate"), "D:20260315000000Z");
    assert_eq!(text(b"ModDate"), "D:20260315000000Z");
    assert!(
        !info.contains_key(b"GTS_PDFXVersion".as_slice()),
        "no PDF/X claim"
    );
    let cat = doc.catalog().expect("catalog");
    assert_eq!(
        cat.get(b"Lang").and_then(|o| o.as_str()).expect("Lang"),
        b"en"
    );
    let prefs = cat
        .get(b"ViewerPreferences")
        .and_then(|o| o.as_dict())
        .expect("ViewerPreferences");
    assert!(prefs
        .get(b"DisplayDocTitle")
        .and_then(|o| o.as_bool())
        .expect("DisplayDocTitle"));
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    let mut faces = 0;
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
                let name = d
                    .get(b"FontName")
                    .and_then(|n| n.as_name())
                    .expect("FontName");
                assert_eq!(
                    name.get(6),
                    Some(&b'+'),
                    "subset tag on {}",
                    String::from_utf8_lossy(name)
                );
                let ff = d
                    .get(b"FontFile2")
                    .and_then(|o| o.as_reference())
                    .expect("embedded");
                let s = doc
                    .get_object(ff)
                    .and_then(|o| o.as_stream())
                    .expect("font stream");
                let len = s
                    .decompressed_content()
                    .map(|c| c.len())
                    .unwrap_or(s.content.len());
                assert!(len < 120_000, "a subset, not the whole face ({len} bytes)");
                faces += 1;
            }
        }
    }
    assert!(faces >= 4, "regular, bold, italic, mono embedded: {faces}");
}

#[test]
fn qpdf_check_is_clean() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    assert_qpdf_clean(&pdf);
}

#[test]
fn links_are_annotations_internal_and_external() {
    let pdf = render_with_front(&front(), &body_md()).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    let (mut uri, mut goto) = (0, 0);
    for (_, pid) in doc.get_pages() {
        let page = doc.get_dictionary(pid).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let d = match a {
                lopdf::Object::Dictionary(d) => d,
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).expect("annot"),
                _ => continue,
            };
            let act = d.get(b"A").and_then(|a| a.as_dict()).expect("action");
            match act.get(b"S").and_then(|s| s.as_name()).expect("S") {
                b"URI" => uri += 1,
                b"GoTo" => goto += 1,
                _ => {}
            }
        }
    }
    assert!(uri >= 1, "external link");
    // TOC entries (6) + in-text link to a heading + footnote reference.
    assert!(goto >= 8, "internal links: {goto}");
}

#[test]
fn unicode_never_panics_or_vanishes() {
    let md = "# Ünïcödé\n\nGreek αβγ, Cyrillic жзи, CJK 漢字, emoji 🙂, math ∑∫, combining e\u{301}, NUL \u{0} tab\tend, RTL שלום.\n\n| a | b |\n|---|---|\n| 漢 | 🙂 |\n";
    let pdf = render_with_front(&front(), md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.join("\n");
    // CJK comes from the fallback face (Droid Sans Fallback), in text and tables.
    for s in ["αβγ", "жзи", "∑∫", "end", "CJK 漢字"] {
        assert!(all.contains(s), "{s} kept");
    }
    assert!(all.matches('漢').count() >= 2, "CJK in the table too");
    // Characters no shipped face has (the emoji, NUL) are drawn as the
    // replacement glyph, not dropped.
    let repl = all.matches('\u{FFFD}').count();
    assert!(repl >= 3, "replacement glyphs: {repl}");
    // The fallback face is embedded as a subset like the others.
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf");
    let fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| {
            d.get(b"BaseFont")
                .ok()?
                .as_name()
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned())
        })
        .collect();
    assert!(
        fonts.iter().any(|f| f.ends_with("+DroidSansFallbackFull")),
        "{fonts:?}"
    );
}

#[test]
fn raw_html_is_shown_literally_never_interpreted() {
    let md = "# HTML\n\nBefore <b>bold?</b> after.\n\n<div class=\"x\">block html</div>\n\n<!-- a comment that vanishes -->\n";
    let pdf = render_with_front(&front(), md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.join("\n");
    assert!(all.contains("<b>bold?</b>"));
    assert!(all.contains("<div class=\"x\">block html</div>"));
    assert!(!all.contains("a comment that vanishes"));
}

#[test]
fn heatmap_is_drawn_instead_of_its_table() {
    let md = "# Risk\n\n<!-- techfile:heatmap {\"title\":\"Before control\",\"rows\":[\"Critical\",\"Minor\"],\"cols\":[\"Rare\",\"Frequent\"],\"counts\":[[3,17],[0,5]],\"zones\":[[\"alarp\",\"unacceptable\"],[\"acceptable\",\"alarp\"]]} -->\n| Severity | Rare | Frequent |\n|---|---|---|\n| Critical | 3 TABLEONLY | 17 |\n| Minor | 0 | 5 |\n\nAfter the map.\n";
    let pdf = render_with_front(&front(), md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.join("\n");
    for s in [
        "Before control",
        "Critical",
        "Minor",
        "Rare",
        "Frequent",
        "17",
        "After the map.",
    ] {
        assert!(all.contains(s), "heat map lacks {s}");
    }
    assert!(
        !all.contains("TABLEONLY"),
        "the fallback table is not drawn"
    );
    // Coloured cells: fill colours of the three zones appear in the content.
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf");
    let mut content = Vec::new();
    for (_, pid) in doc.get_pages() {
        content.extend(doc.get_page_content(pid));
    }
    let c = String::from_utf8_lossy(&content);
    assert!(c.contains("0.89 0.33 0.29 rg"), "red cell");
    assert!(c.contains("0.56 0.8 0.47 rg"), "green cell");
    assert!(c.contains("0.99 0.78 0.3 rg"), "amber cell");
}

#[test]
fn wide_tables_go_landscape_and_stay_complete() {
    let cols = 18;
    let mut md = String::from("# Wide\n\n|");
    for c in 0..cols {
        md.push_str(&format!(" Column-header-{c} |"));
    }
    md.push_str("\n|");
    for _ in 0..cols {
        md.push_str("---|");
    }
    md.push('\n');
    for r in 0..30 {
        md.push('|');
        for c in 0..cols {
            md.push_str(&format!(" r{r}c{c}-value |"));
        }
        md.push('\n');
    }
    md.push_str("\nAfter the wide table.\n");
    let pdf = render_with_front(&front(), &md).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf");
    let Some(texts) = pages_text(&pdf, false) else {
        return;
    };
    assert!(
        texts
            .iter()
            .all(|p| p.lines().filter(|l| !l.trim().is_empty()).count() > 3),
        "no empty page"
    );
    let heading_page = texts
        .iter()
        .position(|p| p.contains("1 Wide"))
        .expect("heading");
    assert!(
        texts[heading_page].contains("Column-"),
        "the heading shares its page with the table"
    );
    let mut landscape = 0;
    for (_, pid) in doc.get_pages() {
        let page = doc.get_dictionary(pid).expect("page");
        let mb = page
            .get(b"MediaBox")
            .and_then(|m| m.as_array())
            .expect("MediaBox");
        let num = |o: &lopdf::Object| {
            o.as_float()
                .or_else(|_| o.as_i64().map(|i| i as f32))
                .unwrap_or(0.0)
        };
        if num(&mb[2]) > num(&mb[3]) {
            landscape += 1;
        }
    }
    assert!(landscape >= 1, "a landscape page");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.join("\n");
    for r in 0..30 {
        // pdftotext joins "r0c17-" + "value" across a line break as "r0c17value".
        let cell = format!("r{r}c17");
        assert!(
            all.contains(&format!("{cell}-value"))
                || all.contains(&format!("{cell}value"))
                || all.contains(&format!("{cell}-")),
            "row {r} complete"
        );
    }
    // Text after the table is back on a portrait page.
    let after = pages
        .iter()
        .position(|p| p.contains("After the wide table."))
        .expect("after");
    let pid = doc.get_pages()[&(after as u32 + 1)];
    let mb = doc
        .get_dictionary(pid)
        .expect("page")
        .get(b"MediaBox")
        .and_then(|m| m.as_array())
        .expect("mb")
        .clone();
    let w = mb[2].as_float().unwrap_or(0.0);
    assert!(w < 600.0, "portrait after the table");
}

#[test]
fn a_row_taller_than_a_page_splits_without_losing_text() {
    let mut long = String::new();
    for i in 0..2500 {
        long.push_str(&format!("word{i} "));
    }
    let md =
        format!("# Tall\n\n| Id | Text |\n|---|---|\n| A | short |\n| B | {long} |\n| C | end |\n");
    let pdf = render_with_front(&front(), &md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let all = pages.join("\n");
    for i in 0..2500 {
        assert!(all.contains(&format!("word{i}")), "word{i} kept");
    }
    let spanning: Vec<&String> = pages.iter().filter(|p| p.contains("word")).collect();
    assert!(spanning.len() >= 2, "the row spans pages");
    for p in spanning {
        assert!(
            p.contains("Id") && p.contains("Text"),
            "header repeated on split pages"
        );
    }
}

#[test]
fn a_font_used_only_near_the_end_of_a_long_document_is_embedded() {
    // Long documents are serialised in chunks of 48 pages; the mono face
    // appears only in the second chunk here and must still be in the shared
    // font resources.
    let mut md = String::new();
    for i in 0..60 {
        md.push_str(&format!("# Chapter {i}\n\nPlain prose only.\n\n"));
    }
    md.push_str("```\nmono_only_at_the_end()\n```\n");
    // Glyphs first used in the second half need widths and ToUnicode entries
    // too: a missing /W entry shows as a wide gap after the glyph.
    md.push_str("\n## Justification of VEX\n\nstatus not_affected; Quixotic Zebra.\n");
    let pdf = render_with_front(&front(), &md).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf");
    let pages = doc.get_pages();
    assert!(pages.len() >= 62);
    let last = pages[&(pages.len() as u32)];
    let fonts = doc.get_page_fonts(last).expect("fonts");
    assert!(
        fonts.contains_key(b"F5".as_slice()),
        "mono face in the resources of the last page"
    );
    let Some(text) = pages_text(&pdf, false) else {
        return;
    };
    assert!(text
        .last()
        .is_some_and(|p| p.contains("mono_only_at_the_end()")));
    let last_text = text.last().cloned().unwrap_or_default();
    for want in ["Justification of VEX", "not_affected;", "Quixotic Zebra."] {
        assert!(
            last_text.contains(want),
            "{want:?} not extracted intact:\n{last_text}"
        );
    }
    if have("qpdf") {
        let mut f = tempfile::NamedTempFile::new().expect("temp");
        f.write_all(&pdf).expect("write");
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(f.path())
            .output()
            .expect("qpdf");
        assert!(out.status.success() && out.stderr.is_empty());
    }
}

#[test]
fn only_web_and_mail_links_become_clickable() {
    let md = "# Links\n\n[web](https://example.org) [mail](mailto:qa@example.org) [js](javascript:alert(1)) [file](file:///etc/passwd)\n";
    let pdf = render_with_front(&front(), md).expect("render");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf");
    let mut uris = Vec::new();
    for (_, pid) in doc.get_pages() {
        let page = doc.get_dictionary(pid).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let a = match a {
                lopdf::Object::Reference(id) => doc.get_object(*id).expect("annotation"),
                direct => direct,
            };
            if let lopdf::Object::Dictionary(d) = a {
                if let Ok(uri) = d
                    .get(b"A")
                    .and_then(|a| a.as_dict())
                    .and_then(|a| a.get(b"URI"))
                    .and_then(|u| u.as_str())
                {
                    uris.push(String::from_utf8_lossy(uri).into_owned());
                }
            }
        }
    }
    assert_eq!(uris, ["https://example.org", "mailto:qa@example.org"]);
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    assert!(
        pages.join("\n").contains("js"),
        "the text of a refused link stays"
    );
}

#[test]
fn footnotes_stand_at_the_foot_of_the_page_that_refers_to_them() {
    let mut md = String::from("# Notes\n\nFirst reference.[^a]\n\n");
    for i in 0..70 {
        md.push_str(&format!(
            "Filler paragraph {i} with enough words to take a full line or two of the page body.{}\n\n",
            match i {
                45 => " A second note.[^b]",
                46 => " The first note again.[^a]",
                _ => "",
            }
        ));
    }
    md.push_str("[^a]: Alpha note text.\n\n[^b]: Beta note text, long enough to wrap onto a second line at the foot of its page so that the reserved height is tested too.\n\n[^z]: Zeta note nobody refers to.\n");
    let pdf = render_with_front(&front(), &md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    let page_of = |needle: &str| -> Vec<usize> {
        pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains(needle))
            .map(|(i, _)| i)
            .collect()
    };
    let alpha = page_of("Alpha note text.");
    assert_eq!(
        alpha,
        page_of("First reference."),
        "note a with its reference"
    );
    assert_eq!(alpha.len(), 1, "a note referred to twice is set once");
    let beta = page_of("Beta note text");
    assert_eq!(
        beta,
        page_of("Filler paragraph 45 "),
        "note b with its reference"
    );
    assert_ne!(alpha, beta, "the references are on different pages");
    // At the foot: after the body text of the page, before the footer.
    let p = &pages[beta[0]];
    let note = p.find("Beta note text").expect("note");
    assert!(p.find("Filler paragraph 45 ").expect("reference") < note);
    let last_filler = p.rfind("Filler paragraph").expect("filler");
    assert!(last_filler < note, "the note follows the page's body text");
    // Nothing is lost: the unreferenced note is still printed.
    assert_eq!(page_of("Zeta note nobody refers to.").len(), 1);
}

#[test]
fn a_heading_stays_with_its_introduction_and_the_first_table_row() {
    // Filler leaves some room at the foot of the page; the table's first row
    // (kept whole) does not fit there, so heading, introduction, header row
    // and first row all move to the next page together.
    let mut md = String::from("# Chapter\n\n");
    for i in 0..30 {
        md.push_str(&format!("Filler line {i} of the chapter body.\n\n"));
    }
    let mut tall = String::new();
    for i in 0..300 {
        tall.push_str(&format!("tallword{i} "));
    }
    md.push_str(&format!(
        "## Register section\n\nIntroduction to the register.\n\n| Key | Text |\n|---|---|\n| FIRSTROW | {tall} |\n| SECONDROW | short |\n"
    ));
    let pdf = render_with_front(&front(), &md).expect("render");
    let Some(pages) = pages_text(&pdf, false) else {
        return;
    };
    // The last page with the text (the contents name the heading too).
    let page_of = |needle: &str| pages.iter().rposition(|p| p.contains(needle));
    let heading = page_of("Register section").expect("heading");
    assert!(
        page_of("Filler line 29").expect("filler") < heading,
        "the heading moved on"
    );
    assert_eq!(page_of("Introduction to the register."), Some(heading));
    assert_eq!(page_of("FIRSTROW"), Some(heading));
    assert_eq!(page_of("tallword0 "), Some(heading));
}
