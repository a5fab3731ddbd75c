//! The merged device SBOM as CycloneDX 1.6 JSON (ECMA-424): the device as
//! `metadata.component`, each software item as an application component,
//! the inventory, the dependency graph, SOUP fields as `techfile:soup:*`
//! properties and the vulnerabilities with their VEX analysis. Values the 1.6
//! schema does not allow (an unknown component type, a malformed hash) are
//! mapped or left out so the output always validates. Deterministic: no
//! clock (the timestamp is the document date), the serial number is derived
//! from the content.

use std::collections::{BTreeMap, HashSet};

use serde_json::{json, Map, Value};

use super::import::json::hash_lengths;
use super::model::Component;
use super::SbomError;
use crate::model::TechFile;

use super::import::cyclonedx::TYPES;

const HASH_ALGS: &[&str] = &[
    "MD5",
    "SHA-1",
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "BLAKE2b-256",
    "BLAKE2b-384",
    "BLAKE2b-512",
    "BLAKE3",
];

const ITEM_PREFIX: &str = "techfile:item:";

pub fn cyclonedx(tf: &TechFile) -> Result<Vec<u8>, SbomError> {
    Ok(pretty(Value::Object(bom(tf))))
}

/// The merged device SBOM as a JSON object (what `cyclonedx` writes).
fn bom(tf: &TechFile) -> Map<String, Value> {
    let part = &tf.sbom;
    let ids: HashSet<&str> = part.components.iter().map(|c| c.id.as_str()).collect();
    let components: Vec<Value> = part
        .software_items_with_components(tf)
        .into_iter()
        .map(|name| {
            let item = tf.software_item(&name);
            let mut m = Map::new();
            m.insert("bom-ref".into(), json!(format!("{ITEM_PREFIX}{name}")));
            m.insert("type".into(), json!("application"));
            m.insert("name".into(), json!(name));
            if let Some(v) = item.map(|i| i.version.as_str()).filter(|v| !v.is_empty()) {
                m.insert("version".into(), json!(v));
            }
            if let Some(d) = item
                .map(|i| i.description.as_str())
                .filter(|v| !v.is_empty())
            {
                m.insert("description".into(), json!(d));
            }
            Value::Object(m)
        })
        .chain(part.components.iter().map(component))
        .collect();
    // Dependencies: device -> items -> their top-level components -> graph.
    let mut deps: Vec<Value> = Vec::new();
    let items = part.software_items_with_components(tf);
    deps.push(json!({
        "ref": "techfile:device",
        "dependsOn": items.iter().map(|i| format!("{ITEM_PREFIX}{i}")).collect::<Vec<_>>(),
    }));
    for name in &items {
        let mine: Vec<&Component> = part
            .components
            .iter()
            .filter(|c| c.items.contains(name))
            .collect();
        let inner: HashSet<&str> = mine
            .iter()
            .flat_map(|c| c.depends_on.iter().map(String::as_str))
            .chain(
                mine.iter()
                    .filter(|c| !c.parent.is_empty())
                    .map(|c| c.id.as_str()),
            )
            .collect();
        let top: Vec<&str> = mine
            .iter()
            .map(|c| c.id.as_str())
            .filter(|id| !inner.contains(id))
            .collect();
        deps.push(json!({"ref": format!("{ITEM_PREFIX}{name}"), "dependsOn": top}));
    }
    for c in &part.components {
        let on: Vec<&str> = c
            .depends_on
            .iter()
            .map(String::as_str)
            .filter(|d| ids.contains(d))
            .collect();
        deps.push(json!({"ref": c.id, "dependsOn": on}));
    }
    let vulns = vulnerabilities(tf, &ids);
    let d = &tf.device;
    let mut device = Map::new();
    device.insert("bom-ref".into(), json!("techfile:device"));
    device.insert("type".into(), json!("application"));
    device.insert(
        "name".into(),
        json!(if d.trade_name.is_empty() {
            "device"
        } else {
            d.trade_name.as_str()
        }),
    );
    if !tf.document.version.is_empty() {
        device.insert("version".into(), json!(tf.document.version));
    }
    if !d.manufacturer.name.is_empty() {
        device.insert("supplier".into(), json!({"name": d.manufacturer.name}));
    }
    let mut metadata = Map::new();
    if let Some(ts) = timestamp(&tf.document.date) {
        metadata.insert("timestamp".into(), json!(ts));
    }
    metadata.insert(
        "tools".into(),
        json!({"components": [{"type": "application", "name": "techfile", "version": env!("CARGO_PKG_VERSION")}]}),
    );
    if !d.manufacturer.name.is_empty() {
        metadata.insert("authors".into(), json!([{"name": d.manufacturer.name}]));
        metadata.insert("manufacturer".into(), json!({"name": d.manufacturer.name}));
    }
    metadata.insert("component".into(), Value::Object(device));
    let mut body = Map::new();
    body.insert("components".into(), Value::Array(components));
    body.insert("dependencies".into(), Value::Array(deps));
    if !vulns.is_empty() {
        body.insert("vulnerabilities".into(), Value::Array(vulns));
    }
    // The serial number is a name-based UUID of the content.
    let content = serde_json::to_vec(&body).unwrap_or_default();
    let serial = uuid_from(&crate::util::sha256_hex(&content));
    let mut bom = envelope(&serial);
    bom.insert("metadata".into(), Value::Object(metadata));
    bom.extend(body);
    bom
}

