//! Hugging Face model cards: a README whose YAML front matter holds the
//! metadata (`license`, `datasets`, `base_model`, `pipeline_tag`,
//! `model-index` with its evaluation results) and whose Markdown body holds
//! the prose sections of the card template.

use std::path::Path;

use serde_json::Value;

use super::{
    append, bullets, number, parse_error, readme, strings, text, unmapped, Card, ModelCardFormat,
};
use crate::ai::model::{AiSystem, Dataset, DatasetPurpose, PerformanceResult, ThirdPartyComponent};
use crate::ai::AiError;
use crate::diag::Location;

const USED: &[&str] = &[
    "model-index",
    "model_name",
    "datasets",
    "base_model",
    "pipeline_tag",
    "library_name",
    "co2_eq_emissions",
    "metrics",
];

/// Splits `---\nyaml\n---\nbody`; `None` when there is no front matter.
/// Returns (yaml, body, line of the body's first line).
fn front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Flow collections (`[ ]`, `{ }`) nested deeper than this in the front
/// matter are refused before the YAML parser sees them: its scanner does work
/// per token proportional to the flow depth (16 KB of `[` took seconds), and
/// the deserialiser would refuse them past 128 levels anyway.
const MAX_FLOW_DEPTH: usize = 64;

/// Where the front matter's flow collections first nest deeper than
/// `MAX_FLOW_DEPTH` (1-based line and column within `yaml`), skipping quoted
/// scalars and comments.
fn too_deep_flow(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '#' if prev.is_whitespace() => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((i + 1, at + 1));
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
    }
    None
}

