//! MONAI bundle model card: `techfile import model-card configs/metadata.json`
//! with the bundle's sidecar files. The input is `metadata.json`, then
//! optionally a NUL byte and `docs/README.md`, then optionally a NUL byte and
//! `docs/data_license.txt` (scripts/fuzz.sh builds the seeds so from the
//! shared corpus's bundles). ai::import::parse, apply, check, reload.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let meta = parts.next().unwrap_or_default();
    let readme = parts.next().map(|b| String::from_utf8_lossy(b).into_owned());
    let license = parts.next().map(|b| String::from_utf8_lossy(b).into_owned());
    let file = Path::new("bundle/configs/metadata.json");
    let sidecar = |rel: &str| -> Option<(PathBuf, String)> {
        let text = match rel {
            "docs/README.md" => readme.clone(),
            "docs/data_license.txt" => license.clone(),
            _ => None,
        }?;
        Some((Path::new("bundle").join(rel), text))
    };
    let Ok(card) = techfile::ai::import::parse(file, meta, &sidecar) else {
        return;
    };
    let mut tf = techfile_fuzz::base();
    let _report = techfile::ai::import::apply(&mut tf, card);
    techfile_fuzz::after_import(&tf, "ai");
});
