//! The IPC commands: each a few lines over `actions` (and so over the
//! `techfile` library). Names and arguments match ui/src/lib/api.ts; errors
//! cross as `{code, message}`. Commands are async so that neither the
//! library calls nor the blocking GTK dialogs run on Tauri's main thread.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use tauri::State;
use techfile::Finding;

use crate::actions::{self, Opened};
use crate::dialog;
use crate::error::IpcError;
use crate::AppState;

#[tauri::command]
pub async fn initial_project(state: State<'_, AppState>) -> Result<Opened, IpcError> {
    actions::initial(state.start.as_deref())
}

#[tauri::command]
pub async fn open_project(state: State<'_, AppState>) -> Result<Option<Opened>, IpcError> {
    let dirty = state.dirty.load(Ordering::SeqCst);
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
    let opened = actions::open_path(&path)?;
    state.remember_dir(&path);
    Ok(Some(opened))
}

#[tauri::command]
pub async fn save_project(
    state: State<'_, AppState>,
    techfile: serde_json::Value,
    path: Option<String>,
) -> Result<Option<String>, IpcError> {
    let tf = actions::parse_project(techfile)?;
    let target = match path {
        Some(p) => PathBuf::from(p),
        None => {
            let dialogs = state.dialogs.clone();
            let dir = state.dialog_dir();
            let asked = dialog::blocking(move || {
                dialogs.save(
                    "Save technical file",
                    dir.as_deref(),
                    actions::PROJECT_FILE_NAME,
                    dialog::PROJECT,
                )
            })
            .await?;
            match asked {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    actions::save(&tf, &target)?;
    state.remember_dir(&target);
    Ok(Some(target.display().to_string()))
}

#[tauri::command]
pub async fn check_project(techfile: serde_json::Value) -> Result<Vec<Finding>, IpcError> {
    let tf = actions::parse_project(techfile)?;
    Ok(techfile::check::check(&tf))
}

#[tauri::command]
pub async fn export_project(
    state: State<'_, AppState>,
    techfile: serde_json::Value,
    format: String,
) -> Result<Option<String>, IpcError> {
    let format = actions::parse_format(&format)?;
    let tf = actions::parse_project(techfile)?;
    let name = actions::export_file_name(&tf, format);
    let filter = match format {
        techfile::export::ExportFormat::Pdf => dialog::PDF,
        _ => dialog::MARKDOWN,
    };
    let dialogs = state.dialogs.clone();
    let dir = state.dialog_dir();
    let asked =
        dialog::blocking(move || dialogs.save("Export", dir.as_deref(), &name, filter)).await?;
    let Some(path) = asked else {
        return Ok(None);
    };
    let written = actions::export_to(&tf, format, &path)?;
    state.remember_dir(&written);
    Ok(Some(written.display().to_string()))
}

#[tauri::command]
pub async fn set_dirty(
    window: tauri::Window,
    state: State<'_, AppState>,
    dirty: bool,
    title: String,
) -> Result<(), IpcError> {
    state.dirty.store(dirty, Ordering::SeqCst);
    window
        .set_title(&title)
        .map_err(|e| IpcError::new("window.title", e.to_string()))
}
