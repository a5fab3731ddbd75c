//! The sbom part of the technical file (placeholder: filled by its issue).

pub mod model;

use crate::check::Finding;
use crate::model::TechFile;

/// Findings of this part, appended to `out`.
pub fn check(_tf: &TechFile, _out: &mut Vec<Finding>) {}

/// The data this part's templates render, computed from the model.
pub fn view(_tf: &TechFile) -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// Errors of the sbom part.
#[derive(Debug, thiserror::Error)]
pub enum SbomError {
    #[error("{0} is not implemented yet")]
    NotImplemented(&'static str),
}

impl SbomError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            SbomError::NotImplemented(_) => "sbom.not_implemented",
        }
    }
}

pub fn export_cyclonedx(_tf: &TechFile) -> Result<Vec<u8>, SbomError> {
    Err(SbomError::NotImplemented("export_cyclonedx"))
}

/// Whether the device SBOM holds a component with this purl (risk links use it).
pub fn has_component_purl(_tf: &TechFile, _purl: &str) -> bool {
    false
}

/// Whether a vulnerability with this id (CVE, GHSA, ...) is recorded (risk links use it).
pub fn has_vulnerability(_tf: &TechFile, _id: &str) -> bool {
    false
}
