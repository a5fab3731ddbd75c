//! CycloneDX 1.5/1.6 ML-BOM: every component (nested ones and
//! `metadata.component` included) of type `machine-learning-model` or with a
//! `modelCard` becomes an AI system. The XML form arrives here already in the
//! JSON shape (see `xml`).

use std::path::Path;

use serde_json::Value;

use super::{append, bullets, number, parse_error, strings, text, unmapped, Card, ModelCardFormat};
use crate::ai::model::{AiSystem, ConfidenceInterval, Dataset, PerformanceResult};
use crate::ai::AiError;
use crate::diag::Location;

pub fn from_json(file: &Path, bom: &Value) -> Result<Card, AiError> {
    let version = text(&bom["specVersion"]);
    from_bom(file, bom, &version, ModelCardFormat::CycloneDxJson)
}

pub fn from_xml(file: &Path, bom: &Value, namespace: &str) -> Result<Card, AiError> {
    let version = namespace.rsplit('/').next().unwrap_or("").to_string();
    if !namespace.starts_with("http://cyclonedx.org/schema/bom/") {
        return Err(parse_error(
            file,
            Location::line_col("", 1, 1),
            format!("the root element's namespace `{namespace}` is not CycloneDX (http://cyclonedx.org/schema/bom/1.x)"),
        ));
    }
    from_bom(file, bom, &version, ModelCardFormat::CycloneDxXml)
}

fn from_bom(
    file: &Path,
    bom: &Value,
    version: &str,
    format: ModelCardFormat,
) -> Result<Card, AiError> {
    let mut warnings = Vec::new();
    match version {
        "1.5" | "1.6" | "1.7" => {}
        "" => {
            warnings.push("the BOM does not state its spec version; read as CycloneDX 1.6".into())
        }
        v => {
            return Err(parse_error(
                file,
                Location {
                    path: "specVersion".into(),
                    ..Location::default()
                },
                format!("CycloneDX {v} has no modelCard; model cards need CycloneDX 1.5 or later"),
            ))
        }
    }
    if let Some(c) = bom.get("components") {
        if !c.is_array() {
            return Err(parse_error(
                file,
                Location {
                    path: "components".into(),
                    ..Location::default()
                },
                "expected an array of components",
            ));
        }
    }
    let mut found: Vec<(String, &Value)> = Vec::new();
    if let Some(mc) = bom.get("metadata").and_then(|m| m.get("component")) {
        collect(mc, "metadata.component".into(), &mut found);
    }
    if let Some(Value::Array(list)) = bom.get("components") {
        for (i, c) in list.iter().enumerate() {
            collect(c, format!("components[{i}]"), &mut found);
        }
    }
    if found.is_empty() {
        return Err(AiError::NoModel {
            file: file.to_path_buf(),
            message: "the BOM has no component of type `machine-learning-model` and no `modelCard`; nothing to import".into(),
        });
    }
    let mut systems = Vec::new();
    for (path, c) in found {
        systems.push(component(file, c, &path, &mut warnings)?);
    }
    Ok(Card {
        format,
        systems,
        warnings,
    })
}

fn collect<'a>(c: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    if c.get("modelCard").is_some()
        || c.get("type").and_then(Value::as_str) == Some("machine-learning-model")
    {
        out.push((path.clone(), c));
    }
    if let Some(Value::Array(kids)) = c.get("components") {
        for (i, k) in kids.iter().enumerate() {
            collect(k, format!("{path}.components[{i}]"), out);
        }
    }
}

