//! The PDF as a reviewer navigates it (issue: cross-references and
//! searchable identifiers): every object the file defines is a link target
//! and its mentions link to it; the GSPR matrix gives the page of each risk
//! entry it cites; identifiers survive text extraction whole.

use std::collections::{BTreeMap, BTreeSet};

use techfile::pdf::doc::Item;
use techfile::pdf::parse::LinkTarget;

use crate::pdf_text::{emitted, example_layout, have, pages_text};

/// The kinds of object the templates define (`{{def "kind" id}}`).
const KINDS: &[&str] = &[
    "hazard",
    "control",
    "doc",
    "component",
    "vuln",
    "item",
    "ai",
    "clause",
    "gspr",
];

#[test]
fn every_defined_object_is_a_target_and_its_mentions_link_to_it() {
    let (_, _, doc) = example_layout();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dangling = BTreeSet::new();
    let mut internal = 0;
    for p in &doc.pages {
        for it in &p.items {
            if let Item::Link {
                target: LinkTarget::Internal(a),
                ..
            } = it
            {
                internal += 1;
                if !doc.anchors.contains_key(a) {
                    dangling.insert(a.clone());
                }
                if let Some(k) = KINDS.iter().find(|k| a.starts_with(&format!("{k}-"))) {
                    *by_kind.entry(k).or_default() += 1;
                }
            }
        }
    }
    assert!(
        dangling.is_empty(),
        "links to anchors the PDF lacks: {dangling:?}"
    );
    let xrefs: usize = by_kind.values().sum();
    assert!(xrefs >= 150, "{xrefs} cross-reference links: {by_kind:?}");
    for k in [
        "hazard",
        "control",
        "doc",
        "component",
        "vuln",
        "item",
        "ai",
        "gspr",
    ] {
        assert!(
            by_kind.get(k).is_some_and(|n| *n > 0),
            "no link to a {k}: {by_kind:?}"
        );
    }
    for k in KINDS {
        assert!(
            doc.anchors.keys().any(|a| a.starts_with(&format!("{k}-"))),
            "no {k} is a link target"
        );
    }
    // The file carries each of them as a GoTo annotation.
    let bytes = emitted(&doc);
    let lo = lopdf::Document::load_mem(&bytes).expect("parse");
    fn gotos(o: &lopdf::Object) -> usize {
        match o {
            lopdf::Object::Dictionary(d) => {
                let me = d
                    .get(b"S")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|n| n == b"GoTo");
                usize::from(me) + d.iter().map(|(_, v)| gotos(v)).sum::<usize>()
            }
            lopdf::Object::Array(a) => a.iter().map(gotos).sum(),
            _ => 0,
        }
    }
    let goto: usize = lo.objects.values().map(gotos).sum();
    assert!(
        goto >= internal,
        "{goto} GoTo actions for {internal} internal links"
    );
}

#[test]
fn the_gspr_matrix_gives_the_page_of_each_risk_entry_it_cites() {
    let (tf, _, doc) = example_layout();
    let bytes = emitted(&doc);
    let Some(pages) = pages_text(&bytes, false) else {
        return;
    };
    let text = pages
        .join("\n")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let re = regex::Regex::new(r"(HAZ-[0-9]+) \(p\. ([0-9]+)\)").expect("re");
    let mut seen = 0;
    for c in re.captures_iter(&text) {
        let anchor = format!("hazard-{}", c[1].to_lowercase());
        let (page, _) = doc.anchors[&anchor];
        assert_eq!(
            c[2].parse::<usize>().expect("n"),
            page + 1,
            "{} is on page {}",
            &c[1],
            page + 1
        );
        seen += 1;
    }
    let cited: usize = tf.gspr.rows.iter().map(|r| r.risk_links.len()).sum();
    assert!(
        seen >= cited && cited > 0,
        "{seen} page references for {cited} cited risk entries"
    );
}

/// Occurrences of `id` in `text` as a whole word (not inside a longer
/// identifier or a file name).
fn count(text: &str, id: &str) -> usize {
    let cont = |c: char| c.is_alphanumeric() || "_-/@%+#".contains(c);
    text.match_indices(id)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + id.len()..].chars().next();
            !before.is_some_and(|c| cont(c) || c == '.' || c == ':') && !after.is_some_and(cont)
        })
        .count()
}

#[test]
fn identifiers_are_found_whole_in_the_extracted_text() {
    if !have("pdftotext") {
        return;
    }
    let (tf, md, doc) = example_layout();
    let bytes = emitted(&doc);
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("ex.pdf");
    std::fs::write(&pdf, &bytes).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    // The Markdown as a reader sees it: escapes removed.
    let md = regex::Regex::new(r"\\(.)")
        .expect("re")
        .replace_all(&md, "$1");
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    ids.extend(tf.documents.iter().map(|d| d.document_id.as_str()));
    ids.extend(tf.risk.entries.iter().map(|e| e.id.as_str()));
    ids.extend(
        tf.risk
            .entries
            .iter()
            .flat_map(|e| e.controls.iter().map(|c| c.id.as_str())),
    );
    ids.extend(tf.sbom.components.iter().map(|c| c.id.as_str()));
    ids.extend(tf.sbom.vulnerabilities.iter().map(|v| v.id.as_str()));
    ids.extend(tf.software_items.iter().map(|s| s.name.as_str()));
    ids.extend(tf.ai.systems.iter().map(|s| s.name.as_str()));
    let (mut total, mut found) = (0, 0);
    let mut missing = Vec::new();
    for id in ids.into_iter().filter(|i| i.len() >= 3) {
        let m = count(&md, id);
        let p = count(&text, id).min(m);
        total += m;
        found += p;
        if p < m {
            missing.push(format!("{id}: {p} of {m}"));
        }
    }
    assert!(
        total > 500,
        "{total} identifier occurrences in the Markdown"
    );
    let share = found as f64 / total as f64;
    assert!(
        share >= 0.98,
        "{found} of {total} ({:.1} %) found whole; missing: {missing:?}",
        share * 100.0
    );
}

#[test]
fn counting_finds_whole_words_only() {
    assert_eq!(
        count("HAZ-01, HAZ-011 and HAZ-01. xHAZ-01 HAZ-01", "HAZ-01"),
        3
    );
    assert_eq!(count("SOP-12_v6.0.pdf and SOP-12", "SOP-12"), 1);
}
