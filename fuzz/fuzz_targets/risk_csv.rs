//! Risk table, CSV: `techfile import risks` (risk::read_table with each shipped mapping, merge, check, reload).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    techfile_fuzz::risk(data, "fuzz.csv");
});
