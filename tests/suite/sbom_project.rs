//! SBOM part end to end through the library: import per software item,
//! replacement with an added/removed/changed report, deduplication across
//! items, SOUP fields surviving re-import, VEX (OpenVEX, separate and
//! embedded CycloneDX), findings, the Markdown chapter and the CycloneDX 1.6
//! export validated against the official schema. Fixtures are the example's
//! own SBOMs (examples/ecg-arrhythmia/sbom) and files written here.

use std::path::{Path, PathBuf};

use techfile::model::{SafetyClass, SoftwareItem};
use techfile::sbom::{self, import, merge};
use techfile::{check, render, TechFile};

fn example(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ecg-arrhythmia/sbom"
    ))
    .join(name)
}

fn project() -> TechFile {
    let mut tf = TechFile::empty();
    tf.software_items.push(SoftwareItem {
        name: "ecg-analysis-service".into(),
        version: "3.2.1".into(),
        safety_class: Some(SafetyClass::B),
        safety_class_rationale: String::new(),
        description: String::new(),
    });
    tf
}

/// `project()` with the example SBOM of ecg-analysis-service imported.
fn analysis_service_project() -> TechFile {
    let mut tf = project();
    merge::import_sbom_files(
        &mut tf,
        &[&example("ecg-analysis-service.cdx.json")],
        Some("ecg-analysis-service"),
    )
    .expect("import");
    tf
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p
}

