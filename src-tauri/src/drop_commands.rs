//! Files dropped on the window (issue 13.6): the UI reads each dropped
//! file and sends its bytes (a raw IPC body, its name in a header); the
//! kind is told from the name and the content, and the file goes through
//! the same importer its view's button uses (SBOM, VEX, risk table, model
//! card), as one undo step. The bytes are written to a private temporary
//! file under their own name first, because the importers read paths and
//! name their errors by the file. An SBOM is parsed from the bytes
//! (outside the session lock, with progress and cancel: `progress`); where
//! the project has more than one software item and the SBOM names none of
//! them, the user is asked which it belongs to (`drop.choose_item`; the UI
//! sends the file again with the answer in the header `x-item`).

use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use techfile::util::{NoObserver, Observer};

use crate::error::IpcError;
use crate::session::{Session, Update};
use crate::{ai_commands, risk_commands, sbom_commands, AppState};

/// The code of the answer that asks which software item a dropped SBOM
/// belongs to.
pub const CHOOSE_ITEM: &str = "drop.choose_item";

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
    /// The software item an SBOM went to (null for the other kinds).
    pub item: Option<String>,
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

/// The file name of `name`, never a path the page made up.
fn base_name(name: &str) -> Result<String, IpcError> {
    std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .ok_or_else(|| IpcError::new("drop.name", format!("{name}: not a file name")))
}

/// Imports the dropped file `name` (`bytes`) into `session`; an SBOM into
/// `item` when given (the user's answer to `drop.choose_item`).
pub fn import(
    session: &mut Session,
    name: &str,
    bytes: &[u8],
    item: Option<&str>,
) -> Result<DropImport, IpcError> {
    let kind = kind_of(name, bytes)?;
    let base = base_name(name)?;
    // The other importers read a file: a private one under its own name.
    let dir = tempfile::tempdir()
        .map_err(|e| IpcError::new("drop.write", format!("cannot hold the dropped file: {e}")))?;
    let path = dir.path().join(&base);
    let hold = || {
        std::fs::write(&path, bytes)
            .map_err(|e| IpcError::new("drop.write", format!("{base}: cannot hold it: {e}")))
    };
    let (imported, warnings, update) = match kind {
        Kind::Sbom => {
            let parsed = techfile::sbom::import::parse_observed(bytes, &base, &NoObserver)?;
            return attach_sbom(session, base, parsed, item, &NoObserver);
        }
        Kind::Vex => {
            hold()?;
            let r = sbom_commands::import_vex_file(session, &path)?;
            (r.imported, r.warnings, r.update)
        }
        Kind::RiskTable => {
            hold()?;
            let r = risk_commands::import(session, &path, None)?;
            (r.imported, r.warnings, r.update)
        }
        Kind::ModelCard => {
            hold()?;
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
        item: None,
    })
}

/// The software item a dropped SBOM goes to. `chosen`, the user's answer,
/// must be one of the project's items. Without one, the item the SBOM
/// names (`techfile::sbom::subject_item`, as the SBOM view's import takes
/// it) when the project has that item or at most one item (the importer
/// then creates it, as before); otherwise the user is asked.
pub fn item_for(
    tf: &techfile::TechFile,
    name: &str,
    parsed: &techfile::sbom::Parsed,
    chosen: Option<&str>,
) -> Result<Option<String>, IpcError> {
    if let Some(c) = chosen {
        techfile::sbom::check_item(tf, Some(c), false)?;
        return Ok(Some(c.to_string()));
    }
    let named = techfile::sbom::subject_item(std::slice::from_ref(parsed));
    if tf.software_items.len() <= 1 || tf.software_item(&named).is_some() {
        return Ok(None);
    }
    Err(IpcError::new(
        CHOOSE_ITEM,
        format!(
            "{name}: which software item does this SBOM belong to? It describes `{named}`, which is none of the project's {} software items",
            tf.software_items.len()
        ),
    ))
}

/// Attaches a dropped SBOM (see `item_for`) as one undo step.
fn attach_sbom(
    session: &mut Session,
    name: String,
    parsed: techfile::sbom::Parsed,
    chosen: Option<&str>,
    obs: &dyn Observer,
) -> Result<DropImport, IpcError> {
    let item = item_for(session.techfile(), &name, &parsed, chosen)?;
    let r = sbom_commands::attach(session, vec![parsed], item.as_deref(), obs)?;
    Ok(DropImport {
        kind: Kind::Sbom,
        name,
        imported: r.imported,
        warnings: r.warnings,
        update: r.update,
        item: Some(r.item),
    })
}

