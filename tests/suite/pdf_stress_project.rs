//! The generated stress project (5,000 components, 1,000 risk entries, 50
//! prose sections) through the real binaries: `gen-stress project 1` and
//! `techfile export --format pdf`, in two processes. The result is the same
//! bytes both times, the chunked emission (48 pages a chunk) loses no page,
//! every contents entry points at its heading's page, every page of the
//! component inventory starts with the header row, and qpdf finds it valid.

use std::process::Command;

use crate::pdf_text;
use pdf_text::{assert_qpdf_clean, pages_text, toc_entries};

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stress_project_pdf_is_complete_consistent_and_deterministic() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("stress.json");
    run(Command::new(env!("CARGO_BIN_EXE_gen-stress"))
        .arg("project")
        .arg("1")
        .arg(&project));
    let export = |name: &str| -> Vec<u8> {
        let out = dir.path().join(name);
        run(Command::new(env!("CARGO_BIN_EXE_techfile"))
            .arg("export")
            .arg(&project)
            .args(["--format", "pdf", "-o"])
            .arg(&out));
        std::fs::read(out).expect("read pdf")
    };
    let a = export("a.pdf");
    let b = export("b.pdf");
    assert!(a == b, "two processes, same bytes");

    let doc = lopdf::Document::load_mem(&a).expect("lopdf");
    let n = doc.get_pages().len();
    assert!(n > 300, "{n} pages");

    assert_qpdf_clean(&a);

    let Some(pages) = pages_text(&a, true) else {
        return;
    };
    assert_eq!(pages.len(), n, "pdftotext sees every page");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // Footer on every page but the cover, counting the real total.
    for (i, p) in pages.iter().enumerate().skip(1) {
        assert!(
            p.contains(&format!("Page {} of {n}", i + 1)),
            "page {} footer",
            i + 1
        );
    }
    // Contents entries: "8.8.4 Component inventory . . . 393" -> the heading
    // "8.8.4 Component inventory" stands on page 393.
    let mut checked = 0;
    let mut inventory = None;
    let mut soup = None;
    for e in toc_entries(pages.iter().skip(1).take(12)) {
        let heading = format!("{} {}", e.number, e.title);
        assert!(
            squash(&pages[e.page - 1]).contains(&heading),
            "contents say {heading:?} is on page {}",
            e.page
        );
        if e.title == "Component inventory" {
            inventory = Some(e.page);
        }
        if e.title == "SOUP items (IEC 62304)" {
            soup = Some(e.page);
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked} contents entries checked");
    // The inventory's 5,000 rows: each page starts with the header row.
    let (from, to) = (inventory.expect("inventory"), soup.expect("soup"));
    assert!(to - from > 50, "inventory pages {from}..{to}");
    for p in &pages[from - 1..to - 1] {
        let first_row = p
            .lines()
            .map(squash)
            .find(|l| l.starts_with("Component Version"))
            .unwrap_or_default();
        assert!(
            first_row
                .starts_with("Component Version Type Supplier Licence Identifier Software items"),
            "{p}"
        );
    }
    let inventory_text = squash(&pages[from - 1..to - 1].join("\n"));
    for name in ["python-0 ", "-4999 "] {
        assert!(inventory_text.contains(name), "{name} listed");
    }
}
