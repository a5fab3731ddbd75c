//! Detached CMS signing (`package::sign`) against the OpenSSL command line.
//!
//! Tests that need the `openssl` program print a note and pass when it is
//! missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use techfile::package::sign::{verify_detached, SignError, Signer};

pub(crate) const PASSWORD: &str = "correct horse";
const MANIFEST: &[u8] = br#"{"device":"Acme Pump","files":[{"path":"a.pdf","sha256":"00"}]}"#;

/// 2024-06-01T00:00:00Z
const JUNE_2024: i64 = 1_717_200_000;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub(crate) fn have_openssl() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        // CI installs openssl: there a missing one is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "`openssl` is not installed (scripts/install-deps.sh installs it)"
        );
        eprintln!("note: `openssl` is not installed; skipping this test");
    }
    ok
}

fn openssl(dir: &Path, args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl")
}

pub(crate) fn openssl_ok(dir: &Path, args: &[&str]) -> Output {
    let out = openssl(dir, args);
    assert!(
        out.status.success(),
        "openssl {:?} failed:\n{}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Rsa,
    P256,
}

/// Makes a self-signed certificate `cert.pem`, its key `key.pem` and a
/// PKCS#12 file `signer.p12` (OpenSSL 3 defaults) in `dir`.
pub(crate) fn make_identity(dir: &Path, kind: Kind) -> PathBuf {
    let newkey: &[&str] = match kind {
        Kind::Rsa => &["-newkey", "rsa:2048"],
        Kind::P256 => &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    };
    let mut args = vec!["req", "-x509"];
    args.extend_from_slice(newkey);
    args.extend_from_slice(&[
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-days",
        "365",
        "-subj",
        "/O=Acme/CN=Jane Doe",
    ]);
    openssl_ok(dir, &args);
    openssl_ok(
        dir,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "key.pem",
            "-in",
            "cert.pem",
            "-out",
            "signer.p12",
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
    );
    dir.join("signer.p12")
}

fn load(p12: &Path) -> Signer {
    let der = std::fs::read(p12).expect("read p12");
    Signer::from_pkcs12(&der, PASSWORD).expect("open p12")
}

/// The SHA-256 fingerprint OpenSSL reports, as lowercase hex without colons.
pub(crate) fn openssl_fingerprint(dir: &Path) -> String {
    let out = openssl_ok(
        dir,
        &[
            "x509",
            "-in",
            "cert.pem",
            "-noout",
            "-fingerprint",
            "-sha256",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let hex = text.trim().rsplit('=').next().unwrap_or("");
    hex.replace(':', "").to_lowercase()
}

fn write_signed(dir: &Path, signer: &Signer, content: &[u8]) -> Vec<u8> {
    let p7s = signer.sign_detached(content, now()).expect("sign");
    std::fs::write(dir.join("manifest.json"), content).expect("write manifest");
    std::fs::write(dir.join("manifest.json.p7s"), &p7s).expect("write p7s");
    p7s
}

const VERIFY_NOVERIFY: &[&str] = &[
    "cms",
    "-verify",
    "-inform",
    "DER",
    "-binary",
    "-in",
    "manifest.json.p7s",
    "-content",
    "manifest.json",
    "-noverify",
    "-out",
    "/dev/null",
];

/// `openssl cms -verify` of `manifest.json.p7s` over `manifest.json`
/// against the signer certificate `cert.pem` (any purpose).
pub(crate) const VERIFY_CAFILE: &[&str] = &[
    "cms",
    "-verify",
    "-inform",
    "DER",
    "-binary",
    "-in",
    "manifest.json.p7s",
    "-content",
    "manifest.json",
    "-CAfile",
    "cert.pem",
    "-purpose",
    "any",
    "-out",
    "/dev/null",
];

fn roundtrip(kind: Kind) {
    if !have_openssl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = make_identity(dir.path(), kind);
    let signer = load(&p12);

    let info = signer.certificate();
    assert_eq!(info.subject, "CN=Jane Doe,O=Acme");
    assert_eq!(info.issuer, "CN=Jane Doe,O=Acme");
    assert_eq!(info.sha256, openssl_fingerprint(dir.path()));
    assert!(info.not_before.ends_with('Z') && info.not_before.contains('T'));

    let p7s = write_signed(dir.path(), &signer, MANIFEST);

    let out = openssl_ok(dir.path(), VERIFY_NOVERIFY);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Verification successful"));
    let out = openssl_ok(dir.path(), VERIFY_CAFILE);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Verification successful"));

    let checked = verify_detached(&p7s, MANIFEST, now()).expect("verify");
    assert_eq!(checked, info);

    // OpenSSL must also refuse other content.
    std::fs::write(dir.path().join("manifest.json"), b"{}").expect("write");
    assert!(!openssl(dir.path(), VERIFY_NOVERIFY).status.success());
}

#[test]
fn rsa_signature_verifies_with_openssl_and_here() {
    roundtrip(Kind::Rsa);
}

#[test]
fn p256_signature_verifies_with_openssl_and_here() {
    roundtrip(Kind::P256);
}

#[test]
fn signing_is_deterministic() {
    if !have_openssl() {
        return;
    }
    for kind in [Kind::Rsa, Kind::P256] {
        let dir = tempfile::tempdir().expect("tempdir");
        let signer = load(&make_identity(dir.path(), kind));
        let a = signer.sign_detached(MANIFEST, now()).expect("sign");
        let b = signer.sign_detached(MANIFEST, now() + 60).expect("sign");
        assert_eq!(a, b, "{kind:?} signatures differ");
    }
}

#[test]
fn legacy_pkcs12_is_read() {
    if !have_openssl() {
        return;
    }
    for kind in [Kind::Rsa, Kind::P256] {
        let dir = tempfile::tempdir().expect("tempdir");
        make_identity(dir.path(), kind);
        let out = openssl(
            dir.path(),
            &[
                "pkcs12",
                "-export",
                "-legacy",
                "-inkey",
                "key.pem",
                "-in",
                "cert.pem",
                "-out",
                "legacy.p12",
                "-passout",
                &format!("pass:{PASSWORD}"),
            ],
        );
        if !out.status.success() {
            eprintln!(
                "note: this openssl cannot write -legacy PKCS#12 files; skipping: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        let signer = load(&dir.path().join("legacy.p12"));
        assert_eq!(signer.certificate().sha256, openssl_fingerprint(dir.path()));
        write_signed(dir.path(), &signer, MANIFEST);
        openssl_ok(dir.path(), VERIFY_NOVERIFY);
    }
}

#[test]
fn wrong_password_is_reported() {
    if !have_openssl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let der = std::fs::read(make_identity(dir.path(), Kind::P256)).expect("read");
    let err = Signer::from_pkcs12(&der, "wrong").expect_err("must fail");
    assert!(matches!(err, SignError::Pkcs12Open), "{err:?}");
    assert_eq!(err.to_string(), "wrong password or not a PKCS#12 file");
}

#[test]
fn garbage_is_not_a_pkcs12_file() {
    let err = Signer::from_pkcs12(b"not a p12 file", PASSWORD).expect_err("must fail");
    assert_eq!(err.to_string(), "wrong password or not a PKCS#12 file");
}

#[test]
fn pkcs12_without_key_is_reported() {
    if !have_openssl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    make_identity(dir.path(), Kind::P256);
    openssl_ok(
        dir.path(),
        &[
            "pkcs12",
            "-export",
            "-nokeys",
            "-in",
            "cert.pem",
            "-out",
            "nokey.p12",
            "-passout",
            &format!("pass:{PASSWORD}"),
        ],
    );
    let der = std::fs::read(dir.path().join("nokey.p12")).expect("read");
    let err = Signer::from_pkcs12(&der, PASSWORD).expect_err("must fail");
    assert_eq!(err.to_string(), "the PKCS#12 file holds no private key");
}

#[test]
fn changed_content_does_not_match() {
    if !have_openssl() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let signer = load(&make_identity(dir.path(), Kind::Rsa));
    let p7s = signer.sign_detached(MANIFEST, now()).expect("sign");
    let mut changed = MANIFEST.to_vec();
    changed[3] ^= 1;
    let err = verify_detached(&p7s, &changed, now()).expect_err("must fail");
    assert!(matches!(err, SignError::ContentMismatch), "{err:?}");
    assert_eq!(err.to_string(), "the signature does not match the content");
}

#[test]
fn flipped_signature_bytes_are_refused() {
    if !have_openssl() {
        return;
    }
    for kind in [Kind::Rsa, Kind::P256] {
        let dir = tempfile::tempdir().expect("tempdir");
        let signer = load(&make_identity(dir.path(), kind));
        let mut p7s = write_signed(dir.path(), &signer, MANIFEST);
        // The signature value is the last field of the only SignerInfo, so
        // the last bytes of the file are signature bytes.
        let n = p7s.len();
        p7s[n - 1] ^= 0x01;
        p7s[n - 2] ^= 0x80;
        let err = verify_detached(&p7s, MANIFEST, now()).expect_err("must fail");
        assert!(matches!(err, SignError::BadSignature), "{kind:?}: {err:?}");
        assert_eq!(
            err.to_string(),
            "the signature was not made by the certificate it carries"
        );
        std::fs::write(dir.path().join("manifest.json.p7s"), &p7s).expect("write");
        assert!(!openssl(dir.path(), VERIFY_NOVERIFY).status.success());
    }
}

#[test]
fn garbage_is_not_signed_data() {
    let err = verify_detached(b"hello", MANIFEST, now()).expect_err("must fail");
    assert!(matches!(err, SignError::NotSignedData(_)), "{err:?}");
    assert!(err.to_string().starts_with("not a CMS SignedData: "));
}

/// Verifies signatures made by `openssl cms -sign` (which adds signing-time
/// and S/MIME capabilities, and with `-keyid` names the signer by subject key
/// identifier).
#[test]
fn openssl_made_signatures_verify_here() {
    if !have_openssl() {
        return;
    }
    for (kind, keyid) in [(Kind::Rsa, false), (Kind::P256, false), (Kind::P256, true)] {
        let dir = tempfile::tempdir().expect("tempdir");
        make_identity(dir.path(), kind);
        std::fs::write(dir.path().join("manifest.json"), MANIFEST).expect("write");
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-md",
            "sha256",
            "-outform",
            "DER",
            "-in",
            "manifest.json",
            "-signer",
            "cert.pem",
            "-inkey",
            "key.pem",
            "-out",
            "manifest.json.p7s",
        ];
        if keyid {
            args.push("-keyid");
        }
        openssl_ok(dir.path(), &args);
        let p7s = std::fs::read(dir.path().join("manifest.json.p7s")).expect("read");
        let info = verify_detached(&p7s, MANIFEST, now()).expect("verify openssl signature");
        assert_eq!(info.sha256, openssl_fingerprint(dir.path()));
        assert!(matches!(
            verify_detached(&p7s, b"other", now()),
            Err(SignError::ContentMismatch)
        ));
    }
}

/// Writes a PKCS#12 file with `p12-keystore` for a key and certificate made
/// by `rcgen`.
pub(crate) fn rcgen_p12(
    alg: &'static rcgen::SignatureAlgorithm,
    not_before: (i32, u8, u8),
    not_after: (i32, u8, u8),
    cert_key: Option<&rcgen::KeyPair>,
) -> Vec<u8> {
    let key = rcgen::KeyPair::generate_for(alg).expect("key");
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "Acme");
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Old Signer");
    params.not_before = rcgen::date_time_ymd(not_before.0, not_before.1, not_before.2);
    params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
    let cert = params.self_signed(cert_key.unwrap_or(&key)).expect("cert");

    let p12_cert = p12_keystore::Certificate::from_der(cert.der()).expect("p12 cert");
    let chain = p12_keystore::PrivateKeyChain::new(key.serialize_der(), b"signer-1", [p12_cert]);
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(
        "signer",
        p12_keystore::KeyStoreEntry::PrivateKeyChain(chain),
    );
    store.writer(PASSWORD).write().expect("write p12")
}

#[test]
fn expired_certificate_is_refused() {
    let p12 = rcgen_p12(
        &rcgen::PKCS_ECDSA_P256_SHA256,
        (2020, 1, 1),
        (2025, 1, 1),
        None,
    );
    let signer = Signer::from_pkcs12(&p12, PASSWORD).expect("open p12");
    assert_eq!(signer.certificate().subject, "CN=Old Signer,O=Acme");
    assert_eq!(signer.certificate().not_after, "2025-01-01T00:00:00Z");

    let err = signer
        .sign_detached(MANIFEST, now())
        .expect_err("must refuse");
    assert_eq!(
        err.to_string(),
        "the certificate expired on 2025-01-01T00:00:00Z"
    );

    // Signed while it was valid, checked later.
    let p7s = signer
        .sign_detached(MANIFEST, JUNE_2024)
        .expect("sign in 2024");
    verify_detached(&p7s, MANIFEST, JUNE_2024).expect("valid in 2024");
    let err = verify_detached(&p7s, MANIFEST, now()).expect_err("expired now");
    assert!(matches!(err, SignError::Expired(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the certificate expired on 2025-01-01T00:00:00Z"
    );
}

#[test]
fn not_yet_valid_certificate_is_refused() {
    let p12 = rcgen_p12(
        &rcgen::PKCS_ECDSA_P256_SHA256,
        (2030, 1, 1),
        (2031, 1, 1),
        None,
    );
    let signer = Signer::from_pkcs12(&p12, PASSWORD).expect("open p12");
    let err = signer
        .sign_detached(MANIFEST, JUNE_2024)
        .expect_err("must refuse");
    assert_eq!(
        err.to_string(),
        "the certificate is not valid before 2030-01-01T00:00:00Z"
    );
}

#[test]
fn unsupported_key_type_is_refused() {
    let p12 = rcgen_p12(&rcgen::PKCS_ED25519, (2020, 1, 1), (2040, 1, 1), None);
    let err = Signer::from_pkcs12(&p12, PASSWORD).expect_err("must refuse");
    assert_eq!(
        err.to_string(),
        "unsupported key type (expected RSA or ECDSA P-256)"
    );
}

#[test]
fn key_of_another_certificate_is_refused() {
    let other = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("key");
    let p12 = rcgen_p12(
        &rcgen::PKCS_ECDSA_P256_SHA256,
        (2020, 1, 1),
        (2040, 1, 1),
        Some(&other),
    );
    let err = Signer::from_pkcs12(&p12, PASSWORD).expect_err("must refuse");
    assert!(matches!(err, SignError::KeyCertificateMismatch), "{err:?}");
}
