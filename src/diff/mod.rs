//! What changed between two versions of a technical file (`techfile diff`,
//! the desktop's "Compare with…"): a semantic diff of the model, not of its
//! text. `value` compares the two models as JSON values, matching list
//! elements by identity; this module groups the differences by part and
//! object (a device field, a chapter paragraph by paragraph, a document, a
//! GSPR row, a component per software item, a vulnerability and its VEX
//! states, a risk entry with its computed risks, an AI system) and writes
//! the summary a regulatory affairs manager pastes into a change
//! notification; `render` writes it as text, Markdown or JSON.

pub mod render;
pub mod value;

use serde::Serialize;
use serde_json::Value;

use crate::model::TechFile;
use value::{path_string, Leaf, Seg};

/// The two versions compared and every change, by section.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    /// One line per section with changes, then nothing else: ready to paste.
    pub summary: Vec<String>,
    pub sections: Vec<Section>,
}

/// The identity of one version: from its document control.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Side {
    pub document_id: String,
    pub title: String,
    pub version: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Section {
    /// Stable id: `device`, `chapters`, `sbom:<software item>`, ...
    pub id: String,
    pub title: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One object or field that changed: a risk entry, a component, the trade
/// name.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Entry {
    pub change: Change,
    /// What a reader calls it: `R-003 (Missed ventricular fibrillation)`,
    /// `numpy (pkg:pypi/numpy)`, `Trade name`.
    pub subject: String,
    /// Its model path: `risk.entries[R-003]`, `device.trade_name`.
    pub path: String,
    /// For a changed object, what changed in it (empty for a plain field,
    /// whose old and new value are the entry's single detail).
    pub details: Vec<Detail>,
}

/// A changed field of an entry, or a paragraph of a text.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Detail {
    pub change: Change,
    /// `version`, `controls › RC-2`, `paragraph 3`; empty for the entry's
    /// own value.
    pub field: String,
    pub old: String,
    pub new: String,
    /// For a list of plain values: what it gained and lost (empty
    /// otherwise).
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Diff {
    /// No change at all.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The number of entries (changed objects and fields).
    pub fn count(&self) -> usize {
        self.sections.iter().map(|s| s.entries.len()).sum()
    }
}

/// The sections in the order a technical file presents them; SBOM
/// sections (one per software item) sit where `sbom` is.
const ORDER: &[(&str, &str)] = &[
    ("document", "Document control"),
    ("applicability", "Applicability"),
    ("device", "Device"),
    ("software_items", "Software items"),
    ("chapters", "Chapters"),
    ("documents", "Document register"),
    ("gspr", "GSPR matrix"),
    ("standards", "Standards register"),
    ("sbom", "SBOM documents"),
    ("vulnerabilities", "Vulnerabilities and VEX"),
    ("risk", "Risk management"),
    ("ai", "AI systems"),
    ("declaration", "Declaration of conformity"),
];

/// Compares two versions of a technical file.
pub fn diff(old: &TechFile, new: &TechFile) -> Diff {
    let a = serde_json::to_value(old).unwrap_or(Value::Null);
    let b = serde_json::to_value(new).unwrap_or(Value::Null);
    let mut leaves = Vec::new();
    value::diff(&a, &b, &mut leaves);

    let mut sections: Vec<Section> = Vec::new();
    let mut push =
        |id: String, title: String, entry: Entry| match sections.iter_mut().find(|s| s.id == id) {
            Some(s) => s.entries.push(entry),
            None => sections.push(Section {
                id,
                title,
                entries: vec![entry],
            }),
        };
    for (prefix, group) in group_by_entry(&leaves) {
        let Some(Seg::Field(top)) = prefix.first() else {
            continue;
        };
        if top == "schema_version" {
            // A v1 file is read into the current schema: the version
            // number is how it is stored, not a change of the file.
            continue;
        }
        let entry = entry(&prefix, &group, (old, &a), (new, &b));
        match section_of(&prefix, &a, &b) {
            SectionId::Fixed(id) => {
                let title = ORDER.iter().find(|(i, _)| *i == id).map_or(id, |(_, t)| *t);
                push(id.to_string(), title.to_string(), entry);
            }
            SectionId::Items(items) => {
                for item in items {
                    let (id, title) = if item.is_empty() {
                        ("sbom:".to_string(), "SBOM (no software item)".to_string())
                    } else {
                        (format!("sbom:{item}"), format!("SBOM of {item}"))
                    };
                    push(id, title, entry.clone());
                }
            }
        }
    }
    sections.sort_by_key(|s| rank(&s.id));
    let summary = summary(old, new, &sections);
    Diff {
        old: side(old),
        new: side(new),
        summary,
        sections,
    }
}

