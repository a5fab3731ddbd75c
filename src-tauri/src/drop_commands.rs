//! Files dropped on the window (issue 13.6): the UI reads each dropped
//! file and sends its bytes (a raw IPC body, its name in a header); the
//! kind is told from the name and the content, and the file goes through
//! the same importer its view's button uses (SBOM, VEX, risk table, model
//! card), as one undo step. The bytes are written to a private temporary
//! file under their own name first, because the importers read paths and
//! name their errors by the file.

use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use crate::error::IpcError;
use crate::session::{Session, Update};
use crate::{ai_commands, risk_commands, sbom_commands, AppState};

/// What a dropped file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Sbom,
    Vex,
    RiskTable,
    ModelCard,
}

/// What a dropped file did (ui/src/lib/types.ts `DropImport`).
#[derive(Debug, Clone, Serialize)]
pub struct DropImport {
    pub kind: Kind,
    pub name: String,
    pub imported: usize,
    pub warnings: Vec<String>,
    pub update: Update,
}

/// The kind of the file `name` with content `bytes`, or an error that says
/// which kinds a drop takes.
pub fn kind_of(name: &str, bytes: &[u8]) -> Result<Kind, IpcError> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    if matches!(ext, "csv" | "tsv" | "xlsx" | "xls" | "ods") {
        return Ok(Kind::RiskTable);
    }
    if matches!(ext, "md" | "yaml" | "yml") {
        return Ok(Kind::ModelCard);
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)]);
    let has = |s: &str| text.contains(s);
    if has("openvex.dev") {
        return Ok(Kind::Vex);
    }
    let cyclonedx = has("\"bomFormat\"") || has("cyclonedx.org/schema/bom");
    if cyclonedx {
        if has("modelCard") {
            return Ok(Kind::ModelCard);
        }
        // A VEX document is a BOM of vulnerabilities with analyses and no
        // components of its own.
        if has("\"analysis\"") && !has("\"components\"")
            || has("<analysis>") && !has("<components>")
        {
            return Ok(Kind::Vex);
        }
        return Ok(Kind::Sbom);
    }
    if has("spdxVersion") || has("SPDXVersion:") || has("spdx.org/rdf/3") {
        return Ok(Kind::Sbom);
    }
    if lower.ends_with("metadata.json") || has("\"network_data_format\"") {
        return Ok(Kind::ModelCard);
    }
    Err(IpcError::new(
        "drop.kind",
        format!(
            "{name}: not imported: expected an SBOM (CycloneDX, SPDX), a VEX (CycloneDX VEX, OpenVEX), a risk table (.csv, .xlsx) or a model card (Markdown, CycloneDX modelCard, MONAI metadata.json)"
        ),
    ))
}

/// Imports the dropped file `name` (`bytes`) into `session`.
pub fn import(session: &mut Session, name: &str, bytes: &[u8]) -> Result<DropImport, IpcError> {
    let kind = kind_of(name, bytes)?;
    // Only the file name, never a path the page made up.
    let base = std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .ok_or_else(|| IpcError::new("drop.name", format!("{name}: not a file name")))?;
    let dir = tempfile::tempdir()
        .map_err(|e| IpcError::new("drop.write", format!("cannot hold the dropped file: {e}")))?;
    let path = dir.path().join(&base);
    std::fs::write(&path, bytes)
        .map_err(|e| IpcError::new("drop.write", format!("{base}: cannot hold it: {e}")))?;
    let (imported, warnings, update) = match kind {
        Kind::Sbom => {
            let r = sbom_commands::import(session, &path, None)?;
            (r.imported, r.warnings, r.update)
        }
        Kind::Vex => {
            let r = sbom_commands::import_vex_file(session, &path)?;
            (r.imported, r.warnings, r.update)
        }
        Kind::RiskTable => {
            let r = risk_commands::import(session, &path, None)?;
            (r.imported, r.warnings, r.update)
        }
        Kind::ModelCard => {
            let r = ai_commands::import(session, &path)?;
            (r.imported, r.warnings, r.update)
        }
    };
    Ok(DropImport {
        kind,
        name: base,
        imported,
        warnings,
        update,
    })
}

/// Imports a file dropped on the window: the raw body is its bytes, the
/// header `x-file-name` its name (URI-encoded).
#[tauri::command]
pub async fn import_dropped(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<DropImport, IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::new(
            "drop.body",
            "the dropped file's bytes did not arrive",
        ));
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .ok_or_else(|| IpcError::new("drop.name", "the dropped file has no name"))?;
    state.with_session(|s| import(s, &name, bytes))
}

/// `encodeURIComponent` undone (invalid escapes kept as they are).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use techfile::TechFile;

    #[test]
    fn kinds_by_name_and_content() {
        let cdx = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}"#;
        assert_eq!(kind_of("app.cdx.json", cdx).ok(), Some(Kind::Sbom));
        let vex = br#"{"bomFormat":"CycloneDX","vulnerabilities":[{"id":"CVE-1","analysis":{"state":"not_affected"}}]}"#;
        assert_eq!(kind_of("vex.json", vex).ok(), Some(Kind::Vex));
        let open = br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}"#;
        assert_eq!(kind_of("a.openvex.json", open).ok(), Some(Kind::Vex));
        let spdx = br#"{"spdxVersion":"SPDX-2.3","packages":[]}"#;
        assert_eq!(kind_of("a.spdx.json", spdx).ok(), Some(Kind::Sbom));
        assert_eq!(kind_of("risks.xlsx", b"PK..").ok(), Some(Kind::RiskTable));
        assert_eq!(
            kind_of("risks.CSV", b"ID;Hazard").ok(),
            Some(Kind::RiskTable)
        );
        assert_eq!(
            kind_of("README.md", b"---\nlicense: mit\n---").ok(),
            Some(Kind::ModelCard)
        );
        let ml = br#"{"bomFormat":"CycloneDX","components":[{"type":"machine-learning-model","modelCard":{}}]}"#;
        assert_eq!(kind_of("model.cdx.json", ml).ok(), Some(Kind::ModelCard));
        let err = kind_of("notes.txt", b"hello").expect_err("unknown");
        assert_eq!(err.code, "drop.kind");
        assert!(err
            .message
            .starts_with("notes.txt: not imported: expected an SBOM"));
    }

    #[test]
    fn a_dropped_sbom_is_imported_as_one_step_under_its_own_name() {
        let mut s = Session::new(None, TechFile::empty());
        let bytes = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","name":"app","version":"1"}},"components":[{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1"}]}"#;
        let out = import(&mut s, "../../etc/app.cdx.json", bytes).expect("imported");
        assert_eq!(out.kind, Kind::Sbom);
        assert_eq!(out.name, "app.cdx.json", "only the file name is used");
        assert_eq!(out.imported, 1);
        assert_eq!(s.techfile().sbom.components[0].id, "pkg:npm/x@1");
        // A broken file is refused with the importer's error, naming it.
        let err = import(
            &mut s,
            "bad.cdx.json",
            br#"{"bomFormat":"CycloneDX","components":[{"#,
        )
        .expect_err("refused");
        assert!(err.message.contains("bad.cdx.json"), "{}", err.message);
    }

    #[test]
    fn percent_decoding_undoes_encode_uri_component() {
        assert_eq!(percent_decode("r%C3%A9sum%C3%A9%20v1.csv"), "résumé v1.csv");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zz"), "a%zz");
    }
}
