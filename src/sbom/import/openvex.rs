//! OpenVEX (v0.0.1 - v0.2.x) into vulnerabilities with one assessment per
//! product (or per subcomponent when a statement names subcomponents).
//! References stay as written (purls, ids); `merge` resolves them.

use std::collections::BTreeMap;

use super::node::Node as Value;

use super::json::{arr, arr_w, s};
use super::{ImportWarning, Locator, Warn};
use crate::sbom::model::{Assessment, Vulnerability};
use crate::sbom::SbomError;

pub const STATUSES: &[&str] = &["not_affected", "affected", "fixed", "under_investigation"];

fn product_refs(p: &Value) -> Vec<String> {
    match p {
        Value::String(s) => vec![s.to_string()],
        Value::Object(_) => {
            let mut out = Vec::new();
            let i = s(p, "@id");
            if !i.is_empty() {
                out.push(i.into_owned());
            }
            if let Some(ids) = p.get("identifiers") {
                let purl = s(ids, "purl");
                if !purl.is_empty() && !out.contains(&purl.to_string()) {
                    out.push(purl.into_owned());
                }
            }
            out.truncate(1);
            out
        }
        _ => Vec::new(),
    }
}

pub(super) fn convert(
    v: &Value,
    loc: &Locator,
) -> Result<(Vec<Vulnerability>, Vec<ImportWarning>), SbomError> {
    let mut w = Warn::new(loc);
    let Some(statements) = v.get("statements").and_then(Value::as_array) else {
        return Err(SbomError::Invalid {
            location: loc.at("/statements"),
            message: "an OpenVEX document needs a `statements` array".into(),
        });
    };
    let mut by_id: BTreeMap<String, Vulnerability> = BTreeMap::new();
    for (i, st) in statements.iter().enumerate() {
        let ptr = format!("/statements/{i}");
        let vuln = st.get("vulnerability").unwrap_or(&Value::Null);
        let (vid, desc) = match vuln {
            Value::String(s) => (s.trim().to_string(), String::new()),
            o => {
                let n = s(o, "name");
                let n = if n.is_empty() { s(o, "@id") } else { n };
                (n.into_owned(), s(o, "description").into_owned())
            }
        };
        if vid.is_empty() {
            w.add(
                "openvex.vulnerability",
                &ptr,
                "statement names no vulnerability",
            );
            continue;
        }
        let status = s(st, "status").into_owned();
        if !STATUSES.contains(&status.as_str()) {
            w.add(
                "openvex.status",
                &format!("{ptr}/status"),
                format!("status `{status}` is not one of {}", STATUSES.join(", ")),
            );
        }
        let justification = s(st, "justification").into_owned();
        if status == "not_affected"
            && justification.is_empty()
            && s(st, "impact_statement").is_empty()
        {
            w.add(
                "openvex.justification",
                &ptr,
                "a not_affected statement needs a justification or an impact statement",
            );
        }
        let action = s(st, "action_statement").into_owned();
        if status == "affected" && action.is_empty() {
            w.add(
                "openvex.action",
                &ptr,
                "an affected statement needs an action statement",
            );
        }
        let detail = {
            let d = s(st, "impact_statement");
            if d.is_empty() {
                s(st, "status_notes").into_owned()
            } else {
                d.into_owned()
            }
        };
        let mut targets = Vec::new();
        for p in arr_w(st, "products", &ptr, "openvex.type", &mut w) {
            let subs: Vec<String> = arr(p, "subcomponents")
                .iter()
                .flat_map(product_refs)
                .collect();
            if subs.is_empty() {
                targets.extend(product_refs(p));
            } else {
                targets.extend(subs);
            }
        }
        if targets.is_empty() {
            w.add("openvex.products", &ptr, "statement names no product");
        }
        let entry = by_id.entry(vid.clone()).or_insert_with(|| Vulnerability {
            id: vid.clone(),
            description: desc.clone(),
            ..Default::default()
        });
        for t in targets {
            entry.affects.retain(|a| a.component != t);
            entry.affects.push(Assessment {
                component: t,
                status: if STATUSES.contains(&status.as_str()) {
                    status.clone()
                } else {
                    String::new()
                },
                justification: justification.clone(),
                action: action.clone(),
                detail: detail.clone(),
                source_state: status.clone(),
                origin: String::new(),
            });
        }
    }
    Ok((by_id.into_values().collect(), w.list))
}
