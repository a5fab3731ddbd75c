//! The package without a signature: its entries, determinism, the
//! register's files and hashes, and `verify` on tampered packages. Signed
//! packages are tested in `tests/suite/package.rs` (with openssl).

use std::collections::BTreeMap;
use std::io::{Read, Write};

use super::*;

fn example() -> TechFile {
    crate::example::example().expect("example")
}

/// A project folder with the example and, for its first two registered
/// documents, files: the first with its right hash, the second without
/// one recorded.
fn folder() -> (tempfile::TempDir, std::path::PathBuf, TechFile) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tf = example();
    tf.documents[0].file = "evidence/first.pdf".into();
    tf.documents[1].file = "second.pdf".into();
    std::fs::create_dir(dir.path().join("evidence")).expect("mkdir");
    std::fs::write(dir.path().join("evidence/first.pdf"), b"first document").expect("write");
    std::fs::write(dir.path().join("second.pdf"), b"second document").expect("write");
    tf.documents[0].sha256 = crate::util::sha256_hex(b"first document");
    tf.documents[1].sha256.clear();
    let project = dir.path().join("device.techfile.json");
    let text = crate::store::to_string(&tf).expect("serialise");
    std::fs::write(&project, &text).expect("write project");
    (dir, project, tf)
}

fn make(project: &Path, tf: &TechFile) -> Packaged {
    let bytes = std::fs::read(project).expect("read project");
    package(tf, project, &bytes, None, 0).expect("package")
}

fn entries(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read");
        out.insert(name, b);
    }
    out
}

fn rezip(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, b) in files {
        w.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(b).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn the_package_holds_every_artefact_and_lists_it() {
    let (_dir, project, tf) = folder();
    let p = make(&project, &tf);
    let files = entries(&p.zip);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    for want in [
        "declaration-of-conformity.md",
        "declaration-of-conformity.pdf",
        "documents/evidence/first.pdf",
        "documents/second.pdf",
        "manifest.json",
        "project/device.techfile.json",
        "risk/risk-table.xlsx",
        "sbom/device.cdx.json",
        "sbom/vex.cdx.json",
        "technical-file.md",
        "technical-file.pdf",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    assert_eq!(names.len(), 11, "{names:?}");
    let m: Manifest = serde_json::from_slice(&files["manifest.json"]).expect("manifest");
    assert_eq!(m.document_id, tf.document.document_id);
    assert_eq!(m.version, tf.document.version);
    assert_eq!(m.date, tf.document.date);
    assert_eq!(m.entries.len(), 10, "every entry but the manifest");
    for e in &m.entries {
        let b = &files[&e.path];
        assert_eq!(e.sha256, crate::util::sha256_hex(b), "{}", e.path);
        assert_eq!(e.bytes, b.len() as u64, "{}", e.path);
    }
    assert_eq!(
        files["project/device.techfile.json"],
        std::fs::read(&project).expect("project"),
        "the project file goes in as it is on disk"
    );
    // The documents not beside the project are named, and warned about.
    assert_eq!(
        m.documents_not_included.len(),
        tf.documents.iter().filter(|d| !d.file.is_empty()).count() - 2
    );
    assert!(
        p.warnings.iter().any(|w| w.contains("not in the package")),
        "{:?}",
        p.warnings
    );
    assert!(
        p.warnings.iter().any(|w| w.contains("no recorded SHA-256")),
        "{:?}",
        p.warnings
    );
    let v = verify(&p.zip, 0).expect("verify");
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(v.entries_checked, 10);
    assert!(!v.signed);
}

#[test]
fn the_same_project_gives_the_same_bytes_dated_by_the_document() {
    let (_dir, project, tf) = folder();
    let a = make(&project, &tf).zip;
    let b = make(&project, &tf).zip;
    assert_eq!(a, b);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&a)).expect("zip");
    let d = crate::date::parse(&tf.document.date).expect("a document date");
    let names: Vec<String> = (0..z.len())
        .map(|i| {
            z.by_index(i)
                .expect("entry")
                .name()
                .expect("name")
                .into_owned()
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries sorted by path");
    for i in 0..z.len() {
        let f = z.by_index(i).expect("entry");
        let t = f.last_modified().expect("a time");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour()),
            (d.year, d.month, d.day, 0)
        );
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644));
    }
}

