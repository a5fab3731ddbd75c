//! The catalogue of AI Act Annex IV items and Art. 13(3) items, each mapped to
//! the field(s) of `AiSystem` that answer it. Checks (which items are empty),
//! the rendered chapters (Annex IV order) and the desktop form all walk this
//! one list, so an item cannot be checked but not shown, or shown but not
//! checked. It owns no text of the user's.

use serde_json::Value;

use super::model::AiSystem;

/// Whether an item must be answered in every file, or where it applies (then
/// an empty item asks the writer to fill it or to say why it does not apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    WhereApplicable,
}

/// How an item's fields answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every field must be filled; each empty one is reported.
    All,
    /// One filled field answers it (e.g. standards *or* other solutions).
    Any,
}

/// One item of Annex IV or Art. 13(3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Unique key, stable for the UI, e.g. `iv-2d`, `13-b-ii`.
    pub key: &'static str,
    /// The clause id findings cite, e.g. `AIA-IV-2(d)`, `AIA-13-3(b)(ii)`.
    pub clause: &'static str,
    /// The sub-item label as in the legal text, e.g. `2(d)`, `(b)(ii)`.
    pub label: &'static str,
    pub title: &'static str,
    /// Field paths relative to `ai.systems[i]`. `performance[subgroup]` means the
    /// performance rows that name a subgroup.
    pub fields: &'static [&'static str],
    pub need: Need,
    pub mode: Mode,
}

const fn item(
    key: &'static str,
    clause: &'static str,
    label: &'static str,
    title: &'static str,
    fields: &'static [&'static str],
    need: Need,
    mode: Mode,
) -> Item {
    Item {
        key,
        clause,
        label,
        title,
        fields,
        need,
        mode,
    }
}

use Mode::{All, Any};
use Need::{Required, WhereApplicable};

/// The sections of Annex IV: (number, title).
pub const ANNEX_IV_SECTIONS: &[(&str, &str)] = &[
    ("1", "General description of the AI system"),
    ("2", "Elements of the AI system and its development process"),
    ("3", "Monitoring, functioning and control"),
    ("4", "Appropriateness of the performance metrics"),
    ("5", "Risk management system (Art. 9)"),
    ("6", "Relevant changes over the lifecycle"),
    ("7", "Harmonised standards and other solutions applied"),
    ("8", "EU declaration of conformity"),
    ("9", "Post-market monitoring plan (Art. 72)"),
];

