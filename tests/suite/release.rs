//! Releases from the command line: `techfile diff` (exit codes, a v1 file
//! against its v2 form, each output format read back by a referee:
//! `pdftotext` and `qpdf --check` for the PDF) and `techfile package` /
//! `techfile verify` (bytes identical across two processes, a tampered
//! package, signatures checked by `openssl cms -verify`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{run_cli, Run};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example_path() -> PathBuf {
    root().join("examples/ecg-arrhythmia/techfile.json")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The example with a new version: a renamed device, an upgraded
/// component, a removed risk entry and a rewritten paragraph.
fn changed_copy(dir: &Path) -> PathBuf {
    let mut tf = techfile::example::example().expect("example");
    tf.document.version = "3.0".into();
    tf.device.trade_name = "CardioSense AI Pro".into();
    let c = tf
        .sbom
        .components
        .iter_mut()
        .find(|c| c.purl.contains('@'))
        .expect("a component with a versioned purl");
    let old = c.version.clone();
    c.version = "99.1".into();
    c.purl = c.purl.replace(&format!("@{old}"), "@99.1");
    tf.risk.entries.pop();
    tf.chapters[0]
        .body
        .push_str("\n\nA paragraph added for version 3.0.");
    let path = dir.join("new.techfile.json");
    techfile::store::save(&path, &tf).expect("save");
    path
}

#[test]
fn diff_exits_0_when_equal_1_when_different_2_when_it_cannot_compare() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ex = example_path();
    run_cli(["diff", s(&ex), s(&ex)]).expect_code(0);
    let new = changed_copy(dir.path());
    let r = run_cli(["diff", s(&ex), s(&new)]);
    r.expect_code(1);
    assert!(
        r.stdout.contains("compared with version 3.0"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("“CardioSense AI” → “CardioSense AI Pro”"),
        "{}",
        r.stdout
    );
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"schema_version\": 2,\n  \"document\": 7}").expect("write");
    let r = run_cli(["diff", s(&ex), s(&broken)]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("broken.json:2:15") && r.stderr.contains("`document`"),
        "{}",
        r.stderr
    );
    run_cli(["diff", s(&ex), s(&dir.path().join("missing.json"))]).expect_code(2);
}

#[test]
fn a_v1_file_and_its_v2_form_do_not_differ() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v1 = root().join("tests/fixtures/v1/ecg-arrhythmia.techfile.json");
    let v2 = dir.path().join("v2.json");
    std::fs::copy(&v1, &v2).expect("copy");
    run_cli(["fmt", s(&v2)]).expect_code(0);
    let r = run_cli(["diff", s(&v1), s(&v2)]);
    r.expect_code(0);
    assert!(r.stdout.contains("No changes."), "{}", r.stdout);
    // And the v1 file against today's example: it differs, and says how.
    let r = run_cli(["diff", s(&v1), s(&example_path()), "--format", "json"]);
    r.expect_code(1);
    let j = r.json();
    assert!(j["sections"].as_array().is_some_and(|s| !s.is_empty()));
}

