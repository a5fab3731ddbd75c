//! The `ai` view the templates render: per AI system, the Annex IV sections in
//! the Act's order with one entry per item (its Markdown body composed from
//! the fields that answer it, the fields still missing, and the tables that
//! belong under it), and the Art. 13(3) items for deployers. Numbers are
//! formatted here, once, deterministically; pass/fail is computed here.

use serde_json::{json, Value};

use super::check::row_label;
use super::items::{self, Item, ANNEX_IV, ANNEX_IV_SECTIONS, ART_13_3};
use super::model::{AiSystem, PerformanceResult, Verdict};
use crate::markdown::escape_inline;
use crate::model::TechFile;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A Markdown-bodied field, embedded as written.
    Md,
    /// A plain field, escaped.
    Plain,
}
use Kind::{Md, Plain};

/// The fields shown under an item, with their labels. Usually the item's own
/// fields; a few items show more (context the reader needs).
fn display(key: &str) -> &'static [(&'static str, &'static str, Kind)] {
    match key {
        "iv-1a" => &[
            ("description.summary", "Summary", Md),
            ("provider.name", "Provider", Plain),
            ("version", "Version", Plain),
            ("description.intended_purpose", "Intended purpose", Md),
            ("description.context_of_use", "Context of use", Md),
        ],
        "iv-1a-previous" => &[("description.previous_versions", "", Md)],
        "iv-1b" => &[("description.interactions", "", Md)],
        "iv-1c" => &[("description.software_versions", "", Md)],
        "iv-1d" => &[("description.forms_of_placing", "", Md)],
        "iv-1e" => &[("description.hardware", "", Md)],
        "iv-1f" => &[("description.product_illustrations", "", Md)],
        "iv-1g" => &[("description.user_interface", "", Md)],
        "iv-1h" => &[("description.instructions_for_use", "", Md)],
        "iv-2a" => &[("development.methods", "", Md)],
        "iv-2b" => &[
            ("model_type", "Model type", Plain),
            ("architecture", "Architecture", Plain),
            (
                "development.design_specifications",
                "Design specifications",
                Md,
            ),
        ],
        "iv-2c" => &[
            ("software_item", "Software item", Plain),
            ("development.system_architecture", "System architecture", Md),
            (
                "development.compute_resources",
                "Computational resources",
                Md,
            ),
        ],
        "iv-2d" => &[("development.data_requirements", "", Md)],
        "iv-2e" => &[("development.human_oversight_assessment", "", Md)],
        "iv-2f" => &[
            ("pccp.planned_changes", "Planned changes", Md),
            ("pccp.modification_protocol", "Modification protocol", Md),
            ("pccp.impact_assessment", "Impact assessment", Md),
        ],
        "iv-2g" => &[("development.validation_and_testing", "", Md)],
        "iv-2h" => &[("development.cybersecurity_measures", "", Md)],
        "iv-3-capabilities" => &[("monitoring.capabilities_and_limitations", "", Md)],
        "iv-3-outcomes" => &[("monitoring.unintended_outcomes", "", Md)],
        "iv-3-oversight" => &[("monitoring.human_oversight", "", Md)],
        "iv-3-input" => &[("monitoring.input_data_specification", "", Md)],
        "iv-4" => &[("metrics_rationale", "", Md)],
        "iv-5" => &[("risk_management", "", Md)],
        "iv-6" => &[],
        "iv-7" => &[("other_solutions", "Other solutions adopted", Md)],
        "iv-8" => &[("declaration_of_conformity", "", Md)],
        "iv-9" => &[("post_market_monitoring.plan", "", Md)],
        "13-a" => &[
            ("provider.name", "Provider", Plain),
            ("provider.contact", "Contact", Md),
            (
                "provider.authorised_representative",
                "Authorised representative",
                Md,
            ),
        ],
        "13-b-i" => &[("description.intended_purpose", "", Md)],
        "13-b-ii" => &[
            ("accuracy_robustness_cybersecurity.accuracy", "Accuracy", Md),
            (
                "accuracy_robustness_cybersecurity.robustness",
                "Robustness",
                Md,
            ),
            (
                "accuracy_robustness_cybersecurity.cybersecurity",
                "Cybersecurity",
                Md,
            ),
        ],
        "13-b-ii-circumstances" => &[(
            "accuracy_robustness_cybersecurity.circumstances_affecting_performance",
            "",
            Md,
        )],
        "13-b-iii" => &[
            (
                "monitoring.unintended_outcomes",
                "Foreseeable unintended outcomes and sources of risk",
                Md,
            ),
            (
                "monitoring.foreseeable_misuse",
                "Reasonably foreseeable misuse",
                Md,
            ),
        ],
        "13-b-iv" => &[("deployer.explainability", "", Md)],
        "13-b-v" => &[],
        "13-b-vi" => &[("monitoring.input_data_specification", "", Md)],
        "13-b-vii" => &[("deployer.output_interpretation", "", Md)],
        "13-c" => &[
            ("pccp.planned_changes", "Planned changes", Md),
            (
                "pccp.modification_protocol",
                "How changes are validated and released",
                Md,
            ),
        ],
        "13-d" => &[("monitoring.human_oversight", "", Md)],
        "13-e" => &[
            (
                "deployer.compute_and_hardware",
                "Computational and hardware resources",
                Md,
            ),
            ("deployer.expected_lifetime", "Expected lifetime", Plain),
            ("deployer.maintenance", "Maintenance and care", Md),
        ],
        "13-f" => &[("logging", "", Md)],
        _ => &[],
    }
}

