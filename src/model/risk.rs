//! Model types of the risk part: the ISO 14971 risk management plan (scales,
//! acceptability matrix, policy) and the risk entries with their control
//! measures and links. It owns the stored shape only; computed values
//! (initial and residual risk, acceptability) live in `risk::compute`, rules
//! in `risk::check`.
//!
//! Scale values are stored as level names (readable in the project file and
//! in diffs); importers translate numbers and foreign labels into names.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The risk management file: ISO 14971 §4.5, also AI Act Art. 9 (risk
/// management system) and CRA Art. 13(2) / Annex VII 3 (cybersecurity risk
/// assessment), which share one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RiskPart {
    /// ISO 14971 §4.4: the risk management plan.
    pub plan: RiskPlan,
    /// ISO 14971 §5-§7: one entry per hazard -> hazardous situation -> harm.
    pub entries: Vec<RiskEntry>,
    /// ISO 14971 §8: evaluation of the overall residual risk (Markdown).
    pub overall_residual_risk: String,
}

/// ISO 14971 §4.4: the risk management plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RiskPlan {
    /// ISO 14971 §4.4 a): scope of the planned activities (Markdown).
    pub scope: String,
    /// ISO 14971 §4.2: the policy for establishing criteria for risk
    /// acceptability (Markdown).
    pub policy: String,
    /// ISO 14971 §4.4 d), §5.5: severity levels, least severe first.
    pub severity: Vec<ScaleLevel>,
    /// ISO 14971 §4.4 d), §5.5: probability levels, least probable first.
    pub probability: Vec<ScaleLevel>,
    /// ISO 14971 §4.4 d): acceptability of each severity x probability cell.
    /// One row per severity level (same order as `severity`, least severe
    /// first), one cell per probability level (same order as `probability`).
    pub matrix: Vec<Vec<Acceptability>>,
    /// ISO 14971 §4.4 e), f): verification activities and the activities for
    /// production and post-production information (Markdown).
    pub verification: String,
}

/// One ordered level of a severity or probability scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct ScaleLevel {
    /// Unique name of the level in its scale, e.g. `Critical`; entries refer
    /// to levels by this name.
    pub name: String,
    /// What the level means, e.g. "permanent impairment or life-threatening injury".
    pub description: String,
    /// Probability scales only: the lowest probability (per use, 0..1) that
    /// falls in this level. Used to place P1 x P2 on the scale when an entry
    /// gives no overall probability (ISO/TR 24971 §5.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub at_least: Option<f64>,
    /// Severity scales only: the IEC 62304 §4.3 safety class a software
    /// item contributing to a hazard of this severity needs. Unset, the
    /// plan's default applies: the least severe level A, the next B, every
    /// other C (no injury / non-serious injury / serious injury or death).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub safety_class: Option<crate::model::SafetyClass>,
}

crate::model::keyword_enum! {
    /// ISO 14971 §4.4 d): acceptability of a risk (a matrix cell).
    pub enum Acceptability {
        /// Acceptable without further risk reduction.
        Acceptable = "acceptable",
        /// Investigate further: reduce as far as possible (ALARP zone).
        Alarp = "alarp",
        /// Not acceptable: risk control required (§7.1) or benefit-risk (§7.4).
        Unacceptable = "unacceptable",
    }
}

impl Acceptability {
    pub fn label(self) -> &'static str {
        match self {
            Acceptability::Acceptable => "Acceptable",
            Acceptability::Alarp => "Investigate further (ALARP)",
            Acceptability::Unacceptable => "Unacceptable",
        }
    }

    /// Reads `acceptable`, `alarp` / `investigate`, `unacceptable` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "acceptable" | "a" | "yes" => Some(Acceptability::Acceptable),
            "alarp" | "investigate" | "investigate further" => Some(Acceptability::Alarp),
            "unacceptable" | "u" | "no" => Some(Acceptability::Unacceptable),
            _ => None,
        }
    }
}

