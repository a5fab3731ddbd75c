//! `techfile import risks PROJECT FILE [--mapping MAP] [--json]`: a thin shell
//! over `techfile::risk::import_file` through the one import pipeline
//! (`cli::import`: exit codes 0, 1, 2 as for every import).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use techfile::risk;

#[derive(Debug, Args)]
pub struct ImportRisksArgs {
    /// The project file.
    pub project: PathBuf,
    /// The risk table (CSV or XLSX).
    pub file: PathBuf,
    /// A mapping file for layouts other than the canonical one.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn import_risks(a: ImportRisksArgs) -> anyhow::Result<ExitCode> {
    super::import::run(
        &a.project,
        a.json,
        |tf| risk::import_file(tf, &a.file, a.mapping.as_deref()),
        |r| {
            format!(
                "{} risk entries imported from {} ({} replaced existing entries, {} warnings)",
                r.imported,
                a.file.display(),
                r.replaced,
                r.warnings.len()
            )
        },
    )
}
