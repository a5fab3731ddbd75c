//! `techfile import model-card`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

#[derive(Debug, Args)]
pub struct ImportModelCardArgs {
    /// The project file.
    pub project: PathBuf,
    /// The model card: CycloneDX ML-BOM (JSON/XML), MONAI metadata.json, or a Hugging Face README.md.
    pub file: PathBuf,
    /// Print `{"imported": N, "warnings": [...]}`.
    #[arg(long)]
    pub json: bool,
}

pub fn import_model_card(_a: ImportModelCardArgs) -> anyhow::Result<ExitCode> {
    bail!("model-card import is not implemented yet")
}
