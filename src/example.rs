//! The bundled example project (an AI-based ECG arrhythmia detection
//! software, class IIa), embedded so `techfile new --example` and the desktop
//! app work without any file next to the binary.

use std::path::Path;

use crate::model::TechFile;

/// The example's project file, as committed in `examples/ecg-arrhythmia/`.
pub const EXAMPLE_JSON: &str = include_str!("../examples/ecg-arrhythmia/techfile.json");

/// Where the example lives in the repository (for error messages).
pub const EXAMPLE_PATH: &str = "examples/ecg-arrhythmia/techfile.json";

/// The example, parsed. The embedded file is checked by the test suite, so a
/// parse failure here is a build defect; it is still reported, not panicked.
pub fn example() -> Result<TechFile, crate::store::StoreError> {
    crate::store::from_str(EXAMPLE_JSON, Path::new(EXAMPLE_PATH))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_example_parses_and_is_canonical() {
        let tf = super::example().expect("example parses");
        assert_eq!(
            crate::store::to_string(&tf).expect("serialises"),
            super::EXAMPLE_JSON,
            "examples/ecg-arrhythmia/techfile.json is not in canonical form; run `cargo run -- fmt examples/ecg-arrhythmia/techfile.json`"
        );
    }
}
