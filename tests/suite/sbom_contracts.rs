//! SBOM findings that match the real contracts (issue 16, point 7): the
//! children of CycloneDX `metadata.component` are the subject's parts, not
//! the inventory; licence ids and expressions are checked against the SPDX
//! License List in every serialization; the BSI TR-03183-2 v2.1 profile.

use crate::common;

use std::path::{Path, PathBuf};

use techfile::sbom::import;

fn corpus() -> Option<PathBuf> {
    common::sbom_corpus()
}

/// Every SBOM file under the corpus's `sbom/valid` and `sbom/invalid`.
fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n != "MANIFEST.tsv") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&dir.join("sbom"), &mut out);
    out.sort();
    out
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

const NESTED_SUBJECT: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6",
  "metadata": {
    "component": {
      "type": "application", "name": "monitor", "version": "2.0", "bom-ref": "app",
      "components": [
        {"type": "library", "name": "monitor-core", "bom-ref": "app-core"},
        {"type": "library", "name": "monitor-ui", "bom-ref": "app-ui",
         "components": [{"type": "library", "name": "monitor-ui-icons", "bom-ref": "app-ui-icons"}]}
      ]
    }
  },
  "components": [
    {"type": "library", "name": "zlib", "version": "1.3", "purl": "pkg:generic/zlib@1.3", "bom-ref": "zlib"}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["app-core", "zlib"]},
    {"ref": "app-core", "dependsOn": ["zlib"]},
    {"ref": "app-ui", "dependsOn": ["app-ui-icons"]},
    {"ref": "zlib", "dependsOn": []}
  ]
}"#;

#[test]
fn children_of_metadata_component_are_not_inventory() {
    let dir = tempfile::tempdir().expect("dir");
    let p = write(dir.path(), "nested.cdx.json", NESTED_SUBJECT);
    let parsed = import::read_file(&p).expect("imports");
    let names: Vec<&str> = parsed.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["zlib"], "only the inventory is counted");
    assert_eq!(parsed.document.component_count, 1);
    assert_eq!(parsed.document.subject, "monitor 2.0");
    // The subject's own structure neither dangles nor warns.
    assert!(
        parsed.warnings.is_empty(),
        "no warning for the subject's parts or their dependencies: {:?}",
        parsed.warnings
    );
    let root = parsed.root.expect("root");
    assert_eq!(root.depends_on, ["pkg:generic/zlib@1.3"]);
    // Imported into a project, the parts trigger no inventory finding.
    let mut tf = techfile::model::TechFile::empty();
    techfile::sbom::import_sbom_files(&mut tf, &[p.as_path()], None).expect("import");
    assert_eq!(tf.sbom.components.len(), 1);
    let findings = techfile::check::check(&tf);
    assert!(
        !findings.iter().any(|f| f.message.contains("monitor-")),
        "a subject part reached the inventory findings: {findings:?}"
    );
}

