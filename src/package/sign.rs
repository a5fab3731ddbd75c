//! PLACEHOLDER until the CMS module lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub sha256: String,
    pub not_before: String,
    pub not_after: String,
}
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("not yet")]
    NotYet,
}
pub struct Signer;
impl Signer {
    pub fn from_pkcs12(_der: &[u8], _password: &str) -> Result<Signer, SignError> {
        Err(SignError::NotYet)
    }
    pub fn certificate(&self) -> CertInfo {
        unimplemented!()
    }
    pub fn sign_detached(&self, _content: &[u8], _now_unix: i64) -> Result<Vec<u8>, SignError> {
        Err(SignError::NotYet)
    }
}
pub fn verify_detached(
    _p7s: &[u8],
    _content: &[u8],
    _now_unix: i64,
) -> Result<CertInfo, SignError> {
    Err(SignError::NotYet)
}
