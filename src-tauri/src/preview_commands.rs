//! The Preview view: the open project (as edited, saved or not) exported to
//! PDF exactly as "Export PDF…" writes it (`ExportOptions::default()`, so
//! PDF/A-2b on), handed to the web view as raw bytes for pdf.js to draw;
//! and the page a model path (a finding's) is printed on in that PDF
//! (`preview_locate`, from the anchors its layout kept, `techfile::locate`).

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Response;
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

/// The PDF of the open project, as bytes. `tauri::ipc::Response` sends them
/// as an `ArrayBuffer`, not as a JSON array of numbers (the example's PDF is
/// a few MiB: a JSON array would be four times that and slow to parse). The
/// export runs on a copy, off the async runtime's threads, so edits go on
/// meanwhile.
#[tauri::command]
pub async fn preview_pdf(
    state: State<'_, AppState>,
    laid: State<'_, LaidOut>,
) -> Result<Response, IpcError> {
    let tf = state.with_session(|s| Ok(s.techfile().clone()))?;
    let pdf = tauri::async_runtime::spawn_blocking(move || render(&tf))
        .await
        .map_err(|e| IpcError::new("preview.join", e.to_string()))??;
    laid.set(pdf.anchors);
    Ok(Response::new(pdf.bytes))
}

/// The anchors of the last preview PDF and the page index of each: the
/// PDF the Preview shows (it asks for one at a time).
#[derive(Default)]
pub struct LaidOut(Mutex<BTreeMap<String, usize>>);

impl LaidOut {
    fn set(&self, anchors: BTreeMap<String, usize>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = anchors;
    }

    /// Where `path` is printed in the last preview, for the project `tf`.
    pub fn locate(&self, tf: &techfile::TechFile, path: &str) -> Option<Located> {
        let anchors = self.0.lock().unwrap_or_else(|e| e.into_inner());
        techfile::locate::page_of(tf, path, &anchors).map(|(anchor, page)| Located {
            anchor,
            page: page + 1,
        })
    }
}

/// The anchor nearest to a model path that the preview PDF has, and its
/// page (1-based, as pdf.js counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    pub anchor: String,
    pub page: usize,
}

/// The page of the last preview where the object `path` names is printed
/// (its row, else the nearest section around it); null when none is, or
/// before the first preview.
#[tauri::command]
pub async fn preview_locate(
    state: State<'_, AppState>,
    laid: State<'_, LaidOut>,
    path: String,
) -> Result<Option<Located>, IpcError> {
    state.with_session(|s| Ok(laid.locate(s.techfile(), &path)))
}

/// What "Export PDF…" would write for `tf`, with its anchors' pages.
pub fn render(tf: &techfile::TechFile) -> Result<techfile::export::Exported, IpcError> {
    let options = techfile::export::ExportOptions::default();
    Ok(techfile::export::export_with_warnings(
        tf,
        techfile::export::ExportFormat::Pdf,
        &options,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_the_exported_pdf() {
        let tf = techfile::example::example().expect("example");
        let pdf = render(&tf).expect("pdf");
        let bytes = &pdf.bytes;
        assert!(bytes.starts_with(b"%PDF-"), "a PDF");
        // PDF/A is on, as in "Export PDF…": its XMP identification is there.
        assert!(
            bytes.windows(12).any(|w| w == b"pdfaid:part>"),
            "PDF/A metadata"
        );
    }

    #[test]
    fn a_path_is_located_on_the_page_of_its_anchor_in_the_last_preview() {
        let tf = techfile::example::example().expect("example");
        let laid = LaidOut::default();
        // Before any preview: nowhere.
        assert_eq!(laid.locate(&tf, "risk.entries[0].harm"), None);
        let pdf = render(&tf).expect("pdf");
        let hazard = techfile::render::xref_anchor("hazard", &tf.risk.entries[0].id);
        let page = pdf.anchors[&hazard] + 1;
        laid.set(pdf.anchors);
        assert_eq!(
            laid.locate(&tf, "risk.entries[0].harm"),
            Some(Located {
                anchor: hazard,
                page
            })
        );
        assert_eq!(laid.locate(&tf, "schema_version"), None);
    }
}
