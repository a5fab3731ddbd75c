//! The tagged PDF: a structure tree in the file (document, headings,
//! paragraphs, lists, tables with header cells, figures with alternative
//! text), `/MarkInfo`, `/Lang`, marked content that the tree references
//! page by page, and reading order as in the Markdown.

use std::collections::BTreeMap;

use lopdf::{Object, ObjectId};
use techfile::pdf::doc::Item;

use crate::pdf_text::{emitted, example_layout};

fn deref<'a>(lo: &'a lopdf::Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => lo.get_object(*id).expect("object"),
        o => o,
    }
}

/// Roles in preorder, with each element's alt text; MCIDs referenced per page.
fn walk(
    lo: &lopdf::Document,
    o: &Object,
    roles: &mut Vec<(String, Option<String>)>,
    mcids: &mut BTreeMap<ObjectId, Vec<i64>>,
    page: Option<ObjectId>,
) {
    let d = deref(lo, o).as_dict().expect("a structure element");
    let role =
        String::from_utf8_lossy(d.get(b"S").and_then(|s| s.as_name()).expect("/S")).into_owned();
    let alt = d.get(b"Alt").ok().and_then(|a| match a {
        Object::String(b, _) => Some(decode(b)),
        _ => None,
    });
    roles.push((role, alt));
    let pg = d
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .or(page);
    let kids = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(k) => vec![k.clone()],
        Err(_) => Vec::new(),
    };
    for k in &kids {
        match k {
            Object::Integer(m) => mcids
                .entry(pg.expect("an MCID needs /Pg"))
                .or_default()
                .push(*m),
            Object::Dictionary(m) if m.get(b"MCID").is_ok() => {
                let p = m
                    .get(b"Pg")
                    .and_then(|p| p.as_reference())
                    .expect("MCR /Pg");
                mcids
                    .entry(p)
                    .or_default()
                    .push(m.get(b"MCID").and_then(|v| v.as_i64()).expect("MCID"));
            }
            other => walk(lo, other, roles, mcids, pg),
        }
    }
}

fn decode(b: &[u8]) -> String {
    if b.starts_with(&[0xfe, 0xff]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&u)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

#[test]
fn the_file_carries_a_structure_tree_of_the_document() {
    let (_, _, doc) = example_layout();
    let bytes = emitted(&doc);
    let lo = lopdf::Document::load_mem(&bytes).expect("parse");
    let cat = lo.catalog().expect("catalog");
    let mark = deref(&lo, cat.get(b"MarkInfo").expect("/MarkInfo"))
        .as_dict()
        .expect("dict");
    assert_eq!(
        mark.get(b"Marked").and_then(|m| m.as_bool()).ok(),
        Some(true)
    );
    assert!(cat.get(b"Lang").is_ok(), "/Lang");
    let root = deref(&lo, cat.get(b"StructTreeRoot").expect("/StructTreeRoot"))
        .as_dict()
        .expect("root");
    assert_eq!(
        root.get(b"Type").and_then(|t| t.as_name()).ok(),
        Some(&b"StructTreeRoot"[..])
    );
    let mut roles = Vec::new();
    let mut mcids = BTreeMap::new();
    walk(
        &lo,
        root.get(b"K").expect("K"),
        &mut roles,
        &mut mcids,
        None,
    );
    assert_eq!(roles[0].0, "Document");
    let count = |r: &str| roles.iter().filter(|(x, _)| x == r).count();
    for r in [
        "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Figure",
        "TOC", "Sect",
    ] {
        assert!(count(r) > 0, "no {r} in the tree");
    }
    let figures: Vec<&Option<String>> = roles
        .iter()
        .filter(|(r, _)| r == "Figure")
        .map(|(_, a)| a)
        .collect();
    assert!(figures.len() >= 2, "the two heat maps");
    for a in figures {
        let a = a.as_deref().expect("a figure has /Alt");
        assert!(
            a.contains(" x ") && a.contains(':'),
            "the alt text names the cells: {a}"
        );
    }
    // Each page's marked content is what the tree references, and the
    // parent tree names an element for each of its MCIDs.
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let nums = match deref(&lo, root.get(b"ParentTree").expect("ParentTree"))
        .as_dict()
        .expect("dict")
        .get(b"Nums")
    {
        Ok(Object::Array(a)) => a.clone(),
        _ => panic!("/Nums"),
    };
    let mut checked = 0;
    for (i, pid) in pages.iter().enumerate() {
        let content = lo.get_and_decode_page_content(*pid).expect("content");
        let in_content: Vec<i64> = content
            .operations
            .iter()
            .filter(|op| op.operator == "BDC")
            .filter_map(|op| {
                op.operands
                    .get(1)?
                    .as_dict()
                    .ok()?
                    .get(b"MCID")
                    .ok()?
                    .as_i64()
                    .ok()
            })
            .collect();
        let mut referenced = mcids.get(pid).cloned().unwrap_or_default();
        referenced.sort();
        assert_eq!(
            referenced,
            in_content,
            "page {}: the tree references every MCID once",
            i + 1
        );
        let sp = lo
            .get_dictionary(*pid)
            .expect("page")
            .get(b"StructParents")
            .and_then(|v| v.as_i64())
            .expect("/StructParents");
        let at = nums
            .iter()
            .position(|n| n.as_i64().ok() == Some(sp))
            .expect("a parent tree entry");
        let parents = match &nums[at + 1] {
            Object::Array(a) => a.len(),
            _ => panic!("parents"),
        };
        assert_eq!(parents, in_content.len(), "page {}", i + 1);
        // Everything drawn as text is marked: content or artifact.
        let bmc = content
            .operations
            .iter()
            .filter(|op| op.operator == "BMC" || op.operator == "BDC")
            .count();
        let emc = content
            .operations
            .iter()
            .filter(|op| op.operator == "EMC")
            .count();
        assert_eq!(bmc, emc, "page {}: balanced marked content", i + 1);
        checked += in_content.len();
    }
    assert!(checked > 1000, "{checked} marked-content sequences");
}

#[test]
fn the_structure_follows_the_markdown_reading_order() {
    let (_, md, doc) = example_layout();
    // Headings of the body as the Markdown writes them.
    let mut want: Vec<String> = Vec::new();
    let mut fence = false;
    for l in md.lines() {
        if l.starts_with("```") {
            fence = !fence;
        }
        if !fence && l.starts_with('#') {
            let t = l.trim_start_matches('#').trim();
            want.push(t.replace('\\', ""));
        }
    }
    // Heading elements in structure order with the text of their items.
    let mut text: BTreeMap<u32, String> = BTreeMap::new();
    for p in &doc.pages {
        let mut tag = None;
        for it in &p.items {
            match it {
                Item::Tag(t) => tag = *t,
                Item::Text { text: s, .. } => {
                    if let Some(e) = tag {
                        let t = text.entry(e).or_default();
                        if !t.is_empty() {
                            t.push(' ');
                        }
                        t.push_str(s);
                    }
                }
                _ => {}
            }
        }
    }
    let got: Vec<String> = doc
        .structure
        .iter()
        .enumerate()
        .filter(|(_, e)| e.role.starts_with('H') && e.role.len() == 2)
        .filter_map(|(i, _)| text.get(&(i as u32)).cloned())
        .collect();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut wi = want.iter();
    for g in &got {
        // Drawn headings carry their number ("3.1 Scope"); the Markdown's do not.
        let g = squash(g);
        assert!(
            wi.any(|w| g.ends_with(&squash(w))),
            "heading {g:?} out of the Markdown's order"
        );
    }
    assert!(got.len() > 50, "{} headings in the structure", got.len());
}