fn service_bom() -> serde_json::Value {
    let text =
        std::fs::read_to_string(example("ecg-analysis-service.cdx.json")).expect("example sbom");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn import_attaches_to_items_and_dedupes_across_them() {
    let mut tf = project();
    let r = merge::import_sbom_files(
        &mut tf,
        &[&example("ecg-analysis-service.cdx.json")],
        Some("ecg-analysis-service"),
    )
    .expect("import");
    assert_eq!(r.imported, 34);
    assert!(!r.created_item);
    assert_eq!(r.added.len(), 34, "{:?}", r.added);
    // An item that does not exist yet is created, named by --item.
    let r2 = merge::import_sbom_files(
        &mut tf,
        &[&example("ecg-viewer-app.spdx.json")],
        Some("ecg-viewer-app"),
    )
    .expect("import viewer");
    assert!(r2.created_item);
    assert!(tf.software_item("ecg-viewer-app").is_some());
    assert_eq!(tf.sbom.documents.len(), 2);
    let n = tf.sbom.components.len();
    // The same numpy in a third item is one component listing both items.
    let dir = tempfile::tempdir().expect("dir");
    let mut other = service_bom();
    other["metadata"]["component"]["name"] = "ecg-batch-exporter".into();
    other["components"] = serde_json::json!([other["components"][1].clone()]);
    other["dependencies"] = serde_json::json!([]);
    let p = write(dir.path(), "exporter.cdx.json", &other.to_string());
    let r3 = merge::import_sbom_files(&mut tf, &[&p], None).expect("import third");
    assert_eq!(
        r3.item, "ecg-batch-exporter",
        "item named after the SBOM's subject"
    );
    assert_eq!(tf.sbom.components.len(), n, "numpy deduplicated by purl");
    let numpy = tf.sbom.component("pkg:pypi/numpy@1.26.4").expect("numpy");
    assert_eq!(
        numpy.items,
        vec!["ecg-analysis-service", "ecg-batch-exporter"]
    );
    // Sorted, stable order.
    let ids: Vec<&str> = tf.sbom.components.iter().map(|c| c.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert!(techfile::links::Links::new(&tf)
        .exists(techfile::links::Target::Component, "pkg:npm/react@18.3.1"));
}

#[test]
fn reimport_replaces_and_reports_and_keeps_soup() {
    let mut tf = project();
    let p0 = example("ecg-analysis-service.cdx.json");
    merge::import_sbom_files(&mut tf, &[&p0], Some("ecg-analysis-service")).expect("import");
    let set_soup = |tf: &mut TechFile, id: &str, req: &str| {
        let c = tf
            .sbom
            .components
            .iter_mut()
            .find(|c| c.id == id)
            .expect(id);
        c.soup.requirements = req.into();
        c.soup.support_level = "actively maintained".into();
    };
    set_soup(&mut tf, "pkg:pypi/numpy@1.26.4", "float32 arrays, FFT");
    set_soup(&mut tf, "pkg:pypi/fastapi@0.115.0", "HTTP API routing");
    // Same file again: nothing added, removed or changed; SOUP kept.
    let r =
        merge::import_sbom_files(&mut tf, &[&p0], Some("ecg-analysis-service")).expect("re-import");
    assert!(
        r.added.is_empty() && r.removed.is_empty() && r.changed.is_empty(),
        "{r:?}"
    );
    assert_eq!(tf.sbom.documents.len(), 1, "replaced, not appended");
    // A newer SBOM: numpy bumped, click removed, orjson added.
    let mut bom = service_bom();
    let comps = bom["components"].as_array_mut().expect("components");
    comps.retain(|c| c["name"] != "click");
    for c in comps.iter_mut() {
        if c["name"] == "numpy" {
            c["version"] = "2.1.2".into();
            c["purl"] = "pkg:pypi/numpy@2.1.2".into();
            c["bom-ref"] = "pkg:pypi/numpy@2.1.2".into();
        }
    }
    comps.push(serde_json::json!({"type": "library", "name": "orjson", "version": "3.10.7", "purl": "pkg:pypi/orjson@3.10.7"}));
    let dir = tempfile::tempdir().expect("dir");
    let p1 = write(dir.path(), "service-3.2.2.cdx.json", &bom.to_string());
    let r = merge::import_sbom_files(&mut tf, &[&p1], Some("ecg-analysis-service")).expect("newer");
    assert_eq!(r.added, vec!["orjson 3.10.7"]);
    assert_eq!(r.removed, vec!["click 8.1.7"]);
    assert_eq!(r.changed, vec!["numpy: 1.26.4 -> 2.1.2"]);
    assert!(tf.sbom.component("pkg:pypi/numpy@1.26.4").is_none());
    let numpy = tf
        .sbom
        .component("pkg:pypi/numpy@2.1.2")
        .expect("new numpy");
    assert_eq!(
        numpy.soup.requirements, "float32 arrays, FFT",
        "SOUP follows a version change"
    );
    let fastapi = tf
        .sbom
        .component("pkg:pypi/fastapi@0.115.0")
        .expect("fastapi");
    assert_eq!(fastapi.soup.requirements, "HTTP API routing");
    // The SOUP fields survive a save and load too.
    let text = techfile::store::to_string(&tf).expect("serialises");
    let back = techfile::store::from_str(&text, Path::new("t.json")).expect("reload");
    assert_eq!(back, tf);
}

#[test]
fn vex_from_openvex_separate_and_embedded_cyclonedx() {
    let mut tf = analysis_service_project();
    let r =
        merge::import_vex_files(&mut tf, &[&example("cardiosense.openvex.json")]).expect("openvex");
    assert_eq!(r.imported, 3);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let v = tf
        .sbom
        .vulnerabilities
        .iter()
        .find(|v| v.id == "CVE-2024-12797")
        .expect("vuln");
    assert_eq!(v.affects[0].component, "pkg:pypi/cryptography@43.0.1");
    assert_eq!(v.affects[0].status, "not_affected");
    assert_eq!(
        v.affects[0].justification,
        "vulnerable_code_not_in_execute_path"
    );
    assert!(techfile::links::Links::new(&tf)
        .exists(techfile::links::Target::Vulnerability, "cve-2024-47874"));
    // A separate CycloneDX VEX referring to the component by BOM-Link; it
    // replaces the earlier assessment of the same component.
    let dir = tempfile::tempdir().expect("dir");
    let cdx_vex = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "vulnerabilities": [{
            "id": "CVE-2024-53981",
            "source": {"name": "NVD"},
            "ratings": [{"source": {"name": "NVD"}, "score": 7.5, "severity": "high", "method": "CVSSv31",
                         "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
            "analysis": {"state": "exploitable", "response": ["update"], "detail": "fixed in 3.2.2"},
            "affects": [{"ref": "urn:cdx:6f1c2e1a-4b7d-4c2e-9a51-3d2f8b0e7c14/1#pkg:pypi/python-multipart@0.0.12"}]
        }, {
            "id": "CVE-2099-0001",
            "affects": [{"ref": "pkg:pypi/numpy@1.26.4"}]
        }]
    });
    let p = write(dir.path(), "service.vex.cdx.json", &cdx_vex.to_string());
    merge::import_vex_files(&mut tf, &[&p]).expect("cyclonedx vex");
    let v = tf
        .sbom
        .vulnerabilities
        .iter()
        .find(|v| v.id == "CVE-2024-53981")
        .expect("vuln");
    assert_eq!(v.affects.len(), 1);
    assert_eq!(v.affects[0].status, "affected");
    assert_eq!(v.affects[0].action, "update");
    assert_eq!(v.ratings[0].score, Some(7.5));
    // Unassessed vulnerability is a finding.
    let findings = check::check(&tf);
    assert!(findings
        .iter()
        .any(|f| f.rule == "sbom.vulnerability-unassessed" && f.message.contains("CVE-2099-0001")));
    // Embedded in an SBOM: imported with it.
    let mut bom = service_bom();
    bom["vulnerabilities"] = cdx_vex["vulnerabilities"].clone();
    let p = write(dir.path(), "with-vex.cdx.json", &bom.to_string());
    let parsed = import::read_file(&p).expect("parse");
    assert_eq!(parsed.vulnerabilities.len(), 2);
    assert_eq!(
        parsed.vulnerabilities[1].affects[0].component,
        "pkg:pypi/numpy@1.26.4"
    );
}

#[test]
fn findings_name_rule_and_field_path() {
    let mut tf = project();
    let dir = tempfile::tempdir().expect("dir");
    let bom = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "components": [
            {"type": "library", "bom-ref": "a", "name": "alpha", "version": "1.0", "purl": "pkg:pypi/alpha@1.0"},
            {"type": "library", "bom-ref": "b", "name": "beta"},
            {"type": "library", "bom-ref": "c", "name": "alpha", "version": "1.0", "purl": "pkg:generic/alpha@1.0"}
        ],
        "dependencies": [{"ref": "a", "dependsOn": ["b", "ghost"]}]
    });
    let p = write(dir.path(), "bare.cdx.json", &bom.to_string());
    let r = merge::import_sbom_files(&mut tf, &[&p], Some("ecg-analysis-service")).expect("import");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.rule == "cdx.dependency-ref" && w.location.ends_with("#/components/0")));
    let f = check::check(&tf);
    let has = |rule: &str, path: &str| f.iter().any(|x| x.rule == rule && x.path == path);
    assert!(
        has("sbom.ntia-author", "sbom.documents[0].authors"),
        "{f:#?}"
    );
    assert!(has("sbom.ntia-timestamp", "sbom.documents[0].timestamp"));
    let beta = tf
        .sbom
        .components
        .iter()
        .position(|c| c.name == "beta")
        .expect("beta");
    assert!(has(
        "sbom.ntia-supplier",
        &format!("sbom.components[{beta}].supplier")
    ));
    assert!(has(
        "sbom.ntia-version",
        &format!("sbom.components[{beta}].version")
    ));
    assert!(has(
        "sbom.ntia-identifier",
        &format!("sbom.components[{beta}].purl")
    ));
    assert!(has(
        "sbom.fda-support-level",
        &format!("sbom.components[{beta}].soup.support_level")
    ));
    assert!(has(
        "sbom.fda-end-of-support",
        &format!("sbom.components[{beta}].soup.end_of_support")
    ));
    assert!(has(
        "sbom.soup-requirements",
        &format!("sbom.components[{beta}].soup.requirements")
    ));
    assert!(f
        .iter()
        .any(|x| x.rule == "sbom.dangling-dependency" && x.message.contains("ghost")));
    assert!(f.iter().any(|x| x.rule == "sbom.duplicate-component"));
    // A component listing an item that no longer exists.
    tf.software_items.clear();
    assert!(check::check(&tf)
        .iter()
        .any(|x| x.rule == "sbom.unknown-item"));
}

