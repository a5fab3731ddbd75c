//! The error that crosses IPC: `{code, message}`. The UI branches on `code`
//! (stable, dotted, from the library's error enums, or `edit.*`, `dialog.*`,
//! `session.*` from the desktop) and shows `message`.

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

/// Every library error crosses with its stable code and its message. (The
/// desktop's own errors are made with `IpcError::new`; IpcError itself is
/// not `Coded`, so this does not overlap the identity conversion.)
impl<E: techfile::diag::Coded> From<E> for IpcError {
    fn from(e: E) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_cross_with_their_code_and_message() {
        let e = techfile::store::load(std::path::Path::new("/nonexistent/p.json"))
            .expect_err("no such file");
        let ipc = IpcError::from(e);
        assert_eq!(ipc.code, "store.read");
        assert!(ipc.message.contains("/nonexistent/p.json"), "{ipc}");
        assert_eq!(
            serde_json::to_value(&ipc).expect("json"),
            serde_json::json!({"code": "store.read", "message": ipc.message})
        );
    }
}
