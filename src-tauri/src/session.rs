//! The open project, held by the backend (Tauri managed state), without
//! Tauri. The UI gets the project once when it opens one, then sends edits
//! (`edit::Edit`) and gets back what changed and the new findings
//! (`Update`); imports, save and export work on the project held here.
//!
//! A revision counts the changes; the project is dirty while it differs from
//! what was last opened or saved (compared part by part, so undoing an edit
//! by hand, or by `undo`, makes it clean again).
//!
//! Every edit batch and every whole-project change (imports) is one step of
//! the undo history (`history::History`; what a step keeps and the memory
//! cap are documented there). The recovery file (`recovery`) of unsaved
//! changes is the session's too: where it goes, whether one is offered, and
//! what this session wrote.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use techfile::Finding;
use techfile::TechFile;

use crate::dialog::{self, Grants};
use crate::edit::{self, Edit};
use crate::error::IpcError;
use crate::history::{Direction, History, Limits};
use crate::recovery::{self, Offer};

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
    pub can_undo: bool,
    pub can_redo: bool,
    /// A recovery file of unsaved changes found for this project, to
    /// restore (`restore_recovery`) or discard (`discard_recovery`).
    pub recovery: Option<Offer>,
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
    pub can_undo: bool,
    pub can_redo: bool,
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
    history: History,
    /// When the last edit batch became (or joined) an undo step.
    last_edit: Option<Instant>,
    recovery: Recovery,
}

/// An edit batch this soon after the last one, setting the same fields,
/// joins its undo step: the UI sends every keystroke at once, and one undo
/// takes back a run of typing, up to a pause this long.
pub const TYPING_PAUSE: Duration = Duration::from_secs(1);

/// The session's recovery file.
#[derive(Debug, Default)]
struct Recovery {
    /// Where an untitled project's recovery file goes.
    untitled_dir: Option<PathBuf>,
    /// Where this project's goes (none when unknown: then none is written).
    file: Option<PathBuf>,
    /// One found when the project was opened, not yet restored or
    /// discarded; while it is, none is written over it.
    offer: Option<Offer>,
    /// The file this session wrote and the revision it holds.
    written: Option<(PathBuf, u64)>,
}

