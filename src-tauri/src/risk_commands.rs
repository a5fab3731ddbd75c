//! IPC commands of the risk view: the computed risk view of the open project
//! (initial and residual risk, heat maps), risk-table import through the
//! native open dialog, and export of the risk table through the native save
//! dialog. Each a few lines over `techfile::risk`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::State;
use techfile::export::ExportFormat;

use crate::dialog::{self, Filter};
use crate::error::IpcError;
use crate::session::{Session, Update};
use crate::AppState;

/// The file types the risk-table import dialog offers.
pub const RISK_TABLE: Filter = Filter {
    name: "Risk table (CSV, XLSX, ODS)",
    extensions: &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"],
};
/// A mapping file for other layouts (`techfile::risk::mapping`).
pub const RISK_MAPPING: Filter = Filter {
    name: "Risk table mapping (TOML)",
    extensions: &["toml"],
};
const CSV: Filter = Filter {
    name: "CSV",
    extensions: &["csv"],
};
const XLSX: Filter = Filter {
    name: "Excel workbook",
    extensions: &["xlsx"],
};

/// The risk view (`techfile::risk::view`) of the open project.
#[tauri::command]
pub async fn risk_view(state: State<'_, AppState>) -> Result<serde_json::Value, IpcError> {
    state.with_session(|s| Ok(techfile::risk::view(s.techfile())))
}

/// What a risk-table import reported, and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct RiskImport {
    pub update: Update,
    pub imported: usize,
    pub replaced: usize,
    /// `row 7, column I "Severity": ...`
    pub warnings: Vec<String>,
}

/// Imports `table` (with an optional mapping) into the open project.
pub fn import(
    session: &mut Session,
    table: &Path,
    mapping: Option<&Path>,
) -> Result<RiskImport, IpcError> {
    let (report, update) =
        session.change(|tf| Ok(techfile::risk::import_file(tf, table, mapping)?))?;
    Ok(RiskImport {
        update,
        imported: report.imported,
        replaced: report.replaced,
        warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
    })
}

/// Asks for a risk table (and, with `with_mapping`, first for a mapping
/// file) and imports it into the open project; null when the user cancels.
#[tauri::command]
pub async fn import_risks(
    state: State<'_, AppState>,
    with_mapping: bool,
) -> Result<Option<RiskImport>, IpcError> {
    let dialogs = state.dialogs.clone();
    let picked: Option<(PathBuf, Option<PathBuf>)> = dialog::blocking(move || {
        let mapping = if with_mapping {
            Some(dialogs.open("Mapping for the risk table", RISK_MAPPING)?)
        } else {
            None
        };
        let table = dialogs.open("Import risk table", RISK_TABLE)?;
        Some((table, mapping))
    })
    .await?;
    picked
        .map(|(table, mapping)| state.with_session(|s| import(s, &table, mapping.as_deref())))
        .transpose()
}

/// `risks-csv` or `risks-xlsx`.
pub fn parse_format(name: &str) -> Result<ExportFormat, IpcError> {
    match name {
        "risks-csv" => Ok(ExportFormat::RisksCsv),
        "risks-xlsx" => Ok(ExportFormat::RisksXlsx),
        other => Err(IpcError::new(
            "export.format",
            format!("unknown risk table format `{other}`; expected `risks-csv` or `risks-xlsx`"),
        )),
    }
}

/// Exports the risk table through the native save dialog; the written path,
/// or null when the user cancels.
#[tauri::command]
pub async fn export_risks(
    state: State<'_, AppState>,
    format: String,
) -> Result<Option<String>, IpcError> {
    let format = parse_format(&format)?;
    let (name, filter) = match format {
        ExportFormat::RisksXlsx => ("risk-table.xlsx", XLSX),
        _ => ("risk-table.csv", CSV),
    };
    let ask = dialog::SaveAs {
        title: "Export risk table",
        dir: state.dialog_dir(),
        file_name: name.to_string(),
        filter,
    };
    crate::commands::export_asked(&state, format, None, ask).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_reports_and_errors_with_codes() {
        let dir = tempfile::tempdir().expect("dir");
        let table = dir.path().join("t.csv");
        std::fs::write(
            &table,
            "id,hazard,severity,probability\nH1,Crash,Minor,Sometimes\n",
        )
        .expect("write");
        let mut s = Session::new(None, techfile::TechFile::empty());
        let out = import(&mut s, &table, None).expect("imports");
        assert_eq!(out.imported, 1);
        assert_eq!(s.techfile().risk.entries[0].id, "H1");
        assert_eq!(out.update.changed[0].path, "risk");
        assert!(
            out.warnings[0].starts_with("row 2, column D"),
            "{:?}",
            out.warnings
        );
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "a,b\n1,2\n").expect("write");
        let err = import(&mut s, &bad, None).expect_err("no hazard column");
        assert_eq!(err.code, "risk.table");
        assert_eq!(
            parse_format("risks-xlsx").ok(),
            Some(ExportFormat::RisksXlsx)
        );
        assert_eq!(
            parse_format("pdf").map_err(|e| e.code).err().as_deref(),
            Some("export.format")
        );
    }
}
