//! The `ai` view the templates render: per AI system, the Annex IV sections in
//! the Act's order with one entry per item (the fields that answer it, with
//! their labels, the fields still missing, and the tables that belong under
//! it), and the Art. 13(3) items for deployers. The templates write the
//! Markdown (`templates/ai-fields.md.hbs` composes an item's fields). Numbers
//! are formatted here, once, deterministically; pass/fail is computed here.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::check::row_label;
use super::items::{self, Item, Kind, Shown, ANNEX_IV, ANNEX_IV_SECTIONS, ART_13_3};
use super::model::{
    AiSystem, MonitoringIndicator, PerformanceResult, StandardApplied, ThirdPartyComponent, Verdict,
};
use crate::model::TechFile;

/// The AI part as the templates render it.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AiView<'a> {
    pub has_systems: bool,
    pub systems: Vec<AiSystemView<'a>>,
}

/// One AI system: its identity, the Annex IV sections and the Art. 13(3)
/// items.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AiSystemView<'a> {
    pub name: &'a str,
    pub version: &'a str,
    /// The provider's name.
    pub provider: &'a str,
    pub model_type: &'a str,
    pub architecture: &'a str,
    pub software_item: &'a str,
    /// Annex IV sections 1 to 9.
    pub sections: Vec<AnnexIvSection<'a>>,
    /// The Art. 13(3) items.
    pub deployer: Vec<AiItemView<'a>>,
    /// Items with a field still empty, Annex IV then Art. 13(3).
    pub empty_items: Vec<AiEmptyItem>,
    pub metrics: AiMetrics,
}

/// An Annex IV section and its items.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AnnexIvSection<'a> {
    pub number: &'static str,
    pub title: &'static str,
    pub items: Vec<AiItemView<'a>>,
}

/// One Annex IV or Art. 13(3) item of a system.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AiItemView<'a> {
    pub key: &'static str,
    pub clause: &'static str,
    pub label: &'static str,
    pub title: &'static str,
    pub required: bool,
    /// The filled fields shown under the item, in order.
    pub fields: Vec<AiField>,
    /// Field paths still empty.
    pub missing: Vec<&'static str>,
    /// Whether it has neither a filled field nor a table row.
    pub empty: bool,
    pub tables: AiTables<'a>,
}

/// A filled field shown under an item.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AiField {
    /// Its caption, `""` when the item shows this one field only.
    pub label: &'static str,
    /// The text, trimmed.
    pub text: String,
    /// Markdown (embedded as written) rather than plain text (escaped).
    pub markdown: bool,
}

/// The tables under an item; those that do not belong to it are empty.
#[derive(Debug, Default, Serialize, JsonSchema, TS)]
pub struct AiTables<'a> {
    pub components: &'a [ThirdPartyComponent],
    pub datasets: Vec<DatasetRow<'a>>,
    pub performance: Vec<PerformanceRow<'a>>,
    pub changes: Vec<LifecycleRow<'a>>,
    pub standards: &'a [StandardApplied],
    pub indicators: &'a [MonitoringIndicator],
}

impl AiTables<'_> {
    fn is_empty(&self) -> bool {
        self.components.is_empty()
            && self.datasets.is_empty()
            && self.performance.is_empty()
            && self.changes.is_empty()
            && self.standards.is_empty()
            && self.indicators.is_empty()
    }
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct DatasetRow<'a> {
    pub name: &'a str,
    /// The purpose's name, `""` when none.
    pub purpose: &'static str,
    pub provenance: &'a str,
    pub size: &'a str,
    pub collection_period: &'a str,
    pub population: &'a str,
    /// `attribute: group (share)` per demographic group.
    pub demographics: Vec<String>,
    pub labelling: &'a str,
    pub cleaning: &'a str,
    pub licence: &'a str,
    pub url: &'a str,
}

/// A row of the performance table, numbers formatted.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct PerformanceRow<'a> {
    pub metric: &'a str,
    pub class: &'a str,
    /// Up to four decimals; `""` when none.
    pub value: String,
    /// `lower–upper (level %)`; `""` when none.
    pub ci: String,
    pub dataset: &'a str,
    pub subgroup: &'a str,
    /// `CI lower ≥ 0.9`; `""` when none.
    pub criterion: String,
    /// `pass`, `FAIL` or `""` (no criterion or no value).
    pub verdict: &'static str,
    pub pass: bool,
    pub fail: bool,
    pub note: &'a str,
    /// How findings name the row.
    pub label: String,
}

#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct LifecycleRow<'a> {
    pub version: &'a str,
    pub date: &'a str,
    pub description: &'a str,
    /// `yes` or `no`.
    pub under_pccp: &'static str,
}

