//! Computed clause coverage: for each clause of the catalogue
//! (`model::clauses`) whose framework applies to the file, where it is
//! answered: by a chapter that tags it (or an enclosing clause), by a
//! structured part whose fields that answer it are filled (device, software
//! items, risk file, AI systems, SBOM, document register), or through its
//! children (a clause with sub-items is answered when every required one is,
//! or, when none is required, when one is). It reads the parts' data from the
//! model and the AI item catalogue (`ai::items`, which says which fields
//! answer each Annex IV / Art. 13(3) item); no part calls it, `check` and
//! `render` do.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use crate::ai::items::{self, Need};
use crate::diag::Finding;
use crate::model::clauses::{self, Clause, Framework, CLAUSES};
use crate::model::TechFile;

/// The frameworks that apply to this file, as `applicability` states them:
/// MDR Annexes II, III and I (or the IVDR's), the AI Act's when it applies,
/// CRA Annex VII only for listed non-device products. The one place that
/// decides it for coverage.
pub fn applicable(tf: &TechFile) -> Vec<Framework> {
    use crate::model::applicability::DeviceRegulation;
    let mut out = match crate::applicability::regulation(tf) {
        DeviceRegulation::Ivdr => vec![
            Framework::IvdrAnnexII,
            Framework::IvdrAnnexIII,
            Framework::IvdrAnnexI,
        ],
        DeviceRegulation::Mdr => vec![
            Framework::MdrAnnexII,
            Framework::MdrAnnexIII,
            Framework::MdrAnnexI,
        ],
    };
    if crate::applicability::ai_act_applies(tf) {
        out.extend([Framework::AiaAnnexIV, Framework::AiaArt13]);
    }
    // The CRA profile is for the manufacturer's non-device products only
    // (CRA Art. 2(2)).
    if !tf.applicability.cra_products.is_empty() {
        out.push(Framework::CraAnnexVII);
    }
    out
}

/// Where a clause is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A chapter tags the clause or one enclosing it.
    Chapter { id: String, title: String },
    /// A structured part's fields answer it.
    Part {
        /// The part as the file names it, e.g. `Device description`.
        part: &'static str,
        /// The model paths that answer it.
        fields: Vec<String>,
    },
}

impl Source {
    /// How the clause index names it.
    pub fn label(&self) -> String {
        match self {
            Source::Chapter { title, .. } => title.clone(),
            Source::Part { part, .. } => (*part).to_string(),
        }
    }

    /// The heading of the file the answer stands under: the chapter's own,
    /// or the section where the templates render the part's first field.
    pub fn heading(&self) -> &str {
        match self {
            Source::Chapter { title, .. } => title,
            Source::Part { part, fields } => part_heading(part, fields.first().map(String::as_str)),
        }
    }
}

/// Where the templates render a part's answer (`technical-file.md.hbs`,
/// `device.md.hbs`): the heading under which `field` is shown.
fn part_heading(part: &str, field: Option<&str>) -> &'static str {
    match (part, field.unwrap_or("")) {
        (DEVICE, "device.trade_name" | "device.description") => "General description",
        (DEVICE, "device.basic_udi_di" | "device.classification_rule" | "device.risk_class") => {
            "Identification"
        }
        (DEVICE, "device.intended_purpose") => "Intended purpose",
        (DEVICE, "device.intended_users") => "Intended users",
        (DEVICE, "device.patient_population") => "Patient population",
        (DEVICE, "device.indications") => "Indications",
        (DEVICE, "device.principle_of_operation") => "Principle of operation",
        (DEVICE, "device.qualification_rationale") => "Qualification as a medical device",
        (DEVICE, "device.novel_features") => "Novel features",
        (DEVICE, "device.variants") => "Variants and configurations",
        (DEVICE, "device.accessories") => "Accessories",
        (DEVICE, "device.key_functional_elements") => "Key functional elements",
        (DEVICE, "device.previous_generations") => "Previous and similar generations",
        (DEVICE, _) => "Device description and specification",
        ("Software items", _) => "Software items",
        ("Risk management file", _) => "Benefit-risk analysis and risk management",
        ("SBOM", _) => "Software bill of materials",
        ("Document register", _) => "Document register",
        ("AI systems", _) => "Artificial intelligence (AI Act Annex IV)",
        ("GSPR matrix", _) => "General safety and performance requirements",
        ("EU declaration of conformity", _) => "EU declaration of conformity",
        _ => "Clause index",
    }
}

