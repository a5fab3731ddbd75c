//! SPDX 3.0.1 JSON-LD with the AI and Dataset profiles: each `ai_AIPackage`
//! becomes an AI system; `trainedOn` / `testedOn` relationships bring in the
//! `dataset_DatasetPackage` datasheets.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{append, bullets, number, parse_error, strings, text, unmapped, Card, ModelCardFormat};
use crate::ai::model::{AiSystem, Dataset, DatasetPurpose, PerformanceResult, StandardApplied};
use crate::ai::AiError;
use crate::diag::Location;

const USED: &[&str] = &[
    "type",
    "spdxId",
    "creationInfo",
    "name",
    "software_packageVersion",
    "suppliedBy",
    "comment",
    "description",
    "summary",
    "ai_informationAboutApplication",
    "ai_informationAboutTraining",
    "ai_typeOfModel",
    "ai_domain",
    "ai_hyperparameter",
    "ai_metric",
    "ai_modelDataPreprocessing",
    "ai_modelExplainability",
    "ai_safetyRiskAssessment",
    "ai_autonomyType",
    "ai_energyConsumption",
    "ai_limitation",
    "ai_standardCompliance",
    "software_downloadLocation",
    "releaseTime",
];

fn kind(e: &Value) -> String {
    let t = text(&e["type"]);
    t.rsplit([':', '/']).next().unwrap_or(&t).to_string()
}

pub fn from_json(file: &Path, doc: &Value) -> Result<Card, AiError> {
    let Some(graph) = doc["@graph"].as_array() else {
        return Err(parse_error(
            file,
            Location {
                path: "@graph".into(),
                ..Location::default()
            },
            "expected the SPDX 3 element list `@graph`",
        ));
    };
    let by_id: BTreeMap<String, &Value> = graph
        .iter()
        .filter_map(|e| e["spdxId"].as_str().map(|id| (id.to_string(), e)))
        .collect();
    let mut w = Vec::new();
    let mut systems = Vec::new();
    for (i, e) in graph.iter().enumerate() {
        if kind(e) != "ai_AIPackage" && kind(e) != "AIPackage" {
            continue;
        }
        systems.push(package(e, i, graph, &by_id, &mut w));
    }
    if systems.is_empty() {
        return Err(AiError::NoModel {
            file: file.to_path_buf(),
            message: "the SPDX document has no ai_AIPackage element; nothing to import".into(),
        });
    }
    Ok(Card {
        format: ModelCardFormat::Spdx3,
        systems,
        warnings: w,
    })
}

fn name_of(id: &str, by_id: &BTreeMap<String, &Value>) -> String {
    by_id
        .get(id)
        .map(|e| text(&e["name"]))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_string())
}