fn lookup<'a>(v: &'a Value, path: &str) -> &'a Value {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.get(part).unwrap_or(&Value::Null);
    }
    cur
}

fn body(key: &str, system: &Value) -> String {
    let fields = display(key);
    let mut out = String::new();
    for (path, label, kind) in fields {
        let text = lookup(system, path).as_str().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let labelled = fields.len() > 1 && !label.is_empty();
        match (kind, labelled) {
            (Plain, true) => out.push_str(&format!("**{label}:** {}\n\n", escape_inline(text))),
            (Plain, false) => out.push_str(&format!("{}\n\n", escape_inline(text))),
            (Md, true) => out.push_str(&format!("**{label}**\n\n{text}\n\n")),
            (Md, false) => out.push_str(&format!("{text}\n\n")),
        }
    }
    out.trim_end().to_string()
}

/// A number as the file prints it: up to four decimals, no trailing zeros.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn row(r: &PerformanceResult) -> Value {
    let ci =
        r.ci.map(|c| {
            format!(
                "{}–{} ({} %)",
                num(c.lower),
                num(c.upper),
                num(c.level * 100.0)
            )
        })
        .unwrap_or_default();
    let criterion = r
        .acceptance
        .map(|a| {
            let on = match a.on {
                super::model::Estimate::Value => "",
                super::model::Estimate::CiLower => "CI lower ",
                super::model::Estimate::CiUpper => "CI upper ",
            };
            format!("{on}{} {}", a.comparator.symbol(), num(a.threshold))
        })
        .unwrap_or_default();
    let verdict = r.verdict();
    json!({
        "metric": r.metric,
        "class": r.class,
        "value": r.value.map(num).unwrap_or_default(),
        "ci": ci,
        "dataset": r.dataset,
        "subgroup": r.subgroup,
        "criterion": criterion,
        "verdict": match verdict { Verdict::Pass => "pass", Verdict::Fail => "FAIL", Verdict::NoCriterion | Verdict::NoValue => "" },
        "pass": verdict == Verdict::Pass,
        "fail": verdict == Verdict::Fail,
        "note": r.note,
        "label": row_label(r),
    })
}

