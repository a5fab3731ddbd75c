//! The `sbom` view: what `templates/sbom.md.hbs` renders, computed from the
//! model (per-item summaries with counts, licence summary and NTIA coverage;
//! the component, SOUP and vulnerability tables). Every field a template may
//! reference is always present (handlebars strict mode).

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use super::model::Component;
use crate::model::TechFile;

fn label(c: &Component) -> String {
    if c.version.is_empty() {
        c.name.clone()
    } else {
        format!("{} {}", c.name, c.version)
    }
}

fn pct(n: usize, of: usize) -> String {
    match (n * 100 + of / 2).checked_div(of) {
        Some(p) => format!("{n}/{of} ({p}%)"),
        None => "—".into(),
    }
}

fn licence_summary<'a>(comps: impl Iterator<Item = &'a Component>) -> Vec<Value> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in comps {
        let key = if c.licenses.is_empty() {
            "(not stated)".to_string()
        } else {
            c.licenses.join(" AND ")
        };
        *counts.entry(key).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter()
        .map(|(license, count)| json!({"license": license, "count": count}))
        .collect()
}

pub fn view(tf: &TechFile) -> Value {
    let part = &tf.sbom;
    // Items in the file's order, then any item only the SBOM names.
    let mut names: Vec<String> = tf.software_items.iter().map(|i| i.name.clone()).collect();
    for d in &part.documents {
        if !names.contains(&d.item) {
            names.push(d.item.clone());
        }
    }
    let mut items = Vec::new();
    for name in &names {
        let comps: Vec<&Component> = part
            .components
            .iter()
            .filter(|c| c.items.contains(name))
            .collect();
        let docs: Vec<Value> = part
            .documents
            .iter()
            .filter(|d| &d.item == name)
            .map(|d| {
                json!({
                    "file_name": d.file_name,
                    "format": d.format,
                    "spec_version": d.spec_version,
                    "timestamp": d.timestamp,
                    "authors": d.authors.join(", "),
                    "tools": d.tools.join(", "),
                    "subject": d.subject,
                    "components": d.component_count,
                    "sha256": d.sha256,
                    "dependencies": if d.has_dependencies { "yes" } else { "no" },
                })
            })
            .collect();
        if docs.is_empty() && comps.is_empty() {
            continue;
        }
        let n = comps.len();
        let count = |f: &dyn Fn(&Component) -> bool| comps.iter().filter(|c| f(c)).count();
        let ids: std::collections::HashSet<&str> = comps.iter().map(|c| c.id.as_str()).collect();
        let vulns = part
            .vulnerabilities
            .iter()
            .filter(|v| v.affects.iter().any(|a| ids.contains(a.component.as_str())))
            .count();
        let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &comps {
            *by_type
                .entry(if c.kind.is_empty() {
                    "(none)"
                } else {
                    c.kind.as_str()
                })
                .or_default() += 1;
        }
        items.push(json!({
            "name": name,
            "documents": docs,
            "components": n,
            "types": by_type.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", "),
            "vulnerabilities": vulns,
            "licenses": licence_summary(comps.iter().copied()),
            "ntia": {
                "supplier": pct(count(&|c| !c.supplier.is_empty()), n),
                "name": pct(count(&|c| !c.name.is_empty()), n),
                "version": pct(count(&|c| !c.version.is_empty()), n),
                "identifier": pct(count(&|c| !(c.purl.is_empty() && c.cpe.is_empty() && c.swid.is_empty())), n),
                "hashes": pct(count(&|c| !c.hashes.is_empty()), n),
                "licenses": pct(count(&|c| !c.licenses.is_empty()), n),
                "support": pct(count(&|c| !c.soup.support_level.is_empty() && !c.soup.end_of_support.is_empty()), n),
            },
        }));
    }
    let components: Vec<Value> = part
        .components
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "group": c.group,
                "version": c.version,
                "type": c.kind,
                "supplier": c.supplier,
                "licenses": c.licenses.join(" AND "),
                "id": if c.purl.is_empty() { if c.cpe.is_empty() { &c.swid } else { &c.cpe } } else { &c.purl },
                "items": c.items.join(", "),
                "sha256": c.hashes.iter().find(|h| h.alg.eq_ignore_ascii_case("SHA-256")).map(|h| h.value.as_str()).unwrap_or(""),
            })
        })
        .collect();
    // Components with the same SOUP documentation share one row (a large SBOM
    // documents its transitive dependencies together), in the order of their
    // first member; undocumented components come last.
    let mut groups: Vec<(Value, Vec<String>)> = Vec::new();
    let mut undocumented: Vec<String> = Vec::new();
    let mut group_of: HashMap<[String; 6], usize> = HashMap::new();
    for c in &part.components {
        if c.soup == Default::default() {
            undocumented.push(label(c));
            continue;
        }
        let s = &c.soup;
        let review = match (
            s.anomaly_review_date.is_empty(),
            s.anomaly_review_result.is_empty(),
        ) {
            (true, true) => String::new(),
            (false, true) => s.anomaly_review_date.clone(),
            (true, false) => s.anomaly_review_result.clone(),
            (false, false) => format!("{}: {}", s.anomaly_review_date, s.anomaly_review_result),
        };
        let key = [
            s.requirements.clone(),
            s.required_hw_sw.clone(),
            s.hazardous_situations.clone(),
            review,
            s.support_level.clone(),
            s.end_of_support.clone(),
        ];
        let g = *group_of.entry(key).or_insert_with_key(|k| {
            let doc = json!({
                "requirements": k[0],
                "required_hw_sw": k[1],
                "hazardous_situations": k[2],
                "anomaly_review": k[3],
                "support_level": k[4],
                "end_of_support": k[5],
            });
            groups.push((doc, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(label(c));
    }
    if !undocumented.is_empty() {
        groups.push((json!({}), undocumented));
    }
    let soup: Vec<Value> = groups
        .into_iter()
        .map(|(mut doc, members)| {
            doc["count"] = json!(members.len());
            doc["items"] = json!(members.join(", "));
            doc
        })
        .collect();
    let soup_documented = part
        .components
        .iter()
        .filter(|c| c.soup != Default::default())
        .count();
    let labels: BTreeMap<&str, String> = part
        .components
        .iter()
        .map(|c| (c.id.as_str(), label(c)))
        .collect();
    let mut vulns = Vec::new();
    for v in &part.vulnerabilities {
        let top = v
            .ratings
            .iter()
            .max_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)));
        let severity = top.map(|r| r.severity.clone()).unwrap_or_default();
        let score = top
            .and_then(|r| r.score)
            .map(|s| format!("{s:.1}"))
            .unwrap_or_default();
        let rows: Vec<Value> = if v.affects.is_empty() {
            vec![json!({"component": "", "status": "", "rationale": ""})]
        } else {
            v.affects
                .iter()
                .map(|a| {
                    let rationale = [a.justification.as_str(), a.action.as_str(), a.detail.as_str()]
                        .iter()
                        .filter(|x| !x.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join("; ");
                    json!({
                        "component": labels.get(a.component.as_str()).cloned().unwrap_or_else(|| a.component.clone()),
                        "status": a.status,
                        "rationale": rationale,
                    })
                })
                .collect()
        };
        for r in rows {
            vulns.push(json!({
                "id": v.id,
                "severity": severity,
                "score": score,
                "component": r["component"],
                "status": r["status"],
                "rationale": r["rationale"],
            }));
        }
    }
    json!({
        "has_components": !part.components.is_empty() || !part.documents.is_empty(),
        "totals": {
            "components": part.components.len(),
            "documents": part.documents.len(),
            "vulnerabilities": part.vulnerabilities.len(),
            "soup_documented": soup_documented,
        },
        "items": items,
        "licenses": licence_summary(part.components.iter()),
        "components": components,
        "soup": soup,
        "vulnerabilities": vulns,
    })
}
