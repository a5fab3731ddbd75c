//! The `TechFile` model, schema version 2: the one source of truth that every
//! importer writes into and every renderer reads from. It owns the types and
//! their serde/JSON Schema shape; it does not load, check or render (see
//! `store`, `check`, `render`).
//!
//! Conventions: every struct rejects unknown fields (a typo in a project file
//! is an error with its location, never silently dropped); optional text is an
//! empty string rather than `null` so forms and templates need no null checks;
//! collections are `Vec` (order is the writer's) or `BTreeMap` (stable order).

/// Declares an enum stored as a keyword: each variant with the string it is
/// written as in the project file (serde), `ALL` in declaration order and
/// `as_str` giving that string, from one list, so the three cannot disagree.
macro_rules! keyword_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema, ts_rs::TS,
        )]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($s),+].len()] = [$($name::$v),+];

            /// The keyword as the project file stores it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $s,)+
                }
            }
        }
    };
}
pub(crate) use keyword_enum;

pub mod clauses;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod ai;
pub mod applicability;
pub mod gspr;
pub mod risk;
pub mod sbom;
pub mod standards;

pub use ai::AiPart;
pub use applicability::Applicability;
pub use gspr::GsprPart;
pub use risk::RiskPart;
pub use sbom::SbomPart;
pub use standards::StandardsPart;

/// The schema version this build writes. It also reads version 1, which
/// `store::migrate` lifts into this one without loss.
pub const SCHEMA_VERSION: u32 = 2;

/// One technical file: the MDR/IVDR Annex II/III documentation of one device
/// and, for an AI device, its AI Act Annex IV documentation (Art. 11(2)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct TechFile {
    /// Version of this file's schema: 2 (a version 1 file is migrated on load).
    pub schema_version: u32,
    /// Document control: identity, revisions, approvals.
    pub document: DocumentControl,
    /// Which acts apply and why (MDR or IVDR, the AI Act classification, the
    /// non-device products the CRA covers).
    #[serde(default)]
    pub applicability: Applicability,
    /// The device: MDR Annex II section 1.
    pub device: Device,
    /// Software items (IEC 62304 §5.3) to which SBOMs attach.
    #[serde(default)]
    pub software_items: Vec<SoftwareItem>,
    /// Narrative chapters in Markdown, each keyed to the clauses it answers.
    #[serde(default)]
    pub chapters: Vec<Chapter>,
    /// The document register: every document the file cites (plans, test
    /// reports, the clinical evaluation report, ...), by id and version.
    /// Schema version 1 called it `evidence`.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// SBOM, SOUP and vulnerability part: evidence for MDR Annex I §17.2,
    /// §17.4 and §18.8 (MDCG 2019-16, IEC 81001-5-1) and the IEC 62304 SOUP list.
    #[serde(default)]
    pub sbom: SbomPart,
    /// ISO 14971 risk management part (also AI Act Art. 9; security risks per
    /// IEC 81001-5-1 and MDCG 2019-16).
    #[serde(default)]
    pub risk: RiskPart,
    /// AI systems part (AI Act Annex IV, Art. 13).
    #[serde(default)]
    pub ai: AiPart,
    /// The GSPR matrix (MDR Annex II 4): every Annex I requirement, how it
    /// is met and the evidence.
    #[serde(default)]
    pub gspr: GsprPart,
    /// The standards register (MDR Annex II 4(c), AI Act Annex IV 7).
    #[serde(default)]
    pub standards: StandardsPart,
    /// The EU declaration of conformity: what the model does not already
    /// hold (place, date, signatory); one declaration for every act that
    /// applies (MDR Art. 19(3), AI Act Art. 47(3)).
    #[serde(default)]
    pub declaration: Declaration,
}

