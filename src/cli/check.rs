//! `techfile check PATH [--format text|json|sarif]` and `techfile check
//! --list-rules`. Exit codes: 0 clean (warnings allowed), 1 findings with
//! errors, 2 the project could not be loaded. With `--format json|sarif` a
//! load failure is printed on stdout in that format too (`{"error": {code,
//! message, file, line, column, path}}`, or a SARIF log with a failed
//! invocation and a `store.*` result), so a CI step that keeps stdout has it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;

use techfile::{check, sarif, store, Severity};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for CI and GitHub code scanning.
    Sarif,
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
    let text = match store::read_text(path) {
        Ok(t) => t,
        Err(e) => return not_loaded(a.format, path, None, e),
    };
    let tf = match super::parse_project(&text, path) {
        Ok(tf) => tf,
        Err(e) => return not_loaded(a.format, path, Some(&text), e),
    };
    let base = path.parent().filter(|p| !p.as_os_str().is_empty());
    let (findings, coverage) =
        check::check_with_files(&tf, base.unwrap_or(std::path::Path::new(".")));
    match a.format {
        Format::Sarif => {
            let artifact = sarif::Artifact {
                path,
                text: Some(&text),
            };
            out!(
                "{}",
                sarif::check_log(check::rules(), &artifact, &findings).to_json()
            );
        }
        Format::Json => {
            outln!(
                "{}",
                serde_json::to_string_pretty(
                    &json!({ "findings": findings, "coverage": coverage })
                )?
            );
        }
        Format::Text => {
            for f in &findings {
                outln!(
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
            for c in &coverage {
                eprintln!(
                    "coverage {}: {}/{} required clauses answered ({} %)",
                    c.framework.as_str(),
                    c.answered,
                    c.total,
                    c.percent()
                );
            }
            eprintln!("{errors} errors, {warnings} warnings");
        }
    }
    Ok(if check::has_errors(&findings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A project that could not be loaded: text gives the error to `main`
/// (`error: ...` on stderr); json and sarif print it on stdout in their form
/// and the message on stderr. Exit code 2 either way.
fn not_loaded(
    format: Format,
    path: &Path,
    text: Option<&str>,
    e: store::StoreError,
) -> anyhow::Result<ExitCode> {
    let location = e.location();
    match format {
        Format::Text => return Err(e.into()),
        Format::Json => {
            let mut error = json!({ "code": e.code(), "message": e.to_string() });
            if let (Some(obj), serde_json::Value::Object(loc)) =
                (error.as_object_mut(), serde_json::to_value(&location)?)
            {
                obj.extend(loc);
            }
            outln!(
                "{}",
                serde_json::to_string_pretty(&json!({ "error": error }))?
            );
        }
        Format::Sarif => {
            let message = e.to_string();
            let failure = sarif::LoadFailure {
                code: e.code(),
                message: &message,
                location: &location,
            };
            let artifact = sarif::Artifact { path, text };
            out!(
                "{}",
                sarif::load_failure_log(check::rules(), &artifact, &failure).to_json()
            );
        }
    }
    eprintln!("error: {}", super::terminal_safe(&e.to_string()));
    Ok(ExitCode::from(2))
}

/// The rule catalogue, one rule a line (text), as a JSON array or as a SARIF
/// log without results.
fn list_rules(format: Format) -> anyhow::Result<()> {
    match format {
        Format::Sarif => out!("{}", sarif::rules_log(check::rules()).to_json()),
        Format::Json => {
            let rules: Vec<_> = check::rules().collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&json!({ "rules": rules }))?
            );
        }
        Format::Text => {
            let width = check::rules().map(|r| r.id.len()).max().unwrap_or(0);
            for r in check::rules() {
                outln!(
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