/// The head every CycloneDX 1.6 document written here starts with: schema,
/// format, spec version, serial number (a UUID), version 1.
fn envelope(serial: &str) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert(
        "$schema".into(),
        json!("http://cyclonedx.org/schema/bom-1.6.schema.json"),
    );
    doc.insert("bomFormat".into(), json!("CycloneDX"));
    doc.insert("specVersion".into(), json!("1.6"));
    doc.insert("serialNumber".into(), json!(format!("urn:uuid:{serial}")));
    doc.insert("version".into(), json!(1));
    doc
}

/// Pretty JSON with a final newline.
fn pretty(v: Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The VEX statements alone, as a CycloneDX 1.6 VEX document: the
/// merged SBOM's vulnerabilities with their analyses, each `affects.ref` a
/// BOM-Link (`urn:cdx:<serial>/1#<bom-ref>`) into the merged device SBOM
/// that `cyclonedx` writes, so the two travel as a pair. Deterministic like
/// the SBOM.
pub fn vex(tf: &TechFile) -> Result<Vec<u8>, SbomError> {
    let mut bom = bom(tf);
    let serial = bom["serialNumber"]
        .as_str()
        .and_then(|s| s.strip_prefix("urn:uuid:"))
        .unwrap_or("")
        .to_string();
    let mut vulns = match bom.remove("vulnerabilities") {
        Some(Value::Array(v)) => v,
        _ => Vec::new(),
    };
    for v in &mut vulns {
        if let Some(affects) = v.get_mut("affects").and_then(Value::as_array_mut) {
            for a in affects {
                if let Some(r) = a.get("ref").and_then(Value::as_str) {
                    let link = format!("urn:cdx:{serial}/1#{}", bom_link_fragment(r));
                    a["ref"] = json!(link);
                }
            }
        }
    }
    let mut metadata = Map::new();
    if let Some(Value::Object(mut m)) = bom.remove("metadata") {
        for k in ["timestamp", "tools", "authors", "manufacturer", "component"] {
            if let Some(v) = m.remove(k) {
                metadata.insert(k.into(), v);
            }
        }
    }
    let body = json!({"vulnerabilities": vulns});
    let content = serde_json::to_vec(&body).unwrap_or_default();
    let own = uuid_from(&crate::util::sha256_hex(
        &[serial.as_bytes(), &content].concat(),
    ));
    let mut doc = envelope(&own);
    doc.insert("metadata".into(), Value::Object(metadata));
    if let Value::Object(body) = body {
        doc.extend(body);
    }
    Ok(pretty(Value::Object(doc)))
}

/// A bom-ref as the fragment of a BOM-Link: characters outside RFC 3986's
/// unreserved and sub-delimiter sets percent-encoded.
fn bom_link_fragment(r: &str) -> String {
    let mut s = String::new();
    for b in r.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

impl super::model::SbomPart {
    /// Items named by documents or components, in the file's item order.
    fn software_items_with_components(&self, tf: &TechFile) -> Vec<String> {
        let mut named: Vec<String> = Vec::new();
        for n in self
            .documents
            .iter()
            .map(|d| &d.item)
            .chain(self.components.iter().flat_map(|c| c.items.iter()))
        {
            if !named.contains(n) {
                named.push(n.clone());
            }
        }
        let mut out: Vec<String> = tf
            .software_items
            .iter()
            .map(|i| i.name.clone())
            .filter(|n| named.contains(n))
            .collect();
        for n in named {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

fn timestamp(date: &str) -> Option<String> {
    crate::date::parse(date).map(|d| format!("{d}T00:00:00Z"))
}

fn uuid_from(hex: &str) -> String {
    let h: Vec<char> = hex.chars().take(32).collect();
    let mut s: String = h.iter().collect();
    // Version 5 / RFC 4122 variant bits, so the value is a well-formed UUID.
    s.replace_range(12..13, "5");
    let variant = match h.get(16).and_then(|c| c.to_digit(16)) {
        Some(d) => std::char::from_digit(8 + (d & 3), 16).unwrap_or('8'),
        None => '8',
    };
    s.replace_range(16..17, &variant.to_string());
    format!(
        "{}-{}-{}-{}-{}",
        &s[0..8],
        &s[8..12],
        &s[12..16],
        &s[16..20],
        &s[20..32]
    )
}

fn component(c: &Component) -> Value {
    let mut m = Map::new();
    m.insert("bom-ref".into(), json!(c.id));
    let mut props: Vec<Value> = Vec::new();
    let kind = if TYPES.contains(&c.kind.as_str()) {
        c.kind.as_str()
    } else {
        if !c.kind.is_empty() {
            props.push(json!({"name": "techfile:type", "value": c.kind}));
        }
        "library"
    };
    m.insert("type".into(), json!(kind));
    if !c.supplier.is_empty() {
        m.insert("supplier".into(), json!({"name": c.supplier}));
    }
    if !c.author.is_empty() {
        m.insert("authors".into(), json!([{"name": c.author}]));
    }
    if !c.group.is_empty() {
        m.insert("group".into(), json!(c.group));
    }
    m.insert(
        "name".into(),
        json!(if c.name.is_empty() {
            c.id.as_str()
        } else {
            c.name.as_str()
        }),
    );
    if !c.version.is_empty() {
        m.insert("version".into(), json!(c.version));
    }
    if !c.description.is_empty() {
        m.insert("description".into(), json!(c.description));
    }
    if ["required", "optional", "excluded"].contains(&c.scope.as_str()) {
        m.insert("scope".into(), json!(c.scope));
    }
    let hashes: Vec<Value> = c
        .hashes
        .iter()
        .filter_map(|h| {
            let alg = HASH_ALGS.iter().find(|a| a.eq_ignore_ascii_case(&h.alg))?;
            let lens = hash_lengths(alg)?;
            let ok_len = if lens.is_empty() {
                [32, 40, 64, 96, 128].contains(&h.value.len())
            } else {
                lens.contains(&h.value.len())
            };
            (ok_len && h.value.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| json!({"alg": alg, "content": h.value}))
        })
        .collect();
    if !hashes.is_empty() {
        m.insert("hashes".into(), Value::Array(hashes));
    }
    if let Some(l) = licenses(&c.licenses) {
        m.insert("licenses".into(), l);
    }
    if !c.cpe.is_empty() {
        m.insert("cpe".into(), json!(c.cpe));
    }
    if !c.purl.is_empty() {
        m.insert("purl".into(), json!(c.purl));
    }
    if !c.swid.is_empty() {
        m.insert("swid".into(), json!({"tagId": c.swid, "name": c.name}));
    }
    let s = &c.soup;
    for (k, v) in [
        ("requirements", &s.requirements),
        ("required_hw_sw", &s.required_hw_sw),
        ("hazardous_situations", &s.hazardous_situations),
        ("anomaly_review_date", &s.anomaly_review_date),
        ("anomaly_review_result", &s.anomaly_review_result),
        ("support_level", &s.support_level),
        ("end_of_support", &s.end_of_support),
    ] {
        if !v.is_empty() {
            props.push(json!({"name": format!("techfile:soup:{k}"), "value": v}));
        }
    }
    for i in &c.items {
        props.push(json!({"name": "techfile:item", "value": i}));
    }
    if !props.is_empty() {
        m.insert("properties".into(), Value::Array(props));
    }
    Value::Object(m)
}

/// One expression when every entry parses as an SPDX expression, else named licences.
fn licenses(list: &[String]) -> Option<Value> {
    if list.is_empty() {
        return None;
    }
    let parses = |l: &str| spdx::Expression::parse_mode(l, spdx::ParseMode::LAX).is_ok();
    if list.iter().all(|l| parses(l)) {
        let expr = if list.len() == 1 {
            list[0].clone()
        } else {
            list.iter()
                .map(|l| format!("({l})"))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        return Some(json!([{"expression": expr}]));
    }
    Some(Value::Array(
        list.iter()
            .map(|l| json!({"license": {"name": l}}))
            .collect(),
    ))
}

fn vulnerabilities(tf: &TechFile, ids: &HashSet<&str>) -> Vec<Value> {
    let mut out = Vec::new();
    for v in &tf.sbom.vulnerabilities {
        let ratings: Vec<Value> = v
            .ratings
            .iter()
            .map(|r| {
                let mut m = Map::new();
                if !r.source.is_empty() {
                    m.insert("source".into(), json!({"name": r.source}));
                }
                if let Some(s) = r.score {
                    m.insert("score".into(), json!(s));
                }
                let sev = r.severity.to_ascii_lowercase();
                if [
                    "critical", "high", "medium", "low", "info", "none", "unknown",
                ]
                .contains(&sev.as_str())
                {
                    m.insert("severity".into(), json!(sev));
                }
                if [
                    "CVSSv2", "CVSSv3", "CVSSv31", "CVSSv4", "OWASP", "SSVC", "other",
                ]
                .contains(&r.method.as_str())
                {
                    m.insert("method".into(), json!(r.method));
                }
                if !r.vector.is_empty() {
                    m.insert("vector".into(), json!(r.vector));
                }
                Value::Object(m)
            })
            .collect();
        // One entry per distinct analysis, listing the components it covers.
        let mut groups: BTreeMap<(String, String, String, String), Vec<String>> = BTreeMap::new();
        for a in &v.affects {
            let r = if ids.contains(a.component.as_str()) {
                a.component.clone()
            } else {
                continue;
            };
            groups
                .entry((
                    a.status.clone(),
                    a.justification.clone(),
                    a.action.clone(),
                    a.detail.clone(),
                ))
                .or_default()
                .push(r);
        }
        if groups.is_empty() {
            groups.insert(Default::default(), Vec::new());
        }
        for ((status, justification, action, detail), refs) in groups {
            let mut m = Map::new();
            m.insert("id".into(), json!(v.id));
            if !v.source.is_empty() {
                m.insert("source".into(), json!({"name": v.source}));
            }
            if !ratings.is_empty() {
                m.insert("ratings".into(), Value::Array(ratings.clone()));
            }
            if !v.description.is_empty() {
                m.insert("description".into(), json!(v.description));
            }
            let mut an = Map::new();
            let state = match status.as_str() {
                "not_affected" => Some("not_affected"),
                "affected" => Some("exploitable"),
                "fixed" => Some("resolved"),
                "under_investigation" => Some("in_triage"),
                _ => None,
            };
            if let Some(s) = state {
                an.insert("state".into(), json!(s));
            }
            let mut extra = Vec::new();
            if let Some(j) = cdx_justification(&justification) {
                an.insert("justification".into(), json!(j));
            } else if !justification.is_empty() {
                extra.push(justification.clone());
            }
            let mut responses = Vec::new();
            for r in action.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                if [
                    "can_not_fix",
                    "will_not_fix",
                    "update",
                    "rollback",
                    "workaround_available",
                ]
                .contains(&r)
                {
                    responses.push(r.to_string());
                } else {
                    extra.push(r.to_string());
                }
            }
            if !responses.is_empty() {
                an.insert("response".into(), json!(responses));
            }
            if !detail.is_empty() {
                extra.push(detail.clone());
            }
            if !extra.is_empty() {
                an.insert("detail".into(), json!(extra.join("; ")));
            }
            if !an.is_empty() {
                m.insert("analysis".into(), Value::Object(an));
            }
            if !refs.is_empty() {
                m.insert(
                    "affects".into(),
                    Value::Array(refs.iter().map(|r| json!({"ref": r})).collect()),
                );
            }
            out.push(Value::Object(m));
        }
    }
    out
}

fn cdx_justification(j: &str) -> Option<&'static str> {
    Some(match j {
        "code_not_present" | "component_not_present" | "vulnerable_code_not_present" => {
            "code_not_present"
        }
        "code_not_reachable" | "vulnerable_code_not_in_execute_path" => "code_not_reachable",
        "requires_configuration" => "requires_configuration",
        "requires_dependency" => "requires_dependency",
        "requires_environment" => "requires_environment",
        "protected_by_compiler" => "protected_by_compiler",
        "protected_at_runtime" => "protected_at_runtime",
        "protected_at_perimeter" => "protected_at_perimeter",
        "protected_by_mitigating_control"
        | "inline_mitigations_already_exist"
        | "vulnerable_code_cannot_be_controlled_by_adversary" => "protected_by_mitigating_control",
        _ => return None,
    })
}