/// What the EU declaration of conformity needs beyond the device, the
/// applicability and the standards register (MDR Annex IV 9-10, AI Act
/// Annex V 7-8).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Declaration {
    /// The declaration's own number or id, e.g. `DoC-CSA-003`.
    pub number: String,
    /// Place of issue.
    pub place: String,
    /// Date of issue (ISO 8601 `YYYY-MM-DD`).
    pub date: String,
    /// Name of the signatory.
    pub signatory: String,
    /// Function of the signatory.
    pub function: String,
    /// For and on behalf of whom the signatory signs (default: the manufacturer).
    pub on_behalf_of: String,
    /// Certificates issued by the notified body (MDR Annex IV 9).
    pub certificates: Vec<String>,
    /// Whether the AI system processes personal data (AI Act Annex V 5:
    /// then the declaration states compliance with Regulation (EU)
    /// 2016/679 and 2018/1725 and Directive (EU) 2016/680).
    pub personal_data: bool,
    /// Additional information (MDR Annex IV 10), if any.
    pub additional_information: String,
}

/// Document control of the technical file itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct DocumentControl {
    /// The manufacturer's document number, e.g. `TF-ECG-001`.
    pub document_id: String,
    /// Title of the technical file.
    pub title: String,
    /// Version of this document, e.g. `2.1`.
    pub version: String,
    /// Date of this version (ISO 8601 `YYYY-MM-DD`). Exports take their date
    /// from here, never from the clock.
    pub date: String,
    /// Release status of this version, e.g. `Released`, `Draft`, `In review`
    /// (shown on the cover).
    pub status: String,
    /// Confidentiality marking, e.g. `Confidential — for the notified body`
    /// (shown on the cover).
    pub confidentiality: String,
    /// Revision history, oldest first.
    pub revisions: Vec<Revision>,
    /// Approvals (signatures) of this version.
    pub approvals: Vec<Approval>,
    /// The pattern (a regular expression) of the document ids the file's
    /// text cites; each one found must be in the document register. Empty:
    /// the default, ids like `STR-CSA-008` (`core::register::DEFAULT_ID_PATTERN`).
    pub document_id_pattern: String,
}

/// One entry of the revision history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Revision {
    pub version: String,
    /// ISO 8601 date.
    pub date: String,
    pub author: String,
    pub description: String,
}

/// One approval of this version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Approval {
    pub name: String,
    pub role: String,
    /// ISO 8601 date.
    pub date: String,
    /// What the signature means, e.g. "Reviewed and approved for release".
    pub meaning: String,
    /// The subject of the certificate this approver signs the submission
    /// package with (`techfile package --sign`), e.g. `CN=Jane Doe,O=Acme`.
    pub certificate_subject: String,
    /// That certificate's SHA-256 fingerprint (hex; colons allowed):
    /// `techfile verify` refuses a package signed by another certificate
    /// when any approval records one.
    pub certificate_sha256: String,
}

