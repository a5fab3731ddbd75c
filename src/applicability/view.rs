//! The `applicability` view: the acts that apply, as the templates and the
//! PDF's front matter (cover, keywords, subject) name them, and the clauses
//! the device's cybersecurity chapter is keyed to.

use serde_json::{json, Value};

use crate::model::applicability::{AiActClass, DeviceRegulation};
use crate::model::TechFile;

/// What the templates render of `applicability`: `regulation` (`title`,
/// `short`, `stated`), `ai_act` (`classification`, `rationale`,
/// `applies_from`; null when the AI Act does not apply), `cra_products`,
/// `acts` and `cybersecurity`.
pub fn view(tf: &TechFile) -> Value {
    let a = &tf.applicability;
    let reg = super::regulation(tf);
    let class = a.ai_act.classification;
    let ai_act = super::ai_act_applies(tf).then(|| {
        json!({
            "classification": class.map(describe).unwrap_or(""),
            "rationale": a.ai_act.rationale,
            "applies_from": class.map(applies_from).unwrap_or_default(),
        })
    });
    json!({
        "regulation": {
            "title": reg.title(),
            "short": short(reg),
            "stated": a.regulation.is_some(),
        },
        "ai_act": ai_act,
        "cra_products": a.cra_products,
        "acts": acts(tf),
        "cybersecurity": cybersecurity(reg),
    })
}

/// The acts whose documentation the file is, for the cover and the PDF
/// keywords: `MDR Annex II`, `MDR Annex III` (or the IVDR's) and, where the
/// AI Act applies, `AI Act Annex IV`.
pub fn acts(tf: &TechFile) -> Vec<&'static str> {
    let mut acts = match super::regulation(tf) {
        DeviceRegulation::Mdr => vec!["MDR Annex II", "MDR Annex III"],
        DeviceRegulation::Ivdr => vec!["IVDR Annex II", "IVDR Annex III"],
    };
    if super::ai_act_applies(tf) {
        acts.push("AI Act Annex IV");
    }
    acts
}

/// The clauses, guidance and standard the device's cybersecurity is keyed to.
pub fn cybersecurity(reg: DeviceRegulation) -> &'static str {
    match reg {
        DeviceRegulation::Mdr => {
            "MDR Annex I §17.2, §17.4 and §18.8; MDCG 2019-16 rev. 1; EN IEC 81001-5-1"
        }
        DeviceRegulation::Ivdr => "IVDR Annex I §16; MDCG 2019-16 rev. 1; EN IEC 81001-5-1",
    }
}

fn short(reg: DeviceRegulation) -> &'static str {
    match reg {
        DeviceRegulation::Mdr => "MDR",
        DeviceRegulation::Ivdr => "IVDR",
    }
}

/// `YYYY-MM-DD (Art. 113(c))`: when the classification's high-risk
/// obligations apply and the provision that says so; `""` when none.
fn applies_from(class: AiActClass) -> String {
    let article = match class {
        AiActClass::HighRiskAnnexI => "Art. 113(c)",
        _ => "Art. 113",
    };
    super::ai_act_applies_from(class)
        .map(|d| format!("{:04}-{:02}-{:02} ({article})", d.year, d.month, d.day))
        .unwrap_or_default()
}

fn describe(c: AiActClass) -> &'static str {
    match c {
        AiActClass::HighRiskAnnexI => "High-risk AI system: Art. 6(1) and Annex I Section A (device legislation with third-party conformity assessment)",
        AiActClass::HighRiskAnnexIii => "High-risk AI system: Art. 6(2) and Annex III",
        AiActClass::NotHighRisk => "AI system that is not high-risk",
        AiActClass::NotAnAiSystem => "Not an AI system (Art. 3(1))",
    }
}
