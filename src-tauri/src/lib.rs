//! The Techfile desktop app: a Tauri 2 window around the Svelte UI in ui/.
//! It owns the window, the native dialogs, the open project (`session`) and
//! the IPC commands; everything about technical files is the `techfile`
//! library's.

pub mod actions;
pub mod ai_commands;
pub mod chapter_commands;
pub mod commands;
pub mod dialog;
pub mod drop_commands;
pub mod edit;
pub mod error;
pub mod history;
pub mod history_commands;
pub mod preview_commands;
pub mod progress;
pub mod recent;
pub mod recovery;
pub mod register_commands;
pub mod release_commands;
pub mod risk_commands;
pub mod sbom_commands;
pub mod session;
pub mod start_commands;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tauri::{Manager, WindowEvent};

use crate::actions::CloseAction;
use crate::dialog::Dialogs;
use crate::error::IpcError;
use crate::session::Session;

/// Names a project to open at start when no path is given on the command line.
pub const ENV_OPEN: &str = "TECHFILE_OPEN";

pub struct AppState {
    /// What to open at start: a project, the example or nothing (the
    /// start screen; `start_commands`).
    pub start: start_commands::Start,
    pub dialogs: Arc<dyn Dialogs>,
    /// Project files the user chose in a dialog: where saves may go.
    pub grants: dialog::Grants,
    /// The open project; `None` until the UI asks for the initial one.
    pub session: Mutex<Option<Session>>,
    /// Whether the open project differs from its file (kept beside the
    /// session so the close guard never waits for its lock).
    pub project_dirty: AtomicBool,
    /// Whether the UI has edits the backend has not answered yet, as it
    /// last said through `set_dirty` (its title mark covers those too).
    pub ui_dirty: AtomicBool,
    /// Whether the "discard unsaved changes?" question is on screen.
    pub asking: AtomicBool,
    /// The folder save dialogs start in: where the user last opened, saved
    /// or exported a file.
    pub last_dir: Mutex<Option<PathBuf>>,
    /// Where an untitled project's recovery file goes (`recovery`): the
    /// app's data dir, set at setup, or `TECHFILE_RECOVERY_DIR`.
    pub untitled_dir: OnceLock<Option<PathBuf>>,
    /// Held by the autosave timer over a whole write (see `autosave`), and
    /// by a save and by opening a project, so neither comes in between.
    pub autosave_lock: Mutex<()>,
    /// The last autosave failure, said once (not every few seconds).
    pub autosave_error: Mutex<Option<String>>,
    /// The running long task's progress and cancel flag (`progress`).
    pub progress: progress::Progress,
    /// Where the recent projects are kept (`recent`): set at setup.
    pub recent: OnceLock<Option<PathBuf>>,
}

impl AppState {
    /// `arg` is the first command-line argument, if any.
    pub fn new(arg: Option<PathBuf>, dialogs: Arc<dyn Dialogs>) -> Self {
        let start = start_commands::Start::from_args(arg);
        let last_dir = start
            .project()
            .and_then(|p| std::path::absolute(p).ok())
            .and_then(|p| p.parent().map(Path::to_path_buf));
        AppState {
            start,
            dialogs,
            grants: dialog::Grants::default(),
            session: Mutex::new(None),
            project_dirty: AtomicBool::new(false),
            ui_dirty: AtomicBool::new(false),
            asking: AtomicBool::new(false),
            last_dir: Mutex::new(last_dir),
            untitled_dir: OnceLock::new(),
            autosave_lock: Mutex::new(()),
            autosave_error: Mutex::new(None),
            progress: progress::Progress::default(),
            recent: OnceLock::new(),
        }
    }

