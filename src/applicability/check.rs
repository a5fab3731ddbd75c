//! The rules over `applicability` and the claims of conformity.

use super::claims::{claims, Act};
use super::rules;
use crate::diag::Finding;
use crate::model::applicability::{AiActClass, DeviceRegulation};
use crate::model::TechFile;

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    regulation(tf, out);
    ai_act(tf, out);
    cra(tf, out);
    premature(tf, out);
}

fn regulation(tf: &TechFile, out: &mut Vec<Finding>) {
    let a = &tf.applicability;
    match (a.regulation, tf.device.risk_class) {
        (None, _) => out.push(Finding::of(
            &rules::REGULATION,
            "applicability.regulation",
            "state the device regulation: `mdr` (EU) 2017/745 or `ivdr` (EU) 2017/746",
        )),
        (Some(r), Some(class)) if class.is_ivdr() != (r == DeviceRegulation::Ivdr) => {
            out.push(Finding::error(
                &rules::REGULATION,
                "device.risk_class",
                format!(
                    "class {} is not a class of the {} (MDR Annex VIII: I to III; IVDR Annex VIII: A to D)",
                    class.as_str(),
                    r.title()
                ),
            ))
        }
        _ => {}
    }
}

fn ai_act(tf: &TechFile, out: &mut Vec<Finding>) {
    let a = &tf.applicability.ai_act;
    let systems = tf.ai.systems.len();
    match a.classification {
        None if systems > 0 => out.push(Finding::of(
            &rules::AI_ACT,
            "applicability.ai_act.classification",
            format!("{systems} AI system(s) are documented but their AI Act classification is not stated (a device under the MDR that needs a notified body is high-risk through Art. 6(1) and Annex I Section A)"),
        )),
        Some(AiActClass::NotAnAiSystem) if systems > 0 => out.push(Finding::of(
            &rules::AI_ACT,
            "applicability.ai_act.classification",
            format!("classified as not an AI system, yet {systems} AI system(s) are documented"),
        )),
        Some(c) if c != AiActClass::NotAnAiSystem && systems == 0 => out.push(Finding::of(
            &rules::AI_ACT,
            "applicability.ai_act.classification",
            format!("classified `{}` but no AI system is documented (ai.systems)", c.as_str()),
        )),
        _ => {}
    }
    if a.classification.is_some() && a.rationale.trim().is_empty() {
        out.push(Finding::of(
            &rules::AI_ACT,
            "applicability.ai_act.rationale",
            "say why the AI Act classifies the AI system so (Art. 6(1): a safety component or product under Annex I Section A legislation that needs third-party conformity assessment)",
        ));
    }
    if tf
        .device
        .risk_class
        .is_some_and(|c| c.needs_notified_body())
        && a.classification == Some(AiActClass::NotHighRisk)
        && systems > 0
    {
        out.push(Finding::of(
            &rules::AI_ACT,
            "applicability.ai_act.classification",
            "the device needs a notified body, so an AI system in it that is a safety component or the device itself is high-risk (AI Act Art. 6(1), Annex I Section A point 11); state `high-risk-art-6-1` or say in the rationale why it is neither",
        ));
    }
}

fn cra(tf: &TechFile, out: &mut Vec<Finding>) {
    let products = &tf.applicability.cra_products;
    for (i, p) in products.iter().enumerate() {
        for (field, value) in [("name", &p.name), ("description", &p.description)] {
            if value.trim().is_empty() {
                out.push(Finding::of(
                    &rules::CRA_PRODUCT,
                    format!("applicability.cra_products[{i}].{field}"),
                    format!(
                        "a product under the CRA needs its {field} (and why it is not a device)"
                    ),
                ));
            }
        }
    }
    let device = super::regulation(tf).title();
    // A CRA clause in a chapter of the device's file. With products listed,
    // a chapter answering only CRA clauses goes to the CRA profile; one that
    // also answers the device's is printed in the device's file, CRA
    // clauses and all.
    for (i, c) in tf.chapters.iter().enumerate() {
        if !products.is_empty() && crate::core::view::chapter_section(&c.clauses) == "cra" {
            continue;
        }
        for (j, clause) in c.clauses.iter().enumerate() {
            if !clause.starts_with("CRA-") {
                continue;
            }
            let message = if products.is_empty() {
                format!("`{clause}` is a CRA clause, but the CRA does not apply to a device under the {device} (CRA Art. 2(2)); key device cybersecurity to MDR Annex I §17.2, §17.4 and §18.8 (IVDR Annex I §16), MDCG 2019-16 and IEC 81001-5-1, or list the non-device product under applicability.cra_products")
            } else {
                format!("`{clause}` is a CRA clause in a chapter that also answers the device's clauses, so it is printed in the device's file, which must not cite the CRA (Art. 2(2)); give the CRA content a chapter of its own: it goes to the CRA profile (`export --part cra-profile`)")
            };
            out.push(Finding::of(
                &rules::CRA_DEVICE,
                format!("chapters[{i}].clauses[{j}]"),
                message,
            ));
        }
    }
    for claim in claims(tf).into_iter().filter(|c| c.act == Act::Cra) {
        let names_product = products
            .iter()
            .any(|p| !p.name.trim().is_empty() && claim.sentence.contains(p.name.trim()));
        // A chapter printed in the device's file (not the CRA profile's).
        let device_chapter = claim
            .chapter
            .and_then(|i| tf.chapters.get(i))
            .is_some_and(|c| crate::core::view::chapter_section(&c.clauses) != "cra");
        let message = if !names_product {
            format!("claims conformity with the CRA (\"{}\"), which does not apply to a device under the {device} (CRA Art. 2(2)); a CRA claim belongs to a product listed under applicability.cra_products, named in the claim", short(&claim.sentence))
        } else if device_chapter {
            format!("claims CRA conformity for a non-device product (\"{}\") in a chapter printed in the device's file, which must not cite the CRA (Art. 2(2)); it belongs in the CRA profile: a chapter that answers only CRA clauses (`export --part cra-profile`)", short(&claim.sentence))
        } else {
            continue;
        };
        out.push(Finding::of(&rules::CRA_DEVICE, claim.path, message));
    }
}

fn premature(tf: &TechFile, out: &mut Vec<Finding>) {
    let Some(date) = crate::date::parse(tf.document.date.trim()) else {
        return;
    };
    let ai_from = tf
        .applicability
        .ai_act
        .classification
        .and_then(super::ai_act_applies_from);
    for claim in claims(tf) {
        let (from, act, article) = match claim.act {
            Act::AiAct => (
                ai_from,
                "the AI Act's obligations for this classification",
                "AI Act Art. 113",
            ),
            Act::Cra if !tf.applicability.cra_products.is_empty() => (
                super::cra_applies_from(),
                "the CRA's obligations",
                "CRA Art. 71(2)",
            ),
            Act::Cra => continue,
        };
        if let Some(from) = from.filter(|f| date < *f) {
            out.push(Finding::of(
                &rules::PREMATURE,
                claim.path,
                format!(
                    "claims conformity (\"{}\") in a file dated {}, but {act} apply from {:04}-{:02}-{:02} ({article}); say what is prepared for that date instead",
                    short(&claim.sentence),
                    tf.document.date.trim(),
                    from.year,
                    from.month,
                    from.day
                ),
            ));
        }
    }
}

/// A claim's sentence cut to 120 characters for a message.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(120).collect();
    if s.chars().count() > 120 {
        out.push('…');
    }
    out
}