fn component(file: &Path, c: &Value, path: &str, w: &mut Vec<String>) -> Result<AiSystem, AiError> {
    let mut s = AiSystem {
        name: text(&c["name"]),
        version: text(&c["version"]),
        ..Default::default()
    };
    if s.name.is_empty() {
        return Err(parse_error(
            file,
            Location {
                path: format!("{path}.name"),
                ..Location::default()
            },
            "the model component has no name",
        ));
    }
    let who = format!("`{}` ({path})", s.name);
    s.provider.name = [
        &c["publisher"],
        &c["supplier"]["name"],
        &c["manufacturer"]["name"],
        &c["author"],
        &c["group"],
    ]
    .into_iter()
    .map(text)
    .find(|x| !x.is_empty())
    .unwrap_or_default();
    append(&mut s.description.summary, &text(&c["description"]));
    unmapped(
        w,
        &who,
        c,
        &[
            "bom-ref",
            "type",
            "publisher",
            "supplier",
            "manufacturer",
            "author",
            "group",
            "name",
            "version",
            "description",
            "modelCard",
            "components",
        ],
    );
    let Some(card) = c.get("modelCard") else {
        w.push(format!(
            "{who}: machine-learning-model without a modelCard; only its identity was imported"
        ));
        return Ok(s);
    };
    if !card.is_object() {
        return Err(parse_error(
            file,
            Location {
                path: format!("{path}.modelCard"),
                ..Location::default()
            },
            "expected an object",
        ));
    }
    let mp = &card["modelParameters"];
    let approach = text(&mp["approach"]["type"]);
    let task = text(&mp["task"]);
    s.model_type = match (approach.is_empty(), task.is_empty()) {
        (false, false) => format!("{approach} learning; task: {task}"),
        (false, true) => format!("{approach} learning"),
        (true, false) => format!("task: {task}"),
        (true, true) => String::new(),
    };
    s.architecture = text(&mp["architectureFamily"]);
    append(
        &mut s.development.system_architecture,
        &text(&mp["modelArchitecture"]),
    );
    if let Value::Array(ds) = &mp["datasets"] {
        for (i, d) in ds.iter().enumerate() {
            if let Some(r) = d.get("ref") {
                w.push(format!("{who}: modelParameters.datasets[{i}] is a reference (`{}`) to data described elsewhere; add its datasheet", text(r)));
                s.datasets.push(Dataset {
                    name: text(r),
                    ..Default::default()
                });
                continue;
            }
            let mut ds = Dataset {
                name: text(&d["name"]),
                url: text(&d["contents"]["url"]),
                ..Default::default()
            };
            if ds.name.is_empty() {
                ds.name = format!("dataset {}", i + 1);
            }
            let class = text(&d["classification"]);
            if !class.is_empty() {
                append(
                    &mut ds.provenance,
                    &format!("Data classification: {class}."),
                );
            }
            append(&mut ds.provenance, &text(&d["description"]));
            append(&mut ds.provenance, &text(&d["governance"]));
            s.datasets.push(ds);
        }
        if !ds.is_empty() {
            w.push(format!("{who}: dataset purpose (training, validation, test) is not in a CycloneDX model card; set it for each dataset"));
        }
    }
    let inputs: Vec<String> = mp["inputs"]
        .as_array()
        .map(|a| a.iter().map(|x| text(&x["format"])).collect())
        .unwrap_or_default();
    let outputs: Vec<String> = mp["outputs"]
        .as_array()
        .map(|a| a.iter().map(|x| text(&x["format"])).collect())
        .unwrap_or_default();
    if inputs.iter().any(|x| !x.is_empty()) {
        append(
            &mut s.monitoring.input_data_specification,
            &format!("Input format: {}.", inputs.join(", ")),
        );
    }
    if outputs.iter().any(|x| !x.is_empty()) {
        append(
            &mut s.development.design_specifications,
            &format!("Output format: {}.", outputs.join(", ")),
        );
    }
    let qa = &card["quantitativeAnalysis"];
    if let Value::Array(ms) = &qa["performanceMetrics"] {
        let mut no_level = false;
        for (i, m) in ms.iter().enumerate() {
            let mut r = PerformanceResult {
                metric: text(&m["type"]),
                subgroup: text(&m["slice"]),
                ..Default::default()
            };
            r.value = number(&m["value"]);
            if r.value.is_none() && !text(&m["value"]).is_empty() {
                r.note = format!("Value in the card: {}", text(&m["value"]));
                w.push(format!("{who}: quantitativeAnalysis.performanceMetrics[{i}].value is not a number; kept as a note"));
            }
            let ci = &m["confidenceInterval"];
            match (number(&ci["lowerBound"]), number(&ci["upperBound"])) {
                (Some(lower), Some(upper)) => {
                    r.ci = Some(ConfidenceInterval { lower, upper, level: 0.95 });
                    no_level = true;
                }
                _ if !ci.is_null() => w.push(format!("{who}: performanceMetrics[{i}].confidenceInterval bounds are not numbers; not imported")),
                _ => {}
            }
            if !r.subgroup.is_empty() {
                w.push(format!("{who}: performanceMetrics[{i}].slice `{}` taken as the subgroup; write it `attribute: group` to match the dataset demographics", r.subgroup));
            }
            s.performance.push(r);
        }
        if no_level {
            w.push(format!(
                "{who}: CycloneDX does not state the confidence level; 95 % assumed"
            ));
        }
        if !ms.is_empty() {
            w.push(format!("{who}: {} metric(s) imported without acceptance criteria or dataset; a model card has neither", ms.len()));
        }
    }
    if let Some(g) = qa.get("graphics") {
        let n = g["collection"].as_array().map(Vec::len).unwrap_or(0);
        w.push(format!("{who}: quantitativeAnalysis.graphics ({n} image(s)) not imported; attach them as evidence"));
    }
    let cons = &card["considerations"];
    let users = strings(&cons["users"]);
    if !users.is_empty() {
        append(
            &mut s.description.context_of_use,
            &format!("Intended users:\n\n{}", bullets(users)),
        );
    }
    append(
        &mut s.description.intended_purpose,
        &bullets(strings(&cons["useCases"])),
    );
    append(
        &mut s.monitoring.capabilities_and_limitations,
        &bullets(strings(&cons["technicalLimitations"])),
    );
    let tradeoffs = strings(&cons["performanceTradeoffs"]);
    if !tradeoffs.is_empty() {
        append(
            &mut s.monitoring.capabilities_and_limitations,
            &format!("Performance trade-offs:\n\n{}", bullets(tradeoffs)),
        );
    }
    if let Value::Array(es) = &cons["ethicalConsiderations"] {
        let list = es.iter().map(|e| {
            let m = text(&e["mitigationStrategy"]);
            if m.is_empty() {
                text(&e["name"])
            } else {
                format!("{} (mitigation: {m})", text(&e["name"]))
            }
        });
        append(&mut s.monitoring.unintended_outcomes, &bullets(list));
    }
    if let Value::Array(fs) = &cons["fairnessAssessments"] {
        let list = fs.iter().map(|f| {
            let parts: Vec<String> = [
                ("group at risk", "groupAtRisk"),
                ("benefits", "benefits"),
                ("harms", "harms"),
                ("mitigation", "mitigationStrategy"),
            ]
            .iter()
            .filter_map(|(label, k)| {
                let v = text(&f[*k]);
                (!v.is_empty()).then(|| format!("{label}: {v}"))
            })
            .collect();
            parts.join("; ")
        });
        let b = bullets(list);
        if !b.is_empty() {
            append(
                &mut s.monitoring.unintended_outcomes,
                &format!("Fairness assessments:\n\n{b}"),
            );
        }
    }
    unmapped(
        w,
        &format!("{who}: considerations"),
        cons,
        &[
            "users",
            "useCases",
            "technicalLimitations",
            "performanceTradeoffs",
            "ethicalConsiderations",
            "fairnessAssessments",
        ],
    );
    if let Value::Array(props) = &card["properties"] {
        let names: Vec<String> = props.iter().map(|p| text(&p["name"])).collect();
        if !names.is_empty() {
            w.push(format!(
                "{who}: modelCard.properties not mapped: {}",
                names.join(", ")
            ));
        }
    }
    unmapped(
        w,
        &format!("{who}: modelCard"),
        card,
        &[
            "bom-ref",
            "modelParameters",
            "quantitativeAnalysis",
            "considerations",
            "properties",
        ],
    );
    Ok(s)
}
