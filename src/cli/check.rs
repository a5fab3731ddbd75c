//! `techfile check PATH [--format text|json]` and `techfile check --list-rules`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;

use techfile::{check, store, Severity};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project file.
    #[arg(required_unless_present = "list_rules")]
    pub path: Option<PathBuf>,
    /// Print the rule catalogue (id, severity, clause, what it checks) instead.
    #[arg(long)]
    pub list_rules: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn run(a: CheckArgs) -> anyhow::Result<ExitCode> {
    let Some(path) = a.path.as_deref().filter(|_| !a.list_rules) else {
        list_rules(a.format)?;
        return Ok(ExitCode::SUCCESS);
    };
    let tf = store::load(path)?;
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
                    path.display(),
                    f.severity.as_str(),
                    f.rule,
                    super::terminal_safe(&f.path),
                    super::terminal_safe(&f.message)
                );
            }
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let warnings = findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
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

/// The rule catalogue, one rule a line (text) or as a JSON array.
fn list_rules(format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            let rules: Vec<_> = check::rules().collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "rules": rules }))?
            );
        }
        Format::Text => {
            let width = check::rules().map(|r| r.id.len()).max().unwrap_or(0);
            for r in check::rules() {
                println!(
                    "{:width$}  {:7}  {}  ({})",
                    r.id,
                    r.severity.as_str(),
                    r.summary,
                    r.clause
                );
            }
        }
    }
    Ok(())
}