fn side(tf: &TechFile) -> Side {
    Side {
        document_id: tf.document.document_id.clone(),
        title: tf.document.title.clone(),
        version: tf.document.version.clone(),
        date: tf.document.date.clone(),
    }
}

/// Position of a section: by `ORDER`, the SBOM of each software item after
/// the standards register, by item name.
fn rank(id: &str) -> (usize, String) {
    if let Some(item) = id.strip_prefix("sbom:") {
        let at = ORDER.iter().position(|(i, _)| *i == "sbom").unwrap_or(0);
        return (at, format!("0{item}"));
    }
    let at = ORDER
        .iter()
        .position(|(i, _)| *i == id)
        .unwrap_or(ORDER.len());
    (at, "1".into())
}

enum SectionId {
    Fixed(&'static str),
    /// The SBOM sections of these software items.
    Items(Vec<String>),
}

fn section_of(prefix: &[Seg], a: &Value, b: &Value) -> SectionId {
    let f = |i: usize| match prefix.get(i) {
        Some(Seg::Field(f)) => f.as_str(),
        _ => "",
    };
    let id = match (f(0), f(1)) {
        ("sbom", "components") => {
            let mut items = component_items(prefix, a, b);
            if items.is_empty() {
                items.push(String::new());
            }
            return SectionId::Items(items);
        }
        ("sbom", "vulnerabilities") => "vulnerabilities",
        ("sbom", _) => "sbom",
        (top, _) => ORDER
            .iter()
            .map(|(i, _)| *i)
            .find(|i| *i == top)
            .unwrap_or("document"),
    };
    SectionId::Fixed(id)
}

/// The software items a component belongs to, old and new.
fn component_items(prefix: &[Seg], a: &Value, b: &Value) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for v in [element(a, prefix, false), element(b, prefix, true)]
        .into_iter()
        .flatten()
    {
        for i in v
            .get("items")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(s) = i.as_str() {
                if !items.iter().any(|x| x == s) {
                    items.push(s.to_string());
                }
            }
        }
    }
    items
}

/// Leaves grouped by the object they belong to: the path up to its first
/// list element (`risk.entries[R-1]`), or the leaf's own path for a plain
/// field (`device.trade_name`). Groups keep the order of their first leaf.
fn group_by_entry(leaves: &[Leaf]) -> Vec<(Vec<Seg>, Vec<&Leaf>)> {
    let mut groups: Vec<(Vec<Seg>, Vec<&Leaf>)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for l in leaves {
        let end = l
            .path
            .iter()
            .position(|s| !matches!(s, Seg::Field(_)))
            .map_or(l.path.len(), |i| i + 1);
        let prefix = l.path[..end].to_vec();
        let key = path_string(&prefix);
        match at.get(&key) {
            Some(&i) => groups[i].1.push(l),
            None => {
                at.insert(key, groups.len());
                groups.push((prefix, vec![l]));
            }
        }
    }
    groups
}

/// The element a group's prefix names, on one side (`new` or old).
fn element<'a>(root: &'a Value, prefix: &[Seg], new: bool) -> Option<&'a Value> {
    let mut v = root;
    for seg in prefix {
        v = match seg {
            Seg::Field(f) => v.get(f)?,
            Seg::Index(n) => v.get(n)?,
            Seg::Key(_, i, j) => v.get(if new { (*j)? } else { (*i)? })?,
        };
    }
    Some(v)
}

