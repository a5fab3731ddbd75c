//! SPDX 2.2/2.3 JSON SBOM: `techfile import sbom` (sbom::import::parse, merge::apply, check, reload).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    techfile_fuzz::sbom(data, "fuzz.spdx.json");
});
