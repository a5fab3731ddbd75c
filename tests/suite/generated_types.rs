//! The committed TypeScript declarations of the UI (`ui/src/lib/generated/`)
//! must match the ones generated from the Rust types, as `tests/suite/schema.rs`
//! does for the JSON Schema. Regenerate them with
//! `TECHFILE_UPDATE_GENERATED=1 cargo test -p techfile --test suite generated_types`.

use std::path::Path;

#[test]
fn committed_typescript_declarations_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(techfile::ts::LIBRARY_FILE);
    if let Err(e) = techfile::ts::check_file(&path, &techfile::ts::declarations()) {
        panic!(
            "{e}: `{}=1 cargo test -p techfile --test suite generated_types`",
            techfile::ts::UPDATE_ENV
        );
    }
}