/// One risk: ISO 14971 §5.4 (hazard, sequence of events, hazardous
/// situation, harm), §5.5 (estimation), §6 (evaluation), §7 (control).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RiskEntry {
    /// Unique id of the entry, e.g. `HAZ-012`.
    pub id: String,
    /// Kind of hazard source, e.g. `software`, `cybersecurity`, `AI/ML`,
    /// `use error`, `electrical` (ISO 14971 Annex C; AAMI TIR57; AI Act Art. 9).
    pub category: String,
    /// ISO 14971 §5.4: the hazard (potential source of harm).
    pub hazard: String,
    /// ISO 14971 §5.4: the foreseeable sequence of events.
    pub sequence_of_events: String,
    /// ISO 14971 §5.4: the hazardous situation.
    pub hazardous_situation: String,
    /// ISO 14971 §5.4: the harm.
    pub harm: String,
    /// ISO 14971 §5.5: severity of the harm (a level name of the plan).
    pub severity: String,
    /// ISO/TR 24971 §5.5: P1, probability of the hazardous situation
    /// occurring, as written (e.g. `10^-5`, `1e-5`, `0.001`).
    pub p1: String,
    /// ISO/TR 24971 §5.5: P2, probability of the hazardous situation leading
    /// to harm, as written.
    pub p2: String,
    /// ISO 14971 §5.5: overall probability of occurrence of harm (a level
    /// name of the plan). When empty, P1 x P2 is placed on the scale.
    pub probability: String,
    /// ISO 14971 §7.1: risk control measures, in the order applied.
    pub controls: Vec<RiskControl>,
    /// ISO 14971 §7.3: severity after control (a level name; empty: unchanged).
    pub residual_severity: String,
    /// ISO 14971 §7.3: probability after control (a level name; empty: unchanged).
    pub residual_probability: String,
    /// ISO 14971 §7.4: benefit-risk justification where the residual risk is
    /// not acceptable (Markdown).
    pub benefit_risk: String,
    /// Traceability to the rest of the technical file.
    pub links: RiskLinks,
    /// Anything else the source table said about this risk (e.g. columns of
    /// an imported FMEA that have no field here).
    pub notes: String,
}

/// ISO 14971 §7.1-§7.5: one risk control measure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RiskControl {
    /// Id of the measure, e.g. `RC-04`; the same measure may control several entries.
    pub id: String,
    /// ISO 14971 §7.1: what the measure is.
    pub description: String,
    /// ISO 14971 §7.1: the option used, in the standard's priority order.
    #[serde(rename = "type")]
    pub kind: Option<ControlType>,
    /// ISO 14971 §7.2: where the measure is implemented (requirement, design
    /// element, labelling section).
    pub implementation: String,
    /// ISO 14971 §7.2: verification of implementation.
    pub verification_implementation: Verification,
    /// ISO 14971 §7.2: verification of effectiveness.
    pub verification_effectiveness: Verification,
    /// The software release that implements the control; empty for the
    /// release the file documents (`device.version`). A later release
    /// leaves the risk uncontrolled in this one.
    pub release: String,
    /// ISO 14971 §7.5: ids of the entries for risks this measure introduces.
    pub new_risks: Vec<String>,
}

crate::model::keyword_enum! {
    /// ISO 14971 §7.1: risk control options, in priority order.
    pub enum ControlType {
        /// §7.1 a): inherently safe design and manufacture.
        InherentSafety = "inherent-safety",
        /// §7.1 b): protective measures in the device or its manufacture.
        ProtectiveMeasure = "protective-measure",
        /// §7.1 c): information for safety and, where appropriate, training.
        InformationForSafety = "information-for-safety",
    }
}

impl ControlType {
    pub fn label(self) -> &'static str {
        match self {
            ControlType::InherentSafety => "Inherent safety by design",
            ControlType::ProtectiveMeasure => "Protective measure",
            ControlType::InformationForSafety => "Information for safety",
        }
    }

    /// Reads the stored form, the label, and the wordings common in risk
    /// tables (`Internal measure – Protective measure`, `design`, `IFU`, ...).
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        let has = |w: &str| t.contains(w);
        if has("inherent") || has("by design") || t == "design" || t == "isd" {
            Some(ControlType::InherentSafety)
        } else if has("protective") || has("protection") || t == "pm" {
            Some(ControlType::ProtectiveMeasure)
        } else if has("information")
            || has("labelling")
            || has("labeling")
            || has("training")
            || t == "ifu"
            || t == "ifs"
        {
            Some(ControlType::InformationForSafety)
        } else {
            None
        }
    }
}

