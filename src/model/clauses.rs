//! The catalogue of clause ids that chapters, findings and checklists cite
//! (`MDR-II-1.1`, `AIA-IV-2`, `CRA-VII-2`, ...), following the legal texts'
//! numbering as summarised in shared/DOMAIN.md. It owns ids and titles only.

/// One citable clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clause {
    pub id: &'static str,
    pub title: &'static str,
    /// Whether every technical file must answer it (else: where applicable).
    pub required: bool,
}

const fn c(id: &'static str, title: &'static str, required: bool) -> Clause {
    Clause {
        id,
        title,
        required,
    }
}

/// Every clause Techfile knows, in the legal texts' order.
pub const CLAUSES: &[Clause] = &[
    c(
        "MDR-I-17.2",
        "Software developed and manufactured to the state of the art (lifecycle, risk management including information security, verification and validation)",
        false,
    ),
    c(
        "MDR-I-17.4",
        "Minimum requirements on hardware, IT networks and IT security measures, including protection against unauthorised access",
        false,
    ),
    c(
        "MDR-I-18.8",
        "Protection against unauthorised access that could hamper the device from functioning as intended",
        false,
    ),
    c(
        "IVDR-I-16",
        "Electronic programmable systems and software (IVDR Annex I §16)",
        false,
    ),
    c("MDR-II-1", "Device description and specification", true),
    c(
        "MDR-II-1.1",
        "Device description and specification, including variants and accessories",
        true,
    ),
    c(
        "MDR-II-1.2",
        "Reference to previous and similar generations of the device",
        false,
    ),
    c(
        "MDR-II-2",
        "Information to be supplied by the manufacturer (labels, IFU, languages)",
        true,
    ),
    c("MDR-II-3", "Design and manufacturing information", true),
    c(
        "MDR-II-4",
        "General safety and performance requirements (Annex I)",
        true,
    ),
    c(
        "MDR-II-5",
        "Benefit-risk analysis and risk management",
        true,
    ),
    c("MDR-II-6", "Product verification and validation", true),
    c(
        "MDR-II-6.1",
        "Pre-clinical and clinical data, software verification and validation",
        true,
    ),
    c(
        "MDR-II-6.2",
        "Additional information in specific cases",
        false,
    ),
    c(
        "MDR-III",
        "Technical documentation on post-market surveillance",
        true,
    ),
    c("MDR-III-1.1", "Post-market surveillance plan", true),
    c("MDR-III-1.2", "PSUR and PMS report", false),
    c("AIA-IV-1", "General description of the AI system", true),
    c(
        "AIA-IV-2",
        "Detailed description of the elements and development process",
        true,
    ),
    c("AIA-IV-3", "Monitoring, functioning and control", true),
    c(
        "AIA-IV-4",
        "Appropriateness of the performance metrics",
        true,
    ),
    c("AIA-IV-5", "Risk management system (Art. 9)", true),
    c("AIA-IV-6", "Relevant changes over the lifecycle", true),
    c(
        "AIA-IV-7",
        "Harmonised standards or other solutions applied",
        true,
    ),
    c("AIA-IV-8", "Copy of the EU declaration of conformity", true),
    c("AIA-IV-9", "Post-market monitoring plan (Art. 72)", true),
    c(
        "AIA-13-3",
        "Transparency information for deployers (Art. 13(3))",
        true,
    ),
    c(
        "CRA-VII-1",
        "General description of the product with digital elements",
        true,
    ),
    c(
        "CRA-VII-2",
        "Design, development and vulnerability handling",
        true,
    ),
    c("CRA-VII-3", "Cybersecurity risk assessment (Annex I)", true),
    c("CRA-VII-4", "Support period rationale", true),
    c(
        "CRA-VII-5",
        "Harmonised standards and specifications applied",
        true,
    ),
    c("CRA-VII-6", "Test reports of conformity with Annex I", true),
    c("CRA-VII-7", "EU declaration of conformity", true),
    c("CRA-VII-8", "Software bill of materials", true),
];

/// The clause with this id, if Techfile knows it.
pub fn find(id: &str) -> Option<&'static Clause> {
    CLAUSES.iter().find(|c| c.id == id)
}

/// Whether `id` is a known clause id or a sub-item of one (e.g. `AIA-IV-2(d)`).
pub fn is_known(id: &str) -> bool {
    let base = id.split('(').next().unwrap_or(id);
    find(base).is_some()
}
