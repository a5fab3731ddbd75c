//! End-to-end test of a file dropped on the window: an SBOM dropped as a
//! person drops it (a `drop` event carrying the file, which the web view
//! gets because tauri.conf.json turns Tauri's own drop handling off) is
//! imported, and the notice says what it did. Runs like tests/e2e.rs:
//! ignored by a plain `cargo test`, run by scripts/e2e.sh (Xvfb,
//! tauri-driver, `TECHFILE_E2E=1`, `--include-ignored`).

use crate::support;

use support::{click, find, until, Driver};

const SBOM: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","name":"dropped-service","version":"1.0.0"}},"components":[{"type":"library","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0"}]}"#;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_dropped_sbom_is_imported_and_the_notice_says_so() {
    support::require_e2e();
    let driver = Driver::start(&[]);
    let c = driver.session(&[]).await;
    find(&c, r#"[data-path="document.title"]"#).await;
    let script = format!(
        r#"const dt = new DataTransfer();
        dt.items.add(new File([{sbom}], 'dropped.cdx.json', {{ type: 'application/json' }}));
        const app = document.querySelector('.app');
        for (const type of ['dragenter', 'dragover', 'drop']) {{
          app.dispatchEvent(new DragEvent(type, {{ dataTransfer: dt, bubbles: true, cancelable: true }}));
        }}
        return true;"#,
        sbom = serde_json::to_string(SBOM).expect("JSON string")
    );
    c.execute(&script, vec![]).await.expect("drop the file");
    let notice = r#"[data-testid="notice"]"#;
    until("the import's notice", || async {
        find(&c, notice)
            .await
            .attr("textContent")
            .await
            .ok()
            .flatten()
            .is_some_and(|t| t.contains("from dropped.cdx.json (SBOM)"))
    })
    .await;
    // The component is in the SBOM view.
    click(&c, r#"[data-view="sbom"]"#).await;
    until("the dropped component", || async {
        c.source().await.is_ok_and(|s| s.contains("left-pad"))
    })
    .await;
    c.close().await.expect("end the session");
}
