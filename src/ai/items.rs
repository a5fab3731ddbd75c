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
    /// The fields printed under the item in the technical file, in order
    /// (usually the item's own; a few show context the reader needs).
    pub shown: &'static [Shown],
}

/// A field printed under an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Path relative to `ai.systems[i]`.
    pub field: &'static str,
    /// Its caption, used when the item shows more than one field.
    pub label: &'static str,
    pub kind: Kind,
}

/// How a shown field is written into the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Markdown-bodied field, embedded as written.
    Md,
    /// A plain field, escaped.
    Plain,
}

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

// `ANNEX_IV` and `ART_13_3`: the catalogue is data, `items.toml` beside
// this file; build.rs writes the tables from it.
include!(concat!(env!("OUT_DIR"), "/ai_items.rs"));

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
            let shown = it.shown.iter().map(|s| &s.field);
            for f in it.fields.iter().chain(shown) {
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