/// A structured answer: the clause, the part, the fields and whether the
/// part's own rules already report the fields when empty (then coverage does
/// not report the clause a second time).
struct Structured {
    clause: &'static str,
    part: &'static str,
    fields: Vec<String>,
    self_checked: bool,
    /// Whether the fields are filled (an unfilled self-checked mapping is
    /// kept so that coverage does not report the clause again).
    answers: bool,
}

const DEVICE: &str = "Device description";

fn filled(s: &str) -> bool {
    !s.trim().is_empty()
}

/// Every clause a structured part answers in this file (the filled ones,
/// and the self-checked ones either way).
fn structured(tf: &TechFile) -> Vec<Structured> {
    let d = &tf.device;
    let mut out = Vec::new();
    let mut put = |clauses: &[&'static str], part, fields: &[&str], ok: bool, self_checked| {
        if ok || self_checked {
            for c in clauses {
                out.push(Structured {
                    clause: c,
                    part,
                    fields: fields.iter().map(|f| f.to_string()).collect(),
                    self_checked,
                    answers: ok,
                });
            }
        }
    };
    // Device fields (their doc comments in model/mod.rs name the sub-item);
    // (a)-(f) have their own device rules, errors when empty.
    put(
        &["MDR-II-1.1(a)", "IVDR-II-1.1(a)"],
        DEVICE,
        &["device.trade_name", "device.description"],
        filled(&d.trade_name) && filled(&d.description),
        true,
    );
    put(
        &["MDR-II-1.1(b)", "IVDR-II-1.1(b)"],
        DEVICE,
        &["device.basic_udi_di"],
        filled(&d.basic_udi_di),
        true,
    );
    put(
        &["MDR-II-1.1(c)", "IVDR-II-1.1(c)"],
        DEVICE,
        &[
            "device.intended_purpose",
            "device.intended_users",
            "device.patient_population",
            "device.indications",
        ],
        filled(&d.intended_purpose)
            && filled(&d.intended_users)
            && filled(&d.patient_population)
            && !d.indications.is_empty(),
        true,
    );
    put(
        &["MDR-II-1.1(d)", "IVDR-II-1.1(d)"],
        DEVICE,
        &["device.principle_of_operation"],
        filled(&d.principle_of_operation),
        true,
    );
    put(
        &["MDR-II-1.1(e)", "IVDR-II-1.1(e)"],
        DEVICE,
        &["device.qualification_rationale"],
        filled(&d.qualification_rationale),
        true,
    );
    put(
        &["MDR-II-1.1(f)", "IVDR-II-1.1(f)"],
        DEVICE,
        &["device.risk_class", "device.classification_rule"],
        d.risk_class.is_some() && filled(&d.classification_rule),
        true,
    );
    put(
        &["MDR-II-1.1(g)"],
        DEVICE,
        &["device.novel_features"],
        filled(&d.novel_features),
        false,
    );
    put(
        &["MDR-II-1.1(h)", "IVDR-II-1.1(m)"],
        DEVICE,
        &["device.accessories"],
        !d.accessories.is_empty(),
        false,
    );
    put(
        &["MDR-II-1.1(i)", "IVDR-II-1.1(l)"],
        DEVICE,
        &["device.variants"],
        !d.variants.is_empty(),
        false,
    );
    put(
        &["MDR-II-1.1(j)"],
        DEVICE,
        &["device.key_functional_elements"],
        filled(&d.key_functional_elements),
        false,
    );
    put(
        &["MDR-II-1.1(j)", "IVDR-II-1.1(k)"],
        "Software items",
        &["software_items"],
        !tf.software_items.is_empty(),
        false,
    );
    put(
        &["MDR-II-1.2(a)", "IVDR-II-1.2(a)"],
        DEVICE,
        &["device.previous_generations"],
        filled(&d.previous_generations),
        false,
    );
    // The document register: the controlled documents cited as evidence.
    put(
        &["MDR-II-4(d)", "IVDR-II-4(d)"],
        "Document register",
        &["documents"],
        !tf.documents.is_empty(),
        false,
    );
    // The risk file (ISO 14971).
    let r = &tf.risk;
    let has_entries = !r.entries.is_empty();
    put(
        &["MDR-II-5(a)", "IVDR-II-5(a)"],
        "Risk management file",
        &["risk.overall_residual_risk"],
        filled(&r.overall_residual_risk),
        false,
    );
    put(
        &["MDR-II-5(b)", "IVDR-II-5(b)"],
        "Risk management file",
        &["risk.plan", "risk.entries"],
        filled(&r.plan.scope) && has_entries,
        false,
    );
    put(
        &["MDR-I-3", "IVDR-I-3"],
        "Risk management file",
        &[
            "risk.plan.scope",
            "risk.plan.policy",
            "risk.plan.matrix",
            "risk.entries",
        ],
        filled(&r.plan.scope) && filled(&r.plan.policy) && !r.plan.matrix.is_empty() && has_entries,
        false,
    );
    let controlled = r
        .entries
        .iter()
        .all(|e| !e.controls.is_empty() && e.controls.iter().all(|c| c.kind.is_some()));
    put(
        &["MDR-I-4", "IVDR-I-4"],
        "Risk management file",
        &["risk.entries[].controls"],
        has_entries && controlled,
        false,
    );
    let residual = r
        .entries
        .iter()
        .all(|e| filled(&e.residual_severity) && filled(&e.residual_probability));
    put(
        &["MDR-I-8", "IVDR-I-8"],
        "Risk management file",
        &[
            "risk.entries[].residual_severity",
            "risk.entries[].residual_probability",
            "risk.overall_residual_risk",
        ],
        has_entries && residual && filled(&r.overall_residual_risk),
        false,
    );
    // The device's SBOM answers no CRA clause: it is the device's
    // (MDR Annex I §17.2 evidence), not that of a non-device product.
    // The AI systems, item by item as `ai/items.toml` says which fields answer
    // each (the AI part reports its empty items itself).
    if !tf.ai.systems.is_empty() {
        let systems: Vec<serde_json::Value> =
            tf.ai.systems.iter().map(items::system_json).collect();
        let mut by_clause: BTreeMap<&'static str, Vec<(&items::Item, bool)>> = BTreeMap::new();
        for it in items::all() {
            let ok = systems
                .iter()
                .all(|s| items::empty_fields(it, s).is_empty());
            let any = systems
                .iter()
                .any(|s| items::empty_fields(it, s).is_empty());
            by_clause
                .entry(it.clause)
                .or_default()
                .push((it, if it.need == Need::Required { ok } else { any }));
        }
        for (clause, its) in by_clause {
            let required: Vec<_> = its
                .iter()
                .filter(|(i, _)| i.need == Need::Required)
                .collect();
            let ok = if required.is_empty() {
                its.iter().any(|(_, ok)| *ok)
            } else {
                required.iter().all(|(_, ok)| *ok)
            };
            if ok {
                let mut fields: Vec<String> = Vec::new();
                for (it, _) in &its {
                    for f in it.fields {
                        let f = format!("ai.systems[].{f}");
                        if !fields.contains(&f) {
                            fields.push(f);
                        }
                    }
                }
                out.push(Structured {
                    clause,
                    part: "AI systems",
                    fields,
                    self_checked: true,
                    answers: true,
                });
            }
        }
    }
    // The EU declaration of conformity, once signed (place, date, name).
    let decl = &tf.declaration;
    if filled(&decl.place) && filled(&decl.date) && filled(&decl.signatory) {
        out.push(Structured {
            clause: "AIA-IV-8",
            part: "EU declaration of conformity",
            fields: [
                "declaration.place",
                "declaration.date",
                "declaration.signatory",
            ]
            .map(String::from)
            .to_vec(),
            self_checked: true,
            answers: true,
        });
    }
    // GSPR matrix rows (MDR/IVDR Annex I): a row answers its requirement
    // when it says why it does not apply, or how it is met and by what
    // evidence. The gspr part reports incomplete rows itself.
    for (i, row) in tf.gspr.rows.iter().enumerate() {
        use crate::model::gspr::GsprApplicability as A;
        let Some(clause) = clauses::find(row.requirement.trim()) else {
            continue;
        };
        let answers = match row.applicability {
            Some(A::DoesNotApply) => filled(&row.justification),
            Some(A::Applies | A::Partly) => filled(&row.method) && !row.evidence.is_empty(),
            None => false,
        };
        // Like a chapter tag, a row answers the required points under its
        // requirement (a 23.4 row answers 23.4(a)-(z) unless they have rows).
        let has_row = |id: &str| tf.gspr.rows.iter().any(|r| r.requirement.trim() == id);
        let under = CLAUSES
            .iter()
            .filter(|c| c.required && c.id != clause.id && clauses::is_within(c.id, clause.id))
            .filter(|c| !has_row(c.id));
        for c in std::iter::once(clause).chain(under) {
            out.push(Structured {
                clause: c.id,
                part: "GSPR matrix",
                fields: vec![format!("gspr.rows[{i}]")],
                self_checked: true,
                answers,
            });
        }
    }
    out
}

