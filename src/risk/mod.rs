//! The risk part of the technical file: the ISO 14971 risk management file
//! (plan, entries, controls, traceability), shared with AI Act Art. 9 and the
//! CRA cybersecurity risk assessment. It owns the risk model, the computed
//! risk, the risk findings, the risk view for the templates, and CSV/XLSX
//! import and export. It does not own software items, SBOM components or AI
//! systems: it links to them by name, purl or id and asks their parts.

pub mod check;
pub mod compute;
pub mod export;
pub mod import;
pub mod mapping;
/// The part's types live in `model::risk` (the model owns every stored type).
pub use crate::model::risk as model;
pub mod rules;
pub mod table;
pub mod view;

use std::path::PathBuf;

use crate::diag::Finding;
use crate::links::Links;
use crate::model::TechFile;

pub use import::{import_file, read_table, Imported};
pub use mapping::Mapping;

/// The part's name in the registry and the key of its view in the templates.
pub const NAME: &str = "risk";

/// The model paths this part owns.
pub const PATHS: &[&str] = &["risk"];

/// Findings of this part, appended to `out`.
pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    check::check(tf, links, out);
}

/// The data this part's templates render, computed from the model.
pub fn view(tf: &TechFile) -> serde_json::Value {
    serde_json::to_value(view::view(tf)).unwrap_or_default()
}

/// Errors of the risk part. Errors about an input file name the file and,
/// where it applies, the row and column (or the line and column of a mapping).
#[derive(Debug, thiserror::Error)]
pub enum RiskError {
    #[error("{}: cannot read: {error}", file.display())]
    Read {
        file: PathBuf,
        /// Shown in the message, so not also a `source()` (a report would
        /// print the OS error twice).
        error: std::io::Error,
    },
    #[error("{}: {size}; risk tables and mapping files over {max} bytes are refused", file.display())]
    TooLarge {
        file: PathBuf,
        size: crate::util::InputSize,
        max: u64,
    },
    #[error("{}: {}{message}", file.display(), location(sheet.as_deref(), *row, column.as_deref()))]
    Table {
        file: PathBuf,
        /// The workbook sheet, for a workbook.
        sheet: Option<String>,
        /// 1-based sheet row.
        row: Option<usize>,
        column: Option<String>,
        message: String,
    },
    #[error("{}: not a readable workbook: {message}", file.display())]
    Workbook { file: PathBuf, message: String },
    #[error("{}: no sheet `{sheet}`; the workbook has: {available}", file.display())]
    Sheet {
        file: PathBuf,
        sheet: String,
        available: String,
    },
    #[error("{}:{line}:{column}: {message}", file.display())]
    Mapping {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot write the risk table: {0}")]
    Export(String),
}

fn location(sheet: Option<&str>, row: Option<usize>, column: Option<&str>) -> String {
    let place = match (row, column) {
        (Some(r), Some(c)) => format!("row {r}, column `{c}`: "),
        (Some(r), None) => format!("row {r}: "),
        (None, Some(c)) => format!("column `{c}`: "),
        (None, None) => String::new(),
    };
    match sheet {
        Some(s) if place.is_empty() => format!("sheet `{s}`: "),
        Some(s) => format!("sheet `{s}`, {place}"),
        None => place,
    }
}

impl RiskError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            RiskError::Read { .. } => "risk.read",
            RiskError::TooLarge { .. } => "risk.too_large",
            RiskError::Table { .. } => "risk.table",
            RiskError::Workbook { .. } => "risk.workbook",
            RiskError::Sheet { .. } => "risk.sheet",
            RiskError::Mapping { .. } => "risk.mapping",
            RiskError::Export(_) => "risk.export",
        }
    }
}

impl crate::diag::Coded for RiskError {
    fn code(&self) -> &'static str {
        RiskError::code(self)
    }
}

/// The risk table as CSV (full layout; see `risk::table`).
pub fn export_csv(tf: &TechFile) -> Result<Vec<u8>, RiskError> {
    export::export_csv(tf)
}

/// The risk table as XLSX (full layout; see `risk::table`).
pub fn export_xlsx(tf: &TechFile) -> Result<Vec<u8>, RiskError> {
    export::export_xlsx(tf)
}
