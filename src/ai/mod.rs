//! The ai part of the technical file (placeholder: filled by its issue).

pub mod model;

use crate::check::Finding;
use crate::model::TechFile;

/// Findings of this part, appended to `out`.
pub fn check(_tf: &TechFile, _out: &mut Vec<Finding>) {}

/// The data this part's templates render, computed from the model.
pub fn view(_tf: &TechFile) -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// Errors of the ai part.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("{0} is not implemented yet")]
    NotImplemented(&'static str),
}

impl AiError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AiError::NotImplemented(_) => "ai.not_implemented",
        }
    }
}

/// Whether an AI system with this name exists (risk links use it).
pub fn has_system(_tf: &TechFile, _name: &str) -> bool {
    false
}