/// ISO 14971 §7.2: how a measure was verified and the record that shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Verification {
    /// The verification activity, e.g. "unit test of lead-off detection".
    pub method: String,
    /// ISO 14971 §7.2: the record, e.g. an evidence `document_id` such as
    /// `VVR-ECG-014` or a test id.
    pub evidence: String,
}

impl Verification {
    pub fn is_empty(&self) -> bool {
        self.method.trim().is_empty() && self.evidence.trim().is_empty()
    }
}

/// Links from an entry to the rest of the technical file (ISO 14971 §10
/// traceability; AAMI TIR57 / CRA Annex I to SBOM components and
/// vulnerabilities; AI Act Art. 9 to AI systems).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct RiskLinks {
    /// Names of software items (IEC 62304 §7.1) that contribute to the hazard.
    pub software_items: Vec<String>,
    /// Package URLs of SBOM components involved (CRA Annex I Part II).
    pub components: Vec<String>,
    /// Ids of vulnerabilities (CVE, GHSA, ...) behind the hazard.
    pub vulnerabilities: Vec<String>,
    /// Names of AI systems (AI Act Art. 9) involved.
    pub ai_systems: Vec<String>,
    /// Requirement or test ids the entry traces to (not checked: they live
    /// outside the file).
    pub requirements: Vec<String>,
}

impl RiskLinks {
    pub fn is_empty(&self) -> bool {
        self.software_items.is_empty()
            && self.components.is_empty()
            && self.vulnerabilities.is_empty()
            && self.ai_systems.is_empty()
            && self.requirements.is_empty()
    }
}

fn level(name: &str, description: &str, at_least: Option<f64>) -> ScaleLevel {
    ScaleLevel {
        name: name.into(),
        description: description.into(),
        at_least,
        safety_class: None,
    }
}

impl Default for RiskPlan {
    /// A 5 x 5 plan in the style of ISO/TR 24971 Annex A examples: five
    /// severity and five probability levels, a matrix with a diagonal ALARP
    /// band, and a policy to edit.
    fn default() -> Self {
        use Acceptability::{Acceptable as A, Alarp as L, Unacceptable as U};
        RiskPlan {
            scope: String::new(),
            policy: "Risks are reduced as far as possible without adversely affecting the benefit-risk ratio \
                     (MDR Annex I 2). A risk in the acceptable zone needs no further reduction; a risk in the \
                     investigate-further zone is reduced where practicable; a risk in the unacceptable zone \
                     is controlled, or accepted only with a documented benefit-risk analysis (ISO 14971 §7.4)."
                .into(),
            severity: vec![
                level("Negligible", "Inconvenience or temporary discomfort", None),
                level("Minor", "Temporary injury or impairment not requiring medical intervention", None),
                level("Serious", "Injury or impairment requiring medical intervention", None),
                level("Critical", "Permanent impairment or life-threatening injury", None),
                level("Catastrophic", "Death", None),
            ],
            probability: vec![
                level("Improbable", "Less than once in a million uses (< 10^-6)", Some(0.0)),
                level("Remote", "Once in 10^6 to 10^4 uses", Some(1e-6)),
                level("Occasional", "Once in 10^4 to 10^3 uses", Some(1e-4)),
                level("Probable", "Once in 10^3 to 100 uses", Some(1e-3)),
                level("Frequent", "More than once in 100 uses (>= 10^-2)", Some(1e-2)),
            ],
            matrix: vec![
                vec![A, A, A, A, L],
                vec![A, A, A, L, L],
                vec![A, A, L, L, U],
                vec![A, L, L, U, U],
                vec![L, L, U, U, U],
            ],
            verification: String::new(),
        }
    }
}