/// Whether the AI part reports this clause's empty items itself.
fn ai_checked(clause: &str) -> bool {
    items::all().any(|i| i.clause == clause)
}

/// One clause of an applicable framework and where it is answered.
#[derive(Debug, Clone)]
pub struct Row {
    pub clause: &'static Clause,
    /// Depth under its framework's top (0 at the top).
    pub depth: usize,
    /// Chapters and parts that answer it (or an enclosing clause).
    pub sources: Vec<Source>,
    /// Answered: by a source or through its children.
    pub answered: bool,
    self_checked: bool,
}

/// Coverage figures of one framework: required clauses answered / required clauses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, TS)]
pub struct Figure {
    pub framework: Framework,
    pub answered: usize,
    pub total: usize,
}

impl Figure {
    /// Whole per cent, rounded down (100 only when all are answered).
    pub fn percent(&self) -> usize {
        (self.answered * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// The coverage of a file: a row per clause of each applicable framework, in
/// catalogue order.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub frameworks: Vec<Framework>,
    pub rows: Vec<Row>,
}

/// Computes where each clause of the applicable frameworks is answered.
pub fn compute(tf: &TechFile) -> Coverage {
    let frameworks = applicable(tf);
    let structured = structured(tf);
    let mut rows: Vec<Row> = CLAUSES
        .iter()
        .filter(|c| frameworks.contains(&c.framework))
        .map(|c| {
            let mut depth = 0;
            let mut p = c.parent;
            while let Some(id) = p {
                depth += 1;
                p = clauses::find(id).and_then(|x| x.parent);
            }
            let mut sources = Vec::new();
            for ch in &tf.chapters {
                // A tag answers its clause and the required clauses under
                // it; a where-applicable sub-item needs a tag of its own (a
                // chapter on verification does not claim 6.2(a), medicinal
                // substances).
                let tagged = ch
                    .clauses
                    .iter()
                    .any(|x| x == c.id || (c.required && clauses::is_within(c.id, x)));
                if tagged {
                    sources.push(Source::Chapter {
                        id: ch.id.clone(),
                        title: ch.title.clone(),
                    });
                }
            }
            let mut self_checked = false;
            for s in structured.iter().filter(|s| s.clause == c.id) {
                self_checked |= s.self_checked;
                if !s.answers {
                    continue;
                }
                sources.push(Source::Part {
                    part: s.part,
                    fields: s.fields.clone(),
                });
            }
            self_checked |= ai_checked(c.id);
            Row {
                clause: c,
                depth,
                answered: !sources.is_empty(),
                sources,
                self_checked,
            }
        })
        .collect();
    // Children come after their parent in the catalogue: settle them first.
    let index: BTreeMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.clause.id, i))
        .collect();
    for i in (0..rows.len()).rev() {
        if rows[i].answered {
            continue;
        }
        let kids: Vec<usize> = clauses::children(rows[i].clause.id)
            .filter_map(|k| index.get(k.id).copied())
            .collect();
        if kids.is_empty() {
            continue;
        }
        let required: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|k| rows[*k].clause.required)
            .collect();
        rows[i].answered = if required.is_empty() {
            kids.iter().any(|k| rows[*k].answered)
        } else {
            required.iter().all(|k| rows[*k].answered)
        };
    }
    Coverage { frameworks, rows }
}

