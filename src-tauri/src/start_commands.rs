//! What the app shows at start (issue 13.6): the project named on the
//! command line or in `TECHFILE_OPEN`; the bundled example with
//! `--example` (what `make run` passes) or `TECHFILE_START=example`; else
//! no project, and the UI shows its start screen (New project, New from
//! the example, Open…, the recent projects). `new_project` is the start
//! screen's two New buttons: an untitled project, empty or the example,
//! saved through the save dialog like the example always was.

use std::path::{Path, PathBuf};

use tauri::State;

use crate::dialog;
use crate::error::IpcError;
use crate::session::{Opened, Session};
use crate::AppState;

/// `example` opens the bundled example at start (the e2e harness sets it).
pub const ENV_START: &str = "TECHFILE_START";

/// The command-line flag that opens the bundled example at start.
pub const EXAMPLE_FLAG: &str = "--example";

/// What the app opens at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// A project file.
    Project(PathBuf),
    /// The bundled example, untitled.
    Example,
    /// Nothing: the start screen.
    Screen,
}

impl Start {
    /// From the first command-line argument (`--example` or a project),
    /// else `TECHFILE_OPEN`, else `TECHFILE_START`.
    pub fn from_args(arg: Option<PathBuf>) -> Start {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        Start::choose(
            arg,
            env(crate::ENV_OPEN).map(PathBuf::from),
            env(ENV_START).is_some_and(|v| v == "example"),
        )
    }

    fn choose(arg: Option<PathBuf>, open: Option<PathBuf>, example: bool) -> Start {
        match arg.or(open) {
            Some(a) if a.as_os_str() == EXAMPLE_FLAG => Start::Example,
            Some(p) => Start::Project(p),
            None if example => Start::Example,
            None => Start::Screen,
        }
    }

    /// The project file given at start, if any.
    pub fn project(&self) -> Option<&Path> {
        match self {
            Start::Project(p) => Some(p),
            _ => None,
        }
    }

    /// The session to open at start; None shows the start screen.
    pub fn session(&self) -> Result<Option<Session>, IpcError> {
        match self {
            Start::Project(p) => Session::open(p).map(Some),
            Start::Example => Session::example().map(Some),
            Start::Screen => Ok(None),
        }
    }
}

/// A new untitled project (after the unsaved-changes question): the
/// bundled example when `example`, else an empty one (as `techfile new`
/// writes it); null when the user keeps the open project.
#[tauri::command]
pub async fn new_project(
    state: State<'_, AppState>,
    example: bool,
) -> Result<Option<Opened>, IpcError> {
    let dirty = state.is_dirty();
    let dialogs = state.dialogs.clone();
    let go =
        dialog::blocking(move || !dirty || dialogs.confirm_discard("Start a new project")).await?;
    if !go {
        return Ok(None);
    }
    let session = if example {
        Session::example()?
    } else {
        Session::new(None, techfile::TechFile::empty())
    };
    Ok(Some(state.hold(session)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_is_the_argument_then_the_environment_then_the_screen() {
        let p = || Some(PathBuf::from("a.techfile.json"));
        let flag = || Some(PathBuf::from(EXAMPLE_FLAG));
        assert_eq!(
            Start::choose(p(), None, true),
            Start::Project("a.techfile.json".into())
        );
        assert_eq!(Start::choose(flag(), p(), false), Start::Example);
        assert_eq!(
            Start::choose(None, p(), true),
            Start::Project("a.techfile.json".into())
        );
        assert_eq!(Start::choose(None, None, true), Start::Example);
        assert_eq!(Start::choose(None, None, false), Start::Screen);
        assert!(Start::Screen.session().expect("no error").is_none());
        let example = Start::Example
            .session()
            .expect("example")
            .expect("a session");
        assert!(example.path().is_none(), "untitled");
        assert!(!example.techfile().software_items.is_empty());
    }
}
