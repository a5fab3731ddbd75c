//! End-to-end test of the Chapters view: the real app on a copy of the
//! example creates a chapter, types into the CodeMirror editor (its styles
//! applied under the CSP's `style-src 'self'` through Tauri's nonce, no
//! violation reported), uses the toolbar, sees the backend's sanitised
//! preview follow (a `[[...]]` reference resolved), tags a clause from the
//! catalogue, moves the chapter up, deletes another after the confirmation,
//! saves, and finds all of it in the saved file. Runs like tests/e2e.rs:
//! ignored by a plain `cargo test`, run by scripts/e2e.sh (Xvfb,
//! tauri-driver, `TECHFILE_E2E=1`, `--include-ignored`).
//! `TECHFILE_SCREENSHOT=<png>` (scripts/e2e.sh --screenshot) also writes
//! the README picture: a chapter being written beside its preview.

use crate::support;

use fantoccini::Client;
use support::{find, text_of, until, value, Driver};

/// Scrolls an element into view and clicks it, retrying while the view is
/// still rendering (WebKitWebDriver then refuses the click).
async fn click(c: &Client, css: &str) {
    let start = std::time::Instant::now();
    loop {
        let el = find(c, css).await;
        let arg = serde_json::to_value(&el).expect("element as JSON");
        let _ = c
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await;
        match el.click().await {
            Ok(_) => return,
            Err(e) if start.elapsed() < support::WAIT => {
                eprintln!("retrying the click on {css}: {e:?}");
            }
            Err(e) => panic!("click {css}: {e:?}"),
        }
    }
}

async fn present(c: &Client, css: &str) -> bool {
    c.find(fantoccini::Locator::Css(css)).await.is_ok()
}

/// A value computed in the page by `script` (which `return`s it).
async fn eval(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn write_a_chapter_see_the_preview_and_save_it() {
    support::require_e2e();
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("chapters.techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let example = techfile::example::example().expect("example");
    let n = example.chapters.len();
    assert!(n >= 2, "the example has chapters");
    let trade_name = example.device.trade_name.trim().to_string();

    let driver = Driver::start(&[("TECHFILE_OPEN", &project)]);
    let c = driver.session(&[]).await;

    // Watch for CSP violations from here on: the editor mounts later.
    eval(
        &c,
        "window.__csp = []; document.addEventListener('securitypolicyviolation', \
         (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); return true;",
    )
    .await;

    click(&c, r#"[data-view="chapters"]"#).await;
    until("the example's chapters listed", || async {
        present(&c, &format!(r#"[data-select-chapter="{}"]"#, n - 1)).await
    })
    .await;

    // Create a chapter: it is appended and chosen.
    click(&c, "#add-chapter").await;
    let at = format!("chapters[{n}]");
    let title = find(&c, &format!(r#"[data-path="{at}.title"]"#)).await;
    title.clear().await.expect("clear the title");
    title
        .send_keys("Usability engineering")
        .await
        .expect("type the title");

    // Type into the CodeMirror editor.
    let body_css = format!(r#"[data-path="{at}.body"] .cm-content"#);
    click(&c, &body_css).await;
    find(&c, &body_css)
        .await
        .send_keys("Scope of the device")
        .await
        .expect("type into the editor");
    // CodeMirror's own styles apply (its base theme makes the editor a
    // column flex box): its style element got the page's nonce.
    let flex = eval(
        &c,
        &format!(
            "return getComputedStyle(document.querySelector('[data-path=\"{at}.body\"] .cm-editor')).flexDirection;"
        ),
    )
    .await;
    assert_eq!(flex, "column", "CodeMirror's styles are applied");

    // The toolbar makes the line a heading; then a paragraph with a reference.
    click(&c, r#"[data-format="heading"]"#).await;
    find(&c, &body_css)
        .await
        .send_keys("\u{E010}\u{E007}\u{E007}Made by **[[device.trade_name]]**.")
        .await
        .expect("type a paragraph");

    // The preview follows: the body's heading nested under the chapter's
    // (`##` becomes a level-4 heading, as in the export), the reference
    // resolved by the backend.
    until("the preview heading", || async {
        present(&c, r#"[data-testid="chapter-preview"] h4"#).await
            && text_of(&c, r#"[data-testid="chapter-preview"] h4"#).await == "Scope of the device"
    })
    .await;
    until("the resolved reference in the preview", || async {
        present(&c, r#"[data-testid="chapter-preview"] strong"#).await
            && text_of(&c, r#"[data-testid="chapter-preview"] strong"#).await == trade_name
    })
    .await;
    assert_eq!(
        text_of(&c, r#"[data-testid="chapter-preview"] h2"#).await,
        "Usability engineering"
    );

    // Tag a clause from the catalogue.
    let search = find(&c, r#"[data-testid="clause-search"]"#).await;
    search
        .send_keys("MDR-II-6.1")
        .await
        .expect("search a clause");
    click(&c, r#"[data-clause="MDR-II-6.1"]"#).await;
    find(&c, &format!(r#"[data-path="{at}.clauses[0]"]"#)).await;

    // Move it up one place, by keyboard (Enter on the focused button).
    let up = find(&c, &format!(r#"[data-move="up"][data-index="{n}"]"#)).await;
    up.send_keys("\u{E007}").await.expect("Enter on move up");
    let moved = n - 1;
    until("the chapter moved up", || async {
        value(&c, &format!(r#"[data-path="chapters[{moved}].title"]"#)).await
            == "Usability engineering"
    })
    .await;

    // Delete the first chapter, after the confirmation.
    click(&c, r#"[data-delete="0"]"#).await;
    find(&c, r#"[data-testid="confirm-delete"]"#).await;
    click(&c, r#"[data-testid="do-delete"]"#).await;
    until("the first chapter gone", || async {
        !present(&c, r#"[data-testid="confirm-delete"]"#).await
            && !present(&c, &format!(r#"[data-select-chapter="{n}"]"#)).await
    })
    .await;

    // Save to the open file and read it back.
    click(&c, "#save").await;
    until("the save", || async {
        !present(&c, r#"[data-testid="dirty"]"#).await
    })
    .await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    assert_eq!(saved.chapters.len(), n, "one added, one deleted");
    assert_eq!(
        saved.chapters[0].id, example.chapters[1].id,
        "the first is gone"
    );
    let ch = &saved.chapters[n - 2];
    assert_eq!(ch.id, format!("chapter-{}", n + 1));
    assert_eq!(ch.title, "Usability engineering");
    assert_eq!(ch.clauses, vec!["MDR-II-6.1".to_string()]);
    assert_eq!(
        ch.body,
        "## Scope of the device\n\nMade by **[[device.trade_name]]**."
    );
    assert_eq!(saved.chapters[n - 1].id, example.chapters[n - 1].id);

    if let Some(shot) = std::env::var_os("TECHFILE_SCREENSHOT") {
        // The chapter's editor and preview in view, painted.
        eval(
            &c,
            "document.querySelector('[aria-labelledby=\"chapter-title\"]').scrollIntoView({block: 'start'}); return true;",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }

    let violations = eval(&c, "return window.__csp;").await;
    assert_eq!(violations, serde_json::json!([]), "CSP violations");
    c.close().await.expect("end the session");
}
