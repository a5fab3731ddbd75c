//! Progress and cancelling of a long task (issue 13.6): a PDF export, an
//! SBOM import. The task runs with `Progress` as its `util::Observer`
//! after `begin` has said what it is and which stages it goes through
//! (a table of stage names and the share of the run time each takes, e.g.
//! `techfile::export::PDF_STAGES`, `sbom_commands::IMPORT_STAGES`): a
//! finished stage moves the share done to the sum of the shares up to it,
//! a count within the running stage (`Observer::progress`, an SBOM's
//! components) moves it through that stage's share. The UI polls
//! `task_progress` while it waits and `cancel_task` makes the task stop at
//! its next checkpoint with its own `*.cancelled` error; the task leaves
//! the project and the disk as they were then.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

/// A table of stages: name (as the task tells its observer) and share.
pub type Stages = &'static [(&'static str, f32)];

/// Where the running task is (ui/src/lib/types.ts `TaskProgress`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What runs, as the bar says it: "Exporting PDF", "Importing bom.json".
    pub what: String,
    /// The last stage that ended, empty at the start.
    pub stage: String,
    /// The share of the work done, 0 to 1.
    pub done: f32,
    /// Units counted in the running stage, when it counts them.
    pub count: Option<Count>,
    /// Whether a cancel was asked for (the task stops at its next checkpoint).
    pub cancelling: bool,
}

/// `done` of `total` `unit`s ("components").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub done: usize,
    pub total: usize,
    pub unit: &'static str,
}

struct Running {
    id: u64,
    stages: Stages,
    unit: &'static str,
    report: Report,
}

impl Running {
    /// The share done once the stage at `ended` (an index, None: none yet) ended.
    fn share_through(&self, ended: Option<usize>) -> f32 {
        ended.map_or(0.0, |i| self.stages[..=i].iter().map(|(_, s)| s).sum())
    }

    fn ended(&self) -> Option<usize> {
        self.stages
            .iter()
            .position(|(n, _)| *n == self.report.stage)
    }
}

/// The one long task that runs (the UI starts no second while one runs).
#[derive(Default)]
pub struct Progress {
    now: Mutex<Option<Running>>,
    cancel: AtomicBool,
    next: AtomicU64,
}

/// Ends its task when dropped (done, failed, cancelled or panicked), unless
/// a later task has taken its place.
#[must_use = "the task ends when the guard is dropped"]
pub struct Task<'a> {
    progress: &'a Progress,
    id: u64,
}

impl Drop for Task<'_> {
    fn drop(&mut self) {
        let mut now = self.progress.lock();
        if now.as_ref().is_some_and(|r| r.id == self.id) {
            *now = None;
        }
    }
}

