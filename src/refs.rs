//! References in prose: a chapter embeds model values instead of retyping
//! them. `[[device.trade_name]]` (any model path), `[[doc:STR-CSA-008]]`
//! (a document of the register: id, title and version, linked to the
//! register), `[[risk:HAZ-01]]` (a risk entry: id and hazard, linked to the
//! risk analysis) and `[[metric:AF-SENS]]` (a performance figure of the AI
//! part: value and confidence interval). This module owns the syntax, the
//! scan and the resolution; `render` substitutes the resolved Markdown into
//! chapter bodies and the consistency part reports what does not resolve.
//! `targets` lists what a reference can name in one project, for the
//! desktop editor's completion of `[[`.

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
        let Some(mut close) = text[inner_start..].find("]]").map(|i| inner_start + i) else {
            break;
        };
        // A path ending in an index (`[[device.variants[0]]]`): its own
        // `]` comes before the closing pair.
        if text[close + 2..].starts_with(']') {
            let inner = &text[inner_start..close];
            if inner.matches('[').count() > inner.matches(']').count() {
                close += 1;
            }
        }
        let inner = &text[inner_start..close];
        // A reference is one line of at most 200 characters with no bracket
        // but a path's indices; anything else (wiki-style prose, a nested
        // bracket) is left as it is.
        if inner.is_empty() || inner.len() > 200 || inner.contains('\n') || !indices_only(inner) {
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

/// Whether every bracket of `t` is a path's index: `[`, digits, `]`.
fn indices_only(t: &str) -> bool {
    let mut rest = t;
    while let Some(i) = rest.find(['[', ']']) {
        let Some(after) = rest[i..].strip_prefix('[') else {
            return false;
        };
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !after[digits..].starts_with(']') {
            return false;
        }
        rest = &after[digits + 1..];
    }
    true
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

/// One thing a reference can name in a project: what goes between `[[`
/// and `]]` (`doc:STR-CSA-008`, `device.trade_name`) and a short detail a
/// writer recognises it by (the document's title, the hazard, the value).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    /// `path`, `doc`, `risk` or `metric`.
    pub kind: &'static str,
    /// The reference as written between the brackets.
    pub reference: String,
    pub detail: String,
}

/// Model paths left out of `targets`: chapter bodies (prose quoting prose)
/// and the rows of the registers that run to thousands (SBOM components
/// and vulnerabilities, risk entries: 100,000 leaves in the stress
/// project). Their rows are never cited by index; a risk entry has its own
/// `[[risk:ID]]`, and the PDF links every mention of a component or
/// vulnerability id to its row anyway.
const NOT_LISTED: &[&str] = &["chapters", "sbom", "risk.entries"];

/// Longest detail, in characters: a value is recognised by its start.
const DETAIL_CHARS: usize = 80;

/// Everything a reference can name in `tf` that resolves now (the same
/// `Resolver` decides): every document of the register, risk entry and
/// performance figure with a value by its id (the first of a repeated id,
/// as resolution takes it), then every model path to a single non-empty
/// value except under `NOT_LISTED`, in model order.
pub fn targets(tf: &TechFile) -> Vec<Target> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in &tf.documents {
        let id = d.document_id.trim();
        if !id.is_empty() && seen.insert(("doc", id)) {
            let mut detail = d.title.trim().to_string();
            if !d.version.trim().is_empty() {
                detail.push_str(&format!(", version {}", d.version.trim()));
            }
            out.push(target("doc", format!("doc:{id}"), &detail));
        }
    }
    for e in &tf.risk.entries {
        let id = e.id.trim();
        if !id.is_empty() && seen.insert(("risk", id)) {
            out.push(target("risk", format!("risk:{id}"), e.hazard.trim()));
        }
    }
    let mut resolver = Resolver::new(tf);
    for p in tf.ai.systems.iter().flat_map(|s| s.performance.iter()) {
        let id = p.id.trim();
        if id.is_empty() || !seen.insert(("metric", id)) {
            continue;
        }
        if let Ok(v) = resolver.resolve(&Ref::Metric(id)) {
            out.push(target(
                "metric",
                format!("metric:{id}"),
                &format!("{}: {v}", p.metric.trim()),
            ));
        }
    }
    let Value::Object(fields) = serde_json::to_value(TechFile::empty()).unwrap_or_default() else {
        return out;
    };
    for top in fields.keys() {
        if NOT_LISTED.contains(&top.as_str()) {
            continue;
        }
        // The risk part field by field: its entries are not made into JSON.
        if top == "risk" {
            let fields = serde_json::to_value(crate::model::risk::RiskPart::default());
            for k in fields
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|m| m.keys())
            {
                let path = format!("risk.{k}");
                if let Some(v) = (!NOT_LISTED.contains(&path.as_str()))
                    .then(|| crate::prose::field_value(&tf.risk, k))
                    .flatten()
                {
                    leaves(&v, &path, &mut out);
                }
            }
        } else if let Some(v) = crate::prose::field_value(tf, top) {
            leaves(&v, top, &mut out);
        }
    }
    out
}

