//! The sbom part of the technical file: importing SBOMs (CycloneDX, SPDX) and
//! VEX into the device inventory per software item (`import`, `merge`), the
//! findings over it (`check`), the data its chapter renders (`view`) and the
//! merged device SBOM as CycloneDX 1.6 (`export`). It does not know the CLI or
//! the desktop shell; both call the functions here.

mod check;
mod export;
pub mod import;
pub mod merge;
pub mod profile;
/// The part's types live in `model::sbom` (the model owns every stored type).
pub use crate::model::sbom as model;
pub mod rules;
pub mod stress;
pub mod view;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

pub use import::{ImportWarning, Parsed, MAX_SBOM_BYTES, SUPPORTED};
pub use merge::{
    import_sbom_files, import_sbom_files_observed, import_vex_files, read_sbom_files,
    set_soup_field, subject_item, SOUP_FIELDS,
};

/// The stages an SBOM import tells its observer of, in order, with the
/// share of the run time each takes (5,000-component CycloneDX JSON from
/// `gen-stress sbom` into the example, release build: 2, 14, 31 and 50
/// ms; the shares add up to 1). `sbom.components` counts components
/// (`Observer::progress`).
pub const SBOM_STAGES: &[(&str, f32)] = &[
    ("sbom.read", 0.02),
    ("sbom.parse", 0.14),
    ("sbom.components", 0.32),
    ("sbom.merge", 0.52),
];

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "sbom";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["sbom"];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, links, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(view::view(tf)).unwrap_or_default()
}

/// Errors of the sbom part. Every error from an input names the file and the
/// place in it.
#[derive(Debug, thiserror::Error)]
pub enum SbomError {
    #[error("{file}: cannot read: {error}")]
    Read {
        file: String,
        /// Shown in the message, so not also a `source()` (a report would
        /// print the OS error twice).
        error: std::io::Error,
    },
    #[error("{file}: {size}; SBOM and VEX files over {max} bytes (256 MiB) are refused")]
    TooLarge {
        file: String,
        size: crate::util::InputSize,
        max: u64,
    },
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
    #[error("software item `{item}` does not exist; the project has: {existing} (to create it, pass --new-item)")]
    UnknownItem { item: String, existing: String },
    /// The observer asked to stop (`util::Observer::cancelled`); nothing
    /// was changed.
    #[error("the SBOM import was cancelled; the project is unchanged")]
    Cancelled,
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
            SbomError::UnknownItem { .. } => "sbom.unknown_item",
            SbomError::Cancelled => "sbom.cancelled",
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

/// The VEX statements as a CycloneDX 1.6 VEX document (see `export::vex`).
pub fn export_vex(tf: &TechFile) -> Result<Vec<u8>, SbomError> {
    export::vex(tf)
}

/// Refuses an import into a software item the project does not have, unless
/// the caller asks to create it: a mistyped item name must not silently
/// become a new item.
pub fn check_item(tf: &TechFile, item: Option<&str>, create: bool) -> Result<(), SbomError> {
    match item {
        Some(name) if !create && tf.software_item(name).is_none() => {
            let names: Vec<&str> = tf.software_items.iter().map(|i| i.name.as_str()).collect();
            Err(SbomError::UnknownItem {
                item: name.to_string(),
                existing: if names.is_empty() {
                    "no software items".into()
                } else {
                    names.join(", ")
                },
            })
        }
        _ => Ok(()),
    }
}