/// The device, MDR Annex II section 1.1 (device description and specification).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Device {
    /// MDR Annex II 1.1(a): product or trade name.
    pub trade_name: String,
    /// MDR Annex II 1.1(a): general description.
    pub description: String,
    pub manufacturer: Manufacturer,
    /// MDR Annex II 1.1(b): Basic UDI-DI (Art. 27, Annex VI Part C).
    pub basic_udi_di: String,
    /// UDI-DIs of the device's variants (GS1 GTIN-14, HIBCC or ICCBBA).
    pub udi_dis: Vec<String>,
    /// MDR Art. 51 / Annex VIII class; IVDR Art. 47 / Annex VIII classes A-D.
    pub risk_class: Option<RiskClass>,
    /// MDR Annex II 1.1(f): the Annex VIII classification rule applied, e.g. `Rule 11`.
    pub classification_rule: String,
    /// MDR Annex II 1.1(c): intended purpose (Art. 2(12)).
    pub intended_purpose: String,
    /// MDR Annex II 1.1(c): intended users.
    pub intended_users: String,
    /// MDR Annex II 1.1(c): intended patient population.
    pub patient_population: String,
    /// MDR Annex II 1.1(c): indications.
    pub indications: Vec<String>,
    /// MDR Annex II 1.1(c): contraindications.
    pub contraindications: Vec<String>,
    /// MDR Annex II 1.1(c): warnings.
    pub warnings: Vec<String>,
    /// MDR Annex II 1.1(d): principle of operation and mode of action.
    pub principle_of_operation: String,
    /// MDR Annex II 1.1(e): rationale for qualification as a device.
    pub qualification_rationale: String,
    /// MDR Annex II 1.1(g): novel features.
    pub novel_features: String,
    /// MDR Annex II 1.1(i): variants and configurations.
    pub variants: Vec<Variant>,
    /// MDR Annex II 1.1(h): accessories.
    pub accessories: Vec<String>,
    /// MDR Annex II 1.1(j): key functional elements, software included.
    pub key_functional_elements: String,
    /// MDR Annex II 1.2: previous and similar generations.
    pub previous_generations: String,
    /// Four-digit notified body number (NANDO).
    pub notified_body: String,
    /// The notified body's name, as the certificate and the EU declaration
    /// of conformity give it (MDR Annex IV 9).
    pub notified_body_name: String,
    /// The software release this file documents, e.g. `3.2.1` (MDR Annex II
    /// 1.1(a), Annex VI Part C 6.5): text naming another version of the
    /// device is a finding.
    pub version: String,
    /// Conformity assessment route (MDR Art. 52).
    pub conformity_route: Option<ConformityRoute>,
    /// European Medical Device Nomenclature code, e.g. `Z12040192`.
    pub emdn_code: String,
}

/// The legal manufacturer (MDR Art. 10, Art. 31).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Manufacturer {
    pub name: String,
    /// Postal address, lines separated by newlines.
    pub address: String,
    /// Country, ISO 3166-1 alpha-2.
    pub country: String,
    /// Single Registration Number, form `CC-MF-000000000` (MDR Art. 31).
    pub srn: String,
    pub email: String,
}

/// A variant or configuration of the device (MDR Annex II 1.1(i)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Variant {
    pub name: String,
    pub description: String,
    /// UDI-DI of this variant, if it has its own.
    pub udi_di: String,
}

crate::model::keyword_enum! {
    /// Risk class: MDR Annex VIII (I, Is, Im, Ir, IIa, IIb, III) or IVDR (A-D).
    pub enum RiskClass {
        I = "I",
        Is = "Is",
        Im = "Im",
        Ir = "Ir",
        IIa = "IIa",
        IIb = "IIb",
        III = "III",
        A = "A",
        B = "B",
        C = "C",
        D = "D",
    }
}

impl RiskClass {
    /// IVDR classes A-D rather than MDR classes.
    pub fn is_ivdr(self) -> bool {
        matches!(
            self,
            RiskClass::A | RiskClass::B | RiskClass::C | RiskClass::D
        )
    }

    /// Whether a notified body takes part in conformity assessment.
    pub fn needs_notified_body(self) -> bool {
        !matches!(self, RiskClass::I | RiskClass::A)
    }
}

/// Conformity assessment route (MDR Art. 52, IVDR Art. 48).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ConformityRoute {
    /// Annex II + III technical documentation and EU declaration only (class I, class A non-sterile).
    SelfDeclaration,
    /// Annex IX: quality management system and assessment of technical documentation.
    AnnexIx,
    /// Annex X type examination with Annex XI production quality assurance.
    AnnexXXi,
    /// Annex II/III documentation with Annex XI (Part A production quality assurance), for class IIa / Is / Im / Ir.
    AnnexXiPartA,
}

impl ConformityRoute {
    pub fn as_str(self) -> &'static str {
        match self {
            ConformityRoute::SelfDeclaration => "Self-declaration (Annex II and III)",
            ConformityRoute::AnnexIx => "Annex IX (QMS and technical documentation assessment)",
            ConformityRoute::AnnexXXi => "Annex X type examination with Annex XI",
            ConformityRoute::AnnexXiPartA => "Annex II/III with Annex XI Part A",
        }
    }

    /// Whether MDR Art. 52 / IVDR Art. 48 allows this route for `class`.
    pub fn fits(self, class: RiskClass) -> bool {
        use ConformityRoute::*;
        use RiskClass::*;
        match class {
            I | A => matches!(self, SelfDeclaration),
            Is | Im | Ir => matches!(self, AnnexIx | AnnexXiPartA),
            IIa => matches!(self, AnnexIx | AnnexXiPartA),
            IIb | III | B | C | D => matches!(self, AnnexIx | AnnexXXi),
        }
    }
}

