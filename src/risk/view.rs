//! The `risk` view: what `templates/risk.md.hbs` renders, computed from the
//! model (levels, computed risks, heat maps, traceability, residual-risk
//! summary). Every field the template names exists here, also when the risk
//! file is empty (strict mode).

use serde_json::{json, Value};

use super::compute::{self, Risk};
use super::model::{Acceptability, RiskEntry, RiskPlan, ScaleLevel, Verification};
use crate::model::TechFile;

pub fn view(tf: &TechFile) -> Value {
    let part = &tf.risk;
    let plan = &part.plan;
    let risks: Vec<(Risk, Risk)> = part
        .entries
        .iter()
        .map(|e| (compute::initial(plan, e), compute::residual(plan, e)))
        .collect();
    let entries: Vec<Value> = part
        .entries
        .iter()
        .zip(&risks)
        .map(|(e, (i, r))| entry(plan, e, i, r))
        .collect();
    let initial: Vec<Risk> = risks.iter().map(|(i, _)| *i).collect();
    let residual: Vec<Risk> = risks.iter().map(|(_, r)| *r).collect();
    json!({
        "has_entries": !part.entries.is_empty(),
        "entry_count": part.entries.len(),
        "control_count": part.entries.iter().map(|e| e.controls.len()).sum::<usize>(),
        "plan": {
            "scope": plan.scope,
            "policy": plan.policy,
            "verification": plan.verification,
            "severity": levels(&plan.severity),
            "probability": levels(&plan.probability),
            "matrix": matrix(plan),
        },
        "entries": entries,
        "heatmap_initial": heatmap(plan, &initial, "Risk before control (initial risk)"),
        "heatmap_residual": heatmap(plan, &residual, "Risk after control (residual risk)"),
        "traceability": traceability(&part.entries),
        "summary": summary(part, plan, &risks),
        "overall_residual_risk": part.overall_residual_risk,
    })
}

fn levels(ls: &[ScaleLevel]) -> Vec<Value> {
    ls.iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "value": i + 1,
                "name": l.name,
                "description": l.description,
                "at_least": l.at_least.map(probability_text).unwrap_or_default(),
            })
        })
        .collect()
}

/// `1e-6` as `10^-6`, `0` as `0`, others in scientific notation.
fn probability_text(p: f64) -> String {
    if p == 0.0 {
        return "0".into();
    }
    let e = p.log10();
    if (e - e.round()).abs() < 1e-9 {
        format!("10^{}", e.round() as i64)
    } else {
        format!("{p:e}")
    }
}

fn zone_code(a: Option<Acceptability>) -> &'static str {
    match a {
        Some(Acceptability::Acceptable) => "A",
        Some(Acceptability::Alarp) => "I",
        Some(Acceptability::Unacceptable) => "U",
        None => "?",
    }
}

/// The plan's matrix as table rows, most severe first (as risk matrices are read).
fn matrix(plan: &RiskPlan) -> Value {
    let rows: Vec<Value> = plan
        .severity
        .iter()
        .enumerate()
        .rev()
        .map(|(s, sev)| {
            let cells: Vec<&str> = (0..plan.probability.len())
                .map(|p| compute::cell(plan, s, p).map(|a| a.label()).unwrap_or("?"))
                .collect();
            json!({ "severity": sev.name, "cells": cells })
        })
        .collect();
    json!({
        "cols": plan.probability.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        "rows": rows,
    })
}

