//! End-to-end tests of a file dropped on the window: an SBOM dropped as a
//! person drops it (a `drop` event carrying the file, which the web view
//! gets because tauri.conf.json turns Tauri's own drop handling off) is
//! imported, and the notice says what it did; one that names none of the
//! project's two software items asks which it belongs to, and goes to the
//! one chosen with the keyboard. Runs like tests/e2e.rs: ignored by a
//! plain `cargo test`, run by scripts/e2e.sh (Xvfb, tauri-driver,
//! `TECHFILE_E2E=1`, `--include-ignored`). `TECHFILE_DROP_SCREENSHOT=<png>`
//! also writes a screenshot of the question.

use crate::support;

use support::{click, find, present, until, Driver};

/// A CycloneDX SBOM describing `subject`, with the one component left-pad.
fn sbom(subject: &str) -> String {
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{{"component":{{"type":"application","name":"{subject}","version":"1.0.0"}}}},"components":[{{"type":"library","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0"}}]}}"#
    )
}

/// Drops a file `name` holding `text` on the app, as a person would.
async fn drop_file(c: &fantoccini::Client, name: &str, text: &str) {
    let script = format!(
        r#"const dt = new DataTransfer();
        dt.items.add(new File([{text}], {name}, {{ type: 'application/json' }}));
        const app = document.querySelector('.app');
        for (const type of ['dragenter', 'dragover', 'drop']) {{
          app.dispatchEvent(new DragEvent(type, {{ dataTransfer: dt, bubbles: true, cancelable: true }}));
        }}
        return true;"#,
        text = serde_json::to_string(text).expect("JSON string"),
        name = serde_json::to_string(name).expect("JSON string"),
    );
    c.execute(&script, vec![]).await.expect("drop the file");
}

async fn notice_says(c: &fantoccini::Client, what: &str) {
    let notice = r#"[data-testid="notice"]"#;
    until(&format!("the notice `{what}`"), || async {
        find(c, notice)
            .await
            .attr("textContent")
            .await
            .ok()
            .flatten()
            .is_some_and(|t| t.contains(what))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_dropped_sbom_naming_an_item_is_imported_and_the_notice_says_so() {
    support::require_e2e();
    let driver = Driver::start(&[]);
    let c = driver.session(&[]).await;
    find(&c, r#"[data-path="document.title"]"#).await;
    drop_file(&c, "dropped.cdx.json", &sbom("ecg-viewer-app")).await;
    notice_says(&c, "from dropped.cdx.json (SBOM) into ecg-viewer-app").await;
    assert!(!present(&c, "#item-dialog").await, "no question");
    // The component is in the SBOM view.
    click(&c, r#"[data-view="sbom"]"#).await;
    until("the dropped component", || async {
        c.source().await.is_ok_and(|s| s.contains("left-pad"))
    })
    .await;
    c.close().await.expect("end the session");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_dropped_sbom_naming_neither_of_two_items_goes_to_the_one_chosen() {
    support::require_e2e();
    // The example cut to two software items.
    let tmp = tempfile::tempdir().expect("dir");
    let project = tmp.path().join("two-items.techfile.json");
    let mut tf = techfile::example::example().expect("example");
    tf.software_items.truncate(2);
    let names: Vec<String> = tf.software_items.iter().map(|i| i.name.clone()).collect();
    assert_eq!(names, ["ecg-analysis-service", "ecg-viewer-app"]);
    for comp in &mut tf.sbom.components {
        comp.items.retain(|i| names.contains(i));
    }
    tf.sbom.components.retain(|c| !c.items.is_empty());
    techfile::store::save(&project, &tf).expect("write the project");

    let driver = Driver::start(&[]);
    let c = driver
        .session(&[project.to_str().expect("utf-8 path")])
        .await;
    find(&c, r#"[data-path="document.title"]"#).await;
    drop_file(&c, "dropped.cdx.json", &sbom("dropped-service")).await;

    let dialog = find(&c, r#"#item-dialog[role="dialog"][aria-modal="true"]"#).await;
    let label = support::attr(&c, "#item-dialog", "aria-labelledby").await;
    let title = find(&c, &format!("#{label}"))
        .await
        .text()
        .await
        .expect("title");
    assert_eq!(title, "Which software item is this SBOM of?");
    let text = dialog.text().await.expect("dialog text");
    assert!(
        text.contains("ecg-analysis-service") && text.contains("ecg-viewer-app"),
        "{text}"
    );
    if let Some(shot) = std::env::var_os("TECHFILE_DROP_SCREENSHOT") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    // Focus is on the first item: the arrow key moves to the second,
    // Enter imports (U+E015 down arrow, U+E007 Enter).
    let first = r#"#item-dialog input[data-item="ecg-analysis-service"]"#;
    until("focus on the first item", || async {
        c.execute(
            &format!(
                "return document.activeElement === document.querySelector('{}');",
                first.replace('\'', "\\'")
            ),
            vec![],
        )
        .await
        .is_ok_and(|v| v == serde_json::json!(true))
    })
    .await;
    find(&c, first)
        .await
        .send_keys("\u{E015}")
        .await
        .expect("arrow down");
    let second = r#"#item-dialog input[data-item="ecg-viewer-app"]"#;
    until("the second item chosen", || async {
        support::prop_of(&c, second, "checked").await == "true"
    })
    .await;
    find(&c, second)
        .await
        .send_keys("\u{E007}")
        .await
        .expect("Enter");
    notice_says(
        &c,
        "Imported 1 from dropped.cdx.json (SBOM) into ecg-viewer-app",
    )
    .await;
    assert!(!present(&c, "#item-dialog").await, "the question is gone");

    // The component landed under the second item and no new item was made.
    click(&c, r#"[data-view="sbom"]"#).await;
    find(&c, r#"[data-testid="sbom-search"]"#)
        .await
        .send_keys("left-pad")
        .await
        .expect("search");
    let count = r#"[data-testid="sbom-count"]"#;
    click(
        &c,
        r#"[data-testid="sbom-item"] option[value="ecg-viewer-app"]"#,
    )
    .await;
    until("left-pad under the second item", || async {
        support::text_of(&c, count).await.starts_with("1 of ")
    })
    .await;
    find(&c, r#"[data-component="pkg:npm/left-pad@1.3.0"]"#).await;
    click(
        &c,
        r#"[data-testid="sbom-item"] option[value="ecg-analysis-service"]"#,
    )
    .await;
    until("left-pad not under the first item", || async {
        support::text_of(&c, count).await.starts_with("0 of ")
    })
    .await;
    assert!(
        !present(
            &c,
            r#"[data-testid="sbom-item"] option[value="dropped-service"]"#
        )
        .await
    );
    c.close().await.expect("end the session");
}
