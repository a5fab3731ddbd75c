//! End-to-end test of the Preview view: the real app on a copy of the
//! example draws the exported PDF with pdf.js under the app's CSP (page 1's
//! canvas has ink), marks it stale after an edit, refreshes (the time is
//! printed: the issue's target is 1.5 s), and scrolls to a heading's page
//! from the outline. Runs like e2e.rs (scripts/e2e.sh); with
//! `TECHFILE_SCREENSHOT_PREVIEW=<png>` it also writes a screenshot.

use std::time::{Duration, Instant};

use crate::support;

use fantoccini::Client;
use support::{attr, click, count, find, present, until, Driver};

/// Dark pixels on page `n`'s canvas once it is drawn for document
/// generation `generation` (0 when it is not).
async fn ink(c: &Client, n: u32, generation: &str) -> u64 {
    let script = r#"
        const [n, gen] = arguments;
        const el = document.querySelector(`[data-page="${n}"]`);
        if (!el || el.dataset.drawn !== gen) return 0;
        const cv = el.querySelector('canvas');
        if (!cv || !cv.width) return 0;
        const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) ink++;
        }
        return ink;
    "#;
    c.execute(script, vec![n.into(), generation.into()])
        .await
        .expect("read the canvas")
        .as_u64()
        .unwrap_or(0)
}