fn package(
    e: &Value,
    i: usize,
    graph: &[Value],
    by_id: &BTreeMap<String, &Value>,
    w: &mut Vec<String>,
) -> AiSystem {
    let id = text(&e["spdxId"]);
    let mut s = AiSystem {
        name: text(&e["name"]),
        version: text(&e["software_packageVersion"]),
        ..Default::default()
    };
    if s.name.is_empty() {
        s.name = if id.is_empty() {
            format!("AI package {}", i + 1)
        } else {
            id.clone()
        };
    }
    let who = format!("`{}` (@graph[{i}])", s.name);
    s.provider.name = strings(&e["suppliedBy"])
        .iter()
        .map(|x| name_of(x, by_id))
        .collect::<Vec<_>>()
        .join(", ");
    for key in ["summary", "description", "comment"] {
        append(&mut s.description.summary, &text(&e[key]));
    }
    append(
        &mut s.description.intended_purpose,
        &text(&e["ai_informationAboutApplication"]),
    );
    append(
        &mut s.development.methods,
        &text(&e["ai_informationAboutTraining"]),
    );
    s.model_type = strings(&e["ai_typeOfModel"]).join("; ");
    let domains = strings(&e["ai_domain"]);
    if !domains.is_empty() {
        append(
            &mut s.description.context_of_use,
            &format!("Domain: {}.", domains.join(", ")),
        );
    }
    if let Value::Array(hp) = &e["ai_hyperparameter"] {
        let rows: Vec<String> = hp
            .iter()
            .map(|h| {
                format!(
                    "| {} | {} |",
                    cell(&text(&h["key"])),
                    cell(&text(&h["value"]))
                )
            })
            .collect();
        if !rows.is_empty() {
            append(
                &mut s.development.design_specifications,
                &format!(
                    "Hyperparameters:\n\n| parameter | value |\n|---|---|\n{}",
                    rows.join("\n")
                ),
            );
        }
    }
    if let Value::Array(ms) = &e["ai_metric"] {
        for m in ms {
            let raw = text(&m["value"]);
            let mut r = PerformanceResult {
                metric: text(&m["key"]),
                value: number(&m["value"]),
                ..Default::default()
            };
            if r.value.is_none() {
                let series: Vec<f64> = raw
                    .trim_matches(['[', ']'])
                    .split(',')
                    .filter_map(|x| x.trim().parse().ok())
                    .collect();
                r.note = match series.last() {
                    Some(last) if series.len() > 1 => format!(
                        "A series of {} values in the card (last: {last})",
                        series.len()
                    ),
                    _ => format!("Value in the card: {raw}"),
                };
                w.push(format!(
                    "{who}: ai_metric `{}` is not a single number; kept as a note, set the value",
                    r.metric
                ));
            }
            s.performance.push(r);
        }
    }
    let pre = strings(&e["ai_modelDataPreprocessing"]);
    if !pre.is_empty() {
        append(
            &mut s.development.data_requirements,
            &format!("Pre-processing of model input:\n\n{}", bullets(pre)),
        );
    }
    append(
        &mut s.deployer.explainability,
        &bullets(strings(&e["ai_modelExplainability"])),
    );
    let risk = text(&e["ai_safetyRiskAssessment"]);
    if !risk.is_empty() {
        append(
            &mut s.risk_management,
            &format!("Safety risk assessment stated in the SPDX AI profile: **{risk}**."),
        );
        w.push(format!("{who}: ai_safetyRiskAssessment `{risk}` put in Annex IV 5; describe the Art. 9 risk management system there"));
    }
    let autonomy = text(&e["ai_autonomyType"]);
    if !autonomy.is_empty() {
        append(&mut s.monitoring.human_oversight, &format!("Autonomy type stated in the SPDX AI profile (human involvement in decisions): {autonomy}."));
    }
    let energy = &e["ai_energyConsumption"];
    if !energy.is_null() {
        append(
            &mut s.development.compute_resources,
            &format!("Energy consumption (SPDX): {}", text(energy)),
        );
    }
    append(
        &mut s.monitoring.capabilities_and_limitations,
        &text(&e["ai_limitation"]),
    );
    for st in strings(&e["ai_standardCompliance"]) {
        s.standards.push(StandardApplied {
            reference: st,
            ..Default::default()
        });
    }
    unmapped(w, &who, e, USED);

    // Relationships from this package.
    let mut uses: BTreeMap<String, Vec<DatasetPurpose>> = BTreeMap::new();
    for r in graph
        .iter()
        .filter(|r| kind(r) == "Relationship" && text(&r["from"]) == id && !id.is_empty())
    {
        let purpose = match text(&r["relationshipType"]).as_str() {
            "trainedOn" => DatasetPurpose::Training,
            "testedOn" => DatasetPurpose::Test,
            "hasDeclaredLicense" | "hasConcludedLicense" => {
                let l: Vec<String> = strings(&r["to"])
                    .iter()
                    .map(|x| x.rsplit('/').next().unwrap_or(x).to_string())
                    .collect();
                w.push(format!(
                    "{who}: licence {} not mapped (the AI part records data licences only)",
                    l.join(", ")
                ));
                continue;
            }
            _ => continue,
        };
        for to in strings(&r["to"]) {
            uses.entry(to).or_default().push(purpose);
        }
    }
    for (to, purposes) in uses {
        let d = by_id.get(&to).copied();
        for p in &purposes {
            let mut ds = Dataset {
                name: name_of(&to, by_id),
                purpose: Some(*p),
                ..Default::default()
            };
            if purposes.len() > 1 {
                ds.name = format!("{} ({})", ds.name, p.as_str());
            }
            if let Some(d) = d {
                ds.provenance = text(&d["dataset_dataCollectionProcess"]);
                append(&mut ds.provenance, &text(&d["comment"]));
                ds.cleaning = bullets(strings(&d["dataset_dataPreprocessing"]));
                if let Some(n) = d["dataset_datasetSize"].as_u64() {
                    ds.size = format!("{n} bytes");
                }
                ds.collection_period = text(&d["builtTime"]);
                ds.url = text(&d["software_downloadLocation"]);
                ds.licence = text(&d["dataset_datasetAvailability"]);
                if !ds.licence.is_empty() {
                    ds.licence = format!("availability: {}", ds.licence);
                }
            } else {
                w.push(format!(
                    "{who}: dataset `{to}` is not described in the document"
                ));
            }
            s.datasets.push(ds);
        }
        if purposes.len() > 1 {
            w.push(format!(
                "{who}: `{}` is used for both training and testing; check the split",
                name_of(&to, by_id)
            ));
        }
    }
    s
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