#[test]
fn diff_formats_markdown_json_and_pdf_read_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ex = example_path();
    let new = changed_copy(dir.path());
    let md = run_cli(["diff", s(&ex), s(&new), "--format", "md"]);
    md.expect_code(1);
    let text = &md.stdout;
    assert!(
        text.starts_with("# Changes to TF-CSA-001 from version 2.1 to version 3.0\n"),
        "{text}"
    );
    for want in [
        "## Summary",
        "## Device",
        "## Chapters",
        "## Risk management",
        "*added* body › paragraph",
        "A paragraph added for version 3.0.",
        "99.1",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    let j = run_cli(["diff", s(&ex), s(&new), "--format", "json"]);
    let j = j.json();
    assert_eq!(j["new"]["version"], "3.0");
    let risk = j["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == "risk")
        .expect("risk section");
    assert_eq!(risk["entries"][0]["change"], "removed");

    let pdf = dir.path().join("diff.pdf");
    run_cli(["diff", s(&ex), s(&new), "--format", "pdf", "-o", s(&pdf)]).expect_code(1);
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf runs");
    assert!(
        qpdf.status.success(),
        "{}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let words = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("Changes to TF-CSA-001"), "{words:.300}");
    assert!(words.contains("CardioSense AI Pro"), "{words:.600}");
    // Twice the same bytes.
    let again = dir.path().join("again.pdf");
    run_cli(["diff", s(&ex), s(&new), "--format", "pdf", "-o", s(&again)]).expect_code(1);
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        std::fs::read(&again).expect("pdf")
    );
    // A PDF needs a file to go to.
    run_cli(["diff", s(&ex), s(&new), "--format", "pdf"]).expect_code(2);
}

fn package(project: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["package", s(project), "-o", s(out)];
    args.extend_from_slice(extra);
    run_cli(args)
}

#[test]
fn a_package_is_the_same_bytes_from_two_processes_and_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("device.techfile.json");
    std::fs::copy(example_path(), &project).expect("copy");
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    package(&project, &a, &[]).expect_code(0);
    package(&project, &b, &[]).expect_code(0);
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let r = run_cli(["verify", s(&a)]);
    r.expect_code(0);
    assert!(r.stdout.contains("entries checked"), "{}", r.stdout);
    assert!(r.stdout.contains("not signed"), "{}", r.stdout);
    // A byte changed inside the archive: verify names the damage.
    let mut bytes = std::fs::read(&a).expect("a");
    let at = bytes.len() / 3;
    bytes[at] ^= 0x55;
    let bad = dir.path().join("bad.zip");
    std::fs::write(&bad, &bytes).expect("write");
    let r = run_cli(["verify", s(&bad)]);
    assert!(
        r.code == Some(1) || r.code == Some(2),
        "{:?} {}",
        r.code,
        r.stdout
    );
    assert!(!r.stdout.contains("signature holds"));
    run_cli(["verify", s(&project)]).expect_code(2);
}

/// The manifest and its signature from a package.
fn manifest_and_signature(zip_path: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    use std::io::Read;
    let bytes = std::fs::read(zip_path).expect("zip");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut f = z.by_name(name).ok()?;
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read entry");
        Some(b)
    };
    (
        read("manifest.json").expect("manifest.json"),
        read("manifest.json.p7s"),
    )
}

/// A copy of the package with `manifest.json` replaced.
fn with_manifest(zip_path: &Path, manifest: &[u8], out: &Path) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(zip_path).expect("zip");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read");
        if name == "manifest.json" {
            b = manifest.to_vec();
        }
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(&b).expect("write");
    }
    std::fs::write(out, w.finish().expect("finish").into_inner()).expect("write zip");
}