#[test]
fn corpus_subject_parts_stay_out_of_the_inventory() {
    let Some(dir) = corpus() else { return };
    let mut seen = 0;
    for p in corpus_files(&dir) {
        let Ok(parsed) = import::read_file(&p) else {
            continue;
        };
        if !parsed.document.format.starts_with("cyclonedx") {
            continue;
        }
        // The subject's parts as the file lists them (JSON only: the XML
        // files of the corpus have none).
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let mut parts = Vec::new();
        let mut stack: Vec<&serde_json::Value> = v["metadata"]["component"]["components"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        while let Some(c) = stack.pop() {
            if let Some(r) = c["bom-ref"].as_str() {
                parts.push(r.to_string());
            }
            stack.extend(c["components"].as_array().into_iter().flatten());
        }
        seen += parts.len();
        for r in &parts {
            assert!(
                !parsed.components.iter().any(|c| &c.source_ref == r),
                "{}: subject part `{r}` counted as inventory",
                p.display()
            );
        }
    }
    eprintln!("subject parts in the corpus: {seen}");
}

fn licence_warnings(parsed: &import::Parsed) -> Vec<&techfile::sbom::ImportWarning> {
    parsed
        .warnings
        .iter()
        .filter(|w| w.rule.contains("license-id") || w.rule.contains("license-expression"))
        .collect()
}

/// Asserts one licence warning under `rule` naming the component, the
/// field and what was expected, located at `location_end`.
fn assert_licence_warning(
    parsed: &import::Parsed,
    rule: &str,
    needles: &[&str],
    location_end: &str,
) {
    let hits: Vec<_> = licence_warnings(parsed)
        .into_iter()
        .filter(|w| w.rule == rule && needles.iter().all(|n| w.message.contains(n)))
        .collect();
    assert!(
        hits.iter()
            .any(|w| w.location.ends_with(location_end) && w.message.contains("expected")),
        "no {rule} warning with {needles:?} at {location_end}: {:?}",
        parsed.warnings
    );
}

#[test]
fn licences_are_checked_in_every_serialization() {
    let dir = tempfile::tempdir().expect("dir");
    let cdx = write(
        dir.path(),
        "l.cdx.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
          {"type":"library","name":"good","licenses":[{"license":{"id":"MIT"}},{"license":{"id":"LicenseRef-acme"}}]},
          {"type":"library","name":"badid","licenses":[{"license":{"id":"MIT-ish"}}]},
          {"type":"library","name":"badexpr","licenses":[{"expression":"MIT OR"}]},
          {"type":"library","name":"unknownexpr","licenses":[{"expression":"Apache-2.0 AND Frobnicate-1.0"}]},
          {"type":"library","name":"goodexpr","licenses":[{"expression":"(MIT OR Apache-2.0) AND LicenseRef-x"}]}
        ]}"#,
    );
    let p = import::read_file(&cdx).expect("cdx");
    assert_eq!(licence_warnings(&p).len(), 3, "{:?}", p.warnings);
    assert_licence_warning(
        &p,
        "cdx.license-id",
        &["`badid`", "licenses[0].license.id", "MIT-ish"],
        "#/components/1/licenses/0/license/id",
    );
    assert_licence_warning(
        &p,
        "cdx.license-expression",
        &["`badexpr`", "licenses[0].expression"],
        "#/components/2/licenses/0/expression",
    );
    assert_licence_warning(
        &p,
        "cdx.license-expression",
        &["`unknownexpr`", "Frobnicate-1.0"],
        "#/components/3/licenses/0/expression",
    );

    let cdx_xml = write(
        dir.path(),
        "l.cdx.xml",
        r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library"><name>x</name><licenses><expression>MIT AND Nope-1</expression></licenses></component>
  </components>
</bom>"#,
    );
    let p = import::read_file(&cdx_xml).expect("cdx xml");
    assert_licence_warning(
        &p,
        "cdx.license-expression",
        &["`x`", "Nope-1"],
        "l.cdx.xml:4:55",
    );

    let spdx = write(
        dir.path(),
        "l.spdx.json",
        r#"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","documentNamespace":"https://x/d",
           "creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
           "packages":[
             {"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NONE","licenseConcluded":"NOASSERTION","licenseDeclared":"GPL-2.0-only WITH Classpath-exception-2.0"},
             {"SPDXID":"SPDXRef-b","name":"b","downloadLocation":"NONE","licenseConcluded":"BSD-3","licenseDeclared":"NOASSERTION"}
           ]}"#,
    );
    let p = import::read_file(&spdx).expect("spdx");
    assert_eq!(licence_warnings(&p).len(), 1, "{:?}", p.warnings);
    assert_licence_warning(
        &p,
        "spdx.license-expression",
        &["`b`", "licenseConcluded", "BSD-3"],
        "#/packages/1/licenseConcluded",
    );

    let tv = write(
        dir.path(),
        "l.spdx",
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: d\n\
         DocumentNamespace: https://x/d\nCreator: Tool: t\nCreated: 2024-01-01T00:00:00Z\n\n\
         PackageName: a\nSPDXID: SPDXRef-a\nPackageDownloadLocation: NONE\n\
         PackageLicenseConcluded: MIT\nPackageLicenseDeclared: Apache-2.0 OR (MIT\n",
    );
    let p = import::read_file(&tv).expect("tag-value");
    assert_eq!(licence_warnings(&p).len(), 1, "{:?}", p.warnings);
    assert_licence_warning(
        &p,
        "spdx.license-expression",
        &["`a`", "licenseDeclared"],
        "l.spdx:13:1",
    );

    let spdx3 = write(
        dir.path(),
        "l.spdx3.json",
        r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[
          {"type":"CreationInfo","@id":"_:ci","specVersion":"3.0.1","created":"2024-01-01T00:00:00Z","createdBy":["urn:p"]},
          {"type":"Person","spdxId":"urn:p","name":"P","creationInfo":"_:ci"},
          {"type":"SpdxDocument","spdxId":"urn:doc","creationInfo":"_:ci","rootElement":["urn:a"]},
          {"type":"software_Package","spdxId":"urn:a","name":"a","creationInfo":"_:ci"},
          {"type":"software_Package","spdxId":"urn:b","name":"b","creationInfo":"_:ci"},
          {"type":"simplelicensing_LicenseExpression","spdxId":"urn:l1","simplelicensing_licenseExpression":"MIT AND Bogus-2","creationInfo":"_:ci"},
          {"type":"simplelicensing_LicenseExpression","spdxId":"urn:l2","simplelicensing_licenseExpression":"Apache-2.0","creationInfo":"_:ci"},
          {"type":"Relationship","spdxId":"urn:r1","from":"urn:a","to":["urn:l1"],"relationshipType":"hasConcludedLicense","creationInfo":"_:ci"},
          {"type":"Relationship","spdxId":"urn:r2","from":"urn:b","to":["urn:l2"],"relationshipType":"hasDeclaredLicense","creationInfo":"_:ci"}
        ]}"#,
    );
    let p = import::read_file(&spdx3).expect("spdx3");
    assert_eq!(licence_warnings(&p).len(), 1, "{:?}", p.warnings);
    assert_licence_warning(
        &p,
        "spdx3.license-expression",
        &["`a`", "hasConcludedLicense", "Bogus-2"],
        "#/@graph/7",
    );
}

