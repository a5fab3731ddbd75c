//! MONAI bundle `configs/metadata.json` (meta_schema_20220324 and later),
//! with the bundle's `docs/README.md` and `docs/data_license.txt` when they
//! are beside it.

use std::path::Path;

use serde_json::Value;

use super::{
    append, bullets, number, parse_error, readme, strings, text, unmapped, Card, ModelCardFormat,
    Sidecar,
};
use crate::ai::model::{
    AiSystem, Dataset, LifecycleChange, PerformanceResult, ThirdPartyComponent,
};
use crate::ai::AiError;
use crate::diag::Location;

pub fn looks_like(v: &Value) -> bool {
    v.get("network_data_format").is_some()
        || v.get("monai_version").is_some()
        || v.get("schema")
            .and_then(Value::as_str)
            .is_some_and(|s| s.contains("meta_schema"))
}

const USED: &[&str] = &[
    "schema",
    "version",
    "changelog",
    "monai_version",
    "pytorch_version",
    "numpy_version",
    "optional_packages_version",
    "required_packages_version",
    "name",
    "task",
    "description",
    "authors",
    "copyright",
    "data_source",
    "data_type",
    "image_classes",
    "label_classes",
    "pred_classes",
    "eval_metrics",
    "intended_use",
    "references",
    "network_data_format",
];

