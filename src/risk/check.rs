//! Rules over the risk part (ISO 14971 §4.4, §5-§7, §10): a plan that can be
//! applied, entries that are complete, controls that are verified, residual
//! risks that are acceptable or justified, links that resolve. Every rule
//! runs and every finding is collected.
//!
//! The rules are listed in `rules`; links are resolved through `Links`.

use std::collections::{BTreeMap, BTreeSet};

use super::compute;
use super::model::{Acceptability, RiskEntry, RiskPlan, ScaleLevel, Verification};
use super::rules;
use crate::diag::Finding;
use crate::links::{Links, Target};
use crate::model::TechFile;

pub fn check(tf: &TechFile, links: &Links, out: &mut Vec<Finding>) {
    let part = &tf.risk;
    plan(&part.plan, out);
    let ids: BTreeSet<&str> = part.entries.iter().map(|e| e.id.trim()).collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    // Control ids are shared across entries (one measure, many hazards), so
    // the same id must mean the same measure everywhere.
    let mut control_desc: BTreeMap<&str, (&str, String)> = BTreeMap::new();
    for (i, e) in part.entries.iter().enumerate() {
        let p = format!("risk.entries[{i}]");
        let id = e.id.trim();
        if id.is_empty() {
            out.push(Finding::error(
                &rules::ID,
                format!("{p}.id"),
                "risk entry has no id",
            ));
        } else if let Some(first) = seen.get(id) {
            out.push(Finding::error(
                &rules::ID,
                format!("{p}.id"),
                format!("duplicate risk entry id `{id}` (also risk.entries[{first}])"),
            ));
        } else {
            seen.insert(id, i);
        }
        entry(links, &part.plan, e, &p, &ids, &mut control_desc, out);
    }
}

fn plan(plan: &RiskPlan, out: &mut Vec<Finding>) {
    scale(&plan.severity, "risk.plan.severity", "severity", out);
    scale(
        &plan.probability,
        "risk.plan.probability",
        "probability",
        out,
    );
    if plan.matrix.len() != plan.severity.len() {
        out.push(Finding::error(
            &rules::PLAN,
            "risk.plan.matrix",
            format!(
                "the acceptability matrix has {} rows; expected one per severity level ({})",
                plan.matrix.len(),
                plan.severity.len()
            ),
        ));
    }
    for (i, row) in plan.matrix.iter().enumerate() {
        if row.len() != plan.probability.len() {
            out.push(Finding::error(
                &rules::PLAN,
                format!("risk.plan.matrix[{i}]"),
                format!(
                    "matrix row {} has {} cells; expected one per probability level ({})",
                    i + 1,
                    row.len(),
                    plan.probability.len()
                ),
            ));
        }
    }
    if plan.policy.trim().is_empty() {
        out.push(Finding::warning(
            &rules::PLAN,
            "risk.plan.policy",
            "no policy for establishing risk acceptability criteria (ISO 14971 §4.2)",
        ));
    }
}

