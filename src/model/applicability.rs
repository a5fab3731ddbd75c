//! Which acts apply to the product and why: the device regulation (MDR or
//! IVDR; the class, rule, route and the rationale for qualification as a
//! device are in `Device`), the AI Act
//! classification of its AI systems, and the products of the manufacturer
//! that are not devices, to which alone the CRA applies (CRA Art. 2(2)).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The project's statement of the acts that apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Applicability {
    /// The device regulation the file answers.
    pub regulation: Option<DeviceRegulation>,
    /// The AI Act classification of the device's AI systems.
    pub ai_act: AiActApplicability,
    /// The manufacturer's products that are not devices and fall under the
    /// CRA (a non-device companion app, a gateway). The device itself never
    /// does (CRA Art. 2(2)(a)-(b)); its cybersecurity is MDR Annex I §17.2,
    /// §17.4 and §18.8 (IVDR Annex I §16).
    pub cra_products: Vec<CraProduct>,
}

crate::model::keyword_enum! {
    /// The device regulation.
    pub enum DeviceRegulation {
        /// Regulation (EU) 2017/745 on medical devices.
        Mdr = "mdr",
        /// Regulation (EU) 2017/746 on in vitro diagnostic medical devices.
        Ivdr = "ivdr",
    }
}

impl DeviceRegulation {
    /// The act's short name and number.
    pub fn title(self) -> &'static str {
        match self {
            DeviceRegulation::Mdr => "MDR (EU) 2017/745",
            DeviceRegulation::Ivdr => "IVDR (EU) 2017/746",
        }
    }
}

/// How the AI Act (EU) 2024/1689 classifies the device's AI systems.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct AiActApplicability {
    pub classification: Option<AiActClass>,
    /// Why, e.g. "A safety component of a class IIa device under the MDR,
    /// which Annex I Section A lists, assessed by a notified body".
    pub rationale: String,
}

crate::model::keyword_enum! {
    /// The AI Act classification.
    pub enum AiActClass {
        /// High-risk through Art. 6(1): a product, or the safety component of
        /// a product, under Annex I Section A legislation (the MDR and the
        /// IVDR are listed) that needs third-party conformity assessment.
        HighRiskAnnexI = "high-risk-art-6-1",
        /// High-risk through Art. 6(2) and Annex III.
        HighRiskAnnexIii = "high-risk-art-6-2",
        /// An AI system that is not high-risk.
        NotHighRisk = "not-high-risk",
        /// The software is not an AI system (Art. 3(1)).
        NotAnAiSystem = "not-an-ai-system",
    }
}

/// A product of the manufacturer that is not a device and falls under the
/// CRA; its documentation is the CRA profile (Annex VII), not the device's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct CraProduct {
    pub name: String,
    /// What it is and why it is not a device.
    pub description: String,
}
