//! Detached CMS signatures over a technical file's manifest.
//!
//! This module signs some bytes (in practice `manifest.json`) with a key and
//! certificate read from a PKCS#12 file, and writes the signature as a
//! detached CMS SignedData structure in DER form (a `.p7s` file). It can also
//! check such a signature.
//!
//! The SignedData it makes is kept small and predictable:
//!
//! * the content type is id-data and the content itself is left out (detached);
//! * the digest is SHA-256;
//! * the signed attributes are only content-type and message-digest (there is
//!   no signing-time attribute), so the same key and content always give the
//!   same bytes (RSA PKCS#1 v1.5 and ECDSA with RFC 6979 are deterministic);
//! * the signer is named by the issuer and serial number of its certificate,
//!   and the certificate (with any chain the PKCS#12 file holds) is included.
//!
//! OpenSSL accepts the result with
//! `openssl cms -verify -inform DER -binary -in manifest.json.p7s -content manifest.json -noverify`
//! or, for a self-signed signer certificate, with `-CAfile cert.pem -purpose any`
//! instead of `-noverify`.
//!
//! Checking a signature here says that the content was signed by the key of the
//! certificate the signature carries, and that this certificate was valid at the
//! given time. It does not say whether that certificate should be trusted: compare
//! [`CertInfo::sha256`] with a fingerprint you know, or check the chain elsewhere.

use std::fmt::Write as _;

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo};
use const_oid::db::rfc5911::{ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA};
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP_256_R_1, SHA_256_WITH_RSA_ENCRYPTION,
};
use const_oid::ObjectIdentifier;
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode};
use pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use signature::Verifier;
use spki::{AlgorithmIdentifierOwned, EncodePublicKey};
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::Certificate;

/// The object identifier of SHA-256 (2.16.840.1.101.3.4.2.1).
const ID_SHA_256: ObjectIdentifier = const_oid::db::rfc5912::ID_SHA_256;

/// The object identifier of the subject key identifier extension (2.5.29.14).
const ID_CE_SUBJECT_KEY_IDENTIFIER: ObjectIdentifier =
    const_oid::db::rfc5912::ID_CE_SUBJECT_KEY_IDENTIFIER;

/// Everything that can go wrong while reading a signing key, signing or
/// checking a signature. The messages are meant to be shown to a person as
/// they are.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The PKCS#12 file could not be opened: the password is wrong, or the
    /// bytes are not a PKCS#12 file at all.
    #[error("wrong password or not a PKCS#12 file")]
    Pkcs12Open,
    /// The PKCS#12 file was opened but uses an encryption or MAC scheme this
    /// program cannot read.
    #[error("the PKCS#12 file uses an encryption scheme that is not supported ({0})")]
    Pkcs12Unsupported(String),
    /// The PKCS#12 file holds no private key together with its certificate.
    #[error("the PKCS#12 file holds no private key")]
    NoPrivateKey,
    /// The key is neither RSA nor ECDSA on the P-256 curve.
    #[error("unsupported key type (expected RSA or ECDSA P-256)")]
    UnsupportedKeyType,
    /// The private key could not be read although its type is known.
    #[error("the private key could not be read: {0}")]
    BadPrivateKey(String),
    /// The private key in the PKCS#12 file does not belong to its certificate.
    #[error("the private key does not match the certificate in the PKCS#12 file")]
    KeyCertificateMismatch,
    /// A certificate could not be read.
    #[error("the certificate could not be read: {0}")]
    BadCertificate(String),
    /// The certificate's validity ended before the time asked about.
    #[error("the certificate expired on {0}")]
    Expired(String),
    /// The certificate's validity starts after the time asked about.
    #[error("the certificate is not valid before {0}")]
    NotYetValid(String),
    /// The message digest in the signature is not the digest of the content:
    /// the content was changed after signing, or is the wrong file.
    #[error("the signature does not match the content")]
    ContentMismatch,
    /// The signature value does not verify with the public key of the
    /// certificate the signature carries.
    #[error("the signature was not made by the certificate it carries")]
    BadSignature,
    /// The bytes are not a CMS SignedData structure, or one this module
    /// cannot check; the text says why.
    #[error("not a CMS SignedData: {0}")]
    NotSignedData(String),
    /// The SignedData does not carry the certificate of its signer.
    #[error("the signature does not carry the signer's certificate")]
    SignerCertificateMissing,
    /// The SignedData uses an algorithm this module does not check.
    #[error("unsupported algorithm in the signature: {0}")]
    UnsupportedAlgorithm(String),
    /// Building the SignedData failed (this points to a bug, not to bad input).
    #[error("could not build the signature: {0}")]
    Build(String),
}

