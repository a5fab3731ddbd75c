//! Diagnostics, the crate's leaf for what goes wrong and where: findings of
//! the checks (`Finding`, `Severity`) and the rules they come from (`Rule`,
//! each with its clause and a one-line explanation, collected into the rule
//! catalogue by `check::rules`), the one `Location` type of every located
//! message (file, line/column or row/cell, JSON pointer or field path), the
//! one `ImportWarning` and `ImportReport` of every importer, and the `Coded`
//! trait that gives every library error a stable code for the CLI and IPC.
//! A leaf: it names no other module of the crate.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How serious a finding is. Errors block a submission; warnings ask for a look.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, TS,
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

/// One rule of the catalogue: a stable id (`part.kebab-name`, e.g.
/// `risk.link-unresolved`), the severity its findings usually have, the
/// clause it implements and a one-line explanation. Findings are made from a
/// `&'static Rule`, so every rule id a finding carries is in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// The clause, e.g. `MDR Annex II 1.1(b); Art. 27` or `ISO 14971 §7.1`.
    pub clause: &'static str,
    /// What the rule checks, in one line.
    pub summary: &'static str,
}

/// One result of a rule: which rule, how serious, where (a field path such as
/// `device.manufacturer.srn` or `risk.entries[3].controls[0]`), and what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub path: String,
    pub message: String,
}

impl Finding {
    /// A finding of `rule` at its catalogue severity.
    pub fn of(rule: &Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::with(rule, rule.severity, path, message)
    }
    /// A finding of `rule` at another severity (a rule whose weight depends
    /// on the case, e.g. a missing field that is required for class C only).
    pub fn with(
        rule: &Rule,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule: rule.id.to_string(),
            severity,
            path: path.into(),
            message: message.into(),
        }
    }
    pub fn error(rule: &Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::with(rule, Severity::Error, path, message)
    }
    pub fn warning(rule: &Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::with(rule, Severity::Warning, path, message)
    }
}

/// Whether any finding is an error (the CLI's exit code 1).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Where in an input a message points. Every part is optional; `Display`
/// writes the parts that are known in the usual forms: `file:line:column`,
/// `file, sheet \`Risks\`, row 12, column K "Detection %"`,
/// `file#/json/pointer` or `file (at \`field.path\`)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct Location {
    /// The file as the user named it; empty for the project itself.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// 1-based line of a text file; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub line: usize,
    /// 1-based column of a text file; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub column: usize,
    /// The sheet of a workbook.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sheet: String,
    /// 1-based row of a sheet or table, as the spreadsheet shows it; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub row: usize,
    /// A sheet column as the sheet shows it (`K "Detection %"`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cell: String,
    /// A JSON pointer (`/components/3/purl`, starts with `/`) or a field path
    /// (`components[3].purl`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }
    /// `file:line:column`.
    pub fn line_col(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
            ..Default::default()
        }
    }
    /// A JSON pointer or field path inside `file`.
    pub fn at(file: impl Into<String>, path: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            path: path.into(),
            ..Default::default()
        }
    }
    /// A row and (optionally) column of a table.
    pub fn row(file: impl Into<String>, row: Option<usize>, cell: Option<&str>) -> Self {
        Location {
            file: file.into(),
            row: row.unwrap_or(0),
            cell: cell.unwrap_or_default().to_string(),
            ..Default::default()
        }
    }
    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self == &Location::default()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        let mut table = Vec::new();
        if !self.sheet.is_empty() {
            table.push(format!("sheet `{}`", self.sheet));
        }
        if self.row > 0 {
            table.push(format!("row {}", self.row));
        }
        if !self.cell.is_empty() {
            table.push(format!("column {}", self.cell));
        }
        if !table.is_empty() {
            if !self.file.is_empty() {
                f.write_str(", ")?;
            }
            f.write_str(&table.join(", "))?;
        }
        if self.path.starts_with('/') {
            write!(f, "#{}", self.path)?;
        } else if !self.path.is_empty() {
            if !self.file.is_empty() || self.line > 0 || !table.is_empty() {
                f.write_str(" ")?;
            }
            write!(f, "(at `{}`)", self.path)?;
        }
        Ok(())
    }
}

