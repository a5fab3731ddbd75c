//! The rules of the risk part: id, usual severity, clause, what each checks
//! (one rule a line; `crate::rules!` makes the constants and `RULES`).

crate::rules! {
    ID = "risk.entry-id", Error, "ISO 14971 §4.5 (traceability)", "Each risk entry has a unique id";
    PLAN = "risk.plan", Error, "ISO 14971 §4.4", "The risk management plan has a policy, named severity and probability levels and a full acceptability matrix";
    SCALE = "risk.scale", Error, "ISO 14971 §4.4(c), §5.5", "Severities and probabilities are levels of the plan's scales (or probabilities between 0 and 1)";
    ENTRY = "risk.entry", Error, "ISO 14971 §5.4-5.5", "Each entry names hazard, hazardous situation, harm, severity and probability";
    UNCONTROLLED = "risk.uncontrolled", Error, "ISO 14971 §7.1; MDR Annex I 2, 4", "A risk that is not acceptable has at least one risk control measure";
    CONTROL = "risk.control", Error, "ISO 14971 §7.1", "Each risk control measure has a description and a type in the priority order of §7.1";
    VERIFICATION = "risk.verification", Warning, "ISO 14971 §7.2", "Each risk control measure records the verification of its implementation and effectiveness";
    RESIDUAL = "risk.residual", Error, "ISO 14971 §7.3-7.4; MDR Annex I 8", "A residual risk that is not acceptable has a benefit-risk justification";
    LINK_UNRESOLVED = "risk.link-unresolved", Error, "ISO 14971 §4.5; IEC 62304 §7.1", "A risk link names a software item, component, vulnerability, AI system or risk entry that exists";
}
