//! Model-card import: CycloneDX 1.5/1.6 ML-BOM `modelCard` (JSON and XML),
//! MONAI bundle `metadata.json` (with the bundle's README when present),
//! Hugging Face model cards (README with YAML front matter and `model-index`)
//! and SPDX 3.0.1 AI-profile packages. Each format is read leniently into an
//! `AiSystem`; what maps is filled in, everything else is reported as a
//! warning; merging into the project never overwrites what the writer wrote.
//! Errors name the file and the place (line/column or field path).

mod cyclonedx;
mod hf;
mod monai;
mod readme;
mod spdx3;
pub mod xml;

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::items;
use super::model::AiSystem;
use super::AiError;
use crate::diag::{ImportReport, ImportWarning, Location};
use crate::model::TechFile;

/// Model cards larger than this are refused before parsing.
pub const MAX_CARD_BYTES: u64 = 64 * 1024 * 1024;

const EXPECTED: &str = "a CycloneDX 1.5/1.6 ML-BOM (JSON or XML) with a modelCard, a MONAI bundle metadata.json, \
a Hugging Face model card (README.md with YAML front matter) or an SPDX 3.0.1 JSON-LD document with ai_AIPackage elements";

/// The formats Techfile reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelCardFormat {
    CycloneDxJson,
    CycloneDxXml,
    Monai,
    HuggingFace,
    Spdx3,
}

impl ModelCardFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelCardFormat::CycloneDxJson => "CycloneDX JSON",
            ModelCardFormat::CycloneDxXml => "CycloneDX XML",
            ModelCardFormat::Monai => "MONAI bundle metadata",
            ModelCardFormat::HuggingFace => "Hugging Face model card",
            ModelCardFormat::Spdx3 => "SPDX 3.0.1 AI profile",
        }
    }
}

/// A parsed card before it is merged into a project.
pub struct Card {
    pub format: ModelCardFormat,
    pub systems: Vec<AiSystem>,
    pub warnings: Vec<String>,
}

/// Reads `file` and merges the AI systems it describes into `tf`. For a MONAI
/// `metadata.json`, the bundle's `docs/README.md` (or a README beside it) and
/// `docs/data_license.txt` are read too when present.
pub fn import_model_card(tf: &mut TechFile, file: &Path) -> Result<ImportReport, AiError> {
    let bytes = read(file)?;
    let card = parse(file, &bytes, &|rel: &str| sidecar(file, rel))?;
    Ok(located(apply(tf, card), file))
}

/// Like `import_model_card` for content already in memory (no sidecar files).
pub fn import_model_card_bytes(
    tf: &mut TechFile,
    file: &Path,
    bytes: &[u8],
) -> Result<ImportReport, AiError> {
    let card = parse(file, bytes, &|_: &str| None)?;
    Ok(located(apply(tf, card), file))
}

/// The card's warnings name the card file.
fn located(mut report: ImportReport, file: &Path) -> ImportReport {
    let at = Location::file(file.display().to_string()).to_string();
    for w in &mut report.warnings {
        if w.location.is_empty() {
            w.location = at.clone();
        }
    }
    report
}

fn read(file: &Path) -> Result<Vec<u8>, AiError> {
    crate::util::read_input(file, MAX_CARD_BYTES).map_err(|e| match e {
        crate::util::ReadError::Io(error) => AiError::Read {
            file: file.to_path_buf(),
            error,
        },
        crate::util::ReadError::TooLarge(size) => AiError::TooLarge {
            file: file.to_path_buf(),
            size,
            max: MAX_CARD_BYTES,
        },
    })
}

/// A file of the MONAI bundle that holds `file` (`configs/metadata.json`):
/// `rel` is looked for in the bundle root and beside the card.
fn sidecar(file: &Path, rel: &str) -> Option<(PathBuf, String)> {
    let dir = file.parent()?;
    let mut candidates = vec![dir.join(rel)];
    if let Some(root) = dir.parent() {
        candidates.insert(0, root.join(rel));
    }
    if let Some(name) = Path::new(rel).file_name() {
        candidates.push(dir.join(name));
    }
    candidates.into_iter().find_map(|p| {
        let bytes = crate::util::read_input(&p, MAX_CARD_BYTES).ok()?;
        String::from_utf8(bytes).ok().map(|t| (p, t))
    })
}

type Sidecar<'a> = &'a dyn Fn(&str) -> Option<(PathBuf, String)>;

