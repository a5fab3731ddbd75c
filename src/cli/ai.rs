//! `techfile import model-card PROJECT FILE [--json]`: reads the card, merges
//! the AI systems it describes into the project, saves atomically, reports.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use techfile::ai;

#[derive(Debug, Args)]
pub struct ImportModelCardArgs {
    /// The project file.
    pub project: PathBuf,
    /// The model card: CycloneDX ML-BOM (JSON/XML), MONAI metadata.json, a Hugging Face README.md, or SPDX 3 AI JSON-LD.
    pub file: PathBuf,
    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn import_model_card(a: ImportModelCardArgs) -> anyhow::Result<ExitCode> {
    super::import::run(
        &a.project,
        a.json,
        |tf| ai::import_model_card(tf, &a.file),
        |r| {
            format!(
                "{} AI system(s) imported from {} ({}): {}",
                r.imported,
                a.file.display(),
                r.format,
                r.added.join(", ")
            )
        },
    )
}
