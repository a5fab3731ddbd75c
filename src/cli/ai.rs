//! `techfile import model-card PROJECT FILE [--json]`: reads the card, merges
//! the AI systems it describes into the project, saves atomically, reports.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use techfile::{ai, store};

#[derive(Debug, Args)]
pub struct ImportModelCardArgs {
    /// The project file.
    pub project: PathBuf,
    /// The model card: CycloneDX ML-BOM (JSON/XML), MONAI metadata.json, a Hugging Face README.md, or SPDX 3 AI JSON-LD.
    pub file: PathBuf,
    /// Print `{"imported": N, "warnings": [...]}`.
    #[arg(long)]
    pub json: bool,
}

pub fn import_model_card(a: ImportModelCardArgs) -> anyhow::Result<ExitCode> {
    let mut tf = store::load(&a.project)?;
    let report = ai::import_model_card(&mut tf, &a.file)?;
    store::save(&a.project, &tf)?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "imported": report.imported,
                "format": report.format,
                "systems": report.systems,
                "warnings": report.warnings,
            }))?
        );
    } else {
        for w in &report.warnings {
            eprintln!("{}: warning: {w}", a.file.display());
        }
        eprintln!(
            "imported {} AI system(s) from {} ({}): {}",
            report.imported,
            a.file.display(),
            report.format.as_str(),
            report.systems.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
