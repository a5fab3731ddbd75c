//! CycloneDX 1.5/1.6 ML-BOM XML model card: `techfile import model-card` (ai::import_model_card_bytes, check, reload).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    techfile_fuzz::model_card(data, "model.cdx.xml");
});
