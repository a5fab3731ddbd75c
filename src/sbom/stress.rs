//! The stress SBOM (`gen-stress sbom`, the desktop's import progress
//! tests): a deterministic CycloneDX 1.6 JSON SBOM of any number of
//! components, like `pdf::stress` for the PDF engine.

/// A CycloneDX 1.6 JSON SBOM of `count` components described as `item`:
/// each with a purl, a supplier, a licence and a SHA-256, and depending on
/// the one before it (so references are resolved too).
pub fn stress_sbom(count: usize, item: &str) -> String {
    use serde_json::{json, Value};
    const LICENCES: [&str; 5] = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "MPL-2.0"];
    const ECOSYSTEMS: [&str; 4] = ["npm", "pypi", "cargo", "maven"];
    let mut components = Vec::with_capacity(count);
    let mut dependencies = Vec::with_capacity(count + 1);
    for k in 0..count {
        let eco = ECOSYSTEMS[k % ECOSYSTEMS.len()];
        let name = format!("stress-lib-{k:05}");
        let version = format!("{}.{}.{}", 1 + k % 9, k % 50, k % 7);
        let purl = if eco == "maven" {
            format!("pkg:maven/org.stress/{name}@{version}")
        } else {
            format!("pkg:{eco}/{name}@{version}")
        };
        let hash = crate::util::sha256_hex(purl.as_bytes());
        components.push(json!({
            "type": "library",
            "bom-ref": purl,
            "supplier": {"name": format!("Stress Supplier {}", k % 40)},
            "name": name,
            "version": version,
            "description": format!("Generated component {k} of the stress SBOM"),
            "purl": purl,
            "licenses": [{"license": {"id": LICENCES[k % LICENCES.len()]}}],
            "hashes": [{"alg": "SHA-256", "content": hash}],
        }));
        let depends: Vec<Value> = if k == 0 {
            Vec::new()
        } else {
            vec![components[k - 1]["bom-ref"].clone()]
        };
        dependencies.push(json!({"ref": purl, "dependsOn": depends}));
    }
    let root_ref = format!("pkg:generic/{item}@1.0.0");
    dependencies.push(json!({
        "ref": root_ref,
        "dependsOn": components.last().map(|c| vec![c["bom-ref"].clone()]).unwrap_or_default(),
    }));
    let bom = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2026-01-15T00:00:00Z",
            "authors": [{"name": "Techfile stress generator"}],
            "tools": {"components": [{"type": "application", "name": "gen-stress"}]},
            "supplier": {"name": "Techfile stress"},
            "component": {"type": "application", "bom-ref": root_ref, "name": item, "version": "1.0.0"},
        },
        "components": components,
        "dependencies": dependencies,
    });
    // A `Value` of strings and arrays always serialises.
    serde_json::to_string_pretty(&bom).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stress_sbom_imports_with_all_its_components_and_no_warnings() {
        let text = super::stress_sbom(250, "svc");
        let p = crate::sbom::import::parse(text.as_bytes(), "stress.cdx.json").expect("parses");
        assert_eq!(p.components.len(), 250);
        assert_eq!(p.root.as_ref().map(|r| r.name.as_str()), Some("svc"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(super::stress_sbom(250, "svc"), text, "deterministic");
    }
}
