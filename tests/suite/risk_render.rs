//! The risk section of the Markdown (and, through the heat-map convention,
//! the PDF) technical file: plan and matrix, risk table, heat maps before
//! and after control, traceability, residual-risk summary.

use techfile::pdf::parse::{parse, Block};
use techfile::render::{self, RenderOptions};
use techfile::risk::model::{ControlType, RiskControl, RiskEntry, Verification};
use techfile::TechFile;

fn md(tf: &TechFile) -> String {
    render::markdown(tf, &RenderOptions::markdown()).expect("renders")
}

fn risk_section(md: &str) -> &str {
    let start = md
        .find("# Benefit-risk analysis and risk management")
        .expect("section");
    let end = md[start..]
        .find("\n# Product verification")
        .map(|e| start + e)
        .unwrap_or(md.len());
    &md[start..end]
}

fn entry() -> RiskEntry {
    RiskEntry {
        id: "H1".into(),
        category: "cybersecurity".into(),
        hazard: "Tampered <script> | ECG".into(),
        hazardous_situation: "Wrong report".into(),
        harm: "Missed arrhythmia".into(),
        severity: "Critical".into(),
        probability: "Probable".into(),
        links: techfile::risk::model::RiskLinks {
            components: vec!["pkg:pypi/numpy@1.26.4".into()],
            vulnerabilities: vec!["CVE-2024-0001".into()],
            ai_systems: vec!["Rhythm classifier".into()],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn heatmaps(md: &str) -> Vec<techfile::pdf::parse::Heatmap> {
    parse(md)
        .into_iter()
        .filter_map(|b| match b {
            Block::Heatmap(h) => Some(h),
            _ => None,
        })
        .collect()
}

#[test]
fn an_empty_risk_file_renders_the_plan_and_says_it_has_no_entries() {
    let out = md(&TechFile::empty());
    let s = risk_section(&out);
    assert!(s.contains("## Risk management plan"));
    assert!(
        s.contains("| **Catastrophic** | Investigate further (ALARP) |"),
        "{s}"
    );
    assert!(s.contains("*No risk entries recorded.*"));
}

#[test]
fn entries_render_with_computed_risk_heat_maps_and_traceability() {
    let mut tf = TechFile::empty();
    tf.risk.entries.push(entry());
    let before = md(&tf);
    let s = risk_section(&before);
    assert!(
        s.contains("| H1 | Critical | Probable | Unacceptable | — |"),
        "{s}"
    );
    assert!(
        s.contains("Tampered &lt;script&gt; \\| ECG"),
        "user text is escaped: {s}"
    );
    assert!(
        s.contains("| — | pkg:pypi/numpy@1.26.4 | CVE-2024-0001 | Rhythm classifier | — |"),
        "{s}"
    );
    assert!(s.contains("## Risk traceability") && s.contains("## Residual risk"));
    // The heat-map comment is immediately followed by the table with the same data.
    let lines: Vec<&str> = s.lines().collect();
    let at: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<!-- techfile:heatmap "))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at.len(), 2);
    for i in at {
        assert!(
            lines[i + 1].starts_with("| Severity \\ Probability |"),
            "{}",
            lines[i + 1]
        );
    }
    let h = heatmaps(&before);
    assert_eq!(h.len(), 2, "the PDF engine sees both heat maps");
    assert_eq!(h[0].rows[0], "Catastrophic");
    assert_eq!(h[0].counts[1][3], 1, "Critical x Probable before control");
    assert_eq!(h[1].counts[1][3], 1, "no control: residual = initial");
    assert_eq!(h[0].zones[1][3], "unacceptable");

    // Adding a verified control with a residual probability moves the entry.
    tf.risk.entries[0].controls.push(RiskControl {
        id: "RC-1".into(),
        description: "Signed ECG files".into(),
        kind: Some(ControlType::InherentSafety),
        verification_implementation: Verification {
            method: "Code review".into(),
            evidence: "CR-1".into(),
        },
        verification_effectiveness: Verification {
            method: "Penetration test".into(),
            evidence: "PT-2".into(),
        },
        ..Default::default()
    });
    tf.risk.entries[0].residual_probability = "Improbable".into();
    let after = md(&tf);
    let h = heatmaps(&after);
    assert_eq!(h[0].counts[1][3], 1);
    assert_eq!(h[1].counts[1][3], 0);
    assert_eq!(h[1].counts[1][0], 1, "Critical x Improbable after control");
    let s = risk_section(&after);
    assert!(s.contains("| H1 | Critical | Probable | Unacceptable | RC-1 | Critical | Improbable | Acceptable |"), "{s}");
    // The controls table gives the verification in full; the traceability
    // matrix names hazard, control and records by id.
    assert!(
        s.contains("| Code review (CR-1) | Penetration test (PT-2) |"),
        "{s}"
    );
    assert!(
        s.contains("| H1 | RC-1 | implementation: CR-1; effectiveness: PT-2 |"),
        "{s}"
    );
    assert!(
        s.contains("Every residual risk is in the acceptable zone"),
        "{s}"
    );
}

#[test]
fn the_pdf_renders_a_risk_file() {
    let mut tf = TechFile::empty();
    tf.risk.entries.push(entry());
    let bytes = techfile::export::export(
        &tf,
        techfile::export::ExportFormat::Pdf,
        &Default::default(),
    )
    .expect("pdf");
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn a_control_shared_by_entries_is_counted_once() {
    let mut tf = TechFile::empty();
    let shared = RiskControl {
        id: "RC-01".into(),
        description: "d".into(),
        ..Default::default()
    };
    let mut a = entry();
    a.id = "HAZ-01".into();
    a.controls = vec![shared.clone()];
    let mut b = entry();
    b.id = "HAZ-02".into();
    b.controls = vec![
        shared,
        RiskControl {
            id: "RC-02".into(),
            ..Default::default()
        },
        RiskControl::default(),
    ];
    tf.risk.entries = vec![a, b];
    assert!(
        md(&tf).contains("2 risk entries with 3 distinct risk control measures"),
        "RC-01 once, RC-02, and the one without an id"
    );
}
