//! The risk part of the technical file (placeholder: filled by its issue).

pub mod model;

use crate::check::Finding;
use crate::model::TechFile;

/// Findings of this part, appended to `out`.
pub fn check(_tf: &TechFile, _out: &mut Vec<Finding>) {}

/// The data this part's templates render, computed from the model.
pub fn view(_tf: &TechFile) -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// Errors of the risk part.
#[derive(Debug, thiserror::Error)]
pub enum RiskError {
    #[error("{0} is not implemented yet")]
    NotImplemented(&'static str),
}

impl RiskError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            RiskError::NotImplemented(_) => "risk.not_implemented",
        }
    }
}

pub fn export_csv(_tf: &TechFile) -> Result<Vec<u8>, RiskError> {
    Err(RiskError::NotImplemented("export_csv"))
}

pub fn export_xlsx(_tf: &TechFile) -> Result<Vec<u8>, RiskError> {
    Err(RiskError::NotImplemented("export_xlsx"))
}

/// How many risk entries link to the AI system `name` (the AI part's
/// "AI system with no linked risk entry" finding uses it).
pub fn entries_linking_ai_system(_tf: &TechFile, _name: &str) -> usize {
    0
}

/// Whether the risk file has any entries at all.
pub fn has_entries(_tf: &TechFile) -> bool {
    false
}
