//! End-to-end tests of the views a technical writer fills in besides the
//! registers (issue 13): the software items, the applicability (the AI Act
//! classification changes the findings and the declaration), the
//! declaration of conformity (read-only, filled from values edited in other
//! views) and the document control's revision history and approvals. Each
//! edits through the fields by their `data-path`, as a writer would, saves
//! with Ctrl+S and reads the saved project from disk. Runs like
//! tests/desktop/e2e.rs: ignored by a plain `cargo test`, run by
//! scripts/e2e.sh (Xvfb, tauri-driver, `TECHFILE_E2E=1`, `--include-ignored`).
//!
//! `TECHFILE_VIEWS_SCREENSHOTS=<dir>` writes a screenshot of each view there.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Client;
use support::{click, count, find, present, save_with_ctrl_s, text_of, until, value, Driver, WAIT};
use techfile::model::applicability::AiActClass;
use techfile::model::SafetyClass;

fn field(path: &str) -> String {
    format!(r#"[data-path="{path}"]"#)
}

fn note(path: &str) -> String {
    format!(r#"[data-finding-for="{path}"]"#)
}

/// The notes (findings) shown beside the field `path`, joined.
async fn notes(c: &Client, path: &str) -> String {
    let mut out = Vec::new();
    for el in c
        .find_all(fantoccini::Locator::Css(&note(path)))
        .await
        .unwrap_or_default()
    {
        out.push(el.text().await.unwrap_or_default());
    }
    out.join(" | ")
}

async fn until_note(c: &Client, path: &str, shown: bool) {
    let what = format!(
        "a finding beside {path} to {}",
        if shown { "show" } else { "go" }
    );
    until(&what, || async { present(c, &note(path)).await == shown }).await;
}

/// Replaces the text of the field `path` by typing `text` into it.
async fn type_into(c: &Client, path: &str, text: &str) {
    let el = find(c, &field(path)).await;
    scroll_to(c, &el).await;
    el.clear().await.expect("clear");
    el.send_keys(text).await.expect("type");
}

async fn scroll_to(c: &Client, el: &fantoccini::elements::Element) {
    let arg = serde_json::to_value(el).expect("element as JSON");
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .expect("scroll");
}

/// Clicks `css` after scrolling it into view.
async fn press(c: &Client, css: &str) {
    let el = find(c, css).await;
    scroll_to(c, &el).await;
    click(c, css).await;
}

/// Selects `v` in the select at `path` (retried while the view renders the
/// row it is in: WebKitWebDriver then answers "not interactable").
async fn choose(c: &Client, path: &str, v: &str) {
    let css = format!(r#"select[data-path="{path}"]"#);
    let start = Instant::now();
    loop {
        let el = find(c, &css).await;
        scroll_to(c, &el).await;
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

/// Shows the view `id` once `ready` is in it.
async fn show(c: &Client, id: &str, ready: &str) {
    click(c, &format!(r#"[data-view="{id}"]"#)).await;
    find(c, &format!(r#"[data-active-view="{id}"]"#)).await;
    find(c, ready).await;
}

/// With `TECHFILE_VIEWS_SCREENSHOTS` set, writes a screenshot `<name>.png`.
async fn shoot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("TECHFILE_VIEWS_SCREENSHOTS") {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png)
            .expect("write the screenshot");
    }
}

/// A copy of the example in a temporary folder, the app started on it.
async fn on_the_example(prefix: &str) -> (tempfile::TempDir, PathBuf, Driver, Client) {
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("tempdir");
    let project = tmp.path().join("techfile.json");
    std::fs::write(&project, techfile::example::EXAMPLE_JSON).expect("copy the example");
    let driver = Driver::start(&[]);
    let c = driver
        .session(&[project.to_str().expect("utf-8 path")])
        .await;
    find(&c, r#"[data-count="error"]"#).await;
    (tmp, project, driver, c)
}

/// The declaration's text as the view shows it, once it holds `want`.
async fn declaration_with(c: &Client, want: &str) -> String {
    let css = r#"[data-testid="declaration"]"#;
    let start = Instant::now();
    loop {
        let text = text_of(c, css).await;
        if text.contains(want) {
            return text;
        }
        assert!(
            start.elapsed() < WAIT,
            "timed out waiting for the declaration to say {want:?}: {text}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn software_items_are_added_edited_removed_and_saved() {
    support::require_e2e();
    let (_tmp, project, _driver, c) = on_the_example("techfile-e2e-items-").await;
    let example = techfile::example::example().expect("example");
    let n = example.software_items.len();
    show(&c, "software-items", &field("software_items[0].name")).await;
    let used = example
        .sbom
        .components
        .iter()
        .filter(|k| k.items.contains(&example.software_items[0].name))
        .count();
    assert_eq!(
        text_of(&c, r#"[data-testid="item-components-0"]"#).await,
        format!("{used} SBOM components")
    );

    // A new item: its name, version and class are missing.
    press(&c, "#add-software-item").await;
    let at = format!("software_items[{n}]");
    find(&c, &field(&format!("{at}.name"))).await;
    for f in ["name", "version", "safety_class"] {
        until_note(&c, &format!("{at}.{f}"), true).await;
    }
    // A name another item has: the check says so.
    let taken = &example.software_items[n - 1].name;
    type_into(&c, &format!("{at}.name"), taken).await;
    until("the repeated name's finding", || async {
        notes(&c, &format!("{at}.name")).await.contains("repeats")
    })
    .await;
    type_into(&c, &format!("{at}.name"), "alarm-gateway").await;
    type_into(&c, &format!("{at}.version"), "0.9.0").await;
    choose(&c, &format!("{at}.safety_class"), "B").await;
    type_into(
        &c,
        &format!("{at}.safety_class_rationale"),
        "Hardware watchdog on the gateway (external risk control RC-31).",
    )
    .await;
    type_into(
        &c,
        &format!("{at}.description"),
        "Forwards alarms of the analysis service to the ward system.",
    )
    .await;
    for f in ["name", "version", "safety_class"] {
        until_note(&c, &format!("{at}.{f}"), false).await;
    }
    until("the card's title", || async {
        text_of(&c, &format!(r#"[data-item="{n}"] .title"#)).await == "alarm-gateway"
    })
    .await;
    assert_eq!(
        text_of(&c, &format!(r#"[data-testid="item-components-{n}"]"#)).await,
        "0 SBOM components"
    );
    // An existing item's version.
    type_into(&c, "software_items[0].version", "3.2.2").await;

    // One more, removed again.
    press(&c, "#add-software-item").await;
    find(&c, &field(&format!("software_items[{}].name", n + 1))).await;
    press(&c, &format!(r#"[data-testid="remove-item-{}"]"#, n + 1)).await;
    until("the removed card to go", || async {
        !present(&c, &format!(r#"[data-item="{}"]"#, n + 1)).await
    })
    .await;
    c.execute(
        &format!(
            "document.querySelector('[data-item=\"{n}\"]').scrollIntoView({{block: 'center'}})"
        ),
        vec![],
    )
    .await
    .expect("scroll");
    shoot(&c, "software-items").await;

    save_with_ctrl_s(&c, &field(&format!("{at}.name"))).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    assert_eq!(saved.software_items.len(), n + 1);
    let item = &saved.software_items[n];
    assert_eq!(
        (item.name.as_str(), item.version.as_str(), item.safety_class),
        ("alarm-gateway", "0.9.0", Some(SafetyClass::B))
    );
    assert_eq!(
        item.safety_class_rationale,
        "Hardware watchdog on the gateway (external risk control RC-31)."
    );
    assert_eq!(
        item.description,
        "Forwards alarms of the analysis service to the ward system."
    );
    assert_eq!(saved.software_items[0].version, "3.2.2");
    assert_eq!(saved.software_items[1..n], example.software_items[1..n]);
    c.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn the_ai_act_classification_changes_the_findings_and_the_declaration() {
    support::require_e2e();
    let (_tmp, project, _driver, c) = on_the_example("techfile-e2e-applicability-").await;
    let class = "applicability.ai_act.classification";

    // The example: high-risk under Art. 6(1), whose obligations apply
    // after the declaration's date, so it leaves the AI Act out.
    show(&c, "declaration", r#"[data-testid="declaration"] h2"#).await;
    let before = declaration_with(&c, "does not declare conformity with the AI Act").await;
    assert!(
        !before.contains("Regulation (EU) 2024/1689 laying down"),
        "{before}"
    );

    show(&c, "applicability", &field("applicability.regulation")).await;
    assert!(
        !present(&c, &note(class)).await,
        "the example's classification is fine"
    );
    // Not an AI system, yet AI systems are documented: a finding.
    choose(&c, class, "not-an-ai-system").await;
    until("the contradiction's finding", || async {
        notes(&c, class).await.contains("not an AI system")
    })
    .await;
    // Annex III high-risk: its obligations apply from 2026-08-02, before
    // the declaration's date, so the declaration now covers the AI Act.
    choose(&c, class, "high-risk-art-6-2").await;
    until_note(&c, class, false).await;
    // No rationale: a finding; one written: none.
    let rationale = "applicability.ai_act.rationale";
    type_into(&c, rationale, " ").await;
    until_note(&c, rationale, true).await;
    type_into(
        &c,
        rationale,
        "Used for triage in emergency care (Annex III 5(d)).",
    )
    .await;
    until_note(&c, rationale, false).await;

    // A product that is not a device, under the CRA: named and described.
    let products = "applicability.cra_products";
    press(&c, &format!(r#"[data-add="{products}"]"#)).await;
    until_note(&c, &format!("{products}[0].name"), true).await;
    type_into(
        &c,
        &format!("{products}[0].name"),
        "CardioSense Fleet Console",
    )
    .await;
    type_into(
        &c,
        &format!("{products}[0].description"),
        "Device management for hospital IT; no medical purpose, so not a device.",
    )
    .await;
    until_note(&c, &format!("{products}[0].name"), false).await;
    until_note(&c, &format!("{products}[0].description"), false).await;
    shoot(&c, "applicability").await;

    show(&c, "declaration", r#"[data-testid="declaration"] h2"#).await;
    let after = declaration_with(
        &c,
        "Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (AI Act)",
    )
    .await;
    assert!(!after.contains("does not declare conformity"), "{after}");
    assert!(after.contains("AI Act Annex V"), "{after}");
    shoot(&c, "declaration-ai-act").await;

    save_with_ctrl_s(&c, &field("declaration.number")).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    let a = &saved.applicability;
    assert_eq!(a.ai_act.classification, Some(AiActClass::HighRiskAnnexIii));
    assert_eq!(
        a.ai_act.rationale,
        "Used for triage in emergency care (Annex III 5(d))."
    );
    assert_eq!(a.cra_products.len(), 1);
    assert_eq!(a.cra_products[0].name, "CardioSense Fleet Console");
    assert_eq!(
        a.cra_products[0].description,
        "Device management for hospital IT; no medical purpose, so not a device."
    );
    c.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn the_declaration_shows_what_other_views_edit_and_is_read_only() {
    support::require_e2e();
    let (_tmp, project, _driver, c) = on_the_example("techfile-e2e-declaration-").await;
    let example = techfile::example::example().expect("example");

    // Edited elsewhere: the device's name and version, the file's version.
    show(&c, "device", &field("device.trade_name")).await;
    type_into(&c, "device.trade_name", "CardioSense AI Pro").await;
    type_into(&c, "device.version", "3.3.0").await;
    type_into(
        &c,
        "device.notified_body_name",
        "Example Certification GmbH",
    )
    .await;
    show(&c, "document", &field("document.version")).await;
    type_into(&c, "document.version", "2.2").await;

    show(&c, "declaration", r#"[data-testid="declaration"] h2"#).await;
    let text = declaration_with(&c, "CardioSense AI Pro, software version 3.3.0").await;
    assert!(
        text.contains(&format!(
            "technical file {} version 2.2",
            example.document.document_id
        )),
        "{text}"
    );
    assert!(
        text.contains("Example Certification GmbH, notified body number"),
        "{text}"
    );
    // Read-only: the text has no control to edit it.
    let controls = count(
        &c,
        r#"[data-testid="declaration"] :is(input, textarea, select, [contenteditable])"#,
    )
    .await;
    assert_eq!(controls, 0);
    // Its own details, below it, change it too.
    type_into(&c, "declaration.place", "Mannheim").await;
    let date = &example.declaration.date;
    declaration_with(&c, &format!("Place and date of issue: Mannheim, {date}")).await;
    shoot(&c, "declaration").await;
    // The Markdown source shows the same.
    click(&c, r#"[data-testid="declaration-source"]"#).await;
    let md = text_of(&c, r#"[data-testid="declaration-markdown"]"#).await;
    assert!(
        md.contains("CardioSense AI Pro, software version 3.3.0"),
        "{md}"
    );
    assert!(md.starts_with("# EU declaration of conformity"), "{md}");

    save_with_ctrl_s(&c, &field("declaration.place")).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    assert_eq!(saved.device.trade_name, "CardioSense AI Pro");
    assert_eq!(saved.device.version, "3.3.0");
    assert_eq!(
        saved.device.notified_body_name,
        "Example Certification GmbH"
    );
    assert_eq!(saved.document.version, "2.2");
    assert_eq!(saved.declaration.place, "Mannheim");
    // The saved file's declaration says what the view showed.
    let signed = techfile::declaration::declaration(&saved)
        .items
        .into_iter()
        .find(|i| i.label == "Signed")
        .expect("the signature item");
    assert!(signed.text.contains("Mannheim"), "{}", signed.text);
    c.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn a_revision_and_an_approval_are_added_in_document_control_and_saved() {
    support::require_e2e();
    let (_tmp, project, _driver, c) = on_the_example("techfile-e2e-document-").await;
    let example = techfile::example::example().expect("example");
    let d = &example.document;
    show(&c, "document", &field("document.title")).await;

    // A new version of the file: its revision is missing from the history.
    type_into(&c, "document.version", "2.2").await;
    until("the missing revision's finding", || async {
        notes(&c, "document.revisions")
            .await
            .contains("no entry for the current version 2.2")
    })
    .await;
    let r = d.revisions.len();
    press(&c, r#"[data-add="document.revisions"]"#).await;
    let rev = format!("document.revisions[{r}]");
    type_into(&c, &format!("{rev}.version"), "2.2").await;
    until_note(&c, "document.revisions", false).await;
    type_into(&c, &format!("{rev}.date"), "30.11.2026").await;
    until("the date's finding", || async {
        notes(&c, &format!("{rev}.date"))
            .await
            .contains("not a date")
    })
    .await;
    // Not after the file's own date (a consistency finding otherwise).
    type_into(&c, &format!("{rev}.date"), &d.date).await;
    until_note(&c, &format!("{rev}.date"), false).await;
    type_into(&c, &format!("{rev}.author"), "Jonas Becker").await;
    type_into(
        &c,
        &format!("{rev}.description"),
        "Release 3.3.0: alarm gateway added.",
    )
    .await;

    // An approval of the new version: who, as what, when, meaning what.
    let a = d.approvals.len();
    press(&c, r#"[data-add="document.approvals"]"#).await;
    let app = format!("document.approvals[{a}]");
    for f in ["name", "role", "meaning", "date"] {
        until_note(&c, &format!("{app}.{f}"), true).await;
    }
    type_into(&c, &format!("{app}.name"), "Jonas Becker").await;
    type_into(&c, &format!("{app}.role"), "Quality Manager").await;
    type_into(&c, &format!("{app}.date"), &d.date).await;
    type_into(&c, &format!("{app}.meaning"), "Approved for release").await;
    type_into(
        &c,
        &format!("{app}.certificate_subject"),
        "CN=Jonas Becker,O=Veridian",
    )
    .await;
    for f in ["name", "role", "meaning", "date"] {
        until_note(&c, &format!("{app}.{f}"), false).await;
    }
    assert_eq!(
        value(&c, &field(&format!("{app}.name"))).await,
        "Jonas Becker"
    );
    // The first approval moves down one row.
    press(
        &c,
        r#"[data-path="document.approvals"] tbody tr:first-child button[title="Move down"]"#,
    )
    .await;
    until("the approvals reordered", || async {
        value(&c, &field("document.approvals[1].name")).await == d.approvals[0].name
    })
    .await;
    let el = find(&c, &field(&format!("{app}.name"))).await;
    scroll_to(&c, &el).await;
    shoot(&c, "document").await;

    save_with_ctrl_s(&c, &field(&format!("{app}.name"))).await;
    let saved = techfile::store::load(&project).expect("the saved project loads");
    let s = &saved.document;
    assert_eq!(s.version, "2.2");
    assert_eq!(s.revisions.len(), r + 1);
    let got = &s.revisions[r];
    assert_eq!(
        [&got.version, &got.date, &got.author, &got.description].map(String::as_str),
        [
            "2.2",
            d.date.as_str(),
            "Jonas Becker",
            "Release 3.3.0: alarm gateway added."
        ]
    );
    assert_eq!(s.revisions[..r], d.revisions[..]);
    assert_eq!(s.approvals.len(), a + 1);
    let got = &s.approvals[a];
    assert_eq!(
        [
            &got.name,
            &got.role,
            &got.date,
            &got.meaning,
            &got.certificate_subject
        ]
        .map(String::as_str),
        [
            "Jonas Becker",
            "Quality Manager",
            d.date.as_str(),
            "Approved for release",
            "CN=Jonas Becker,O=Veridian"
        ]
    );
    assert_eq!(
        [&s.approvals[0].name, &s.approvals[1].name],
        [&d.approvals[1].name, &d.approvals[0].name],
        "moved down"
    );
    c.close().await.expect("close session");
}