fn schema_validator() -> Option<jsonschema::Validator> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/schemas/cyclonedx"
    ));
    if !dir.is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!("schemas not found at {}", dir.display());
        }
        eprintln!("skipping: schemas not found at {}", dir.display());
        return None;
    }
    let load = |n: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(n)).expect("schema"))
            .expect("schema json")
    };
    let registry = jsonschema::Registry::new()
        .add(
            "http://cyclonedx.org/schema/spdx.schema.json",
            load("spdx.schema.json"),
        )
        .expect("spdx schema")
        .add(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            load("jsf-0.82.schema.json"),
        )
        .expect("jsf schema")
        .prepare()
        .expect("registry");
    let bom = load("bom-1.6.schema.json");
    let v = jsonschema::options()
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(&bom)
        .expect("validator");
    Some(v)
}

#[test]
fn cyclonedx_export_validates_against_the_official_1_6_schema_and_is_deterministic() {
    let Some(validator) = schema_validator() else {
        return;
    };
    let mut tf = project();
    tf.device.trade_name = "CardioSense AI".into();
    tf.device.manufacturer.name = "Cardiolytics Medical GmbH".into();
    tf.document.date = "2026-10-15".into();
    tf.document.version = "3.2".into();
    for (f, item) in [
        ("ecg-analysis-service.cdx.json", "ecg-analysis-service"),
        ("ecg-viewer-app.spdx.json", "ecg-viewer-app"),
        ("report-signer.cdx.xml", "report-signer"),
    ] {
        merge::import_sbom_files(&mut tf, &[&example(f)], Some(item)).expect("import");
    }
    merge::import_vex_files(&mut tf, &[&example("cardiosense.openvex.json")]).expect("vex");
    // Values outside the 1.6 enums must still export validly.
    tf.sbom.components[0].kind = "quantum-widget".into();
    tf.sbom.components[0].hashes.push(sbom::model::Hash {
        alg: "MD5".into(),
        value: "foo".into(),
    });
    tf.sbom.components[1].soup.requirements = "pipes | and *stars*".into();
    let bytes = sbom::export_cyclonedx(&tf).expect("export");
    let again = sbom::export_cyclonedx(&tf).expect("export");
    assert_eq!(bytes, again, "deterministic");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["specVersion"], "1.6");
    assert_eq!(doc["metadata"]["timestamp"], "2026-10-15T00:00:00Z");
    // Every component plus one per software item.
    assert_eq!(
        doc["components"].as_array().map(Vec::len),
        Some(tf.sbom.components.len() + 3)
    );
    // The export reads back in with the same inventory.
    let dir = tempfile::tempdir().expect("dir");
    let p = write(
        dir.path(),
        "device.cdx.json",
        std::str::from_utf8(&bytes).expect("utf8"),
    );
    let back = import::read_file(&p).expect("re-import export");
    let ids: Vec<&str> = back
        .components
        .iter()
        .filter(|c| !c.source_ref.starts_with("techfile:"))
        .map(|c| c.id.as_str())
        .collect();
    let mine: Vec<&str> = tf.sbom.components.iter().map(|c| c.id.as_str()).collect();
    let mut ids_sorted = ids.clone();
    ids_sorted.sort();
    assert_eq!(ids_sorted, mine);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn the_markdown_chapter_renders_summary_tables_and_escapes() {
    let mut tf = analysis_service_project();
    merge::import_vex_files(&mut tf, &[&example("cardiosense.openvex.json")]).expect("vex");
    tf.sbom.components[0].soup.hazardous_situations = "| injected # heading".into();
    let md = render::markdown(&tf, &render::RenderOptions::markdown()).expect("render");
    for needle in [
        "## Software bill of materials",
        "### Software item ecg-analysis-service",
        "| Supplier | 34/34 (100%) |",
        "### Component inventory",
        "### SOUP items (IEC 62304)",
        "### Vulnerabilities and VEX assessment",
        "| CVE-2024-12797 | — | — | cryptography 43.0.1 | not\\_affected |",
        "\\| injected \\# heading",
    ] {
        assert!(md.contains(needle), "missing {needle}");
    }
    // An empty part renders a placeholder, not an error.
    let md =
        render::markdown(&project(), &render::RenderOptions::markdown()).expect("render empty");
    assert!(md.contains("*No SBOM imported yet.*"));
}

