//! Model types of the sbom part: the device's software inventory merged from
//! every imported SBOM (CycloneDX, SPDX), the IEC 62304 SOUP documentation per
//! component, and the vulnerabilities with their VEX assessment. Version-free:
//! importers convert each format's wire shape into these types. It does not
//! parse (see `import`) nor check (see `check`).
//!
//! Unknown values from a source (a component type CycloneDX 1.8 may add, a
//! hash algorithm, a VEX state) are kept as strings, never dropped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// SBOM, SOUP and vulnerability part of the technical file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct SbomPart {
    /// SBOM profiles whose requirements `check` applies to every imported
    /// document and component, on top of the NTIA minimum elements (none by
    /// default): `bsi-tr-03183-2` (BSI TR-03183-2 v2.1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<SbomProfile>>", optional)]
    pub profiles: Vec<SbomProfile>,
    /// The SBOM documents imported, one or more per software item (CRA Annex
    /// VII 2(b): the SBOM; NTIA minimum elements: author and timestamp).
    pub documents: Vec<SbomDocument>,
    /// The device's component inventory, deduplicated across software items by
    /// purl, else by name and version (CRA Annex I Part II (1)). Sorted by `id`.
    pub components: Vec<Component>,
    /// Known vulnerabilities with their VEX assessment per component (CRA
    /// Annex I Part II (2); FDA premarket cybersecurity guidance). Sorted by `id`.
    pub vulnerabilities: Vec<Vulnerability>,
}

crate::model::keyword_enum! {
    /// An SBOM profile: a set of requirements beyond the NTIA minimum elements.
    pub enum SbomProfile {
        /// BSI TR-03183-2 v2.1 (2025-08-20), Part 2: SBOM.
        BsiTr031832 = "bsi-tr-03183-2",
    }
}

/// One imported SBOM file and what its header says (NTIA minimum elements
/// "author of SBOM data" and "timestamp").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct SbomDocument {
    /// The software item (IEC 62304 §5.3) this SBOM describes.
    pub item: String,
    /// `cyclonedx-json`, `cyclonedx-xml`, `spdx-json`, `spdx-tagvalue` or `spdx3-jsonld`.
    pub format: String,
    /// The specification version as the document states it, e.g. `1.6`, `SPDX-2.3`.
    pub spec_version: String,
    /// CycloneDX `serialNumber` or SPDX `documentNamespace` / document id.
    pub serial: String,
    /// NTIA: timestamp of the SBOM data (as written, ISO 8601).
    pub timestamp: String,
    /// NTIA: author(s) of the SBOM data.
    pub authors: Vec<String>,
    /// Tools that generated the SBOM.
    pub tools: Vec<String>,
    /// Name and version of the described software (CycloneDX `metadata.component`, SPDX described package).
    pub subject: String,
    /// Provenance: the file name as imported.
    pub file_name: String,
    /// Provenance: SHA-256 of the file's bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// Components the file lists (nested ones included).
    pub component_count: usize,
    /// Whether the file records dependency relationships (NTIA minimum element).
    pub has_dependencies: bool,
    /// Email addresses and URLs of the SBOM's creator (BSI TR-03183-2 §5.2.1):
    /// CycloneDX `metadata.manufacturer`/`authors`/`supplier` email, url and
    /// contacts; SPDX creators' `(email)`; SPDX 3 creators' email identifiers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub creator_contacts: Vec<String>,
    /// Vulnerabilities the SBOM file itself carried (BSI TR-03183-2: an SBOM
    /// holds none; they belong in a separate VEX/CSAF document).
    #[serde(skip_serializing_if = "is_zero")]
    #[ts(as = "Option<usize>", optional)]
    pub vulnerability_count: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One component (SOUP item when it is third-party software; IEC 62304 §3.29).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Component {
    /// Identity in the device inventory: the purl, else `name@version`
    /// (with `group/` when there is one). Dependencies refer to it.
    pub id: String,
    /// CycloneDX component type (`library`, `framework`, `machine-learning-model`, ...)
    /// or SPDX primary package purpose, lower case; unknown values are kept.
    #[serde(rename = "type")]
    pub kind: String,
    /// CycloneDX `group` (e.g. Maven groupId, npm scope).
    pub group: String,
    /// NTIA: component name; IEC 62304 §8.1.2 SOUP title.
    pub name: String,
    /// NTIA: version; IEC 62304 §8.1.2 SOUP version.
    pub version: String,
    /// NTIA: supplier; IEC 62304 §8.1.2 SOUP manufacturer.
    pub supplier: String,
    /// Author or originator of the component.
    pub author: String,
    pub description: String,
    /// NTIA unique identifier: Package URL.
    pub purl: String,
    /// NTIA unique identifier: CPE 2.2 or 2.3.
    pub cpe: String,
    /// NTIA unique identifier: SWID tag id.
    pub swid: String,
    /// Cryptographic hashes of the component.
    pub hashes: Vec<Hash>,
    /// Licences as SPDX expressions (or licence names where the source gives no id).
    pub licenses: Vec<String>,
    /// CycloneDX scope: `required`, `optional`, `excluded` (empty: not stated).
    pub scope: String,
    /// `id` of the enclosing component for nested CycloneDX components.
    pub parent: String,
    /// The component's actual file name, without a path (BSI TR-03183-2
    /// §5.2.2): CycloneDX property `bsi:component:filename`, SPDX 2
    /// `packageFileName`, as written.
    #[serde(skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub file_name: String,
    /// Whether the source enumerates this component's dependencies, even as
    /// none (a CycloneDX `dependencies` entry for it; an SPDX dependency
    /// relationship from it) (BSI TR-03183-2 §5.2.2).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub dependencies_stated: bool,
    /// NTIA dependency relationship: `id`s of the components this one depends on.
    /// A reference the source could not resolve is kept as written.
    pub depends_on: Vec<String>,
    /// The software items whose SBOMs list this component.
    pub items: Vec<String>,
    /// The reference the source used for it (CycloneDX `bom-ref`, SPDX `SPDXID`);
    /// separate VEX documents point at components by it.
    pub source_ref: String,
    /// IEC 62304 SOUP documentation, kept across re-imports.
    pub soup: Soup,
}

