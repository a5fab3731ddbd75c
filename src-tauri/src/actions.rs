//! What the commands do, without Tauri: load, check, save and export through
//! the `techfile` library, and turn its errors into `IpcError`. Kept apart
//! from `commands` so it is unit-tested without a window.

use std::path::{Path, PathBuf};

use serde::Serialize;
use techfile::export::{ExportFormat, ExportOptions};
use techfile::Finding;
use techfile::TechFile;

use crate::error::IpcError;

/// The name the project is saved under when the user has not chosen one.
pub const PROJECT_FILE_NAME: &str = "techfile.json";

/// A project as the UI receives it (ui/src/lib/types.ts `Opened`).
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    /// Absolute path; `None` for the bundled example, which is not on disk.
    pub path: Option<String>,
    pub techfile: TechFile,
    pub findings: Vec<Finding>,
}

impl Opened {
    fn new(path: Option<&Path>, techfile: TechFile) -> Self {
        let findings = techfile::check::check(&techfile);
        Opened {
            path: path.map(|p| p.display().to_string()),
            techfile,
            findings,
        }
    }
}

/// Opens the project at `path` (made absolute, so the UI shows where it is).
pub fn open_path(path: &Path) -> Result<Opened, IpcError> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let tf = techfile::store::load(&abs)?;
    Ok(Opened::new(Some(&abs), tf))
}

/// The bundled example, not yet saved anywhere.
pub fn open_example() -> Result<Opened, IpcError> {
    let tf = techfile::example::example()?;
    Ok(Opened::new(None, tf))
}

/// The project to show at start: `start` if given, else the bundled example.
pub fn initial(start: Option<&Path>) -> Result<Opened, IpcError> {
    match start {
        Some(p) => open_path(p),
        None => open_example(),
    }
}

/// The UI's edited project, validated exactly as a project file is: unknown
/// fields and wrong types are errors that name the field path.
pub fn parse_project(value: serde_json::Value) -> Result<TechFile, IpcError> {
    let text = serde_json::to_string(&value)
        .map_err(|e| IpcError::new("ipc.project", format!("cannot read the project: {e}")))?;
    techfile::store::from_str(&text, Path::new("(editor)")).map_err(IpcError::from)
}

pub fn save(tf: &TechFile, path: &Path) -> Result<(), IpcError> {
    techfile::store::save(path, tf).map_err(IpcError::from)
}

/// The formats the desktop app exports (the UI's `ExportFormat`).
pub fn parse_format(name: &str) -> Result<ExportFormat, IpcError> {
    match name {
        "markdown" => Ok(ExportFormat::Markdown),
        "pdf" => Ok(ExportFormat::Pdf),
        other => Err(IpcError::new(
            "export.format",
            format!("unknown export format `{other}`; expected `markdown` or `pdf`"),
        )),
    }
}

/// A file name for an export: the document id (made safe for a file name)
/// plus the format's extension, e.g. `TF-ECG-001.pdf`.
pub fn export_file_name(tf: &TechFile, format: ExportFormat) -> String {
    let stem: String = tf
        .document
        .document_id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches(['-', '.']);
    let stem = if stem.is_empty() {
        "technical-file"
    } else {
        stem
    };
    let ext = match format {
        ExportFormat::Pdf => "pdf",
        _ => "md",
    };
    format!("{stem}.{ext}")
}

/// Exports `tf` and writes the bytes atomically to `path`.
pub fn export_to(tf: &TechFile, format: ExportFormat, path: &Path) -> Result<PathBuf, IpcError> {
    let bytes = techfile::export::export(tf, format, &ExportOptions::default())?;
    techfile::util::write_atomic(path, &bytes, false).map_err(|e| {
        IpcError::new(
            "export.write",
            format!("{}: cannot write: {e}", path.display()),
        )
    })?;
    Ok(path.to_path_buf())
}

/// What to do when the user closes the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseAction {
    /// Nothing unsaved: close.
    Close,
    /// Unsaved changes: keep the window and ask.
    Ask,
    /// The question is already on screen: keep the window, do not ask twice.
    Wait,
}

