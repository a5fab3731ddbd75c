//! `techfile import risks PROJECT FILE [--mapping MAP] [--json]`: a thin shell
//! over `techfile::risk::import_file`. Exit codes: 0 imported (warnings are
//! printed, not fatal), 1 the table or mapping was rejected (a located
//! error), 2 the command could not run (project unreadable, cannot save).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use techfile::{risk, store};

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

pub fn import_risks(a: ImportRisksArgs) -> anyhow::Result<ExitCode> {
    let mut tf = store::load(&a.project)?;
    let report = match risk::import_file(&mut tf, &a.file, a.mapping.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            if a.json {
                println!(
                    "{}",
                    json!({ "error": { "code": e.code(), "message": e.to_string() } })
                );
            } else {
                eprintln!("error: {e}");
            }
            return Ok(ExitCode::from(1));
        }
    };
    store::save(&a.project, &tf)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for w in &report.warnings {
            eprintln!("{}: warning: {w}", a.file.display());
        }
        eprintln!(
            "imported {} risk entries into {} ({} replaced existing entries, {} warnings)",
            report.imported,
            a.project.display(),
            report.replaced,
            report.warnings.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