/// Facts about a certificate, in a form fit for showing and for comparing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// The subject's distinguished name as an RFC 4514 string, for example
    /// `CN=Jane Doe,O=Acme`.
    pub subject: String,
    /// The issuer's distinguished name, written the same way as the subject.
    pub issuer: String,
    /// The SHA-256 fingerprint of the DER certificate, in lowercase hex.
    pub sha256: String,
    /// The start of the validity period, in ISO 8601 UTC such as
    /// `2026-12-02T10:00:00Z`.
    pub not_before: String,
    /// The end of the validity period, written like `not_before`.
    pub not_after: String,
}

/// The private key in one of the supported kinds.
enum Key {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(p256::ecdsa::SigningKey),
}

/// A private key with its certificate, ready to sign.
pub struct Signer {
    key: Key,
    certificate: Certificate,
    certificate_der: Vec<u8>,
    /// The certificates to include in the signature: the signer's first, then
    /// any further certificates of its chain from the PKCS#12 file.
    chain: Vec<Certificate>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.key {
            Key::Rsa(_) => "RSA",
            Key::P256(_) => "ECDSA P-256",
        };
        f.debug_struct("Signer")
            .field("key", &kind)
            .field("certificate", &self.certificate())
            .finish()
    }
}

impl Signer {
    /// Reads a signing key and its certificate from a PKCS#12 (`.p12`/`.pfx`)
    /// file with the given password.
    ///
    /// Files written by OpenSSL 3 (`openssl pkcs12 -export`, AES-256-CBC with
    /// PBKDF2 and an HMAC-SHA256 MAC) and by its `-legacy` option (3DES and
    /// RC2 with a SHA-1 MAC) can both be read. The key must be RSA or ECDSA on
    /// P-256, and it must belong to the certificate.
    pub fn from_pkcs12(der: &[u8], password: &str) -> Result<Signer, SignError> {
        let store = p12_keystore::KeyStore::from_pkcs12(der, password).map_err(map_p12_error)?;
        let (_, chain) = store.private_key_chain().ok_or(SignError::NoPrivateKey)?;
        let leaf = chain.chain().first().ok_or(SignError::NoPrivateKey)?;

        let certificate_der = leaf.as_der().to_vec();
        let certificate = Certificate::from_der(&certificate_der)
            .map_err(|e| SignError::BadCertificate(e.to_string()))?;
        let mut certs = Vec::with_capacity(chain.chain().len());
        certs.push(certificate.clone());
        for extra in chain.chain().iter().skip(1) {
            let cert = Certificate::from_der(extra.as_der())
                .map_err(|e| SignError::BadCertificate(e.to_string()))?;
            certs.push(cert);
        }

        let key = read_private_key(chain.key())?;

        // The key must belong to the certificate, or every signature would fail
        // to verify later.
        let public_der = match &key {
            Key::Rsa(k) => signature::Keypair::verifying_key(k.as_ref())
                .to_public_key_der()
                .map_err(|e| SignError::BadPrivateKey(e.to_string()))?,
            Key::P256(k) => k
                .verifying_key()
                .to_public_key_der()
                .map_err(|e| SignError::BadPrivateKey(e.to_string()))?,
        };
        let cert_spki_der = certificate
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| SignError::BadCertificate(e.to_string()))?;
        if !same_public_key(public_der.as_bytes(), &cert_spki_der) {
            return Err(SignError::KeyCertificateMismatch);
        }