#[test]
fn soup_rows_group_components_with_the_same_documentation() {
    let mut tf = analysis_service_project();
    let label = |c: &sbom::model::Component| format!("{} {}", c.name, c.version);
    let shared = "Transitive dependency, used only through numpy";
    for i in [1, 3] {
        tf.sbom.components[i].soup.requirements = shared.into();
        tf.sbom.components[i].soup.support_level = "maintained".into();
    }
    tf.sbom.components[2].soup.requirements = "HTTP API routing".into();
    let (one, two, three) = (
        label(&tf.sbom.components[1]),
        label(&tf.sbom.components[2]),
        label(&tf.sbom.components[3]),
    );
    let undocumented = label(&tf.sbom.components[0]);
    let md = render::markdown(&tf, &render::RenderOptions::markdown()).expect("render");
    let soup = &md[md.find("### SOUP items").expect("soup section")..];
    let soup = &soup[..soup.find("### Vulnerabilities").expect("next section")];
    let rows: Vec<&str> = soup
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| SOUP"))
        .collect();
    let esc = |s: &str| s.replace('_', "\\_");
    // Components 1 and 3 share one row, in order of their first member.
    assert!(
        rows[0].starts_with(&format!("| {}, {} | {shared} |", esc(&one), esc(&three))),
        "{rows:#?}"
    );
    assert!(rows[1].starts_with(&format!("| {} | HTTP API routing |", esc(&two))));
    // The undocumented components come last, together, and none is lost.
    let last = rows.last().expect("rows");
    assert!(
        last.contains(&esc(&undocumented)) && last.contains(" | — | — |"),
        "{last}"
    );
    let listed: usize = rows
        .iter()
        .map(|r| r.split(" | ").next().unwrap_or("").matches(", ").count() + 1)
        .sum();
    assert_eq!(
        listed,
        tf.sbom.components.len(),
        "every component in one row"
    );
    assert!(
        soup.contains("3 of 34 components carry SOUP documentation"),
        "{soup}"
    );
}

