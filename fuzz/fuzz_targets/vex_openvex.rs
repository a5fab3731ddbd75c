//! OpenVEX: `techfile import vex` (sbom::import::parse_vex, merge_vulnerabilities, check, reload).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    techfile_fuzz::vex(data, "fuzz.openvex.json");
});
