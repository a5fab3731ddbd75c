//! End-to-end tests that drive the real desktop app: tauri-driver starts the
//! built `techfile-desktop` under WebKitWebDriver, and the test clicks and
//! types in its window as a person would. Dialogs are answered by the app's
//! test seam (`TECHFILE_DIALOG_OPEN`, `TECHFILE_DIALOG_SAVE_DIR`).
//!
//! They need a display (Xvfb), `tauri-driver` and `WebKitWebDriver`, so they
//! are `#[ignore]`d: scripts/e2e.sh runs them under Xvfb with `TECHFILE_E2E=1`
//! and `-- --include-ignored`; a plain `cargo test` lists them as ignored.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use support::{click, find, present, save_with_ctrl_s, until, value, Driver, WAIT};

fn field(path: &str) -> String {
    format!(r#"[data-path="{path}"]"#)
}

async fn notice(c: &Client) -> String {
    match c.find(Locator::Css(r#"[data-testid="notice"]"#)).await {
        Ok(e) => e
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the status line says `needle`; the panic shows what it said.
async fn until_notice(c: &Client, needle: &str) {
    let start = Instant::now();
    loop {
        let said = notice(c).await;
        if said.contains(needle) {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "timed out waiting for a notice with {needle:?}; the notice says {said:?}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Text of an element from the DOM (not the rendered text, which is empty
/// while the window is still being laid out).
async fn text(c: &Client, css: &str) -> String {
    support::prop_of(c, css, "textContent").await
}

async fn set_text(c: &Client, css: &str, text: &str) {
    let el = find(c, css).await;
    el.clear().await.expect("clear");
    el.send_keys(text).await.expect("type");
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn workdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("techfile-e2e-")
        .tempdir()
        .expect("tempdir")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn edit_save_reopen_and_export_pdf() {
    support::require_e2e();
    let tmp = workdir();
    let project = tmp.path().join("techfile.json");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let original = techfile::example::example()
        .expect("example")
        .device
        .trade_name;
    let renamed = "Rhythmia E2E Renamed";
    let project_arg = project.to_str().expect("utf-8 path");

    let driver = Driver::start(&[
        ("TECHFILE_DIALOG_OPEN", &project),
        ("TECHFILE_DIALOG_SAVE_DIR", &out),
        ("TECHFILE_DIALOG_CONFIRM", Path::new("yes")),
    ]);
    let c = driver.session(&[project_arg]).await;

    // Open: the project given on the command line.
    click(&c, r#"[data-view="device"]"#).await;
    let name = field("device.trade_name");
    assert_eq!(value(&c, &name).await, original);

    // Edit the trade name: the project becomes dirty.
    set_text(&c, &name, renamed).await;
    save_with_ctrl_s(&c, &name).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    assert_eq!(saved.device.trade_name, renamed);

    // Reopen through the Open dialog (answered by the test seam), after the
    // "discard unsaved changes?" question (answered yes).
    set_text(&c, &name, "scratch").await;
    click(&c, "#open").await;
    until("the reopened name", || async {
        value(&c, &name).await == renamed
    })
    .await;
    assert!(!present(&c, r#"[data-testid="dirty"]"#).await);

    // Export PDF through the (seamed) save dialog; the new name is in its text.
    click(&c, "#export-pdf").await;
    until_notice(&c, "Exported PDF").await;
    let pdfs: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("out dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one PDF in {}", out.display());
    let text = pdf_text(&pdfs[0]);
    assert!(
        text.contains(renamed),
        "the PDF names {renamed}: {text:.400}"
    );

    // Export Markdown too.
    click(&c, "#export-md").await;
    until_notice(&c, "Exported Markdown").await;
    let md = std::fs::read_dir(&out)
        .expect("out dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .expect("a Markdown file");
    let md = std::fs::read_to_string(md).expect("read md");
    assert!(md.contains(renamed));

    c.close().await.expect("end the session");

    // A fresh app process on the saved file shows the change too (with a
    // fresh driver: WebKitWebDriver serves one session per start).
    drop(driver);
    let driver = Driver::start(&[]);
    let c = driver.session(&[project_arg]).await;
    click(&c, r#"[data-view="device"]"#).await;
    until("the saved name after restart", || async {
        value(&c, &name).await == renamed
    })
    .await;
    c.close().await.expect("end the session");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn starts_on_the_example_and_findings_follow_edits() {
    support::require_e2e();
    let tmp = workdir();
    // The seam is set but answers "cancel" to open dialogs: no dialog shows.
    let driver = Driver::start(&[("TECHFILE_DIALOG_SAVE_DIR", tmp.path())]);
    let c = driver.session(&[]).await;

    let example = techfile::example::example().expect("example");
    assert_eq!(
        value(&c, &field("document.document_id")).await,
        example.document.document_id
    );
    assert_eq!(
        text(&c, r#"[data-testid="project-name"]"#).await,
        "Example (not saved)"
    );

    // Findings follow the edits: blanking the trade name brings an error
    // about it; restoring it takes the error away.
    click(&c, r#"[data-view="device"]"#).await;
    let name = field("device.trade_name");
    if let Some(shot) = std::env::var_os("TECHFILE_EXAMPLE_SCREENSHOT") {
        // A picture of the example on the device view, one group
        // of findings open.
        find(&c, &name).await;
        c.execute(
            "const d = document.querySelector('details[data-part]'); if (d) d.open = true;",
            vec![],
        )
        .await
        .expect("open a findings group");
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    let about_name = r#"[data-finding-for="device.trade_name"]"#;
    assert!(!present(&c, about_name).await);
    let el = find(&c, &name).await;
    el.clear().await.expect("clear");
    el.send_keys(" ").await.expect("type");
    el.send_keys("\u{E003}").await.expect("backspace");
    until("a finding about the trade name", || present(&c, about_name)).await;
    set_text(&c, &name, &example.device.trade_name).await;
    until("the finding to go", || async {
        !present(&c, about_name).await
    })
    .await;

    // Saving the example asks where (the seam answers the save dir).
    click(&c, "#save").await;
    let saved = tmp.path().join("techfile.json");
    until("the saved example", || async { saved.exists() }).await;
    until("the saved name in the title bar", || async {
        text(&c, r#"[data-testid="project-name"]"#).await == "techfile.json"
    })
    .await;
    c.close().await.expect("end the session");
}

/// Runs tests/desktop/support/x11_window.py: `title` lists the app's window titles,
/// `close` asks the window to close as a window manager does.
fn x11_window(driver: &Driver, verb: &str) -> (bool, String) {
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/desktop/support/x11_window.py"
        ))
        .args([verb, "Techfile", &driver.pid().to_string()])
        .output()
        .expect("python3 runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
    )
}

async fn until_window_gone(driver: &Driver) {
    until("the window to close", || async {
        !x11_window(driver, "title").0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn closing_with_unsaved_changes_asks_first() {
    support::require_e2e();
    let tmp = workdir();
    let name = field("device.trade_name");

    // The question is answered "keep editing" (TECHFILE_DIALOG_CONFIRM unset).
    let driver = Driver::start(&[("TECHFILE_DIALOG_SAVE_DIR", tmp.path())]);
    let c = driver.session(&[]).await;
    click(&c, r#"[data-view="device"]"#).await;
    set_text(&c, &name, "Unsaved Name").await;
    until("the unsaved mark in the window title", || async {
        x11_window(&driver, "title")
            .1
            .lines()
            .any(|l| l.starts_with("• "))
    })
    .await;
    let (found, _) = x11_window(&driver, "close");
    assert!(found, "the app's window is there to close");
    // The window stays, with the edit.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(x11_window(&driver, "title").0, "the window stayed open");
    assert_eq!(value(&c, &name).await, "Unsaved Name");

    // Once saved, closing closes at once.
    click(&c, "#save").await;
    until("the saved title", || async {
        let (ok, t) = x11_window(&driver, "title");
        ok && !t.lines().any(|l| l.starts_with("• "))
    })
    .await;
    x11_window(&driver, "close");
    until_window_gone(&driver).await;
    drop(c);
    drop(driver);

    // With the question answered "discard", unsaved changes do not keep it.
    let driver = Driver::start(&[
        ("TECHFILE_DIALOG_SAVE_DIR", tmp.path()),
        ("TECHFILE_DIALOG_CONFIRM", Path::new("yes")),
    ]);
    let c = driver.session(&[]).await;
    click(&c, r#"[data-view="device"]"#).await;
    set_text(&c, &name, "Discarded Name").await;
    until("the unsaved mark in the window title", || async {
        x11_window(&driver, "title")
            .1
            .lines()
            .any(|l| l.starts_with("• "))
    })
    .await;
    x11_window(&driver, "close");
    until_window_gone(&driver).await;
    drop(c);
    let saved = techfile::store::load(&tmp.path().join("techfile.json")).expect("saved");
    assert_eq!(
        saved.device.trade_name, "Unsaved Name",
        "the discarded edit was not saved"
    );
}