/// An item with a field still empty.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AiEmptyItem {
    pub key: &'static str,
    pub clause: &'static str,
    pub title: &'static str,
}

/// Verdicts over the performance table.
#[derive(Debug, Serialize, JsonSchema, TS)]
pub struct AiMetrics {
    pub total: usize,
    pub pass: usize,
    pub fail: usize,
    /// Rows without a criterion or a value.
    pub open: usize,
}

/// The fields shown under the item `key` (the catalogue's `shown`).
fn display(key: &str) -> &'static [Shown] {
    items::by_key(key).map_or(&[], |it| it.shown)
}

fn lookup<'a>(v: &'a Value, path: &str) -> &'a Value {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.get(part).unwrap_or(&Value::Null);
    }
    cur
}

/// The filled fields shown under the item `key`; labelled only when the
/// item shows more than one field.
fn fields(key: &str, system: &Value) -> Vec<AiField> {
    let shown = display(key);
    shown
        .iter()
        .filter_map(
            |Shown {
                 field: path,
                 label,
                 kind,
             }| {
                let text = lookup(system, path).as_str().unwrap_or("").trim();
                (!text.is_empty()).then(|| AiField {
                    label: if shown.len() > 1 { label } else { "" },
                    text: text.to_string(),
                    markdown: *kind == Kind::Md,
                })
            },
        )
        .collect()
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

fn row(r: &PerformanceResult) -> PerformanceRow<'_> {
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
    PerformanceRow {
        metric: &r.metric,
        class: &r.class,
        value: r.value.map(num).unwrap_or_default(),
        ci,
        dataset: &r.dataset,
        subgroup: &r.subgroup,
        criterion,
        verdict: match verdict {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::NoCriterion | Verdict::NoValue => "",
        },
        pass: verdict == Verdict::Pass,
        fail: verdict == Verdict::Fail,
        note: &r.note,
        label: row_label(r),
    }
}

fn tables<'a>(key: &str, s: &'a AiSystem) -> AiTables<'a> {
    let mut t = AiTables::default();
    match key {
        "iv-2a" => t.components = &s.third_party_components,
        "iv-2d" => {
            t.datasets = s
                .datasets
                .iter()
                .map(|d| DatasetRow {
                    name: &d.name,
                    purpose: d.purpose.map(|p| p.as_str()).unwrap_or(""),
                    provenance: &d.provenance,
                    size: &d.size,
                    collection_period: &d.collection_period,
                    population: &d.population,
                    demographics: d
                        .demographics
                        .iter()
                        .map(|g| {
                            if g.share.is_empty() {
                                g.label()
                            } else {
                                format!("{} ({})", g.label(), g.share)
                            }
                        })
                        .collect(),
                    labelling: &d.labelling,
                    cleaning: &d.cleaning,
                    licence: &d.licence,
                    url: &d.url,
                })
                .collect()
        }
        "iv-2g" => t.performance = s.performance.iter().map(row).collect(),
        "iv-3-capabilities" | "13-b-v" => {
            t.performance = s
                .performance
                .iter()
                .filter(|r| !r.subgroup.trim().is_empty())
                .map(row)
                .collect()
        }
        "13-b-ii" => {
            t.performance = s
                .performance
                .iter()
                .filter(|r| r.subgroup.trim().is_empty())
                .map(row)
                .collect()
        }
        "iv-6" => {
            t.changes = s
                .lifecycle_changes
                .iter()
                .map(|c| LifecycleRow {
                    version: &c.version,
                    date: &c.date,
                    description: &c.description,
                    under_pccp: if c.under_pccp { "yes" } else { "no" },
                })
                .collect()
        }
        "iv-7" => t.standards = &s.standards,
        "iv-9" => t.indicators = &s.post_market_monitoring.indicators,
        _ => {}
    }
    t
}

fn item_view<'a>(it: &Item, s: &'a AiSystem, json: &Value) -> AiItemView<'a> {
    let missing = items::empty_fields(it, json)
        .into_iter()
        .map(|f| f.trim_end_matches("[subgroup]"))
        .collect();
    let tables = tables(it.key, s);
    let fields = fields(it.key, json);
    AiItemView {
        key: it.key,
        clause: it.clause,
        label: it.label,
        title: it.title,
        required: it.need == items::Need::Required,
        empty: fields.is_empty() && tables.is_empty(),
        fields,
        missing,
        tables,
    }
}

