//! The AI part of the technical file: the AI systems of the device, their AI
//! Act Annex IV documentation and Art. 13(3) information for deployers. It
//! owns the model (`model`), the item catalogue (`items`), the rules
//! (`check`), the view the templates render (`view`) and the model-card
//! importers (`import`). It does not render Markdown or touch other parts.

mod check;
pub mod import;
pub mod items;
pub mod model;
pub(crate) mod view;

use std::path::PathBuf;

use crate::check::Finding;
use crate::model::TechFile;

pub use import::{import_model_card, import_model_card_bytes, ImportReport, ModelCardFormat};

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    check::check(tf, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    view::view(tf)
}

/// Where in an input file a problem is: line and column (1-based) when the
/// parser knows them, and a field path (`components[0].modelCard`) when the
/// problem is in a value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub path: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.path.is_empty() {
            write!(f, " (at `{}`)", self.path)?;
        }
        Ok(())
    }
}

/// Errors of the AI part.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("{0} is not implemented yet")]
    NotImplemented(&'static str),
    #[error("{}: cannot read: {source}", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: file is {size} bytes; model cards over {max} bytes are refused", file.display())]
    TooLarge { file: PathBuf, size: u64, max: u64 },
    #[error("{}: not a model card Techfile reads; expected {expected}", file.display())]
    UnknownFormat {
        file: PathBuf,
        expected: &'static str,
    },
    #[error("{}{place}: {message}", file.display())]
    Parse {
        file: PathBuf,
        place: Place,
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

/// Whether an AI system with this name exists (risk links use it).
pub fn has_system(tf: &TechFile, name: &str) -> bool {
    tf.ai.systems.iter().any(|s| s.name == name)
}

#[cfg(test)]
mod tests;
