//! End-to-end test of the SBOM view: the real app imports a corpus SBOM
//! through the (seamed) native open dialog and the view's component table
//! shows its components. Runs like tests/e2e.rs: only with `TECHFILE_E2E=1`
//! under Xvfb with tauri-driver (scripts/e2e.sh); a plain `cargo test` passes
//! with a note.

mod support;

use std::path::Path;

use support::{attr, enabled, find, until, value, Driver};

#[tokio::test(flavor = "multi_thread")]
async fn import_a_corpus_sbom_and_see_its_components() {
    if !enabled("import_a_corpus_sbom_and_see_its_components") {
        return;
    }
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
    // The open dialog answers the SBOM (test seam of src-tauri/src/dialog.rs).
    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", &sbom)]);
    let c = driver.session(&[]).await;

    find(&c, r#"[data-view="sbom"]"#)
        .await
        .click()
        .await
        .expect("SBOM view");
    // The bundled example's inventory is shown first.
    find(&c, r#"[data-component="pkg:pypi/annotated-types@0.7.0"]"#).await;

    find(&c, "#import-sbom")
        .await
        .click()
        .await
        .expect("import");
    let report = find(&c, r#"[data-testid="sbom-import-report"]"#).await;
    let text = report.text().await.expect("report text");
    assert!(text.contains("Imported 62 components"), "{text}");
    assert!(text.contains("cyclonedx-php-composer-demo"), "{text}");
    // The new item is selected: its 62 components, sorted by name.
    until("the item's components", || async {
        find(&c, r#"[data-testid="sbom-count"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
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
        find(&c, r#"[data-testid="sbom-count"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
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
async fn import_a_vex_file_and_see_the_assessment_change() {
    if !enabled("import_a_vex_file_and_see_the_assessment_change") {
        return;
    }
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
    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", &vex)]);
    let c = driver.session(&[]).await;
    find(&c, r#"[data-view="sbom"]"#)
        .await
        .click()
        .await
        .expect("SBOM view");
    let vulns = find(&c, r#"[data-testid="sbom-vulns"]"#).await;
    let before = vulns.text().await.expect("vulns");
    assert!(before.contains("CVE-2024-12797"), "{before}");
    assert!(
        !before.contains("Upgrade cryptography to 44.0.1"),
        "{before}"
    );
    find(&c, "#import-vex")
        .await
        .click()
        .await
        .expect("import VEX");
    let report = find(&c, r#"[data-testid="vex-import-report"]"#).await;
    let text = report.text().await.expect("report text");
    assert!(text.contains("Applied 1 VEX assessments"), "{text}");
    until("the revised assessment", || async {
        find(&c, r#"[data-testid="sbom-vulns"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
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
