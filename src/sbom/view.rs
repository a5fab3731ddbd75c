//! The `sbom` view: what `templates/sbom.md.hbs` renders, computed from the
//! model (per-item summaries with counts, licence summary and NTIA coverage;
//! the component, SOUP and vulnerability tables). Every field a template may
//! reference is always present (handlebars strict mode), except the SOUP
//! documentation of the row of undocumented components.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

use super::model::Component;
use crate::model::TechFile;

/// What the SBOM chapter renders.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct SbomView<'a> {
    /// Whether any component or SBOM document was imported.
    pub has_components: bool,
    pub totals: SbomTotals,
    /// Per software item with an SBOM or components, in the file's order.
    pub items: Vec<SbomItemRow<'a>>,
    /// Licence expressions over all components, most used first.
    pub licenses: Vec<LicenceCount>,
    pub components: Vec<ComponentRow<'a>>,
    /// Components grouped by identical SOUP documentation.
    pub soup: Vec<SoupRow>,
    /// One row per vulnerability and affected component.
    pub vulnerabilities: Vec<VulnerabilityRow<'a>>,
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct SbomTotals {
    pub components: usize,
    pub documents: usize,
    pub vulnerabilities: usize,
    /// Components with any SOUP documentation.
    pub soup_documented: usize,
}

/// The summary of one software item.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct SbomItemRow<'a> {
    pub name: &'a str,
    pub documents: Vec<SbomDocumentRow<'a>>,
    /// How many components the item has.
    pub components: usize,
    /// Counts per component type, `library: 12, framework: 1`.
    pub types: String,
    /// How many vulnerabilities affect its components.
    pub vulnerabilities: usize,
    pub licenses: Vec<LicenceCount>,
    pub ntia: NtiaCoverage,
}

/// An imported SBOM document.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct SbomDocumentRow<'a> {
    pub file_name: &'a str,
    pub format: &'a str,
    pub spec_version: &'a str,
    pub timestamp: &'a str,
    /// Joined by `, `.
    pub authors: String,
    /// Joined by `, `.
    pub tools: String,
    pub subject: &'a str,
    /// How many components the document listed.
    pub components: usize,
    pub sha256: &'a str,
    /// `yes` or `no`: whether it records dependencies.
    pub dependencies: &'static str,
}

/// Coverage of the NTIA minimum elements over an item's components, each
/// `n/of (p%)`, or `—` when the item has no components.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct NtiaCoverage {
    pub supplier: String,
    pub name: String,
    pub version: String,
    pub identifier: String,
    pub hashes: String,
    pub licenses: String,
    pub support: String,
}

/// How many components carry a licence expression (`(not stated)` for none).
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct LicenceCount {
    pub license: String,
    pub count: usize,
}

/// A row of the component inventory.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct ComponentRow<'a> {
    pub name: &'a str,
    pub group: &'a str,
    pub version: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub supplier: &'a str,
    /// Joined by ` AND `.
    pub licenses: String,
    /// The purl, else the CPE, else the SWID tag id.
    pub id: &'a str,
    /// Software items, joined by `, `.
    pub items: String,
    /// The SHA-256 hash, `""` when none.
    pub sha256: &'a str,
}

/// Components that share one SOUP documentation (IEC 62304 8.1.2). The row
/// of undocumented components has no documentation fields at all.
#[derive(Debug, Default, Serialize, JsonSchema, TS)]
pub struct SoupRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub requirements: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub required_hw_sw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hazardous_situations: Option<String>,
    /// `date: result`, or either alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub anomaly_review: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub support_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub end_of_support: Option<String>,
    /// How many components share it.
    pub count: usize,
    /// Their `name version` labels, joined by `, `.
    pub items: String,
}

/// One vulnerability for one affected component (a vulnerability without an
/// assessment has one row with empty component, status and rationale).
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct VulnerabilityRow<'a> {
    pub id: &'a str,
    /// Of the highest-scored rating.
    pub severity: &'a str,
    /// Of the highest-scored rating, one decimal; `""` when none.
    pub score: String,
    pub component: String,
    pub status: &'a str,
    /// Justification, action and detail joined by `; `.
    pub rationale: String,
}
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

fn licence_summary<'a>(comps: impl Iterator<Item = &'a Component>) -> Vec<LicenceCount> {
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
        .map(|(license, count)| LicenceCount { license, count })
        .collect()
}

