//! IPC commands of the AI view: the AI Act Annex IV / Art. 13(3) item
//! catalogue the form is built from, and model-card import through the
//! native open dialog into the open project. Both are a few lines over
//! `techfile::ai`.

use serde::Serialize;
use tauri::State;
use techfile::ai::items;

use crate::dialog::{self, Filter};
use crate::error::IpcError;
use crate::session::{Session, Update};
use crate::AppState;

/// The file types the import dialog offers.
pub const MODEL_CARD: Filter = Filter {
    name: "Model card (CycloneDX, MONAI, Hugging Face, SPDX 3)",
    extensions: &["json", "xml", "md"],
};

/// One item of the catalogue, as the form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AiItem {
    pub key: &'static str,
    pub clause: &'static str,
    pub label: &'static str,
    pub title: &'static str,
    /// Field paths relative to `ai.systems[i]`.
    pub fields: Vec<&'static str>,
    pub required: bool,
    /// `annex-iv` or `art-13-3`.
    pub part: &'static str,
    /// The Annex IV section (`1`..`9`), or empty for Art. 13(3).
    pub section: &'static str,
}

/// The catalogue, Annex IV first, in the legal texts' order.
pub fn catalogue() -> Vec<AiItem> {
    let one = |it: &items::Item, part: &'static str| AiItem {
        key: it.key,
        clause: it.clause,
        label: it.label,
        title: it.title,
        fields: it.fields.to_vec(),
        required: it.need == items::Need::Required,
        part,
        section: if part == "annex-iv" {
            items::section(it)
        } else {
            ""
        },
    };
    items::ANNEX_IV
        .iter()
        .map(|i| one(i, "annex-iv"))
        .chain(items::ART_13_3.iter().map(|i| one(i, "art-13-3")))
        .collect()
}

#[tauri::command]
pub async fn ai_catalogue() -> Result<Vec<AiItem>, IpcError> {
    Ok(catalogue())
}

/// What a model-card import reported, and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct ModelCardImport {
    pub update: Update,
    pub imported: usize,
    pub systems: Vec<String>,
    pub warnings: Vec<String>,
    pub format: String,
}

/// Imports the model card at `path` into the open project.
pub fn import(session: &mut Session, path: &std::path::Path) -> Result<ModelCardImport, IpcError> {
    let (report, update) = session.change(|tf| Ok(techfile::ai::import_model_card(tf, path)?))?;
    Ok(ModelCardImport {
        update,
        imported: report.imported,
        systems: report.added,
        warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
        format: report.format,
    })
}

#[tauri::command]
pub async fn import_model_card(
    state: State<'_, AppState>,
) -> Result<Option<ModelCardImport>, IpcError> {
    let picked = dialog::open_file(state.dialogs.clone(), "Import model card", MODEL_CARD).await?;
    picked
        .map(|p| state.with_session(|s| import(s, &p)))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_lists_every_item_once_in_order() {
        let c = catalogue();
        assert_eq!(c.first().map(|i| i.clause), Some("AIA-IV-1(a)"));
        assert_eq!(c.last().map(|i| i.clause), Some("AIA-13-3(f)"));
        assert!(c
            .iter()
            .filter(|i| i.part == "annex-iv")
            .all(|i| !i.section.is_empty()));
    }

    #[test]
    fn import_reports_and_errors_with_codes() {
        let dir = tempfile::tempdir().expect("dir");
        let card = dir.path().join("README.md");
        std::fs::write(
            &card,
            "---\nmodel-index:\n  - name: m\n    results: []\n---\n# m\n",
        )
        .expect("write");
        let mut s = Session::new(None, techfile::TechFile::empty());
        let out = import(&mut s, &card).expect("imports");
        assert_eq!(out.imported, 1);
        assert_eq!(s.techfile().ai.systems[0].name, "m");
        assert_eq!(out.update.changed[0].path, "ai");
        assert_eq!(out.update.changed[0].value["systems"][0]["name"], "m");
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, "{\"x\": 1}").expect("write");
        let err = import(&mut s, &bad).expect_err("unknown");
        assert_eq!(err.code, "ai.unknown_format");
    }
}
