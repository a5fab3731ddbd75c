//! End-to-end test of the completion of `[[...]]` references in the
//! chapter editor: the real app on a copy of the example; typing `[[` in
//! the CodeMirror editor opens the list the backend gives
//! (`reference_targets`, the library's `refs::targets`), each candidate with
//! its detail; the keyboard moves to a document of the register and Enter
//! writes the whole `[[doc:ID]]`, which the live preview shows resolved (the
//! document's id and title). Runs like e2e.rs (scripts/e2e.sh); with
//! `TECHFILE_SCREENSHOT_COMPLETION=<png>` it also writes a screenshot of the
//! open list.

use std::time::Duration;

use crate::support;

use fantoccini::Client;
use support::{count, find, present, text_of, until, Driver};

/// The text of the selected option of the completion list: its label and
/// its detail.
async fn selected(c: &Client) -> (String, String) {
    let label = text_of(
        c,
        r#".cm-tooltip-autocomplete li[aria-selected="true"] .cm-completionLabel"#,
    )
    .await;
    let detail = text_of(
        c,
        r#".cm-tooltip-autocomplete li[aria-selected="true"] .cm-completionDetail"#,
    )
    .await;
    (label, detail)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn typing_double_brackets_completes_a_reference_from_the_backend() {
    support::require_e2e();
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("refs.techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let example = techfile::example::example().expect("example");
    let targets = techfile::refs::targets(&example);
    let docs: Vec<_> = targets.iter().filter(|t| t.kind == "doc").collect();
    assert!(docs.len() >= 2, "the example registers documents");

    let driver = Driver::start(&[("TECHFILE_OPEN", &project)]);
    let c = driver.session(&[]).await;
    support::click(&c, r#"[data-view="chapters"]"#).await;
    let body = r#"[data-path="chapters[0].body"] .cm-content"#;
    support::click(&c, body).await;
    // To the end of the text (Ctrl+End), a new paragraph, then `[[`
    // (Two calls: WebKitWebDriver keeps Control down to the end of one.)
    let el = find(&c, body).await;
    el.send_keys("\u{E009}\u{E010}").await.expect("Ctrl+End");
    el.send_keys("\u{E007}\u{E007}See [[")
        .await
        .expect("type [[");
    until("the completion list", || async {
        present(&c, ".cm-tooltip-autocomplete li").await
    })
    .await;
    // The candidates come with their detail; documents are listed first.
    let (label, detail) = selected(&c).await;
    let first = targets
        .iter()
        .find(|t| t.reference == label)
        .unwrap_or_else(|| panic!("{label} is a target of the library"));
    assert_eq!(first.kind, "doc", "{label}");
    assert_eq!(detail, first.detail);
    let shown = count(&c, ".cm-tooltip-autocomplete li").await;
    assert!(shown > 10, "many candidates: {shown}");

    // Narrow to the documents, move down one with the keyboard, accept with Enter.
    find(&c, body)
        .await
        .send_keys("doc:")
        .await
        .expect("type doc:");
    until("the documents only", || async {
        let labels = c
            .execute(
                "return [...document.querySelectorAll('.cm-tooltip-autocomplete li .cm-completionLabel')]\
                 .map((e) => e.textContent)",
                vec![],
            )
            .await
            .ok();
        labels.and_then(|v| v.as_array().cloned()).is_some_and(|l| {
            !l.is_empty()
                && l.iter()
                    .all(|x| x.as_str().is_some_and(|s| s.starts_with("doc:")))
        })
    })
    .await;
    if let Some(shot) = std::env::var_os("TECHFILE_SCREENSHOT_COMPLETION") {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    let (first, _) = selected(&c).await;
    find(&c, body)
        .await
        .send_keys("\u{E015}")
        .await
        .expect("ArrowDown");
    until("the next candidate selected", || async {
        selected(&c).await.0 != first
    })
    .await;
    let (chosen, chosen_detail) = selected(&c).await;
    let target = docs
        .iter()
        .find(|t| t.reference == chosen)
        .unwrap_or_else(|| panic!("{chosen} is one of the documents"));
    assert_eq!(chosen_detail, target.detail);
    // CodeMirror takes no Enter within 75 ms of the list changing.
    tokio::time::sleep(Duration::from_millis(150)).await;
    find(&c, body)
        .await
        .send_keys("\u{E007}")
        .await
        .expect("Enter");

    let written = format!("See [[{chosen}]]");
    until("the reference in the text", || async {
        text_of(&c, body).await.contains(&written)
    })
    .await;
    assert!(
        !present(&c, ".cm-tooltip-autocomplete").await,
        "the list closed"
    );

    // The live preview shows it resolved: the document's id and title.
    let id = chosen.trim_start_matches("doc:");
    let doc = example
        .documents
        .iter()
        .find(|d| d.document_id == id)
        .expect("the chosen document");
    let preview = r#"[data-testid="chapter-preview"]"#;
    until("the resolved reference in the preview", || async {
        let t = text_of(&c, preview).await;
        t.contains(&format!("See {id} {}", doc.title.trim())) && !t.contains("[[doc:")
    })
    .await;
    c.close().await.expect("end the session");
}
