//! Native dialogs, and the test seam that answers them without a window.
//!
//! The app shows GTK dialogs through rfd's `gtk3` backend (rfd's default
//! xdg-portal backend returns nothing where no portal runs). rfd runs each
//! dialog in its own GTK loop on the calling thread, so callers run them off
//! the main thread (`spawn_blocking`), never inside Tauri's event loop.
//!
//! Test seam: when `TECHFILE_DIALOG_OPEN` or `TECHFILE_DIALOG_SAVE_DIR` is set,
//! no dialog is ever shown. An open dialog answers the path in
//! `TECHFILE_DIALOG_OPEN` (or "cancelled" if it is unset); a save dialog
//! answers `TECHFILE_DIALOG_SAVE_DIR/<suggested file name>` (or "cancelled");
//! the "discard unsaved changes?" question answers `TECHFILE_DIALOG_CONFIRM`
//! (`yes` discards; anything else keeps the changes).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::IpcError;

pub const ENV_OPEN: &str = "TECHFILE_DIALOG_OPEN";
pub const ENV_SAVE_DIR: &str = "TECHFILE_DIALOG_SAVE_DIR";
pub const ENV_CONFIRM: &str = "TECHFILE_DIALOG_CONFIRM";

/// A file type offered in a dialog's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PROJECT: Filter = Filter {
    name: "Techfile project",
    extensions: &["json"],
};
pub const MARKDOWN: Filter = Filter {
    name: "Markdown",
    extensions: &["md"],
};
pub const PDF: Filter = Filter {
    name: "PDF",
    extensions: &["pdf"],
};

/// What a save dialog asks: its title, the folder it opens in (the
/// dialog's own choice when `None`), the file name it suggests, and the
/// file type it offers.
#[derive(Debug, Clone)]
pub struct SaveAs {
    pub title: &'static str,
    pub dir: Option<PathBuf>,
    pub file_name: String,
    pub filter: Filter,
}

pub trait Dialogs: Send + Sync {
    /// Asks for a project file to open; `None` when cancelled.
    fn open(&self, title: &str, filter: Filter) -> Option<PathBuf>;
    /// Asks where to save; `None` when cancelled.
    fn save(&self, ask: &SaveAs) -> Option<PathBuf>;
    /// Asks whether to go on and lose unsaved changes; `action` says what
    /// the user is doing, e.g. "Close the window".
    fn confirm_discard(&self, action: &str) -> bool;
}

/// The project files the user chose in a native open or save dialog in this
/// run of the app: with the open project's own file, the only places
/// `save_project` writes to. A path the web view sends is never trusted on
/// its own (a script there could name `~/.bashrc`).
#[derive(Debug, Default)]
pub struct Grants(Mutex<BTreeSet<PathBuf>>);

impl Grants {
    /// Records a path a dialog answered.
    pub fn grant(&self, path: &Path) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(normal(path));
    }

    /// Whether a dialog answered `path` (compared as absolute paths).
    pub fn allows(&self, path: &Path) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&normal(path))
    }
}

/// `path` made absolute, as `Session::open` keeps the project's path.
pub fn normal(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Runs a blocking dialog on a worker thread.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::new("dialog.failed", format!("the dialog failed: {e}")))
}

/// Asks for one file to import, off the main thread; `None` when cancelled.
pub async fn open_file(
    dialogs: std::sync::Arc<dyn Dialogs>,
    title: &'static str,
    filter: Filter,
) -> Result<Option<PathBuf>, IpcError> {
    blocking(move || dialogs.open(title, filter)).await
}

/// Asks where to save, off the main thread; `None` when cancelled.
pub async fn save_file(
    dialogs: std::sync::Arc<dyn Dialogs>,
    ask: SaveAs,
) -> Result<Option<PathBuf>, IpcError> {
    blocking(move || dialogs.save(&ask)).await
}

/// The dialogs for this process: scripted when the test seam is set, else native.
pub fn from_env() -> Box<dyn Dialogs> {
    let open = std::env::var_os(ENV_OPEN).map(PathBuf::from);
    let save_dir = std::env::var_os(ENV_SAVE_DIR).map(PathBuf::from);
    if open.is_some() || save_dir.is_some() {
        let confirm = std::env::var(ENV_CONFIRM).is_ok_and(|v| v == "yes");
        Box::new(Scripted {
            open,
            save_dir,
            confirm,
        })
    } else {
        Box::new(Native)
    }
}

/// Real GTK dialogs.
pub struct Native;

impl Dialogs for Native {
    fn open(&self, title: &str, filter: Filter) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(filter.name, filter.extensions)
            .add_filter("All files", &["*"])
            .pick_file()
    }

    fn save(&self, ask: &SaveAs) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new()
            .set_title(ask.title)
            .set_file_name(&ask.file_name)
            .add_filter(ask.filter.name, ask.filter.extensions);
        if let Some(dir) = &ask.dir {
            d = d.set_directory(dir);
        }
        d.save_file()
    }

    fn confirm_discard(&self, action: &str) -> bool {
        let answer = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Warning)
            .set_title("Unsaved changes")
            .set_description(format!(
                "This technical file has unsaved changes. {action} and discard them?"
            ))
            .set_buttons(rfd::MessageButtons::OkCancelCustom(
                "Discard changes".into(),
                "Keep editing".into(),
            ))
            .show();
        matches!(answer, rfd::MessageDialogResult::Custom(ref s) if s == "Discard changes")
            || answer == rfd::MessageDialogResult::Ok
    }
}

/// Answers every dialog from the environment (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Scripted {
    pub open: Option<PathBuf>,
    pub save_dir: Option<PathBuf>,
    pub confirm: bool,
}

impl Dialogs for Scripted {
    fn open(&self, _title: &str, _filter: Filter) -> Option<PathBuf> {
        self.open.clone()
    }

    fn save(&self, ask: &SaveAs) -> Option<PathBuf> {
        self.save_dir.as_ref().map(|d| d.join(&ask.file_name))
    }

    fn confirm_discard(&self, _action: &str) -> bool {
        self.confirm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seam_answers_save_dialogs_with_the_suggested_name_in_its_folder() {
        let d = Scripted {
            open: None,
            save_dir: Some(PathBuf::from("/tmp/out")),
            confirm: false,
        };
        assert_eq!(
            d.save(&SaveAs {
                title: "Export",
                dir: Some(PathBuf::from("/elsewhere")),
                file_name: "TF-1.pdf".into(),
                filter: PDF,
            }),
            Some(PathBuf::from("/tmp/out/TF-1.pdf"))
        );
        assert_eq!(d.open("Open", PROJECT), None, "unset means cancelled");
        assert!(!d.confirm_discard("Close the window"));
    }

    #[test]
    fn the_seam_answers_open_dialogs_and_the_discard_question() {
        let d = Scripted {
            open: Some(PathBuf::from("/p/techfile.json")),
            save_dir: None,
            confirm: true,
        };
        assert_eq!(
            d.open("Open", PROJECT),
            Some(PathBuf::from("/p/techfile.json"))
        );
        let ask = SaveAs {
            title: "Save",
            dir: None,
            file_name: "techfile.json".into(),
            filter: PROJECT,
        };
        assert_eq!(d.save(&ask), None);
        assert!(d.confirm_discard("Open another project"));
    }
}
