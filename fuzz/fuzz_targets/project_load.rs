//! The project loader: the bytes of a `.techfile.json` through
//! `store::from_bytes` (what `store::load` does after reading the file),
//! then what every command does with a loaded project: `check`, the parts'
//! views, and saving it: the saved text must load again into the same model.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use techfile::{check, parts, store};

fuzz_target!(|data: &[u8]| {
    let file = Path::new("fuzz.techfile.json");
    let Ok(tf) = store::from_bytes(data, file) else {
        return;
    };
    let _ = check::check(&tf);
    for part in parts::PARTS {
        let _ = (part.view)(&tf);
    }
    let text = store::to_string(&tf).expect("a loaded project serialises");
    match store::from_str(&text, file) {
        Ok(again) => assert!(again == tf, "saving and loading changed the project"),
        Err(e) => panic!("a loaded project, saved, does not load again: {e}"),
    }
});
