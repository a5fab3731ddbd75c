//! End-to-end test of undo and redo: the real app, an edit in the device
//! view, Ctrl+Z in the field takes it back, Ctrl+Shift+Z brings it again,
//! and so do the toolbar buttons. Runs like tests/e2e.rs: ignored by a
//! plain `cargo test`, run by scripts/e2e.sh (Xvfb, tauri-driver,
//! `TECHFILE_E2E=1`, `--include-ignored`).

use crate::support;

use fantoccini::Client;
use support::{click, find, present, until, value, Driver};

const NAME: &str = r#"[data-path="device.trade_name"]"#;
const DIRTY: &str = r#"[data-testid="dirty"]"#;

async fn redo_disabled(c: &Client) -> bool {
    find(c, "#redo").await.prop("disabled").await.ok().flatten() == Some("true".into())
}

async fn until_name(c: &Client, want: &str) {
    until(&format!("the trade name {want:?}"), || async {
        value(c, NAME).await == want
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn ctrl_z_and_ctrl_shift_z_and_the_buttons_undo_and_redo_an_edit() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-undo-")
        .tempdir()
        .expect("tempdir");
    let driver = Driver::start(&[("TECHFILE_DIALOG_SAVE_DIR", tmp.path())]);
    let c = driver.session(&[]).await;
    let original = techfile::example::example()
        .expect("example")
        .device
        .trade_name;
    let edited = format!("{original}!");

    click(&c, r#"[data-view="device"]"#).await;
    until_name(&c, &original).await;
    assert_eq!(
        find(&c, "#undo")
            .await
            .prop("disabled")
            .await
            .expect("prop"),
        Some("true".into()),
        "nothing to undo yet"
    );

    // One keystroke at the end of the field: one edit, one step.
    find(&c, NAME)
        .await
        .send_keys("\u{E010}!")
        .await
        .expect("type");
    until_name(&c, &edited).await;
    until("the unsaved mark", || present(&c, DIRTY)).await;

    // Ctrl+Z in the field (U+E009 Control, U+E000 releases it).
    find(&c, NAME)
        .await
        .send_keys("\u{E009}z\u{E000}")
        .await
        .expect("Ctrl+Z");
    until_name(&c, &original).await;
    until("the project to be clean again", || async {
        !present(&c, DIRTY).await
    })
    .await;
    // The app's history took it back, not the field's own undo (which
    // would have sent a new edit, leaving nothing to redo).
    until("redo to be enabled", || async { !redo_disabled(&c).await }).await;

    // Ctrl+Shift+Z (U+E008 Shift) in the field brings it back.
    find(&c, NAME)
        .await
        .send_keys("\u{E009}\u{E008}z\u{E000}")
        .await
        .expect("Ctrl+Shift+Z");
    until_name(&c, &edited).await;
    until("the unsaved mark", || present(&c, DIRTY)).await;
    until("redo to be disabled", || redo_disabled(&c)).await;

    // And the toolbar buttons.
    click(&c, "#undo").await;
    until_name(&c, &original).await;
    until("the project to be clean again", || async {
        !present(&c, DIRTY).await
    })
    .await;
    click(&c, "#redo").await;
    until_name(&c, &edited).await;
    until("the unsaved mark", || present(&c, DIRTY)).await;
    until("redo to be disabled", || redo_disabled(&c)).await;
    c.close().await.expect("end the session");
}