fn parse_error(file: &Path, place: Location, message: impl Into<String>) -> AiError {
    AiError::Parse {
        file: file.to_path_buf(),
        place: Box::new(place),
        message: message.into(),
    }
}

/// Detects the format from the content (never from the name alone) and parses.
pub fn parse(file: &Path, bytes: &[u8], sidecar: Sidecar<'_>) -> Result<Card, AiError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = xml::line_col(
                &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                e.valid_up_to(),
            );
            return Err(parse_error(
                file,
                Location::line_col("", line, column),
                "invalid UTF-8; model cards are UTF-8 text",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.starts_with('<') {
        let (value, ns) =
            xml::to_json(text).map_err(|(place, msg)| parse_error(file, *place, msg))?;
        return cyclonedx::from_xml(file, &value, &ns);
    }
    if start.starts_with('{') {
        let value = json(file, text)?;
        let mut card = if value.get("bomFormat").is_some()
            || (value.get("specVersion").is_some() && value.get("components").is_some())
        {
            cyclonedx::from_json(file, &value)?
        } else if value.get("@graph").is_some() || value.get("@context").is_some() {
            spdx3::from_json(file, &value)?
        } else if monai::looks_like(&value) {
            monai::from_json(file, &value, sidecar)?
        } else {
            return Err(AiError::UnknownFormat {
                file: file.to_path_buf(),
                expected: EXPECTED,
            });
        };
        // JSON parsing reads a number too small for an f64 as 0.
        for n in crate::util::json_numbers_out_of_range(text, 100) {
            card.warnings.push(format!(
                "line {}, column {} (#{}): {}",
                n.line,
                n.column,
                n.pointer(),
                n.problem()
            ));
        }
        return Ok(card);
    }
    let is_md = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if start.starts_with("---") || is_md {
        return hf::from_markdown(file, text);
    }
    Err(AiError::UnknownFormat {
        file: file.to_path_buf(),
        expected: EXPECTED,
    })
}

/// JSON with a located syntax error. serde_json's nesting limit (128) stays
/// on: no model card nests that deep, and the mapping walks values recursively.
fn json(file: &Path, text: &str) -> Result<Value, AiError> {
    serde_json::from_str(text).map_err(|e: serde_json::Error| {
        let msg = e.to_string();
        let msg = msg
            .rfind(" at line ")
            .map(|i| msg[..i].to_string())
            .unwrap_or(msg);
        if msg == "number out of range" {
            if let Some(n) = crate::util::json_numbers_out_of_range(text, 1).pop() {
                return parse_error(
                    file,
                    Location {
                        path: n.pointer(),
                        ..Location::line_col("", n.line, n.column)
                    },
                    n.problem(),
                );
            }
        }
        parse_error(
            file,
            Location::line_col("", e.line(), e.column()),
            format!("not valid JSON: {msg}"),
        )
    })
}

/// Merges the card's systems into `tf`: a system whose name is new is added;
/// one whose name exists gets only its empty fields filled, and rows or
/// datasets it does not have yet appended.
pub fn apply(tf: &mut TechFile, card: Card) -> ImportReport {
    let mut warnings = card.warnings;
    let mut names = Vec::new();
    for sys in card.systems {
        names.push(sys.name.clone());
        let json = items::system_json(&sys);
        let empty: Vec<&str> = items::all()
            .filter(|it| !items::empty_fields(it, &json).is_empty())
            .map(|it| it.clause)
            .collect();
        match tf.ai.systems.iter_mut().find(|s| s.name == sys.name) {
            Some(existing) => {
                let mut base = items::system_json(existing);
                merge(&mut base, items::system_json(&sys));
                match serde_json::from_value::<AiSystem>(base) {
                    Ok(merged) => *existing = merged,
                    Err(e) => warnings.push(format!(
                        "`{}`: could not merge into the existing AI system: {e}",
                        sys.name
                    )),
                }
                warnings.push(format!(
                    "`{}`: an AI system of this name existed; only its empty fields were filled",
                    sys.name
                ));
            }
            None => tf.ai.systems.push(sys.clone()),
        }
        let mut clauses: Vec<&str> = empty;
        clauses.dedup();
        if !clauses.is_empty() {
            warnings.push(format!(
                "`{}`: the card does not answer {} item(s), left for the writer: {}",
                sys.name,
                clauses.len(),
                clauses.join(", ")
            ));
        }
    }
    ImportReport {
        kind: "model-card",
        format: card.format.as_str().to_string(),
        imported: names.len(),
        added: names,
        warnings: warnings
            .into_iter()
            .map(|w| ImportWarning::new("ai.model-card", &Location::default(), w))
            .collect(),
        ..Default::default()
    }
}

/// Fills what is empty in `base` from `new`; appends array items `base` lacks.
fn merge(base: &mut Value, new: Value) {
    match (base, new) {
        (Value::Object(b), Value::Object(n)) => {
            for (k, v) in n {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(n)) => {
            for v in n {
                let key = |x: &Value| x.get("name").or_else(|| x.get("metric")).cloned();
                let dup = b.iter().any(|x| {
                    x == &v
                        || (key(x).is_some()
                            && key(x) == key(&v)
                            && x.get("subgroup") == v.get("subgroup")
                            && x.get("class") == v.get("class")
                            && x.get("dataset") == v.get("dataset"))
                });
                if !dup {
                    b.push(v);
                }
            }
        }
        (slot @ Value::Null, v) => *slot = v,
        (Value::String(s), Value::String(v)) if s.trim().is_empty() => *s = v,
        _ => {}
    }
}

// ---- helpers shared by the format modules ----

/// A scalar as text (numbers and booleans printed, arrays joined).
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_string(),
        Value::Array(a) => a
            .iter()
            .map(text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => v.to_string(),
        other => other.to_string(),
    }
}

/// A number from a JSON number or a string such as `0.95` or `95.2 %`.
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite()),
        _ => None,
    }
}

