//! End-to-end test of the recent projects: the app started on a project
//! copy puts it on the list; started again on the bundled example, the
//! Recent menu offers it and opens it. Runs like tests/e2e.rs: ignored by a
//! plain `cargo test`, run by scripts/e2e.sh (Xvfb, tauri-driver,
//! `TECHFILE_E2E=1`, `--include-ignored`).

use crate::support;

use support::{click, find, until, value, Driver};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_project_opened_once_is_offered_under_recent_and_opens_from_there() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-recent-")
        .tempdir()
        .expect("tempdir");
    let project = tmp.path().join("recent-copy.techfile.json");
    let mut tf = techfile::example::example().expect("example");
    tf.document.title = "Recent copy".into();
    techfile::store::save(&project, &tf).expect("write the copy");
    let list = tmp.path().join("recent.json");
    let env = [("TECHFILE_RECENT_FILE", list.as_path())];
    let title = r#"[data-path="document.title"]"#;

    // Started on the copy: it goes on the list.
    let driver = Driver::start(&env);
    let c = driver
        .session(&[project.to_str().expect("utf-8 path")])
        .await;
    until("the copy's title", || async {
        value(&c, title).await == "Recent copy"
    })
    .await;
    until("the recent list", || async {
        std::fs::read_to_string(&list).is_ok_and(|t| t.contains("recent-copy.techfile.json"))
    })
    .await;
    c.close().await.expect("end the session");
    drop(driver);

    // Started on the example: the menu offers the copy and opens it.
    let driver = Driver::start(&env);
    let c = driver.session(&[]).await;
    until("the example's title", || async {
        let v = value(&c, title).await;
        !v.is_empty() && v != "Recent copy"
    })
    .await;
    click(&c, "#recent").await;
    let entry = format!(r#"[data-recent="{}"]"#, project.display());
    let text = find(&c, &entry).await.text().await.unwrap_or_default();
    assert!(text.contains("recent-copy.techfile.json"), "{text}");
    click(&c, &entry).await;
    until("the copy opened from the menu", || async {
        value(&c, title).await == "Recent copy"
    })
    .await;
    c.close().await.expect("end the session");
}
