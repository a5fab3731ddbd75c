//! The one import pipeline of every `techfile import …` subcommand: load the
//! project, run the importer on it, save atomically, check, report. Exit
//! codes are the same for all: 0 imported and the project checks without
//! errors, 1 imported but the project has errors (run `techfile check`),
//! 2 could not import (project or input unreadable or invalid; nothing was
//! written). `--json` prints the library's one `ImportReport` with the
//! finding counts, or `{"error": {code, message}}`.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;
use serde_json::json;

use techfile::diag::{Coded, ImportReport};
use techfile::{check, store, Severity, TechFile};

#[derive(Serialize)]
struct Printed<'a> {
    #[serde(flatten)]
    report: &'a ImportReport,
    /// Errors and warnings `techfile check` finds in the project after the import.
    findings: Counts,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
}

/// Runs `import` on the project at `project`; `summary` says in one line what
/// was imported (text output).
pub fn run<E: Coded>(
    project: &Path,
    json: bool,
    import: impl FnOnce(&mut TechFile) -> Result<ImportReport, E>,
    summary: impl FnOnce(&ImportReport) -> String,
) -> anyhow::Result<ExitCode> {
    let mut tf = match super::load_project(project) {
        Ok(tf) => tf,
        Err(e) => return Ok(refused(json, &e)),
    };
    let report = match import(&mut tf) {
        Ok(r) => r,
        Err(e) => return Ok(refused(json, &e)),
    };
    if let Err(e) = store::save(project, &tf) {
        return Ok(refused(json, &e));
    }
    let findings = check::check(&tf);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let counts = Counts {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    };
    let has_errors = counts.errors > 0;
    if json {
        let printed = Printed {
            report: &report,
            findings: counts,
        };
        outln!("{}", serde_json::to_string_pretty(&printed)?);
    } else {
        for w in &report.warnings {
            eprintln!("warning: {}", crate::cli::terminal_safe(&w.to_string()));
        }
        outln!(
            "{}: {}",
            project.display(),
            crate::cli::terminal_safe(&summary(&report))
        );
        for (label, list) in [
            ("added", &report.added),
            ("removed", &report.removed),
            ("changed", &report.changed),
        ] {
            if !list.is_empty() {
                outln!("{label} ({}):", list.len());
                for x in list {
                    outln!("  {}", crate::cli::terminal_safe(x));
                }
            }
        }
        if has_errors {
            eprintln!(
                "{} errors, {} warnings in the project after the import (see `techfile check`)",
                counts.errors, counts.warnings
            );
        }
    }
    Ok(if has_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints why nothing was imported; exit code 2.
fn refused(json: bool, e: &dyn Coded) -> ExitCode {
    if json {
        outln!(
            "{}",
            json!({ "error": { "code": e.code(), "message": e.to_string() } })
        );
    } else {
        eprintln!("error: {}", crate::cli::terminal_safe(&e.to_string()));
    }
    ExitCode::from(2)
}
