//! IPC commands of the SBOM view: SBOM import through the native open dialog
//! into a software item of the open project, and VEX import (CycloneDX VEX,
//! OpenVEX) onto its vulnerabilities. A few lines over `techfile::sbom`; each
//! answers the import report and the parts it changed with the new findings.
//! An SBOM import is a long task (`progress`): it shows its progress and
//! stops, the project unchanged, when cancelled.

use serde::Serialize;
use tauri::State;

use techfile::util::{NoObserver, Observer};

use crate::dialog::{self, Filter};
use crate::error::IpcError;
use crate::progress::Stages;
use crate::session::{Session, Update};
use crate::AppState;

/// The file types the import dialog offers.
pub const SBOM: Filter = Filter {
    name: "SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value, SPDX 3 JSON-LD)",
    extensions: &["json", "xml", "spdx", "txt", "jsonld"],
};

/// The file types the VEX import dialog offers.
pub const VEX: Filter = Filter {
    name: "VEX (CycloneDX VEX JSON/XML, OpenVEX JSON)",
    extensions: &["json", "xml"],
};

/// What an SBOM import reported, and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct SbomImport {
    pub update: Update,
    pub imported: usize,
    pub item: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// `location: [rule] message`.
    pub warnings: Vec<String>,
}

/// Import warnings as the view lists them: `location: [rule] message`.
fn warning_lines(warnings: &[techfile::sbom::ImportWarning]) -> Vec<String> {
    warnings
        .iter()
        .map(|w| format!("{}: [{}] {}", w.location, w.rule, w.message))
        .collect()
}

/// The stages of an SBOM import in the app: the library's
/// (`techfile::sbom::SBOM_STAGES`) and then the check of the project and
/// the answer with the parts it changed (`Session::change`), with the
/// shares of a 5,000-component import into the example (release build,
/// `cargo bench -p techfile-desktop --bench sbom_import`: 108 ms in all).
pub const IMPORT_STAGES: Stages = &[
    ("sbom.read", 0.01),
    ("sbom.parse", 0.08),
    ("sbom.components", 0.17),
    ("sbom.merge", 0.36),
    ("sbom.check", 0.38),
];

/// Reads and parses the SBOM at `path`, telling `obs` (the project is not
/// involved: callers do this outside the session lock).
pub fn parse(
    path: &std::path::Path,
    obs: &dyn Observer,
) -> Result<Vec<techfile::sbom::Parsed>, IpcError> {
    Ok(techfile::sbom::read_sbom_files(&[path], obs)?)
}

/// Attaches parsed SBOMs to `item` of the project (item from the SBOM when
/// `None`) as one undo step. A cancel asked for before the merge ended
/// leaves the project as it was and no step (`sbom.cancelled`).
pub fn attach(
    session: &mut Session,
    parsed: Vec<techfile::sbom::Parsed>,
    item: Option<&str>,
    obs: &dyn Observer,
) -> Result<SbomImport, IpcError> {
    let cancelled = || -> Result<(), IpcError> {
        if obs.cancelled() {
            return Err(techfile::sbom::SbomError::Cancelled.into());
        }
        Ok(())
    };
    let (r, update) = session.change(|tf| {
        cancelled()?;
        let r = techfile::sbom::merge::apply(tf, parsed, item);
        obs.stage("sbom.merge");
        // `change` puts the project back when this fails.
        cancelled()?;
        Ok(r)
    })?;
    Ok(SbomImport {
        update,
        imported: r.imported,
        item: r.item,
        added: r.added,
        removed: r.removed,
        changed: r.changed,
        warnings: warning_lines(&r.warnings),
    })
}

/// Imports `path` into `item` of the project (item from the SBOM when `None`).
pub fn import(
    session: &mut Session,
    path: &std::path::Path,
    item: Option<&str>,
) -> Result<SbomImport, IpcError> {
    let parsed = parse(path, &NoObserver)?;
    attach(session, parsed, item, &NoObserver)
}

/// What the progress bar says of an import of `path`.
pub fn importing(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    format!("Importing {name}")
}

/// What a VEX import reported (assessments applied, warnings), and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct VexImport {
    pub update: Update,
    pub imported: usize,
    /// `location: [rule] message`.
    pub warnings: Vec<String>,
}

/// Applies the VEX statements of `path` to the project's vulnerabilities.
pub fn import_vex_file(
    session: &mut Session,
    path: &std::path::Path,
) -> Result<VexImport, IpcError> {
    let (r, update) = session.change(|tf| Ok(techfile::sbom::import_vex_files(tf, &[path])?))?;
    Ok(VexImport {
        update,
        imported: r.imported,
        warnings: warning_lines(&r.warnings),
    })
}

