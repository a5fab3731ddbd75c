//! What the commands do, without Tauri: export through the `techfile`
//! library, file names for the save dialogs, and the close guard. Kept apart
//! from `commands` so it is unit-tested without a window. The open project
//! itself is `session::Session`.

use std::path::{Path, PathBuf};

use techfile::export::{ExportFormat, ExportOptions};
use techfile::TechFile;

use crate::error::IpcError;

/// The name the project is saved under when the user has not chosen one.
pub const PROJECT_FILE_NAME: &str = "techfile.json";

/// The name a save dialog suggests for the project at `path` (its own
/// name, or `techfile.json` for the unsaved example).
pub fn project_file_name(path: Option<&Path>) -> String {
    path.and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .unwrap_or(PROJECT_FILE_NAME)
        .to_string()
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

/// A file name for an export: the document id (made safe for a file name),
/// the part if one, and the format's extension, e.g. `TF-ECG-001.pdf`,
/// `TF-ECG-001-cra-profile.pdf`.
pub fn export_file_name(tf: &TechFile, format: ExportFormat, part: Option<&str>) -> String {
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
    match part {
        Some(p) => format!("{stem}-{p}.{ext}"),
        None => format!("{stem}.{ext}"),
    }
}

/// The parts the desktop exports on their own (`export_project`'s `part`):
/// the CRA profile, which is never in the device's file.
pub fn parse_part(part: Option<&str>) -> Result<Option<&'static str>, IpcError> {
    match part {
        None => Ok(None),
        Some(techfile::export::CRA_PROFILE) => Ok(Some(techfile::export::CRA_PROFILE)),
        Some(other) => Err(IpcError::new(
            "export.part",
            format!(
                "unknown part `{other}`; expected `{}`",
                techfile::export::CRA_PROFILE
            ),
        )),
    }
}

/// Exports `tf` and writes the bytes atomically to `path`.
pub fn export_to(tf: TechFile, format: ExportFormat, path: &Path) -> Result<PathBuf, IpcError> {
    export_observed_to(tf, format, None, path, &techfile::util::NoObserver)
}

/// `export_to`, telling `observer` of each stage (and stopping, nothing
/// written, when it cancels). Takes the project (the caller's copy): a PDF
/// export frees it before layout.
pub fn export_observed_to(
    tf: TechFile,
    format: ExportFormat,
    part: Option<&str>,
    path: &Path,
    observer: &dyn techfile::util::Observer,
) -> Result<PathBuf, IpcError> {
    let options = ExportOptions {
        part: part.map(str::to_string),
        ..ExportOptions::default()
    };
    let bytes = techfile::export::export_owned(tf, format, &options, observer)?.bytes;
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
        techfile::example::example().expect("example")
    }

    #[test]
    fn save_dialogs_suggest_the_project_own_name() {
        assert_eq!(project_file_name(None), PROJECT_FILE_NAME);
        assert_eq!(
            project_file_name(Some(Path::new("/p/device.techfile.json"))),
            "device.techfile.json"
        );
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
        assert_eq!(
            export_file_name(&tf, ExportFormat::Pdf, None),
            "TF-ECG-001.pdf"
        );
        assert_eq!(
            export_file_name(&tf, ExportFormat::Pdf, Some("cra-profile")),
            "TF-ECG-001-cra-profile.pdf"
        );
        tf.document.document_id = "  ".into();
        assert_eq!(
            export_file_name(&tf, ExportFormat::Markdown, None),
            "technical-file.md"
        );
    }

    #[test]
    fn the_cra_profile_exports_on_its_own_and_other_parts_are_refused() {
        assert_eq!(parse_part(None).expect("none"), None);
        assert_eq!(
            parse_part(Some("cra-profile")).expect("cra"),
            Some("cra-profile")
        );
        assert_eq!(
            parse_part(Some("gspr")).expect_err("gspr").code,
            "export.part"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let mut tf = example();
        tf.applicability
            .cra_products
            .push(techfile::model::applicability::CraProduct {
                name: "CardioSense Gateway".into(),
                description: "A network appliance; not a device.".into(),
            });
        let path = dir.path().join("cra.md");
        let written = export_observed_to(
            tf,
            ExportFormat::Markdown,
            Some("cra-profile"),
            &path,
            &techfile::util::NoObserver,
        )
        .expect("exported");
        let text = std::fs::read_to_string(written).expect("read");
        assert!(
            text.starts_with("# CRA technical documentation (Annex VII)"),
            "{text}"
        );
        assert!(text.contains("| CardioSense Gateway |"), "{text}");
        assert!(!text.contains("# Device description"), "{text}");
    }

    #[test]
    fn exports_write_markdown_and_pdf() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut tf = example();
        tf.device.trade_name = "ExportedName".into();
        let md =
            export_to(tf.clone(), ExportFormat::Markdown, &dir.path().join("a.md")).expect("md");
        let text = std::fs::read_to_string(md).expect("read md");
        assert!(text.contains("ExportedName"));
        let pdf = export_to(tf, ExportFormat::Pdf, &dir.path().join("a.pdf")).expect("pdf");
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
