//! CycloneDX 1.0-1.7 (the JSON shape; XML is lifted into it by `xml`) into the
//! model. Lenient: fields a version lacks read as empty, unknown enum values
//! are kept. Validation beside the conversion: every broken schema rule the
//! model depends on (bomFormat, serial number and timestamp patterns, required
//! component fields, type and scope enums, hash digests, licence choice and
//! SPDX ids, dependency refs) is a warning `cdx.<rule>` with its location.

use std::collections::HashSet;

use super::node::Node as Value;

use super::json::{arr, arr_w, hash_lengths, is_date_time, is_hex_of, s, s_w, type_name};
use super::{finish, Format, Locator, Parsed, Warn};
use crate::sbom::model::{Assessment, Component, Hash, Rating, SbomDocument, Vulnerability};
use crate::sbom::SbomError;

/// Component types of CycloneDX 1.0-1.7.
pub const TYPES: &[&str] = &[
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];

pub const KNOWN_VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

struct Conv<'a> {
    w: Warn<'a>,
    comps: Vec<Component>,
    /// Pointer of each component, for warnings after the walk.
    ptrs: Vec<String>,
    refs: HashSet<String>,
}

pub(super) fn convert(
    v: &Value,
    format: Format,
    loc: &Locator,
    obs: &dyn crate::util::Observer,
) -> Result<Parsed, SbomError> {
    let bom_format = s(v, "bomFormat");
    if format == Format::CycloneDxJson && bom_format != "CycloneDX" {
        return Err(SbomError::Invalid {
            location: loc.at("/bomFormat"),
            message: format!(
                "`bomFormat` must be \"CycloneDX\", found {}",
                describe(v.get("bomFormat"))
            ),
        });
    }
    let mut c = Conv {
        w: Warn::new(loc),
        comps: Vec::new(),
        ptrs: Vec::new(),
        refs: HashSet::new(),
    };
    let spec = s(v, "specVersion").into_owned();
    if spec.is_empty() {
        c.w.add("cdx.spec-version", "", "`specVersion` is missing");
    } else if !KNOWN_VERSIONS.contains(&spec.as_str()) {
        c.w.add(
            "cdx.spec-version",
            "/specVersion",
            format!("specVersion `{spec}` is not a CycloneDX version Techfile knows (1.0-1.7); read leniently"),
        );
    }
    let serial = s(v, "serialNumber").into_owned();
    if !serial.is_empty() && !is_uuid_urn(&serial) {
        c.w.add(
            "cdx.serial-number",
            "/serialNumber",
            format!("serialNumber `{serial}` is not a `urn:uuid:` RFC 4122 UUID"),
        );
    }
    let meta = v.get("metadata").unwrap_or(&Value::Null);
    let timestamp = s(meta, "timestamp").into_owned();
    if !timestamp.is_empty() && !is_date_time(&timestamp) {
        c.w.add(
            "cdx.timestamp",
            "/metadata/timestamp",
            format!("metadata.timestamp `{timestamp}` is not an RFC 3339 date-time"),
        );
    }
    let mut authors: Vec<String> = arr_w(meta, "authors", "/metadata", "cdx.type", &mut c.w)
        .iter()
        .map(contact)
        .filter(|a| !a.is_empty())
        .collect();
    for key in ["manufacturer", "manufacture", "supplier"] {
        if authors.is_empty() {
            if let Some(o) = meta.get(key) {
                let n = s(o, "name");
                if !n.is_empty() {
                    authors.push(n.into_owned());
                }
            }
        }
    }
    let tools = tools(meta.get("tools"));
    let creator_contacts = creator_contacts(meta);
    let mut subject_parts: Vec<Component> = Vec::new();
    let root = match meta.get("component") {
        Some(rc) if rc.is_object() => {
            let comp = c.component(rc, "/metadata/component", "", false);
            // Components nested in the root are parts of the subject, not
            // the inventory (CycloneDX: `metadata.component` describes what
            // the BOM is about): they are walked for their warnings and
            // their refs, then set aside.
            let root_id_ref = comp.source_ref.clone();
            let first = c.comps.len();
            for (i, child) in arr_w(
                rc,
                "components",
                "/metadata/component",
                "cdx.type",
                &mut c.w,
            )
            .iter()
            .enumerate()
            {
                c.walk(
                    child,
                    &format!("/metadata/component/components/{i}"),
                    &root_id_ref,
                );
            }
            subject_parts = c.comps.split_off(first);
            c.ptrs.truncate(first);
            Some(comp)
        }
        _ => None,
    };
    let top = arr_w(v, "components", "", "cdx.type", &mut c.w);
    for (i, comp) in top.iter().enumerate() {
        super::tick(obs, i, top.len())?;
        c.walk(comp, &format!("/components/{i}"), "");
    }
    // Dependencies.
    let deps = arr_w(v, "dependencies", "", "cdx.type", &mut c.w);
    let mut root = root;
    let index: std::collections::HashMap<String, usize> = c
        .comps
        .iter()
        .enumerate()
        .filter(|(_, x)| !x.source_ref.is_empty())
        .map(|(i, x)| (x.source_ref.clone(), i))
        .collect();
    let subject_refs: HashSet<&str> = subject_parts
        .iter()
        .map(|x| x.source_ref.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    for (i, d) in deps.iter().enumerate() {
        let ptr = format!("/dependencies/{i}");
        let r = s(d, "ref");
        if r.is_empty() {
            c.w.add(
                "cdx.dependency-ref",
                &ptr,
                "a dependency has no `ref` (required)",
            );
            continue;
        }
        let on: Vec<String> = match d.get("dependsOn") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.to_string()),
                    Value::Object(_) => Some(s(x, "ref").into_owned()),
                    _ => None,
                })
                .filter(|x| !x.is_empty())
                .collect(),
            _ => Vec::new(),
        };
        let on: Vec<String> = on
            .into_iter()
            .filter(|x| !subject_refs.contains(x.as_str()))
            .collect();
        if subject_refs.contains(r.as_ref()) {
            // The subject's own structure: not an inventory relationship.
            continue;
        }
        if let Some(&k) = index.get(r.as_ref()) {
            c.comps[k].dependencies_stated = true;
            c.comps[k].depends_on.extend(on);
        } else if root.as_ref().is_some_and(|x| x.source_ref == r) {
            if let Some(x) = root.as_mut() {
                x.depends_on.extend(on);
            }
        } else {
            c.w.add(
                "cdx.dependency-ref",
                &format!("{ptr}/ref"),
                format!("dependency ref `{r}` names no component of the BOM"),
            );
        }
    }
    let vulns = vulnerabilities(v, &mut c.w);
    let vulns_len = vulns.len();
    let count = c.comps.len();
    let has_deps = !deps.is_empty();
    let ptrs = std::mem::take(&mut c.ptrs);
    let ptr_of = move |i: usize| ptrs.get(i).cloned().unwrap_or_default();
    let mut w = c.w;
    let (components, root, vulnerabilities) = finish(c.comps, root, vulns, &mut w, &ptr_of);
    for x in w.list.iter_mut() {
        if !x.rule.contains('.') {
            x.rule = format!("cdx.{}", x.rule);
        }
    }
    let subject = root
        .as_ref()
        .map(|r| join_nv(&r.name, &r.version))
        .unwrap_or_default();
    Ok(Parsed {
        document: SbomDocument {
            format: format.as_str().into(),
            spec_version: spec,
            serial,
            timestamp,
            authors,
            tools,
            subject,
            component_count: count,
            has_dependencies: has_deps,
            creator_contacts,
            vulnerability_count: vulns_len,
            ..Default::default()
        },
        components,
        vulnerabilities,
        root,
        warnings: w.list,
    })
}