/// AI Act Annex IV, in its order.
pub const ANNEX_IV: &[Item] = &[
    item(
        "iv-1a",
        "AIA-IV-1(a)",
        "1(a)",
        "Intended purpose, provider and version",
        &[
            "version",
            "provider.name",
            "description.intended_purpose",
            "description.context_of_use",
        ],
        Required,
        All,
    ),
    item(
        "iv-1a-previous",
        "AIA-IV-1(a)",
        "1(a)",
        "Relation to previous versions",
        &["description.previous_versions"],
        WhereApplicable,
        All,
    ),
    item(
        "iv-1b",
        "AIA-IV-1(b)",
        "1(b)",
        "Interaction with hardware and software outside the AI system",
        &["description.interactions"],
        WhereApplicable,
        All,
    ),
    item(
        "iv-1c",
        "AIA-IV-1(c)",
        "1(c)",
        "Versions of relevant software or firmware and update requirements",
        &["description.software_versions"],
        Required,
        All,
    ),
    item(
        "iv-1d",
        "AIA-IV-1(d)",
        "1(d)",
        "Forms of placing on the market or putting into service",
        &["description.forms_of_placing"],
        Required,
        All,
    ),
    item(
        "iv-1e",
        "AIA-IV-1(e)",
        "1(e)",
        "Hardware on which the AI system is intended to run",
        &["description.hardware"],
        Required,
        All,
    ),
    item(
        "iv-1f",
        "AIA-IV-1(f)",
        "1(f)",
        "External features, marking and internal layout of products it is a component of",
        &["description.product_illustrations"],
        WhereApplicable,
        All,
    ),
    item(
        "iv-1g",
        "AIA-IV-1(g)",
        "1(g)",
        "User interface provided to the deployer",
        &["description.user_interface"],
        Required,
        All,
    ),
    item(
        "iv-1h",
        "AIA-IV-1(h)",
        "1(h)",
        "Instructions for use for the deployer",
        &["description.instructions_for_use"],
        Required,
        All,
    ),
    item(
        "iv-2a",
        "AIA-IV-2(a)",
        "2(a)",
        "Development methods and steps, pre-trained systems and third-party tools",
        &["development.methods"],
        Required,
        All,
    ),
    item(
        "iv-2b",
        "AIA-IV-2(b)",
        "2(b)",
        "Design specifications, key design choices and assumptions",
        &[
            "model_type",
            "architecture",
            "development.design_specifications",
        ],
        Required,
        All,
    ),
    item(
        "iv-2c",
        "AIA-IV-2(c)",
        "2(c)",
        "System architecture and computational resources",
        &[
            "development.system_architecture",
            "development.compute_resources",
        ],
        Required,
        All,
    ),
    item(
        "iv-2d",
        "AIA-IV-2(d)",
        "2(d)",
        "Data requirements and datasheets",
        &["development.data_requirements", "datasets"],
        Required,
        All,
    ),
    item(
        "iv-2e",
        "AIA-IV-2(e)",
        "2(e)",
        "Assessment of the human oversight measures (Art. 14)",
        &["development.human_oversight_assessment"],
        Required,
        All,
    ),
    item(
        "iv-2f",
        "AIA-IV-2(f)",
        "2(f)",
        "Pre-determined changes and continuous compliance",
        &["pccp.planned_changes"],
        WhereApplicable,
        All,
    ),
    item(
        "iv-2g",
        "AIA-IV-2(g)",
        "2(g)",
        "Validation and testing procedures, metrics and results",
        &["development.validation_and_testing", "performance"],
        Required,
        All,
    ),
    item(
        "iv-2h",
        "AIA-IV-2(h)",
        "2(h)",
        "Cybersecurity measures",
        &["development.cybersecurity_measures"],
        Required,
        All,
    ),
    item(
        "iv-3-capabilities",
        "AIA-IV-3",
        "3",
        "Capabilities and limitations in performance, accuracy for specific groups",
        &["monitoring.capabilities_and_limitations"],
        Required,
        All,
    ),
    item(
        "iv-3-outcomes",
        "AIA-IV-3",
        "3",
        "Foreseeable unintended outcomes and sources of risk",
        &["monitoring.unintended_outcomes"],
        Required,
        All,
    ),
    item(
        "iv-3-oversight",
        "AIA-IV-3",
        "3",
        "Human oversight measures (Art. 14)",
        &["monitoring.human_oversight"],
        Required,
        All,
    ),
    item(
        "iv-3-input",
        "AIA-IV-3",
        "3",
        "Specifications on input data",
        &["monitoring.input_data_specification"],
        Required,
        All,
    ),
    item(
        "iv-4",
        "AIA-IV-4",
        "4",
        "Why the performance metrics are appropriate",
        &["metrics_rationale"],
        Required,
        All,
    ),
    item(
        "iv-5",
        "AIA-IV-5",
        "5",
        "Risk management system (Art. 9)",
        &["risk_management"],
        Required,
        All,
    ),
    item(
        "iv-6",
        "AIA-IV-6",
        "6",
        "Relevant changes made through the lifecycle",
        &["lifecycle_changes"],
        WhereApplicable,
        All,
    ),
    item(
        "iv-7",
        "AIA-IV-7",
        "7",
        "Harmonised standards, common specifications or other solutions applied",
        &["standards", "other_solutions"],
        Required,
        Any,
    ),
    item(
        "iv-8",
        "AIA-IV-8",
        "8",
        "Copy of the EU declaration of conformity (Art. 47)",
        &["declaration_of_conformity"],
        Required,
        All,
    ),
    item(
        "iv-9",
        "AIA-IV-9",
        "9",
        "Post-market monitoring system and plan (Art. 72)",
        &["post_market_monitoring.plan"],
        Required,
        All,
    ),
];

/// AI Act Art. 13(3), in its order.
pub const ART_13_3: &[Item] = &[
    item(
        "13-a",
        "AIA-13-3(a)",
        "(a)",
        "Identity and contact details of the provider",
        &["provider.name", "provider.contact"],
        Required,
        All,
    ),
    item(
        "13-b-i",
        "AIA-13-3(b)(i)",
        "(b)(i)",
        "Intended purpose",
        &["description.intended_purpose"],
        Required,
        All,
    ),
    item(
        "13-b-ii",
        "AIA-13-3(b)(ii)",
        "(b)(ii)",
        "Accuracy, robustness and cybersecurity: levels and metrics",
        &[
            "accuracy_robustness_cybersecurity.accuracy",
            "accuracy_robustness_cybersecurity.robustness",
            "accuracy_robustness_cybersecurity.cybersecurity",
            "performance",
        ],
        Required,
        All,
    ),
    item(
        "13-b-ii-circumstances",
        "AIA-13-3(b)(ii)",
        "(b)(ii)",
        "Circumstances that may affect accuracy, robustness and cybersecurity",
        &["accuracy_robustness_cybersecurity.circumstances_affecting_performance"],
        Required,
        All,
    ),
    item(
        "13-b-iii",
        "AIA-13-3(b)(iii)",
        "(b)(iii)",
        "Circumstances of use or foreseeable misuse that may lead to risks",
        &[
            "monitoring.unintended_outcomes",
            "monitoring.foreseeable_misuse",
        ],
        Required,
        All,
    ),
    item(
        "13-b-iv",
        "AIA-13-3(b)(iv)",
        "(b)(iv)",
        "Capabilities to explain the output",
        &["deployer.explainability"],
        WhereApplicable,
        All,
    ),
    item(
        "13-b-v",
        "AIA-13-3(b)(v)",
        "(b)(v)",
        "Performance for specific persons or groups",
        &["performance[subgroup]"],
        WhereApplicable,
        All,
    ),
    item(
        "13-b-vi",
        "AIA-13-3(b)(vi)",
        "(b)(vi)",
        "Specifications for the input data",
        &["monitoring.input_data_specification"],
        WhereApplicable,
        All,
    ),
    item(
        "13-b-vii",
        "AIA-13-3(b)(vii)",
        "(b)(vii)",
        "Interpreting the output and using it appropriately",
        &["deployer.output_interpretation"],
        Required,
        All,
    ),
    item(
        "13-c",
        "AIA-13-3(c)",
        "(c)",
        "Pre-determined changes to the system and its performance",
        &["pccp.planned_changes"],
        WhereApplicable,
        All,
    ),
    item(
        "13-d",
        "AIA-13-3(d)",
        "(d)",
        "Human oversight measures (Art. 14)",
        &["monitoring.human_oversight"],
        Required,
        All,
    ),
    item(
        "13-e",
        "AIA-13-3(e)",
        "(e)",
        "Computational and hardware resources, expected lifetime, maintenance",
        &[
            "deployer.compute_and_hardware",
            "deployer.expected_lifetime",
            "deployer.maintenance",
        ],
        Required,
        All,
    ),
    item(
        "13-f",
        "AIA-13-3(f)",
        "(f)",
        "Logging: collecting, storing and interpreting logs (Art. 12)",
        &["logging"],
        WhereApplicable,
        All,
    ),
];