fn target(kind: &'static str, reference: String, detail: &str) -> Target {
    let mut d: String = detail.chars().take(DETAIL_CHARS).collect();
    if d.len() < detail.len() {
        d.push('…');
    }
    Target {
        kind,
        reference,
        detail: d.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The paths under `path` to a value `Resolver::resolve` gives text for,
/// each with that text as its detail.
fn leaves(v: &Value, path: &str, out: &mut Vec<Target>) {
    if NOT_LISTED.contains(&path) {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string) => {
            let joined: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            out.push(target("path", path.to_string(), &joined.join(", ")));
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::String(s) if !s.trim().is_empty() => {
            out.push(target("path", path.to_string(), s.trim()));
        }
        Value::Number(n) => out.push(target("path", path.to_string(), &n.to_string())),
        Value::Bool(b) => out.push(target(
            "path",
            path.to_string(),
            if *b { "yes" } else { "no" },
        )),
        _ => {}
    }
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
    fn a_path_may_hold_indices_but_no_other_bracket() {
        let t = "[[software_items[0].name]] [[device.variants[12]]] [[a[b]]] [[x[1]y]] [[[[z]]";
        let got: Vec<_> = scan(t).into_iter().map(|(r, x)| (&t[r], x)).collect();
        assert_eq!(
            got,
            vec![
                (
                    "[[software_items[0].name]]",
                    Ok(Ref::Path("software_items[0].name"))
                ),
                (
                    "[[device.variants[12]]]",
                    Ok(Ref::Path("device.variants[12]"))
                ),
                // A path in form; resolution says it names no field.
                ("[[x[1]y]]", Ok(Ref::Path("x[1]y"))),
                ("[[z]]", Ok(Ref::Path("z"))),
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
    #[test]
    fn every_target_resolves_and_every_id_is_listed() {
        let tf = crate::example::example().expect("example");
        let list = targets(&tf);
        let mut r = Resolver::new(&tf);
        for t in &list {
            let text = format!("[[{}]]", t.reference);
            let found = scan(&text);
            assert_eq!(found.len(), 1, "{text} scans as one reference");
            let reference = found[0].1.clone().expect("a known kind");
            assert!(r.resolve(&reference).is_ok(), "{text} does not resolve");
            assert!(
                !t.detail.is_empty() && t.detail.chars().count() <= DETAIL_CHARS + 1,
                "{t:?}"
            );
        }
        let has = |r: &str| list.iter().find(|t| t.reference == r);
        let d = &tf.documents[0];
        let doc = has(&format!("doc:{}", d.document_id)).expect("a document");
        assert_eq!(doc.kind, "doc");
        assert!(doc.detail.starts_with(d.title.trim()), "{doc:?}");
        let e = &tf.risk.entries[0];
        assert_eq!(
            has(&format!("risk:{}", e.id)).expect("a hazard").detail,
            e.hazard.trim()
        );
        assert!(has("metric:AF-SENS")
            .expect("a metric")
            .detail
            .contains("97.1 %"));
        assert_eq!(
            has("device.trade_name").expect("a path").detail,
            tf.device.trade_name.trim()
        );
        assert!(has("software_items[0].name").is_some());
        assert!(has("risk.plan.scope").is_some());
        // One per document and risk entry; no chapter body, no SBOM row.
        let count = |k: &str| list.iter().filter(|t| t.kind == k).count();
        assert_eq!(count("doc"), tf.documents.len());
        assert_eq!(count("risk"), tf.risk.entries.len());
        assert!(!list.iter().any(|t| t.reference.starts_with("chapters")
            || t.reference.starts_with("sbom")
            || t.reference.starts_with("risk.entries")));
        // A list of strings is one value, as it resolves.
        assert!(!list.iter().any(|t| t.reference.ends_with("[0]")
            && t.kind == "path"
            && has(t.reference.trim_end_matches("[0]")).is_some()));
    }

    #[test]
    fn empty_values_unvalued_metrics_and_repeated_ids_are_not_targets() {
        let mut tf = crate::example::example().expect("example");
        tf.device.trade_name = "  ".into();
        let first = tf.documents[0].clone();
        tf.documents.push(crate::model::Document {
            title: "A second row with the same id".into(),
            ..first.clone()
        });
        let metric = tf.ai.systems[0].performance[0].id.clone();
        tf.ai.systems[0].performance[0].value = None;
        let list = targets(&tf);
        assert!(!list.iter().any(|t| t.reference == "device.trade_name"));
        let docs: Vec<_> = list
            .iter()
            .filter(|t| t.reference == format!("doc:{}", first.document_id))
            .collect();
        assert_eq!(docs.len(), 1);
        assert!(docs[0].detail.starts_with(first.title.trim()));
        assert!(!list
            .iter()
            .any(|t| t.reference == format!("metric:{metric}")));
    }
}