async fn generation(c: &Client) -> String {
    attr(c, r#"[data-testid="preview-pages"]"#, "data-generation").await
}

/// Waits until page 1 is drawn for a generation other than `old`; the new one.
async fn drawn_after(c: &Client, old: &str) -> String {
    let start = Instant::now();
    loop {
        let g = generation(c).await;
        if g != old && g != "0" && ink(c, 1, &g).await > 500 {
            return g;
        }
        assert!(
            start.elapsed() < support::WAIT,
            "timed out waiting for page 1 drawn with ink"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn preview_draws_marks_stale_refreshes_and_follows_the_outline() {
    support::require_e2e();
    let tmp = tempfile::Builder::new()
        .prefix("techfile-e2e-")
        .tempdir()
        .expect("tempdir");
    let project = tmp.path().join("device.techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let driver = Driver::start(&[]);
    let c = driver.session(&[project.to_str().expect("utf-8")]).await;
    find(&c, r#"[data-path="document.title"]"#).await;
    // pdf.js must work under the CSP as it is: any violation is recorded.
    c.execute(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', \
         (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));",
        vec![],
    )
    .await
    .expect("listen for CSP violations");

    let t = Instant::now();
    click(&c, r#"[data-view="preview"]"#).await;
    let first = drawn_after(&c, "").await;
    let pages = count(&c, "[data-page]").await;
    let ms = attr(&c, r#"[data-testid="preview-status"]"#, "data-refresh-ms").await;
    eprintln!(
        "preview: first draw {:?} (export + load {ms} ms), {pages} pages",
        t.elapsed()
    );
    assert!(pages > 10, "the example has many pages: {pages}");
    assert!(!present(&c, r#"[data-testid="preview-stale"]"#).await);

    // An edit elsewhere makes the preview stale, shown when coming back.
    click(&c, r#"[data-view="device"]"#).await;
    let name = find(&c, r#"[data-path="device.trade_name"]"#).await;
    name.clear().await.expect("clear");
    name.send_keys("Previewed Name").await.expect("type");
    click(&c, r#"[data-view="preview"]"#).await;
    find(&c, r#"[data-testid="preview-stale"]"#).await;

    let t = Instant::now();
    click(&c, "#preview-refresh").await;
    let second = drawn_after(&c, &first).await;
    let took = t.elapsed();
    until("the stale mark to go", || async {
        !present(&c, r#"[data-testid="preview-stale"]"#).await
    })
    .await;
    let ms = attr(&c, r#"[data-testid="preview-status"]"#, "data-refresh-ms").await;
    eprintln!("preview: refresh {took:?} to page 1 drawn (export + load {ms} ms; target 1.5 s)");

    // A heading of the outline scrolls its page to the top.
    let script = r#"
        const b = [...document.querySelectorAll('[data-outline-page]')]
          .find((b) => Number(b.dataset.outlinePage) >= 5);
        if (!b) return null;
        b.scrollIntoView({block: 'center'});
        b.id = 'outline-target';
        return Number(b.dataset.outlinePage);
    "#;
    let page = c
        .execute(script, vec![])
        .await
        .expect("an outline heading")
        .as_u64()
        .expect("a heading on page 5 or later");
    let before = scroll_top(&c).await;
    click(&c, "#outline-target").await;
    let offset = r#"
        const s = document.querySelector('[data-testid="preview-pages"]');
        const p = document.querySelector(`[data-page="${arguments[0]}"]`);
        return p.getBoundingClientRect().top - s.getBoundingClientRect().top;
    "#;
    until("the heading's page at the top", || async {
        let top = c
            .execute(offset, vec![page.into()])
            .await
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::MAX);
        top.abs() < 20.0
    })
    .await;
    let after = scroll_top(&c).await;
    assert!(after > before, "scrolled from {before} to {after}");
    until("the heading's page drawn", || async {
        ink(&c, page as u32, &second).await > 100
    })
    .await;
    eprintln!("preview: outline heading -> page {page}, scrollTop {before} -> {after}");

    let violations = c
        .execute("return window.__csp", vec![])
        .await
        .expect("CSP violations");
    assert_eq!(
        violations,
        serde_json::json!([]),
        "the CSP refused something"
    );

    if let Some(shot) = std::env::var_os("TECHFILE_SCREENSHOT_PREVIEW") {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("end the session");
}

async fn scroll_top(c: &Client) -> f64 {
    c.execute(
        "return document.querySelector('[data-testid=\"preview-pages\"]').scrollTop",
        vec![],
    )
    .await
    .expect("scrollTop")
    .as_f64()
    .unwrap_or(0.0)
}

/// The stress project (`gen-stress project 1 OUT.json`, ~700 pages), when
/// `TECHFILE_PREVIEW_STRESS` names it: times the first draw and a refresh
/// and checks that only pages near the viewport hold a canvas.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1, a display and TECHFILE_PREVIEW_STRESS"]
async fn preview_of_the_stress_project_draws_only_near_pages() {
    support::require_e2e();
    let Some(stress) = std::env::var_os("TECHFILE_PREVIEW_STRESS") else {
        eprintln!("preview stress: TECHFILE_PREVIEW_STRESS is not set; skipped");
        return;
    };
    let driver = Driver::start(&[]);
    let c = driver
        .session(&[std::path::Path::new(&stress).to_str().expect("utf-8")])
        .await;
    find(&c, r#"[data-path="document.title"]"#).await;
    let t = Instant::now();
    click(&c, r#"[data-view="preview"]"#).await;
    let first = drawn_after(&c, "").await;
    let ms = attr(&c, r#"[data-testid="preview-status"]"#, "data-refresh-ms").await;
    eprintln!(
        "preview stress: first draw {:?} (export + load {ms} ms)",
        t.elapsed()
    );
    let t = Instant::now();
    click(&c, "#preview-refresh").await;
    drawn_after(&c, &first).await;
    let ms = attr(&c, r#"[data-testid="preview-status"]"#, "data-refresh-ms").await;
    eprintln!(
        "preview stress: refresh {:?} (export + load {ms} ms)",
        t.elapsed()
    );
    let counts = c
        .execute(
            "return [document.querySelectorAll('[data-page]').length, \
             document.querySelectorAll('[data-page] canvas').length]",
            vec![],
        )
        .await
        .expect("counts");
    eprintln!("preview stress: [pages, canvases] = {counts}");
    let pages = counts[0].as_u64().unwrap_or(0);
    let canvases = counts[1].as_u64().unwrap_or(u64::MAX);
    assert!(pages > 300, "{pages} pages");
    assert!(canvases < 20, "only near pages are drawn: {canvases}");
    c.close().await.expect("end the session");
}