pub fn view(tf: &TechFile) -> SbomView<'_> {
    let part = &tf.sbom;
    // Items in the file's order, then any item only the SBOM names.
    let mut names: Vec<&str> = tf.software_items.iter().map(|i| i.name.as_str()).collect();
    for d in &part.documents {
        if !names.contains(&d.item.as_str()) {
            names.push(&d.item);
        }
    }
    let mut items = Vec::new();
    for name in names {
        let comps: Vec<&Component> = part
            .components
            .iter()
            .filter(|c| c.items.iter().any(|i| i == name))
            .collect();
        let docs: Vec<SbomDocumentRow> = part
            .documents
            .iter()
            .filter(|d| d.item == name)
            .map(|d| SbomDocumentRow {
                file_name: &d.file_name,
                format: &d.format,
                spec_version: &d.spec_version,
                timestamp: &d.timestamp,
                authors: d.authors.join(", "),
                tools: d.tools.join(", "),
                subject: &d.subject,
                components: d.component_count,
                sha256: &d.sha256,
                dependencies: if d.has_dependencies { "yes" } else { "no" },
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
        items.push(SbomItemRow {
            name,
            documents: docs,
            components: n,
            types: by_type
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            vulnerabilities: vulns,
            licenses: licence_summary(comps.iter().copied()),
            ntia: NtiaCoverage {
                supplier: pct(count(&|c| !c.supplier.is_empty()), n),
                name: pct(count(&|c| !c.name.is_empty()), n),
                version: pct(count(&|c| !c.version.is_empty()), n),
                identifier: pct(
                    count(&|c| !(c.purl.is_empty() && c.cpe.is_empty() && c.swid.is_empty())),
                    n,
                ),
                hashes: pct(count(&|c| !c.hashes.is_empty()), n),
                licenses: pct(count(&|c| !c.licenses.is_empty()), n),
                support: pct(
                    count(&|c| {
                        !c.soup.support_level.is_empty() && !c.soup.end_of_support.is_empty()
                    }),
                    n,
                ),
            },
        });
    }
    let components = part
        .components
        .iter()
        .map(|c| ComponentRow {
            name: &c.name,
            group: &c.group,
            version: &c.version,
            kind: &c.kind,
            supplier: &c.supplier,
            licenses: c.licenses.join(" AND "),
            id: if c.purl.is_empty() {
                if c.cpe.is_empty() {
                    &c.swid
                } else {
                    &c.cpe
                }
            } else {
                &c.purl
            },
            items: c.items.join(", "),
            sha256: c
                .hashes
                .iter()
                .find(|h| h.alg.eq_ignore_ascii_case("SHA-256"))
                .map(|h| h.value.as_str())
                .unwrap_or(""),
        })
        .collect();
    // Components with the same SOUP documentation share one row (a large SBOM
    // documents its transitive dependencies together), in the order of their
    // first member; undocumented components come last.
    let mut groups: Vec<(SoupRow, Vec<String>)> = Vec::new();
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
            let doc = SoupRow {
                requirements: Some(k[0].clone()),
                required_hw_sw: Some(k[1].clone()),
                hazardous_situations: Some(k[2].clone()),
                anomaly_review: Some(k[3].clone()),
                support_level: Some(k[4].clone()),
                end_of_support: Some(k[5].clone()),
                ..Default::default()
            };
            groups.push((doc, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(label(c));
    }
    if !undocumented.is_empty() {
        groups.push((SoupRow::default(), undocumented));
    }
    let soup = groups
        .into_iter()
        .map(|(doc, members)| SoupRow {
            count: members.len(),
            items: members.join(", "),
            ..doc
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
        let severity = top.map(|r| r.severity.as_str()).unwrap_or_default();
        let score = top
            .and_then(|r| r.score)
            .map(|s| format!("{s:.1}"))
            .unwrap_or_default();
        if v.affects.is_empty() {
            vulns.push(VulnerabilityRow {
                id: &v.id,
                severity,
                score: score.clone(),
                component: String::new(),
                status: "",
                rationale: String::new(),
            });
        }
        for a in &v.affects {
            let rationale = [
                a.justification.as_str(),
                a.action.as_str(),
                a.detail.as_str(),
            ]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("; ");
            let component = labels
                .get(a.component.as_str())
                .cloned()
                .unwrap_or_else(|| a.component.clone());
            vulns.push(VulnerabilityRow {
                id: &v.id,
                severity,
                score: score.clone(),
                component,
                status: &a.status,
                rationale,
            });
        }
    }
    SbomView {
        has_components: !part.components.is_empty() || !part.documents.is_empty(),
        totals: SbomTotals {
            components: part.components.len(),
            documents: part.documents.len(),
            vulnerabilities: part.vulnerabilities.len(),
            soup_documented,
        },
        items,
        licenses: licence_summary(part.components.iter()),
        components,
        soup,
        vulnerabilities: vulns,
    }
}