/// Imports a file dropped on the window: the raw body is its bytes, the
/// header `x-file-name` its name and `x-item` (optional) the software item
/// an SBOM goes to, both URI-encoded. An SBOM is parsed outside the
/// session lock, as a long task (progress, cancel).
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
    let header = |key: &str| {
        request
            .headers()
            .get(key)
            .and_then(|v| v.to_str().ok())
            .map(percent_decode)
    };
    let name = header("x-file-name")
        .ok_or_else(|| IpcError::new("drop.name", "the dropped file has no name"))?;
    let item = header("x-item").filter(|i| !i.is_empty());
    if kind_of(&name, bytes)? != Kind::Sbom {
        return state.with_session(|s| import(s, &name, bytes, None));
    }
    let base = base_name(&name)?;
    let _task = state.progress.begin(
        format!("Importing {base}"),
        sbom_commands::IMPORT_STAGES,
        "components",
    );
    let parsed = techfile::sbom::import::parse_observed(bytes, &base, &state.progress)?;
    state.with_session(|s| attach_sbom(s, base, parsed, item.as_deref(), &state.progress))
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
        let out = import(&mut s, "../../etc/app.cdx.json", bytes, None).expect("imported");
        assert_eq!(out.kind, Kind::Sbom);
        assert_eq!(out.name, "app.cdx.json", "only the file name is used");
        assert_eq!(out.imported, 1);
        assert_eq!(s.techfile().sbom.components[0].id, "pkg:npm/x@1");
        // A broken file is refused with the importer's error, naming it.
        let err = import(
            &mut s,
            "bad.cdx.json",
            br#"{"bomFormat":"CycloneDX","components":[{"#,
            None,
        )
        .expect_err("refused");
        assert!(err.message.contains("bad.cdx.json"), "{}", err.message);
    }

    /// A CycloneDX SBOM describing `subject`, with one component `name`.
    fn sbom_of(subject: &str, name: &str) -> Vec<u8> {
        format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{{"component":{{"type":"application","name":"{subject}","version":"1"}}}},"components":[{{"type":"library","name":"{name}","version":"1","purl":"pkg:npm/{name}@1"}}]}}"#
        )
        .into_bytes()
    }

    fn with_items(names: &[&str]) -> Session {
        let mut tf = TechFile::empty();
        for n in names {
            tf.software_items.push(techfile::model::SoftwareItem {
                name: n.to_string(),
                ..Default::default()
            });
        }
        Session::new(None, tf)
    }

    #[test]
    fn an_sbom_naming_none_of_several_items_asks_which_and_goes_to_the_answer() {
        let mut s = with_items(&["viewer", "service"]);
        let before = s.techfile().clone();
        let bytes = sbom_of("something-else", "left-pad");
        let err = import(&mut s, "a.cdx.json", &bytes, None).expect_err("asks");
        assert_eq!(err.code, CHOOSE_ITEM);
        assert!(err.message.contains("`something-else`"), "{}", err.message);
        assert_eq!(s.techfile(), &before, "nothing imported yet");
        assert!(!s.can_undo(), "no step for a question");
        // An answer that is not an item is refused.
        let err = import(&mut s, "a.cdx.json", &bytes, Some("nope")).expect_err("refused");
        assert_eq!(err.code, "sbom.unknown_item");
        // The answer is where the components go.
        let out = import(&mut s, "a.cdx.json", &bytes, Some("service")).expect("imported");
        assert_eq!(out.item.as_deref(), Some("service"));
        let tf = s.techfile();
        assert_eq!(tf.sbom.components[0].items, ["service"]);
        assert_eq!(tf.software_items.len(), 2, "no item created");
    }

    #[test]
    fn an_sbom_naming_one_of_the_items_or_a_project_of_one_item_is_not_asked_about() {
        let mut s = with_items(&["viewer", "service"]);
        let out = import(&mut s, "a.cdx.json", &sbom_of("viewer", "x"), None).expect("imported");
        assert_eq!(out.item.as_deref(), Some("viewer"));
        // One item (or none): the SBOM's own subject, created as before.
        let mut s = with_items(&["viewer"]);
        let out = import(&mut s, "a.cdx.json", &sbom_of("other", "x"), None).expect("imported");
        assert_eq!(out.item.as_deref(), Some("other"));
        assert_eq!(s.techfile().software_items.len(), 2);
    }

    #[test]
    fn percent_decoding_undoes_encode_uri_component() {
        assert_eq!(percent_decode("r%C3%A9sum%C3%A9%20v1.csv"), "résumé v1.csv");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zz"), "a%zz");
    }
}
