//! SPDX 2.2 / 2.3 (the JSON shape; tag-value is lifted into it by `tagvalue`)
//! into the model. Packages are components (files and snippets are not);
//! DEPENDS_ON, CONTAINS and the `*_DEPENDENCY_OF` family are dependencies;
//! DESCRIBES (or `documentDescribes`) names the subject. Validation beside it:
//! `spdx.<rule>` warnings for the creation info (creators, `created` format),
//! actor syntax, fields a 2.2 document may not hold, required package fields
//! and relationships to undefined elements.

use std::collections::{HashMap, HashSet};

use super::node::Node as Value;

use super::json::{arr, arr_w, s, s_w};
use super::{finish, Format, Locator, Parsed, Warn};
use crate::sbom::model::{Component, Hash, SbomDocument};
use crate::sbom::SbomError;

pub(super) fn convert(
    v: &Value,
    format: Format,
    loc: &Locator,
    obs: &dyn crate::util::Observer,
) -> Result<Parsed, SbomError> {
    let mut w = Warn::new(loc);
    let version = s(v, "spdxVersion").into_owned();
    let v22 = version == "SPDX-2.2";
    if version.is_empty() {
        w.add("spdx.version", "", "`spdxVersion` is missing");
    } else if !matches!(version.as_str(), "SPDX-2.2" | "SPDX-2.3") {
        w.add(
            "spdx.version",
            "/spdxVersion",
            format!("spdxVersion `{version}` is not SPDX-2.2 or SPDX-2.3; read leniently"),
        );
    }
    let ci = v.get("creationInfo").unwrap_or(&Value::Null);
    if ci.is_null() {
        w.add(
            "spdx.creation-info",
            "",
            "`creationInfo` is missing (required)",
        );
    }
    let created = s(ci, "created").into_owned();
    let missing = "`created` is missing (required)";
    if w.require(&created, "spdx.created-format", "/creationInfo", missing)
        && !is_spdx_date(&created)
    {
        w.add(
            "spdx.created-format",
            "/creationInfo/created",
            format!("`created` must be YYYY-MM-DDThh:mm:ssZ, found `{created}`"),
        );
    }
    let creators = arr_w(ci, "creators", "/creationInfo", "spdx.type", &mut w);
    if creators.is_empty() && !ci.is_null() {
        w.add(
            "spdx.creators",
            "/creationInfo",
            "`creators` must list at least one creator",
        );
    }
    let mut authors = Vec::new();
    let mut tools = Vec::new();
    let mut creator_contacts = Vec::new();
    for (i, c) in creators.iter().enumerate() {
        let c = c.as_str().unwrap_or("").trim();
        // `Person: Jane Doe (jane@x.org)`: the email in parentheses.
        if let (Some(a), true) = (c.rfind('('), c.ends_with(')')) {
            let e = c[a + 1..c.len() - 1].trim();
            if !e.is_empty() && !c.starts_with("Tool:") {
                creator_contacts.push(e.to_string());
            }
        }
        match actor(c) {
            Some(("Tool", name)) => tools.push(name.to_string()),
            Some((_, name)) => authors.push(name.to_string()),
            None => w.add(
                "spdx.actor-format",
                &format!("/creationInfo/creators/{i}"),
                format!("creator `{c}` must start with `Person:`, `Organization:` or `Tool:`"),
            ),
        }
    }
    // Every element id, for relationship checks.
    let mut ids: HashSet<String> = HashSet::new();
    ids.insert(s(v, "SPDXID").into_owned());
    for key in ["files", "snippets"] {
        for f in arr(v, key) {
            ids.insert(s(f, "SPDXID").into_owned());
        }
    }
    let packages = arr_w(v, "packages", "", "spdx.type", &mut w);
    let mut comps: Vec<Component> = Vec::with_capacity(packages.len());
    let mut ptrs: Vec<String> = Vec::with_capacity(packages.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(packages.len());
    for (i, p) in packages.iter().enumerate() {
        super::tick(obs, i, packages.len())?;
        let ptr = format!("/packages/{i}");
        let c = package(p, &ptr, v22, format == Format::SpdxJson, &mut w);
        if !c.source_ref.is_empty() {
            ids.insert(c.source_ref.clone());
            index.insert(c.source_ref.clone(), comps.len());
        }
        comps.push(c);
        ptrs.push(ptr);
    }
    // Relationships: dependencies and the described package.
    let mut described: Vec<String> = arr(v, "documentDescribes")
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect();
    let mut has_deps = false;
    let doc_id = s(v, "SPDXID").into_owned();
    for (i, r) in arr_w(v, "relationships", "", "spdx.type", &mut w)
        .iter()
        .enumerate()
    {
        let ptr = format!("/relationships/{i}");
        let a = s(r, "spdxElementId").into_owned();
        let b = s(r, "relatedSpdxElement").into_owned();
        let t = s(r, "relationshipType").to_ascii_uppercase();
        for (x, key) in [(&a, "spdxElementId"), (&b, "relatedSpdxElement")] {
            if !x.is_empty()
                && !ids.contains(x.as_str())
                && !x.starts_with("DocumentRef-")
                && x != "NONE"
                && x != "NOASSERTION"
            {
                w.add(
                    "spdx.relationship-ref",
                    &format!("{ptr}/{key}"),
                    format!("relationship names `{x}`, which the document does not define"),
                );
            }
        }
        let (from, to) = match t.as_str() {
            "DESCRIBES" if a == doc_id => {
                described.push(b.clone());
                continue;
            }
            "DESCRIBED_BY" if b == doc_id => {
                described.push(a.clone());
                continue;
            }
            "DEPENDS_ON" | "CONTAINS" => (a, b),
            "CONTAINED_BY" | "DEPENDENCY_OF" => (b, a),
            t if t.ends_with("_DEPENDENCY_OF") => (b, a),
            _ => continue,
        };
        if let (Some(&k), true) = (index.get(&from), index.contains_key(&to) || to == "NONE") {
            comps[k].dependencies_stated = true;
            if to == "NONE" {
                continue;
            }
            comps[k].depends_on.push(to);
            has_deps = true;
        }
    }
    // The described package is the subject; it stays in the inventory (SPDX
    // counts every package) but is also reported as the root.
    let root = described.iter().find_map(|d| index.get(d)).copied();
    let document = SbomDocument {
        format: format.as_str().into(),
        spec_version: version,
        serial: s(v, "documentNamespace").into_owned(),
        has_dependencies: has_deps,
        ..made_by(created, authors, tools, creator_contacts)
    };
    let name = s(v, "name").into_owned();
    Ok(finish_spdx("spdx", comps, root, ptrs, w, document, name))
}

/// A document's creation info, as both SPDX converters read it: when, by
/// whom (and their contacts), with which tools.
pub(super) fn made_by(
    timestamp: String,
    authors: Vec<String>,
    tools: Vec<String>,
    creator_contacts: Vec<String>,
) -> SbomDocument {
    SbomDocument {
        timestamp,
        authors,
        tools,
        creator_contacts,
        ..Default::default()
    }
}

/// The common end of the SPDX 2 and SPDX 3 converters: ids and references
/// resolved (`finish`), the root package (by its index in `comps`) reported
/// and kept in the inventory, warning rules under `prefix`, and the document
/// named after the root, else `name`.
pub(super) fn finish_spdx(
    prefix: &str,
    comps: Vec<Component>,
    root: Option<usize>,
    ptrs: Vec<String>,
    mut w: Warn,
    mut document: SbomDocument,
    name: String,
) -> Parsed {
    let root = root.and_then(|k| comps.get(k)).cloned();
    document.component_count = comps.len();
    let ptr_of = move |i: usize| ptrs.get(i).cloned().unwrap_or_default();
    let (components, root, _) = finish(comps, root, Vec::new(), &mut w, &ptr_of);
    for x in w.list.iter_mut() {
        if !x.rule.contains('.') {
            x.rule = format!("{prefix}.{}", x.rule);
        }
    }
    document.subject = root
        .as_ref()
        .map(|r| super::cyclonedx::join_nv(&r.name, &r.version))
        .unwrap_or(name);
    Parsed {
        document,
        components,
        vulnerabilities: Vec::new(),
        root,
        warnings: w.list,
    }
}

fn package(p: &Value, ptr: &str, v22: bool, json: bool, w: &mut Warn) -> Component {
    let id = s_w(p, "SPDXID", ptr, "spdx.type", w).to_string();
    let name = s_w(p, "name", ptr, "spdx.type", w).to_string();
    if id.is_empty() {
        w.add(
            "spdx.package-required",
            ptr,
            "package has no `SPDXID` (required)",
        );
    }
    if name.is_empty() {
        w.add(
            "spdx.package-required",
            ptr,
            "package has no `name` (required)",
        );
    }
    if p.get("downloadLocation").is_none() {
        w.add(
            "spdx.package-required",
            ptr,
            "package has no `downloadLocation` (required)",
        );
    }
    if v22 {
        for key in [
            "primaryPackagePurpose",
            "builtDate",
            "releaseDate",
            "validUntilDate",
        ] {
            if p.get(key).is_some() {
                w.add(
                    "spdx.version-field",
                    &format!("{ptr}/{key}"),
                    format!("`{key}` is an SPDX 2.3 field, not allowed in an SPDX-2.2 document"),
                );
            }
        }
    }
    let party = |key: &str, w: &mut Warn| -> String {
        let raw = s(p, key);
        if raw.is_empty() || raw == "NOASSERTION" {
            return String::new();
        }
        match actor(&raw) {
            Some((_, n)) => n.to_string(),
            None => {
                w.add(
                    "spdx.actor-format",
                    &format!("{ptr}/{key}"),
                    format!(
                        "`{raw}` must start with `Person:` or `Organization:` (or be NOASSERTION)"
                    ),
                );
                raw.into_owned()
            }
        }
    };
    let supplier = party("supplier", w);
    let author = party("originator", w);
    let mut hashes = Vec::new();
    for (i, c) in arr_w(p, "checksums", ptr, "spdx.type", w)
        .iter()
        .enumerate()
    {
        let alg = s(c, "algorithm").to_ascii_uppercase();
        if v22 && (alg.starts_with("BLAKE") || alg.starts_with("SHA3") || alg == "ADLER32") {
            w.add(
                "spdx.version-field",
                &format!("{ptr}/checksums/{i}/algorithm"),
                format!("checksum algorithm `{alg}` is not allowed in an SPDX-2.2 document"),
            );
        }
        hashes.push(Hash {
            alg: cdx_alg(&alg),
            value: s(c, "checksumValue").to_ascii_lowercase(),
        });
    }
    let mut purl = String::new();
    let mut cpe = String::new();
    let mut swid = String::new();
    for (i, r) in arr_w(p, "externalRefs", ptr, "spdx.type", w)
        .iter()
        .enumerate()
    {
        let cat = s(r, "referenceCategory");
        let typ = s(r, "referenceType");
        let loc = s(r, "referenceLocator");
        // SPDX 2.2 JSON spells it PACKAGE_MANAGER (its tag-value PACKAGE-MANAGER).
        if v22 && json && cat == "PACKAGE-MANAGER" {
            w.add(
                "spdx.version-field",
                &format!("{ptr}/externalRefs/{i}/referenceCategory"),
                "SPDX-2.2 names this category PACKAGE_MANAGER; PACKAGE-MANAGER is SPDX 2.3",
            );
        }
        match typ.as_ref() {
            "purl" if purl.is_empty() => purl = loc.into_owned(),
            "cpe23Type" | "cpe22Type" if cpe.is_empty() => cpe = loc.into_owned(),
            "swid" if swid.is_empty() => swid = loc.into_owned(),
            _ => {}
        }
    }
    let mut licenses = Vec::new();
    for key in ["licenseConcluded", "licenseDeclared"] {
        let l = s(p, key);
        super::license::check_expression(
            &l,
            &name,
            key,
            "spdx.license-expression",
            &format!("{ptr}/{key}"),
            w,
        );
        if licenses.is_empty() && !l.is_empty() && l != "NOASSERTION" && l != "NONE" {
            licenses.push(l.into_owned());
        }
    }
    Component {
        kind: kind_of(&s(p, "primaryPackagePurpose")),
        name,
        version: s(p, "versionInfo").into_owned(),
        supplier,
        author,
        description: description(p),
        purl,
        cpe,
        swid,
        hashes,
        licenses,
        file_name: s(p, "packageFileName").into_owned(),
        source_ref: id,
        ..Default::default()
    }
}

/// The component type of an SPDX (2 or 3) primary purpose: `APPLICATION` ->
/// `application`, `OPERATING_SYSTEM` -> `operating-system`; `library` when
/// the package states none.
pub(super) fn kind_of(purpose: &str) -> String {
    if purpose.is_empty() {
        "library".into()
    } else {
        purpose.to_ascii_lowercase().replace('_', "-")
    }
}

/// A package's `description`, else its `summary` (SPDX 2 and 3 alike).
pub(super) fn description(p: &Value) -> String {
    let d = s(p, "description");
    if d.is_empty() {
        s(p, "summary").into_owned()
    } else {
        d.into_owned()
    }
}

/// `Person: Jane Doe (jane@x.org)` -> ("Person", "Jane Doe").
pub(super) fn actor(s: &str) -> Option<(&'static str, &str)> {
    for kind in ["Person", "Organization", "Tool"] {
        if let Some(rest) = s.strip_prefix(kind).and_then(|r| r.strip_prefix(':')) {
            let rest = rest.trim();
            let name = match rest.rfind('(') {
                Some(i) if rest.ends_with(')') && i > 0 => rest[..i].trim(),
                _ => rest,
            };
            return Some((kind, name));
        }
    }
    None
}

/// SPDX 2 dates: exactly `YYYY-MM-DDThh:mm:ssZ`.
fn is_spdx_date(s: &str) -> bool {
    s.len() == 20 && s.ends_with('Z') && super::json::is_date_time(s)
}

fn cdx_alg(spdx: &str) -> String {
    match spdx {
        "SHA1" => "SHA-1".into(),
        "SHA224" => "SHA-224".into(),
        "SHA256" => "SHA-256".into(),
        "SHA384" => "SHA-384".into(),
        "SHA512" => "SHA-512".into(),
        "BLAKE2B-256" => "BLAKE2b-256".into(),
        "BLAKE2B-384" => "BLAKE2b-384".into(),
        "BLAKE2B-512" => "BLAKE2b-512".into(),
        other => other.to_string(),
    }
}