        Ok(Signer {
            key,
            certificate,
            certificate_der,
            chain: certs,
        })
    }

    /// Describes the signer's certificate.
    pub fn certificate(&self) -> CertInfo {
        cert_info(&self.certificate, &self.certificate_der)
    }

    /// Signs `content` and returns a detached CMS SignedData in DER form.
    ///
    /// `now_unix` is the signing time in seconds since 1970-01-01 UTC. A
    /// certificate that is not valid at that moment is refused, and the error
    /// names the date it stopped (or starts) being valid. The time is not
    /// written into the signature, so the same content always gives the same
    /// bytes.
    pub fn sign_detached(&self, content: &[u8], now_unix: i64) -> Result<Vec<u8>, SignError> {
        check_validity(&self.certificate, now_unix)?;

        let digest = Sha256::digest(content);
        let econtent = EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        };
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: self.certificate.tbs_certificate.issuer.clone(),
            serial_number: self.certificate.tbs_certificate.serial_number.clone(),
        });
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA_256,
            parameters: None,
        };

        let mut builder = SignedDataBuilder::new(&econtent);
        builder
            .add_digest_algorithm(sha256.clone())
            .map_err(build_error)?;
        for cert in &self.chain {
            builder
                .add_certificate(CertificateChoices::Certificate(cert.clone()))
                .map_err(build_error)?;
        }
        match &self.key {
            Key::Rsa(key) => {
                let key: &rsa::pkcs1v15::SigningKey<Sha256> = key;
                let info = SignerInfoBuilder::new(key, sid, sha256, &econtent, Some(&digest))
                    .map_err(build_error)?;
                builder
                    .add_signer_info::<_, rsa::pkcs1v15::Signature>(info)
                    .map_err(build_error)?;
            }
            Key::P256(key) => {
                let info = SignerInfoBuilder::new(key, sid, sha256, &econtent, Some(&digest))
                    .map_err(build_error)?;
                builder
                    .add_signer_info::<_, p256::ecdsa::DerSignature>(info)
                    .map_err(build_error)?;
            }
        }
        let content_info = builder.build().map_err(build_error)?;
        content_info
            .to_der()
            .map_err(|e| SignError::Build(e.to_string()))
    }
}

/// Checks a detached CMS signature (`p7s`, DER) over `content` and returns
/// the signer's certificate.
///
/// The check passes only if all of these hold: the signature is a SignedData
/// with one signer over id-data content; the SHA-256 message digest in its
/// signed attributes is the digest of `content`; the signature value verifies
/// with the public key of the certificate the SignedData carries for that
/// signer (found by issuer and serial number or by subject key identifier);
/// and that certificate is valid at `now_unix` (seconds since 1970-01-01 UTC).
///
/// Whether the certificate is one you trust is not checked here: compare the
/// returned [`CertInfo::sha256`] with a known fingerprint.
pub fn verify_detached(p7s: &[u8], content: &[u8], now_unix: i64) -> Result<CertInfo, SignError> {
    let content_info = ContentInfo::from_der(p7s)
        .map_err(|e| SignError::NotSignedData(format!("the data is not a CMS structure ({e})")))?;
    if content_info.content_type != ID_SIGNED_DATA {
        return Err(SignError::NotSignedData(format!(
            "the content type is {}, not signed-data",
            content_info.content_type
        )));
    }
    let signed_data: SignedData = content_info
        .content
        .decode_as()
        .map_err(|e| SignError::NotSignedData(format!("the SignedData is malformed ({e})")))?;

    let encap = &signed_data.encap_content_info;
    if encap.econtent_type != ID_DATA {
        return Err(SignError::NotSignedData(format!(
            "the signed content type is {}, not id-data",
            encap.econtent_type
        )));
    }
    if encap.econtent.is_some() {
        return Err(SignError::NotSignedData(
            "the signature is not detached (it holds the content itself)".to_string(),
        ));
    }

    let signer_infos = signed_data.signer_infos.0.as_slice();
    let signer_info = match signer_infos {
        [one] => one,
        [] => return Err(SignError::NotSignedData("it has no signer".to_string())),
        _ => {
            return Err(SignError::NotSignedData(format!(
                "it has {} signers, only one is supported",
                signer_infos.len()
            )))
        }
    };

    if signer_info.digest_alg.oid != ID_SHA_256 {
        return Err(SignError::UnsupportedAlgorithm(format!(
            "digest {} (only SHA-256 is supported)",
            signer_info.digest_alg.oid
        )));
    }

    // The signed attributes must carry the digest of the content and the
    // content type.
    let signed_attrs = signer_info.signed_attrs.as_ref().ok_or_else(|| {
        SignError::NotSignedData("the signer has no signed attributes".to_string())
    })?;
    let message_digest = single_attribute(signer_info, ID_MESSAGE_DIGEST)?
        .decode_as::<OctetString>()
        .map_err(|e| SignError::NotSignedData(format!("the message-digest is malformed ({e})")))?;
    let content_type = single_attribute(signer_info, ID_CONTENT_TYPE)?
        .decode_as::<Oid>()
        .map_err(|e| SignError::NotSignedData(format!("the content-type is malformed ({e})")))?;
    if content_type != encap.econtent_type {
        return Err(SignError::NotSignedData(
            "the signed content-type differs from the content type".to_string(),
        ));
    }

    let certificate = find_signer_certificate(&signed_data, &signer_info.sid)?;
    let certificate_der = certificate
        .to_der()
        .map_err(|e| SignError::BadCertificate(e.to_string()))?;

    if message_digest.as_bytes() != Sha256::digest(content).as_slice() {
        return Err(SignError::ContentMismatch);
    }

    // The signature covers the DER encoding of the signed attributes as a SET OF.
    let signed_bytes = signed_attrs.to_der().map_err(|e| {
        SignError::NotSignedData(format!("the signed attributes are malformed ({e})"))
    })?;
    verify_signature(
        &certificate,
        &signer_info.signature_algorithm,
        &signed_bytes,
        signer_info.signature.as_bytes(),
    )?;

    check_validity(&certificate, now_unix)?;
    Ok(cert_info(&certificate, &certificate_der))
}