/// Every item: Annex IV, then Art. 13(3).
pub fn all() -> impl Iterator<Item = &'static Item> {
    ANNEX_IV.iter().chain(ART_13_3.iter())
}

/// The item with this key.
pub fn by_key(key: &str) -> Option<&'static Item> {
    all().find(|i| i.key == key)
}

/// The Annex IV section an item belongs to (`2` for `2(d)`).
pub fn section(item: &Item) -> &'static str {
    let end = item.label.find('(').unwrap_or(item.label.len());
    &item.label[..end]
}

/// Whether the field at `path` (relative to a system serialised as JSON) is empty.
/// An unknown path counts as empty (the catalogue test keeps every path real).
pub fn field_is_empty(system: &Value, path: &str) -> bool {
    if path == "performance[subgroup]" {
        return !system["performance"].as_array().is_some_and(|rows| {
            rows.iter()
                .any(|r| r["subgroup"].as_str().is_some_and(|s| !s.trim().is_empty()))
        });
    }
    let mut v = system;
    for part in path.split('.') {
        match v.get(part) {
            Some(next) => v = next,
            None => return true,
        }
    }
    value_is_empty(v)
}

pub fn value_is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(value_is_empty),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The fields of `item` that are empty in `system`, as the findings report them.
/// With `Mode::Any`, the item is empty only when all its fields are.
pub fn empty_fields(item: &Item, system: &Value) -> Vec<&'static str> {
    let empty: Vec<&'static str> = item
        .fields
        .iter()
        .copied()
        .filter(|f| field_is_empty(system, f))
        .collect();
    match item.mode {
        Mode::All => empty,
        Mode::Any if empty.len() == item.fields.len() => empty,
        Mode::Any => Vec::new(),
    }
}

/// The system as the JSON the catalogue's paths refer to.
pub fn system_json(s: &AiSystem) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_path_names_a_real_field() {
        let v = system_json(&AiSystem::default());
        for it in all() {
            for f in it.fields {
                if *f == "performance[subgroup]" {
                    continue;
                }
                let mut cur = &v;
                for part in f.split('.') {
                    cur = cur
                        .get(part)
                        .unwrap_or_else(|| panic!("{}: no field {f}", it.key));
                }
            }
        }
    }

    #[test]
    fn keys_are_unique_and_every_annex_iv_sub_item_is_covered() {
        let mut keys: Vec<&str> = all().map(|i| i.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate item keys");
        for label in [
            "1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)", "1(g)", "1(h)", "2(a)", "2(b)", "2(c)",
            "2(d)", "2(e)", "2(f)", "2(g)", "2(h)", "3", "4", "5", "6", "7", "8", "9",
        ] {
            assert!(
                ANNEX_IV.iter().any(|i| i.label == label),
                "Annex IV {label} missing"
            );
        }
        for label in [
            "(a)", "(b)(i)", "(b)(ii)", "(b)(iii)", "(b)(iv)", "(b)(v)", "(b)(vi)", "(b)(vii)",
            "(c)", "(d)", "(e)", "(f)",
        ] {
            assert!(
                ART_13_3.iter().any(|i| i.label == label),
                "Art. 13(3){label} missing"
            );
        }
        for it in all() {
            assert!(
                crate::model::clauses::is_known(it.clause),
                "{} not a known clause",
                it.clause
            );
        }
    }

    #[test]
    fn any_mode_needs_one_field_only() {
        let mut s = AiSystem::default();
        let it = by_key("iv-7").expect("item");
        assert_eq!(empty_fields(it, &system_json(&s)).len(), 2);
        s.other_solutions = "Common specification X".into();
        assert!(empty_fields(it, &system_json(&s)).is_empty());
    }
}
