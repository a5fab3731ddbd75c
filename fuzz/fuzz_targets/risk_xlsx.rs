//! Risk table, XLSX (and the workbooks calamine reads): `techfile import risks` (risk::read_table with each shipped mapping, merge, check, reload).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    techfile_fuzz::risk(data, "fuzz.xlsx");
});
