//! The Techfile desktop app: a Tauri 2 window around the Svelte UI in ui/.
//! It owns the window, the native dialogs and the IPC commands; everything
//! about technical files is the `techfile` library's.

pub mod actions;
pub mod ai_commands;
pub mod commands;
pub mod dialog;
pub mod error;
pub mod risk_commands;
pub mod sbom_commands;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tauri::{Manager, WindowEvent};

use crate::actions::CloseAction;
use crate::dialog::Dialogs;

/// Names a project to open at start when no path is given on the command line.
pub const ENV_OPEN: &str = "TECHFILE_OPEN";

pub struct AppState {
    /// The project to open at start; `None` opens the bundled example.
    pub start: Option<PathBuf>,
    pub dialogs: Arc<dyn Dialogs>,
    /// Whether the UI has unsaved changes (set through `set_dirty`).
    pub dirty: AtomicBool,
    /// Whether the "discard unsaved changes?" question is on screen.
    pub asking: AtomicBool,
    /// The folder save dialogs start in: where the user last opened, saved
    /// or exported a file.
    pub last_dir: Mutex<Option<PathBuf>>,
}

impl AppState {
    /// `arg` is the first command-line argument, if any.
    pub fn new(arg: Option<PathBuf>, dialogs: Arc<dyn Dialogs>) -> Self {
        let start = arg.or_else(|| {
            std::env::var_os(ENV_OPEN)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        let last_dir = start
            .as_deref()
            .and_then(|p| std::path::absolute(p).ok())
            .and_then(|p| p.parent().map(Path::to_path_buf));
        AppState {
            start,
            dialogs,
            dirty: AtomicBool::new(false),
            asking: AtomicBool::new(false),
            last_dir: Mutex::new(last_dir),
        }
    }

    pub fn dialog_dir(&self) -> Option<PathBuf> {
        self.last_dir.lock().ok().and_then(|d| d.clone())
    }

    /// Remembers the folder of `file` for the next dialog.
    pub fn remember_dir(&self, file: &Path) {
        if let (Some(dir), Ok(mut last)) = (file.parent(), self.last_dir.lock()) {
            *last = Some(dir.to_path_buf());
        }
    }
}

fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let state = window.state::<AppState>();
    let action = actions::on_close_requested(
        state.dirty.load(Ordering::SeqCst),
        state.asking.load(Ordering::SeqCst),
    );
    match action {
        CloseAction::Close => {}
        CloseAction::Wait => api.prevent_close(),
        CloseAction::Ask => {
            api.prevent_close();
            state.asking.store(true, Ordering::SeqCst);
            let dialogs = state.dialogs.clone();
            let window = window.clone();
            // The question is a blocking GTK dialog: ask off the main thread.
            std::thread::spawn(move || {
                let discard = dialogs.confirm_discard("Close the window");
                window
                    .state::<AppState>()
                    .asking
                    .store(false, Ordering::SeqCst);
                if discard {
                    if let Err(e) = window.destroy() {
                        eprintln!("techfile-desktop: cannot close the window: {e}");
                    }
                }
            });
        }
    }
}

/// Runs the app until its window closes.
pub fn run(arg: Option<PathBuf>) -> Result<(), tauri::Error> {
    let dialogs: Arc<dyn Dialogs> = Arc::from(dialog::from_env());
    tauri::Builder::default()
        .manage(AppState::new(arg, dialogs))
        .invoke_handler(tauri::generate_handler![
            commands::initial_project,
            commands::open_project,
            commands::save_project,
            commands::check_project,
            commands::export_project,
            commands::set_dirty,
            ai_commands::ai_catalogue,
            ai_commands::import_model_card,
            risk_commands::risk_view,
            risk_commands::import_risks,
            risk_commands::export_risks,
            sbom_commands::import_sbom,
            sbom_commands::import_vex,
        ])
        .on_window_event(on_window_event)
        .run(tauri::generate_context!())
}