fn tables(key: &str, s: &AiSystem) -> Value {
    let empty = || Vec::<Value>::new();
    let mut components = empty();
    let mut datasets = empty();
    let mut performance = empty();
    let mut changes = empty();
    let mut standards = empty();
    let mut indicators = empty();
    match key {
        "iv-2a" => {
            components = s
                .third_party_components
                .iter()
                .map(|c| json!({"name": c.name, "version": c.version, "supplier": c.supplier, "usage": c.usage, "licence": c.licence}))
                .collect()
        }
        "iv-2d" => {
            datasets = s
                .datasets
                .iter()
                .map(|d| {
                    let demographics: Vec<String> = d
                        .demographics
                        .iter()
                        .map(|g| if g.share.is_empty() { g.label() } else { format!("{} ({})", g.label(), g.share) })
                        .collect();
                    json!({
                        "name": d.name,
                        "purpose": d.purpose.map(|p| p.as_str()).unwrap_or(""),
                        "provenance": d.provenance,
                        "size": d.size,
                        "collection_period": d.collection_period,
                        "population": d.population,
                        "demographics": demographics,
                        "labelling": d.labelling,
                        "cleaning": d.cleaning,
                        "licence": d.licence,
                        "url": d.url,
                    })
                })
                .collect()
        }
        "iv-2g" => performance = s.performance.iter().map(row).collect(),
        "iv-3-capabilities" | "13-b-v" => {
            performance = s.performance.iter().filter(|r| !r.subgroup.trim().is_empty()).map(row).collect()
        }
        "13-b-ii" => performance = s.performance.iter().filter(|r| r.subgroup.trim().is_empty()).map(row).collect(),
        "iv-6" => {
            changes = s
                .lifecycle_changes
                .iter()
                .map(|c| json!({"version": c.version, "date": c.date, "description": c.description, "under_pccp": if c.under_pccp { "yes" } else { "no" }}))
                .collect()
        }
        "iv-7" => {
            standards = s
                .standards
                .iter()
                .map(|x| json!({"reference": x.reference, "title": x.title, "extent": x.extent}))
                .collect()
        }
        "iv-9" => {
            indicators = s
                .post_market_monitoring
                .indicators
                .iter()
                .map(|i| json!({"indicator": i.indicator, "source": i.source, "frequency": i.frequency, "trigger": i.trigger}))
                .collect()
        }
        _ => {}
    }
    json!({
        "components": components,
        "datasets": datasets,
        "performance": performance,
        "changes": changes,
        "standards": standards,
        "indicators": indicators,
    })
}

fn item_view(it: &Item, s: &AiSystem, json: &Value) -> Value {
    let missing: Vec<&str> = items::empty_fields(it, json)
        .into_iter()
        .map(|f| f.trim_end_matches("[subgroup]"))
        .collect();
    let tables = tables(it.key, s);
    let has_table = tables.as_object().is_some_and(|o| {
        o.values()
            .any(|v| v.as_array().is_some_and(|a| !a.is_empty()))
    });
    let body = body(it.key, json);
    json!({
        "key": it.key,
        "clause": it.clause,
        "label": it.label,
        "title": it.title,
        "required": it.need == items::Need::Required,
        "body": body,
        "missing": missing,
        "empty": body.is_empty() && !has_table,
        "tables": tables,
    })
}

fn system_view(s: &AiSystem) -> Value {
    let json = items::system_json(s);
    let sections: Vec<Value> = ANNEX_IV_SECTIONS
        .iter()
        .map(|(number, title)| {
            let its: Vec<Value> = ANNEX_IV
                .iter()
                .filter(|it| items::section(it) == *number)
                .map(|it| item_view(it, s, &json))
                .collect();
            json!({ "number": number, "title": title, "items": its })
        })
        .collect();
    let deployer: Vec<Value> = ART_13_3.iter().map(|it| item_view(it, s, &json)).collect();
    let empty_items: Vec<Value> = items::all()
        .filter(|it| !items::empty_fields(it, &json).is_empty())
        .map(|it| json!({"key": it.key, "clause": it.clause, "title": it.title}))
        .collect();
    let (mut pass, mut fail, mut open) = (0, 0, 0);
    for r in &s.performance {
        match r.verdict() {
            Verdict::Pass => pass += 1,
            Verdict::Fail => fail += 1,
            Verdict::NoCriterion | Verdict::NoValue => open += 1,
        }
    }
    json!({
        "name": s.name,
        "version": s.version,
        "provider": s.provider.name,
        "model_type": s.model_type,
        "architecture": s.architecture,
        "software_item": s.software_item,
        "sections": sections,
        "deployer": deployer,
        "empty_items": empty_items,
        "metrics": { "total": s.performance.len(), "pass": pass, "fail": fail, "open": open },
    })
}

pub fn view(tf: &TechFile) -> Value {
    let systems: Vec<Value> = tf.ai.systems.iter().map(system_view).collect();
    json!({
        "has_systems": !systems.is_empty(),
        "systems": systems,
    })
}