/// A software item (IEC 62304 §5.3) to which SBOMs attach.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct SoftwareItem {
    /// Unique name; SBOMs, risks and AI systems refer to items by it.
    pub name: String,
    pub version: String,
    /// IEC 62304 §4.3 software safety class.
    pub safety_class: Option<SafetyClass>,
    /// Why the class may be lower than the severities of the hazards the
    /// item contributes to call for: the risk control measures external to
    /// the software (IEC 62304 §4.3 a), Amendment 1).
    pub safety_class_rationale: String,
    pub description: String,
}

crate::model::keyword_enum! {
    /// IEC 62304 §4.3 software safety classification.
    pub enum SafetyClass {
        A = "A",
        B = "B",
        C = "C",
    }
}

/// A narrative chapter in Markdown, keyed to the clauses it answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Chapter {
    /// Stable id, unique in the file, e.g. `design-and-manufacturing`.
    pub id: String,
    pub title: String,
    /// Clause ids from `model::clauses`, e.g. `MDR-II-3`, `AIA-IV-2` (`CRA-VII-2`
    /// only for a non-device product of `applicability.cra_products`).
    pub clauses: Vec<String>,
    /// The chapter text in Markdown (GFM tables, footnotes, task lists).
    pub body: String,
}

/// One entry of the document register: a controlled document kept outside
/// the technical file and cited from it (MDR Annex II asks for the file to be
/// readily searchable and unambiguous, so each citation is an id and version
/// that resolves here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields, default)]
pub struct Document {
    /// The document's own id, e.g. `VVR-ECG-014`; unique in the file.
    pub document_id: String,
    pub title: String,
    pub version: String,
    /// Date of that version (ISO 8601 `YYYY-MM-DD`).
    pub date: String,
    /// Where the document stands in document control.
    pub status: Option<DocumentStatus>,
    /// The file, as a path relative to the project file (schema version 1:
    /// `file_name`).
    pub file: String,
    /// SHA-256 of the file, 64 lowercase hex digits.
    pub sha256: String,
    /// The software version the document covers (a test report's build, say).
    pub software_version: String,
}

crate::model::keyword_enum! {
    /// The state of a controlled document (ISO 13485 §4.2.4).
    pub enum DocumentStatus {
        Draft = "draft",
        InReview = "in-review",
        Approved = "approved",
        Obsolete = "obsolete",
    }
}

impl TechFile {
    /// An empty file of the current schema version, as `techfile new` writes it.
    pub fn empty() -> Self {
        TechFile {
            schema_version: SCHEMA_VERSION,
            document: DocumentControl {
                title: "Technical documentation".into(),
                version: "0.1".into(),
                ..Default::default()
            },
            applicability: Applicability::default(),
            device: Device::default(),
            software_items: Vec::new(),
            chapters: Vec::new(),
            documents: Vec::new(),
            sbom: SbomPart::default(),
            risk: RiskPart::default(),
            ai: AiPart::default(),
            gspr: GsprPart::default(),
            standards: StandardsPart::default(),
            declaration: Declaration::default(),
        }
    }

    /// The JSON Schema of the project file, as committed in `schema/techfile.schema.json`.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(TechFile);
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Whether the device declares no AI system (then AI Act clauses need no chapter).
    pub fn ai_is_empty(&self) -> bool {
        self.ai == AiPart::default()
    }

    pub fn software_item(&self, name: &str) -> Option<&SoftwareItem> {
        self.software_items.iter().find(|i| i.name == name)
    }
}