fn risk_value(plan: &RiskPlan, r: &Risk) -> Value {
    let name = |ls: &[ScaleLevel], i: Option<usize>| {
        i.and_then(|i| ls.get(i))
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    json!({
        "severity": name(&plan.severity, r.severity),
        "probability": name(&plan.probability, r.probability),
        "zone": r.acceptability.map(|a| a.as_str()).unwrap_or(""),
        "label": r.acceptability.map(|a| a.label()).unwrap_or(""),
        "index": r.index().map(|i| i.to_string()).unwrap_or_default(),
    })
}

fn verification_text(v: &Verification) -> String {
    match (v.method.trim(), v.evidence.trim()) {
        ("", "") => String::new(),
        (m, "") => m.to_string(),
        ("", e) => e.to_string(),
        (m, e) => format!("{m} ({e})"),
    }
}

fn entry(plan: &RiskPlan, e: &RiskEntry, i: &Risk, r: &Risk) -> Value {
    let probability = if i.probability_from_p1_p2 {
        let name = i
            .probability
            .and_then(|p| plan.probability.get(p))
            .map(|l| l.name.as_str())
            .unwrap_or("");
        format!("{name} (P1 {} x P2 {})", e.p1.trim(), e.p2.trim())
    } else {
        e.probability.clone()
    };
    let controls: Vec<Value> = e
        .controls
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "description": c.description,
                "type": c.kind.map(|k| k.label()).unwrap_or(""),
                "implementation": c.implementation,
                "verification_implementation": verification_text(&c.verification_implementation),
                "verification_effectiveness": verification_text(&c.verification_effectiveness),
                "new_risks": c.new_risks,
            })
        })
        .collect();
    let control_ids: Vec<String> = e
        .controls
        .iter()
        .map(|c| {
            if c.id.trim().is_empty() {
                c.description.clone()
            } else {
                c.id.clone()
            }
        })
        .collect();
    let residual = risk_value(plan, r);
    json!({
        "id": e.id,
        "category": e.category,
        "hazard": e.hazard,
        "sequence_of_events": e.sequence_of_events,
        "hazardous_situation": e.hazardous_situation,
        "harm": e.harm,
        "severity": e.severity,
        "probability": probability,
        "initial": risk_value(plan, i),
        "controls": controls,
        "control_ids": control_ids,
        "residual_severity": if e.residual_severity.trim().is_empty() { e.severity.clone() } else { e.residual_severity.clone() },
        "residual_probability": residual["probability"].clone(),
        "residual": residual,
        "benefit_risk": e.benefit_risk,
        "notes": e.notes,
    })
}

/// A heat map: entry counts per matrix cell, most severe row first, least
/// probable column first, with the `<!-- techfile:heatmap {...} -->` comment
/// the PDF engine draws as a coloured matrix.
fn heatmap(plan: &RiskPlan, risks: &[Risk], title: &str) -> Value {
    let ns = plan.severity.len();
    let np = plan.probability.len();
    let mut counts = vec![vec![0u64; np]; ns];
    let mut unplaced = 0usize;
    for r in risks {
        match (r.severity, r.probability) {
            (Some(s), Some(p)) if s < ns && p < np => counts[ns - 1 - s][p] += 1,
            _ => unplaced += 1,
        }
    }
    let zones: Vec<Vec<&str>> = (0..ns)
        .rev()
        .map(|s| {
            (0..np)
                .map(|p| compute::cell(plan, s, p).map(|a| a.as_str()).unwrap_or(""))
                .collect()
        })
        .collect();
    let rows_names: Vec<&str> = plan
        .severity
        .iter()
        .rev()
        .map(|l| l.name.as_str())
        .collect();
    let cols: Vec<&str> = plan.probability.iter().map(|l| l.name.as_str()).collect();
    let data = json!({
        "title": title,
        "rows": rows_names,
        "cols": cols,
        "counts": counts,
        "zones": zones,
    });
    let rows: Vec<Value> = (0..ns)
        .map(|i| {
            let s = ns - 1 - i;
            let cells: Vec<String> = (0..np)
                .map(|p| {
                    format!(
                        "{} ({})",
                        counts[i][p],
                        zone_code(compute::cell(plan, s, p))
                    )
                })
                .collect();
            json!({ "severity": rows_names[i], "cells": cells })
        })
        .collect();
    json!({
        "title": title,
        "comment": heatmap_comment(&data),
        "cols": cols,
        "rows": rows,
        "unplaced": unplaced,
    })
}

/// `<!-- techfile:heatmap {json} -->` on one line; `<`, `>` and `&` inside
/// the JSON are escaped so no user text can close the comment.
pub fn heatmap_comment(data: &Value) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".into());
    let safe = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("<!-- techfile:heatmap {safe} -->")
}