#[test]
fn a_registered_file_that_changed_stops_the_package_naming_it() {
    let (dir, project, tf) = folder();
    std::fs::write(dir.path().join("evidence/first.pdf"), b"edited").expect("write");
    let bytes = std::fs::read(&project).expect("read");
    let err = package(&tf, &project, &bytes, None, 0).expect_err("a mismatch stops it");
    let msg = err.to_string();
    assert!(msg.contains(&tf.documents[0].document_id), "{msg}");
    assert!(msg.contains("first.pdf"), "{msg}");
    assert_eq!(err.code(), "package.document-hash");
}

#[test]
fn a_file_outside_the_project_folder_is_refused() {
    let (_dir, project, mut tf) = folder();
    tf.documents[0].file = "../elsewhere.pdf".into();
    let err = package(&tf, &project, b"{}", None, 0).expect_err("refused");
    assert!(
        err.to_string()
            .contains("leads out of the project's folder"),
        "{err}"
    );
}

#[test]
fn verify_names_a_changed_file_a_changed_manifest_and_an_extra_entry() {
    let (_dir, project, tf) = folder();
    let p = make(&project, &tf);
    let files = entries(&p.zip);

    let mut changed = files.clone();
    changed.insert("technical-file.md".into(), b"# Another file".to_vec());
    let v = verify(&rezip(&changed), 0).expect("verify");
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    assert!(
        v.problems[0].starts_with("technical-file.md: SHA-256 is"),
        "{:?}",
        v.problems
    );

    let mut manifest = files.clone();
    let text = String::from_utf8(files["manifest.json"].clone()).expect("utf-8");
    let m: Manifest = serde_json::from_str(&text).expect("manifest");
    let risk = m
        .entries
        .iter()
        .find(|e| e.path == "risk/risk-table.xlsx")
        .expect("risk entry");
    manifest.insert(
        "manifest.json".into(),
        text.replace(&risk.sha256, &"0".repeat(64)).into_bytes(),
    );
    let v = verify(&rezip(&manifest), 0).expect("verify");
    assert!(
        v.problems
            .iter()
            .any(|p| p.starts_with("risk/risk-table.xlsx: SHA-256")),
        "{:?}",
        v.problems
    );

    let mut extra = files.clone();
    extra.insert("smuggled.txt".into(), b"x".to_vec());
    extra.remove("sbom/vex.cdx.json");
    let v = verify(&rezip(&extra), 0).expect("verify");
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("smuggled.txt: in the package but not listed")),
        "{:?}",
        v.problems
    );
    assert!(v.problems.iter().any(|p| p.contains("sbom/vex.cdx.json: listed in the manifest but not in the package")), "{:?}", v.problems);

    assert!(matches!(
        verify(b"not a zip", 0),
        Err(VerifyError::NotZip(_))
    ));
}

#[test]
fn the_vex_entry_links_into_the_device_sbom() {
    let (_dir, project, tf) = folder();
    let files = entries(&make(&project, &tf).zip);
    let bom: serde_json::Value =
        serde_json::from_slice(&files["sbom/device.cdx.json"]).expect("bom");
    let vex: serde_json::Value = serde_json::from_slice(&files["sbom/vex.cdx.json"]).expect("vex");
    let serial = bom["serialNumber"]
        .as_str()
        .expect("serial")
        .trim_start_matches("urn:uuid:");
    let refs: Vec<&str> = vex["vulnerabilities"]
        .as_array()
        .expect("vulnerabilities")
        .iter()
        .flat_map(|v| v["affects"].as_array().into_iter().flatten())
        .filter_map(|a| a["ref"].as_str())
        .collect();
    assert!(!refs.is_empty());
    for r in refs {
        assert!(r.starts_with(&format!("urn:cdx:{serial}/1#")), "{r}");
    }
}