/// A hash of a component.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS,
)]
#[serde(deny_unknown_fields, default)]
pub struct Hash {
    /// Algorithm as CycloneDX names it: `SHA-256`, `SHA-1`, `MD5`, `BLAKE3`, ...
    pub alg: String,
    /// Lowercase hex digest.
    pub value: String,
}

/// IEC 62304 SOUP documentation and FDA support information of a component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Soup {
    /// IEC 62304 §5.3.3: functional and performance requirements of the SOUP item.
    pub requirements: String,
    /// IEC 62304 §5.3.4: system hardware and software the SOUP item requires.
    pub required_hw_sw: String,
    /// IEC 62304 §7.1.2: hazardous situations a failure of the SOUP item may contribute to.
    pub hazardous_situations: String,
    /// IEC 62304 §7.1.3: date the published anomaly list was last reviewed (ISO 8601).
    pub anomaly_review_date: String,
    /// IEC 62304 §7.1.3: result of that review.
    pub anomaly_review_result: String,
    /// FDA premarket cybersecurity: level of support (e.g. `actively maintained`, `no longer maintained`, `abandoned`).
    pub support_level: String,
    /// FDA premarket cybersecurity: end-of-support date (ISO 8601).
    pub end_of_support: String,
}

/// One vulnerability and its assessment per affected component (VEX).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Vulnerability {
    /// CVE, GHSA, OSV or vendor id.
    pub id: String,
    /// Where it is published (e.g. `NVD`, `GitHub`).
    pub source: String,
    pub description: String,
    /// Severity ratings (CVSS and others).
    pub ratings: Vec<Rating>,
    /// The components it concerns and the VEX status of each.
    pub affects: Vec<Assessment>,
}

/// A severity rating of a vulnerability.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Rating {
    /// Who rated it, e.g. `NVD`.
    pub source: String,
    /// Numeric score, e.g. CVSS base score.
    pub score: Option<f64>,
    /// `critical`, `high`, `medium`, `low`, `info`, `none`, `unknown`.
    pub severity: String,
    /// `CVSSv31`, `CVSSv4`, `OWASP`, ... as written.
    pub method: String,
    pub vector: String,
}

/// The VEX assessment of a vulnerability for one component (CISA VEX minimum
/// requirements; CycloneDX `analysis`; OpenVEX statement).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Assessment {
    /// `id` of the component (or the reference as written when it matched none).
    pub component: String,
    /// `not_affected`, `affected`, `fixed`, `under_investigation`; empty: not assessed.
    pub status: String,
    /// For `not_affected`: why (OpenVEX / CycloneDX justification, as written).
    pub justification: String,
    /// For `affected`: the action or response (update, workaround, ...).
    pub action: String,
    /// Free-text detail or impact statement.
    pub detail: String,
    /// The state as the source wrote it (CycloneDX `analysis.state`, OpenVEX `status`).
    pub source_state: String,
    /// The file the assessment came from.
    pub origin: String,
}

impl SbomPart {
    /// The component with this `id`.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.components.get(i))
            .or_else(|| self.components.iter().find(|c| c.id == id))
    }
}