pub fn from_json(file: &Path, m: &Value, sidecar: Sidecar<'_>) -> Result<Card, AiError> {
    let mut w = Vec::new();
    if !m.is_object() {
        return Err(parse_error(
            file,
            Location::default(),
            "expected a JSON object",
        ));
    }
    let mut s = AiSystem {
        name: text(&m["name"]),
        version: text(&m["version"]),
        ..Default::default()
    };
    if s.name.is_empty() {
        s.name = file
            .parent()
            .and_then(|p| {
                if p.file_name().is_some_and(|n| n == "configs") {
                    p.parent()
                } else {
                    Some(p)
                }
            })
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "MONAI bundle".into());
        w.push(format!(
            "metadata.json has no `name`; the bundle folder name `{}` is used",
            s.name
        ));
    }
    s.provider.name = text(&m["authors"]);
    append(&mut s.description.summary, &text(&m["description"]));
    let copyright = text(&m["copyright"]);
    if !copyright.is_empty() {
        append(&mut s.description.summary, &format!("{copyright}."));
    }
    let task = text(&m["task"]);
    if !task.is_empty() {
        s.model_type = format!("task: {task}");
    }
    append(
        &mut s.description.intended_purpose,
        &text(&m["intended_use"]),
    );

    // The frameworks it runs on: Annex IV 1(c) versions, 2(a) third-party tools.
    let mut versions = Vec::new();
    for (key, label) in [
        ("monai_version", "MONAI"),
        ("pytorch_version", "PyTorch"),
        ("numpy_version", "NumPy"),
    ] {
        let v = text(&m[key]);
        if !v.is_empty() {
            versions.push(format!("{label} {v}"));
            s.third_party_components.push(ThirdPartyComponent {
                name: label.into(),
                version: v,
                usage: "framework the bundle runs on".into(),
                ..Default::default()
            });
        }
    }
    for key in ["optional_packages_version", "required_packages_version"] {
        if let Value::Object(pkgs) = &m[key] {
            for (name, v) in pkgs {
                versions.push(format!("{name} {}", text(v)));
            }
        }
    }
    if !versions.is_empty() {
        append(
            &mut s.description.software_versions,
            &format!(
                "Software the bundle was built and tested with:\n\n{}",
                bullets(versions)
            ),
        );
    }

    // Data: one datasheet for the bundle's data source.
    let source = text(&m["data_source"]);
    if !source.is_empty() {
        let mut d = Dataset {
            name: source.clone(),
            provenance: source.clone(),
            ..Default::default()
        };
        if let Some((path, lic)) = sidecar("docs/data_license.txt") {
            let lines: Vec<&str> = lic
                .lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty()
                        && !l.starts_with("---")
                        && !l.starts_with("/*")
                        && !l.eq_ignore_ascii_case("third party licenses")
                })
                .collect();
            d.licence = lines.join("; ");
            w.push(format!("data licence read from {}", path.display()));
        }
        s.datasets.push(d);
        w.push("data_source imported as one dataset without purpose, size or population; MONAI metadata states none of them".into());
    }
    let mut data = Vec::new();
    for (key, label) in [
        ("data_type", "Data type"),
        ("image_classes", "Image"),
        ("label_classes", "Labels"),
    ] {
        let v = text(&m[key]);
        if !v.is_empty() {
            data.push(format!("{label}: {v}"));
        }
    }
    append(&mut s.development.data_requirements, &bullets(data));
    let pred = text(&m["pred_classes"]);
    if !pred.is_empty() {
        append(
            &mut s.development.design_specifications,
            &format!("Output: {pred}"),
        );
    }
    let ndf = &m["network_data_format"];
    append(
        &mut s.monitoring.input_data_specification,
        &tensors("Input", &ndf["inputs"]),
    );
    append(
        &mut s.development.design_specifications,
        &tensors("Output", &ndf["outputs"]),
    );

    // Performance: eval_metrics, on an unnamed evaluation set.
    if let Value::Object(metrics) = &m["eval_metrics"] {
        for (k, v) in metrics {
            let mut r = PerformanceResult {
                metric: k.clone(),
                value: number(v),
                ..Default::default()
            };
            if r.value.is_none() {
                r.note = format!("Value in the card: {}", text(v));
                w.push(format!("eval_metrics.{k} is not a number; kept as a note"));
            }
            if !source.is_empty() {
                r.dataset = source.clone();
            }
            s.performance.push(r);
        }
        if !metrics.is_empty() {
            w.push(format!("{} eval_metrics imported without confidence intervals or acceptance criteria; MONAI metadata has neither", metrics.len()));
        }
    }
    // Annex IV 6: the changelog, newest first as the bundle writes it.
    if let Value::Object(log) = &m["changelog"] {
        for (version, what) in log {
            s.lifecycle_changes.push(LifecycleChange {
                version: version.clone(),
                description: text(what),
                ..Default::default()
            });
        }
    }
    let refs = strings(&m["references"]);
    if !refs.is_empty() {
        append(
            &mut s.development.methods,
            &format!("References:\n\n{}", bullets(refs)),
        );
    }
    unmapped(&mut w, "metadata.json", m, USED);

    match sidecar("docs/README.md") {
        Some((path, md)) => readme::apply(&mut s, &md, &path.display().to_string(), &mut w),
        None => w.push(
            "no README.md found beside the bundle's metadata.json; its prose was not imported"
                .into(),
        ),
    }
    Ok(Card {
        format: ModelCardFormat::Monai,
        systems: vec![s],
        warnings: w,
    })
}

/// `network_data_format.inputs` / `outputs` as a Markdown list.
fn tensors(label: &str, v: &Value) -> String {
    let Value::Object(map) = v else {
        return String::new();
    };
    let mut lines = Vec::new();
    for (name, t) in map {
        let mut parts = Vec::new();
        for key in [
            "type",
            "format",
            "modality",
            "num_channels",
            "spatial_shape",
            "dtype",
            "value_range",
        ] {
            let x = text(&t[key]);
            if !x.is_empty() {
                parts.push(format!("{}: {x}", key.replace('_', " ")));
            }
        }
        if let Value::Object(ch) = &t["channel_def"] {
            let defs: Vec<String> = ch
                .iter()
                .map(|(k, v)| format!("{k} = {}", text(v)))
                .collect();
            parts.push(format!("channels: {}", defs.join(", ")));
        }
        lines.push(format!("{label} `{name}`: {}", parts.join("; ")));
    }
    bullets(lines)
}
