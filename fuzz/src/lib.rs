//! What the fuzz targets share: the project an import goes into, and the
//! properties every import must keep besides "no panic" (the project it
//! leaves checks, serialises and loads again: an import must never write a
//! project the loader refuses). Errors from the input are fine; a panic, an
//! abort, a timeout or running out of memory is a finding.

use std::path::Path;
use std::sync::OnceLock;

use techfile::model::TechFile;
use techfile::{check, parts, store};

/// The bundled example project, parsed once (a clone per call).
pub fn example() -> TechFile {
    static EXAMPLE: OnceLock<TechFile> = OnceLock::new();
    EXAMPLE
        .get_or_init(|| techfile::example::example().expect("the embedded example parses"))
        .clone()
}

/// The project imports merge into: the example, cut down so a run costs
/// milliseconds rather than tens of them (check, views and the reload are
/// linear in the project). It keeps every software item with its first
/// component, the components the example's VEX assessments name, the SBOM
/// documents, four risk entries with the risk plan, and the AI systems: an
/// import still meets existing items, purls, risk ids and AI systems.
pub fn base() -> TechFile {
    static BASE: OnceLock<TechFile> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut tf = example();
        let assessed: std::collections::BTreeSet<String> = tf
            .sbom
            .vulnerabilities
            .iter()
            .flat_map(|v| v.affects.iter().map(|a| a.component.clone()))
            .collect();
        let mut items_seen = std::collections::BTreeSet::new();
        tf.sbom.components.retain(|c| {
            let first_of_item = c.items.iter().any(|i| items_seen.insert(i.clone()));
            first_of_item || assessed.contains(&c.id) || assessed.contains(&c.purl)
        });
        tf.risk.entries.truncate(4);
        tf
    })
    .clone()
}

/// The mapping files shipped in `examples/mappings/`, parsed once, plus the
/// default (canonical headers): the risk targets read each input with each.
pub fn risk_mappings() -> &'static [techfile::risk::mapping::Mapping] {
    static MAPPINGS: OnceLock<Vec<techfile::risk::mapping::Mapping>> = OnceLock::new();
    MAPPINGS.get_or_init(|| {
        use techfile::risk::mapping::Mapping;
        let parse = |text: &str, name: &str| {
            Mapping::parse(text, Path::new(name)).expect("the shipped mapping parses")
        };
        vec![
            Mapping::default(),
            parse(
                include_str!("../../examples/mappings/opensamd-fmea.toml"),
                "opensamd-fmea.toml",
            ),
            parse(
                include_str!("../../examples/mappings/openventilator-fmea.toml"),
                "openventilator-fmea.toml",
            ),
        ]
    })
}

/// What must hold after any import into `tf`: the check runs, so does the
/// view of the part the import wrote (`part`, its name in `parts::PARTS`),
/// and the project saves as text that loads again (what `store::save`
/// writes, `store::load` must read).
pub fn after_import(tf: &TechFile, part: &str) {
    let _ = check::check(tf);
    for p in parts::PARTS.iter().filter(|p| p.name == part) {
        let _ = (p.view)(tf);
    }
    let text = store::to_string(tf).expect("an imported project serialises");
    if let Err(e) = store::from_str(&text, Path::new("fuzz.techfile.json")) {
        panic!("an imported project does not load again: {e}");
    }
}

/// One SBOM through the path of `techfile import sbom`: parse (format
/// detected from the content), attach to the example project, check, reload.
pub fn sbom(data: &[u8], file: &str) {
    let Ok(parsed) = techfile::sbom::import::parse(data, file) else {
        return;
    };
    let mut tf = base();
    let _report = techfile::sbom::merge::apply(&mut tf, vec![parsed], None);
    after_import(&tf, "sbom");
}

/// One VEX document through the path of `techfile import vex`.
pub fn vex(data: &[u8], file: &str) {
    let Ok((vulns, mut warnings)) = techfile::sbom::import::parse_vex(data, file) else {
        return;
    };
    let mut tf = base();
    techfile::sbom::merge::merge_vulnerabilities(&mut tf, vulns, &mut warnings);
    after_import(&tf, "sbom");
}

/// One risk table through the path of `techfile import risks`, read with
/// each shipped mapping (and none); the file name's extension picks CSV or
/// workbook as it does for the CLI.
pub fn risk(data: &[u8], file: &str) {
    for mapping in risk_mappings() {
        let mut tf = base();
        let Ok(imported) =
            techfile::risk::import::read_table(data, Path::new(file), mapping, &tf.risk.plan)
        else {
            continue;
        };
        let _report = techfile::risk::import::merge(&mut tf, imported);
        after_import(&tf, "risk");
    }
}

/// One model card through the path of `techfile import model-card` (content
/// in memory, no sidecar files); `file`'s extension matters only for
/// Markdown (a README without front matter).
pub fn model_card(data: &[u8], file: &str) {
    let mut tf = base();
    if techfile::ai::import_model_card_bytes(&mut tf, Path::new(file), data).is_ok() {
        after_import(&tf, "ai");
    }
}