/// Appends a Markdown paragraph (or block) to a field.
pub(crate) fn append(field: &mut String, block: &str) {
    let block = block.trim();
    if block.is_empty() {
        return;
    }
    if !field.trim().is_empty() {
        field.push_str("\n\n");
    }
    field.push_str(block);
}

/// A Markdown bullet list of the non-empty strings.
pub(crate) fn bullets<I: IntoIterator<Item = String>>(items: I) -> String {
    items
        .into_iter()
        .map(|s| s.trim().replace('\n', " "))
        .filter(|s| !s.is_empty())
        .map(|s| format!("- {s}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The strings of a JSON array (or one string).
pub(crate) fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().map(text).filter(|s| !s.is_empty()).collect(),
        Value::Null => Vec::new(),
        other => {
            let s = text(other);
            if s.is_empty() {
                Vec::new()
            } else {
                vec![s]
            }
        }
    }
}

/// The keys of an object the mapping did not use, as one warning.
pub(crate) fn unmapped(warnings: &mut Vec<String>, what: &str, obj: &Value, used: &[&str]) {
    if let Value::Object(m) = obj {
        let rest: Vec<&str> = m
            .keys()
            .map(String::as_str)
            .filter(|k| !used.contains(k))
            .collect();
        if !rest.is_empty() {
            warnings.push(format!(
                "{what}: not mapped (left for the writer): {}",
                rest.join(", ")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_fills_only_empty_fields() {
        let mut base =
            serde_json::json!({"a": "kept", "b": "", "rows": [{"metric": "m", "subgroup": ""}]});
        merge(
            &mut base,
            serde_json::json!({"a": "new", "b": "filled", "rows": [{"metric": "m", "subgroup": ""}, {"metric": "n", "subgroup": ""}]}),
        );
        assert_eq!(base["a"], "kept");
        assert_eq!(base["b"], "filled");
        assert_eq!(base["rows"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn numbers_from_text() {
        assert_eq!(number(&serde_json::json!("95.5 %")), Some(95.5));
        assert_eq!(number(&serde_json::json!("n/a")), None);
        assert_eq!(number(&serde_json::json!(0.9)), Some(0.9));
    }

    #[test]
    fn unknown_content_names_the_supported_formats() {
        let err = parse(Path::new("x.json"), b"{\"a\": 1}", &|_: &str| None)
            .err()
            .expect("error");
        assert_eq!(err.code(), "ai.unknown_format");
        assert!(
            err.to_string().contains("CycloneDX") && err.to_string().contains("MONAI"),
            "{err}"
        );
    }

    #[test]
    fn json_syntax_error_is_located() {
        let err = parse(
            Path::new("card.json"),
            b"{\n  \"bomFormat\": \"CycloneDX\",\n  x\n}",
            &|_: &str| None,
        )
        .err()
        .expect("error");
        let s = err.to_string();
        assert!(s.starts_with("card.json:3:"), "{s}");
    }
}
