//! The open project, held by the backend (Tauri managed state), without
//! Tauri. The UI gets the project once when it opens one, then sends edits
//! (`edit::Edit`) and gets back what changed and the new findings
//! (`Update`); imports, save and export work on the project held here.
//!
//! A revision counts the changes; the project is dirty while it differs from
//! what was last opened or saved (compared part by part, so undoing an edit
//! by hand makes it clean again).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use techfile::Finding;
use techfile::TechFile;

use crate::dialog::{self, Grants};
use crate::edit::{self, Edit};
use crate::error::IpcError;

/// A project as the UI receives it when it opens one (ui/src/lib/types.ts `Opened`).
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    /// Absolute path; `None` for the bundled example, which is not on disk.
    pub path: Option<String>,
    pub techfile: TechFile,
    pub findings: Vec<Finding>,
    pub revision: u64,
    pub dirty: bool,
    /// Required clauses answered per applicable framework.
    pub coverage: Vec<techfile::coverage::Figure>,
    /// Set when the file was of an older schema version: what loading did
    /// and what the next save writes (`store::Loaded::notice`).
    pub migrated: Option<String>,
}

/// One changed value: a path and what is there now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub path: String,
    pub value: Value,
}

/// What a change of the project sends back (ui/src/lib/types.ts `Update`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Update {
    pub revision: u64,
    pub dirty: bool,
    /// For an edit: one entry per set or insert, in order, with the value
    /// as the model holds it (defaults filled in). For an import: each
    /// top-level part the import changed, whole.
    pub changed: Vec<Change>,
    /// The findings of the whole project after the change.
    pub findings: Vec<Finding>,
    /// Required clauses answered per applicable framework, after the change.
    pub coverage: Vec<techfile::coverage::Figure>,
}

/// The saved path and the state after a save.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Saved {
    pub path: String,
    pub revision: u64,
    pub dirty: bool,
}

pub struct Session {
    path: Option<PathBuf>,
    techfile: TechFile,
    /// The project as last opened or saved.
    saved: TechFile,
    /// The parts that differ from `saved`.
    dirty: BTreeSet<&'static str>,
    revision: u64,
    /// The migration notice of the file as opened, if it was older.
    migrated: Option<String>,
}

impl Session {
    pub fn new(path: Option<PathBuf>, techfile: TechFile) -> Self {
        Session {
            path,
            saved: techfile.clone(),
            techfile,
            dirty: BTreeSet::new(),
            revision: 0,
            migrated: None,
        }
    }

    /// Opens the project at `path` (made absolute, so the UI shows where it is).
    pub fn open(path: &Path) -> Result<Self, IpcError> {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let loaded = techfile::store::open(&abs)?;
        let migrated = loaded.notice(&abs);
        Ok(Session {
            migrated,
            ..Session::new(Some(abs), loaded.techfile)
        })
    }

    /// The bundled example, not yet saved anywhere.
    pub fn example() -> Result<Self, IpcError> {
        Ok(Session::new(None, techfile::example::example()?))
    }

    /// The project to show at start: `start` if given, else the bundled example.
    pub fn initial(start: Option<&Path>) -> Result<Self, IpcError> {
        match start {
            Some(p) => Session::open(p),
            None => Session::example(),
        }
    }

