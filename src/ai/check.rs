//! Rules of the AI part: every empty Annex IV and Art. 13(3) item (rule = the
//! item's clause id, e.g. `AIA-IV-2(d)`), identity and links, datasheets, the
//! performance table (acceptance criteria, failed criteria, confidence
//! intervals, subgroup results for the groups the data names) and the link to
//! the risk file. Every rule runs; nothing panics.

use std::collections::{BTreeMap, BTreeSet};

use super::items::{self, Need};
use super::model::{AiSystem, DatasetPurpose, Verdict};
use super::rules;
use crate::diag::Finding;
use crate::links::{Links, Target};
use crate::model::TechFile;

pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in tf.ai.systems.iter().enumerate() {
        let p = format!("ai.systems[{i}]");
        let who = if s.name.trim().is_empty() {
            format!("AI system {}", i + 1)
        } else {
            format!("AI system `{}`", s.name)
        };
        if s.name.trim().is_empty() {
            out.push(Finding::error(
                &rules::NAME,
                format!("{p}.name"),
                format!("{who} has no name; risk entries and performance rows refer to it by name"),
            ));
        } else if let Some(first) = names.insert(s.name.as_str(), i) {
            out.push(Finding::error(
                &rules::NAME,
                format!("{p}.name"),
                format!("{who} repeats the name of ai.systems[{first}]"),
            ));
        }
        empty_items(s, &p, &who, out);
        system_links(links, s, &p, &who, out);
        datasets(s, &p, &who, out);
        performance(s, &p, &who, out);
        subgroups(s, &p, &who, out);
        if !s.pccp.planned_changes.trim().is_empty()
            && s.pccp.modification_protocol.trim().is_empty()
        {
            out.push(Finding::error(
                &rules::PCCP,
                format!("{p}.pccp.modification_protocol"),
                format!("{who}: Annex IV 2(f): pre-determined changes are planned but the protocol that keeps them compliant (validation, acceptance, release) is empty"),
            ));
        }
    }
}

fn empty_items(s: &AiSystem, p: &str, who: &str, out: &mut Vec<Finding>) {
    let json = items::system_json(s);
    for it in items::all() {
        for field in items::empty_fields(it, &json) {
            let law = if it.clause.starts_with("AIA-13") {
                format!("Art. 13(3){}", it.label)
            } else {
                format!("Annex IV {}", it.label)
            };
            let path = format!("{p}.{}", field.replace("[subgroup]", ""));
            match it.need {
                Need::Required => out.push(Finding::error(
                    &rules::ITEM_MISSING,
                    path,
                    format!("{who}: {law} ({}) is empty: `{field}` is missing", it.title),
                )),
                Need::WhereApplicable => out.push(Finding::warning(
                    &rules::ITEM_MISSING,
                    path,
                    format!(
                        "{who}: {law} ({}) is empty: fill `{field}` or state why it does not apply",
                        it.title
                    ),
                )),
            }
        }
    }
}

fn system_links(links: &Links, s: &AiSystem, p: &str, who: &str, out: &mut Vec<Finding>) {
    if !s.software_item.is_empty() && !links.exists(Target::SoftwareItem, &s.software_item) {
        out.push(Finding::error(
            &rules::SOFTWARE_ITEM,
            format!("{p}.software_item"),
            format!(
                "{who} names software item `{}`, which is not in software_items",
                s.software_item
            ),
        ));
    }
    if !s.name.is_empty() && links.has_risk_entries() && links.risks_linking_ai_system(&s.name) == 0
    {
        out.push(Finding::error(
            &rules::RISK_LINK,
            p.to_string(),
            format!("{who} has no linked risk entry: AI Act Art. 9 and Annex IV 5 need its risks in the risk management file"),
        ));
    }
}

fn datasets(s: &AiSystem, p: &str, who: &str, out: &mut Vec<Finding>) {
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (j, d) in s.datasets.iter().enumerate() {
        let dp = format!("{p}.datasets[{j}]");
        let dname = if d.name.is_empty() {
            format!("dataset {}", j + 1)
        } else {
            format!("dataset `{}`", d.name)
        };
        if d.name.trim().is_empty() {
            out.push(Finding::error(
                &rules::DATASET,
                format!("{dp}.name"),
                format!("{who}: {dname} has no name"),
            ));
        } else if let Some(first) = names.insert(d.name.as_str(), j) {
            out.push(Finding::error(
                &rules::DATASET,
                format!("{dp}.name"),
                format!("{who}: {dname} repeats datasets[{first}]"),
            ));
        }
        if d.purpose.is_none() {
            out.push(Finding::error(
                &rules::DATASET,
                format!("{dp}.purpose"),
                format!("{who}: {dname}: purpose (training, validation or test) is missing"),
            ));
        }
        for (field, value, what) in [
            ("provenance", &d.provenance, "provenance"),
            ("size", &d.size, "size"),
            ("population", &d.population, "population"),
            ("labelling", &d.labelling, "labelling process"),
            (
                "collection_period",
                &d.collection_period,
                "collection period",
            ),
            ("licence", &d.licence, "licence or terms of use"),
        ] {
            if value.trim().is_empty() {
                out.push(Finding::warning(
                    &rules::DATASET,
                    format!("{dp}.{field}"),
                    format!("{who}: {dname}: Annex IV 2(d) datasheet has no {what}"),
                ));
            }
        }
    }
    if !s.datasets.is_empty()
        && !s
            .datasets
            .iter()
            .any(|d| d.purpose.is_some_and(DatasetPurpose::is_evaluation))
    {
        out.push(Finding::error(
            &rules::PERFORMANCE,
            format!("{p}.datasets"),
            format!("{who}: Annex IV 2(g): no validation or test dataset is described"),
        ));
    }
}