fn entry(
    prefix: &[Seg],
    group: &[&Leaf],
    (old, a): (&TechFile, &Value),
    (new, b): (&TechFile, &Value),
) -> Entry {
    let path = path_string(prefix);
    let whole = group.len() == 1 && group[0].path.len() == prefix.len();
    let keyed = matches!(prefix.last(), Some(Seg::Key(..) | Seg::Index(_)));
    if !keyed {
        // A plain field: its label, its old and new value.
        let l = group[0];
        return Entry {
            change: change_of(l),
            subject: field_label(prefix),
            path,
            details: value_details("", l),
        };
    }
    if whole && (group[0].old.is_none() || group[0].new.is_none()) {
        let l = group[0];
        let v = l.old.as_ref().or(l.new.as_ref()).unwrap_or(&Value::Null);
        return Entry {
            change: change_of(l),
            subject: subject(prefix, v),
            path,
            details: Vec::new(),
        };
    }
    let current = element(b, prefix, true).or_else(|| element(a, prefix, false));
    let mut details = Vec::new();
    for l in group {
        let rest = &l.path[prefix.len()..];
        details.extend(value_details(&relative_label(prefix, rest), l));
    }
    if let (Some(Seg::Field(top)), Some(Seg::Field(list)), Some(Seg::Key(id, ..))) =
        (prefix.first(), prefix.get(1), prefix.get(2))
    {
        if top == "risk" && list == "entries" {
            details.extend(risk_details(old, new, id));
        }
    }
    let mut subject = current.map_or_else(|| path.clone(), |v| subject(prefix, v));
    if let Some(v) = details.iter().find(|d| d.field == "version") {
        // `logback-core 1.5.8 → 1.5.9`: the upgrade is what a reader looks for.
        if let Some(name) = subject.strip_suffix(&format!(" {}", v.new)) {
            subject = format!("{name} {} → {}", v.old, v.new);
        }
    }
    Entry {
        change: Change::Changed,
        subject,
        path,
        details,
    }
}

fn change_of(l: &Leaf) -> Change {
    match (&l.old, &l.new) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ => Change::Changed,
    }
}

/// The details of one leaf: a text with paragraphs is compared paragraph
/// by paragraph, a list of plain values by what it gained and lost.
fn value_details(field: &str, l: &Leaf) -> Vec<Detail> {
    let change = change_of(l);
    let detail = |change, field: String, old: String, new: String| Detail {
        change,
        field,
        old,
        new,
        added: Vec::new(),
        removed: Vec::new(),
    };
    match (&l.old, &l.new) {
        (Some(Value::String(a)), Some(Value::String(b)))
            if a.contains("\n\n") || b.contains("\n\n") =>
        {
            paragraphs(field, a, b)
        }
        (Some(Value::Array(a)), Some(Value::Array(b)))
            if a.iter().chain(b).all(|v| !v.is_object()) =>
        {
            let (sa, sb): (Vec<String>, Vec<String>) =
                (a.iter().map(plain).collect(), b.iter().map(plain).collect());
            let added: Vec<String> = sb.iter().filter(|x| !sa.contains(x)).cloned().collect();
            let removed: Vec<String> = sa.iter().filter(|x| !sb.contains(x)).cloned().collect();
            vec![Detail {
                change,
                field: field.to_string(),
                old: sa.join(", "),
                new: sb.join(", "),
                added,
                removed,
            }]
        }
        (old, new) => vec![detail(
            change,
            field.to_string(),
            old.as_ref().map(short).unwrap_or_default(),
            new.as_ref().map(short).unwrap_or_default(),
        )],
    }
}

