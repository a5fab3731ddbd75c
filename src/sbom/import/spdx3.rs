//! SPDX 3.0.1 JSON-LD (compact form, `@graph`) into the model. Packages
//! (`software_Package` and its AI and Dataset profile subclasses) are
//! components; `dependsOn`/`contains` relationships are dependencies;
//! `hasConcludedLicense`/`hasDeclaredLicense` give licences; the document's
//! CreationInfo gives timestamp, authors and tools. Warnings `spdx3.<rule>`.

use std::collections::HashMap;

use super::node::Node as Value;

use super::json::{arr, s};
use super::{Format, Locator, Parsed, Warn};
use crate::sbom::model::{Component, Hash, SbomDocument};
use crate::sbom::SbomError;

const PACKAGE_TYPES: &[&str] = &["software_Package", "ai_AIPackage", "dataset_DatasetPackage"];

fn typ<'a>(e: &'a Value) -> std::borrow::Cow<'a, str> {
    let t = s(e, "type");
    if t.is_empty() {
        s(e, "@type")
    } else {
        t
    }
}

fn id<'a>(e: &'a Value) -> std::borrow::Cow<'a, str> {
    let t = s(e, "spdxId");
    if t.is_empty() {
        s(e, "@id")
    } else {
        t
    }
}

/// A reference that is either an id string or an inline object.
fn refs(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.to_string()],
        Some(Value::Array(a)) => a.iter().flat_map(|x| refs(Some(x))).collect(),
        Some(o @ Value::Object(_)) => vec![id(o).into_owned()],
        _ => Vec::new(),
    }
}