/// What the autosave timer is to do (`Session::autosave_job`).
#[derive(Debug, PartialEq)]
pub enum AutosaveJob {
    Nothing,
    /// Write `text` (the project at `revision`) to `file`.
    Write {
        file: PathBuf,
        text: String,
        revision: u64,
    },
    /// The project is clean again: remove the file this session wrote.
    Remove(PathBuf),
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
            history: History::default(),
            last_edit: None,
            recovery: Recovery::default(),
        }
    }

    /// The same session with other history limits (tests).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.history = History::new(limits);
        self
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
            can_undo: self.history.can_undo(),
            can_redo: self.history.can_redo(),
            recovery: self.recovery.offer.clone(),
        }
    }

    /// Applies `edits` in order, all or none: when one is refused, the
    /// project is left as it was and the error names the field path.
    pub fn edit(&mut self, edits: &[Edit]) -> Result<Update, IpcError> {
        self.edit_at(edits, Instant::now())
    }

    /// `edit`, as if made at `now` (which decides whether it joins the
    /// last undo step, `TYPING_PAUSE`).
    pub fn edit_at(&mut self, edits: &[Edit], now: Instant) -> Result<Update, IpcError> {
        let mut applied = Vec::with_capacity(edits.len());
        let mut changed = Vec::new();
        let mut changes_something = false;
        for e in edits {
            match edit::apply(&mut self.techfile, e) {
                Ok(a) => {
                    changes_something |= !a.inverse().sets(&a.value);
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
        if changes_something {
            let continues = self
                .last_edit
                .is_some_and(|t| now.saturating_duration_since(t) < TYPING_PAUSE);
            self.history.record_edits_continuing(
                applied.iter().map(edit::Applied::inverse).collect(),
                continues,
            );
            self.last_edit = Some(now);
        }
        Ok(self.update(changed))
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Takes back the last edit batch or import. The update carries each
    /// top-level part it changed, whole (as an import's does); with nothing
    /// to undo, it changes nothing.
    pub fn undo(&mut self) -> Result<Update, IpcError> {
        self.step(Direction::Undo)
    }

    /// Does again what the last undo took back.
    pub fn redo(&mut self) -> Result<Update, IpcError> {
        self.step(Direction::Redo)
    }

    fn step(&mut self, dir: Direction) -> Result<Update, IpcError> {
        self.last_edit = None;
        let Some(touched) = self.history.step(&mut self.techfile, dir)? else {
            return Ok(self.update(Vec::new()));
        };
        self.revision += 1;
        // In file order, as an import's.
        let changed = edit::PART_NAMES
            .iter()
            .filter(|n| touched.contains(*n))
            .filter_map(|n| {
                edit::part_value(&self.techfile, n).map(|value| Change {
                    path: (*n).to_string(),
                    value,
                })
            })
            .collect();
        self.recompute_dirty(touched.into_iter().collect());
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
            self.last_edit = None;
            self.history.record_parts(&before, &self.techfile, &names);
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
        // The saved state is a place to undo back to: typing after the
        // save is a step of its own.
        self.last_edit = None;
        // Saved: the recovery file this session wrote is not needed. A
        // failure to remove it is reported, not a failed save; one left
        // behind is older than the project, so it is not offered.
        if let Some((file, _)) = self.recovery.written.take() {
            if let Err(e) = recovery::remove(&file) {
                eprintln!("techfile-desktop: {e}");
            }
        }
        self.recovery.file =
            recovery::file_for(self.path.as_deref(), self.recovery.untitled_dir.as_deref());
        self.recovery.offer = None;
        Ok(Saved {
            path: path.display().to_string(),
            revision: self.revision,
            dirty: false,
        })
    }

    /// Says where this project's recovery file goes (an untitled one's in
    /// `untitled_dir`) and looks for one to offer.
    pub fn attach_recovery(&mut self, untitled_dir: Option<&Path>) {
        let file = recovery::file_for(self.path.as_deref(), untitled_dir);
        self.recovery = Recovery {
            untitled_dir: untitled_dir.map(Path::to_path_buf),
            offer: file
                .as_deref()
                .and_then(|f| recovery::find(f, self.path.as_deref())),
            file,
            written: None,
        };
    }

    /// The recovery file found when the project was opened, if it is still
    /// to be restored or discarded.
    pub fn recovery_offer(&self) -> Option<&Offer> {
        self.recovery.offer.as_ref()
    }

    /// What the autosave timer is to do now: write the unsaved changes
    /// (when they changed since the last write), remove the file once the
    /// project is clean again, or nothing (also while a recovery file found
    /// at open is still offered: it is not written over).
    pub fn autosave_job(&self) -> Result<AutosaveJob, IpcError> {
        let r = &self.recovery;
        if r.offer.is_some() {
            return Ok(AutosaveJob::Nothing);
        }
        if !self.is_dirty() {
            return Ok(match &r.written {
                Some((file, _)) => AutosaveJob::Remove(file.clone()),
                None => AutosaveJob::Nothing,
            });
        }
        let Some(file) = r.file.clone() else {
            return Ok(AutosaveJob::Nothing);
        };
        if r.written.as_ref() == Some(&(file.clone(), self.revision)) {
            return Ok(AutosaveJob::Nothing);
        }
        Ok(AutosaveJob::Write {
            text: recovery::text(self.path.as_deref(), self.revision, &self.techfile)?,
            file,
            revision: self.revision,
        })
    }

    /// Runs an autosave job (the timer runs `autosave_job` while it holds
    /// the session and this after, so that edits do not wait for the disk;
    /// see `AppState::autosave` for why a save cannot come in between).
    pub fn autosave_done(&mut self, job: &AutosaveJob) {
        match job {
            AutosaveJob::Nothing => {}
            AutosaveJob::Write { file, revision, .. } => {
                self.recovery.written = Some((file.clone(), *revision));
            }
            AutosaveJob::Remove(file) => {
                if self
                    .recovery
                    .written
                    .as_ref()
                    .is_some_and(|(f, _)| f == file)
                {
                    self.recovery.written = None;
                }
            }
        }
    }

    /// Writes or removes the recovery file now, as the timer does (tests,
    /// and the timer through `autosave_job`/`autosave_done`).
    pub fn autosave(&mut self) -> Result<(), IpcError> {
        let job = self.autosave_job()?;
        run_autosave(&job)?;
        self.autosave_done(&job);
        Ok(())
    }

    /// The unsaved changes are dropped (closing or opening another project
    /// after "discard"): removes the recovery file this session wrote. A
    /// file found at open and not decided on is left as it is.
    pub fn discard_own_recovery(&mut self) {
        if let Some((file, _)) = self.recovery.written.take() {
            if let Err(e) = recovery::remove(&file) {
                eprintln!("techfile-desktop: {e}");
            }
        }
    }

    /// Restores the recovery file offered at open: its project becomes the
    /// open one, unsaved (the project file is not touched until a save),
    /// as one step that undo takes back.
    pub fn restore_recovery(&mut self) -> Result<Update, IpcError> {
        let Some(offer) = self.recovery.offer.clone() else {
            return Err(IpcError::new(
                "recovery.none",
                "there is no recovery file to restore",
            ));
        };
        if let Some(e) = &offer.error {
            return Err(IpcError::new("recovery.read", e.clone()));
        }
        let recovered = recovery::load(Path::new(&offer.file), self.path.as_deref())?;
        let ((), update) = self.change(|tf| {
            *tf = recovered;
            Ok(())
        })?;
        // Kept until the restored project is saved: the next autosave
        // writes it again, and a crash before that still finds it.
        self.recovery.offer = None;
        self.recovery.written = Some((PathBuf::from(&offer.file), u64::MAX));
        Ok(update)
    }

    /// Discards the recovery file offered at open: removes it.
    pub fn discard_recovery(&mut self) -> Result<(), IpcError> {
        if let Some(offer) = self.recovery.offer.take() {
            if let Err(e) = recovery::remove(Path::new(&offer.file)) {
                self.recovery.offer = Some(offer);
                return Err(e);
            }
        }
        Ok(())
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
            can_undo: self.history.can_undo(),
            can_redo: self.history.can_redo(),
        }
    }
}

/// Does the file work of an autosave job.
pub fn run_autosave(job: &AutosaveJob) -> Result<(), IpcError> {
    match job {
        AutosaveJob::Nothing => Ok(()),
        AutosaveJob::Write { file, text, .. } => recovery::write(file, text),
        AutosaveJob::Remove(file) => recovery::remove(file),
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
    fn undo_and_redo_answer_whole_parts_and_follow_the_saved_state() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.techfile.json");
        session().save(&path).expect("setup");
        let mut s = Session::open(&path).expect("open");
        let name = s.techfile().device.trade_name.clone();
        assert!(!s.opened().can_undo && !s.opened().can_redo);
        let u = s
            .edit(&[Edit::set("device.trade_name", "One")])
            .expect("edit");
        assert!(u.can_undo && !u.can_redo && u.dirty);
        let u = s.undo().expect("undo");
        assert_eq!(s.techfile().device.trade_name, name);
        assert!(!u.dirty, "back at the saved state: clean");
        assert!(!u.can_undo && u.can_redo);
        assert_eq!(u.revision, 2);
        assert_eq!(u.changed.len(), 1);
        assert_eq!(u.changed[0].path, "device");
        assert_eq!(u.changed[0].value["trade_name"], json!(name));
        assert_eq!(u.findings, techfile::check::check(s.techfile()));
        let u = s.redo().expect("redo");
        assert!(u.dirty && u.can_undo && !u.can_redo);
        assert_eq!(u.changed[0].value["trade_name"], json!("One"));
        // Saved at "One": undoing to the file's old state is dirty now.
        s.save(&path).expect("save");
        let u = s.undo().expect("undo");
        assert!(u.dirty, "differs from what was saved");
        let u = s.redo().expect("redo");
        assert!(!u.dirty, "equal to what was saved");
        // Nothing to redo: nothing changes.
        let u = s.redo().expect("nothing to redo");
        assert!(u.changed.is_empty());
        assert_eq!(u.revision, s.revision());
    }

    #[test]
    fn an_import_is_one_step_and_a_new_edit_clears_redo() {
        let mut s = session();
        let start = s.techfile().clone();
        s.change(|tf| {
            tf.risk.entries.truncate(1);
            tf.sbom.components.truncate(2);
            Ok(())
        })
        .expect("import");
        s.edit(&[Edit::set("device.trade_name", "After")])
            .expect("edit");
        s.undo().expect("undo the edit");
        let u = s.undo().expect("undo the import");
        let paths: Vec<&str> = u.changed.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["sbom", "risk"]);
        assert_eq!(s.techfile(), &start);
        assert!(!u.dirty && !u.can_undo);
        s.redo().expect("redo the import");
        assert_eq!(s.techfile().risk.entries.len(), 1);
        assert!(s.can_redo());
        s.edit(&[Edit::set("device.version", "9")]).expect("edit");
        assert!(!s.can_redo(), "a new edit clears the redo list");
        // A set of the value already there is no step.
        s.undo().expect("undo");
        let v = s.techfile().device.version.clone();
        s.edit(&[Edit::set("device.version", v)])
            .expect("same value");
        assert!(s.can_redo(), "no step, so the redo list stays");
    }

    #[test]
    fn typing_in_one_field_is_one_step_until_a_pause_a_save_or_another_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.techfile.json");
        let mut s = session();
        let start = s.techfile().clone();
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let name = |s: &mut Session, v: &str, ms: u64| {
            s.edit_at(&[Edit::set("device.trade_name", v)], at(ms))
                .expect("edit")
        };
        // Keystrokes 200 ms apart: one step.
        for (i, v) in ["C", "Ca", "Car"].into_iter().enumerate() {
            name(&mut s, v, 200 * i as u64);
        }
        // A pause: a new step; another field: another.
        name(&mut s, "Card", 400 + TYPING_PAUSE.as_millis() as u64);
        s.edit_at(&[Edit::set("device.version", "9")], at(1500))
            .expect("edit");
        // After a save, typing on is a new step too.
        s.save(&path).expect("save");
        name(&mut s, "Cards", 1600);
        s.undo().expect("undo after the save");
        assert_eq!(s.techfile().device.trade_name, "Card");
        assert!(!s.is_dirty(), "back at the saved state");
        s.undo().expect("undo the version");
        s.undo().expect("undo after the pause");
        assert_eq!(s.techfile().device.trade_name, "Car");
        let u = s.undo().expect("undo the run");
        assert_eq!(s.techfile(), &start);
        assert!(!u.can_undo, "three keystrokes were one step");
    }

    #[test]
    fn a_hundred_and_twenty_edits_undo_back_to_clean() {
        let mut s = session();
        let start = s.techfile().clone();
        // Each its own step: far enough apart not to join as typing.
        let t0 = Instant::now();
        for i in 0..120 {
            s.edit_at(
                &[Edit::set("device.trade_name", format!("N{i}"))],
                t0 + TYPING_PAUSE * i,
            )
            .expect("edit");
        }
        for _ in 0..120 {
            s.undo().expect("undo");
        }
        assert_eq!(s.techfile(), &start);
        assert!(!s.is_dirty() && !s.can_undo());
    }

    fn on_disk(dir: &Path) -> (PathBuf, PathBuf) {
        let path = dir.join("p.techfile.json");
        session().save(&path).expect("setup");
        let file = recovery::file_for(Some(&path), None).expect("recovery file");
        (path, file)
    }

    #[test]
    fn autosave_writes_unsaved_changes_beside_the_project_and_a_save_removes_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, file) = on_disk(dir.path());
        let project = std::fs::read(&path).expect("read");
        let mut s = Session::open(&path).expect("open");
        s.attach_recovery(None);
        s.autosave().expect("clean: nothing");
        assert!(!file.exists());
        s.edit(&[Edit::set("device.trade_name", "Autosaved")])
            .expect("edit");
        s.autosave().expect("write");
        assert_eq!(
            recovery::load(&file, Some(&path))
                .expect("loads")
                .device
                .trade_name,
            "Autosaved"
        );
        assert_eq!(std::fs::read(&path).expect("read"), project, "untouched");
        assert_eq!(
            s.autosave_job().expect("job"),
            AutosaveJob::Nothing,
            "written already"
        );
        s.save(&path).expect("save");
        assert!(!file.exists(), "a save removes it");
        // Undoing back to clean removes it too, at the next tick.
        s.edit(&[Edit::set("device.trade_name", "Again")])
            .expect("edit");
        s.autosave().expect("write");
        assert!(file.exists());
        s.undo().expect("undo");
        s.autosave().expect("remove");
        assert!(!file.exists());
        // Discarding (closing, opening another) removes it.
        s.edit(&[Edit::set("device.trade_name", "Dropped")])
            .expect("edit");
        s.autosave().expect("write");
        s.discard_own_recovery();
        assert!(!file.exists());
    }

    #[test]
    fn an_untitled_project_recovers_in_the_data_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let mut s = session();
        s.attach_recovery(Some(&data));
        s.edit(&[Edit::set("device.trade_name", "Untitled")])
            .expect("edit");
        s.autosave().expect("write");
        let file = data.join(recovery::UNTITLED);
        assert!(file.exists());
        let mut again = session();
        again.attach_recovery(Some(&data));
        assert!(again.recovery_offer().is_some());
        let u = again.restore_recovery().expect("restore");
        assert!(u.dirty);
        assert_eq!(again.techfile().device.trade_name, "Untitled");
        // Saved somewhere: the data dir's file goes.
        again
            .save(&dir.path().join("now.techfile.json"))
            .expect("save");
        assert!(!file.exists());
    }

    #[test]
    fn a_recovery_file_is_offered_restored_as_unsaved_and_the_project_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, file) = on_disk(dir.path());
        let project = std::fs::read(&path).expect("read");
        {
            let mut s = Session::open(&path).expect("open");
            s.attach_recovery(None);
            s.edit(&[Edit::set("device.trade_name", "Crashed")])
                .expect("edit");
            s.autosave().expect("write");
            // ... and the app is killed: nothing removes the file.
        }
        let mut s = Session::open(&path).expect("open");
        s.attach_recovery(None);
        let offer = s.opened().recovery.expect("offered");
        assert_eq!(offer.file, file.display().to_string());
        assert_eq!(offer.error, None);
        // While it is offered, edits do not write over it.
        s.edit(&[Edit::set("device.version", "x")]).expect("edit");
        assert_eq!(s.autosave_job().expect("job"), AutosaveJob::Nothing);
        s.undo().expect("undo");
        let u = s.restore_recovery().expect("restore");
        assert!(u.dirty, "restored as unsaved");
        assert_eq!(s.techfile().device.trade_name, "Crashed");
        assert_eq!(s.opened().recovery, None, "offered once");
        assert_eq!(std::fs::read(&path).expect("read"), project, "untouched");
        assert!(file.exists(), "kept until saved");
        // The restore is one step: undo takes it back to the file's state.
        assert!(!s.undo().expect("undo").dirty);
        s.redo().expect("redo");
        s.save(&path).expect("save");
        assert!(!file.exists());
        assert_eq!(
            techfile::store::load(&path)
                .expect("load")
                .device
                .trade_name,
            "Crashed"
        );
        let e = s.restore_recovery().expect_err("nothing to restore");
        assert_eq!(e.code, "recovery.none");
    }

    #[test]
    fn a_discarded_offer_removes_the_file_and_a_corrupt_one_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, file) = on_disk(dir.path());
        std::fs::write(&file, "{ not json").expect("corrupt");
        let mut s = Session::open(&path).expect("a corrupt recovery file does not stop the open");
        s.attach_recovery(None);
        let why = s.opened().recovery.expect("reported").error.expect("why");
        assert!(why.contains(".p.techfile.json.recovery"), "{why}");
        let e = s.restore_recovery().expect_err("cannot restore");
        assert_eq!(e.code, "recovery.read");
        s.discard_recovery().expect("discard");
        assert!(!file.exists());
        assert_eq!(s.opened().recovery, None);
        assert!(!s.is_dirty());
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
