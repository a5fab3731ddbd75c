//! The IPC commands of the shell: the open project (initial, open, edit,
//! read a value back, save, export) and the window's unsaved-changes state.
//! Each is a few lines over `session` and `actions` (and so over the
//! `techfile` library). Names and arguments match ui/src/lib/api.ts; errors
//! cross as `{code, message}`. Commands are async so that neither the
//! library calls nor the blocking GTK dialogs run on Tauri's main thread.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use tauri::State;

use crate::actions;
use crate::dialog;
use crate::edit::Edit;
use crate::error::IpcError;
use crate::session::{Opened, Saved, Session, Update};
use crate::AppState;

/// The project to show: the one the backend holds (after a reload of the
/// window), else the start project or the bundled example; null when
/// nothing was asked for at start (the UI shows its start screen).
#[tauri::command]
pub async fn initial_project(state: State<'_, AppState>) -> Result<Option<Opened>, IpcError> {
    if let Ok(held) = state.with_session(|s| Ok(s.opened())) {
        return Ok(Some(held));
    }
    Ok(state.start.session()?.map(|s| state.hold(s)))
}

/// Asks (after the unsaved-changes question) for a project and opens it;
/// null when the user cancels.
#[tauri::command]
pub async fn open_project(state: State<'_, AppState>) -> Result<Option<Opened>, IpcError> {
    let dirty = state.is_dirty();
    let dialogs = state.dialogs.clone();
    let picked = dialog::blocking(move || {
        if dirty && !dialogs.confirm_discard("Open another project") {
            return None;
        }
        dialogs.open("Open technical file", dialog::PROJECT)
    })
    .await?;
    let Some(path) = picked else {
        return Ok(None);
    };
    state.grants.grant(&path);
    let session = Session::open(&path)?;
    state.remember_project(&path);
    Ok(Some(state.hold(session)))
}

/// Applies `edits` to the open project, all or none.
#[tauri::command]
pub async fn edit(state: State<'_, AppState>, edits: Vec<Edit>) -> Result<Update, IpcError> {
    state.with_session(|s| s.edit(&edits))
}

/// The value at a model path of the open project.
#[tauri::command]
pub async fn value_at(
    state: State<'_, AppState>,
    path: String,
) -> Result<serde_json::Value, IpcError> {
    state.with_session(|s| s.read(&path))
}

/// Saves the open project to `path`, or where the save dialog says when
/// `path` is null; null when the user cancels. A `path` from the UI must be
/// the open project's file or one a dialog answered (`Session::save_to`).
#[tauri::command]
pub async fn save_project(
    state: State<'_, AppState>,
    path: Option<String>,
) -> Result<Option<Saved>, IpcError> {
    let target = match path {
        Some(p) => PathBuf::from(p),
        None => {
            let name = state.with_session(|s| Ok(actions::project_file_name(s.path())))?;
            let ask = dialog::SaveAs {
                title: "Save technical file",
                dir: state.dialog_dir(),
                file_name: name,
                filter: dialog::PROJECT,
            };
            let asked = dialog::save_file(state.dialogs.clone(), ask).await?;
            match asked {
                Some(p) => {
                    state.grants.grant(&p);
                    p
                }
                None => return Ok(None),
            }
        }
    };
    // Under the autosave lock: a recovery write cannot land after the save.
    let saved = {
        let _g = state
            .autosave_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.with_session(|s| s.save_to(&target, &state.grants))?
    };
    state.remember_project(&target);
    Ok(Some(saved))
}

/// Exports the open project (or one `part` of it: the CRA profile) through
/// the save dialog; the written path, or null when the user cancels.
#[tauri::command]
pub async fn export_project(
    state: State<'_, AppState>,
    format: String,
    part: Option<String>,
) -> Result<Option<String>, IpcError> {
    let format = actions::parse_format(&format)?;
    let part = actions::parse_part(part.as_deref())?;
    let name = state.with_session(|s| Ok(actions::export_file_name(s.techfile(), format, part)))?;
    let filter = match format {
        techfile::export::ExportFormat::Pdf => dialog::PDF,
        _ => dialog::MARKDOWN,
    };
    let ask = dialog::SaveAs {
        title: "Export",
        dir: state.dialog_dir(),
        file_name: name,
        filter,
    };
    export_asked(&state, format, part, ask).await
}

/// Asks where to export, then exports a copy of the open project there
/// (so that edits go on while the export renders) and remembers the folder
/// for the next dialog; the written path, or null when the user cancels.
pub async fn export_asked(
    state: &AppState,
    format: techfile::export::ExportFormat,
    part: Option<&str>,
    ask: dialog::SaveAs,
) -> Result<Option<String>, IpcError> {
    let Some(path) = dialog::save_file(state.dialogs.clone(), ask).await? else {
        return Ok(None);
    };
    let tf = state.with_session(|s| Ok(s.techfile().clone()))?;
    let what = match format {
        techfile::export::ExportFormat::Pdf => "PDF",
        techfile::export::ExportFormat::Markdown => "Markdown",
        other => other.name(),
    };
    let task = state.progress.begin(
        format!("Exporting {what}"),
        techfile::export::PDF_STAGES,
        "",
    );
    let written = actions::export_observed_to(tf, format, part, &path, &state.progress);
    drop(task);
    let written = written?;
    state.remember_dir(&written);
    Ok(Some(written.display().to_string()))
}

/// The UI's unsaved state (edits on their way count) and the window title.
#[tauri::command]
pub async fn set_dirty(
    window: tauri::Window,
    state: State<'_, AppState>,
    dirty: bool,
    title: String,
) -> Result<(), IpcError> {
    state.ui_dirty.store(dirty, Ordering::SeqCst);
    window
        .set_title(&title)
        .map_err(|e| IpcError::new("window.title", e.to_string()))
}
