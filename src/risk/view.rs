//! The `risk` view: what `templates/risk.md.hbs` renders, computed from the
//! model (levels, computed risks, heat maps, traceability, residual-risk
//! summary), and what the desktop's risk screen shows. Every field the
//! template names exists here, also when the risk file is empty (strict
//! mode).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use super::compute::{self, Risk};
use super::model::{Acceptability, RiskEntry, RiskPart, RiskPlan, ScaleLevel, Verification};
use crate::model::TechFile;

/// The risk management file as the templates and the desktop show it.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct RiskView<'a> {
    pub has_entries: bool,
    pub entry_count: usize,
    /// Distinct risk control measures over all entries (by id; each one
    /// without an id counts on its own).
    pub control_count: usize,
    pub plan: RiskPlanView<'a>,
    pub entries: Vec<RiskEntryView<'a>>,
    pub heatmap_initial: Heatmap<'a>,
    pub heatmap_residual: Heatmap<'a>,
    /// Hazard -> control -> verification -> linked items, one row per control.
    pub traceability: Vec<TraceabilityRow<'a>>,
    pub summary: RiskSummary<'a>,
    /// Markdown.
    pub overall_residual_risk: &'a str,
}

/// The risk management plan: scales and the acceptability matrix as tables.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct RiskPlanView<'a> {
    /// Markdown.
    pub scope: &'a str,
    /// Markdown.
    pub policy: &'a str,
    /// Markdown.
    pub verification: &'a str,
    pub severity: Vec<ScaleLevelRow<'a>>,
    pub probability: Vec<ScaleLevelRow<'a>>,
    pub matrix: MatrixView<'a>,
}

/// A level of a scale.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct ScaleLevelRow<'a> {
    /// 1-based.
    pub value: usize,
    pub name: &'a str,
    pub description: &'a str,
    /// The level's lowest probability, `10^-6` or scientific notation; `""`
    /// when none.
    pub at_least: String,
}

/// The acceptability matrix, most severe row first.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct MatrixView<'a> {
    /// Probability level names.
    pub cols: Vec<&'a str>,
    pub rows: Vec<MatrixRow<'a>>,
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct MatrixRow<'a> {
    pub severity: &'a str,
    /// Acceptability labels, `?` where the matrix has no cell.
    pub cells: Vec<&'static str>,
}

/// One risk entry with its computed initial and residual risk.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct RiskEntryView<'a> {
    pub id: &'a str,
    pub category: &'a str,
    pub hazard: &'a str,
    pub sequence_of_events: &'a str,
    pub hazardous_situation: &'a str,
    pub harm: &'a str,
    pub severity: &'a str,
    /// As written, or `Level (P1 x x P2 y)` when computed from P1 x P2.
    pub probability: Cow<'a, str>,
    pub initial: ComputedRisk<'a>,
    pub controls: Vec<RiskControlRow<'a>>,
    /// Control ids (the description where a control has none).
    pub control_ids: Vec<&'a str>,
    /// The residual severity, else the initial one.
    pub residual_severity: &'a str,
    /// The computed residual probability level.
    pub residual_probability: &'a str,
    pub residual: ComputedRisk<'a>,
    pub benefit_risk: &'a str,
    pub notes: &'a str,
}

/// A computed risk: the levels it was placed at (`""` when not placed) and
/// its zone of the acceptability matrix.
#[derive(Debug, Clone, Serialize, JsonSchema, TS)]
pub struct ComputedRisk<'a> {
    pub severity: &'a str,
    pub probability: &'a str,
    /// The zone, `""` when the risk cannot be placed.
    #[ts(type = "Acceptability | \"\"")]
    pub zone: &'static str,
    /// The zone's label, `""` when the risk cannot be placed.
    pub label: &'static str,
    /// Severity x probability, 1-based; `""` when not placed.
    pub index: String,
}