    pub fn techfile(&self) -> &TechFile {
        &self.techfile
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// The whole project for the UI to render.
    pub fn opened(&self) -> Opened {
        let (findings, coverage) = techfile::check::check_with_coverage(&self.techfile);
        Opened {
            path: self.path.as_ref().map(|p| p.display().to_string()),
            techfile: self.techfile.clone(),
            findings,
            revision: self.revision,
            dirty: self.is_dirty(),
            coverage,
            migrated: self.migrated.clone(),
        }
    }

    /// Applies `edits` in order, all or none: when one is refused, the
    /// project is left as it was and the error names the field path.
    pub fn edit(&mut self, edits: &[Edit]) -> Result<Update, IpcError> {
        let mut applied = Vec::with_capacity(edits.len());
        let mut changed = Vec::new();
        for e in edits {
            match edit::apply(&mut self.techfile, e) {
                Ok(a) => {
                    if !matches!(e, Edit::Remove { .. }) {
                        changed.push(Change {
                            path: e.path().to_string(),
                            value: a.value.clone(),
                        });
                    }
                    applied.push(a);
                }
                Err(err) => {
                    for a in applied.into_iter().rev() {
                        edit::undo(&mut self.techfile, a)?;
                    }
                    return Err(err);
                }
            }
        }
        let touched: BTreeSet<&str> = edits
            .iter()
            .filter_map(|e| e.path().split(['.', '[']).next())
            .collect();
        self.recompute_dirty(touched);
        if !edits.is_empty() {
            self.revision += 1;
        }
        Ok(self.update(changed))
    }

    /// Runs an import (or any other change of the whole project) and
    /// reports the parts it changed, whole. On error the project is left
    /// as it was.
    pub fn change<R>(
        &mut self,
        f: impl FnOnce(&mut TechFile) -> Result<R, IpcError>,
    ) -> Result<(R, Update), IpcError> {
        let before = self.techfile.clone();
        let r = match f(&mut self.techfile) {
            Ok(r) => r,
            Err(e) => {
                self.techfile = before;
                return Err(e);
            }
        };
        let names = edit::changed_parts(&before, &self.techfile);
        let changed = names
            .iter()
            .filter_map(|n| {
                edit::part_value(&self.techfile, n).map(|value| Change {
                    path: (*n).to_string(),
                    value,
                })
            })
            .collect();
        if !names.is_empty() {
            self.revision += 1;
        }
        self.recompute_dirty(names.iter().copied().collect());
        Ok((r, self.update(changed)))
    }

    /// The value at `path` (for the UI to take back an edit it was refused).
    pub fn read(&self, path: &str) -> Result<Value, IpcError> {
        edit::read(&self.techfile, path)
    }

    /// Saves to `path` if it is the open project's file or one the user
    /// chose in a native dialog (`grants`); anything else is refused and
    /// nothing is written.
    pub fn save_to(&mut self, path: &Path, grants: &Grants) -> Result<Saved, IpcError> {
        let own = self.path.as_deref().map(dialog::normal);
        if own.as_deref() != Some(dialog::normal(path).as_path()) && !grants.allows(path) {
            return Err(IpcError::new(
                "session.save_refused",
                format!(
                    "{}: not saved: the app saves only to the open project's file or to a file chosen in the save dialog",
                    path.display()
                ),
            ));
        }
        self.save(path)
    }

    /// Saves to `path` (atomically, with a backup) and makes it the
    /// project's path. Commands go through `save_to`.
    pub fn save(&mut self, path: &Path) -> Result<Saved, IpcError> {
        techfile::store::save(path, &self.techfile)?;
        self.path = Some(path.to_path_buf());
        self.saved = self.techfile.clone();
        self.dirty.clear();
        Ok(Saved {
            path: path.display().to_string(),
            revision: self.revision,
            dirty: false,
        })
    }

    fn recompute_dirty(&mut self, touched: BTreeSet<&str>) {
        let parts = edit::parts(&self.techfile)
            .into_iter()
            .zip(edit::parts(&self.saved));
        for ((name, now), (_, saved)) in parts {
            if !touched.contains(name) {
                continue;
            }
            if now.same_as(&saved) {
                self.dirty.remove(name);
            } else {
                self.dirty.insert(name);
            }
        }
    }

    fn update(&self, changed: Vec<Change>) -> Update {
        let (findings, coverage) = techfile::check::check_with_coverage(&self.techfile);
        Update {
            revision: self.revision,
            dirty: self.is_dirty(),
            changed,
            findings,
            coverage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session() -> Session {
        Session::example().expect("example")
    }

    #[test]
    fn starts_on_the_example_clean_with_its_findings() {
        let s = Session::initial(None).expect("example");
        let o = s.opened();
        assert_eq!(o.path, None);
        assert!(!o.dirty);
        assert_eq!(o.revision, 0);
        assert_eq!(o.findings, techfile::check::check(s.techfile()));
    }

    #[test]
    fn an_edit_answers_the_value_and_the_new_findings() {
        let mut s = session();
        let u = s
            .edit(&[Edit::set("device.trade_name", "")])
            .expect("applies");
        assert_eq!(u.revision, 1);
        assert!(u.dirty);
        assert_eq!(
            u.changed,
            vec![Change {
                path: "device.trade_name".into(),
                value: json!("")
            }]
        );
        assert_eq!(u.findings, techfile::check::check(s.techfile()));
        assert!(
            u.findings.iter().any(|f| f.path == "device.trade_name"),
            "an empty trade name is found"
        );
    }

    #[test]
    fn undoing_an_edit_by_hand_makes_the_project_clean_again() {
        let mut s = session();
        let name = s.techfile().device.trade_name.clone();
        assert!(
            s.edit(&[Edit::set("device.trade_name", "X")])
                .expect("edit")
                .dirty
        );
        let u = s
            .edit(&[Edit::set("device.trade_name", name)])
            .expect("edit");
        assert!(!u.dirty);
        assert_eq!(u.revision, 2);
    }

    #[test]
    fn a_refused_edit_leaves_the_whole_batch_undone() {
        let mut s = session();
        let before = s.techfile().clone();
        let e = s
            .edit(&[
                Edit::set("device.trade_name", "Applied first"),
                Edit::Insert {
                    path: "risk.entries[0]".into(),
                    value: json!({"id": "HAZ-X"}),
                },
                Edit::set("risk.entries[3].severity", 5),
            ])
            .expect_err("a severity is text");
        assert_eq!(e.code, "edit.invalid");
        assert!(e.message.contains("risk.entries[3].severity"), "{e}");
        assert_eq!(s.techfile(), &before);
        assert_eq!(s.revision(), 0);
        assert!(!s.is_dirty());
    }

    #[test]
    fn a_v1_project_opens_with_the_migration_notice_and_saves_as_v2() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.techfile.json");
        let v1 = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/v1/ecg-arrhythmia.techfile.json"
        ))
        .expect("v1 fixture");
        std::fs::write(&path, &v1).expect("write");
        let mut s = Session::open(&path).expect("opens");
        let notice = s.opened().migrated.expect("a notice");
        assert!(
            notice.contains("schema version 1, read as version 2"),
            "{notice}"
        );
        s.save(&path).expect("save");
        let saved = std::fs::read_to_string(&path).expect("read");
        assert!(saved.contains("\"schema_version\": 2"));
        let bak = std::fs::read(techfile::util::backup_path(&path)).expect("bak");
        assert_eq!(bak, v1, "the v1 file is kept as .bak");
        let again = Session::open(&path).expect("opens");
        assert_eq!(again.opened().migrated, None);
    }

