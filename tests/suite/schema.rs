//! The committed JSON Schema must match the one generated from the types.

#[test]
fn committed_schema_is_current() {
    let generated = techfile::model::TechFile::json_schema();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/techfile.schema.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/techfile.schema.json is stale; regenerate it with `cargo run -- schema -o schema/techfile.schema.json`"
    );
}