impl Progress {
    /// A task `what` starts that goes through `stages`, counting `unit`s
    /// where a stage counts; it ends when the returned guard is dropped.
    pub fn begin(&self, what: impl Into<String>, stages: Stages, unit: &'static str) -> Task<'_> {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.cancel.store(false, Ordering::SeqCst);
        *self.lock() = Some(Running {
            id,
            stages,
            unit,
            report: Report {
                what: what.into(),
                stage: String::new(),
                done: 0.0,
                count: None,
                cancelling: false,
            },
        });
        Task { progress: self, id }
    }

    pub fn report(&self) -> Option<Report> {
        self.lock().as_ref().map(|r| r.report.clone())
    }

    /// Asks the running task to stop; false when none runs.
    pub fn cancel(&self) -> bool {
        let mut now = self.lock();
        match now.as_mut() {
            Some(r) => {
                r.report.cancelling = true;
                self.cancel.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Running>> {
        self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl techfile::util::Observer for Progress {
    fn stage(&self, name: &str) {
        let mut now = self.lock();
        let Some(r) = now.as_mut() else {
            return;
        };
        let Some(i) = r.stages.iter().position(|(n, _)| *n == name) else {
            return;
        };
        r.report.done = r.share_through(Some(i)).min(1.0);
        r.report.stage = name.to_string();
        r.report.count = None;
    }

    fn progress(&self, done: usize, total: usize) {
        let mut now = self.lock();
        let Some(r) = now.as_mut() else {
            return;
        };
        let ended = r.ended();
        let next = ended.map_or(0, |i| i + 1);
        let Some((_, share)) = r.stages.get(next) else {
            return;
        };
        let part = if total == 0 {
            0.0
        } else {
            done.min(total) as f32 / total as f32
        };
        r.report.done = (r.share_through(ended) + share * part).min(1.0);
        r.report.count = Some(Count {
            done,
            total,
            unit: r.unit,
        });
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// Where the running task is; null when none runs.
#[tauri::command]
pub async fn task_progress(state: State<'_, AppState>) -> Result<Option<Report>, IpcError> {
    Ok(state.progress.report())
}

/// Asks the running task to stop at its next checkpoint; false when none
/// runs.
#[tauri::command]
pub async fn cancel_task(state: State<'_, AppState>) -> Result<bool, IpcError> {
    Ok(state.progress.cancel())
}

#[cfg(test)]
mod tests {
    use super::*;
    use techfile::export::{export_observed, ExportFormat, ExportOptions, PDF_STAGES};
    use techfile::util::Observer;

    #[test]
    fn stages_move_the_share_done_forward_to_one() {
        let p = Progress::default();
        assert_eq!(p.report(), None);
        let task = p.begin("Exporting PDF", PDF_STAGES, "");
        assert_eq!(p.report().map(|r| r.done), Some(0.0));
        p.stage("pdf.layout");
        let mid = p.report().expect("running").done;
        // render, parse and layout: about three fifths of the run.
        assert!(mid > 0.4 && mid < 0.8, "{mid}");
        p.stage("not a stage");
        assert_eq!(p.report().expect("running").done, mid);
        p.stage("pdf.id+save");
        assert!((p.report().expect("running").done - 1.0).abs() < 1e-4);
        drop(task);
        assert_eq!(p.report(), None);
    }

    #[test]
    fn counts_move_the_share_through_the_running_stage() {
        const STAGES: Stages = &[("read", 0.2), ("items", 0.5), ("merge", 0.3)];
        let p = Progress::default();
        let _task = p.begin("Importing bom.json", STAGES, "components");
        p.progress(50, 100);
        // Before any stage ended, a count runs through the first stage.
        assert!((p.report().expect("running").done - 0.1).abs() < 1e-4);
        p.stage("read");
        p.progress(0, 4000);
        assert!((p.report().expect("running").done - 0.2).abs() < 1e-4);
        p.progress(1000, 4000);
        let r = p.report().expect("running");
        assert!((r.done - 0.325).abs() < 1e-4, "{}", r.done);
        assert_eq!(
            r.count,
            Some(Count {
                done: 1000,
                total: 4000,
                unit: "components"
            })
        );
        p.stage("items");
        let r = p.report().expect("running");
        assert!((r.done - 0.7).abs() < 1e-4);
        assert_eq!(r.count, None, "the count belongs to the stage that ended");
    }

    #[test]
    fn a_later_task_is_not_ended_by_the_guard_of_an_earlier_one() {
        let p = Progress::default();
        let first = p.begin("one", PDF_STAGES, "");
        let second = p.begin("two", PDF_STAGES, "");
        drop(first);
        assert_eq!(p.report().map(|r| r.what), Some("two".to_string()));
        drop(second);
        assert_eq!(p.report(), None);
    }

    #[test]
    fn a_cancel_stops_the_export_and_only_a_running_one_is_cancelled() {
        let p = Progress::default();
        assert!(!p.cancel(), "nothing runs");
        assert!(!p.cancelled());
        let tf = techfile::example::example().expect("example");
        let task = p.begin("Exporting PDF", PDF_STAGES, "");
        assert!(p.cancel());
        assert!(p.report().expect("running").cancelling);
        let err = export_observed(&tf, ExportFormat::Pdf, &ExportOptions::default(), &p)
            .expect_err("cancelled");
        assert_eq!(err.code(), "pdf.cancelled");
        drop(task);
        // The next export starts afresh.
        let _task = p.begin("Exporting PDF", PDF_STAGES, "");
        assert!(!p.cancelled());
        let out =
            export_observed(&tf, ExportFormat::Pdf, &ExportOptions::default(), &p).expect("pdf");
        assert!(out.bytes.starts_with(b"%PDF"));
        assert!((p.report().expect("running").done - 1.0).abs() < 1e-4);
    }
}