/// A risk control measure.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct RiskControlRow<'a> {
    pub id: &'a str,
    pub description: &'a str,
    /// The control type's label, `""` when none.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub implementation: &'a str,
    /// `method (evidence)`, or either alone.
    pub verification_implementation: String,
    /// `method (evidence)`, or either alone.
    pub verification_effectiveness: String,
    pub new_risks: &'a [String],
}

/// A heat map: entry counts per matrix cell, most severe row first, least
/// probable column first.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct Heatmap<'a> {
    pub title: &'static str,
    /// `<!-- techfile:heatmap {...} -->`: the same data as JSON, which the
    /// PDF engine draws as a coloured matrix.
    pub comment: String,
    pub cols: Vec<&'a str>,
    pub rows: Vec<HeatmapRow<'a>>,
    /// Entries that cannot be placed (a level missing or unknown).
    pub unplaced: usize,
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct HeatmapRow<'a> {
    pub severity: &'a str,
    /// `count (zone code)`, e.g. `2 (I)`.
    pub cells: Vec<String>,
}

/// The data of a heat map's comment.
#[derive(Serialize)]
struct HeatmapData<'a> {
    title: &'a str,
    rows: &'a [&'a str],
    cols: &'a [&'a str],
    counts: &'a [Vec<u64>],
    zones: Vec<Vec<&'static str>>,
}

/// One row of the traceability matrix.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct TraceabilityRow<'a> {
    /// The entry's id, else its hazard.
    pub id: &'a str,
    /// The control's id, else its description; `""` for an entry without
    /// controls.
    pub control: &'a str,
    /// `implementation: ...; effectiveness: ...`.
    pub verification: String,
    pub software_items: &'a [String],
    pub components: &'a [String],
    pub vulnerabilities: &'a [String],
    pub ai_systems: &'a [String],
    pub requirements: &'a [String],
}

/// The residual-risk summary.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct RiskSummary<'a> {
    /// Entries per zone before and after control, and the ones not evaluable.
    pub rows: Vec<SummaryRow>,
    /// Entries whose residual risk is not acceptable.
    pub not_acceptable: Vec<NotAcceptableRow<'a>>,
    /// Whether there are entries and every residual risk is acceptable.
    pub all_acceptable: bool,
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct SummaryRow {
    pub label: &'static str,
    pub initial: usize,
    pub residual: usize,
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct NotAcceptableRow<'a> {
    pub id: &'a str,
    pub hazard: &'a str,
    pub residual: ComputedRisk<'a>,
    pub benefit_risk: &'a str,
}

/// The distinct control measures: one cited by several entries counts
/// once (by id); each one without an id counts on its own.
fn distinct_controls(part: &crate::model::risk::RiskPart) -> usize {
    let mut ids = std::collections::BTreeSet::new();
    let mut without_id = 0;
    for c in part.entries.iter().flat_map(|e| &e.controls) {
        match c.id.trim() {
            "" => without_id += 1,
            id => {
                ids.insert(id);
            }
        }
    }
    ids.len() + without_id
}

pub fn view(tf: &TechFile) -> RiskView<'_> {
    let part = &tf.risk;
    let plan = &part.plan;
    let risks: Vec<(Risk, Risk)> = part
        .entries
        .iter()
        .map(|e| (compute::initial(plan, e), compute::residual(plan, e)))
        .collect();
    let entries = part
        .entries
        .iter()
        .zip(&risks)
        .map(|(e, (i, r))| entry(plan, e, i, r))
        .collect();
    let initial: Vec<Risk> = risks.iter().map(|(i, _)| *i).collect();
    let residual: Vec<Risk> = risks.iter().map(|(_, r)| *r).collect();
    RiskView {
        has_entries: !part.entries.is_empty(),
        entry_count: part.entries.len(),
        control_count: distinct_controls(part),
        plan: RiskPlanView {
            scope: &plan.scope,
            policy: &plan.policy,
            verification: &plan.verification,
            severity: levels(&plan.severity),
            probability: levels(&plan.probability),
            matrix: matrix(plan),
        },
        entries,
        heatmap_initial: heatmap(plan, &initial, "Risk before control (initial risk)"),
        heatmap_residual: heatmap(plan, &residual, "Risk after control (residual risk)"),
        traceability: traceability(&part.entries),
        summary: summary(part, plan, &risks),
        overall_residual_risk: &part.overall_residual_risk,
    }
}