fn describe(v: Option<&Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(o) => type_name(o).into(),
    }
}

pub(crate) fn join_nv(name: &str, version: &str) -> String {
    if version.is_empty() {
        name.to_string()
    } else {
        format!("{name} {version}")
    }
}

fn is_uuid_urn(s: &str) -> bool {
    let Some(u) = s.strip_prefix("urn:uuid:") else {
        return false;
    };
    let parts: Vec<&str> = u.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|c| c.is_ascii_hexdigit()))
}

fn contact(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        _ => {
            let n = s(v, "name");
            if !n.is_empty() {
                n.into_owned()
            } else {
                s(v, "email").into_owned()
            }
        }
    }
}

/// Email addresses and URLs of whoever made the BOM: `metadata.manufacturer`
/// (1.6), `manufacture` (1.2-1.5), `supplier` (url, contact emails) and
/// `authors` (email).
fn creator_contacts(meta: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |x: std::borrow::Cow<str>| {
        if !x.is_empty() && !out.iter().any(|o| o == x.as_ref()) {
            out.push(x.into_owned());
        }
    };
    for key in ["manufacturer", "manufacture", "supplier"] {
        let Some(o) = meta.get(key) else { continue };
        match o.get("url") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .for_each(|u| push(u.trim().into())),
            Some(Value::String(u)) => push(u.trim().into()),
            _ => {}
        }
        for c in arr(o, "contact") {
            push(s(c, "email"));
        }
    }
    for a in arr(meta, "authors") {
        push(s(a, "email"));
    }
    out
}