pub fn on_close_requested(dirty: bool, already_asking: bool) -> CloseAction {
    match (dirty, already_asking) {
        (false, _) => CloseAction::Close,
        (true, false) => CloseAction::Ask,
        (true, true) => CloseAction::Wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> TechFile {
        open_example().expect("example opens").techfile
    }

    #[test]
    fn starts_on_the_example_without_a_path() {
        let o = initial(None).expect("example");
        assert_eq!(o.path, None);
        assert!(!o.techfile.device.trade_name.is_empty());
        assert_eq!(o.findings, techfile::check::check(&o.techfile));
    }

    #[test]
    fn save_then_open_gives_the_edit_back_with_an_absolute_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(PROJECT_FILE_NAME);
        let mut tf = example();
        tf.device.trade_name = "CardioScan Renamed".into();
        save(&tf, &path).expect("save");
        let o = initial(Some(&path)).expect("open");
        assert_eq!(o.techfile.device.trade_name, "CardioScan Renamed");
        assert_eq!(o.path.as_deref(), Some(path.to_str().expect("utf-8")));
    }

    #[test]
    fn saving_twice_keeps_a_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(PROJECT_FILE_NAME);
        let tf = example();
        save(&tf, &path).expect("first save");
        save(&tf, &path).expect("second save");
        assert!(techfile::util::backup_path(&path).exists());
    }

    #[test]
    fn a_missing_file_is_a_coded_error() {
        let e = open_path(Path::new("/nonexistent/techfile.json")).expect_err("must fail");
        assert_eq!(e.code, "store.read");
        assert!(e.message.contains("/nonexistent/techfile.json"), "{e}");
    }

    #[test]
    fn the_editor_json_is_validated_with_the_field_path() {
        let mut v = serde_json::to_value(example()).expect("json");
        v["device"]["trade_nmae"] = serde_json::json!("X");
        let e = parse_project(v).expect_err("unknown field");
        assert_eq!(e.code, "store.parse");
        assert!(e.message.contains("device.trade_nmae"), "{e}");
    }

    #[test]
    fn the_editor_json_round_trips() {
        let tf = example();
        let v = serde_json::to_value(&tf).expect("json");
        assert_eq!(parse_project(v).expect("parse"), tf);
    }

    #[test]
    fn formats_are_named_as_the_ui_names_them() {
        assert_eq!(parse_format("pdf").expect("pdf"), ExportFormat::Pdf);
        assert_eq!(
            parse_format("markdown").expect("md"),
            ExportFormat::Markdown
        );
        assert_eq!(
            parse_format("docx").expect_err("docx").code,
            "export.format"
        );
    }

    #[test]
    fn export_names_come_from_the_document_id() {
        let mut tf = example();
        tf.document.document_id = "TF/ECG 001".into();
        assert_eq!(export_file_name(&tf, ExportFormat::Pdf), "TF-ECG-001.pdf");
        tf.document.document_id = "  ".into();
        assert_eq!(
            export_file_name(&tf, ExportFormat::Markdown),
            "technical-file.md"
        );
    }

    #[test]
    fn exports_write_markdown_and_pdf() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut tf = example();
        tf.device.trade_name = "ExportedName".into();
        let md = export_to(&tf, ExportFormat::Markdown, &dir.path().join("a.md")).expect("md");
        let text = std::fs::read_to_string(md).expect("read md");
        assert!(text.contains("ExportedName"));
        let pdf = export_to(&tf, ExportFormat::Pdf, &dir.path().join("a.pdf")).expect("pdf");
        let bytes = std::fs::read(pdf).expect("read pdf");
        assert!(bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn closing_asks_only_with_unsaved_changes_and_only_once() {
        assert_eq!(on_close_requested(false, false), CloseAction::Close);
        assert_eq!(on_close_requested(true, false), CloseAction::Ask);
        assert_eq!(on_close_requested(true, true), CloseAction::Wait);
    }
}
