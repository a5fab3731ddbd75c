//! Recent projects (issue 13.6): the last projects opened or saved, most
//! recent first, kept in `recent.json` in the app's data dir (or the file
//! `TECHFILE_RECENT_FILE` names, for tests), written atomically. The list
//! is also what `open_recent` may open without a dialog: a path the UI
//! sends must be on it, since only a file the user once chose in a dialog
//! (or gave on the command line) gets there.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::dialog;
use crate::error::IpcError;
use crate::session::{Opened, Session};
use crate::AppState;

/// Where tests put the list instead of the app's data dir.
pub const ENV_RECENT_FILE: &str = "TECHFILE_RECENT_FILE";

/// How many projects the list keeps.
pub const KEEP: usize = 8;

/// One entry as the UI shows it (ui/src/lib/types.ts `RecentFile`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentFile {
    pub path: String,
    /// The file name.
    pub name: String,
    /// Whether the file is still there.
    pub exists: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    projects: Vec<PathBuf>,
}

/// The list in `file`; empty when there is none or it cannot be read (a
/// damaged list only costs the shortcuts, never the start).
pub fn load(file: &Path) -> Vec<PathBuf> {
    std::fs::read(file)
        .ok()
        .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
        .map(|s| s.projects)
        .unwrap_or_default()
}

/// Puts `project` first in the list in `file` (once, at most `KEEP`).
pub fn remember(file: &Path, project: &Path) -> std::io::Result<()> {
    let project = dialog::normal(project);
    let mut projects = load(file);
    projects.retain(|p| dialog::normal(p) != project);
    projects.insert(0, project);
    projects.truncate(KEEP);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let bytes = serde_json::to_vec_pretty(&Stored { projects })
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    techfile::util::write_atomic(file, &bytes, false)
}

/// The list as the UI shows it.
pub fn entries(file: &Path) -> Vec<RecentFile> {
    load(file)
        .into_iter()
        .map(|p| RecentFile {
            name: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            exists: p.is_file(),
            path: p.display().to_string(),
        })
        .collect()
}

/// Whether `path` is on the list in `file`.
pub fn listed(file: &Path, path: &Path) -> bool {
    let path = dialog::normal(path);
    load(file).iter().any(|p| dialog::normal(p) == path)
}

/// The recent projects, most recent first.
#[tauri::command]
pub async fn recent_files(state: State<'_, AppState>) -> Result<Vec<RecentFile>, IpcError> {
    Ok(state.recent_file().map(|f| entries(&f)).unwrap_or_default())
}

/// Opens a project from the recent list (after the unsaved-changes
/// question); null when the user keeps the open one. A path not on the
/// list is refused.
#[tauri::command]
pub async fn open_recent(
    state: State<'_, AppState>,
    path: String,
) -> Result<Option<Opened>, IpcError> {
    let path = PathBuf::from(path);
    let Some(file) = state.recent_file() else {
        return Err(IpcError::new(
            "recent.none",
            "there is no list of recent projects",
        ));
    };
    if !listed(&file, &path) {
        return Err(IpcError::new(
            "recent.unknown",
            format!(
                "{}: not opened: the app opens only projects on its recent list or chosen in the open dialog",
                path.display()
            ),
        ));
    }
    let dirty = state.is_dirty();
    let dialogs = state.dialogs.clone();
    let go =
        dialog::blocking(move || !dirty || dialogs.confirm_discard("Open another project")).await?;
    if !go {
        return Ok(None);
    }
    let session = Session::open(&path)?;
    state.grants.grant(&path);
    state.remember_project(&path);
    Ok(Some(state.hold(session)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_keeps_the_latest_first_once_and_at_most_eight() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("state/recent.json");
        assert!(entries(&file).is_empty(), "no list yet");
        for i in 0..10 {
            remember(&file, &dir.path().join(format!("p{i}.techfile.json"))).expect("written");
        }
        remember(&file, &dir.path().join("p5.techfile.json")).expect("written");
        let names: Vec<String> = entries(&file).into_iter().map(|e| e.name).collect();
        assert_eq!(names.len(), KEEP);
        assert_eq!(names[0], "p5.techfile.json");
        assert_eq!(names[1], "p9.techfile.json");
        assert_eq!(names.iter().filter(|n| *n == "p5.techfile.json").count(), 1);
        assert!(!names.contains(&"p0.techfile.json".to_string()));
        assert!(listed(&file, &dir.path().join("p9.techfile.json")));
        assert!(!listed(&file, &dir.path().join("p0.techfile.json")));
    }

    #[test]
    fn entries_say_whether_the_file_is_still_there_and_a_damaged_list_is_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("recent.json");
        let here = dir.path().join("here.techfile.json");
        std::fs::write(&here, b"{}").expect("write");
        remember(&file, &dir.path().join("gone.techfile.json")).expect("written");
        remember(&file, &here).expect("written");
        let e = entries(&file);
        assert_eq!(
            e.iter()
                .map(|e| (e.name.as_str(), e.exists))
                .collect::<Vec<_>>(),
            [("here.techfile.json", true), ("gone.techfile.json", false)]
        );
        std::fs::write(&file, b"{ not json").expect("write");
        assert!(entries(&file).is_empty());
        // Remembering again repairs it.
        remember(&file, &here).expect("written");
        assert_eq!(entries(&file).len(), 1);
    }
}