fn levels(ls: &[ScaleLevel]) -> Vec<ScaleLevelRow<'_>> {
    ls.iter()
        .enumerate()
        .map(|(i, l)| ScaleLevelRow {
            value: i + 1,
            name: &l.name,
            description: &l.description,
            at_least: l.at_least.map(probability_text).unwrap_or_default(),
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
fn matrix(plan: &RiskPlan) -> MatrixView<'_> {
    let rows = plan
        .severity
        .iter()
        .enumerate()
        .rev()
        .map(|(s, sev)| MatrixRow {
            severity: &sev.name,
            cells: (0..plan.probability.len())
                .map(|p| compute::cell(plan, s, p).map(|a| a.label()).unwrap_or("?"))
                .collect(),
        })
        .collect();
    MatrixView {
        cols: plan.probability.iter().map(|l| l.name.as_str()).collect(),
        rows,
    }
}

fn risk_value<'a>(plan: &'a RiskPlan, r: &Risk) -> ComputedRisk<'a> {
    let name = |ls: &'a [ScaleLevel], i: Option<usize>| {
        i.and_then(|i| ls.get(i))
            .map(|l| l.name.as_str())
            .unwrap_or_default()
    };
    ComputedRisk {
        severity: name(&plan.severity, r.severity),
        probability: name(&plan.probability, r.probability),
        zone: r.acceptability.map(|a| a.as_str()).unwrap_or(""),
        label: r.acceptability.map(|a| a.label()).unwrap_or(""),
        index: r.index().map(|i| i.to_string()).unwrap_or_default(),
    }
}

fn verification_text(v: &Verification) -> String {
    match (v.method.trim(), v.evidence.trim()) {
        ("", "") => String::new(),
        (m, "") => m.to_string(),
        ("", e) => e.to_string(),
        (m, e) => format!("{m} ({e})"),
    }
}

fn entry<'a>(plan: &'a RiskPlan, e: &'a RiskEntry, i: &Risk, r: &Risk) -> RiskEntryView<'a> {
    let probability = if i.probability_from_p1_p2 {
        let name = i
            .probability
            .and_then(|p| plan.probability.get(p))
            .map(|l| l.name.as_str())
            .unwrap_or("");
        Cow::Owned(format!("{name} (P1 {} x P2 {})", e.p1.trim(), e.p2.trim()))
    } else {
        Cow::Borrowed(e.probability.as_str())
    };
    let controls = e
        .controls
        .iter()
        .map(|c| RiskControlRow {
            id: &c.id,
            description: &c.description,
            kind: c.kind.map(|k| k.label()).unwrap_or(""),
            implementation: &c.implementation,
            verification_implementation: verification_text(&c.verification_implementation),
            verification_effectiveness: verification_text(&c.verification_effectiveness),
            new_risks: &c.new_risks,
        })
        .collect();
    let control_ids = e
        .controls
        .iter()
        .map(|c| {
            if c.id.trim().is_empty() {
                c.description.as_str()
            } else {
                c.id.as_str()
            }
        })
        .collect();
    let residual = risk_value(plan, r);
    RiskEntryView {
        id: &e.id,
        category: &e.category,
        hazard: &e.hazard,
        sequence_of_events: &e.sequence_of_events,
        hazardous_situation: &e.hazardous_situation,
        harm: &e.harm,
        severity: &e.severity,
        probability,
        initial: risk_value(plan, i),
        controls,
        control_ids,
        residual_severity: if e.residual_severity.trim().is_empty() {
            &e.severity
        } else {
            &e.residual_severity
        },
        residual_probability: residual.probability,
        residual,
        benefit_risk: &e.benefit_risk,
        notes: &e.notes,
    }
}

