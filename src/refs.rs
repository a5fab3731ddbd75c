//! References in prose: a chapter embeds model values instead of retyping
//! them. `[[device.trade_name]]` (any model path), `[[doc:STR-CSA-008]]`
//! (a document of the register: id, title and version, linked to the
//! register), `[[risk:HAZ-01]]` (a risk entry: id and hazard, linked to the
//! risk analysis) and `[[metric:AF-SENS]]` (a performance figure of the AI
//! part: value and confidence interval). This module owns the syntax, the
//! scan and the resolution; `render` substitutes the resolved Markdown into
//! chapter bodies and the consistency part reports what does not resolve.

use std::ops::Range;

use serde_json::Value;

use crate::model::TechFile;

/// One reference as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref<'a> {
    /// A model path, e.g. `device.trade_name`, `software_items[0].version`.
    Path(&'a str),
    Doc(&'a str),
    Risk(&'a str),
    Metric(&'a str),
}

/// Every `[[...]]` of `text`: where it stands and what it names; a
/// reference of an unknown kind is `Err` with the inner text.
pub fn scan(text: &str) -> Vec<(Range<usize>, Result<Ref<'_>, &str>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("[[").map(|i| from + i) {
        let inner_start = open + 2;
        let Some(close) = text[inner_start..].find("]]").map(|i| inner_start + i) else {
            break;
        };
        let inner = &text[inner_start..close];
        // A reference is one line of at most 200 characters; anything else
        // (wiki-style prose, a nested bracket) is left as it is.
        if inner.is_empty() || inner.len() > 200 || inner.contains(['\n', '[', ']']) {
            from = inner_start;
            continue;
        }
        let t = inner.trim();
        let r = match t.split_once(':') {
            Some(("doc", id)) => Ok(Ref::Doc(id.trim())),
            Some(("risk", id)) => Ok(Ref::Risk(id.trim())),
            Some(("metric", id)) => Ok(Ref::Metric(id.trim())),
            Some(_) => Err(t),
            None if is_path(t) => Ok(Ref::Path(t)),
            None => Err(t),
        };
        out.push((open..close + 2, r));
        from = close + 2;
    }
    out
}

/// `a.b[2].c`: field names of lowercase letters, digits and `_`, indices.
fn is_path(t: &str) -> bool {
    let first = t.split(['.', '[']).next().unwrap_or("");
    !first.is_empty()
        && t.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'[' | b']')
        })
}

/// Why a reference names nothing, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unresolved(pub String);

impl From<String> for Unresolved {
    fn from(s: String) -> Self {
        Unresolved(s)
    }
}

/// Resolves references against one project; a top-level part as JSON is
/// made on the first path reference into it only.
pub struct Resolver<'a> {
    tf: &'a TechFile,
    /// The model's top-level fields as JSON, each made on its first path
    /// reference (one field, not the whole model with its SBOM).
    json: std::collections::HashMap<String, Value>,
}

impl<'a> Resolver<'a> {
    pub fn new(tf: &'a TechFile) -> Self {
        Resolver {
            tf,
            json: std::collections::HashMap::new(),
        }
    }