fn system_view(s: &AiSystem) -> AiSystemView<'_> {
    let json = items::system_json(s);
    let sections = ANNEX_IV_SECTIONS
        .iter()
        .map(|(number, title)| AnnexIvSection {
            number,
            title,
            items: ANNEX_IV
                .iter()
                .filter(|it| items::section(it) == *number)
                .map(|it| item_view(it, s, &json))
                .collect(),
        })
        .collect();
    let deployer = ART_13_3.iter().map(|it| item_view(it, s, &json)).collect();
    let empty_items = items::all()
        .filter(|it| !items::empty_fields(it, &json).is_empty())
        .map(|it| AiEmptyItem {
            key: it.key,
            clause: it.clause,
            title: it.title,
        })
        .collect();
    let (mut pass, mut fail, mut open) = (0, 0, 0);
    for r in &s.performance {
        match r.verdict() {
            Verdict::Pass => pass += 1,
            Verdict::Fail => fail += 1,
            Verdict::NoCriterion | Verdict::NoValue => open += 1,
        }
    }
    AiSystemView {
        name: &s.name,
        version: &s.version,
        provider: &s.provider.name,
        model_type: &s.model_type,
        architecture: &s.architecture,
        software_item: &s.software_item,
        sections,
        deployer,
        empty_items,
        metrics: AiMetrics {
            total: s.performance.len(),
            pass,
            fail,
            open,
        },
    }
}

pub fn view(tf: &TechFile) -> AiView<'_> {
    let systems: Vec<AiSystemView> = tf.ai.systems.iter().map(system_view).collect();
    AiView {
        has_systems: !systems.is_empty(),
        systems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{embed_markdown, escape_inline};

    /// The Markdown `body` the view composed in Rust before the templates
    /// did: the reference `templates/ai-fields.md.hbs` must reproduce.
    fn reference_body(key: &str, system: &Value) -> String {
        let fields = display(key);
        let mut out = String::new();
        for Shown {
            field: path,
            label,
            kind,
        } in fields
        {
            let text = lookup(system, path).as_str().unwrap_or("").trim();
            if text.is_empty() {
                continue;
            }
            let labelled = fields.len() > 1 && !label.is_empty();
            match (kind, labelled) {
                (Kind::Plain, true) => {
                    out.push_str(&format!("**{label}:** {}\n\n", escape_inline(text)))
                }
                (Kind::Plain, false) => out.push_str(&format!("{}\n\n", escape_inline(text))),
                (Kind::Md, true) => out.push_str(&format!("**{label}**\n\n{text}\n\n")),
                (Kind::Md, false) => out.push_str(&format!("{text}\n\n")),
            }
        }
        out.trim_end().to_string()
    }

    fn hostile(s: &mut AiSystem) {
        let texts = [
            "  *v1_2* | # [x] <b> & {y}  ",
            "```\nunclosed fence\n\n# not a heading",
            "1. first\n2. second",
            "- item\n\n  indented\n\n    code",
            "# Heading\nText\n===\n<script>x</script>",
            "+ plus\n\n\n\nafter blank lines",
        ];
        let mut i = 0;
        let mut next = || {
            i += 1;
            texts[i % texts.len()].to_string()
        };
        s.name = next();
        s.version = next();
        s.provider.name = next();
        s.provider.contact = next();
        s.model_type = next();
        s.architecture = next();
        s.software_item = next();
        s.description.summary = next();
        s.description.intended_purpose = next();
        s.description.context_of_use = next();
        s.development.system_architecture = next();
        s.development.compute_resources = next();
        s.development.design_specifications = next();
        s.pccp.planned_changes = next();
        s.pccp.modification_protocol = next();
        s.monitoring.unintended_outcomes = next();
        s.monitoring.foreseeable_misuse = next();
        s.deployer.compute_and_hardware = next();
        s.deployer.expected_lifetime = next();
        s.logging = next();
    }

    #[test]
    fn the_fields_template_writes_what_the_view_composed_before() {
        let hb = crate::render::registry(None).expect("registry");
        let mut tf = crate::example::example().expect("example");
        let mut s = tf.ai.systems.first().cloned().unwrap_or_default();
        hostile(&mut s);
        tf.ai.systems.push(s);
        let mut partial = tf.ai.systems[0].clone();
        partial.provider.name.clear();
        partial.description.context_of_use = "   ".into();
        tf.ai.systems.push(partial);
        let mut checked = 0;
        for s in &tf.ai.systems {
            let json = items::system_json(s);
            for it in items::all() {
                let view = item_view(it, s, &json);
                let reference = reference_body(it.key, &json);
                assert_eq!(view.fields.is_empty(), reference.is_empty(), "{}", it.key);
                for level in [3, 4] {
                    let got = hb
                        .render_template(
                            &format!("{{{{#embed {level}}}}}{{{{> ai-fields}}}}{{{{/embed}}}}"),
                            &view,
                        )
                        .expect("render");
                    assert_eq!(got, embed_markdown(&reference, level, None), "{}", it.key);
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
