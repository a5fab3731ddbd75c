//! What the standards template renders: each standard with its status
//! (harmonised with the OJ reference, or state of the art with the reason)
//! and extent, the common specifications the GSPR rows apply, and the
//! register's "no common specification" statement.

use serde::Serialize;
use ts_rs::TS;

use crate::model::standards::{Standard, StandardExtent};
use crate::model::TechFile;

/// The view of the standards register.
#[derive(Debug, Serialize, schemars::JsonSchema, TS)]
pub struct StandardsView<'a> {
    pub has_entries: bool,
    pub entries: Vec<EntryView<'a>>,
    /// "MDR-I-x: text" for each GSPR row that applies a common specification.
    pub common_specifications: Vec<String>,
    pub no_common_specification: &'a str,
}

/// One standard as rendered.
#[derive(Debug, Serialize, schemars::JsonSchema, TS)]
pub struct EntryView<'a> {
    pub standard: &'a Standard,
    /// "Harmonised (OJ reference)" or "State of the art".
    pub status: String,
    /// "Fully", "In part" or "".
    pub extent: &'static str,
}

pub fn view(tf: &TechFile) -> StandardsView<'_> {
    let entries = tf
        .standards
        .entries
        .iter()
        .map(|s| EntryView {
            standard: s,
            status: if s.harmonised {
                if s.oj_reference.is_empty() {
                    "Harmonised".to_string()
                } else {
                    format!("Harmonised ({})", s.oj_reference)
                }
            } else {
                "State of the art".to_string()
            },
            extent: match s.applied {
                Some(StandardExtent::Fully) => "Fully",
                Some(StandardExtent::Partly) => "In part",
                None => "",
            },
        })
        .collect();
    StandardsView {
        has_entries: !tf.standards.entries.is_empty(),
        entries,
        common_specifications: tf
            .gspr
            .rows
            .iter()
            .filter(|r| !r.common_specifications.trim().is_empty())
            .map(|r| format!("{}: {}", r.requirement, r.common_specifications.trim()))
            .collect(),
        no_common_specification: &tf.standards.no_common_specification,
    }
}
