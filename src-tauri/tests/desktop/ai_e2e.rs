//! End-to-end test of the AI view: the real app imports a model card from
//! the shared corpus through the (seamed) native open dialog, and the AI
//! view shows the imported system's fields filled and the items the card
//! leaves empty. Runs like tests/e2e.rs: ignored by a plain `cargo test`,
//! run by scripts/e2e.sh (Xvfb, tauri-driver, `TECHFILE_E2E=1`,
//! `--include-ignored`).

use crate::support;

use std::path::Path;

use support::{attr, find, import_and_report, until, value, Driver};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs TECHFILE_E2E=1 and a display (scripts/e2e.sh)"]
async fn import_a_corpus_model_card_and_see_the_fields_filled() {
    support::require_e2e();
    let card = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/modelcards/monai/spleen_ct_segmentation/configs/metadata.json");
    if !card.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "corpus missing at {} (CI is set)",
            card.display()
        );
        eprintln!("skipping: corpus not found at {}", card.display());
        return;
    }
    // The open dialog answers the model card (test seam of src-tauri/src/dialog.rs).
    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", &card)]);
    let c = driver.session(&[]).await;

    find(&c, r#"[data-view="ai"]"#)
        .await
        .click()
        .await
        .expect("AI view");
    // The bundled example's AI system is shown first.
    until("the example's AI system", || async {
        value(&c, r#"[data-path="ai.systems[0].name"]"#).await == "cardiosense-arrhythmia-net"
    })
    .await;

    let text = import_and_report(
        &c,
        "#import-model-card",
        r#"[data-testid="ai-import-report"]"#,
    )
    .await;
    assert!(text.contains("Imported 1 AI system"), "{text}");
    assert!(text.contains("Spleen CT segmentation"), "{text}");

    // The imported system is selected and its fields are filled from the card.
    let sys = "ai.systems[1]";
    assert_eq!(
        value(&c, &format!(r#"[data-path="{sys}.name"]"#)).await,
        "Spleen CT segmentation"
    );
    assert_eq!(
        value(&c, &format!(r#"[data-path="{sys}.version"]"#)).await,
        "0.5.9"
    );
    let purpose = value(
        &c,
        &format!(r#"[data-path="{sys}.description.intended_purpose"]"#),
    )
    .await;
    assert!(
        purpose.contains("not to be used for diagnostic purposes"),
        "{purpose}"
    );
    let data = value(
        &c,
        &format!(r#"[data-path="{sys}.development.data_requirements"]"#),
    )
    .await;
    assert!(
        data.contains("Memorial Sloan Kettering"),
        "README beside the bundle: {data}"
    );
    assert_eq!(
        value(&c, &format!(r#"[data-path="{sys}.performance[0].metric"]"#)).await,
        "mean_dice"
    );
    // The bundle's changelog is the Annex IV 6 table, its frameworks the 2(a) table.
    assert_eq!(
        value(
            &c,
            &format!(r#"[data-path="{sys}.lifecycle_changes[0].version"]"#)
        )
        .await,
        "0.5.9"
    );
    find(
        &c,
        &format!(r#"[data-path="{sys}.third_party_components"]"#),
    )
    .await;
    // Items the card does not answer are marked empty once the backend re-checks.
    until("2(h) marked empty", || async {
        attr(&c, r#"[data-item="iv-2h"]"#, "data-empty").await == "true"
    })
    .await;
    assert_eq!(
        attr(&c, r#"[data-item="iv-1c"]"#, "data-empty").await,
        "false"
    );
    assert!(find(&c, r#"[data-testid="dirty"]"#)
        .await
        .is_displayed()
        .await
        .unwrap_or(false));

    if let Some(shot) = std::env::var_os("TECHFILE_AI_SCREENSHOT") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("end the session");
}