/// A heat map: entry counts per matrix cell, most severe row first, least
/// probable column first, with the `<!-- techfile:heatmap {...} -->` comment
/// the PDF engine draws as a coloured matrix.
fn heatmap<'a>(plan: &'a RiskPlan, risks: &[Risk], title: &'static str) -> Heatmap<'a> {
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
    let comment = heatmap_comment(&HeatmapData {
        title,
        rows: &rows_names,
        cols: &cols,
        counts: &counts,
        zones,
    });
    let rows = (0..ns)
        .map(|i| {
            let s = ns - 1 - i;
            let cells = (0..np)
                .map(|p| {
                    format!(
                        "{} ({})",
                        counts[i][p],
                        zone_code(compute::cell(plan, s, p))
                    )
                })
                .collect();
            HeatmapRow {
                severity: rows_names[i],
                cells,
            }
        })
        .collect();
    Heatmap {
        title,
        comment,
        cols,
        rows,
        unplaced,
    }
}

/// `<!-- techfile:heatmap {json} -->` on one line; `<`, `>` and `&` inside
/// the JSON are escaped so no user text can close the comment.
pub fn heatmap_comment(data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".into());
    let safe = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("<!-- techfile:heatmap {safe} -->")
}

/// A traceability row of `e`.
fn trace_row<'a>(e: &'a RiskEntry, control: &'a str, verification: String) -> TraceabilityRow<'a> {
    let l = &e.links;
    TraceabilityRow {
        id: if e.id.trim().is_empty() {
            &e.hazard
        } else {
            &e.id
        },
        control,
        verification,
        software_items: &l.software_items,
        components: &l.components,
        vulnerabilities: &l.vulnerabilities,
        ai_systems: &l.ai_systems,
        requirements: &l.requirements,
    }
}

fn traceability(entries: &[RiskEntry]) -> Vec<TraceabilityRow<'_>> {
    let mut rows = Vec::new();
    for e in entries {
        if e.controls.is_empty() {
            rows.push(trace_row(e, "", String::new()));
        }
        for c in &e.controls {
            // The matrix names things by id; their text is in the tables
            // above. Text stands in only where an id is missing.
            let control = match c.id.trim() {
                "" => c.description.trim(),
                i => i,
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
            rows.push(trace_row(e, control, v.join("; ")));
        }
    }
    rows
}

fn summary<'a>(part: &'a RiskPart, plan: &'a RiskPlan, risks: &[(Risk, Risk)]) -> RiskSummary<'a> {
    let count = |pick: &dyn Fn(&(Risk, Risk)) -> Option<Acceptability>,
                 a: Option<Acceptability>| {
        risks.iter().filter(|r| pick(r) == a).count()
    };
    let rows = Acceptability::ALL
        .iter()
        .map(|a| Some(*a))
        .chain(std::iter::once(None))
        .map(|a| SummaryRow {
            label: a
                .map(|a| a.label())
                .unwrap_or("Not evaluable (scale value missing or unknown)"),
            initial: count(&|r| r.0.acceptability, a),
            residual: count(&|r| r.1.acceptability, a),
        })
        .collect();
    let not_acceptable = part
        .entries
        .iter()
        .zip(risks)
        .filter(|(_, (_, r))| {
            matches!(
                r.acceptability,
                Some(Acceptability::Alarp | Acceptability::Unacceptable)
            )
        })
        .map(|(e, (_, r))| NotAcceptableRow {
            id: &e.id,
            hazard: &e.hazard,
            residual: risk_value(plan, r),
            benefit_risk: &e.benefit_risk,
        })
        .collect();
    let all_acceptable = !risks.is_empty()
        && risks
            .iter()
            .all(|(_, r)| r.acceptability == Some(Acceptability::Acceptable));
    RiskSummary {
        rows,
        not_acceptable,
        all_acceptable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

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
        let inner = h
            .comment
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
        assert_eq!(h.unplaced, 1);
        assert_eq!(h.rows[0].cells[0], "2 (I)");
    }
}
