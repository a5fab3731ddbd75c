//! Progress and cancelling of a long export (issue 13.6): the export runs
//! with `Progress` as its observer (`techfile::export::export_observed`),
//! which turns each finished stage into the share of the work done
//! (`techfile::export::PDF_STAGES`); the UI polls `export_progress` while
//! it waits and `cancel_export` makes the export stop after its current
//! stage with a `pdf.cancelled` error. Nothing is written then.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use tauri::State;

use crate::error::IpcError;
use crate::AppState;

/// Where the running export is (ui/src/lib/types.ts `ExportProgress`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What is being exported, e.g. "PDF".
    pub what: String,
    /// The last stage that ended (`PDF_STAGES`), empty at the start.
    pub stage: String,
    /// The share of the work done, 0 to 1.
    pub done: f32,
    /// Whether a cancel was asked for (the export stops at its next stage).
    pub cancelling: bool,
}

#[derive(Debug, Default)]
pub struct Progress {
    now: Mutex<Option<Report>>,
    cancel: AtomicBool,
}

impl Progress {
    /// An export of `what` starts.
    pub fn begin(&self, what: &str) {
        self.cancel.store(false, Ordering::SeqCst);
        *self.lock() = Some(Report {
            what: what.to_string(),
            stage: String::new(),
            done: 0.0,
            cancelling: false,
        });
    }

    /// The export ended (done, failed or cancelled).
    pub fn end(&self) {
        *self.lock() = None;
    }

    pub fn report(&self) -> Option<Report> {
        self.lock().clone()
    }

    /// Asks the running export to stop; false when none runs.
    pub fn cancel(&self) -> bool {
        let mut now = self.lock();
        match now.as_mut() {
            Some(r) => {
                r.cancelling = true;
                self.cancel.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Report>> {
        self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl techfile::util::Observer for Progress {
    fn stage(&self, name: &str) {
        let stages = techfile::export::PDF_STAGES;
        let Some(i) = stages.iter().position(|(n, _)| *n == name) else {
            return;
        };
        let done: f32 = stages[..=i].iter().map(|(_, s)| s).sum();
        if let Some(r) = self.lock().as_mut() {
            r.stage = name.to_string();
            r.done = done.min(1.0);
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// Where the running export is; null when none runs.
#[tauri::command]
pub async fn export_progress(state: State<'_, AppState>) -> Result<Option<Report>, IpcError> {
    Ok(state.progress.report())
}

/// Asks the running export to stop after its current stage; false when
/// none runs.
#[tauri::command]
pub async fn cancel_export(state: State<'_, AppState>) -> Result<bool, IpcError> {
    Ok(state.progress.cancel())
}

#[cfg(test)]
mod tests {
    use super::*;
    use techfile::export::{export_observed, ExportFormat, ExportOptions};
    use techfile::util::Observer;

    #[test]
    fn stages_move_the_share_done_forward_to_one() {
        let p = Progress::default();
        assert_eq!(p.report(), None);
        p.begin("PDF");
        assert_eq!(p.report().map(|r| r.done), Some(0.0));
        p.stage("pdf.layout");
        let mid = p.report().expect("running").done;
        assert!(mid > 0.2 && mid < 0.5, "{mid}");
        p.stage("not a stage");
        assert_eq!(p.report().expect("running").done, mid);
        p.stage("pdf.id+save");
        assert!((p.report().expect("running").done - 1.0).abs() < 1e-4);
        p.end();
        assert_eq!(p.report(), None);
    }

    #[test]
    fn a_cancel_stops_the_export_and_only_a_running_one_is_cancelled() {
        let p = Progress::default();
        assert!(!p.cancel(), "nothing runs");
        assert!(!p.cancelled());
        let tf = techfile::example::example().expect("example");
        p.begin("PDF");
        assert!(p.cancel());
        assert!(p.report().expect("running").cancelling);
        let err = export_observed(&tf, ExportFormat::Pdf, &ExportOptions::default(), &p)
            .expect_err("cancelled");
        assert_eq!(err.code(), "pdf.cancelled");
        // The next export starts afresh.
        p.begin("PDF");
        assert!(!p.cancelled());
        let out =
            export_observed(&tf, ExportFormat::Pdf, &ExportOptions::default(), &p).expect("pdf");
        assert!(out.bytes.starts_with(b"%PDF"));
        assert!((p.report().expect("running").done - 1.0).abs() < 1e-4);
    }
}
