//! `techfile check PATH [--format text|json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;

use techfile::{check, store};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project file.
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn run(a: CheckArgs) -> anyhow::Result<ExitCode> {
    let tf = store::load(&a.path)?;
    let findings = check::check(&tf);
    match a.format {
        Format::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "findings": findings }))?
            );
        }
        Format::Text => {
            for f in &findings {
                println!(
                    "{}: {} [{}] {}: {}",
                    a.path.display(),
                    f.severity.as_str(),
                    f.rule,
                    f.path,
                    f.message
                );
            }
            let errors = findings
                .iter()
                .filter(|f| f.severity == check::Severity::Error)
                .count();
            let warnings = findings
                .iter()
                .filter(|f| f.severity == check::Severity::Warning)
                .count();
            eprintln!("{errors} errors, {warnings} warnings");
        }
    }
    Ok(if check::has_errors(&findings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
