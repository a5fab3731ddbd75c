//! The declaration's items, rules and exports.

use super::rules;
use crate::diag::Rule;
use crate::model::TechFile;

fn of(tf: &TechFile, rule: &Rule) -> Vec<String> {
    crate::check::check(tf)
        .into_iter()
        .filter(|f| f.rule == rule.id)
        .map(|f| f.path)
        .collect()
}

fn signed() -> TechFile {
    let mut tf = crate::example::example().expect("example");
    let d = &mut tf.declaration;
    d.place = "Heidelberg".into();
    d.date = tf.document.date.clone();
    d.signatory = "Dr. Lena Hoffmann".into();
    d.function = "Managing Director".into();
    d.certificates = vec!["CE 123456".into()];
    tf.device.notified_body_name = "Example Notified Body".into();
    tf
}

#[test]
fn items_cover_mdr_annex_iv_and_ai_act_annex_v_once() {
    let mut tf = signed();
    tf.document.date = "2027-09-01".into();
    tf.declaration.date = "2027-09-01".into();
    let v = super::declaration(&tf);
    let cites: Vec<&str> = v.items.iter().map(|i| i.cites.as_str()).collect();
    for n in 1..=10 {
        assert!(
            cites
                .iter()
                .any(|c| c.contains(&format!("MDR Annex IV {n}"))
                    && !c.contains(&format!("MDR Annex IV {n}0"))),
            "MDR Annex IV {n} missing: {cites:?}"
        );
    }
    for n in 1..=8 {
        assert!(
            cites
                .iter()
                .any(|c| c.contains(&format!("AI Act Annex V {n}"))),
            "AI Act Annex V {n} missing: {cites:?}"
        );
    }
    assert!(v.legal_basis.contains("Art. 47"));
    let text: String = v
        .items
        .iter()
        .map(|i| i.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains(&tf.device.basic_udi_di));
    assert!(text.contains("Heidelberg") && text.contains("Managing Director"));
    assert!(text.contains("Example Notified Body") && text.contains("0123"));
    assert!(text.contains("single declaration"));
    // Without the AI Act, only the MDR's items.
    let mut no_ai = tf.clone();
    no_ai.ai.systems.clear();
    no_ai.applicability.ai_act.classification =
        Some(crate::model::applicability::AiActClass::NotAnAiSystem);
    let v = super::declaration(&no_ai);
    assert!(
        v.items.iter().all(|i| !i.cites.contains("AI Act")),
        "{:?}",
        v.items
    );
    assert_eq!(v.items.len(), 10);
}

#[test]
fn personal_data_statement_follows_the_flag() {
    let mut tf = signed();
    tf.declaration.date = "2027-09-01".into();
    tf.declaration.personal_data = true;
    let v = super::declaration(&tf);
    assert!(v.items.iter().any(|i| i.text.contains("(EU) 2016/679")));
    tf.declaration.personal_data = false;
    let v = super::declaration(&tf);
    assert!(v.items.iter().all(|i| !i.text.contains("(EU) 2016/679")));
}

#[test]
fn signatory_date_notified_body_and_certificates_are_checked() {
    let tf = signed();
    for r in [
        &rules::SIGNATORY,
        &rules::DATE,
        &rules::NOTIFIED_BODY,
        &rules::CERTIFICATES,
    ] {
        assert_eq!(of(&tf, r), Vec::<String>::new(), "{}", r.id);
    }
    let mut bad = tf.clone();
    bad.declaration.place.clear();
    bad.declaration.function.clear();
    assert_eq!(
        of(&bad, &rules::SIGNATORY),
        ["declaration.place", "declaration.function"]
    );
    bad.declaration.date = "2020-01-01".into();
    assert_eq!(of(&bad, &rules::DATE), ["declaration.date"]);
    bad.declaration.date = "15.10.2026".into();
    assert_eq!(of(&bad, &rules::DATE), ["declaration.date"]);
    bad.device.notified_body_name.clear();
    bad.declaration.certificates.clear();
    assert_eq!(
        of(&bad, &rules::NOTIFIED_BODY),
        ["device.notified_body_name"]
    );
    assert_eq!(of(&bad, &rules::CERTIFICATES), ["declaration.certificates"]);
}

