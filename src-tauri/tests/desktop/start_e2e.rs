//! End-to-end test of the start screen (issue 13.6): the app started with
//! no project (neither an argument nor `--example`/`TECHFILE_START`) shows
//! New project, New from the example, Open… and the recent projects; a
//! listed project whose file is gone is marked and cannot be chosen, the
//! other opens. Runs like tests/e2e.rs: ignored by a plain `cargo test`,
//! run by scripts/e2e.sh (Xvfb, tauri-driver, `TECHFILE_E2E=1`,
//! `--include-ignored`). `TECHFILE_START_SCREENSHOT=<png>` also writes a
//! screenshot of the screen.

use crate::support;

use std::path::Path;

use support::{find, present, prop_of, until, value, Driver};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn the_start_screen_lists_recent_projects_marks_a_missing_one_and_opens_the_other() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-start-")
        .tempdir()
        .expect("tempdir");
    let here = tmp.path().join("pump-controller.techfile.json");
    let mut tf = techfile::example::example().expect("example");
    tf.document.title = "Pump controller file".into();
    techfile::store::save(&here, &tf).expect("write the project");
    let gone = tmp.path().join("moved-away.techfile.json");
    let list = tmp.path().join("recent.json");
    std::fs::write(
        &list,
        serde_json::to_vec(&serde_json::json!({ "projects": [gone, here] })).expect("json"),
    )
    .expect("write the recent list");
    let driver = Driver::start(&[
        ("TECHFILE_RECENT_FILE", list.as_path()),
        ("TECHFILE_START", Path::new("")),
    ]);
    let c = driver.session(&[]).await;

    find(&c, r#"[data-testid="start-screen"]"#).await;
    assert!(
        !present(&c, r#"[data-path="document.title"]"#).await,
        "no project is open"
    );
    let gone_css = format!(r#"[data-start-recent="{}"]"#, gone.display());
    let here_css = format!(r#"[data-start-recent="{}"]"#, here.display());
    let gone_text = find(&c, &gone_css).await.text().await.unwrap_or_default();
    assert!(gone_text.contains("not found"), "{gone_text}");
    assert_eq!(prop_of(&c, &gone_css, "disabled").await, "true");
    let here_text = find(&c, &here_css).await.text().await.unwrap_or_default();
    assert!(
        here_text.contains("pump-controller.techfile.json"),
        "{here_text}"
    );
    assert!(
        here_text.contains(&tmp.path().display().to_string()),
        "{here_text}"
    );
    assert_eq!(prop_of(&c, &here_css, "disabled").await, "false");
    if let Some(shot) = std::env::var_os("TECHFILE_START_SCREENSHOT") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    // Keyboard: focus the entry and press Enter (U+E007).
    find(&c, &here_css)
        .await
        .send_keys("\u{E007}")
        .await
        .expect("Enter on the entry");
    until("the recent project opened", || async {
        value(&c, r#"[data-path="document.title"]"#).await == "Pump controller file"
    })
    .await;
    assert!(!present(&c, r#"[data-testid="start-screen"]"#).await);
    c.close().await.expect("end the session");
}
