//! Attaching imported SBOMs and VEX to a project: per software item, a new
//! import replaces the item's previous SBOMs and reports what was added,
//! removed and changed; components are deduplicated across items by purl,
//! else by name and version; SOUP documentation survives a re-import of the
//! same component (and a version change of it). It does not parse (see
//! `import`) nor save (the caller does, through `store`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::import::{self, Parsed};
use super::model::{Component, Soup, Vulnerability};
use super::SbomError;
use crate::diag::{ImportReport, ImportWarning};
use crate::model::{SoftwareItem, TechFile};
use crate::util::{NoObserver, Observer};

/// Reads `files` and attaches them to `item` (see `apply`). Nothing changes
/// when any file is rejected.
pub fn import_sbom_files(
    tf: &mut TechFile,
    files: &[&Path],
    item: Option<&str>,
) -> Result<ImportReport, SbomError> {
    import_sbom_files_observed(tf, files, item, &NoObserver)
}

/// `import_sbom_files`, telling `obs` how far it is (`super::SBOM_STAGES`,
/// components counted) and stopping with `SbomError::Cancelled`, the
/// project untouched, at the first point before the merge at which it asks
/// to. The merge itself is not stopped (it is the short end, and a stop in
/// it would leave half an import).
pub fn import_sbom_files_observed(
    tf: &mut TechFile,
    files: &[&Path],
    item: Option<&str>,
    obs: &dyn Observer,
) -> Result<ImportReport, SbomError> {
    let parsed = read_sbom_files(files, obs)?;
    let report = apply(tf, parsed, item);
    obs.stage("sbom.merge");
    Ok(report)
}

/// Reads and parses `files` (see `import::read_file_observed`); the
/// project is not involved, so a caller can do this outside its lock.
pub fn read_sbom_files(files: &[&Path], obs: &dyn Observer) -> Result<Vec<Parsed>, SbomError> {
    files
        .iter()
        .map(|p| import::read_file_observed(p, obs))
        .collect()
}

/// The software item an import goes to when none is given: the SBOM's
/// subject (`metadata.component`, the SPDX described package), else the
/// first file's stem. `apply` creates it when the project lacks it.
pub fn subject_item(parsed: &[Parsed]) -> String {
    for p in parsed {
        if let Some(r) = &p.root {
            if !r.name.is_empty() {
                return r.name.clone();
            }
        }
    }
    parsed
        .first()
        .map(|p| {
            let n = &p.document.file_name;
            n.split('.').next().unwrap_or(n).to_string()
        })
        .unwrap_or_else(|| "software".into())
}

fn display(c: &Component) -> String {
    if c.version.is_empty() {
        c.name.clone()
    } else {
        format!("{} {}", c.name, c.version)
    }
}

fn family(c: &Component) -> (String, String) {
    (c.group.to_lowercase(), c.name.to_lowercase())
}

fn nv(c: &Component) -> (String, String, String) {
    (
        c.group.to_lowercase(),
        c.name.to_lowercase(),
        c.version.clone(),
    )
}