fn performance(s: &AiSystem, p: &str, who: &str, out: &mut Vec<Finding>) {
    for (j, r) in s.performance.iter().enumerate() {
        let rp = format!("{p}.performance[{j}]");
        let what = row_label(r);
        if r.metric.trim().is_empty() {
            out.push(Finding::error(
                &rules::PERFORMANCE,
                format!("{rp}.metric"),
                format!("{who}: performance row {} names no metric", j + 1),
            ));
        }
        if r.value.is_none() {
            out.push(Finding::error(
                &rules::PERFORMANCE,
                format!("{rp}.value"),
                format!("{who}: {what} has no value"),
            ));
        }
        if r.dataset.trim().is_empty() {
            out.push(Finding::warning(
                &rules::PERFORMANCE,
                format!("{rp}.dataset"),
                format!("{who}: {what} does not name the dataset it was measured on"),
            ));
        } else if !s.datasets.iter().any(|d| d.name == r.dataset) {
            out.push(Finding::error(
                &rules::PERFORMANCE,
                format!("{rp}.dataset"),
                format!(
                    "{who}: {what} names dataset `{}`, which is not among the system's datasets",
                    r.dataset
                ),
            ));
        }
        if let Some(ci) = r.ci {
            let inside = r.value.is_none_or(|v| ci.lower <= v && v <= ci.upper);
            if ci.lower > ci.upper || !inside || !(0.0 < ci.level && ci.level < 1.0) {
                out.push(Finding::error(
                    &rules::METRIC_CI,
                    format!("{rp}.ci"),
                    format!("{who}: {what}: the confidence interval must have lower <= value <= upper and a level between 0 and 1"),
                ));
            }
        } else if r.value.is_some() {
            out.push(Finding::warning(
                &rules::METRIC_CI,
                format!("{rp}.ci"),
                format!("{who}: {what} has no confidence interval"),
            ));
        }
        match r.verdict() {
            Verdict::NoCriterion => out.push(Finding::error(
                &rules::METRIC_CRITERION,
                format!("{rp}.acceptance"),
                format!("{who}: {what} misses its acceptance criterion (Annex IV 2(g): metrics are judged against pre-specified criteria)"),
            )),
            Verdict::NoValue => out.push(Finding::error(
                &rules::METRIC_CRITERION,
                format!("{rp}.acceptance"),
                format!("{who}: {what}: the acceptance criterion is judged on an estimate that is not given"),
            )),
            Verdict::Fail => out.push(Finding::error(
                &rules::METRIC_FAIL,
                format!("{rp}.value"),
                format!("{who}: {what} fails its acceptance criterion"),
            )),
            Verdict::Pass => {}
        }
    }
}

/// "No subgroup results although the population names groups": every group a
/// validation or test dataset's demographics name needs at least one
/// performance row with that subgroup (`attribute: group`).
fn subgroups(s: &AiSystem, p: &str, who: &str, out: &mut Vec<Finding>) {
    let eval: Vec<_> = s
        .datasets
        .iter()
        .filter(|d| d.purpose.is_some_and(DatasetPurpose::is_evaluation))
        .collect();
    let sources: Vec<_> = if eval.is_empty() {
        s.datasets.iter().collect()
    } else {
        eval
    };
    let reported: BTreeSet<String> = s
        .performance
        .iter()
        .map(|r| normalise(&r.subgroup))
        .filter(|g| !g.is_empty())
        .collect();
    let mut named: BTreeSet<String> = BTreeSet::new();
    for d in sources {
        for g in &d.demographics {
            if g.attribute.trim().is_empty() || g.group.trim().is_empty() {
                continue;
            }
            let label = g.label();
            if named.insert(normalise(&label)) && !reported.contains(&normalise(&label)) {
                out.push(Finding::warning(
                    &rules::SUBGROUP,
                    format!("{p}.performance"),
                    format!(
                        "{who}: dataset `{}` names the group `{label}` but no performance row reports it (Annex IV 3, Art. 13(3)(b)(v): accuracy for specific groups)",
                        d.name
                    ),
                ));
            }
        }
    }
}

fn normalise(s: &str) -> String {
    s.split(':')
        .map(|x| {
            x.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// `sensitivity (atrial fibrillation, sex: female, on MIT-BIH test)` for messages.
pub fn row_label(r: &super::model::PerformanceResult) -> String {
    let mut parts = Vec::new();
    if !r.class.is_empty() {
        parts.push(r.class.clone());
    }
    if !r.subgroup.is_empty() {
        parts.push(r.subgroup.clone());
    }
    if !r.dataset.is_empty() {
        parts.push(format!("on {}", r.dataset));
    }
    let metric = if r.metric.is_empty() {
        "metric"
    } else {
        r.metric.as_str()
    };
    if parts.is_empty() {
        format!("metric `{metric}`")
    } else {
        format!("metric `{metric}` ({})", parts.join(", "))
    }
}