impl Coverage {
    /// Required clauses answered and in total, per applicable framework.
    pub fn figures(&self) -> Vec<Figure> {
        self.frameworks
            .iter()
            .map(|f| {
                let req = self
                    .rows
                    .iter()
                    .filter(|r| r.clause.framework == *f && r.clause.required);
                let (mut answered, mut total) = (0, 0);
                for r in req {
                    total += 1;
                    answered += usize::from(r.answered);
                }
                Figure {
                    framework: *f,
                    answered,
                    total,
                }
            })
            .collect()
    }

    /// The row of a clause, if its framework applies.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.clause.id == id)
    }

    /// Required clauses nobody answers and none of whose required children
    /// is unanswered (those are named instead), in catalogue order.
    pub fn missing(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| {
            r.clause.required
                && !r.answered
                && !clauses::children(r.clause.id)
                    .any(|k| k.required && self.row(k.id).is_some_and(|x| !x.answered))
        })
    }
}

/// The coverage figures of a file (`check --format json` prints them).
pub fn figures(tf: &TechFile) -> Vec<Figure> {
    compute(tf).figures()
}

/// Coverage findings: a warning for each required clause of an applicable
/// framework that no chapter and no part answers, unless the part that
/// answers it reports its empty fields itself (device identity, AI items).
/// GSPR annexes are left to the GSPR checklist's own rules.
pub fn check(cov: &Coverage, out: &mut Vec<Finding>) {
    for f in &cov.frameworks {
        let missing: Vec<&Row> = cov
            .missing()
            .filter(|r| r.clause.framework == *f && !r.self_checked)
            .collect();
        if missing.is_empty() {
            continue;
        }
        // GSPR annexes count in the figures and the index; their findings
        // belong to the GSPR checklist part (which answers them row by row).
        if f.is_gspr() {
            continue;
        }
        // CRA clauses are the CRA profile's, exported on their own.
        let profile = if *f == Framework::CraAnnexVII {
            "the CRA profile: "
        } else {
            ""
        };
        for r in missing {
            out.push(Finding::warning(
                &crate::core::rules::CH_COVERAGE,
                "chapters",
                format!(
                    "{profile}no chapter or part answers {} ({})",
                    r.clause.id, r.clause.title
                ),
            ));
        }
    }
}

