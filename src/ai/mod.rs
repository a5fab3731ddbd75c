//! The AI part of the technical file: the AI systems of the device, their AI
//! Act Annex IV documentation and Art. 13(3) information for deployers. It
//! owns the model (`model`), the item catalogue (`items`), the rules
//! (`check`), the view the templates render (`view`) and the model-card
//! importers (`import`). It does not render Markdown or touch other parts.

mod check;
pub mod import;
pub mod items;
/// The part's types live in `model::ai` (the model owns every stored type).
pub use crate::model::ai as model;
pub mod rules;
pub mod view;

use std::path::PathBuf;

use crate::diag::Location;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

pub use import::{import_model_card, import_model_card_bytes, ModelCardFormat};

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "ai";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["ai"];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, links, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(view::view(tf)).unwrap_or_default()
}

fn located(file: &std::path::Path, place: &Location) -> Location {
    Location {
        file: file.display().to_string(),
        ..place.clone()
    }
}

/// Errors of the AI part.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("{0} is not implemented yet")]
    NotImplemented(&'static str),
    #[error("{}: cannot read: {error}", file.display())]
    Read {
        file: PathBuf,
        /// Shown in the message, so not also a `source()` (a report would
        /// print the OS error twice).
        error: std::io::Error,
    },
    #[error("{}: {size}; model cards over {max} bytes are refused", file.display())]
    TooLarge {
        file: PathBuf,
        size: crate::util::InputSize,
        max: u64,
    },
    #[error("{}: not a model card Techfile reads; expected {expected}", file.display())]
    UnknownFormat {
        file: PathBuf,
        expected: &'static str,
    },
    #[error("{}: {message}", located(file, place))]
    Parse {
        file: PathBuf,
        /// Line and column and/or field path inside `file`.
        place: Box<Location>,
        message: String,
    },
    #[error("{}: {message}", file.display())]
    NoModel { file: PathBuf, message: String },
}

impl AiError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AiError::NotImplemented(_) => "ai.not_implemented",
            AiError::Read { .. } => "ai.read",
            AiError::TooLarge { .. } => "ai.too_large",
            AiError::UnknownFormat { .. } => "ai.unknown_format",
            AiError::Parse { .. } => "ai.parse",
            AiError::NoModel { .. } => "ai.no_model",
        }
    }
}

impl crate::diag::Coded for AiError {
    fn code(&self) -> &'static str {
        AiError::code(self)
    }
}

#[cfg(test)]
mod tests;