/// A project with `n` SOUP components of one class `class` item, each with
/// the SOUP record `soup(i)`.
fn soup_project(
    class: SafetyClass,
    n: usize,
    soup: impl Fn(usize) -> techfile::model::sbom::Soup,
) -> TechFile {
    let mut tf = project();
    tf.software_items[0].safety_class = Some(class);
    tf.sbom.components = (0..n)
        .map(|i| techfile::model::sbom::Component {
            id: format!("c{i}"),
            name: format!("lib{i}"),
            version: "1.0".into(),
            purl: format!("pkg:pypi/lib{i}@1.0"),
            items: vec!["ecg-analysis-service".into()],
            soup: soup(i),
            ..Default::default()
        })
        .collect();
    tf
}

fn soup_findings(tf: &TechFile, rule: &str) -> Vec<String> {
    check::check(tf)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.path)
        .collect()
}

fn assessed(i: usize) -> techfile::model::sbom::Soup {
    techfile::model::sbom::Soup {
        requirements: format!("Parses the upload format of lib{i} within 2 s"),
        required_hw_sw: "CPython 3.12 on Linux x86-64".into(),
        hazardous_situations: format!(
            "HS-0{i}: lib{i} mis-parses a recording and a rhythm is not analysed"
        ),
        anomaly_review_date: "2026-09-30".into(),
        anomaly_review_result: format!(
            "{i} open issues of lib{i} reviewed; none affects the parsing path"
        ),
        ..Default::default()
    }
}

