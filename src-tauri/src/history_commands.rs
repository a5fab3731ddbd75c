//! IPC commands of the undo history and of recovery files: undo and redo
//! of the open project's last change, and restoring or discarding the
//! recovery file found when it was opened (`Opened.recovery`). A few lines
//! over `session::Session`.

use std::sync::PoisonError;

use tauri::State;

use crate::error::IpcError;
use crate::session::Update;
use crate::AppState;

/// Takes back the last edit batch or import of the open project.
#[tauri::command]
pub async fn undo(state: State<'_, AppState>) -> Result<Update, IpcError> {
    state.with_session(|s| s.undo())
}

/// Does again what the last undo took back.
#[tauri::command]
pub async fn redo(state: State<'_, AppState>) -> Result<Update, IpcError> {
    state.with_session(|s| s.redo())
}

/// Restores the recovery file offered at open, as unsaved changes; the
/// project file is untouched until a save.
#[tauri::command]
pub async fn restore_recovery(state: State<'_, AppState>) -> Result<Update, IpcError> {
    state.with_session(|s| s.restore_recovery())
}

/// Discards (removes) the recovery file offered at open.
#[tauri::command]
pub async fn discard_recovery(state: State<'_, AppState>) -> Result<(), IpcError> {
    let _g = state
        .autosave_lock
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    state.with_session(|s| s.discard_recovery())
}