    #[test]
    fn saving_makes_it_clean_and_the_file_holds_the_edits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("techfile.json");
        let mut s = session();
        s.edit(&[Edit::set("device.trade_name", "Saved Name")])
            .expect("edit");
        let saved = s.save(&path).expect("save");
        assert!(!saved.dirty && !s.is_dirty());
        assert_eq!(s.path(), Some(path.as_path()));
        let reopened = Session::open(&path).expect("open");
        assert_eq!(reopened.techfile().device.trade_name, "Saved Name");
        assert_eq!(
            reopened.opened().path.as_deref(),
            Some(path.to_str().expect("utf-8"))
        );
    }

    #[test]
    fn a_save_to_a_path_no_dialog_gave_is_refused_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bashrc = dir.path().join(".bashrc");
        std::fs::write(&bashrc, "alias ls='ls -F'\n").expect("write");
        let grants = Grants::default();
        // The unsaved example has no file of its own.
        let mut s = session();
        for target in [bashrc.clone(), dir.path().join("new.techfile.json")] {
            let e = s.save_to(&target, &grants).expect_err("refused");
            assert_eq!(e.code, "session.save_refused");
            assert_eq!(
                e.message,
                format!(
                    "{}: not saved: the app saves only to the open project's file or to a file chosen in the save dialog",
                    target.display()
                )
            );
        }
        assert_eq!(
            std::fs::read_to_string(&bashrc).expect("read"),
            "alias ls='ls -F'\n"
        );
        assert!(!dir.path().join("new.techfile.json").exists());
        assert_eq!(s.path(), None);
        // An open project: its own file is fine, another is not.
        let own = dir.path().join("p.techfile.json");
        s.save(&own).expect("setup");
        let mut s = Session::open(&own).expect("open");
        s.edit(&[Edit::set("device.trade_name", "Edited")])
            .expect("edit");
        let e = s.save_to(&bashrc, &grants).expect_err("refused");
        assert_eq!(e.code, "session.save_refused");
        assert_eq!(s.path(), Some(own.as_path()), "still the project's path");
        assert!(s.is_dirty(), "nothing was saved");
        s.save_to(&own, &grants).expect("its own file");
        let reopened = Session::open(&own).expect("open");
        assert_eq!(reopened.techfile().device.trade_name, "Edited");
    }

    #[test]
    fn a_save_to_a_path_a_dialog_gave_is_allowed_and_becomes_the_project() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chosen = dir.path().join("chosen.techfile.json");
        let grants = Grants::default();
        grants.grant(&chosen);
        let mut s = session();
        let saved = s.save_to(&chosen, &grants).expect("granted");
        assert_eq!(saved.path, chosen.display().to_string());
        assert_eq!(s.path(), Some(chosen.as_path()));
        assert!(chosen.exists());
        // Granting one file grants no other in its folder.
        let e = s
            .save_to(&dir.path().join("other.techfile.json"), &grants)
            .expect_err("refused");
        assert_eq!(e.code, "session.save_refused");
    }

    #[test]
    fn saving_twice_keeps_a_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("techfile.json");
        let mut s = session();
        s.save(&path).expect("first save");
        s.save(&path).expect("second save");
        assert!(techfile::util::backup_path(&path).exists());
    }

    #[test]
    fn a_change_reports_the_parts_it_changed_whole() {
        let mut s = session();
        let (n, u) = s
            .change(|tf| {
                tf.risk.entries.truncate(1);
                Ok(tf.risk.entries.len())
            })
            .expect("changes");
        assert_eq!(n, 1);
        assert_eq!(u.changed.len(), 1);
        assert_eq!(u.changed[0].path, "risk");
        assert_eq!(
            u.changed[0].value["entries"].as_array().map(Vec::len),
            Some(1)
        );
        assert!(u.dirty);
        let before = s.techfile().clone();
        let e = s
            .change(|tf| -> Result<(), IpcError> {
                tf.device.trade_name.clear();
                Err(IpcError::new("test.fail", "no"))
            })
            .expect_err("fails");
        assert_eq!(e.code, "test.fail");
        assert_eq!(s.techfile(), &before, "a failed change changes nothing");
    }

    #[test]
    fn a_missing_file_is_a_coded_error() {
        let e = Session::open(Path::new("/nonexistent/techfile.json"))
            .err()
            .expect("must fail");
        assert_eq!(e.code, "store.read");
        assert!(e.message.contains("/nonexistent/techfile.json"), "{e}");
    }
}