#[test]
fn a_signed_package_verifies_with_openssl_and_with_techfile_verify() {
    use crate::sign::{
        have_openssl, make_identity, openssl_fingerprint, openssl_ok, Kind, PASSWORD, VERIFY_CAFILE,
    };
    if !have_openssl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let p12 = make_identity(d, Kind::Rsa);
    let pw = d.join("password.txt");
    std::fs::write(&pw, format!("{PASSWORD}\n")).expect("password file");
    let project = d.join("device.techfile.json");
    std::fs::copy(example_path(), &project).expect("copy");
    let (a, b) = (d.join("a.zip"), d.join("b.zip"));
    let sign = ["--sign", s(&p12), "--password-file", s(&pw)];
    let r = package(&project, &a, &sign);
    r.expect_code(0);
    assert!(
        r.stderr.contains("signed by CN=Jane Doe,O=Acme"),
        "{}",
        r.stderr
    );
    package(&project, &b, &sign).expect_code(0);
    assert_eq!(
        std::fs::read(&a).expect("a"),
        std::fs::read(&b).expect("b"),
        "signed, still the same bytes"
    );

    // The referee: OpenSSL accepts the detached signature over the manifest.
    let (manifest, p7s) = manifest_and_signature(&a);
    std::fs::write(d.join("manifest.json"), &manifest).expect("write");
    std::fs::write(d.join("manifest.json.p7s"), p7s.expect("a signature")).expect("write");
    openssl_ok(d, VERIFY_CAFILE);
    let r = run_cli(["verify", s(&a)]);
    r.expect_code(0);
    let fp = openssl_fingerprint(d);
    assert!(
        r.stdout.contains(&format!(
            "signature holds: signed by CN=Jane Doe,O=Acme (certificate SHA-256 {fp}"
        )),
        "{}",
        r.stdout
    );

    // A manifest changed after signing (a hash "corrected" to match a
    // replaced file): the signature no longer holds.
    let text = String::from_utf8(manifest).expect("utf-8");
    let forged = text.replacen("\"bytes\": ", "\"bytes\": 1", 1);
    let bad = d.join("forged.zip");
    with_manifest(&a, forged.as_bytes(), &bad);
    let r = run_cli(["verify", s(&bad)]);
    r.expect_code(1);
    assert!(r.stdout.contains("manifest.json.p7s: "), "{}", r.stdout);
    assert!(!r.stdout.contains("signature holds"), "{}", r.stdout);

    // The approvals name the signing certificate: the right one verifies
    // (written the way openssl prints it), another is refused.
    let mut tf = techfile::store::load(&project).expect("load");
    let colons = fp
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(":");
    tf.document.approvals[0].certificate_sha256 = colons;
    techfile::store::save(&project, &tf).expect("save");
    package(&project, &a, &sign).expect_code(0);
    run_cli(["verify", s(&a)]).expect_code(0);
    tf.document.approvals[0].certificate_sha256 = "ab".repeat(32);
    techfile::store::save(&project, &tf).expect("save");
    package(&project, &a, &sign).expect_code(0);
    let r = run_cli(["verify", s(&a)]);
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("a certificate none of the project's approvals records"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_wrong_password_or_an_expired_certificate_stops_the_signing() {
    use crate::sign::{have_openssl, make_identity, rcgen_p12, Kind, PASSWORD};
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let project = d.join("device.techfile.json");
    std::fs::copy(example_path(), &project).expect("copy");
    let out = d.join("out.zip");
    let pw = d.join("password.txt");
    std::fs::write(&pw, PASSWORD).expect("password file");

    let expired = d.join("expired.p12");
    std::fs::write(
        &expired,
        rcgen_p12(
            &rcgen::PKCS_ECDSA_P256_SHA256,
            (2020, 1, 1),
            (2025, 1, 1),
            None,
        ),
    )
    .expect("p12");
    let r = package(
        &project,
        &out,
        &["--sign", s(&expired), "--password-file", s(&pw)],
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains("expired on 2025-01-01T00:00:00Z"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "no package is written");

    if have_openssl() {
        let p12 = make_identity(d, Kind::P256);
        let wrong = d.join("wrong.txt");
        std::fs::write(&wrong, "not the password").expect("write");
        let r = package(
            &project,
            &out,
            &["--sign", s(&p12), "--password-file", s(&wrong)],
        );
        r.expect_code(2);
        assert!(
            r.stderr.contains("signer.p12") && r.stderr.contains("wrong password"),
            "{}",
            r.stderr
        );
    }
    // --sign needs its password file.
    run_cli(["package", s(&project), "-o", s(&out), "--sign", s(&expired)]).expect_code(2);
}

#[test]
fn a_v1_project_packages_its_evidence_files_relative_to_the_project_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let v1 = root().join("tests/fixtures/v1/ecg-arrhythmia.techfile.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&v1).expect("v1")).expect("json");
    let content = b"the risk management plan";
    json["evidence"][0]["file_name"] = "evidence/RMP-CSA-001_v3.0.pdf".into();
    json["evidence"][0]["sha256"] = techfile::util::sha256_hex(content).into();
    std::fs::create_dir_all(d.join("sub/evidence")).expect("mkdir");
    std::fs::write(d.join("sub/evidence/RMP-CSA-001_v3.0.pdf"), content).expect("write");
    let project = d.join("sub/old.techfile.json");
    std::fs::write(&project, serde_json::to_string_pretty(&json).expect("json")).expect("write");
    let out = d.join("v1.zip");
    // Run from another folder: the path is relative to the project file.
    let r = crate::common::run_cli_in(Some(d), ["package", s(&project), "-o", s(&out)]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("read as version 2") || r.stderr.contains("version 1"),
        "{}",
        r.stderr
    );
    let bytes = std::fs::read(&out).expect("zip");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = z
        .by_name("documents/evidence/RMP-CSA-001_v3.0.pdf")
        .expect("the evidence file is packaged");
    let mut got = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut got).expect("read");
    assert_eq!(got, content);
    drop(f);
    let mut m = z
        .by_name("project/old.techfile.json")
        .expect("the v1 file as it is on disk");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut m, &mut text).expect("read");
    assert!(
        text.contains("\"evidence\""),
        "the project goes in unchanged (v1)"
    );
}