/// Paragraph-by-paragraph changes of a Markdown text (`similar`'s
/// Patience diff over paragraphs separated by blank lines).
fn paragraphs(field: &str, a: &str, b: &str) -> Vec<Detail> {
    let split = |s: &str| -> Vec<String> {
        s.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (pa, pb) = (split(a), split(b));
    let label = |n: usize| {
        if field.is_empty() {
            format!("paragraph {n}")
        } else {
            format!("{field} › paragraph {n}")
        }
    };
    let mut out = Vec::new();
    let mut d = |change, n: usize, old: &str, new: &str| {
        out.push(Detail {
            change,
            field: label(n),
            old: old.to_string(),
            new: new.to_string(),
            added: Vec::new(),
            removed: Vec::new(),
        })
    };
    use similar::DiffOp;
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &pa, &pb) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
                ..
            } => {
                for p in &pa[old_index..old_index + old_len] {
                    d(Change::Removed, new_index + 1, p, "");
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for (j, p) in pb.iter().enumerate().skip(new_index).take(new_len) {
                    d(Change::Added, j + 1, "", p);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len.max(new_len) {
                    match (
                        pa.get(old_index + k).filter(|_| k < old_len),
                        pb.get(new_index + k).filter(|_| k < new_len),
                    ) {
                        (Some(x), Some(y)) => d(Change::Changed, new_index + k + 1, x, y),
                        (Some(x), None) => d(Change::Removed, new_index + new_len + 1, x, ""),
                        (None, Some(y)) => d(Change::Added, new_index + k + 1, "", y),
                        (None, None) => {}
                    }
                }
            }
        }
    }
    out
}

