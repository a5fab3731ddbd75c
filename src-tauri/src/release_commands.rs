//! "Compare with…": the open project (as edited, saved or not) against
//! another version of it, a file chosen in the open dialog or the `.bak`
//! the last save kept, as `techfile diff` shows it.

use std::path::PathBuf;

use serde::Serialize;
use tauri::State;

use crate::dialog;
use crate::error::IpcError;
use crate::AppState;

/// What the compare view shows: which file the open project was compared
/// with (the older version), the diff and its Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    pub against: String,
    pub diff: techfile::diff::Diff,
    pub markdown: String,
}

/// Compares the open project with its backup (`backup`) or with a project
/// chosen in the open dialog; null when the user cancels.
#[tauri::command]
pub async fn compare_with(
    state: State<'_, AppState>,
    backup: bool,
) -> Result<Option<Compared>, IpcError> {
    let path: PathBuf = if backup {
        let Some(p) = state.with_session(|s| Ok(s.path().map(techfile::util::backup_path)))? else {
            return Err(IpcError::new(
                "compare.no-backup",
                "the project has not been saved yet, so it has no backup to compare with",
            ));
        };
        if !p.is_file() {
            return Err(IpcError::new(
                "compare.no-backup",
                format!(
                    "there is no backup {} yet: a save keeps the previous version there",
                    p.display()
                ),
            ));
        }
        p
    } else {
        let dialogs = state.dialogs.clone();
        let picked =
            dialog::blocking(move || dialogs.open("Compare with another version", dialog::PROJECT))
                .await?;
        match picked {
            Some(p) => p,
            None => return Ok(None),
        }
    };
    let old = techfile::store::open(&path)?.techfile;
    let new = state.with_session(|s| Ok(s.techfile().clone()))?;
    Ok(Some(compare(&path, &old, &new)))
}

fn compare(path: &std::path::Path, old: &techfile::TechFile, new: &techfile::TechFile) -> Compared {
    let diff = techfile::diff::diff(old, new);
    let markdown = techfile::diff::render::markdown(&diff);
    Compared {
        against: path.display().to_string(),
        diff,
        markdown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comparison_names_the_older_file_and_its_changes() {
        let old = techfile::example::example().expect("example");
        let mut new = old.clone();
        new.device.trade_name = "Renamed".into();
        let c = compare(std::path::Path::new("/p/old.json"), &old, &new);
        assert_eq!(c.against, "/p/old.json");
        assert_eq!(c.diff.count(), 1);
        assert!(c.markdown.contains("“Renamed”"), "{}", c.markdown);
        let j = serde_json::to_value(&c).expect("json");
        assert_eq!(j["diff"]["sections"][0]["id"], "device");
    }
}