    /// Where an untitled project's recovery file goes.
    pub fn untitled_dir(&self) -> Option<&Path> {
        self.untitled_dir
            .get_or_init(|| {
                std::env::var_os(recovery::ENV_RECOVERY_DIR)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .as_deref()
    }

    /// Writes the open project's unsaved changes to its recovery file, or
    /// removes that file once the project is clean (the autosave timer).
    /// The text is taken while the session is held, the disk written after,
    /// all under `autosave_lock`, which a save and `hold` take too: a save
    /// cannot slip between taking the text and writing it (and leave a
    /// recovery file of a saved project), nor a new project replace the
    /// session the file was of.
    pub fn autosave(&self) {
        let _g = self
            .autosave_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let job = match self.with_session(|s| s.autosave_job()) {
            Ok(job) => job,
            Err(e) => {
                if e.code != "session.none" {
                    eprintln!("techfile-desktop: autosave: {e}");
                }
                return;
            }
        };
        if job == session::AutosaveJob::Nothing {
            return;
        }
        let result = session::run_autosave(&job);
        if result.is_ok() {
            let _ = self.with_session(|s| {
                s.autosave_done(&job);
                Ok(())
            });
        }
        let mut last = self
            .autosave_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now = result.err().map(|e| e.message);
        if now.is_some() && *last != now {
            eprintln!(
                "techfile-desktop: autosave: {}",
                now.as_deref().unwrap_or_default()
            );
        }
        *last = now;
    }

    /// The unsaved changes are dropped: removes the recovery file the open
    /// project's session wrote.
    pub fn discard_own_recovery(&self) {
        let _g = self
            .autosave_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _ = self.with_session(|s| {
            s.discard_own_recovery();
            Ok(())
        });
    }

    /// Whether there are unsaved changes, in the backend's project or on
    /// their way from the UI.
    pub fn is_dirty(&self) -> bool {
        self.project_dirty.load(Ordering::SeqCst) || self.ui_dirty.load(Ordering::SeqCst)
    }

    /// Runs `f` on the open project. A panic in an earlier command does not
    /// lock the project away: its state is taken as that command left it
    /// (edits and imports change it only once they have succeeded).
    pub fn with_session<R>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<R, IpcError>,
    ) -> Result<R, IpcError> {
        let mut guard = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        let session = guard
            .as_mut()
            .ok_or_else(|| IpcError::new("session.none", "no project is open"))?;
        let r = f(session);
        self.project_dirty
            .store(session.is_dirty(), Ordering::SeqCst);
        r
    }

    /// Makes `session` the open project; returns what the UI shows of it
    /// (with a recovery file found for it). The project it replaces had its
    /// unsaved changes discarded (the open command asked), so its recovery
    /// file goes.
    pub fn hold(&self, mut session: Session) -> session::Opened {
        let _g = self
            .autosave_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        session.attach_recovery(self.untitled_dir());
        let opened = session.opened();
        self.project_dirty
            .store(session.is_dirty(), Ordering::SeqCst);
        let old = self
            .session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(session);
        if let Some(mut old) = old {
            old.discard_own_recovery();
        }
        opened
    }

    pub fn dialog_dir(&self) -> Option<PathBuf> {
        self.last_dir.lock().ok().and_then(|d| d.clone())
    }

    /// Remembers the folder of `file` for the next dialog.
    /// The file of the recent projects list, once setup has set it.
    pub fn recent_file(&self) -> Option<PathBuf> {
        self.recent.get().cloned().flatten()
    }

    /// A project was opened or saved at `path`: its folder is where the
    /// next dialog starts (`remember_dir`) and it goes first on the recent
    /// list; a list that cannot be written is said on stderr and costs
    /// nothing else.
    pub fn remember_project(&self, path: &Path) {
        self.remember_dir(path);
        if let Some(file) = self.recent_file() {
            if let Err(e) = recent::remember(&file, path) {
                eprintln!("{}: cannot write the recent projects: {e}", file.display());
            }
        }
    }

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
    let action = actions::on_close_requested(state.is_dirty(), state.asking.load(Ordering::SeqCst));
    match action {
        CloseAction::Close => {
            // Clean: a recovery file written before an undo back to the
            // saved state is not needed. Without waiting for a lock: if a
            // command holds the session, the file stays, and the next start
            // offers it, which loses nothing.
            if let Ok(_g) = state.autosave_lock.try_lock() {
                if let Ok(mut s) = state.session.try_lock() {
                    if let Some(s) = s.as_mut() {
                        s.discard_own_recovery();
                    }
                }
            }
        }
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
                    window.state::<AppState>().discard_own_recovery();
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
        .manage(preview_commands::LaidOut::default())
        .invoke_handler(tauri::generate_handler![
            commands::initial_project,
            commands::open_project,
            commands::edit,
            commands::value_at,
            commands::save_project,
            commands::export_project,
            commands::set_dirty,
            ai_commands::ai_catalogue,
            ai_commands::import_model_card,
            risk_commands::risk_view,
            risk_commands::import_risks,
            risk_commands::export_risks,
            sbom_commands::import_sbom,
            sbom_commands::import_vex,
            release_commands::compare_with,
            history_commands::undo,
            history_commands::redo,
            history_commands::restore_recovery,
            history_commands::discard_recovery,
            register_commands::add_document_file,
            register_commands::verify_documents,
            register_commands::gspr_requirements,
            register_commands::declaration_markdown,
            chapter_commands::clause_catalogue,
            chapter_commands::render_chapter_preview,
            chapter_commands::reference_targets,
            progress::task_progress,
            progress::cancel_task,
            recent::recent_files,
            recent::open_recent,
            drop_commands::import_dropped,
            preview_commands::preview_locate,
            preview_commands::preview_pdf,
            start_commands::new_project,
        ])
        .setup(|app| {
            let state = app.state::<AppState>();
            let data = app.path().app_data_dir().ok().map(|d| d.join("recovery"));
            let _ = state.untitled_dir.set(
                std::env::var_os(recovery::ENV_RECOVERY_DIR)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
                    .or(data),
            );
            let _ = state.recent.set(
                std::env::var_os(recent::ENV_RECENT_FILE)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
                    .or_else(|| {
                        app.path()
                            .app_data_dir()
                            .ok()
                            .map(|d| d.join("recent.json"))
                    }),
            );
            if let Some(start) = state.start.project() {
                state.remember_project(&dialog::normal(start));
            }
            let every =
                recovery::interval(std::env::var(recovery::ENV_AUTOSAVE_MS).ok().as_deref());
            if let Some(every) = every {
                let handle = app.handle().clone();
                std::thread::spawn(move || loop {
                    std::thread::sleep(every);
                    handle.state::<AppState>().autosave();
                });
            }
            Ok(())
        })
        .on_window_event(on_window_event)
        .run(tauri::generate_context!())
}