/// The clause index as the templates render it.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct ClauseIndex {
    pub frameworks: Vec<FrameworkIndex>,
}

/// One applicable framework in the clause index.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct FrameworkIndex {
    pub framework: Framework,
    pub title: &'static str,
    pub answered: usize,
    pub total: usize,
    pub percent: usize,
    pub rows: Vec<IndexRow>,
}

/// One clause in the clause index.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct IndexRow {
    pub id: &'static str,
    pub title: &'static str,
    pub required: bool,
    pub depth: usize,
    pub answered: bool,
    /// The chapters and parts that answer it, without repeats.
    pub answered_in: Vec<Answer>,
    /// Answered only through its sub-items.
    pub by_sub_items: bool,
}

/// One place that answers a clause: how the index names it and the anchor
/// of its heading (the slug the Markdown and the PDF give that heading).
#[derive(Debug, PartialEq, Serialize, JsonSchema, TS)]
pub struct Answer {
    pub label: String,
    pub anchor: String,
}

/// The clause index of a file: every applicable framework, the CRA
/// profile's included (the desktop shows them all).
pub fn index(tf: &TechFile) -> ClauseIndex {
    let cov = compute(tf);
    let figures = cov.figures();
    let frameworks = figures
        .iter()
        .map(|fig| FrameworkIndex {
            framework: fig.framework,
            title: fig.framework.title(),
            answered: fig.answered,
            total: fig.total,
            percent: fig.percent(),
            rows: cov
                .rows
                .iter()
                .filter(|r| r.clause.framework == fig.framework)
                .map(|r| {
                    let mut answered_in: Vec<Answer> = Vec::new();
                    for s in &r.sources {
                        let a = Answer {
                            label: s.label(),
                            anchor: crate::pdf::parse::slug(s.heading()),
                        };
                        if !answered_in.contains(&a) {
                            answered_in.push(a);
                        }
                    }
                    IndexRow {
                        id: r.clause.id,
                        title: r.clause.title,
                        required: r.clause.required,
                        depth: r.depth,
                        answered: r.answered,
                        by_sub_items: r.answered && answered_in.is_empty(),
                        answered_in,
                    }
                })
                .collect(),
        })
        .collect();
    ClauseIndex { frameworks }
}