#[test]
fn soup_of_a_class_b_or_c_item_names_its_hazardous_situations_and_anomaly_review() {
    let ok = soup_project(SafetyClass::C, 2, assessed);
    assert!(soup_findings(&ok, "sbom.soup-hazardous-situations").is_empty());
    assert!(soup_findings(&ok, "sbom.soup-anomaly-review").is_empty());
    let bad = soup_project(SafetyClass::B, 2, |i| techfile::model::sbom::Soup {
        hazardous_situations: "—".into(),
        anomaly_review_date: if i == 0 {
            String::new()
        } else {
            "2026-09-30".into()
        },
        ..assessed(i)
    });
    assert_eq!(
        soup_findings(&bad, "sbom.soup-hazardous-situations"),
        [
            "sbom.components[0].soup.hazardous_situations",
            "sbom.components[1].soup.hazardous_situations"
        ]
    );
    assert_eq!(
        soup_findings(&bad, "sbom.soup-anomaly-review"),
        ["sbom.components[0].soup.anomaly_review_date"]
    );
    // A class A item's SOUP needs neither (IEC 62304 7.1.2/7.1.3 apply to B and C).
    let a = soup_project(SafetyClass::A, 2, |_| Default::default());
    assert!(soup_findings(&a, "sbom.soup-hazardous-situations").is_empty());
}

#[test]
fn soup_boilerplate_repeated_across_many_rows_is_a_warning_at_its_first_row() {
    let text = "Generic library used by the service; failure is detected by system tests.";
    let copied = soup_project(SafetyClass::C, 6, |i| techfile::model::sbom::Soup {
        hazardous_situations: text.into(),
        ..assessed(i)
    });
    assert_eq!(
        soup_findings(&copied, "sbom.soup-boilerplate"),
        ["sbom.components[0].soup.hazardous_situations"]
    );
    // Four copies, or six rows each written for its component, pass.
    let few = soup_project(SafetyClass::C, 6, |i| techfile::model::sbom::Soup {
        hazardous_situations: if i < 4 {
            text.into()
        } else {
            assessed(i).hazardous_situations
        },
        ..assessed(i)
    });
    assert!(soup_findings(&few, "sbom.soup-boilerplate").is_empty());
    assert!(soup_findings(
        &soup_project(SafetyClass::C, 6, assessed),
        "sbom.soup-boilerplate"
    )
    .is_empty());
}

#[test]
fn vex_export_validates_against_the_official_1_6_schema_and_links_into_the_sbom() {
    let Some(validator) = schema_validator() else {
        return;
    };
    let tf = techfile::example::example().expect("example");
    assert!(
        !tf.sbom.vulnerabilities.is_empty(),
        "the example has VEX data"
    );
    let bytes = sbom::export_vex(&tf).expect("vex");
    assert_eq!(bytes, sbom::export_vex(&tf).expect("vex"), "deterministic");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let bom: serde_json::Value =
        serde_json::from_slice(&sbom::export_cyclonedx(&tf).expect("bom")).expect("json");
    let serial = bom["serialNumber"]
        .as_str()
        .expect("serial")
        .trim_start_matches("urn:uuid:");
    let refs: std::collections::HashSet<&str> = bom["components"]
        .as_array()
        .expect("components")
        .iter()
        .filter_map(|c| c["bom-ref"].as_str())
        .collect();
    let vulns = doc["vulnerabilities"].as_array().expect("vulnerabilities");
    assert_eq!(
        vulns.len(),
        bom["vulnerabilities"].as_array().map_or(0, Vec::len)
    );
    for v in vulns {
        assert!(
            v["analysis"]["state"].is_string(),
            "each statement has its state: {v}"
        );
        for a in v["affects"].as_array().expect("affects") {
            let link = a["ref"].as_str().expect("ref");
            let frag = link
                .strip_prefix(&format!("urn:cdx:{serial}/1#"))
                .unwrap_or_else(|| panic!("a BOM-Link into the device SBOM: {link}"));
            assert!(refs.contains(frag), "{frag} is a component of the SBOM");
        }
    }
}