#[test]
fn before_the_ai_act_applies_the_declaration_leaves_it_out_and_says_so() {
    let mut tf = signed();
    tf.applicability.ai_act.classification =
        Some(crate::model::applicability::AiActClass::HighRiskAnnexI);
    tf.declaration.date = "2027-08-01".into();
    tf.document.date = "2027-08-01".into();
    let v = super::declaration(&tf);
    assert!(
        v.items.iter().all(|i| !i.cites.contains("AI Act")),
        "{:?}",
        v.items
    );
    assert!(v.items.iter().any(|i| i
        .text
        .contains("does not declare conformity with the AI Act")
        && i.text.contains("2027-08-02")));
    assert!(!v.legal_basis.contains("AI Act"));
    tf.declaration.date = "2027-08-02".into();
    assert!(super::declaration(&tf)
        .items
        .iter()
        .any(|i| i.cites.contains("AI Act Annex V 5")));
}

#[test]
fn exported_as_its_own_markdown_and_pdf_and_placed_in_the_file() {
    use crate::export::{export, ExportFormat, ExportOptions};
    let tf = signed();
    let opts = ExportOptions {
        part: Some("declaration-of-conformity".into()),
        ..ExportOptions::default()
    };
    let md =
        String::from_utf8(export(&tf, ExportFormat::Markdown, &opts).expect("md")).expect("utf8");
    assert!(md.starts_with("# EU declaration of conformity"), "{md}");
    assert!(md.contains("1. **Manufacturer** (MDR Annex IV 1)"), "{md}");
    let pdf = export(&tf, ExportFormat::Pdf, &opts).expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        pdf,
        export(&tf, ExportFormat::Pdf, &opts).expect("pdf"),
        "deterministic"
    );
    // In the whole file: its own section, before the document register and
    // not under the AI chapter.
    let all = crate::render::markdown(&tf, &crate::render::RenderOptions::markdown()).expect("md");
    let doc = all
        .find("\n# EU declaration of conformity\n")
        .expect("section");
    let ai = all.find("\n# Artificial intelligence").expect("ai");
    let reg = all.find("\n# Document register").expect("register");
    assert!(ai < doc && doc < reg);
}

#[test]
fn the_ai_system_item_gives_the_classification_s_article() {
    let mut tf = signed();
    tf.declaration.date = "2027-09-01".into();
    let item = |tf: &TechFile| {
        super::declaration(tf)
            .items
            .into_iter()
            .find(|i| i.label == "AI system")
            .expect("the AI system item")
            .text
    };
    tf.applicability.ai_act.classification =
        Some(crate::model::applicability::AiActClass::HighRiskAnnexI);
    assert!(item(&tf).contains("high-risk under AI Act Art. 6(1): a safety component"));
    tf.applicability.ai_act.classification =
        Some(crate::model::applicability::AiActClass::HighRiskAnnexIii);
    let t = item(&tf);
    assert!(
        t.contains("high-risk under AI Act Art. 6(2): a use listed in Annex III"),
        "{t}"
    );
    assert!(!t.contains("6(1)"), "{t}");
}

#[test]
fn an_ai_system_that_is_not_high_risk_gets_no_ai_act_declaration() {
    // AI Act Art. 47(1): the EU declaration is drawn up for each high-risk
    // AI system; Art. 47(3) joins it to the MDR's only for such a system.
    let mut tf = signed();
    tf.declaration.date = "2027-09-01".into();
    tf.applicability.ai_act.classification =
        Some(crate::model::applicability::AiActClass::HighRiskAnnexI);
    assert!(super::declaration(&tf).legal_basis.contains("AI Act"));
    tf.applicability.ai_act.classification =
        Some(crate::model::applicability::AiActClass::NotHighRisk);
    let v = super::declaration(&tf);
    assert!(!v.legal_basis.contains("AI Act"), "{}", v.legal_basis);
    assert!(
        v.items.iter().all(|i| !i.cites.contains("AI Act")),
        "{:?}",
        v.items
    );
}