fn traceability(entries: &[RiskEntry]) -> Vec<Value> {
    let mut rows = Vec::new();
    for e in entries {
        let l = &e.links;
        let base = |control: String, verification: String| {
            json!({
                "id": if e.id.trim().is_empty() { &e.hazard } else { &e.id },
                "control": control,
                "verification": verification,
                "software_items": l.software_items,
                "components": l.components,
                "vulnerabilities": l.vulnerabilities,
                "ai_systems": l.ai_systems,
                "requirements": l.requirements,
            })
        };
        if e.controls.is_empty() {
            rows.push(base(String::new(), String::new()));
        }
        for c in &e.controls {
            // The matrix names things by id; their text is in the tables
            // above. Text stands in only where an id is missing.
            let control = match c.id.trim() {
                "" => c.description.trim().to_string(),
                i => i.to_string(),
            };
            let mut v = Vec::new();
            for (what, ver) in [
                ("implementation", &c.verification_implementation),
                ("effectiveness", &c.verification_effectiveness),
            ] {
                let t = match ver.evidence.trim() {
                    "" => verification_text(ver),
                    e => e.to_string(),
                };
                if !t.is_empty() {
                    v.push(format!("{what}: {t}"));
                }
            }
            rows.push(base(control, v.join("; ")));
        }
    }
    rows
}

fn summary(part: &super::model::RiskPart, plan: &RiskPlan, risks: &[(Risk, Risk)]) -> Value {
    let count = |pick: &dyn Fn(&(Risk, Risk)) -> Option<Acceptability>,
                 a: Option<Acceptability>| {
        risks.iter().filter(|r| pick(r) == a).count()
    };
    let rows: Vec<Value> = Acceptability::ALL
        .iter()
        .map(|a| Some(*a))
        .chain(std::iter::once(None))
        .map(|a| {
            json!({
                "label": a.map(|a| a.label()).unwrap_or("Not evaluable (scale value missing or unknown)"),
                "initial": count(&|r| r.0.acceptability, a),
                "residual": count(&|r| r.1.acceptability, a),
            })
        })
        .collect();
    let not_acceptable: Vec<Value> = part
        .entries
        .iter()
        .zip(risks)
        .filter(|(_, (_, r))| {
            matches!(
                r.acceptability,
                Some(Acceptability::Alarp | Acceptability::Unacceptable)
            )
        })
        .map(|(e, (_, r))| {
            json!({
                "id": e.id,
                "hazard": e.hazard,
                "residual": risk_value(plan, r),
                "benefit_risk": e.benefit_risk,
            })
        })
        .collect();
    let all_acceptable = !risks.is_empty()
        && risks
            .iter()
            .all(|(_, r)| r.acceptability == Some(Acceptability::Acceptable));
    json!({
        "rows": rows,
        "not_acceptable": not_acceptable,
        "all_acceptable": all_acceptable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_comment_cannot_close_early() {
        let c = heatmap_comment(&json!({"title": "a --> <b> & c"}));
        assert!(c.starts_with("<!-- techfile:heatmap {"));
        assert_eq!(c.matches("-->").count(), 1, "{c}");
        assert!(c.ends_with(" -->"));
        assert!(!c.contains('\n'));
        let inner = c
            .trim_start_matches("<!-- techfile:heatmap ")
            .trim_end_matches(" -->");
        let v: Value = serde_json::from_str(inner).expect("valid JSON");
        assert_eq!(v["title"], "a --> <b> & c");
    }

    #[test]
    fn heatmap_counts_by_cell_most_severe_row_first() {
        let plan = RiskPlan::default();
        let r = |s, p| Risk {
            severity: Some(s),
            probability: Some(p),
            acceptability: compute::cell(&plan, s, p),
            probability_from_p1_p2: false,
        };
        let h = heatmap(&plan, &[r(4, 0), r(4, 0), r(0, 4), Risk::default()], "t");
        let inner = h["comment"]
            .as_str()
            .expect("comment")
            .trim_start_matches("<!-- techfile:heatmap ")
            .trim_end_matches(" -->")
            .to_string();
        let v: Value = serde_json::from_str(&inner).expect("json");
        assert_eq!(v["rows"][0], "Catastrophic");
        assert_eq!(v["cols"][0], "Improbable");
        assert_eq!(v["counts"][0][0], 2);
        assert_eq!(v["counts"][4][4], 1);
        assert_eq!(v["zones"][0][4], "unacceptable");
        assert_eq!(v["zones"][4][0], "acceptable");
        assert_eq!(h["unplaced"], 1);
        assert_eq!(h["rows"][0]["cells"][0], "2 (I)");
    }
}
