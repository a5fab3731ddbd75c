//! The standards register (MDR Annex II 4(c), AI Act Annex IV 7): every
//! standard the file applies, with its edition and amendments, whether it is
//! harmonised (and where the Official Journal lists it) or applied as the
//! state of the art, and how far it is applied. GSPR rows cite it by id; the
//! `standards` part checks it and every place that cites a standard.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The standards register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct StandardsPart {
    /// The standards applied.
    pub entries: Vec<Standard>,
    /// MDR Annex II 4(c), Art. 9: the explicit statement that no common
    /// specification exists or is applied for the device (required when no
    /// GSPR row names one), e.g. "No common specification under Art. 9 has
    /// been adopted for this device type."
    pub no_common_specification: String,
}

/// One standard of the register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Standard {
    /// Register id that GSPR rows cite, e.g. `EN-62304`; unique.
    pub id: String,
    /// The dated designation as applied, with amendments, e.g.
    /// `EN 62304:2006+A1:2015`. Every citation of the standard in the file
    /// must name this edition.
    pub designation: String,
    pub title: String,
    /// The edition, e.g. `1.1` or `2015 consolidated`.
    pub edition: String,
    /// Amendments and corrigenda applied, e.g. `A1:2015`.
    pub amendments: Vec<String>,
    /// The international standard a European one adopts, when its date
    /// differs or it is cited so, e.g. `IEC 82304-1:2016` for
    /// `EN IEC 82304-1:2017`: citations of it name the same edition.
    pub adopts: String,
    /// Whether the reference is published in the Official Journal under the
    /// Regulation (presumption of conformity, MDR Art. 8).
    pub harmonised: bool,
    /// The Official Journal reference of the harmonisation, e.g.
    /// `Commission Implementing Decision (EU) 2022/757`.
    pub oj_reference: String,
    /// Why the standard represents the state of the art, when it is not
    /// harmonised (MDR Annex I 1; Annex II 4(c)).
    pub state_of_the_art: String,
    /// Whether the standard is applied fully or in part.
    pub applied: Option<StandardExtent>,
    /// Clauses not applied or applied differently, with the justification;
    /// required when applied in part.
    pub deviations: String,
}

crate::model::keyword_enum! {
    /// How far a standard is applied (MDR Annex II 4(c): "in full or in part").
    pub enum StandardExtent {
        Fully = "fully",
        Partly = "partly",
    }
}