/// Turns a PKCS#12 reader error into one of ours.
fn map_p12_error(err: p12_keystore::error::Error) -> SignError {
    use p12_keystore::error::Error as E;
    match err {
        E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm => {
            SignError::Pkcs12Unsupported(err.to_string())
        }
        _ => SignError::Pkcs12Open,
    }
}

/// Reads a PKCS#8 private key of a supported kind.
fn read_private_key(pkcs8_der: &[u8]) -> Result<Key, SignError> {
    let info = pkcs8::PrivateKeyInfo::from_der(pkcs8_der)
        .map_err(|e| SignError::BadPrivateKey(e.to_string()))?;
    let algorithm = info.algorithm.oid;
    if algorithm == RSA_ENCRYPTION {
        let key = rsa::RsaPrivateKey::from_pkcs8_der(pkcs8_der)
            .map_err(|e| SignError::BadPrivateKey(e.to_string()))?;
        Ok(Key::Rsa(Box::new(
            rsa::pkcs1v15::SigningKey::<Sha256>::new(key),
        )))
    } else if algorithm == ID_EC_PUBLIC_KEY {
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|_| SignError::UnsupportedKeyType)?;
        if curve != SECP_256_R_1 {
            return Err(SignError::UnsupportedKeyType);
        }
        let key = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8_der)
            .map_err(|e| SignError::BadPrivateKey(e.to_string()))?;
        Ok(Key::P256(key))
    } else {
        Err(SignError::UnsupportedKeyType)
    }
}

/// Compares two SubjectPublicKeyInfo encodings by their algorithm OID and key
/// bits, so that an absent versus NULL parameter does not matter.
fn same_public_key(a: &[u8], b: &[u8]) -> bool {
    match (
        spki::SubjectPublicKeyInfoRef::from_der(a),
        spki::SubjectPublicKeyInfoRef::from_der(b),
    ) {
        (Ok(a), Ok(b)) => {
            a.algorithm.oid == b.algorithm.oid && a.subject_public_key == b.subject_public_key
        }
        _ => false,
    }
}

/// Refuses a certificate that is not valid at `now_unix`.
fn check_validity(cert: &Certificate, now_unix: i64) -> Result<(), SignError> {
    let validity = &cert.tbs_certificate.validity;
    let not_before = unix_seconds(&validity.not_before);
    let not_after = unix_seconds(&validity.not_after);
    if now_unix < not_before {
        return Err(SignError::NotYetValid(validity.not_before.to_string()));
    }
    if now_unix > not_after {
        return Err(SignError::Expired(validity.not_after.to_string()));
    }
    Ok(())
}