#[test]
fn corpus_licences_are_checked() {
    let Some(dir) = corpus() else { return };
    let mut report = Vec::new();
    for p in corpus_files(&dir) {
        let Ok(parsed) = import::read_file(&p) else {
            continue;
        };
        let rel = p.strip_prefix(&dir).unwrap_or(&p).display().to_string();
        for w in licence_warnings(&parsed) {
            report.push(format!("{rel}: {} {}", w.rule, w.message));
        }
    }
    eprintln!("{}", report.join("\n"));
    // The CycloneDX specification's own invalid licence-id example is caught.
    assert!(
        report
            .iter()
            .any(|l| l.contains("invalid-license-id-1.6.json") && l.contains("cdx.license-id")),
        "{report:#?}"
    );
    // Valid files hold SPDX ids, LicenseRefs and expressions of them only.
    let valid: Vec<_> = report.iter().filter(|l| l.contains("/valid/")).collect();
    assert!(
        valid.is_empty(),
        "licence warnings on valid corpus files: {valid:#?}"
    );
}

const SHA512: &str = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

/// A CycloneDX 1.6 SBOM meeting every BSI TR-03183-2 v2.1 field this
/// checks, and one component (`bare`) missing each of them.
fn bsi_fixture(with_bare: bool) -> String {
    let bare = if with_bare {
        r#",{"type":"library","bom-ref":"bare"}"#
    } else {
        ""
    };
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6",
  "serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
  "metadata":{{"timestamp":"2025-01-01T00:00:00Z",
    "manufacturer":{{"name":"Acme","url":["https://acme.example"],"contact":[{{"email":"sbom@acme.example"}}]}},
    "component":{{"type":"application","name":"monitor","version":"2.0","bom-ref":"app"}}}},
  "components":[
    {{"type":"library","bom-ref":"zlib","name":"zlib","version":"1.3","supplier":{{"name":"zlib project"}},
     "purl":"pkg:generic/zlib@1.3","licenses":[{{"license":{{"id":"Zlib"}}}}],
     "hashes":[{{"alg":"SHA-512","content":"{SHA512}"}}],
     "properties":[{{"name":"bsi:component:filename","value":"libz.so.1.3"}}]}}{bare}
  ],
  "dependencies":[{{"ref":"app","dependsOn":["zlib"]}},{{"ref":"zlib","dependsOn":[]}}]
}}"#
    )
}

fn bsi_findings(parsed: &import::Parsed) -> Vec<techfile::diag::Finding> {
    use techfile::sbom::{model::SbomProfile, profile};
    let mut out = Vec::new();
    profile::check_document(
        SbomProfile::BsiTr031832,
        &parsed.document,
        "document",
        &mut out,
    );
    for (i, c) in parsed.components.iter().enumerate() {
        profile::check_component(
            SbomProfile::BsiTr031832,
            c,
            &format!("components[{i}]"),
            &mut out,
        );
    }
    out
}

