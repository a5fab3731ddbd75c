//! End-to-end test of recovery files: the real app on a project copy, an
//! edit, the recovery file written beside it, the app killed with SIGKILL,
//! a new start that offers the recovery, restore, save. Runs like
//! tests/e2e.rs: ignored by a plain `cargo test`, run by scripts/e2e.sh
//! (Xvfb, tauri-driver, `TECHFILE_E2E=1`, `--include-ignored`).

use crate::support;

use std::path::Path;
use std::process::Command;

use support::{click, find, present, until, value, Driver};

const NAME: &str = r#"[data-path="device.trade_name"]"#;
const DIRTY: &str = r#"[data-testid="dirty"]"#;

/// The app processes started on `project`: their command line names it
/// (the project is their argument), and the path is this test's own.
fn app_pids(project: &Path) -> Vec<u32> {
    let want = project.as_os_str().as_encoded_bytes();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return vec![];
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
                return false;
            };
            let mut args = cmdline.split(|b| *b == 0);
            let exe = args.next().unwrap_or_default();
            exe.ends_with(b"techfile-desktop") && args.any(|a| a == want)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_killed_app_offers_its_unsaved_changes_at_the_next_start() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-recovery-")
        .tempdir()
        .expect("tempdir");
    let project = tmp.path().join("techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let recovery = tmp.path().join(".techfile.json.recovery");
    let arg = project.to_str().expect("utf-8 path");
    let original = techfile::example::example()
        .expect("example")
        .device
        .trade_name;
    let edited = format!("{original} recovered");
    let env = [("TECHFILE_AUTOSAVE_MS", Path::new("300"))];

    let driver = Driver::start(&env);
    let c = driver.session(&[arg]).await;
    click(&c, r#"[data-view="device"]"#).await;
    until("the project's trade name", || async {
        value(&c, NAME).await == original
    })
    .await;
    find(&c, NAME)
        .await
        .send_keys("\u{E010} recovered")
        .await
        .expect("type");
    until("the unsaved mark", || present(&c, DIRTY)).await;
    until("the recovery file with the edit", || async {
        std::fs::read_to_string(&recovery).is_ok_and(|t| t.contains(&edited))
    })
    .await;

    // Kill the app: no close, no save, no clean-up.
    let pids = app_pids(&project);
    assert_eq!(pids.len(), 1, "one app process on {}", project.display());
    let killed = Command::new("kill")
        .args(["-KILL", &pids[0].to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    until("the app to be gone", || async {
        app_pids(&project).is_empty()
    })
    .await;
    drop(c);
    drop(driver);
    assert_eq!(
        std::fs::read_to_string(&project).expect("read"),
        techfile::example::EXAMPLE_JSON,
        "the project file is only written by a save"
    );
    assert!(recovery.exists(), "the recovery file outlives the app");

    // Start again: the recovery is offered; restore it.
    let driver = Driver::start(&env);
    let c = driver.session(&[arg]).await;
    let offer = find(&c, r#"[data-testid="recovery"]"#).await;
    let said = offer
        .prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(said.contains(".techfile.json.recovery"), "{said}");
    click(&c, "#recovery-restore").await;
    until("the offer to go", || async {
        !present(&c, r#"[data-testid="recovery"]"#).await
    })
    .await;
    click(&c, r#"[data-view="device"]"#).await;
    until("the restored trade name", || async {
        value(&c, NAME).await == edited
    })
    .await;
    assert!(present(&c, DIRTY).await, "restored as unsaved");
    assert_eq!(
        std::fs::read_to_string(&project).expect("read"),
        techfile::example::EXAMPLE_JSON,
        "restoring does not write the project"
    );

    // Save: the project has the edit, the recovery file is gone.
    click(&c, "#save").await;
    until("the save", || async { !present(&c, DIRTY).await }).await;
    until("the recovery file to go", || async { !recovery.exists() }).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    assert_eq!(saved.device.trade_name, edited);
    // And it stays gone (no autosave of a clean project).
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    assert!(!recovery.exists());
    c.close().await.expect("end the session");
}