/// Attaches parsed SBOMs to a software item, replacing what it had.
pub fn apply(tf: &mut TechFile, parsed: Vec<Parsed>, item: Option<&str>) -> ImportReport {
    let item = item
        .map(str::to_string)
        .unwrap_or_else(|| subject_item(&parsed));
    let mut report = ImportReport {
        kind: "sbom",
        item: item.clone(),
        ..Default::default()
    };
    if tf.software_item(&item).is_none() {
        let version = parsed
            .iter()
            .find_map(|p| p.root.as_ref().map(|r| r.version.clone()))
            .unwrap_or_default();
        tf.software_items.push(SoftwareItem {
            name: item.clone(),
            version,
            ..Default::default()
        });
        report.created_item = true;
    }
    let part = &mut tf.sbom;
    // What the item had before, by family (group, name).
    let mut before: BTreeMap<(String, String), Vec<Component>> = BTreeMap::new();
    for c in part.components.iter().filter(|c| c.items.contains(&item)) {
        before.entry(family(c)).or_default().push(c.clone());
    }
    // Detach the item; components no one else lists leave the inventory,
    // their SOUP documentation kept aside for a version change.
    let mut soup_by_family: HashMap<(String, String), Soup> = HashMap::new();
    part.documents.retain(|d| d.item != item);
    part.components.retain_mut(|c| {
        c.items.retain(|i| i != &item);
        if c.items.is_empty() {
            if c.soup != Soup::default() {
                soup_by_family.insert(family(c), c.soup.clone());
            }
            false
        } else {
            true
        }
    });
    let mut by_id: HashMap<String, usize> = part
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let mut by_nv: HashMap<(String, String, String), usize> = part
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (nv(c), i))
        .collect();
    let mut after: BTreeMap<(String, String), Vec<Component>> = BTreeMap::new();
    let mut vulns = Vec::new();
    for p in parsed {
        let mut doc = p.document;
        doc.item = item.clone();
        report.imported += doc.component_count;
        report.warnings.extend(p.warnings);
        part.documents.push(doc);
        for mut c in p.components {
            after.entry(family(&c)).or_default().push(c.clone());
            let hit = by_id.get(&c.id).copied().or_else(|| {
                // Same name and version, one side without a purl: one component.
                by_nv
                    .get(&nv(&c))
                    .copied()
                    .filter(|&i| part.components[i].purl.is_empty() || c.purl.is_empty())
            });
            match hit {
                Some(i) => {
                    let old = &mut part.components[i];
                    refresh(old, c, &item);
                }
                None => {
                    c.items = vec![item.clone()];
                    if let Some(s) = soup_by_family.get(&family(&c)) {
                        c.soup = s.clone();
                    }
                    by_id.insert(c.id.clone(), part.components.len());
                    by_nv.insert(nv(&c), part.components.len());
                    part.components.push(c);
                }
            }
        }
        vulns.extend(p.vulnerabilities);
    }
    part.components.sort_by(|a, b| a.id.cmp(&b.id));
    part.documents
        .sort_by(|a, b| (&a.item, &a.file_name).cmp(&(&b.item, &b.file_name)));
    // The report: by family, versions before and after.
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    for k in keys {
        let old = before.get(k);
        let new = after.get(k);
        match (old, new) {
            (None, Some(n)) => report.added.extend(n.iter().map(display)),
            (Some(o), None) => report.removed.extend(o.iter().map(display)),
            (Some(o), Some(n)) => {
                let ov: BTreeSet<&str> = o.iter().map(|c| c.version.as_str()).collect();
                let nvs: BTreeSet<&str> = n.iter().map(|c| c.version.as_str()).collect();
                if ov != nvs {
                    report.changed.push(format!(
                        "{}: {} -> {}",
                        n[0].name,
                        ov.into_iter().collect::<Vec<_>>().join(", "),
                        nvs.into_iter().collect::<Vec<_>>().join(", ")
                    ));
                } else if let (Some(a), Some(b)) = (o.first(), n.first()) {
                    let mut what = Vec::new();
                    if a.licenses != b.licenses {
                        what.push("licences");
                    }
                    if a.hashes != b.hashes {
                        what.push("hashes");
                    }
                    if a.supplier != b.supplier {
                        what.push("supplier");
                    }
                    if !what.is_empty() {
                        report
                            .changed
                            .push(format!("{}: {} changed", display(b), what.join(", ")));
                    }
                }
            }
            (None, None) => {}
        }
    }
    if !vulns.is_empty() {
        let mut w = Vec::new();
        merge_vulnerabilities(tf, vulns, &mut w);
        report.warnings.extend(w);
    }
    report
}

/// Takes the imported data of `new` into `old`, keeping SOUP documentation
/// and the other items that list it.
fn refresh(old: &mut Component, new: Component, item: &str) {
    let soup = std::mem::take(&mut old.soup);
    let mut items = std::mem::take(&mut old.items);
    if !items.iter().any(|i| i == item) {
        items.push(item.to_string());
        items.sort();
    }
    let id = old.id.clone();
    let mut deps = std::mem::take(&mut old.depends_on);
    for d in &new.depends_on {
        if !deps.contains(d) {
            deps.push(d.clone());
        }
    }
    deps.sort();
    let fill = |a: &mut String, b: String| {
        if !b.is_empty() {
            *a = b;
        }
    };
    fill(&mut old.kind, new.kind);
    fill(&mut old.group, new.group);
    fill(&mut old.name, new.name);
    fill(&mut old.version, new.version);
    fill(&mut old.supplier, new.supplier);
    fill(&mut old.author, new.author);
    fill(&mut old.description, new.description);
    fill(&mut old.purl, new.purl);
    fill(&mut old.cpe, new.cpe);
    fill(&mut old.swid, new.swid);
    fill(&mut old.scope, new.scope);
    fill(&mut old.parent, new.parent);
    fill(&mut old.source_ref, new.source_ref);
    fill(&mut old.file_name, new.file_name);
    old.dependencies_stated |= new.dependencies_stated;
    if !new.hashes.is_empty() {
        old.hashes = new.hashes;
    }
    if !new.licenses.is_empty() {
        old.licenses = new.licenses;
    }
    old.id = id;
    old.depends_on = deps;
    old.items = items;
    old.soup = soup;
}

