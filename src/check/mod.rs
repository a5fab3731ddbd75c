//! Checks: rules over the model that produce `Finding`s. Every rule runs and
//! every finding is collected; a check never stops at the first problem and
//! never panics. Each part (sbom, risk, ai) adds its own rules through its
//! `check` function; this module owns the core rules and the `Finding` type.

mod core;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::TechFile;

/// How serious a finding is. Errors block a submission; warnings ask for a look.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One result of a rule: which rule, how serious, where (a field path such as
/// `device.manufacturer.srn` or `risk.entries[3].controls[0]`), and what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub path: String,
    pub message: String,
}

impl Finding {
    pub fn new(
        rule: impl Into<String>,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule: rule.into(),
            severity,
            path: path.into(),
            message: message.into(),
        }
    }
    pub fn error(rule: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, path, message)
    }
    pub fn warning(rule: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Warning, path, message)
    }
}

/// Runs every rule of every part. Findings come in a stable order: by part,
/// then in the order the rules visit the model.
pub fn check(tf: &TechFile) -> Vec<Finding> {
    let mut out = Vec::new();
    core::check(tf, &mut out);
    crate::sbom::check(tf, &mut out);
    crate::risk::check(tf, &mut out);
    crate::ai::check(tf, &mut out);
    out
}

/// Whether any finding is an error (the CLI's exit code 1).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
