//! The risk table layout shared by import and export: the fields a column can
//! carry, their canonical header names, and the cell conventions (lists,
//! formula-injection neutralisation). It owns names and cell text; reading
//! and writing files is `risk::import` / `risk::export`.
//!
//! Canonical layout (import, matched by header name):
//! `id,hazard,sequence_of_events,hazardous_situation,harm,severity,probability,risk_controls,residual_severity,residual_probability`
//! where `risk_controls` holds `;`-separated measures (`RC-1: text`, or an id
//! or a text alone). The full layout that export writes adds the other fields
//! and gives one row per control: a row whose `id` repeats the previous row's
//! continues that entry with one more control.

/// A column a risk table can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Id,
    Category,
    Hazard,
    SequenceOfEvents,
    HazardousSituation,
    Harm,
    Severity,
    P1,
    P2,
    Probability,
    RiskControls,
    ControlId,
    ControlType,
    ControlDescription,
    ControlImplementation,
    VerificationImplementation,
    ImplementationEvidence,
    VerificationEffectiveness,
    EffectivenessEvidence,
    /// The release that implements the control.
    ControlRelease,
    NewRisks,
    ResidualSeverity,
    ResidualProbability,
    BenefitRisk,
    SoftwareItems,
    Components,
    Vulnerabilities,
    AiSystems,
    Requirements,
    Notes,
    /// Computed by export, ignored by import.
    InitialRisk,
    /// Computed by export, ignored by import.
    ResidualRisk,
}

impl Field {
    /// Every column of the full layout, in the order export writes them;
    /// `RiskControls` is read by import only (export writes one row per
    /// control instead), the risk columns are written by export only.
    const ORDER: &'static [Field] = &[
        Field::Id,
        Field::Category,
        Field::Hazard,
        Field::SequenceOfEvents,
        Field::HazardousSituation,
        Field::Harm,
        Field::Severity,
        Field::P1,
        Field::P2,
        Field::Probability,
        Field::InitialRisk,
        Field::RiskControls,
        Field::ControlId,
        Field::ControlType,
        Field::ControlDescription,
        Field::ControlImplementation,
        Field::VerificationImplementation,
        Field::ImplementationEvidence,
        Field::VerificationEffectiveness,
        Field::EffectivenessEvidence,
        Field::ControlRelease,
        Field::NewRisks,
        Field::ResidualSeverity,
        Field::ResidualProbability,
        Field::ResidualRisk,
        Field::BenefitRisk,
        Field::SoftwareItems,
        Field::Components,
        Field::Vulnerabilities,
        Field::AiSystems,
        Field::Requirements,
        Field::Notes,
    ];

    /// Fields an import reads (everything but the computed columns).
    pub fn importable() -> impl Iterator<Item = Field> {
        Self::ORDER
            .iter()
            .copied()
            .filter(|f| !matches!(f, Field::InitialRisk | Field::ResidualRisk))
    }

    /// The columns export writes, in order (the full layout).
    pub fn export() -> impl Iterator<Item = Field> + Clone {
        Self::ORDER
            .iter()
            .copied()
            .filter(|f| *f != Field::RiskControls)
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Category => "category",
            Field::Hazard => "hazard",
            Field::SequenceOfEvents => "sequence_of_events",
            Field::HazardousSituation => "hazardous_situation",
            Field::Harm => "harm",
            Field::Severity => "severity",
            Field::P1 => "p1",
            Field::P2 => "p2",
            Field::Probability => "probability",
            Field::RiskControls => "risk_controls",
            Field::ControlId => "control_id",
            Field::ControlType => "control_type",
            Field::ControlDescription => "control_description",
            Field::ControlImplementation => "control_implementation",
            Field::VerificationImplementation => "verification_implementation",
            Field::ImplementationEvidence => "implementation_evidence",
            Field::VerificationEffectiveness => "verification_effectiveness",
            Field::EffectivenessEvidence => "effectiveness_evidence",
            Field::ControlRelease => "control_release",
            Field::NewRisks => "new_risks",
            Field::ResidualSeverity => "residual_severity",
            Field::ResidualProbability => "residual_probability",
            Field::BenefitRisk => "benefit_risk",
            Field::SoftwareItems => "software_items",
            Field::Components => "components",
            Field::Vulnerabilities => "vulnerabilities",
            Field::AiSystems => "ai_systems",
            Field::Requirements => "requirements",
            Field::Notes => "notes",
            Field::InitialRisk => "initial_risk",
            Field::ResidualRisk => "residual_risk",
        }
    }

    pub fn from_name(s: &str) -> Option<Field> {
        let n = s.trim().to_ascii_lowercase();
        Self::ORDER.iter().copied().find(|f| f.name() == n)
    }

    /// The field whose canonical header this is: the name itself, or the name
    /// written with spaces or hyphens (`Hazardous situation`).
    pub fn from_header(normalised: &str) -> Option<Field> {
        let n: String = normalised
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        Field::from_name(&n)
    }

    /// Fields that read several columns (values joined): the lists and the notes.
    pub fn takes_many_columns(self) -> bool {
        self.is_list() || self == Field::Notes
    }

    /// Fields that describe one control (a continuation row carries them).
    pub fn is_control(self) -> bool {
        matches!(
            self,
            Field::ControlId
                | Field::ControlType
                | Field::ControlDescription
                | Field::ControlImplementation
                | Field::VerificationImplementation
                | Field::ImplementationEvidence
                | Field::VerificationEffectiveness
                | Field::EffectivenessEvidence
                | Field::ControlRelease
                | Field::NewRisks
        )
    }

    pub fn is_list(self) -> bool {
        matches!(
            self,
            Field::RiskControls
                | Field::SoftwareItems
                | Field::Components
                | Field::Vulnerabilities
                | Field::AiSystems
                | Field::Requirements
                | Field::NewRisks
        )
    }
}

/// Makes a cell inert for spreadsheets: text starting with `=`, `+`, `-`,
/// `@`, tab or carriage return would be read as a formula (OWASP CSV
/// injection), so it gets a leading `'`. A text that is already `'`s before
/// such a character gets one more, so `unneutralise` is exact.
pub fn neutralise(s: &str) -> String {
    if needs_quote(s.trim_start_matches('\'')) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Undoes `neutralise`.
pub fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_quote(rest.trim_start_matches('\'')) => rest,
        _ => s,
    }
}

/// Whether a cell text would start a formula.
pub fn needs_quote(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// The separator lists are written with.
pub const LIST_SEPARATOR: &str = "; ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralise_round_trips() {
        for s in [
            "=1+1", "+x", "-5", "@SUM(A1)", "\tx", "'=x", "''=x", "plain", "'plain", "", "a=b",
        ] {
            let n = neutralise(s);
            assert!(!needs_quote(&n), "{s:?} -> {n:?} is still live");
            assert_eq!(unneutralise(&n), s, "{s:?}");
        }
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    }

    #[test]
    fn canonical_headers_by_name() {
        assert_eq!(
            Field::from_header("hazardous situation"),
            Some(Field::HazardousSituation)
        );
        assert_eq!(
            Field::from_header("sequence-of-events"),
            Some(Field::SequenceOfEvents)
        );
        assert_eq!(
            Field::from_header("risk_controls"),
            Some(Field::RiskControls)
        );
        assert_eq!(Field::from_header("initial_risk"), Some(Field::InitialRisk));
        assert_eq!(Field::from_header("p"), None);
        for f in Field::export() {
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
    }
}