fn scale(levels: &[ScaleLevel], path: &str, what: &str, out: &mut Vec<Finding>) {
    if levels.is_empty() {
        out.push(Finding::error(
            &rules::PLAN,
            path,
            format!("the {what} scale has no levels"),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, l) in levels.iter().enumerate() {
        let name = l.name.trim().to_lowercase();
        if name.is_empty() {
            out.push(Finding::error(
                &rules::PLAN,
                format!("{path}[{i}].name"),
                format!("{what} level {} has no name", i + 1),
            ));
        } else if !seen.insert(name) {
            out.push(Finding::error(
                &rules::PLAN,
                format!("{path}[{i}].name"),
                format!("duplicate {what} level name `{}`", l.name.trim()),
            ));
        }
    }
}

fn level_names(levels: &[ScaleLevel]) -> String {
    levels
        .iter()
        .map(|l| l.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn scale_value(
    levels: &[ScaleLevel],
    value: &str,
    path: String,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if !value.trim().is_empty() && compute::level_index(levels, value).is_none() {
        out.push(Finding::error(
            &rules::SCALE,
            path,
            format!(
                "`{}` is not a {what} level of the plan; expected one of: {}",
                value.trim(),
                level_names(levels)
            ),
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn entry<'a>(
    links: &Links,
    plan: &RiskPlan,
    e: &'a RiskEntry,
    p: &str,
    ids: &BTreeSet<&str>,
    control_desc: &mut BTreeMap<&'a str, (&'a str, String)>,
    out: &mut Vec<Finding>,
) {
    let name = if e.id.trim().is_empty() {
        p.to_string()
    } else {
        e.id.trim().to_string()
    };
    if e.hazard.trim().is_empty() {
        out.push(Finding::error(
            &rules::ENTRY,
            format!("{p}.hazard"),
            format!("{name}: no hazard (ISO 14971 §5.4)"),
        ));
    }
    if e.harm.trim().is_empty() {
        out.push(Finding::error(
            &rules::ENTRY,
            format!("{p}.harm"),
            format!("{name}: no harm (ISO 14971 §5.4)"),
        ));
    }
    if e.hazardous_situation.trim().is_empty() {
        out.push(Finding::warning(
            &rules::ENTRY,
            format!("{p}.hazardous_situation"),
            format!("{name}: no hazardous situation (ISO 14971 §5.4)"),
        ));
    }
    if e.severity.trim().is_empty() {
        out.push(Finding::error(
            &rules::ENTRY,
            format!("{p}.severity"),
            format!("{name}: no severity (ISO 14971 §5.5)"),
        ));
    }
    scale_value(
        &plan.severity,
        &e.severity,
        format!("{p}.severity"),
        "severity",
        out,
    );
    scale_value(
        &plan.probability,
        &e.probability,
        format!("{p}.probability"),
        "probability",
        out,
    );
    scale_value(
        &plan.severity,
        &e.residual_severity,
        format!("{p}.residual_severity"),
        "severity",
        out,
    );
    scale_value(
        &plan.probability,
        &e.residual_probability,
        format!("{p}.residual_probability"),
        "probability",
        out,
    );
    if e.probability.trim().is_empty() {
        let p1 = compute::parse_probability(&e.p1);
        let p2 = compute::parse_probability(&e.p2);
        for (v, parsed, field) in [(&e.p1, p1, "p1"), (&e.p2, p2, "p2")] {
            if !v.trim().is_empty() && parsed.is_none() {
                let why = match compute::probability(v) {
                    Err(compute::NotAProbability::TooSmall) => {
                        " (it is too small for a 64-bit float and would compute as 0)"
                    }
                    _ => "",
                };
                out.push(Finding::error(
                    &rules::SCALE,
                    format!("{p}.{field}"),
                    format!(
                        "{name}: {} `{}` is not a probability between 0 and 1{why}",
                        field.to_uppercase(),
                        v.trim()
                    ),
                ));
            }
        }
        if compute::initial(plan, e).probability.is_none() && (p1.is_none() || p2.is_none()) {
            out.push(Finding::error(
                &rules::ENTRY,
                format!("{p}.probability"),
                format!("{name}: no probability: give an overall probability level or both P1 and P2 (ISO 14971 §5.5)"),
            ));
        }
    }

    let init = compute::initial(plan, e);
    let resid = compute::residual(plan, e);
    match init.acceptability {
        Some(Acceptability::Unacceptable) if e.controls.is_empty() => out.push(Finding::error(
            &rules::UNCONTROLLED,
            format!("{p}.controls"),
            format!("{name}: the initial risk is unacceptable and no risk control measure is recorded (ISO 14971 §7.1)"),
        )),
        Some(Acceptability::Alarp) if e.controls.is_empty() => out.push(Finding::warning(
            &rules::UNCONTROLLED,
            format!("{p}.controls"),
            format!("{name}: the initial risk is in the investigate-further zone and no risk control measure is recorded (ISO 14971 §7.1)"),
        )),
        _ => {}
    }
    match resid.acceptability {
        Some(Acceptability::Unacceptable) if e.benefit_risk.trim().is_empty() => out.push(Finding::error(
            &rules::RESIDUAL,
            format!("{p}.benefit_risk"),
            format!("{name}: the residual risk is not acceptable and there is no benefit-risk justification (ISO 14971 §7.4)"),
        )),
        Some(Acceptability::Alarp) if e.benefit_risk.trim().is_empty() => out.push(Finding::warning(
            &rules::RESIDUAL,
            format!("{p}.benefit_risk"),
            format!("{name}: the residual risk is in the investigate-further zone; record why no further reduction is practicable (ISO 14971 §7.4)"),
        )),
        _ => {}
    }
    if let (Some(a), Some(b)) = (init.index(), resid.index()) {
        if b > a {
            out.push(Finding::warning(
                &rules::RESIDUAL,
                format!("{p}.residual_severity"),
                format!("{name}: the residual risk is higher than the initial risk"),
            ));
        }
    }

    let mut control_ids = BTreeSet::new();
    for (j, c) in e.controls.iter().enumerate() {
        let cp = format!("{p}.controls[{j}]");
        let cid = c.id.trim();
        let cname = if cid.is_empty() {
            format!("{name} control {}", j + 1)
        } else {
            format!("{name} control {cid}")
        };
        if cid.is_empty() {
            out.push(Finding::warning(
                &rules::CONTROL,
                format!("{cp}.id"),
                format!("{cname} has no id"),
            ));
        } else if !control_ids.insert(cid) {
            out.push(Finding::error(
                &rules::ID,
                format!("{cp}.id"),
                format!("{name}: control id `{cid}` appears twice in this entry"),
            ));
        } else {
            let desc = c.description.trim();
            match control_desc.get(cid) {
                Some((d, at)) if !desc.is_empty() && !d.is_empty() && *d != desc => out.push(Finding::warning(
                    &rules::ID,
                    format!("{cp}.description"),
                    format!("control id `{cid}` has a different description at {at}; one id should name one measure"),
                )),
                Some(_) => {}
                None => {
                    control_desc.insert(cid, (desc, cp.clone()));
                }
            }
        }
        if c.description.trim().is_empty() {
            out.push(Finding::error(
                &rules::CONTROL,
                format!("{cp}.description"),
                format!("{cname} has no description"),
            ));
        }
        if c.kind.is_none() {
            out.push(Finding::warning(
                &rules::CONTROL,
                format!("{cp}.type"),
                format!("{cname}: no type (inherent safety by design, protective measure, information for safety; ISO 14971 §7.1)"),
            ));
        }
        verification(
            links,
            &c.verification_implementation,
            &format!("{cp}.verification_implementation"),
            &cname,
            "implementation",
            out,
        );
        verification(
            links,
            &c.verification_effectiveness,
            &format!("{cp}.verification_effectiveness"),
            &cname,
            "effectiveness",
            out,
        );
        for (k, r) in c.new_risks.iter().enumerate() {
            if !ids.contains(r.trim()) {
                out.push(Finding::error(
                    &rules::LINK_UNRESOLVED,
                    format!("{cp}.new_risks[{k}]"),
                    format!("{cname}: introduces risk `{r}`, which is not an entry of the risk file (ISO 14971 §7.5)"),
                ));
            }
        }
    }

    let l = &e.links;
    let lp = format!("{p}.links");
    for (field, list, target, what, whose) in [
        (
            "software_items",
            &l.software_items,
            Target::SoftwareItem,
            "software item",
            "which the file does not list",
        ),
        (
            "components",
            &l.components,
            Target::Component,
            "component",
            "which no SBOM of the file holds",
        ),
        (
            "vulnerabilities",
            &l.vulnerabilities,
            Target::Vulnerability,
            "vulnerability",
            "which the file does not record",
        ),
        (
            "ai_systems",
            &l.ai_systems,
            Target::AiSystem,
            "AI system",
            "which the file does not describe",
        ),
    ] {
        for (k, s) in list.iter().enumerate() {
            if !links.exists(target, s.trim()) {
                out.push(Finding::error(
                    &rules::LINK_UNRESOLVED,
                    format!("{lp}.{field}[{k}]"),
                    format!("{name}: links to {what} `{s}`, {whose}"),
                ));
            }
        }
    }
}

fn verification(
    links: &Links,
    v: &Verification,
    path: &str,
    cname: &str,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if v.is_empty() {
        out.push(Finding::error(
            &rules::VERIFICATION,
            path.to_string(),
            format!("{cname}: no verification of {what} (ISO 14971 §7.2)"),
        ));
    } else if v.evidence.trim().is_empty() {
        out.push(Finding::warning(
            &rules::VERIFICATION,
            format!("{path}.evidence"),
            format!(
                "{cname}: the verification of {what} names no evidence record (ISO 14971 §7.2)"
            ),
        ));
    } else if links.has_documents() && !links.exists(Target::Document, v.evidence.trim()) {
        // Only a file that keeps an evidence register can be checked against it.
        out.push(Finding::warning(
            &rules::LINK_UNRESOLVED,
            format!("{path}.evidence"),
            format!(
                "{cname}: evidence `{}` is not in the file's evidence list",
                v.evidence.trim()
            ),
        ));
    }
}