/// A certificate time as seconds since the epoch.
fn unix_seconds(time: &x509_cert::time::Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// Describes a certificate whose DER encoding is `der`.
fn cert_info(cert: &Certificate, der: &[u8]) -> CertInfo {
    let tbs = &cert.tbs_certificate;
    CertInfo {
        subject: tbs.subject.to_string(),
        issuer: tbs.issuer.to_string(),
        sha256: hex(&Sha256::digest(der)),
        not_before: tbs.validity.not_before.to_string(),
        not_after: tbs.validity.not_after.to_string(),
    }
}

/// Lowercase hex of some bytes.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn build_error(err: impl std::fmt::Display) -> SignError {
    SignError::Build(err.to_string())
}

/// The one value of the signed attribute `oid`; refuses none or several.
fn single_attribute(info: &SignerInfo, oid: ObjectIdentifier) -> Result<&der::Any, SignError> {
    let attrs = info.signed_attrs.as_ref().ok_or_else(|| {
        SignError::NotSignedData("the signer has no signed attributes".to_string())
    })?;
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let attr = found.next().ok_or_else(|| {
        SignError::NotSignedData(format!("the signed attribute {oid} is missing"))
    })?;
    if found.next().is_some() || attr.values.len() != 1 {
        return Err(SignError::NotSignedData(format!(
            "the signed attribute {oid} must have exactly one value"
        )));
    }
    attr.values
        .iter()
        .next()
        .ok_or_else(|| SignError::NotSignedData(format!("the signed attribute {oid} is empty")))
}

/// Finds the certificate named by `sid` among the SignedData's certificates.
fn find_signer_certificate(
    signed_data: &SignedData,
    sid: &SignerIdentifier,
) -> Result<Certificate, SignError> {
    let certs = signed_data
        .certificates
        .as_ref()
        .ok_or(SignError::SignerCertificateMissing)?;
    for choice in certs.0.iter() {
        let CertificateChoices::Certificate(cert) = choice else {
            continue;
        };
        let tbs = &cert.tbs_certificate;
        let matches = match sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                isn.serial_number == tbs.serial_number && isn.issuer == tbs.issuer
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
                .extensions
                .iter()
                .flatten()
                .filter(|ext| ext.extn_id == ID_CE_SUBJECT_KEY_IDENTIFIER)
                .filter_map(|ext| SubjectKeyIdentifier::from_der(ext.extn_value.as_bytes()).ok())
                .any(|found| found.0 == ski.0),
        };
        if matches {
            return Ok(cert.clone());
        }
    }
    Err(SignError::SignerCertificateMissing)
}

/// Verifies `signature` over `message` with the certificate's public key.
fn verify_signature(
    cert: &Certificate,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignError> {
    let spki_der = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| SignError::BadCertificate(e.to_string()))?;
    let key_oid = cert.tbs_certificate.subject_public_key_info.algorithm.oid;
    let sig_oid = algorithm.oid;

    if key_oid == RSA_ENCRYPTION {
        // OpenSSL itself writes rsaEncryption here; with a SHA-256 digest both
        // mean RSA PKCS#1 v1.5 with SHA-256.
        if sig_oid != SHA_256_WITH_RSA_ENCRYPTION && sig_oid != RSA_ENCRYPTION {
            return Err(SignError::UnsupportedAlgorithm(format!(
                "signature {sig_oid} with an RSA key"
            )));
        }
        let public = <rsa::RsaPublicKey as spki::DecodePublicKey>::from_public_key_der(&spki_der)
            .map_err(|e| SignError::BadCertificate(e.to_string()))?;
        let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(public);
        let sig =
            rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| SignError::BadSignature)?;
        verifier
            .verify(message, &sig)
            .map_err(|_| SignError::BadSignature)
    } else if key_oid == ID_EC_PUBLIC_KEY {
        if sig_oid != ECDSA_WITH_SHA_256 {
            return Err(SignError::UnsupportedAlgorithm(format!(
                "signature {sig_oid} with an EC key"
            )));
        }
        let public =
            <p256::ecdsa::VerifyingKey as spki::DecodePublicKey>::from_public_key_der(&spki_der)
                .map_err(|_| SignError::UnsupportedKeyType)?;
        let sig = p256::ecdsa::DerSignature::from_bytes(signature)
            .map_err(|_| SignError::BadSignature)?;
        public
            .verify(message, &sig)
            .map_err(|_| SignError::BadSignature)
    } else {
        Err(SignError::UnsupportedKeyType)
    }
}
