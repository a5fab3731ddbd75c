//! End-to-end test of "Compare with…": the real app on a copy of the
//! example, edited, compared with the file as it was (chosen through the
//! seamed open dialog) and then, after a save, with the backup the save
//! kept. Runs like e2e.rs (scripts/e2e.sh).

use crate::support;

use support::{find, text_of, until, Driver};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn compare_with_a_file_and_with_the_backup() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-")
        .tempdir()
        .expect("tempdir");
    let project = tmp.path().join("device.techfile.json");
    let older = tmp.path().join("older.techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    std::fs::write(&older, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", older.as_path())]);
    let c = driver.session(&[project.to_str().expect("utf-8")]).await;

    find(&c, r#"[data-view="device"]"#)
        .await
        .click()
        .await
        .expect("device view");
    let name = find(&c, r#"[data-path="device.trade_name"]"#).await;
    name.clear().await.expect("clear");
    name.send_keys("Compared Name").await.expect("type");

    find(&c, r#"[data-view="compare"]"#)
        .await
        .click()
        .await
        .expect("compare view");
    find(&c, "#compare-file")
        .await
        .click()
        .await
        .expect("compare with a file");
    until("the summary", || async {
        text_of(&c, r#"[data-testid="diff-summary"]"#)
            .await
            .contains("Device: 1 changed (Trade name)")
    })
    .await;
    let entry = text_of(&c, r#"[data-change-path="device.trade_name"]"#).await;
    assert!(entry.contains("→ Compared Name"), "{entry}");

    // Save (Ctrl+S), which keeps the file as it was in the .bak; the
    // backup then differs from the open project by the same change.
    find(&c, "#compare-backup")
        .await
        .send_keys("\u{E009}s\u{E000}")
        .await
        .expect("Ctrl+S");
    // The save is done when the unsaved mark goes (the .bak comes first):
    // only then is the window closed below without asking.
    until("the save", || async {
        c.find_all(fantoccini::Locator::Css(r#"[data-testid="dirty"]"#))
            .await
            .is_ok_and(|v| v.is_empty())
    })
    .await;
    assert!(
        techfile::util::backup_path(&project).is_file(),
        "the save kept a backup"
    );
    find(&c, "#compare-backup")
        .await
        .click()
        .await
        .expect("compare with the backup");
    until("the backup's summary", || async {
        let s = text_of(&c, r#"[data-testid="diff-summary"]"#).await;
        s.contains("Device: 1 changed (Trade name)")
    })
    .await;
    let against = text_of(&c, "main").await;
    assert!(
        against.contains(".bak"),
        "the view names the backup: {against:.400}"
    );
    c.close().await.expect("end the session");
}