fn tools(t: Option<&Value>) -> Vec<String> {
    let one = |x: &Value| -> String {
        let vendor = {
            let v = s(x, "vendor");
            if v.is_empty() {
                x.get("supplier")
                    .map(|o| s(o, "name").into_owned())
                    .unwrap_or_default()
            } else {
                v.into_owned()
            }
        };
        let name = s(x, "name");
        let version = s(x, "version");
        [vendor.as_str(), name.as_ref(), version.as_ref()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: Vec<String> = match t {
        Some(Value::Array(a)) => a.iter().map(one).collect(),
        Some(o @ Value::Object(_)) => arr(o, "components")
            .iter()
            .chain(arr(o, "services"))
            .map(one)
            .collect(),
        _ => Vec::new(),
    };
    out.retain(|x| !x.is_empty());
    out
}

impl Conv<'_> {
    fn walk(&mut self, v: &Value, ptr: &str, parent: &str) {
        if !v.is_object() {
            self.w.add(
                "cdx.type",
                ptr,
                format!("a component must be an object, found {}", type_name(v)),
            );
            return;
        }
        let comp = self.component(v, ptr, parent, true);
        let me = if comp.source_ref.is_empty() {
            // Nested components without a bom-ref still name their parent.
            let r = format!("#{ptr}");
            self.comps.push(Component {
                source_ref: r.clone(),
                ..comp
            });
            r
        } else {
            let r = comp.source_ref.clone();
            self.comps.push(comp);
            r
        };
        self.ptrs.push(ptr.to_string());
        for (i, child) in arr_w(v, "components", ptr, "cdx.type", &mut self.w)
            .iter()
            .enumerate()
        {
            self.walk(child, &format!("{ptr}/components/{i}"), &me);
        }
    }

    fn component(&mut self, v: &Value, ptr: &str, parent: &str, validate: bool) -> Component {
        let w = &mut self.w;
        let kind = s_w(v, "type", ptr, "cdx.type", w).to_string();
        let name = s_w(v, "name", ptr, "cdx.type", w).to_string();
        if validate {
            if kind.is_empty() {
                w.add(
                    "cdx.component-required",
                    ptr,
                    "component has no `type` (required)",
                );
            } else if !TYPES.contains(&kind.as_str()) {
                w.add(
                    "cdx.component-type",
                    &format!("{ptr}/type"),
                    format!("component type `{kind}` is not a CycloneDX type (kept as written)"),
                );
            }
            if name.is_empty() {
                w.add(
                    "cdx.component-required",
                    ptr,
                    "component has no `name` (required)",
                );
            }
        }
        let scope = s(v, "scope").into_owned();
        if !scope.is_empty() && !matches!(scope.as_str(), "required" | "optional" | "excluded") {
            w.add(
                "cdx.scope",
                &format!("{ptr}/scope"),
                format!("scope `{scope}` is not one of required, optional, excluded"),
            );
        }
        let bom_ref = s(v, "bom-ref").into_owned();
        if !bom_ref.is_empty() && !self.refs.insert(bom_ref.clone()) {
            w.add(
                "cdx.bom-ref-unique",
                &format!("{ptr}/bom-ref"),
                format!("bom-ref `{bom_ref}` is used more than once"),
            );
        }
        let mut hashes = Vec::new();
        for (i, h) in arr_w(v, "hashes", ptr, "cdx.type", w).iter().enumerate() {
            let alg = s(h, "alg").into_owned();
            let content = s(h, "content").to_ascii_lowercase();
            match hash_lengths(&alg) {
                None => w.add(
                    "cdx.hash-format",
                    &format!("{ptr}/hashes/{i}/alg"),
                    format!("hash algorithm `{alg}` is not a CycloneDX algorithm"),
                ),
                Some(lens) if !is_hex_of(&content, lens) => w.add(
                    "cdx.hash-format",
                    &format!("{ptr}/hashes/{i}"),
                    format!("`{content}` is not a {alg} digest (hex of the algorithm's length)"),
                ),
                _ => {}
            }
            hashes.push(Hash {
                alg,
                value: content,
            });
        }
        let licenses = licenses(v, ptr, &name, w);
        let supplier = {
            let sup = v
                .get("supplier")
                .map(|o| s(o, "name").into_owned())
                .unwrap_or_default();
            if !sup.is_empty() {
                sup
            } else {
                let m = v
                    .get("manufacturer")
                    .map(|o| s(o, "name").into_owned())
                    .unwrap_or_default();
                if !m.is_empty() {
                    m
                } else {
                    s(v, "publisher").into_owned()
                }
            }
        };
        let author = {
            let a = s(v, "author");
            if !a.is_empty() {
                a.into_owned()
            } else {
                arr(v, "authors")
                    .iter()
                    .map(contact)
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let file_name = arr(v, "properties")
            .iter()
            .find(|p| s(p, "name") == "bsi:component:filename")
            .map(|p| s(p, "value").into_owned())
            .unwrap_or_default();
        let swid = v
            .get("swid")
            .map(|o| s(o, "tagId").into_owned())
            .unwrap_or_default();
        Component {
            kind,
            group: s(v, "group").into_owned(),
            name,
            version: s(v, "version").into_owned(),
            supplier,
            author,
            description: s(v, "description").into_owned(),
            purl: s(v, "purl").into_owned(),
            cpe: s(v, "cpe").into_owned(),
            swid,
            hashes,
            licenses,
            scope,
            parent: parent.to_string(),
            file_name,
            source_ref: bom_ref,
            ..Default::default()
        }
    }
}

/// `licenses`: either license objects (id or name) or exactly one expression.
fn licenses(v: &Value, ptr: &str, component: &str, w: &mut Warn) -> Vec<String> {
    let list = arr_w(v, "licenses", ptr, "cdx.type", w);
    let mut out = Vec::new();
    let mut expressions = 0;
    for (i, l) in list.iter().enumerate() {
        let lp = || format!("{ptr}/licenses/{i}");
        if let Some(e) = l.get("expression") {
            expressions += 1;
            let e = e.as_str().unwrap_or("").trim();
            if !e.is_empty() {
                super::license::check_expression(
                    e,
                    component,
                    &format!("licenses[{i}].expression"),
                    "cdx.license-expression",
                    &format!("{}/expression", lp()),
                    w,
                );
                out.push(e.to_string());
            }
        } else if let Some(lic) = l.get("license") {
            let id = s(lic, "id");
            let name = s(lic, "name");
            if !id.is_empty() {
                super::license::check_id(
                    &id,
                    component,
                    &format!("licenses[{i}].license.id"),
                    "cdx.license-id",
                    &format!("{}/license/id", lp()),
                    w,
                );
                out.push(id.into_owned());
            } else if !name.is_empty() {
                out.push(name.into_owned());
            } else {
                w.add(
                    "cdx.license-choice",
                    &lp(),
                    "a licence needs an `id` or a `name`",
                );
            }
        } else {
            w.add(
                "cdx.license-choice",
                &lp(),
                "a licence entry needs `license` or `expression`",
            );
        }
    }
    if expressions > 0 && list.len() > 1 {
        w.add(
            "cdx.license-choice",
            &format!("{ptr}/licenses"),
            "`licenses` holds either licence objects or exactly one expression, not a mix",
        );
    }
    out
}

fn vulnerabilities(v: &Value, w: &mut Warn) -> Vec<Vulnerability> {
    let mut out = Vec::new();
    for (i, x) in arr_w(v, "vulnerabilities", "", "cdx.type", w)
        .iter()
        .enumerate()
    {
        let ptr = format!("/vulnerabilities/{i}");
        let id = s(x, "id").into_owned();
        if id.is_empty() {
            w.add("cdx.vulnerability-id", &ptr, "a vulnerability has no `id`");
        }
        let ratings = arr(x, "ratings")
            .iter()
            .enumerate()
            .map(|(j, r)| Rating {
                source: r
                    .get("source")
                    .map(|o| s(o, "name").into_owned())
                    .unwrap_or_default(),
                score: score(r.get("score"), &format!("{ptr}/ratings/{j}/score"), w),
                severity: s(r, "severity").into_owned(),
                method: s(r, "method").into_owned(),
                vector: s(r, "vector").into_owned(),
            })
            .collect();
        let an = x.get("analysis").unwrap_or(&Value::Null);
        let state = s(an, "state").into_owned();
        let status = match state.as_str() {
            "resolved" | "resolved_with_pedigree" => "fixed",
            "exploitable" => "affected",
            "in_triage" => "under_investigation",
            "false_positive" | "not_affected" => "not_affected",
            _ => "",
        };
        if !state.is_empty() && status.is_empty() {
            w.add(
                "cdx.analysis-state",
                &format!("{ptr}/analysis/state"),
                format!("analysis state `{state}` is not a CycloneDX state (kept as written)"),
            );
        }
        let action = arr(an, "response")
            .iter()
            .filter_map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut justification = s(an, "justification").into_owned();
        if justification.is_empty() && state == "false_positive" {
            justification = "false_positive".into();
        }
        let detail = s(an, "detail").into_owned();
        let affects: Vec<Assessment> = arr(x, "affects")
            .iter()
            .map(|a| s(a, "ref").into_owned())
            .filter(|r| !r.is_empty())
            .map(|r| Assessment {
                component: r,
                status: status.into(),
                justification: justification.clone(),
                action: action.clone(),
                detail: detail.clone(),
                source_state: state.clone(),
                origin: String::new(),
            })
            .collect();
        out.push(Vulnerability {
            id,
            source: x
                .get("source")
                .map(|o| s(o, "name").into_owned())
                .unwrap_or_default(),
            description: s(x, "description").into_owned(),
            ratings,
            affects,
        });
    }
    out
}

/// A rating's score: a finite number from 0 to 10 (CVSS), given as a JSON
/// number or as text. Anything else is dropped with a warning that names
/// the field, never silently (`"NaN"`, `"inf"`, `"7.5abc"`, `12`).
fn score(v: Option<&Value>, ptr: &str, w: &mut Warn) -> Option<f64> {
    let (n, text) = match v? {
        Value::Null => return None,
        Value::Number(n) => (n.as_f64(), n.to_string()),
        Value::String(t) if t.trim().is_empty() => return None,
        Value::String(t) => (
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|&x| !crate::util::underflows(t.trim(), x)),
            format!("\"{t}\""),
        ),
        other => (None, type_name(other).to_string()),
    };
    match n {
        Some(x) if x.is_finite() && (0.0..=10.0).contains(&x) => Some(x),
        _ => {
            w.add(
                "cdx.rating-score",
                ptr,
                format!(
                    "score {text} is not a number from 0 to 10; the rating is kept without a score"
                ),
            );
            None
        }
    }
}
