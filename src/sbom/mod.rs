//! The sbom part of the technical file: importing SBOMs (CycloneDX, SPDX) and
//! VEX into the device inventory per software item (`import`, `merge`), the
//! findings over it (`check`), the data its chapter renders (`view`) and the
//! merged device SBOM as CycloneDX 1.6 (`export`). It does not know the CLI or
//! the desktop shell; both call the functions here.

mod check;
mod export;
pub mod import;
pub mod merge;
pub mod model;
mod view;

use crate::check::Finding;
use crate::model::TechFile;

pub use import::{ImportWarning, Parsed, MAX_SBOM_BYTES, SUPPORTED};
pub use merge::{import_sbom_files, import_vex_files, set_soup_field, ImportReport, SOUP_FIELDS};

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    check::check(tf, out)
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    view::view(tf)
}

/// Errors of the sbom part. Every error from an input names the file and the
/// place in it.
#[derive(Debug, thiserror::Error)]
pub enum SbomError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}: file is {size} bytes; SBOM and VEX files over {max} bytes (256 MiB) are refused"
    )]
    TooLarge { file: String, size: u64, max: u64 },
    #[error("{file}: {message}")]
    Encoding { file: String, message: String },
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// `location` is `file#/json/pointer` or `file:line:column`.
    #[error("{location}: {message}")]
    Invalid { location: String, message: String },
    #[error("{file}: {what} is not supported; Techfile reads {}", SUPPORTED)]
    Unsupported { file: String, what: String },
    #[error("the project has no SBOM components to export")]
    Empty,
}

impl SbomError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            SbomError::Read { .. } => "sbom.read",
            SbomError::TooLarge { .. } => "sbom.too_large",
            SbomError::Encoding { .. } => "sbom.encoding",
            SbomError::Syntax { .. } => "sbom.syntax",
            SbomError::Invalid { .. } => "sbom.invalid",
            SbomError::Unsupported { .. } => "sbom.unsupported",
            SbomError::Empty => "sbom.empty",
        }
    }
}

impl crate::diag::Coded for SbomError {
    fn code(&self) -> &'static str {
        SbomError::code(self)
    }
}

/// The merged device SBOM as CycloneDX 1.6 JSON.
pub fn export_cyclonedx(tf: &TechFile) -> Result<Vec<u8>, SbomError> {
    export::cyclonedx(tf)
}

/// Whether the device SBOM holds a component with this purl (risk links use it).
pub fn has_component_purl(tf: &TechFile, purl: &str) -> bool {
    !purl.is_empty() && tf.sbom.components.iter().any(|c| c.purl == purl)
}

/// Whether a vulnerability with this id (CVE, GHSA, ...) is recorded (risk links use it).
pub fn has_vulnerability(tf: &TechFile, id: &str) -> bool {
    tf.sbom
        .vulnerabilities
        .iter()
        .any(|v| v.id.eq_ignore_ascii_case(id))
}
