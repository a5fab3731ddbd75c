//! End-to-end test of a finding shown in the Preview: the real app on a
//! copy of the example with one risk control's verification evidence not in
//! the register (a `risk.link-unresolved` finding at
//! `risk.entries[i].controls[0].verification_implementation.evidence`). With
//! the preview open, activating the finding scrolls the viewer to the page
//! where that control's row is printed, and the view reports that page. The
//! expected page is read from the PDF itself (`pdftotext`, the first page
//! whose table row starts with the hazard's and the control's ids), not
//! from the anchors the app uses. Runs like e2e.rs (scripts/e2e.sh); with
//! `TECHFILE_SCREENSHOT_LOCATE=<png>` it also writes a screenshot.

use std::time::Duration;

use crate::support;

use fantoccini::Client;
use support::{attr, count, find, present, until, Driver};

/// The 1-based page of `pdf` whose text (as `pdftotext -layout` lays it
/// out) first has a line starting with `a` then `b`, as a table row does.
fn page_with_row(pdf: &[u8], a: &str, b: &str) -> usize {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout);
    text.split('\u{c}')
        .position(|page| {
            page.lines().any(|l| {
                let mut words = l.split_whitespace();
                words.next() == Some(a) && words.next() == Some(b)
            })
        })
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no row {a} {b} in the PDF"))
}

async fn number(c: &Client, css: &str, name: &str) -> u64 {
    attr(c, css, name).await.parse().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_finding_picked_in_the_preview_scrolls_to_its_page() {
    support::require_e2e();
    let mut tf = techfile::example::example().expect("example");
    // A hazard in the second half of the risk table, with a control.
    let i = (tf.risk.entries.len() / 2..tf.risk.entries.len())
        .find(|&i| !tf.risk.entries[i].controls.is_empty())
        .expect("an entry with a control");
    tf.risk.entries[i].controls[0]
        .verification_implementation
        .evidence = "NOPE-XXX-999".into();
    let hazard = tf.risk.entries[i].id.clone();
    let control = tf.risk.entries[i].controls[0].id.clone();
    let path = format!("risk.entries[{i}].controls[0].verification_implementation.evidence");
    let findings = techfile::check::check(&tf);
    assert!(
        findings
            .iter()
            .any(|f| f.path == path && f.rule == "risk.link-unresolved"),
        "the finding: {findings:?}"
    );
    let pdf = techfile::export::export(
        &tf,
        techfile::export::ExportFormat::Pdf,
        &techfile::export::ExportOptions::default(),
    )
    .expect("pdf");
    let expected = page_with_row(&pdf, &hazard, &control);
    assert!(
        expected > 5,
        "the control's row is well into the file: {expected}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("locate.techfile.json");
    std::fs::write(&project, serde_json::to_string_pretty(&tf).expect("json"))
        .expect("write the project");
    let driver = Driver::start(&[("TECHFILE_OPEN", &project)]);
    let c = driver.session(&[]).await;
    find(&c, r#"[data-path="document.title"]"#).await;

    support::click(&c, r#"[data-view="preview"]"#).await;
    until("the preview's pages", || async {
        present(&c, r#"[data-page="1"][data-drawn]"#).await
    })
    .await;
    let pages = count(&c, "[data-page]").await;
    assert!(pages as usize > expected, "{pages} pages");
    assert_eq!(
        number(&c, r#"[data-testid="preview-page"]"#, "data-page-number").await,
        1
    );

    // The risk findings' group is closed in the Preview (it edits no part).
    let finding = r#"[data-rule="risk.link-unresolved"]"#;
    c.execute(
        "const d = document.querySelector('details[data-part=\"risk\"]'); \
         if (d && !d.open) d.querySelector('summary').click();",
        vec![],
    )
    .await
    .expect("open the risk findings");
    support::click(&c, finding).await;
    until("the finding's page at the top", || async {
        number(&c, r#"[data-testid="preview-page"]"#, "data-page-number").await == expected as u64
    })
    .await;
    let located = r#"[data-testid="preview-located"]"#;
    assert_eq!(
        number(&c, located, "data-located-page").await,
        expected as u64
    );
    assert_eq!(
        attr(&c, located, "data-located-anchor").await,
        techfile::render::xref_anchor("control", &control)
    );
    // The page stands at the top of the viewport and gets drawn.
    let offset = c
        .execute(
            "const s = document.querySelector('[data-testid=\"preview-pages\"]'); \
             const p = document.querySelector(`[data-page=\"${arguments[0]}\"]`); \
             return p.getBoundingClientRect().top - s.getBoundingClientRect().top;",
            vec![expected.into()],
        )
        .await
        .expect("offset")
        .as_f64()
        .unwrap_or(f64::MAX);
    assert!(
        offset.abs() < 20.0,
        "page {expected} at {offset} px from the top"
    );
    until("the finding's page drawn", || async {
        present(
            &c,
            &format!(r#"[data-page="{expected}"][data-drawn] canvas"#),
        )
        .await
    })
    .await;
    // Still the Preview: the finding did not open the risk view.
    assert!(present(&c, r#"[data-testid="preview-pages"]"#).await);
    eprintln!("preview locate: {path} -> page {expected} of {pages}");

    if let Some(shot) = std::env::var_os("TECHFILE_SCREENSHOT_LOCATE") {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("end the session");
}
