//! The GSPR matrix (MDR Annex II 4): one row per requirement of MDR Annex I
//! (IVDR Annex I), saying whether it applies, why not where it does not, how
//! conformity is shown, which standards and common specifications are
//! applied, and where the evidence is (document id, version, section). Rows
//! cite the standards register (`standards`) by id and the document register
//! (`documents`) by document id; the `gspr` part checks both.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The GSPR matrix (MDR Annex II 4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct GsprPart {
    /// One row per Annex I requirement, in Annex I order.
    pub rows: Vec<GsprRow>,
}

/// One requirement of MDR Annex I (IVDR Annex I) and how it is met
/// (MDR Annex II 4(a)-(d)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct GsprRow {
    /// The requirement: `MDR-I-<n>[.<m>][(<letter>)]`, e.g. `MDR-I-17.2`,
    /// `MDR-I-23.4(ab)`; `IVDR-I-...` for an IVD.
    pub requirement: String,
    /// MDR Annex II 4(a): whether the requirement applies to the device.
    pub applicability: Option<GsprApplicability>,
    /// MDR Annex II 4(a): why it does not apply (or which part does not);
    /// required unless it applies in full (Markdown).
    pub justification: String,
    /// MDR Annex II 4(b): how conformity is demonstrated: what was done,
    /// not a cross (Markdown).
    pub method: String,
    /// MDR Annex II 4(c): the standards applied, by id in the standards
    /// register (`standards.entries[].id`).
    pub standards: Vec<String>,
    /// MDR Annex II 4(c): common specifications or other solutions applied
    /// for this requirement; empty when none.
    pub common_specifications: String,
    /// MDR Annex II 4(d): the controlled documents that show conformity.
    pub evidence: Vec<EvidenceRef>,
    /// Risk entries (`risk.entries[].id`) that this requirement is traced to.
    pub risk_links: Vec<String>,
    /// Requirement ids (SRS items, design inputs) that implement it.
    pub requirements: Vec<String>,
}

crate::model::keyword_enum! {
    /// Whether an Annex I requirement applies to the device (MDR Annex II 4(a)).
    pub enum GsprApplicability {
        Applies = "applies",
        DoesNotApply = "does-not-apply",
        Partly = "partly",
    }
}

/// A precise reference to evidence: a document of the document register, the
/// version relied on and the section (MDR Annex II 4(d); Team-NB: complete
/// and current reports referenced by id and version).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct EvidenceRef {
    /// `documents[].document_id`.
    pub document_id: String,
    /// The version relied on; must be the register's version.
    pub version: String,
    /// Section, table or test case within the document, e.g. `§4.2`.
    pub section: String,
}
