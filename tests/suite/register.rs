//! The document register: cited ids resolve (by the project's pattern), and
//! each registered file that is there has the SHA-256 the register records.

use std::ffi::OsStr;

use techfile::diag::Severity;
use techfile::model::{Chapter, Document, TechFile};

use crate::common::run_cli;

fn with_chapter(body: &str) -> TechFile {
    let mut tf = TechFile::empty();
    tf.document.document_id = "TF-ABC-001".into();
    tf.chapters.push(Chapter {
        id: "c".into(),
        title: "c".into(),
        clauses: vec!["MDR-II-3".into()],
        body: body.into(),
    });
    tf
}

fn unresolved(tf: &TechFile) -> Vec<(String, String)> {
    techfile::check::check(tf)
        .into_iter()
        .filter(|f| f.rule == "core.register-unresolved" || f.rule == "core.register-pattern")
        .map(|f| (f.path, f.message))
        .collect()
}

#[test]
fn a_cited_id_the_register_lacks_is_named_at_its_place() {
    let mut tf =
        with_chapter("Tested per STR-ABC-008 and STR-ABC-008 again; see TF-ABC-001 and MDR-II-3.");
    let got = unresolved(&tf);
    assert_eq!(
        got.len(),
        1,
        "once per place, not the file's own id: {got:#?}"
    );
    assert_eq!(got[0].0, "chapters[0].body");
    assert!(got[0].1.contains("`STR-ABC-008`"), "{}", got[0].1);
    tf.documents.push(Document {
        document_id: "STR-ABC-008".into(),
        title: "System test report".into(),
        ..Default::default()
    });
    assert_eq!(unresolved(&tf), []);
    // Requirement ids in GSPR rows are not document citations.
    tf.gspr.rows.push(techfile::model::gspr::GsprRow {
        requirement: "MDR-I-17.2".into(),
        requirements: vec!["SRS-ABC-021".into()],
        ..Default::default()
    });
    assert_eq!(unresolved(&tf), []);
}

#[test]
fn the_project_sets_the_pattern_and_a_bad_one_is_an_error() {
    let mut tf = with_chapter("See DOC-7 and STR-ABC-008.");
    tf.document.document_id_pattern = r"\bDOC-[0-9]+\b".into();
    let got = unresolved(&tf);
    assert!(got.len() == 1 && got[0].1.contains("`DOC-7`"), "{got:#?}");
    tf.document.document_id_pattern = "([".into();
    let f: Vec<_> = techfile::check::check(&tf)
        .into_iter()
        .filter(|f| f.rule == "core.register-pattern")
        .collect();
    assert!(
        f.len() == 1
            && f[0].severity == Severity::Error
            && f[0].path == "document.document_id_pattern",
        "{f:#?}"
    );
}

#[test]
fn a_registered_file_must_have_the_recorded_hash_and_hash_records_it() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    std::fs::write(dir.path().join("docs/str.pdf"), b"%PDF-1.7 the report").expect("write");
    let mut tf = with_chapter("Tested per STR-ABC-008.");
    tf.documents.push(Document {
        document_id: "STR-ABC-008".into(),
        title: "System test report".into(),
        version: "1.0".into(),
        file: "docs/str.pdf".into(),
        sha256: "0".repeat(64),
        ..Default::default()
    });
    tf.documents.push(Document {
        document_id: "CER-ABC-010".into(),
        title: "Clinical evaluation report".into(),
        version: "1.0".into(),
        file: "kept-elsewhere.pdf".into(),
        sha256: "1".repeat(64),
        ..Default::default()
    });
    tf.documents.push(Document {
        document_id: "RMP-ABC-001".into(),
        title: "Risk management plan".into(),
        version: "1.0".into(),
        file: "../outside.pdf".into(),
        sha256: "2".repeat(64),
        ..Default::default()
    });
    techfile::store::save(&project, &tf).expect("save");
    let check = || {
        run_cli([
            OsStr::new("check"),
            project.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
    };
    let run = check();
    run.expect_code(1);
    let findings = run.json()["findings"].as_array().expect("findings").clone();
    let of = |rule: &str| -> Vec<serde_json::Value> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .cloned()
            .collect()
    };
    let hash = of("core.register-file-hash");
    assert_eq!(hash.len(), 1, "only the file that is there: {findings:#?}");
    assert_eq!(hash[0]["path"], "documents[0].sha256");
    let msg = hash[0]["message"].as_str().expect("message");
    assert!(
        msg.contains("str.pdf") && msg.contains(&"0".repeat(64)),
        "{msg}"
    );
    let outside = of("core.register-file");
    assert!(
        outside.len() == 1 && outside[0]["path"] == "documents[2].file",
        "{findings:#?}"
    );

    let run = run_cli([OsStr::new("hash"), project.as_os_str()]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("STR-ABC-008 docs/str.pdf: recorded "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("CER-ABC-010 kept-elsewhere.pdf: not found"),
        "{}",
        run.stdout
    );
    let saved = techfile::store::load(&project).expect("load");
    let expected = {
        use sha2::Digest;
        let d = sha2::Sha256::digest(b"%PDF-1.7 the report");
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(saved.documents[0].sha256, expected);
    assert_eq!(
        saved.documents[1].sha256,
        "1".repeat(64),
        "a file not there keeps its hash"
    );
    let run = check();
    let findings = run.json()["findings"].as_array().expect("findings").clone();
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "core.register-file-hash"),
        "{findings:#?}"
    );
}

#[test]
fn the_example_cites_only_registered_documents() {
    let tf = techfile::example::example().expect("example");
    assert!(
        !tf.document.document_id_pattern.is_empty(),
        "the example sets its pattern"
    );
    assert_eq!(unresolved(&tf), []);
    // With the default pattern, its test case ids (VT-AI-001 ...) would be
    // taken for documents: the pattern is the project's to set.
    let mut default = tf.clone();
    default.document.document_id_pattern.clear();
    assert!(unresolved(&default)
        .iter()
        .any(|(_, m)| m.contains("VT-AI-")));
}
