//! The error that crosses IPC: `{code, message}`. The UI branches on `code`
//! (stable, dotted, from the library's error enums) and shows `message`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        IpcError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for IpcError {}

impl From<techfile::store::StoreError> for IpcError {
    fn from(e: techfile::store::StoreError) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}

impl From<techfile::export::ExportError> for IpcError {
    fn from(e: techfile::export::ExportError) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}
