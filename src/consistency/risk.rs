//! The risk file against the rest: a software item's IEC 62304 class
//! against the severities of the hazards it contributes to, one severity per
//! harm, and no risk rated acceptable while a linked vulnerability is open
//! or while its control only comes in a later release.

use std::collections::HashMap;

use super::rules;
use crate::diag::Finding;
use crate::model::risk::{Acceptability, RiskPlan};
use crate::model::{SafetyClass, TechFile};
use crate::risk::compute;

/// The IEC 62304 class a hazard of severity level `i` (0 = least severe)
/// calls for: the level's own class, else A for the least severe level, B
/// for the next and C for every other (IEC 62304 4.3: no injury,
/// non-serious injury, serious injury or death).
pub fn class_for(plan: &RiskPlan, i: usize) -> SafetyClass {
    plan.severity
        .get(i)
        .and_then(|l| l.safety_class)
        .unwrap_or(match i {
            0 => SafetyClass::A,
            1 => SafetyClass::B,
            _ => SafetyClass::C,
        })
}

/// Normalised harm text: `normalised`, without a final full stop.
fn harm_key(h: &str) -> String {
    super::normalised(h).trim_end_matches('.').to_string()
}

pub fn check(tf: &TechFile, out: &mut Vec<Finding>) {
    let plan = &tf.risk.plan;
    let entries = &tf.risk.entries;

    // IEC 62304 4.3: the class follows the worst hazard the item contributes to.
    for (i, item) in tf.software_items.iter().enumerate() {
        let Some(class) = item.safety_class else {
            continue;
        };
        let name = item.name.trim();
        let worst = entries
            .iter()
            .filter(|e| e.links.software_items.iter().any(|s| s.trim() == name))
            .filter_map(|e| compute::level_index(&plan.severity, &e.severity).map(|s| (s, e)))
            .max_by_key(|(s, _)| *s);
        let Some((s, e)) = worst else { continue };
        let needed = class_for(plan, s);
        if class < needed && item.safety_class_rationale.trim().is_empty() {
            out.push(Finding::of(
                &rules::SAFETY_CLASS,
                format!("software_items[{i}].safety_class"),
                format!(
                    "`{name}` is class {}, but it contributes to {} ({}), which calls for class {} (risk plan severity scale); raise the class or name the external risk control in safety_class_rationale",
                    class.as_str(),
                    e.id.trim(),
                    e.severity.trim(),
                    needed.as_str()
                ),
            ));
        }
    }

    // One harm, one severity.
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let key = harm_key(&e.harm);
        if key.is_empty() || e.severity.trim().is_empty() {
            continue;
        }
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&j) => {
                let other = &entries[j];
                if !other
                    .severity
                    .trim()
                    .eq_ignore_ascii_case(e.severity.trim())
                {
                    out.push(Finding::of(
                        &rules::HARM_SEVERITY,
                        format!("risk.entries[{i}].severity"),
                        format!(
                            "harm `{}` is rated {} here and {} in {} (risk.entries[{j}])",
                            e.harm.trim(),
                            e.severity.trim(),
                            other.severity.trim(),
                            other.id.trim()
                        ),
                    ));
                }
            }
        }
    }

    // Acceptable only when nothing linked is still open. Vulnerabilities
    // by id (ASCII case ignored, the first of an id), looked up per link.
    let mut vulnerabilities: HashMap<String, &crate::model::sbom::Vulnerability> = HashMap::new();
    for v in &tf.sbom.vulnerabilities {
        vulnerabilities
            .entry(v.id.trim().to_ascii_lowercase())
            .or_insert(v);
    }
    let release = tf.device.version.trim();
    for (i, e) in entries.iter().enumerate() {
        if compute::residual(plan, e).acceptability != Some(Acceptability::Acceptable) {
            continue;
        }
        for (j, id) in e.links.vulnerabilities.iter().enumerate() {
            let Some(v) = vulnerabilities.get(&id.trim().to_ascii_lowercase()) else {
                continue;
            };
            if let Some(a) = v.affects.iter().find(|a| super::open_status(&a.status)) {
                out.push(Finding::of(
                    &rules::OPEN_VULNERABILITY,
                    format!("risk.entries[{i}].links.vulnerabilities[{j}]"),
                    format!(
                        "{} is rated acceptable, but {} is `{}` for {}",
                        e.id.trim(),
                        v.id.trim(),
                        a.status.trim(),
                        a.component.trim()
                    ),
                ));
            }
        }
        if release.is_empty() {
            continue;
        }
        for (k, c) in e.controls.iter().enumerate() {
            let r = c.release.trim();
            if r.is_empty() || r == release {
                continue;
            }
            let later = match (
                super::text::version_parts(r),
                super::text::version_parts(release),
            ) {
                (Some(a), Some(b)) => a > b,
                _ => true,
            };
            if later {
                out.push(Finding::of(
                    &rules::LATER_CONTROL,
                    format!("risk.entries[{i}].controls[{k}].release"),
                    format!(
                        "{} is rated acceptable, but its control {} comes only in release {r}; this file documents {release}",
                        e.id.trim(),
                        c.id.trim()
                    ),
                ));
            }
        }
    }
}