    /// The Markdown a reference stands for, or why it names nothing.
    pub fn resolve(&mut self, r: &Ref<'_>) -> Result<String, Unresolved> {
        let tf = self.tf;
        match r {
            Ref::Doc(id) => {
                let d = tf
                    .documents
                    .iter()
                    .find(|d| d.document_id.trim() == *id)
                    .ok_or_else(|| format!("`{id}` is not in the document register"))?;
                let mut s = format!("[{}](#document-register)", d.document_id.trim());
                if !d.title.trim().is_empty() {
                    s.push_str(&format!(" *{}*", d.title.trim()));
                }
                if !d.version.trim().is_empty() {
                    s.push_str(&format!(", version {}", d.version.trim()));
                }
                Ok(s)
            }
            Ref::Risk(id) => {
                let e = tf
                    .risk
                    .entries
                    .iter()
                    .find(|e| e.id.trim() == *id)
                    .ok_or_else(|| format!("`{id}` is not a risk entry"))?;
                let mut s = format!("[{}](#hazards-hazardous-situations-and-harms)", e.id.trim());
                if !e.hazard.trim().is_empty() {
                    s.push_str(&format!(" ({})", e.hazard.trim()));
                }
                Ok(s)
            }
            Ref::Metric(id) => {
                let row = tf
                    .ai
                    .systems
                    .iter()
                    .flat_map(|s| s.performance.iter())
                    .find(|p| p.id.trim() == *id)
                    .ok_or_else(|| {
                        format!("`{id}` is the id of no performance figure of the AI part")
                    })?;
                let v = row
                    .value
                    .ok_or_else(|| format!("performance figure `{id}` has no value"))?;
                let mut s = figure(&row.metric, v);
                if let Some(ci) = &row.ci {
                    s.push_str(&format!(
                        " ({} % CI {}–{})",
                        crate::ai::view::num(ci.level * 100.0),
                        figure(&row.metric, ci.lower),
                        figure(&row.metric, ci.upper)
                    ));
                }
                Ok(s)
            }
            Ref::Path(path) => {
                let top = path.split(['.', '[']).next().unwrap_or("");
                let json = self.json.entry(top.to_string()).or_insert_with(|| {
                    let mut root = serde_json::Map::new();
                    if let Some(v) = crate::prose::field_value(tf, top) {
                        root.insert(top.to_string(), v);
                    }
                    Value::Object(root)
                });
                let v = lookup(json, path)
                    .ok_or_else(|| format!("`{path}` is no field of the model"))?;
                match v {
                    Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                    Value::String(_) | Value::Null => {
                        Err(Unresolved::from(format!("`{path}` is empty")))
                    }
                    Value::Number(n) => Ok(n.to_string()),
                    Value::Bool(b) => Ok(if *b { "yes" } else { "no" }.to_string()),
                    Value::Array(a) if a.iter().all(|x| x.is_string()) && !a.is_empty() => Ok(a
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")),
                    _ => Err(Unresolved::from(format!(
                        "`{path}` is not a single value (a list or a group of fields)"
                    ))),
                }
            }
        }
    }

    /// `text` with every reference that resolves replaced by its Markdown;
    /// one that does not stays as written (the check reports it).
    pub fn substitute(&mut self, text: &str) -> String {
        let found = scan(text);
        if found.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (range, r) in found {
            out.push_str(&text[at..range.start]);
            match r.map(|r| self.resolve(&r)) {
                Ok(Ok(s)) => out.push_str(&s),
                _ => out.push_str(&text[range.clone()]),
            }
            at = range.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// A figure as prose writes it: a rate (sensitivity, specificity, a
/// `... rate`, PPV, NPV, accuracy) between 0 and 1 as a percentage with one
/// decimal, anything else as the AI part's tables print it.
fn figure(metric: &str, v: f64) -> String {
    let m = metric.to_ascii_lowercase();
    let rate = [
        "sensitivity",
        "specificity",
        "rate",
        "ppv",
        "npv",
        "accuracy",
        "precision",
        "recall",
    ]
    .iter()
    .any(|k| m.contains(k));
    if rate && (0.0..=1.0).contains(&v) {
        format!("{:.1} %", v * 100.0)
    } else {
        crate::ai::view::num(v)
    }
}

/// The value at a dotted model path (`a.b[2].c`).
fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = root;
    for part in path.split('.') {
        let (name, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            cur = cur.get(name)?;
        }
        let mut rest = rest;
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            cur = cur.get(r[..end].parse::<usize>().ok()?)?;
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(cur)
}

/// Whether any chapter holds a reference (then rendering substitutes).
pub fn any(tf: &TechFile) -> bool {
    tf.chapters.iter().any(|c| c.body.contains("[["))
}

/// The project with every chapter's references substituted, for rendering.
pub fn substituted(tf: &TechFile) -> TechFile {
    let mut r = Resolver::new(tf);
    let bodies: Vec<String> = tf.chapters.iter().map(|c| r.substitute(&c.body)).collect();
    let mut out = tf.clone();
    for (c, b) in out.chapters.iter_mut().zip(bodies) {
        c.body = b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_the_four_kinds_and_leaves_other_brackets() {
        let t = "A [[device.trade_name]] b [[doc: STR-1]] [[risk:HAZ-01]] [[metric:AF]] [[x:y]] [[Not a path]] [[a\nb]] [[";
        let got: Vec<_> = scan(t).into_iter().map(|(_, r)| r).collect();
        assert_eq!(
            got,
            vec![
                Ok(Ref::Path("device.trade_name")),
                Ok(Ref::Doc("STR-1")),
                Ok(Ref::Risk("HAZ-01")),
                Ok(Ref::Metric("AF")),
                Err("x:y"),
                Err("Not a path"),
            ]
        );
    }

    #[test]
    fn resolves_paths_documents_risks_and_metrics() {
        let tf = crate::example::example().expect("example");
        let mut r = Resolver::new(&tf);
        assert_eq!(
            r.resolve(&Ref::Path("device.trade_name")),
            Ok(tf.device.trade_name.clone())
        );
        assert_eq!(
            r.resolve(&Ref::Path("software_items[0].name")),
            Ok(tf.software_items[0].name.clone())
        );
        assert!(r.resolve(&Ref::Path("device.nope")).is_err());
        assert!(r.resolve(&Ref::Path("device")).is_err());
        let d = &tf.documents[0];
        let doc = r.resolve(&Ref::Doc(&d.document_id)).expect("doc");
        assert!(
            doc.starts_with(&format!("[{}](#document-register)", d.document_id)),
            "{doc}"
        );
        assert!(doc.contains(&d.version));
        assert!(r.resolve(&Ref::Doc("NOPE-XXX-999")).is_err());
        let e = &tf.risk.entries[0];
        assert!(r
            .resolve(&Ref::Risk(&e.id))
            .expect("risk")
            .contains(&e.hazard));
        assert!(r.resolve(&Ref::Risk("HAZ-999")).is_err());
        assert!(r.resolve(&Ref::Metric("no-such-metric")).is_err());
        assert_eq!(
            r.resolve(&Ref::Metric("AF-SENS")),
            Ok("97.1 % (95 % CI 96.0 %–97.9 %)".to_string())
        );
        let s = r.substitute("Name: [[device.trade_name]]; [[doc:NOPE-XXX-999]].");
        assert_eq!(
            s,
            format!("Name: {}; [[doc:NOPE-XXX-999]].", tf.device.trade_name)
        );
    }
}
