//! SBOM profiles: requirements beyond the NTIA minimum elements, applied to
//! one document and its components (by `inspect --profile`) or to every
//! imported document and component of a project that enables the profile
//! (`sbom.profiles`). One profile today, BSI TR-03183-2 v2.1 (2025-08-20):
//! §4 format, §5.2.1 SBOM fields, §5.2.2 component fields, and no
//! vulnerability information inside the SBOM.

use super::model::{Component, SbomDocument, SbomProfile};
use super::rules;
use crate::diag::{Finding, Rule};

/// Parses a profile name as the CLI and the project file spell it.
pub fn parse(name: &str) -> Option<SbomProfile> {
    SbomProfile::ALL.into_iter().find(|p| p.as_str() == name)
}

/// Findings of `profile` for one document (at model path `path`).
pub fn check_document(profile: SbomProfile, d: &SbomDocument, path: &str, out: &mut Vec<Finding>) {
    match profile {
        SbomProfile::BsiTr031832 => bsi_document(d, path, out),
    }
}

/// Findings of `profile` for one component (at model path `path`).
pub fn check_component(profile: SbomProfile, c: &Component, path: &str, out: &mut Vec<Finding>) {
    match profile {
        SbomProfile::BsiTr031832 => bsi_component(c, path, out),
    }
}

const BSI: &str = "BSI TR-03183-2";

/// `1.6` -> [1, 6]; `SPDX-3.0.1` -> [3, 0, 1]; non-digits end a part.
fn version_parts(v: &str) -> Vec<u32> {
    let v = v.trim_start_matches("SPDX-");
    v.split('.')
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

fn at_least(v: &str, min: &[u32]) -> bool {
    let mut have = version_parts(v);
    have.resize(min.len().max(have.len()), 0);
    have.as_slice() >= min
}

fn is_contact(x: &str) -> bool {
    let x = x.trim();
    let email = x
        .strip_prefix("mailto:")
        .unwrap_or(x)
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.contains(' '));
    email || x.contains("://")
}

fn bsi_document(d: &SbomDocument, p: &str, out: &mut Vec<Finding>) {
    let file = &d.file_name;
    let ok_format = match d.format.as_str() {
        "cyclonedx-json" | "cyclonedx-xml" => at_least(&d.spec_version, &[1, 6]),
        "spdx3-jsonld" => at_least(&d.spec_version, &[3, 0, 1]),
        _ => false,
    };
    if !ok_format {
        out.push(Finding::of(
            &rules::BSI_FORMAT,
            format!("{p}.spec_version"),
            format!(
                "{file}: {BSI} requires CycloneDX 1.6 or later or SPDX 3.0.1 or later; this SBOM is {} {}",
                d.format, d.spec_version
            ),
        ));
    }
    let missing = |rule: &'static Rule, field: &str, what: &str, out: &mut Vec<Finding>| {
        out.push(Finding::of(
            rule,
            format!("{p}.{field}"),
            format!("{file}: {BSI} SBOM field missing: {what}"),
        ));
    };
    if !d.creator_contacts.iter().any(|c| is_contact(c)) {
        missing(
            &rules::BSI_CREATOR,
            "creator_contacts",
            "creator of the SBOM as an email address or URL (CycloneDX metadata.manufacturer url/contact email or metadata.authors email; SPDX 3 CreationInfo.createdBy)",
            out,
        );
    }
    if d.timestamp.is_empty() {
        missing(&rules::BSI_TIMESTAMP, "timestamp", "timestamp", out);
    }
    if d.serial.is_empty() {
        missing(
            &rules::BSI_SBOM_URI,
            "serial",
            "SBOM-URI (CycloneDX serialNumber, SPDX 3 SpdxDocument spdxId)",
            out,
        );
    }
    if d.vulnerability_count > 0 {
        out.push(Finding::of(
            &rules::BSI_VULNERABILITIES,
            format!("{p}.vulnerability_count"),
            format!(
                "{file}: carries {} vulnerabilities; under {BSI} an SBOM holds no vulnerability information (put it in a separate VEX or CSAF document)",
                d.vulnerability_count
            ),
        ));
    }
}

fn is_sha512(alg: &str, value: &str) -> bool {
    matches!(alg.to_ascii_uppercase().as_str(), "SHA-512" | "SHA512")
        && value.len() == 128
        && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn bsi_component(c: &Component, p: &str, out: &mut Vec<Finding>) {
    let label = match (c.name.is_empty(), c.version.is_empty()) {
        (true, _) => format!("`{}`", c.id),
        (false, true) => c.name.clone(),
        (false, false) => format!("{} {}", c.name, c.version),
    };
    let mut missing = |rule: &'static Rule, field: &str, what: &str| {
        out.push(Finding::of(
            rule,
            format!("{p}.{field}"),
            format!("{label}: {BSI} component field missing: {what}"),
        ));
    };
    if c.supplier.is_empty() && c.author.is_empty() {
        missing(
            &rules::BSI_COMPONENT_CREATOR,
            "supplier",
            "creator of the component (supplier, manufacturer or author)",
        );
    }
    if c.name.is_empty() {
        missing(&rules::BSI_NAME, "name", "component name");
    }
    if c.version.is_empty() {
        missing(&rules::BSI_VERSION, "version", "component version");
    }
    if c.file_name.is_empty() {
        missing(
            &rules::BSI_FILE_NAME,
            "file_name",
            "file name of the component (CycloneDX property `bsi:component:filename`, SPDX `packageFileName`)",
        );
    }
    if !c.dependencies_stated {
        missing(
            &rules::BSI_DEPENDENCIES,
            "depends_on",
            "enumerated dependencies (a CycloneDX `dependencies` entry for the component, even an empty one)",
        );
    }
    if c.licenses.is_empty() {
        missing(
            &rules::BSI_LICENCES,
            "licenses",
            "distribution licences (SPDX ids or expression)",
        );
    }
    if !c.hashes.iter().any(|h| is_sha512(&h.alg, &h.value)) {
        missing(
            &rules::BSI_HASH,
            "hashes",
            "SHA-512 hash of the deployable component",
        );
    }
    if c.purl.is_empty() && c.cpe.is_empty() && c.swid.is_empty() {
        missing(
            &rules::BSI_IDENTIFIER,
            "purl",
            "a unique identifier (purl, CPE or SWID)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_contacts() {
        assert!(at_least("1.6", &[1, 6]));
        assert!(at_least("1.7", &[1, 6]));
        assert!(!at_least("1.5", &[1, 6]));
        assert!(at_least("SPDX-3.0.1", &[3, 0, 1]));
        assert!(!at_least("SPDX-3.0", &[3, 0, 1]));
        assert!(!at_least("SPDX-2.3", &[3, 0, 1]));
        assert!(is_contact("sbom@example.org"));
        assert!(is_contact("https://example.org"));
        assert!(!is_contact("Example Ltd"));
    }
}
