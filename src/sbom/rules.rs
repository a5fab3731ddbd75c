//! The rules of the sbom part: id, usual severity, clause, what each checks
//! (one rule a line; `crate::rules!` makes the constants and `RULES`).

crate::rules! {
    DANGLING_DEPENDENCY = "sbom.dangling-dependency", Warning, "NTIA minimum elements (2021)", "A dependency names a component of the SBOM";
    DUPLICATE_COMPONENT = "sbom.duplicate-component", Warning, "IEC 62304 §8.1.2", "A component is listed once per software item";
    FDA_END_OF_SUPPORT = "sbom.fda-end-of-support", Warning, "FDA premarket cybersecurity guidance (2023) V.A.4.b", "Each component states its end-of-support date";
    FDA_SUPPORT_LEVEL = "sbom.fda-support-level", Warning, "FDA premarket cybersecurity guidance (2023) V.A.4.b", "Each component states its level of support";
    NTIA_AUTHOR = "sbom.ntia-author", Warning, "NTIA minimum elements (2021); MDCG 2019-16 rev. 1", "The SBOM names the author of its data";
    NTIA_DEPENDENCIES = "sbom.ntia-dependencies", Warning, "NTIA minimum elements (2021)", "The SBOM records dependency relationships";
    NTIA_IDENTIFIER = "sbom.ntia-identifier", Warning, "NTIA minimum elements (2021)", "Each component has a unique identifier (purl, CPE or SWID)";
    NTIA_SUPPLIER = "sbom.ntia-supplier", Warning, "NTIA minimum elements (2021); IEC 62304 §8.1.2", "Each component names its supplier";
    NTIA_TIMESTAMP = "sbom.ntia-timestamp", Warning, "NTIA minimum elements (2021)", "The SBOM has a timestamp";
    NTIA_VERSION = "sbom.ntia-version", Warning, "NTIA minimum elements (2021); IEC 62304 §8.1.2", "Each component has a version";
    SOUP_HW_SW = "sbom.soup-hw-sw", Error, "IEC 62304 §5.3.4", "SOUP of a class B or C item states the hardware and software it needs";
    SOUP_REQUIREMENTS = "sbom.soup-requirements", Error, "IEC 62304 §5.3.3", "SOUP of a class B or C item has functional and performance requirements";
    UNKNOWN_ITEM = "sbom.unknown-item", Error, "IEC 62304 §5.3", "An SBOM is attached to a software item that exists";
    VEX_ACTION = "sbom.vex-action", Warning, "CISA VEX minimum requirements (2023)", "An affected assessment states the action taken";
    VEX_JUSTIFICATION = "sbom.vex-justification", Warning, "CISA VEX minimum requirements (2023)", "A not_affected assessment has a justification";
    VULNERABILITY_COMPONENT = "sbom.vulnerability-component", Warning, "MDR Annex I 17.2; MDCG 2019-16 rev. 1", "A vulnerability affects a component of the SBOM";
    VULNERABILITY_UNASSESSED = "sbom.vulnerability-unassessed", Warning, "MDR Annex I 17.2, 18.8; MDCG 2019-16 rev. 1", "Each known vulnerability has a VEX assessment";
}