/// The computed initial and residual risks of entry `id`, where they moved
/// (a changed severity or probability, or a changed plan).
fn risk_details(old: &TechFile, new: &TechFile, id: &str) -> Vec<Detail> {
    use crate::risk::{compute, export::risk_cell};
    let find = |tf: &TechFile| tf.risk.entries.iter().find(|e| e.id == id).cloned();
    let (Some(a), Some(b)) = (find(old), find(new)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (label, f) in [
        (
            "initial risk",
            compute::initial as fn(&_, &_) -> compute::Risk,
        ),
        ("residual risk", compute::residual),
    ] {
        let x = risk_cell(&old.risk.plan, &f(&old.risk.plan, &a));
        let y = risk_cell(&new.risk.plan, &f(&new.risk.plan, &b));
        if x != y {
            out.push(Detail {
                change: Change::Changed,
                field: label.to_string(),
                old: x,
                new: y,
                added: Vec::new(),
                removed: Vec::new(),
            });
        }
    }
    out
}

/// A plain value as text.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

/// Any value as one short text: a plain value itself, an object by its
/// label, a list by its labels.
fn short(v: &Value) -> String {
    match v {
        Value::Object(_) => label_of(v),
        Value::Array(a) => a.iter().map(short).collect::<Vec<_>>().join("; "),
        other => plain(other),
    }
}

/// An object's label: its identity and, where it has one, its title, name
/// or description.
fn label_of(v: &Value) -> String {
    let s = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").trim();
    let id = value::KEY_FIELDS
        .iter()
        .map(|f| s(f))
        .find(|x| !x.is_empty())
        .unwrap_or("");
    let extra = ["title", "name", "hazard", "description", "status", "value"]
        .iter()
        .map(|f| s(f))
        .find(|x| !x.is_empty() && *x != id)
        .unwrap_or("");
    match (id.is_empty(), extra.is_empty()) {
        (true, true) => v.to_string(),
        (false, true) => id.to_string(),
        (true, false) => clip(extra),
        (false, false) => format!("{id} ({})", clip(extra)),
    }
}

fn clip(s: &str) -> String {
    const MAX: usize = 80;
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// What a reader calls the object at `prefix` with value `v`.
fn subject(prefix: &[Seg], v: &Value) -> String {
    let s = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or("").to_string();
    let list = match prefix.get(prefix.len().saturating_sub(2)) {
        Some(Seg::Field(f)) => f.as_str(),
        _ => "",
    };
    match list {
        "components" => {
            let name = if s("group").is_empty() {
                s("name")
            } else {
                format!("{}/{}", s("group"), s("name"))
            };
            let version = s("version");
            if version.is_empty() {
                name
            } else {
                format!("{name} {version}")
            }
        }
        "chapters" => format!("{} ({})", s("title"), s("id")),
        "revisions" => format!("Revision {}", s("version")),
        "approvals" => format!("Approval by {} ({})", s("name"), s("role")),
        "entries" if matches!(prefix.first(), Some(Seg::Field(f)) if f == "risk") => {
            format!("{} ({})", s("id"), clip(&s("hazard")))
        }
        "systems" => format!("{} {}", s("name"), s("version")).trim().to_string(),
        _ => label_of(v),
    }
}

/// `device.manufacturer.srn` → `Manufacturer › SRN`.
fn field_label(path: &[Seg]) -> String {
    let segs: Vec<String> = path
        .iter()
        .skip(1)
        .map(|s| match s {
            Seg::Field(f) => words(f),
            Seg::Key(k, ..) => k.clone(),
            Seg::Index(i) => format!("#{}", i + 1),
        })
        .collect();
    let mut label = segs.join(" › ");
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + &label[1..];
    }
    if label.is_empty() {
        label = path_string(path);
    }
    label
}

fn relative_label(prefix: &[Seg], rest: &[Seg]) -> String {
    let vex = matches!(prefix.get(1), Some(Seg::Field(f)) if f == "vulnerabilities");
    if vex {
        if let [Seg::Field(a), Seg::Key(c, ..), Seg::Field(s)] = rest {
            if a == "affects" && s == "status" {
                return format!("VEX state of {c}");
            }
        }
    }
    rest.iter()
        .map(|s| match s {
            Seg::Field(f) => words(f),
            Seg::Key(k, ..) => k.clone(),
            Seg::Index(i) => format!("#{}", i + 1),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// A field name as words, with the acronyms of the field written as such.
fn words(field: &str) -> String {
    const FIELDS: &[(&str, &str)] = &[
        ("udi_dis", "UDI-DIs"),
        ("udi_di", "UDI-DI"),
        ("basic_udi_di", "Basic UDI-DI"),
        ("emdn_code", "EMDN code"),
        ("model_sha256", "model SHA-256"),
    ];
    if let Some((_, t)) = FIELDS.iter().find(|(k, _)| *k == field) {
        return t.to_string();
    }
    const TERMS: &[(&str, &str)] = &[
        ("srn", "SRN"),
        ("udi", "UDI"),
        ("dis", "DIs"),
        ("di", "DI"),
        ("emdn", "EMDN"),
        ("ai", "AI"),
        ("sbom", "SBOM"),
        ("soup", "SOUP"),
        ("gspr", "GSPR"),
        ("pccp", "PCCP"),
        ("purl", "purl"),
        ("cpe", "CPE"),
        ("sha256", "SHA-256"),
        ("url", "URL"),
        ("oj", "OJ"),
    ];
    field
        .split('_')
        .map(|w| {
            TERMS
                .iter()
                .find(|(k, _)| *k == w)
                .map_or_else(|| w.to_string(), |(_, t)| t.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line per section: how many objects were added, removed and changed,
/// naming up to five of each.
fn summary(old: &TechFile, new: &TechFile, sections: &[Section]) -> Vec<String> {
    let (a, b) = (side(old), side(new));
    let mut out = vec![format!(
        "{} {}: version {} ({}) compared with version {} ({}).",
        b.document_id,
        b.title,
        or_dash(&a.version),
        or_dash(&a.date),
        or_dash(&b.version),
        or_dash(&b.date)
    )];
    if sections.is_empty() {
        out.push("No changes.".into());
        return out;
    }
    for s in sections {
        let mut parts = Vec::new();
        for (change, word) in [
            (Change::Added, "added"),
            (Change::Removed, "removed"),
            (Change::Changed, "changed"),
        ] {
            let names: Vec<&str> = s
                .entries
                .iter()
                .filter(|e| e.change == change)
                .map(|e| e.subject.as_str())
                .collect();
            if names.is_empty() {
                continue;
            }
            // The summary names an object by its id or title, without the
            // description in brackets the sections give.
            let shown: Vec<String> = names
                .iter()
                .take(5)
                .map(|n| clip(n.split(" (").next().unwrap_or(n)))
                .collect();
            let more = if names.len() > 5 {
                format!(" and {} more", names.len() - 5)
            } else {
                String::new()
            };
            parts.push(format!(
                "{} {word} ({}{more})",
                names.len(),
                shown.join("; ")
            ));
        }
        out.push(format!("{}: {}.", s.title, parts.join(", ")));
    }
    out
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "–"
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
