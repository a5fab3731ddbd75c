//! The mapping file of `techfile import risks --mapping MAP`: how a risk
//! table that does not use the canonical layout maps onto risk entries. It
//! owns the file format and its parsing (with located errors); applying it
//! is `risk::import`.
//!
//! A mapping is a small TOML file; every key is optional:
//!
//! ```toml
//! header_row = 5            # 1-based row holding the column names (default 1)
//! sheet = "Sheet1"          # workbook sheet (default: the first)
//! delimiter = ";"           # CSV field delimiter (default: sniffed from the header row)
//! id_prefix = "FMEA-"       # ids of rows without an id: prefix + running number
//! list_separators = [";", ",", " and "]   # how list cells split (default [";"])
//! ignore = ["RPN"]          # columns read on purpose by no field (no warning)
//!
//! [columns]                 # field = column, or [columns] for list/notes fields
//! hazard = "Problem"        # by header text (case and whitespace insensitive)
//! severity = "S#1"          # `#n`: the n-th column with that header
//! residual_severity = "@Q"  # `@X`: the column by letter
//! risk_controls = ["External Risk Control ID(s)", "Internal Risk Control ID(s)"]
//! notes = ["Comment"]       # several columns: kept as `header: value` lines
//!
//! [values.severity]         # translations of cell values to the plan's level
//! "S1" = "Negligible"       # names; also used for residual_severity
//! [values.probability]      # likewise for probability / residual_probability
//! "P1" = "Improbable"
//! [values.control_type]     # cell text -> inherent-safety | protective-measure
//! "Internal measure" = "protective-measure"   #            | information-for-safety
//! ```
//!
//! Fields are the column names of the canonical layout (see
//! `risk::table::Field`); fields a mapping does not name are still matched
//! by their canonical header. Scale values that are neither translated nor a
//! level name are read as 1-based level numbers.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::table::Field;
use super::RiskError;

/// Mapping files larger than this are refused (a real one is a few hundred bytes).
pub const MAX_MAPPING_BYTES: u64 = 1024 * 1024;

/// A parsed mapping file (see the module docs for the format).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mapping {
    pub header_row: Option<usize>,
    pub sheet: Option<String>,
    pub delimiter: Option<String>,
    pub id_prefix: Option<String>,
    pub list_separators: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub columns: BTreeMap<String, OneOrMany>,
    pub values: Values,
}

/// One column or several.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Translations of cell values, per kind of value.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Values {
    pub severity: BTreeMap<String, String>,
    pub probability: BTreeMap<String, String>,
    pub control_type: BTreeMap<String, String>,
}

/// Where a column spec points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnSpec {
    /// The `n`-th (1-based) column whose normalised header is this.
    Header(String, usize),
    /// A 0-based column index (from a letter).
    Index(usize),
}

impl ColumnSpec {
    pub fn parse(s: &str) -> Option<ColumnSpec> {
        let t = s.trim();
        if let Some(letters) = t.strip_prefix('@') {
            return column_index(letters).map(ColumnSpec::Index);
        }
        if let Some((h, n)) = t.rsplit_once('#') {
            if let Ok(n) = n.trim().parse::<usize>() {
                if n >= 1 {
                    return Some(ColumnSpec::Header(normalise_header(h), n));
                }
            }
        }
        (!t.is_empty()).then(|| ColumnSpec::Header(normalise_header(t), 1))
    }
}