pub(super) fn convert(
    v: &Value,
    loc: &Locator,
    obs: &dyn crate::util::Observer,
) -> Result<Parsed, SbomError> {
    let mut w = Warn::new(loc);
    let graph: &[Value] = match v.get("@graph") {
        Some(Value::Array(a)) => a,
        _ => {
            return Err(SbomError::Invalid {
                location: loc.at("/@graph"),
                message: "an SPDX 3 JSON-LD document needs an `@graph` array of elements".into(),
            })
        }
    };
    let mut by_id: HashMap<String, &Value> = HashMap::new();
    for (i, e) in graph.iter().enumerate() {
        let k = id(e);
        if k.is_empty() {
            if typ(e) != "CreationInfo" {
                w.add(
                    "spdx3.element-id",
                    &format!("/@graph/{i}"),
                    format!("element of type `{}` has no spdxId", typ(e)),
                );
            }
        } else {
            by_id.insert(k.into_owned(), e);
        }
    }
    let name_of = |r: &str| -> String {
        by_id
            .get(r)
            .map(|e| s(e, "name").into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| r.to_string())
    };
    let mut comps: Vec<Component> = Vec::new();
    let mut ptrs: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut doc_el: Option<&Value> = None;
    let mut creation: Option<&Value> = None;
    for (i, e) in graph.iter().enumerate() {
        // Counted in graph elements: packages are not told apart before.
        super::tick(obs, i, graph.len())?;
        let t = typ(e);
        if t == "SpdxDocument" && doc_el.is_none() {
            doc_el = Some(e);
        }
        if t == "CreationInfo" && creation.is_none() {
            creation = Some(e);
        }
        if !PACKAGE_TYPES.contains(&t.as_ref()) {
            continue;
        }
        let ptr = format!("/@graph/{i}");
        let mut purl = s(e, "software_packageUrl").into_owned();
        let mut cpe = String::new();
        let mut swid = String::new();
        for x in arr(e, "externalIdentifier") {
            let idv = s(x, "identifier").into_owned();
            match s(x, "externalIdentifierType").as_ref() {
                "packageUrl" if purl.is_empty() => purl = idv,
                "cpe23" | "cpe22" if cpe.is_empty() => cpe = idv,
                "swid" if swid.is_empty() => swid = idv,
                _ => {}
            }
        }
        let hashes = arr(e, "verifiedUsing")
            .iter()
            .filter(|h| typ(h) == "Hash")
            .map(|h| Hash {
                alg: alg(&s(h, "algorithm")),
                value: s(h, "hashValue").to_ascii_lowercase(),
            })
            .collect();
        let name = s(e, "name").into_owned();
        if name.is_empty() {
            w.add("spdx3.package-required", &ptr, "package has no `name`");
        }
        let kind = match t.as_ref() {
            "ai_AIPackage" => "machine-learning-model".to_string(),
            "dataset_DatasetPackage" => "data".to_string(),
            _ => super::spdx::kind_of(&s(e, "software_primaryPurpose")),
        };
        let c = Component {
            kind,
            name,
            version: s(e, "software_packageVersion").into_owned(),
            supplier: refs(e.get("suppliedBy"))
                .first()
                .map(|r| name_of(r))
                .unwrap_or_default(),
            author: refs(e.get("originatedBy"))
                .iter()
                .map(|r| name_of(r))
                .collect::<Vec<_>>()
                .join(", "),
            description: super::spdx::description(e),
            purl,
            cpe,
            swid,
            hashes,
            source_ref: id(e).into_owned(),
            ..Default::default()
        };
        index.insert(c.source_ref.clone(), comps.len());
        comps.push(c);
        ptrs.push(ptr);
    }
    let mut has_deps = false;
    for (i, e) in graph.iter().enumerate() {
        let t = typ(e);
        if t != "Relationship" && t != "LifecycleScopedRelationship" {
            continue;
        }
        let from = s(e, "from").into_owned();
        let to = refs(e.get("to"));
        let rt = s(e, "relationshipType").into_owned();
        let ptr = format!("/@graph/{i}");
        for x in to.iter().chain(std::iter::once(&from)) {
            if !x.is_empty() && !by_id.contains_key(x) && !x.starts_with("http") && !x.contains(':')
            {
                w.add(
                    "spdx3.relationship-ref",
                    &ptr,
                    format!("relationship names `{x}`, which the document does not define"),
                );
            }
        }
        let Some(&k) = index.get(&from) else { continue };
        match rt.as_str() {
            "dependsOn" | "contains" => {
                comps[k].dependencies_stated = true;
                for x in to {
                    if index.contains_key(&x) {
                        comps[k].depends_on.push(x);
                        has_deps = true;
                    }
                }
            }
            "hasConcludedLicense" | "hasDeclaredLicense" => {
                for x in to {
                    // (text, whether it is an SPDX expression to check):
                    // a licence element's expression, a listed licence by
                    // its IRI; other licence elements by their name.
                    let (expr, checked) = match by_id.get(&x) {
                        Some(l) => {
                            let e = s(l, "simplelicensing_licenseExpression");
                            if e.is_empty() {
                                (s(l, "name").into_owned(), false)
                            } else {
                                (e.into_owned(), true)
                            }
                        }
                        None => (license_from_iri(&x), true),
                    };
                    if checked {
                        super::license::check_expression(
                            &expr,
                            &comps[k].name,
                            &format!("{rt} `{x}`"),
                            "spdx3.license-expression",
                            &ptr,
                            &mut w,
                        );
                    }
                    if !expr.is_empty() && !comps[k].licenses.contains(&expr) {
                        if rt == "hasConcludedLicense" {
                            comps[k].licenses.insert(0, expr);
                        } else {
                            comps[k].licenses.push(expr);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // A declared and a concluded licence: keep the concluded one only.
    for c in comps.iter_mut() {
        c.licenses.truncate(1);
    }
    // The creation info of the document (inline, by id, or the first one).
    let ci: Option<&Value> = doc_el
        .and_then(|d| match d.get("creationInfo") {
            Some(o @ Value::Object(_)) => Some(o),
            Some(Value::String(r)) => graph.iter().find(|e| s(e, "@id") == r.as_ref()),
            _ => None,
        })
        .or(creation);
    let ci_val = ci.unwrap_or(&Value::Null);
    let spec = s(ci_val, "specVersion").into_owned();
    let no_spec = "no CreationInfo states the specVersion";
    if w.require(&spec, "spdx3.spec-version", "", no_spec) && spec != "3.0.1" && spec != "3.0.0" {
        w.add(
            "spdx3.spec-version",
            "",
            format!("specVersion `{spec}` is not 3.0.1; read leniently"),
        );
    }
    let created = s(ci_val, "created").into_owned();
    let no_created = "the CreationInfo has no `created` timestamp";
    w.require(&created, "spdx3.created", "", no_created);
    let authors: Vec<String> = refs(ci_val.get("createdBy"))
        .iter()
        .map(|r| name_of(r))
        .collect();
    // Creators' email addresses (`externalIdentifier` of type email) and
    // URLs (`externalRef`/`externalIdentifier` locators that are URLs).
    let creator_contacts: Vec<String> = refs(ci_val.get("createdBy"))
        .iter()
        .filter_map(|r| by_id.get(r))
        .flat_map(|a| {
            let ids = arr(a, "externalIdentifier").iter().filter_map(|x| {
                let t = s(x, "externalIdentifierType");
                let v = s(x, "identifier");
                (t == "email" || v.starts_with("http")).then(|| v.into_owned())
            });
            let urls = arr(a, "externalRef").iter().flat_map(|x| {
                arr(x, "locator")
                    .iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect::<Vec<_>>()
            });
            ids.chain(urls)
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    let tools: Vec<String> = refs(ci_val.get("createdUsing"))
        .iter()
        .map(|r| name_of(r))
        .collect();
    let root_ids: Vec<String> = doc_el
        .map(|d| refs(d.get("rootElement")))
        .unwrap_or_default()
        .into_iter()
        .flat_map(|r| {
            // The root may be an Sbom element whose own root is the package.
            let inner = by_id
                .get(&r)
                .map(|e| refs(e.get("rootElement")))
                .unwrap_or_default();
            std::iter::once(r).chain(inner)
        })
        .collect();
    let root = root_ids.iter().find_map(|r| index.get(r)).copied();
    let document = SbomDocument {
        format: Format::Spdx3JsonLd.as_str().into(),
        spec_version: format!(
            "SPDX-{}",
            if spec.is_empty() {
                "3.0.1"
            } else {
                spec.as_str()
            }
        ),
        serial: doc_el.map(|d| id(d).into_owned()).unwrap_or_default(),
        has_dependencies: has_deps,
        ..super::spdx::made_by(created, authors, tools, creator_contacts)
    };
    let name = doc_el
        .map(|d| s(d, "name").into_owned())
        .unwrap_or_default();
    Ok(super::spdx::finish_spdx(
        "spdx3", comps, root, ptrs, w, document, name,
    ))
}

fn alg(a: &str) -> String {
    match a.to_ascii_lowercase().as_str() {
        "sha1" => "SHA-1".into(),
        "sha224" => "SHA-224".into(),
        "sha256" => "SHA-256".into(),
        "sha384" => "SHA-384".into(),
        "sha512" => "SHA-512".into(),
        "sha3_256" => "SHA3-256".into(),
        "sha3_384" => "SHA3-384".into(),
        "sha3_512" => "SHA3-512".into(),
        "blake2b256" => "BLAKE2b-256".into(),
        "blake2b384" => "BLAKE2b-384".into(),
        "blake2b512" => "BLAKE2b-512".into(),
        "blake3" => "BLAKE3".into(),
        "md5" => "MD5".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// `https://spdx.org/licenses/MIT` -> `MIT`.
fn license_from_iri(iri: &str) -> String {
    iri.strip_prefix("https://spdx.org/licenses/")
        .or_else(|| iri.strip_prefix("http://spdx.org/licenses/"))
        .unwrap_or("")
        .to_string()
}
