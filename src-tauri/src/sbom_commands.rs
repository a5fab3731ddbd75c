//! IPC commands of the SBOM view: SBOM import through the native open dialog
//! into a software item of the UI's current (maybe unsaved) project, and VEX
//! import (CycloneDX VEX, OpenVEX) onto its vulnerabilities. A few lines over
//! `techfile::sbom`; the view reads the inventory from the project itself and
//! the findings from `check_project`.

use serde::Serialize;
use tauri::State;
use techfile::model::TechFile;

use crate::actions;
use crate::dialog::{self, Filter};
use crate::error::IpcError;
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

/// The project after an import, with what the import reported.
#[derive(Debug, Clone, Serialize)]
pub struct SbomImport {
    pub techfile: TechFile,
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

/// Imports `path` into `item` of `tf` (item from the SBOM when `None`).
pub fn import(
    mut tf: TechFile,
    path: &std::path::Path,
    item: Option<&str>,
) -> Result<SbomImport, IpcError> {
    let r = techfile::sbom::import_sbom_files(&mut tf, &[path], item)
        .map_err(|e| IpcError::new(e.code(), e.to_string()))?;
    Ok(SbomImport {
        techfile: tf,
        imported: r.imported,
        item: r.item,
        added: r.added,
        removed: r.removed,
        changed: r.changed,
        warnings: warning_lines(&r.warnings),
    })
}

/// The project after a VEX import: assessments applied, and warnings.
#[derive(Debug, Clone, Serialize)]
pub struct VexImport {
    pub techfile: TechFile,
    pub imported: usize,
    /// `location: [rule] message`.
    pub warnings: Vec<String>,
}

/// Applies the VEX statements of `path` to the vulnerabilities of `tf`.
pub fn import_vex_file(mut tf: TechFile, path: &std::path::Path) -> Result<VexImport, IpcError> {
    let r = techfile::sbom::import_vex_files(&mut tf, &[path])
        .map_err(|e| IpcError::new(e.code(), e.to_string()))?;
    Ok(VexImport {
        techfile: tf,
        imported: r.imported,
        warnings: warning_lines(&r.warnings),
    })
}

#[tauri::command]
pub async fn import_vex(
    state: State<'_, AppState>,
    techfile: serde_json::Value,
) -> Result<Option<VexImport>, IpcError> {
    let tf = actions::parse_project(techfile)?;
    let picked = dialog::open_file(state.dialogs.clone(), "Import VEX", VEX).await?;
    picked.map(|p| import_vex_file(tf, &p)).transpose()
}

#[tauri::command]
pub async fn import_sbom(
    state: State<'_, AppState>,
    techfile: serde_json::Value,
    item: Option<String>,
) -> Result<Option<SbomImport>, IpcError> {
    let tf = actions::parse_project(techfile)?;
    let picked = dialog::open_file(state.dialogs.clone(), "Import SBOM", SBOM).await?;
    picked.map(|p| import(tf, &p, item.as_deref())).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_reports_and_errors_with_codes() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("a.cdx.json");
        std::fs::write(
            &p,
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1"}]}"#,
        )
        .expect("write");
        let out = import(TechFile::empty(), &p, Some("app")).expect("imports");
        assert_eq!(out.imported, 1);
        assert_eq!(out.item, "app");
        assert_eq!(out.techfile.sbom.components[0].id, "pkg:npm/x@1");
        std::fs::write(&p, "{").expect("write");
        let err = import(TechFile::empty(), &p, None).expect_err("rejected");
        assert_eq!(err.code, "sbom.syntax");
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
        let tf = import(TechFile::empty(), &p, Some("app"))
            .expect("sbom")
            .techfile;
        let v = dir.path().join("a.openvex.json");
        std::fs::write(
            &v,
            r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"t","timestamp":"2026-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2024-0001"},"products":[{"@id":"pkg:npm/x@1"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#,
        )
        .expect("write");
        let out = import_vex_file(tf.clone(), &v).expect("vex imports");
        assert_eq!(out.imported, 1);
        let a = &out.techfile.sbom.vulnerabilities[0].affects[0];
        assert_eq!(a.status, "not_affected");
        std::fs::write(&v, "[").expect("write");
        let err = import_vex_file(tf, &v).expect_err("rejected");
        assert!(err.code.starts_with("sbom."), "{}", err.code);
    }
}