/// Header text as compared: whitespace runs (newlines included) become one
/// space, trimmed, lowercase.
pub fn normalise_header(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `A` -> 0, `Z` -> 25, `AA` -> 26.
pub fn column_index(letters: &str) -> Option<usize> {
    let t = letters.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n = 0usize;
    for c in t.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

/// 0 -> `A`, 26 -> `AA`.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}

impl Mapping {
    /// Reads and validates a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, RiskError> {
        let bytes = super::import::read_limited(path, MAX_MAPPING_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let (line, column) = line_col(&text, text.len());
            RiskError::Mapping {
                file: path.to_path_buf(),
                line,
                column,
                message: "invalid UTF-8; a mapping file is UTF-8 TOML".into(),
            }
        })?;
        Self::parse(&text, path)
    }

    /// Parses mapping text; `file` names the origin in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Mapping, RiskError> {
        let m: Mapping = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            RiskError::Mapping {
                file: file.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        let at = |key: &str| line_col(text, text.find(key).unwrap_or(0));
        for (field, cols) in &m.columns {
            let Some(f) = Field::from_name(field) else {
                let (line, column) = at(field);
                return Err(RiskError::Mapping {
                    file: file.to_path_buf(),
                    line,
                    column,
                    message: format!(
                        "[columns]: unknown field `{field}`; expected one of: {}",
                        Field::importable()
                            .map(|f| f.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            };
            let cols = cols.to_vec();
            if cols.len() > 1 && !f.takes_many_columns() {
                let (line, column) = at(field);
                return Err(RiskError::Mapping {
                    file: file.to_path_buf(),
                    line,
                    column,
                    message: format!("[columns]: `{field}` takes one column, not {}", cols.len()),
                });
            }
            for c in &cols {
                if ColumnSpec::parse(c).is_none() {
                    let (line, column) = at(c);
                    return Err(RiskError::Mapping {
                        file: file.to_path_buf(),
                        line,
                        column,
                        message: format!(
                            "[columns]: `{c}` is not a column (a header, `Header#2` or `@K`)"
                        ),
                    });
                }
            }
        }
        if m.header_row == Some(0) {
            let (line, column) = at("header_row");
            return Err(RiskError::Mapping {
                file: file.to_path_buf(),
                line,
                column,
                message: "header_row is 1-based; 0 is not a row".into(),
            });
        }
        if let Some(d) = &m.delimiter {
            if d.len() != 1 {
                let (line, column) = at("delimiter");
                return Err(RiskError::Mapping {
                    file: file.to_path_buf(),
                    line,
                    column,
                    message: format!("delimiter must be one ASCII character, not `{d}`"),
                });
            }
        }
        for (k, v) in &m.values.control_type {
            if super::model::ControlType::parse(v).is_none() {
                let (line, column) = at(k);
                return Err(RiskError::Mapping {
                    file: file.to_path_buf(),
                    line,
                    column,
                    message: format!(
                        "[values.control_type]: `{v}` is not a control type; expected inherent-safety, protective-measure or information-for-safety"
                    ),
                });
            }
        }
        Ok(m)
    }

    pub fn separators(&self) -> Vec<String> {
        match &self.list_separators {
            Some(v) if !v.is_empty() => v.clone(),
            _ => vec![";".to_string()],
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col_of(text: &str, offset: usize) -> (usize, usize) {
    line_col(text, offset)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_specs() {
        assert_eq!(
            ColumnSpec::parse("Severity"),
            Some(ColumnSpec::Header("severity".into(), 1))
        );
        assert_eq!(
            ColumnSpec::parse("P#3"),
            Some(ColumnSpec::Header("p".into(), 3))
        );
        assert_eq!(
            ColumnSpec::parse("Detection %\n(mkII)"),
            Some(ColumnSpec::Header("detection % (mkii)".into(), 1))
        );
        assert_eq!(ColumnSpec::parse("@K"), Some(ColumnSpec::Index(10)));
        assert_eq!(ColumnSpec::parse("@AA"), Some(ColumnSpec::Index(26)));
        assert_eq!(ColumnSpec::parse("@1"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn bad_mapping_is_located() {
        let text = "header_row = 2\n[columns]\nhazzard = \"Problem\"\n";
        let err = Mapping::parse(text, Path::new("m.toml")).expect_err("unknown field");
        let RiskError::Mapping { line, message, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(*line, 3);
        assert!(
            message.contains("hazzard") && message.contains("hazard"),
            "{message}"
        );

        let err = Mapping::parse("header_row = \"five\"\n", Path::new("m.toml")).expect_err("type");
        assert!(err.to_string().starts_with("m.toml:1:"), "{err}");

        let err = Mapping::parse(
            "[columns]\nseverity = [\"A\", \"B\"]\n",
            Path::new("m.toml"),
        )
        .expect_err("many");
        assert!(err.to_string().contains("takes one column"), "{err}");

        let err = Mapping::parse(
            "[values.control_type]\nX = \"magic\"\n",
            Path::new("m.toml"),
        )
        .expect_err("ct");
        assert!(err.to_string().contains("not a control type"), "{err}");
    }
}