/// A problem an importer met and worked around: which rule (a short stable
/// name, e.g. `sbom.duplicate-component`), what, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
pub struct ImportWarning {
    pub rule: String,
    pub message: String,
    /// Where, as text (`Location`'s display form), so that every importer's
    /// report reads alike in JSON.
    pub location: String,
}

impl ImportWarning {
    pub fn new(rule: impl Into<String>, location: &Location, message: impl Into<String>) -> Self {
        ImportWarning {
            rule: rule.into(),
            message: message.into(),
            location: location.to_string(),
        }
    }
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{} [{}]", self.message, self.rule)
        } else {
            write!(f, "{}: {} [{}]", self.location, self.message, self.rule)
        }
    }
}

/// What one import did, the same shape for every importer (SBOM, VEX, risk
/// table, model card), so the CLI prints one `--json` form and the desktop
/// shows one report. Fields that do not apply to an importer stay empty and
/// are left out of the JSON (optional, `?`, in the TypeScript declaration:
/// `#[ts(optional = nullable)]` on a field that is not an `Option`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ImportReport {
    /// What was imported: `sbom`, `vex`, `risks`, `model-card`.
    pub kind: &'static str,
    /// Components (SBOM), assessments (VEX), entries (risk table) or AI
    /// systems (model card) read.
    pub imported: usize,
    /// Of those, how many replaced one the project already had.
    #[serde(skip_serializing_if = "is_zero")]
    #[ts(optional = nullable)]
    pub replaced: usize,
    /// The software item an SBOM was attached to.
    #[serde(skip_serializing_if = "String::is_empty")]
    #[ts(optional = nullable)]
    pub item: String,
    /// Whether that software item was created by this import.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional = nullable)]
    pub created_item: bool,
    /// The input format, when the importer detects it (model cards).
    #[serde(skip_serializing_if = "String::is_empty")]
    #[ts(optional = nullable)]
    pub format: String,
    /// Names of what is new (components `name version`, AI systems).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub added: Vec<String>,
    /// Names of what is gone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub removed: Vec<String>,
    /// What changed, `name: old -> new`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub changed: Vec<String>,
    pub warnings: Vec<ImportWarning>,
}

/// A library error with a stable dotted code (`store.parse`, `pdf.fonts`,
/// ...) that the CLI prints and the desktop UI branches on; the message is
/// its `Display`.
pub trait Coded: fmt::Display {
    fn code(&self) -> &'static str;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_as_their_usual_forms() {
        assert_eq!(Location::line_col("a.xml", 3, 7).to_string(), "a.xml:3:7");
        assert_eq!(
            Location::at("bom.json", "/components/2/purl").to_string(),
            "bom.json#/components/2/purl"
        );
        assert_eq!(
            Location::at("card.json", "model.name").to_string(),
            "card.json (at `model.name`)"
        );
        assert_eq!(
            Location::row("r.xlsx", Some(12), Some("K \"Detection %\"")).to_string(),
            "r.xlsx, row 12, column K \"Detection %\""
        );
        assert_eq!(
            Location::row("r.csv", Some(4), None).to_string(),
            "r.csv, row 4"
        );
        assert_eq!(Location::row("", Some(4), None).to_string(), "row 4");
        let mut sheet = Location::row("r.xlsx", Some(2), Some("B"));
        sheet.sheet = "Risks".into();
        assert_eq!(sheet.to_string(), "r.xlsx, sheet `Risks`, row 2, column B");
        assert_eq!(Location::line_col("m.toml", 3, 0).to_string(), "m.toml:3");
        assert_eq!(
            Location::at("", "device.srn").to_string(),
            "(at `device.srn`)"
        );
        assert!(Location::default().is_empty());
    }

    #[test]
    fn findings_take_the_rule_id_and_severity() {
        const R: Rule = Rule {
            id: "core.test",
            severity: Severity::Warning,
            clause: "MDR Annex II 1",
            summary: "a test rule",
        };
        let f = Finding::of(&R, "device.x", "m");
        assert_eq!(
            (f.rule.as_str(), f.severity),
            ("core.test", Severity::Warning)
        );
        assert_eq!(Finding::error(&R, "p", "m").severity, Severity::Error);
        assert!(has_errors(&[Finding::error(&R, "p", "m")]));
        assert!(!has_errors(&[f]));
    }
}
