//! The applicability part: which acts apply to the product and why. It owns
//! the rules over `applicability` (the regulation and the class agree, the
//! AI Act classification is stated, the CRA is kept to products that are not
//! devices, no conformity is claimed before an act's obligations apply) and
//! the view the templates and the PDF's front matter take the acts from.
//! Claims of conformity are found in the project's text (`claims`).

mod check;
pub mod claims;
pub mod rules;
pub mod view;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::applicability::{AiActClass, DeviceRegulation};
use crate::model::TechFile;

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "applicability";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["applicability"];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, _links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    view::view(tf)
}

/// The device regulation: as stated, else the one the risk class belongs
/// to, else the MDR.
pub fn regulation(tf: &TechFile) -> DeviceRegulation {
    tf.applicability
        .regulation
        .unwrap_or(match tf.device.risk_class.map(|c| c.is_ivdr()) {
            Some(true) => DeviceRegulation::Ivdr,
            _ => DeviceRegulation::Mdr,
        })
}

/// Whether the AI Act applies: an AI system is documented or the project
/// classifies its software as one.
pub fn ai_act_applies(tf: &TechFile) -> bool {
    match tf.applicability.ai_act.classification {
        Some(AiActClass::NotAnAiSystem) => false,
        Some(_) => true,
        None => !tf.ai.systems.is_empty(),
    }
}

/// The date from which the obligations of an AI Act classification apply
/// (Art. 113: the Regulation from 2 August 2026, Art. 6(1) and its
/// obligations from 2 August 2027). `None`: no high-risk obligations.
pub fn ai_act_applies_from(class: AiActClass) -> Option<crate::date::Date> {
    match class {
        AiActClass::HighRiskAnnexI => crate::date::Date::new(2027, 8, 2),
        AiActClass::HighRiskAnnexIii => crate::date::Date::new(2026, 8, 2),
        AiActClass::NotHighRisk | AiActClass::NotAnAiSystem => None,
    }
}

/// The date from which the CRA's obligations apply (Art. 71(2): 11 December
/// 2027; the reporting obligations of Art. 14 from 11 September 2026).
pub fn cra_applies_from() -> Option<crate::date::Date> {
    crate::date::Date::new(2027, 12, 11)
}
