//! `techfile import risks`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

#[derive(Debug, Args)]
pub struct ImportRisksArgs {
    /// The project file.
    pub project: PathBuf,
    /// The risk table (CSV or XLSX).
    pub file: PathBuf,
    /// A mapping file for layouts other than the canonical one.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Print `{"imported": N, "warnings": [...]}`.
    #[arg(long)]
    pub json: bool,
}

pub fn import_risks(_a: ImportRisksArgs) -> anyhow::Result<ExitCode> {
    bail!("risk import is not implemented yet")
}
