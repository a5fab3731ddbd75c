//! The Preview view: the open project (as edited, saved or not) exported to
//! PDF exactly as "Export PDF…" writes it (`ExportOptions::default()`, so
//! PDF/A-2b on), handed to the web view as raw bytes for pdf.js to draw.

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
pub async fn preview_pdf(state: State<'_, AppState>) -> Result<Response, IpcError> {
    let tf = state.with_session(|s| Ok(s.techfile().clone()))?;
    let bytes = tauri::async_runtime::spawn_blocking(move || render(&tf))
        .await
        .map_err(|e| IpcError::new("preview.join", e.to_string()))??;
    Ok(Response::new(bytes))
}

/// The bytes "Export PDF…" would write for `tf`.
pub fn render(tf: &techfile::TechFile) -> Result<Vec<u8>, IpcError> {
    let options = techfile::export::ExportOptions::default();
    Ok(techfile::export::export(
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
        let bytes = render(&tf).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"), "a PDF");
        // PDF/A is on, as in "Export PDF…": its XMP identification is there.
        assert!(
            bytes.windows(12).any(|w| w == b"pdfaid:part>"),
            "PDF/A metadata"
        );
    }
}
