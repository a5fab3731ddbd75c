//! End-to-end test of the register views: the real app on a copy of the
//! example adds a file to the document register through the (seamed) open
//! dialog and shows its SHA-256; the file changes on disk and "Re-verify
//! files" flags it; the GSPR matrix is filtered; a standards entry is
//! edited; the project is saved and the saved file holds the changes. Runs
//! like tests/desktop/e2e.rs: ignored by a plain `cargo test`, run by
//! scripts/e2e.sh (Xvfb, tauri-driver, `TECHFILE_E2E=1`, `--include-ignored`).
//!
//! `TECHFILE_REGISTERS_SCREENSHOTS=<dir>` writes a screenshot of each
//! register view there.

use crate::support;

use std::path::Path;

use fantoccini::Client;
use support::{attr, click, find, present, save_with_ctrl_s, text_of, until, value, Driver};
use techfile::model::gspr::GsprApplicability;

fn field(path: &str) -> String {
    format!(r#"[data-path="{path}"]"#)
}

async fn set_text(c: &Client, css: &str, text: &str) {
    let el = find(c, css).await;
    el.clear().await.expect("clear");
    el.send_keys(text).await.expect("type");
}

/// Shows the view `id` and, with `TECHFILE_REGISTERS_SCREENSHOTS` set,
/// writes its screenshot as `<id>.png` there.
async fn show(c: &Client, id: &str, ready: &str) {
    click(c, &format!(r#"[data-view="{id}"]"#)).await;
    find(c, &format!(r#"[data-active-view="{id}"]"#)).await;
    find(c, ready).await;
    shoot(c, id).await;
}

async fn shoot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("TECHFILE_REGISTERS_SCREENSHOTS") {
        // Let the view lay out (fonts, the windowed table's measure).
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png)
            .expect("write the screenshot");
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn register_a_file_reverify_filter_gspr_edit_a_standard_and_save() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-registers-")
        .tempdir()
        .expect("tempdir");
    let project = tmp.path().join("techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    std::fs::create_dir(tmp.path().join("docs")).expect("docs dir");
    let doc = tmp.path().join("docs/VVR-E2E-001.pdf");
    std::fs::write(&doc, b"%PDF-1.7 first version").expect("write the document");
    let first = techfile::util::sha256_hex(b"%PDF-1.7 first version");
    let example = techfile::example::example().expect("example");
    let row = example.documents.len();

    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", &doc)]);
    let c = driver
        .session(&[project.to_str().expect("utf-8 path")])
        .await;

    // The document register: add the file through the dialog.
    show(&c, "documents", &field("documents[0].document_id")).await;
    click(&c, "#add-document-file").await;
    until("the added file's SHA-256", || async {
        text_of(&c, r#"[data-testid="document-file-sha256"]"#).await == first
    })
    .await;
    let at = format!("documents[{row}]");
    assert_eq!(value(&c, &field(&format!("{at}.sha256"))).await, first);
    assert_eq!(
        value(&c, &field(&format!("{at}.file"))).await,
        "docs/VVR-E2E-001.pdf"
    );
    set_text(&c, &field(&format!("{at}.document_id")), "VVR-E2E-001").await;
    set_text(&c, &field(&format!("{at}.version")), "1.0").await;

    // The file changes on disk: re-verifying flags its row.
    std::fs::write(&doc, b"%PDF-1.7 edited after registration").expect("change the document");
    click(&c, "#verify-documents").await;
    let badge = format!(r#"[data-testid="verify-{row}"]"#);
    until("the changed file flagged", || async {
        present(&c, &badge).await && attr(&c, &badge, "data-state").await == "changed"
    })
    .await;
    // The example's own files are not in the temp folder: missing.
    assert_eq!(
        attr(&c, r#"[data-testid="verify-0"]"#, "data-state").await,
        "missing"
    );
    let summary = text_of(&c, r#"[data-testid="verify-summary"]"#).await;
    assert!(
        summary.contains(&format!("0 unchanged, 1 changed, {row} missing")),
        "{summary}"
    );
    c.execute(
        &format!(
            "document.querySelector('[data-row=\"{row}\"]').scrollIntoView({{block: 'center'}})"
        ),
        vec![],
    )
    .await
    .expect("scroll");
    shoot(&c, "documents-verified").await;

    // The GSPR matrix: filters narrow the windowed table.
    let rows = &example.gspr.rows;
    show(&c, "gspr", r#"[data-testid="gspr-rows"] [data-row]"#).await;
    let count = r#"[data-testid="gspr-count"]"#;
    assert_eq!(
        text_of(&c, count).await,
        format!("{0} of {0} rows", rows.len())
    );
    let dna: Vec<&str> = rows
        .iter()
        .filter(|r| r.applicability == Some(GsprApplicability::DoesNotApply))
        .map(|r| r.requirement.as_str())
        .collect();
    assert!(!dna.is_empty());
    // Take the justification of one row that does not apply away: the
    // filter for unjustified rows finds exactly it.
    let target = dna[0];
    let index = rows
        .iter()
        .position(|r| r.requirement == target)
        .expect("row");
    click(&c, &format!(r#"[data-row="{index}"]"#)).await;
    let just = field(&format!("gspr.rows[{index}].justification"));
    // A blank justification (WebDriver's clear alone sends no input event).
    set_text(&c, &just, " ").await;
    click(&c, r#"[data-filter="dna-unjustified"]"#).await;
    until("the unjustified filter", || async {
        text_of(&c, count).await == format!("1 of {} rows", rows.len())
    })
    .await;
    assert_eq!(
        attr(
            &c,
            r#"[data-testid="gspr-rows"] [data-row]"#,
            "data-requirement"
        )
        .await,
        target
    );
    let evidence_missing = rows
        .iter()
        .filter(|r| {
            r.applicability != Some(GsprApplicability::DoesNotApply)
                && r.applicability.is_some()
                && r.evidence.is_empty()
        })
        .count();
    click(&c, r#"[data-filter="no-evidence"]"#).await;
    until("the missing-evidence filter", || async {
        text_of(&c, count).await == format!("{evidence_missing} of {} rows", rows.len())
    })
    .await;
    click(&c, r#"[data-filter="all"]"#).await;
    shoot(&c, "gspr").await;

    // The standards register: edit an entry.
    show(&c, "standards", &field("standards.entries[0].edition")).await;
    let edition = field("standards.entries[0].edition");
    set_text(&c, &edition, "3 (2016), checked in e2e").await;

    // The other register views show their records.
    show(&c, "software-items", &field("software_items[0].name")).await;
    show(&c, "applicability", &field("applicability.regulation")).await;
    show(&c, "declaration", r#"[data-testid="declaration"] h2"#).await;
    let declaration = text_of(&c, r#"[data-testid="declaration"]"#).await;
    assert!(
        declaration.contains(&example.declaration.number),
        "{declaration}"
    );

    // Save (Ctrl+S; U+E009 is WebDriver's Control key) and read the file.
    show(&c, "standards", &edition).await;
    save_with_ctrl_s(&c, &edition).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    let d = &saved.documents[row];
    assert_eq!(
        (d.document_id.as_str(), d.version.as_str(), d.file.as_str()),
        ("VVR-E2E-001", "1.0", "docs/VVR-E2E-001.pdf")
    );
    assert_eq!(d.sha256, first, "the register keeps the hash it recorded");
    assert_eq!(
        saved.standards.entries[0].edition,
        "3 (2016), checked in e2e"
    );
    assert_eq!(saved.gspr.rows[index].justification.trim(), "");
    c.close().await.expect("close session");
}