/// Reads VEX files (CycloneDX VEX, OpenVEX) and records their assessments.
pub fn import_vex_files(tf: &mut TechFile, files: &[&Path]) -> Result<ImportReport, SbomError> {
    let mut all = Vec::new();
    let mut warnings = Vec::new();
    for f in files {
        let (v, w) = import::read_vex(f)?;
        all.extend(v);
        warnings.extend(w);
    }
    let imported = all.iter().map(|v| v.affects.len().max(1)).sum();
    merge_vulnerabilities(tf, all, &mut warnings);
    Ok(ImportReport {
        kind: "vex",
        imported,
        warnings,
        ..Default::default()
    })
}

/// Resolves assessment references against the inventory (component id, purl,
/// source reference, `name@version`) and merges by vulnerability id: a newer
/// assessment of the same component replaces the older one.
pub fn merge_vulnerabilities(
    tf: &mut TechFile,
    vulns: Vec<Vulnerability>,
    warnings: &mut Vec<ImportWarning>,
) {
    let part = &mut tf.sbom;
    let mut lookup: HashMap<String, String> = HashMap::new();
    for c in &part.components {
        for k in [&c.source_ref, &c.purl, &c.id] {
            if !k.is_empty() {
                lookup.entry(k.clone()).or_insert_with(|| c.id.clone());
            }
        }
        lookup
            .entry(format!("{}@{}", c.name, c.version))
            .or_insert_with(|| c.id.clone());
        // A purl without qualifiers matches one with them.
        if let Some(i) = c.purl.find(['?', '#']) {
            lookup
                .entry(c.purl[..i].to_string())
                .or_insert_with(|| c.id.clone());
        }
    }
    for mut v in vulns {
        for a in v.affects.iter_mut() {
            let r = import::strip_bom_link(&a.component).to_string();
            let base = r.split(['?', '#']).next().unwrap_or(&r).to_string();
            match lookup.get(&r).or_else(|| lookup.get(&base)) {
                Some(id) => a.component = id.clone(),
                None => {
                    warnings.push(ImportWarning {
                        rule: "vex.unknown-component".into(),
                        message: format!(
                            "{}: `{r}` matches no component of the project; the assessment is kept as written",
                            v.id
                        ),
                        location: a.origin.clone(),
                    });
                    a.component = r;
                }
            }
        }
        match part.vulnerabilities.iter_mut().find(|x| x.id == v.id) {
            Some(old) => {
                if old.description.is_empty() {
                    old.description = v.description;
                }
                if old.source.is_empty() {
                    old.source = v.source;
                }
                if !v.ratings.is_empty() {
                    old.ratings = v.ratings;
                }
                for a in v.affects {
                    old.affects.retain(|x| x.component != a.component);
                    old.affects.push(a);
                }
                old.affects.sort_by(|a, b| a.component.cmp(&b.component));
            }
            None => {
                v.affects.sort_by(|a, b| a.component.cmp(&b.component));
                part.vulnerabilities.push(v);
            }
        }
    }
    part.vulnerabilities.sort_by(|a, b| a.id.cmp(&b.id));
}

/// The SOUP fields an editor may set, by name as in the project file.
pub const SOUP_FIELDS: &[&str] = &[
    "requirements",
    "required_hw_sw",
    "hazardous_situations",
    "anomaly_review_date",
    "anomaly_review_result",
    "support_level",
    "end_of_support",
];