pub fn from_markdown(file: &Path, text_in: &str) -> Result<Card, AiError> {
    let mut w = Vec::new();
    let (meta, body) = match front_matter(text_in) {
        Some((yaml, body)) => {
            if let Some((line, column)) = too_deep_flow(yaml) {
                return Err(parse_error(
                    file,
                    Location::line_col("", line + 1, column),
                    format!("front matter nests `[` / `{{` more than {MAX_FLOW_DEPTH} deep"),
                ));
            }
            let meta: Value = if yaml.trim().is_empty() {
                Value::Object(Default::default())
            } else {
                serde_norway::from_str(yaml).map_err(|e| {
                    let (line, column) = e
                        .location()
                        .map(|l| (l.line() + 1, l.column()))
                        .unwrap_or((0, 0));
                    parse_error(
                        file,
                        Location::line_col("", line, column),
                        format!("front matter is not valid YAML: {e}"),
                    )
                })?
            };
            if !meta.is_object() {
                return Err(parse_error(
                    file,
                    Location::line_col("", 2, 1),
                    "front matter must be a YAML mapping (key: value)",
                ));
            }
            (meta, body)
        }
        None if text_in.starts_with("---") => {
            return Err(parse_error(
                file,
                Location::line_col("", 1, 1),
                "front matter opened with `---` is never closed",
            ));
        }
        None => {
            w.push("no YAML front matter; only the card's prose was imported".into());
            (Value::Object(Default::default()), text_in)
        }
    };
    let index = &meta["model-index"];
    if !index.is_null() && !index.is_array() {
        return Err(parse_error(
            file,
            Location {
                path: "model-index".into(),
                ..Location::default()
            },
            "expected a list of models",
        ));
    }
    let mut s = AiSystem {
        name: [&index[0]["name"], &meta["model_name"]]
            .into_iter()
            .map(text)
            .find(|x| !x.is_empty())
            .unwrap_or_default(),
        ..Default::default()
    };
    if s.name.is_empty() {
        s.name = first_heading(body).unwrap_or_else(|| {
            let stem = file
                .file_stem()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default();
            if stem.eq_ignore_ascii_case("readme") {
                file.parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or(stem)
            } else {
                stem
            }
        });
        w.push(format!(
            "the card names no model (model-index[0].name); `{}` is used",
            s.name
        ));
    }
    let pipeline = text(&meta["pipeline_tag"]);
    if !pipeline.is_empty() {
        s.model_type = format!("task: {pipeline}");
    }
    let library = text(&meta["library_name"]);
    if !library.is_empty() {
        append(
            &mut s.description.software_versions,
            &format!("Library: {library}"),
        );
    }
    for base in strings(&meta["base_model"]) {
        s.third_party_components.push(ThirdPartyComponent {
            name: base,
            usage: "pre-trained base model (from the card's `base_model`)".into(),
            ..Default::default()
        });
    }
    for d in strings(&meta["datasets"]) {
        s.datasets.push(Dataset {
            name: d,
            ..Default::default()
        });
    }
    let co2 = &meta["co2_eq_emissions"];
    if !co2.is_null() {
        let t = match co2 {
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| format!("{k}: {}", text(v)))
                .collect::<Vec<_>>()
                .join("; "),
            other => text(other),
        };
        append(
            &mut s.development.compute_resources,
            &format!("CO₂-equivalent emissions (from the card): {t}"),
        );
    }
    if let Value::Array(models) = index {
        if models.len() > 1 {
            w.push(format!(
                "model-index lists {} models; the results of all are imported under `{}`",
                models.len(),
                s.name
            ));
        }
        for (mi, model) in models.iter().enumerate() {
            let Some(results) = model["results"].as_array() else {
                continue;
            };
            for (ri, r) in results.iter().enumerate() {
                let task = text(&r["task"]["type"]);
                if s.model_type.is_empty() && !task.is_empty() {
                    s.model_type = format!("task: {task}");
                }
                let ds_name = [&r["dataset"]["name"], &r["dataset"]["type"]]
                    .into_iter()
                    .map(text)
                    .find(|x| !x.is_empty())
                    .unwrap_or_default();
                let split = text(&r["dataset"]["split"]).to_lowercase();
                if !ds_name.is_empty() && !s.datasets.iter().any(|d| d.name == ds_name) {
                    let purpose = match split.as_str() {
                        "test" => Some(DatasetPurpose::Test),
                        "validation" | "val" | "dev" => Some(DatasetPurpose::Validation),
                        "train" => Some(DatasetPurpose::Training),
                        _ => None,
                    };
                    s.datasets.push(Dataset {
                        name: ds_name.clone(),
                        purpose,
                        url: text(&r["source"]["url"]),
                        ..Default::default()
                    });
                }
                let Some(metrics) = r["metrics"].as_array() else {
                    return Err(parse_error(
                        file,
                        Location {
                            path: format!("model-index[{mi}].results[{ri}].metrics"),
                            ..Location::default()
                        },
                        "expected a list of metrics",
                    ));
                };
                for (k, m) in metrics.iter().enumerate() {
                    let metric = [&m["name"], &m["type"]]
                        .into_iter()
                        .map(text)
                        .find(|x| !x.is_empty())
                        .unwrap_or_default();
                    let mut row = PerformanceResult {
                        metric,
                        dataset: ds_name.clone(),
                        value: number(&m["value"]),
                        ..Default::default()
                    };
                    if row.value.is_none() {
                        return Err(parse_error(
                            file,
                            Location {
                                path: format!("model-index[{mi}].results[{ri}].metrics[{k}].value"),
                                ..Location::default()
                            },
                            format!("expected a number, found `{}`", text(&m["value"])),
                        ));
                    }
                    let mut notes = Vec::new();
                    if !split.is_empty() {
                        notes.push(format!("split: {split}"));
                    }
                    for key in ["config", "args"] {
                        let v = text(&m[key]);
                        if !v.is_empty() {
                            notes.push(format!("{key}: {v}"));
                        }
                    }
                    if m["verified"].as_bool() == Some(true) {
                        notes.push("verified on the Hub".into());
                    }
                    row.note = notes.join("; ");
                    s.performance.push(row);
                }
            }
        }
        if !s.performance.is_empty() {
            w.push(format!("{} model-index metric(s) imported without confidence intervals or acceptance criteria; a Hugging Face card has neither", s.performance.len()));
        }
    }
    let metrics = strings(&meta["metrics"]);
    if !metrics.is_empty() && s.performance.is_empty() {
        append(
            &mut s.development.validation_and_testing,
            &format!("Metrics named by the card:\n\n{}", bullets(metrics)),
        );
    }
    if s.datasets.iter().any(|d| d.purpose.is_none()) {
        w.push("datasets listed in the front matter have no stated purpose (training, validation, test); set it for each".into());
    }
    unmapped(&mut w, "front matter", &meta, USED);
    readme::apply(&mut s, body, "model card body", &mut w);
    Ok(Card {
        format: ModelCardFormat::HuggingFace,
        systems: vec![s],
        warnings: w,
    })
}

fn first_heading(md: &str) -> Option<String> {
    readme::sections(md)
        .into_iter()
        .map(|(t, _)| t)
        .find(|t| !t.is_empty())
        .map(|t| {
            let t = t.trim();
            t.strip_prefix("Model Card for ")
                .or_else(|| t.strip_prefix("Model card for "))
                .unwrap_or(t)
                .trim()
                .to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (y, b) = front_matter("---\na: 1\n---\n# T\n").expect("fm");
        assert_eq!(y, "a: 1\n");
        assert_eq!(b, "# T\n");
        assert!(front_matter("# no\n").is_none());
    }

    #[test]
    fn yaml_error_has_the_file_line() {
        let err = from_markdown(
            Path::new("README.md"),
            "---\nlicense: mit\nmodel-index: [\n---\n",
        )
        .err()
        .expect("error");
        let s = err.to_string();
        assert!(s.starts_with("README.md:"), "{s}");
        let AiError::Parse { place, .. } = err else {
            panic!("{s}")
        };
        assert!(place.line >= 3, "{place:?}");
    }
}
