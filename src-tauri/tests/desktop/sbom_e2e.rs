//! End-to-end test of the SBOM view: the real app imports a corpus SBOM
//! through the (seamed) native open dialog and the view's component table
//! shows its components. Runs like tests/e2e.rs: ignored by a plain `cargo
//! test`, run by scripts/e2e.sh (Xvfb, tauri-driver, `TECHFILE_E2E=1`,
//! `--include-ignored`).

use crate::support;

use std::path::Path;

use support::{attr, find, import_and_report, text_of, until, value, Driver};

/// The app on the bundled example, its open dialog answering `answer` (test
/// seam of src-tauri/src/dialog.rs), showing the SBOM view. Keep the driver
/// alive as long as the client.
async fn sbom_view(answer: &Path) -> (Driver, fantoccini::Client) {
    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", answer)]);
    let c = driver.session(&[]).await;
    find(&c, r#"[data-view="sbom"]"#)
        .await
        .click()
        .await
        .expect("SBOM view");
    (driver, c)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn import_a_corpus_sbom_and_see_its_components() {
    support::require_e2e();
    let sbom = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/sbom/cyclonedx/valid/bomex/SBOM/laravel-7.12.0/bom.1.4.json");
    if !sbom.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "corpus missing at {} (CI is set)",
            sbom.display()
        );
        eprintln!("skipping: corpus not found at {}", sbom.display());
        return;
    }
    let (_driver, c) = sbom_view(&sbom).await;
    // The bundled example's inventory is shown first.
    find(&c, r#"[data-component="pkg:pypi/annotated-types@0.7.0"]"#).await;

    let text = import_and_report(&c, "#import-sbom", r#"[data-testid="sbom-import-report"]"#).await;
    assert!(text.contains("Imported 62 components"), "{text}");
    assert!(text.contains("cyclonedx-php-composer-demo"), "{text}");
    // The new item is selected: its 62 components, sorted by name.
    until("the item's components", || async {
        text_of(&c, r#"[data-testid="sbom-count"]"#)
            .await
            .starts_with("62 of ")
    })
    .await;
    find(
        &c,
        r#"[data-component="pkg:composer/nesbot/carbon@2.63.0"]"#,
    )
    .await;
    // Search narrows the table; a row opens its SOUP fields.
    let search = find(&c, r#"[data-testid="sbom-search"]"#).await;
    search.send_keys("brick/math").await.expect("type");
    until("search applied", || async {
        text_of(&c, r#"[data-testid="sbom-count"]"#)
            .await
            .starts_with("1 of ")
    })
    .await;
    find(&c, r#"[data-component="pkg:composer/brick/math@0.9.3"]"#)
        .await
        .click()
        .await
        .expect("row");
    let path = attr(&c, r#"[data-path$=".soup.requirements"]"#, "data-path").await;
    assert!(path.starts_with("sbom.components["), "{path}");
    let _ = value(&c, &format!(r#"[data-path="{path}"]"#)).await;
    if let Some(shot) = std::env::var_os("TECHFILE_SBOM_SCREENSHOT") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn import_a_vex_file_and_see_the_assessment_change() {
    support::require_e2e();
    // An OpenVEX statement that revises the example's assessment of
    // CVE-2024-12797 in cryptography 43.0.1.
    let dir = tempfile::tempdir().expect("dir");
    let vex = dir.path().join("revised.openvex.json");
    std::fs::write(
        &vex,
        r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/revised","author":"Product security","timestamp":"2026-11-01T00:00:00Z","version":2,
"statements":[{"vulnerability":{"name":"CVE-2024-12797"},"products":[{"@id":"pkg:pypi/cryptography@43.0.1"}],"status":"affected","action_statement":"Upgrade cryptography to 44.0.1 in release 3.2.3"}]}"#,
    )
    .expect("write vex");
    let (_driver, c) = sbom_view(&vex).await;
    let vulns = find(&c, r#"[data-testid="sbom-vulns"]"#).await;
    let before = vulns.text().await.expect("vulns");
    assert!(before.contains("CVE-2024-12797"), "{before}");
    assert!(
        !before.contains("Upgrade cryptography to 44.0.1"),
        "{before}"
    );
    let text = import_and_report(&c, "#import-vex", r#"[data-testid="vex-import-report"]"#).await;
    assert!(text.contains("Applied 1 VEX assessments"), "{text}");
    until("the revised assessment", || async {
        text_of(&c, r#"[data-testid="sbom-vulns"]"#)
            .await
            .contains("Upgrade cryptography to 44.0.1 in release 3.2.3")
    })
    .await;
    if let Some(shot) = std::env::var_os("TECHFILE_VEX_SCREENSHOT") {
        c.execute(
            "document.querySelector('#import-vex').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll");
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("close session");
}
