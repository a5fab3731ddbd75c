//! End-to-end test of the risk view: the real app opens a project with an
//! empty risk file, the user adds an entry, sets severity and probability,
//! sees the computed initial risk and the before-control heat map; adds a
//! control and a residual probability, and sees the residual risk and the
//! after-control heat map change (computed by techfile::risk through IPC).
//! Runs like tests/e2e.rs: ignored by a plain `cargo test`, run by
//! scripts/e2e.sh (Xvfb, tauri-driver, `TECHFILE_E2E=1`, `--include-ignored`).

use crate::support;

use std::time::{Duration, Instant};

use fantoccini::Client;
use support::{attr, find, until, Driver, WAIT};

/// Scrolls an element into view and clicks it.
async fn click(c: &Client, css: &str) {
    let el = find(c, css).await;
    let arg = serde_json::to_value(&el).expect("element as JSON");
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .expect("scroll");
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Selects `v` in the select at `path`, retrying while the view is still
/// rendering the new row (WebKitWebDriver then answers "not interactable").
async fn choose(c: &Client, path: &str, v: &str) {
    let css = format!(r#"select[data-path="{path}"]"#);
    let start = Instant::now();
    loop {
        let el = find(c, &css).await;
        let arg = serde_json::to_value(&el).expect("element as JSON");
        let _ = c
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await;
        match el.select_by_value(v).await {
            Ok(()) => return,
            Err(e) if start.elapsed() < WAIT => {
                eprintln!("retrying select {v} in {path}: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("select {v} in {path}: {e}"),
        }
    }
}

async fn heat(c: &Client, map: &str, row: &str, col: &str) -> String {
    attr(
        c,
        &format!(r#"[data-testid="{map}"] td[data-row="{row}"][data-col="{col}"]"#),
        "data-count",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn add_an_entry_with_a_control_and_see_risk_and_heat_maps_change() {
    support::require_e2e();
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("risk.techfile.json");
    techfile::store::save(&project, &techfile::TechFile::empty()).expect("project");
    let driver = Driver::start(&[("TECHFILE_OPEN", &project)]);
    let c = driver.session(&[]).await;

    click(&c, r#"[data-view="risk"]"#).await;
    find(&c, r#"[data-testid="risk-no-entries"]"#).await;
    click(&c, "#risk-add-entry").await;
    find(&c, r#"input[data-path="risk.entries[0].hazard"]"#)
        .await
        .send_keys("Classifier misses AF")
        .await
        .expect("type hazard");
    choose(&c, "risk.entries[0].severity", "Critical").await;
    choose(&c, "risk.entries[0].probability", "Probable").await;

    until("the initial risk", || async {
        attr(&c, r#"[data-testid="risk-initial-0"]"#, "data-zone").await == "unacceptable"
    })
    .await;
    until("the before-control heat map", || async {
        heat(&c, "heatmap-initial", "Critical", "Probable").await == "1"
    })
    .await;
    assert_eq!(
        heat(&c, "heatmap-residual", "Critical", "Probable").await,
        "1",
        "no control yet"
    );
    // The check reports the uncontrolled unacceptable risk beside the entry.
    until("a finding beside the entry", || async {
        find(&c, r#"[data-testid="risk-findings-0"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
            .trim()
            != "0"
    })
    .await;

    // A new entry opens its editor at once.
    click(&c, r#"[data-testid="risk-add-control-0"]"#).await;
    find(
        &c,
        r#"input[data-path="risk.entries[0].controls[0].description"]"#,
    )
    .await
    .send_keys("Sensitivity-weighted operating point")
    .await
    .expect("type control");
    choose(&c, "risk.entries[0].residual_probability", "Improbable").await;

    until("the residual risk", || async {
        attr(&c, r#"[data-testid="risk-residual-0"]"#, "data-zone").await == "acceptable"
    })
    .await;
    until("the after-control heat map", || async {
        heat(&c, "heatmap-residual", "Critical", "Improbable").await == "1"
    })
    .await;
    assert_eq!(
        heat(&c, "heatmap-residual", "Critical", "Probable").await,
        "0"
    );
    assert_eq!(
        heat(&c, "heatmap-initial", "Critical", "Probable").await,
        "1"
    );

    if let Some(shot) = std::env::var_os("TECHFILE_RISK_SCREENSHOT") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("end the session");
}