/// The clause indexes as JSON for the templates, from one computation:
/// the device's (`coverage` in the context), without CRA Annex VII, as the
/// device's file must not cite it (CRA Art. 2(2)); and the CRA profile's
/// (`cra_coverage`): CRA Annex VII alone, no frameworks when no non-device
/// product is listed.
pub fn views(tf: &TechFile) -> (serde_json::Value, serde_json::Value) {
    let (cra, device): (Vec<_>, Vec<_>) = index(tf)
        .frameworks
        .into_iter()
        .partition(|f| f.framework == Framework::CraAnnexVII);
    let json = |frameworks| {
        serde_json::to_value(ClauseIndex { frameworks }).unwrap_or(serde_json::Value::Null)
    };
    (json(device), json(cra))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RiskClass;

    fn device_only() -> TechFile {
        let mut tf = TechFile::empty();
        let d = &mut tf.device;
        d.trade_name = "X".into();
        d.description = "A thing".into();
        d.basic_udi_di = "4260765ECGCSA01RA".into();
        d.intended_purpose = "p".into();
        d.intended_users = "u".into();
        d.patient_population = "adults".into();
        d.indications = vec!["i".into()];
        d.principle_of_operation = "o".into();
        d.qualification_rationale = "q".into();
        d.risk_class = Some(RiskClass::IIa);
        d.classification_rule = "Rule 11".into();
        d.key_functional_elements = "k".into();
        tf
    }

    #[test]
    fn device_fields_answer_annex_ii_1_1_sub_items_but_not_section_2() {
        let tf = device_only();
        let cov = compute(&tf);
        for l in "abcdefj".chars() {
            let id = format!("MDR-II-1.1({l})");
            assert!(cov.row(&id).expect("row").answered, "{id}");
        }
        // (l) technical specifications: no device field answers it.
        assert!(!cov.row("MDR-II-1.1(l)").expect("row").answered);
        assert!(!cov.row("MDR-II-1.1").expect("row").answered);
        assert!(!cov.row("MDR-II-2").expect("row").answered);
        assert!(!cov.row("MDR-II-2(a)").expect("row").answered);
        assert_eq!(
            applicable(&tf),
            vec![
                Framework::MdrAnnexII,
                Framework::MdrAnnexIII,
                Framework::MdrAnnexI
            ]
        );
    }

    #[test]
    fn a_chapter_tag_answers_the_clause_and_its_sub_items_and_parents_follow() {
        let mut tf = device_only();
        tf.chapters.push(crate::model::Chapter {
            id: "spec".into(),
            title: "Specification".into(),
            clauses: vec!["MDR-II-1.1(l)".into()],
            body: "x".into(),
        });
        tf.chapters.push(crate::model::Chapter {
            id: "ifu".into(),
            title: "Labels".into(),
            clauses: vec!["MDR-II-2".into()],
            body: "x".into(),
        });
        let cov = compute(&tf);
        assert!(cov.row("MDR-II-1.1").expect("row").answered);
        // 1.2 is where applicable and so is each point: 1 needs 1.1 only.
        assert!(cov.row("MDR-II-1").expect("row").answered);
        let two_b = cov.row("MDR-II-2(b)").expect("row");
        assert!(two_b.answered);
        assert_eq!(two_b.sources[0].label(), "Labels");
        let figs = cov.figures();
        let ii = figs
            .iter()
            .find(|f| f.framework == Framework::MdrAnnexII)
            .expect("ii");
        let required = CLAUSES
            .iter()
            .filter(|c| c.framework == Framework::MdrAnnexII && c.required)
            .count();
        assert_eq!(ii.total, required);
        // 1, 1.1, (a)-(f), (j), (l), 2, 2(a), 2(b) = 13 answered.
        assert_eq!(ii.answered, 13);
    }

    #[test]
    fn frameworks_follow_the_class_ai_systems_and_cra_products() {
        let mut tf = device_only();
        tf.device.risk_class = Some(RiskClass::C);
        assert_eq!(applicable(&tf)[0], Framework::IvdrAnnexII);
        let cov = compute(&tf);
        assert!(cov.row("IVDR-II-1.1(a)").expect("row").answered);
        assert!(cov.row("MDR-II-1.1(a)").is_none());
        tf.ai.systems.push(Default::default());
        tf.chapters.push(crate::model::Chapter {
            id: "c".into(),
            title: "c".into(),
            clauses: vec!["CRA-VII-2".into()],
            body: "x".into(),
        });
        let f = applicable(&tf);
        assert!(f.contains(&Framework::AiaAnnexIV));
        assert!(
            !f.contains(&Framework::CraAnnexVII),
            "citing the CRA does not make it apply to a device (CRA Art. 2(2))"
        );
        tf.applicability
            .cra_products
            .push(crate::model::applicability::CraProduct {
                name: "Gateway".into(),
                description: "Not a device".into(),
            });
        assert!(applicable(&tf).contains(&Framework::CraAnnexVII));
    }

    #[test]
    fn every_ai_item_maps_to_a_catalogue_clause_of_the_ai_act() {
        for it in items::all() {
            let c = clauses::find(it.clause)
                .unwrap_or_else(|| panic!("{}: {} not in the catalogue", it.key, it.clause));
            assert!(
                matches!(c.framework, Framework::AiaAnnexIV | Framework::AiaArt13),
                "{}",
                it.key
            );
            if it.need == Need::Required {
                assert!(
                    c.required,
                    "{}: required item under optional {}",
                    it.key, c.id
                );
            }
        }
    }
}