/// Sets one SOUP field of the component `id` (the desktop editor and scripts use it).
pub fn set_soup_field(
    tf: &mut TechFile,
    id: &str,
    field: &str,
    value: &str,
) -> Result<(), SbomError> {
    let Some(c) = tf.sbom.components.iter_mut().find(|c| c.id == id) else {
        return Err(SbomError::Invalid {
            location: format!("sbom.components[id={id}]"),
            message: "no component with this id".into(),
        });
    };
    let s = &mut c.soup;
    let slot = match field {
        "requirements" => &mut s.requirements,
        "required_hw_sw" => &mut s.required_hw_sw,
        "hazardous_situations" => &mut s.hazardous_situations,
        "anomaly_review_date" => &mut s.anomaly_review_date,
        "anomaly_review_result" => &mut s.anomaly_review_result,
        "support_level" => &mut s.support_level,
        "end_of_support" => &mut s.end_of_support,
        other => {
            return Err(SbomError::Invalid {
                location: format!("sbom.components[id={id}].soup.{other}"),
                message: format!(
                    "unknown SOUP field; expected one of: {}",
                    SOUP_FIELDS.join(", ")
                ),
            })
        }
    };
    *slot = value.trim().to_string();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sbom::model::Component;

    #[test]
    fn soup_fields_are_set_by_name_and_unknown_ones_refused() {
        let mut tf = TechFile::empty();
        tf.sbom.components.push(Component {
            id: "pkg:pypi/a@1".into(),
            ..Default::default()
        });
        for f in SOUP_FIELDS {
            set_soup_field(&mut tf, "pkg:pypi/a@1", f, " x ").expect("known field");
        }
        assert_eq!(tf.sbom.components[0].soup.end_of_support, "x");
        let e = set_soup_field(&mut tf, "pkg:pypi/a@1", "colour", "red").expect_err("unknown");
        assert!(e.to_string().contains("requirements"), "{e}");
        assert!(set_soup_field(&mut tf, "nope", "requirements", "x").is_err());
    }

    /// Records the stages and the counts; asks to stop once `stop_at`
    /// components have been counted.
    struct Record {
        seen: std::cell::RefCell<Vec<(String, usize, usize)>>,
        stop_at: Option<usize>,
    }

    impl Observer for Record {
        fn stage(&self, name: &str) {
            self.seen.borrow_mut().push((name.to_string(), 0, 0));
        }
        fn progress(&self, done: usize, total: usize) {
            self.seen.borrow_mut().push((String::new(), done, total));
        }
        fn cancelled(&self) -> bool {
            let seen = self.seen.borrow();
            self.stop_at
                .is_some_and(|n| seen.iter().any(|(s, d, _)| s.is_empty() && *d >= n))
        }
    }

    /// A CycloneDX SBOM of `n` components, written to `dir`.
    fn many(dir: &Path, n: usize) -> std::path::PathBuf {
        let comps: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"type":"library","name":"c{i}","version":"1","purl":"pkg:npm/c{i}@1"}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{{"component":{{"type":"application","name":"app","version":"1"}}}},"components":[{}]}}"#,
            comps.join(",")
        );
        let p = dir.join("many.cdx.json");
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn an_observed_import_tells_every_stage_and_counts_the_components_up() {
        let dir = tempfile::tempdir().expect("dir");
        let p = many(dir.path(), 1234);
        let mut tf = TechFile::empty();
        let r = Record {
            seen: Default::default(),
            stop_at: None,
        };
        let report =
            import_sbom_files_observed(&mut tf, &[p.as_path()], None, &r).expect("imports");
        assert_eq!(report.imported, 1234);
        let seen = r.seen.borrow();
        let stages: Vec<&str> = seen
            .iter()
            .filter(|(s, _, _)| !s.is_empty())
            .map(|(s, _, _)| s.as_str())
            .collect();
        let names: Vec<&str> = crate::sbom::SBOM_STAGES.iter().map(|(n, _)| *n).collect();
        assert_eq!(stages, names);
        let total: f32 = crate::sbom::SBOM_STAGES.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
        // The counts rise, every `TICK` components, out of the whole file,
        // between the end of the parse and the end of the components.
        let counts: Vec<usize> = seen
            .iter()
            .filter(|(s, _, _)| s.is_empty())
            .map(|(_, d, t)| {
                assert_eq!(*t, 1234);
                *d
            })
            .collect();
        assert_eq!(counts, (0..1234).step_by(import::TICK).collect::<Vec<_>>());
        let at = |name: &str| seen.iter().position(|(s, _, _)| s == name).expect(name);
        let first = seen
            .iter()
            .position(|(s, _, _)| s.is_empty())
            .expect("counts");
        assert!(at("sbom.parse") < first && first < at("sbom.components"));
    }

    #[test]
    fn a_cancelled_import_stops_with_its_error_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let p = many(dir.path(), 1234);
        let mut tf = crate::example::example().expect("example");
        let before = tf.clone();
        for stop_at in [0, 500] {
            let r = Record {
                seen: Default::default(),
                stop_at: Some(stop_at),
            };
            let err = import_sbom_files_observed(&mut tf, &[p.as_path()], None, &r)
                .expect_err("cancelled");
            assert_eq!(err.code(), "sbom.cancelled");
            assert_eq!(tf, before, "nothing changed");
            // It stopped at the count it was cancelled at, not later.
            let last = r.seen.borrow().last().cloned().expect("seen");
            assert_eq!((last.0.as_str(), last.1), ("", stop_at));
        }
        // The subject names the item an import goes to by default.
        let parsed = read_sbom_files(&[p.as_path()], &NoObserver).expect("parses");
        assert_eq!(subject_item(&parsed), "app");
    }
}