#[tauri::command]
pub async fn import_vex(state: State<'_, AppState>) -> Result<Option<VexImport>, IpcError> {
    let picked = dialog::open_file(state.dialogs.clone(), "Import VEX", VEX).await?;
    picked
        .map(|p| state.with_session(|s| import_vex_file(s, &p)))
        .transpose()
}

#[tauri::command]
pub async fn import_sbom(
    state: State<'_, AppState>,
    item: Option<String>,
) -> Result<Option<SbomImport>, IpcError> {
    let Some(path) = dialog::open_file(state.dialogs.clone(), "Import SBOM", SBOM).await? else {
        return Ok(None);
    };
    // Parsed outside the session lock, then attached under it; the
    // progress bar follows both.
    let _task = state
        .progress
        .begin(importing(&path), IMPORT_STAGES, "components");
    let parsed = parse(&path, &state.progress)?;
    state
        .with_session(|s| attach(s, parsed, item.as_deref(), &state.progress))
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use techfile::TechFile;

    fn empty() -> Session {
        Session::new(None, TechFile::empty())
    }

    /// A CycloneDX file with one component, `pkg:npm/x@1`, in a temporary
    /// folder (kept alive by the returned guard).
    fn one_component_sbom() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("a.cdx.json");
        std::fs::write(
            &p,
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1"}]}"#,
        )
        .expect("write");
        (dir, p)
    }

    #[test]
    fn import_reports_and_errors_with_codes() {
        let (_dir, p) = one_component_sbom();
        let mut s = empty();
        let out = import(&mut s, &p, Some("app")).expect("imports");
        assert_eq!(out.imported, 1);
        assert_eq!(out.item, "app");
        assert_eq!(s.techfile().sbom.components[0].id, "pkg:npm/x@1");
        // The answer carries the parts the import changed, whole.
        let parts: Vec<&str> = out.update.changed.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(parts, ["software_items", "sbom"]);
        assert_eq!(
            out.update.changed[1].value["components"][0]["id"],
            "pkg:npm/x@1"
        );
        assert!(out.update.dirty);
        std::fs::write(&p, "{").expect("write");
        let before = s.techfile().clone();
        let err = import(&mut s, &p, None).expect_err("rejected");
        assert_eq!(err.code, "sbom.syntax");
        assert_eq!(s.techfile(), &before);
    }

    /// Asks to stop once the stage `at` has ended.
    struct StopAfter(&'static str, std::sync::atomic::AtomicBool);

    impl Observer for StopAfter {
        fn stage(&self, name: &str) {
            if name == self.0 {
                self.1.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        fn cancelled(&self) -> bool {
            self.1.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    #[test]
    fn a_cancel_up_to_the_end_of_the_merge_leaves_the_project_and_the_history_as_they_were() {
        let (_dir, p) = one_component_sbom();
        let mut s = Session::new(None, techfile::example::example().expect("example"));
        let before = s.techfile().clone();
        for at in ["sbom.read", "sbom.parse", "sbom.components"] {
            let obs = StopAfter(at, Default::default());
            let err = parse(&p, &obs).expect_err("cancelled");
            assert_eq!(err.code, "sbom.cancelled", "{at}");
        }
        // Cancelled while merging: the merge is taken back.
        let parsed = parse(&p, &NoObserver).expect("parses");
        let obs = StopAfter("sbom.merge", Default::default());
        let err = attach(&mut s, parsed, Some("app"), &obs).expect_err("cancelled");
        assert_eq!(err.code, "sbom.cancelled");
        assert_eq!(s.techfile(), &before);
        assert!(!s.can_undo(), "no undo step");
        assert!(!s.is_dirty());
    }

    #[test]
    fn vex_import_applies_statements_and_errors_with_codes() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("a.cdx.json");
        std::fs::write(
            &p,
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1","bom-ref":"x"}],"vulnerabilities":[{"id":"CVE-2024-0001","affects":[{"ref":"x"}]}]}"#,
        )
        .expect("write");
        let mut s = empty();
        import(&mut s, &p, Some("app")).expect("sbom");
        let v = dir.path().join("a.openvex.json");
        std::fs::write(
            &v,
            r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"t","timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2024-0001"},"products":[{"@id":"pkg:npm/x@1"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#,
        )
        .expect("write");
        let out = import_vex_file(&mut s, &v).expect("vex imports");
        assert_eq!(out.imported, 1);
        let a = &s.techfile().sbom.vulnerabilities[0].affects[0];
        assert_eq!(a.status, "not_affected");
        assert_eq!(out.update.changed.len(), 1);
        assert_eq!(out.update.changed[0].path, "sbom");
        std::fs::write(&v, "[").expect("write");
        let err = import_vex_file(&mut s, &v).expect_err("rejected");
        assert!(err.code.starts_with("sbom."), "{}", err.code);
    }
}
