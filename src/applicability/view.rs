//! The `applicability` view: the acts that apply, as the templates and the
//! PDF's front matter (cover, keywords, subject) name them, and the clauses
//! the device's cybersecurity chapter is keyed to.

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use crate::model::applicability::{AiActClass, CraProduct, DeviceRegulation};
use crate::model::TechFile;

/// What the templates render of `applicability`.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct ApplicabilityView<'a> {
    /// `MDR (EU) 2017/745` or `IVDR (EU) 2017/746`.
    pub regulation: &'static str,
    /// `MDR` or `IVDR`.
    pub regulation_short: &'static str,
    /// Whether the project states its regulation (else it is derived).
    pub regulation_stated: bool,
    /// Whether the AI Act applies.
    pub ai_act: bool,
    /// The classification's description, `""` when not stated.
    pub ai_act_classification: &'static str,
    pub ai_act_rationale: &'a str,
    /// `YYYY-MM-DD (Art. 113(c))`: when the high-risk obligations apply and
    /// the provision that says so; `""` when none.
    pub ai_act_applies_from: String,
    pub cra_products: &'a [CraProduct],
    /// The acts of the file, for the cover and the PDF keywords:
    /// `MDR Annex II`, `MDR Annex III`, `AI Act Annex IV`.
    pub acts: Vec<&'static str>,
    /// The device cybersecurity clauses: MDR Annex I §17.2, §17.4, §18.8 (or
    /// IVDR Annex I §16), MDCG 2019-16, IEC 81001-5-1.
    pub cybersecurity: &'static str,
}

pub fn view(tf: &TechFile) -> ApplicabilityView<'_> {
    let a = &tf.applicability;
    let reg = super::regulation(tf);
    let ai = super::ai_act_applies(tf);
    let class = a.ai_act.classification;
    let (short, annexes, cyber): (_, &[&str], _) = match reg {
        DeviceRegulation::Mdr => (
            "MDR",
            &["MDR Annex II", "MDR Annex III"],
            "MDR Annex I §17.2, §17.4 and §18.8; MDCG 2019-16 rev. 1; EN IEC 81001-5-1",
        ),
        DeviceRegulation::Ivdr => (
            "IVDR",
            &["IVDR Annex II", "IVDR Annex III"],
            "IVDR Annex I §16; MDCG 2019-16 rev. 1; EN IEC 81001-5-1",
        ),
    };
    let mut acts = annexes.to_vec();
    if ai {
        acts.push("AI Act Annex IV");
    }
    ApplicabilityView {
        regulation: reg.title(),
        regulation_short: short,
        regulation_stated: a.regulation.is_some(),
        ai_act: ai,
        ai_act_classification: class.map(describe).unwrap_or(""),
        ai_act_rationale: &a.ai_act.rationale,
        ai_act_applies_from: class
            .and_then(super::ai_act_applies_from)
            .map(|d| {
                let article = match class {
                    Some(AiActClass::HighRiskAnnexI) => "Art. 113(c)",
                    _ => "Art. 113",
                };
                format!("{:04}-{:02}-{:02} ({article})", d.year, d.month, d.day)
            })
            .unwrap_or_default(),
        cra_products: &a.cra_products,
        acts,
        cybersecurity: cyber,
    }
}

fn describe(c: AiActClass) -> &'static str {
    match c {
        AiActClass::HighRiskAnnexI => "High-risk AI system: Art. 6(1) and Annex I Section A (device legislation with third-party conformity assessment)",
        AiActClass::HighRiskAnnexIii => "High-risk AI system: Art. 6(2) and Annex III",
        AiActClass::NotHighRisk => "AI system that is not high-risk",
        AiActClass::NotAnAiSystem => "Not an AI system (Art. 3(1))",
    }
}