#[test]
fn bsi_profile_accepts_a_complete_sbom_and_names_each_missing_field() {
    let dir = tempfile::tempdir().expect("dir");
    let good = write(dir.path(), "good.cdx.json", &bsi_fixture(false));
    let p = import::read_file(&good).expect("good");
    assert_eq!(p.components[0].file_name, "libz.so.1.3");
    assert!(p.components[0].dependencies_stated);
    assert_eq!(
        p.document.creator_contacts,
        ["https://acme.example", "sbom@acme.example"]
    );
    let f = bsi_findings(&p);
    assert!(f.is_empty(), "{f:#?}");

    let bad = write(dir.path(), "bad.cdx.json", &bsi_fixture(true));
    let p = import::read_file(&bad).expect("bad");
    let f = bsi_findings(&p);
    let rules: Vec<&str> = f.iter().map(|x| x.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "sbom.bsi-component-creator",
            "sbom.bsi-name",
            "sbom.bsi-version",
            "sbom.bsi-file-name",
            "sbom.bsi-dependencies",
            "sbom.bsi-licences",
            "sbom.bsi-hash",
            "sbom.bsi-identifier",
        ],
        "{f:#?}"
    );
    assert!(
        f.iter().all(|x| x.path.starts_with("components[1].")),
        "{f:#?}"
    );
    assert!(f
        .iter()
        .any(|x| x.path == "components[1].hashes" && x.message.contains("SHA-512")));

    // Document level: old format, no creator contact, timestamp, URI; vulnerabilities inside.
    let old = write(
        dir.path(),
        "old.cdx.json",
        r#"{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"authors":[{"name":"Jane"}]},
            "components":[],"vulnerabilities":[{"id":"CVE-2024-0001"}]}"#,
    );
    let p = import::read_file(&old).expect("old");
    let f = bsi_findings(&p);
    let rules: Vec<&str> = f.iter().map(|x| x.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "sbom.bsi-format",
            "sbom.bsi-creator",
            "sbom.bsi-timestamp",
            "sbom.bsi-sbom-uri",
            "sbom.bsi-vulnerabilities",
        ],
        "{f:#?}"
    );
    assert_eq!(f[0].severity, techfile::diag::Severity::Error);
    assert!(f[0].message.contains("1.5"));
}

#[test]
fn bsi_profile_makes_spdx_2_an_error_and_accepts_spdx_3() {
    let dir = tempfile::tempdir().expect("dir");
    let spdx2 = write(
        dir.path(),
        "a.spdx.json",
        r#"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","documentNamespace":"https://x/d",
           "creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Person: Jane (jane@x.example)"]},
           "packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NONE","packageFileName":"a.tgz"}]}"#,
    );
    let p = import::read_file(&spdx2).expect("spdx2");
    assert_eq!(p.document.creator_contacts, ["jane@x.example"]);
    assert_eq!(p.components[0].file_name, "a.tgz");
    let f = bsi_findings(&p);
    let format = f
        .iter()
        .find(|x| x.rule == "sbom.bsi-format")
        .expect("format finding");
    assert_eq!(format.severity, techfile::diag::Severity::Error);
    assert!(format.message.contains("SPDX-2.3"), "{}", format.message);

    let spdx3 = write(
        dir.path(),
        "a.spdx3.json",
        r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[
          {"type":"CreationInfo","@id":"_:ci","specVersion":"3.0.1","created":"2024-01-01T00:00:00Z","createdBy":["urn:p"]},
          {"type":"Person","spdxId":"urn:p","name":"P","creationInfo":"_:ci",
           "externalIdentifier":[{"type":"ExternalIdentifier","externalIdentifierType":"email","identifier":"p@x.example"}]},
          {"type":"SpdxDocument","spdxId":"urn:doc","creationInfo":"_:ci","rootElement":["urn:a"]}
        ]}"#,
    );
    let p = import::read_file(&spdx3).expect("spdx3");
    let f = bsi_findings(&p);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn a_project_enabling_the_bsi_profile_gets_its_findings_from_check() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = write(dir.path(), "bad.cdx.json", &bsi_fixture(true));
    let mut tf = techfile::model::TechFile::empty();
    techfile::sbom::import_sbom_files(&mut tf, &[bad.as_path()], None).expect("import");
    let bsi = |tf: &techfile::model::TechFile| -> Vec<techfile::diag::Finding> {
        techfile::check::check(tf)
            .into_iter()
            .filter(|f| f.rule.starts_with("sbom.bsi-"))
            .collect()
    };
    assert!(bsi(&tf).is_empty(), "the profile is off by default");
    tf.sbom.profiles = vec![techfile::sbom::model::SbomProfile::BsiTr031832];
    let f = bsi(&tf);
    assert!(
        f.iter()
            .any(|x| x.rule == "sbom.bsi-hash" && x.path.starts_with("sbom.components[")),
        "{f:#?}"
    );
    // zlib meets every field: only `bare` is named.
    assert!(f.iter().all(|x| !x.message.contains("zlib")), "{f:#?}");
    // The profile survives a save and load; an unknown profile is refused.
    let path = dir.path().join("p.techfile.json");
    techfile::store::save(&path, &tf).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("\"bsi-tr-03183-2\""));
    assert_eq!(
        techfile::store::load(&path).expect("load").sbom.profiles,
        tf.sbom.profiles
    );
    std::fs::write(&path, text.replace("\"bsi-tr-03183-2\"", "\"bsi-tr-9\"")).expect("write");
    assert!(techfile::store::load(&path).is_err());
}
