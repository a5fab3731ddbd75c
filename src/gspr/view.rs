//! What the GSPR templates render: the rows split into those that apply
//! (in full or in part, or not yet assessed) and those that do not, each with
//! the requirement's title from the catalogue, the standards by their
//! register designation and the evidence as "id vX, section"; the counts; and
//! the Annex I requirements the matrix does not yet cover.

use serde::Serialize;
use ts_rs::TS;

use super::catalogue::{self, Id};
use crate::model::gspr::{GsprApplicability, GsprRow};
use crate::model::TechFile;

/// The view of the GSPR matrix.
#[derive(Debug, Serialize, schemars::JsonSchema, TS)]
pub struct GsprView<'a> {
    pub has_rows: bool,
    pub counts: Counts,
    /// Rows that apply in full or in part, or are not yet assessed, in order.
    pub applicable: Vec<RowView<'a>>,
    /// Rows that do not apply, in order.
    pub not_applicable: Vec<RowView<'a>>,
    /// MDR Annex I requirements without a row (empty for an IVD).
    pub missing: Vec<String>,
}

/// How many rows say what.
#[derive(Debug, Default, Serialize, schemars::JsonSchema, TS)]
pub struct Counts {
    pub total: usize,
    pub applies: usize,
    pub partly: usize,
    pub does_not_apply: usize,
    pub unassessed: usize,
}

/// One row as rendered.
#[derive(Debug, Serialize, schemars::JsonSchema, TS)]
pub struct RowView<'a> {
    pub requirement: &'a str,
    /// The catalogue's short title; empty for an id it does not hold.
    pub title: &'static str,
    /// "Applies", "Applies in part", "Does not apply" or "Not yet assessed".
    pub applicability: &'static str,
    pub justification: &'a str,
    pub method: &'a str,
    /// Each cited standard by its register designation (the id when the
    /// register does not hold it).
    pub standards: Vec<String>,
    pub common_specifications: &'a str,
    /// Each piece of evidence as "document vVERSION, section".
    pub evidence: Vec<String>,
    pub risk_links: &'a [String],
    pub requirements: &'a [String],
}

pub fn view(tf: &TechFile) -> GsprView<'_> {
    let mut counts = Counts::default();
    let mut applicable = Vec::new();
    let mut not_applicable = Vec::new();
    for row in &tf.gspr.rows {
        counts.total += 1;
        let label = match row.applicability {
            Some(GsprApplicability::Applies) => {
                counts.applies += 1;
                "Applies"
            }
            Some(GsprApplicability::Partly) => {
                counts.partly += 1;
                "Applies in part"
            }
            Some(GsprApplicability::DoesNotApply) => {
                counts.does_not_apply += 1;
                "Does not apply"
            }
            None => {
                counts.unassessed += 1;
                "Not yet assessed"
            }
        };
        let v = row_view(tf, row, label);
        if row.applicability == Some(GsprApplicability::DoesNotApply) {
            not_applicable.push(v);
        } else {
            applicable.push(v);
        }
    }
    let ivdr = tf.device.risk_class.is_some_and(|c| c.is_ivdr());
    let missing = if ivdr || tf.gspr.rows.is_empty() {
        Vec::new()
    } else {
        catalogue::mdr()
            .iter()
            .filter(|r| r.needs_row())
            .map(|r| r.row_id())
            .filter(|id| !tf.gspr.rows.iter().any(|r| r.requirement.trim() == id))
            .collect()
    };
    GsprView {
        has_rows: !tf.gspr.rows.is_empty(),
        counts,
        applicable,
        not_applicable,
        missing,
    }
}

fn row_view<'a>(tf: &'a TechFile, row: &'a GsprRow, label: &'static str) -> RowView<'a> {
    let title = match catalogue::lookup(row.requirement.trim()) {
        Id::Mdr(r) => r.title.as_str(),
        _ => "",
    };
    RowView {
        requirement: &row.requirement,
        title,
        applicability: label,
        justification: &row.justification,
        method: &row.method,
        standards: row
            .standards
            .iter()
            .map(|id| {
                tf.standards
                    .entries
                    .iter()
                    .find(|s| s.id == *id)
                    .filter(|s| !s.designation.is_empty())
                    .map(|s| s.designation.clone())
                    .unwrap_or_else(|| id.clone())
            })
            .collect(),
        common_specifications: &row.common_specifications,
        evidence: row
            .evidence
            .iter()
            .map(|e| {
                let mut s = e.document_id.clone();
                if !e.version.is_empty() {
                    s.push_str(&format!(" v{}", e.version));
                }
                if !e.section.is_empty() {
                    s.push_str(&format!(", {}", e.section));
                }
                s
            })
            .collect(),
        risk_links: &row.risk_links,
        requirements: &row.requirements,
    }
}
