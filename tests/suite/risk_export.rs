//! Export of the risk table (CSV, XLSX): the round trip export -> import
//! loses nothing, formula injection is neutralised, the bytes are
//! deterministic, and the CLI's `import risks` speaks its contract.

use crate::common;
use std::ffi::OsStr;
use techfile::export::{export, ExportFormat, ExportOptions};
use techfile::risk::model::{ControlType, RiskControl, RiskEntry, RiskLinks, Verification};
use techfile::TechFile;

fn control(id: &str, desc: &str, kind: Option<ControlType>) -> RiskControl {
    RiskControl {
        id: id.into(),
        description: desc.into(),
        kind,
        implementation: "SRS-12, \"quoted\"".into(),
        verification_implementation: Verification {
            method: "Unit test\nwith two lines".into(),
            evidence: "TR-001".into(),
        },
        verification_effectiveness: Verification {
            method: "-negative looking".into(),
            evidence: "@handle".into(),
        },
        release: "3.2.2".into(),
        new_risks: vec!["H3".into()],
    }
}

/// Entries with every field used and the values spreadsheets mangle:
/// formula starters, quotes, separators, newlines, non-ASCII, empties.
fn rich() -> TechFile {
    let mut tf = TechFile::empty();
    tf.risk.entries = vec![
        RiskEntry {
            id: "H1".into(),
            category: "AI/ML".into(),
            hazard: "=HYPERLINK(\"http://x\",\"click\")".into(),
            sequence_of_events: "Noisy lead; model says AF, \"confident\"".into(),
            hazardous_situation: "Clinician trusts the label\nand skips review".into(),
            harm: "Unnecessary anticoagulation – bleeding".into(),
            severity: "Critical".into(),
            p1: "10^-3".into(),
            p2: "0.1".into(),
            probability: "Probable".into(),
            controls: vec![
                control(
                    "RC-1",
                    "+Show the confidence",
                    Some(ControlType::InherentSafety),
                ),
                control(
                    "RC-2",
                    "Warn in the IFU",
                    Some(ControlType::InformationForSafety),
                ),
                control("RC-3", "Watchdog", None),
            ],
            residual_severity: "Serious".into(),
            residual_probability: "Remote".into(),
            benefit_risk: "'=not a formula".into(),
            links: RiskLinks {
                software_items: vec!["ecg-analyzer".into(), "ui".into()],
                components: vec!["pkg:pypi/numpy@1.26.4".into()],
                vulnerabilities: vec!["CVE-2024-1234".into()],
                ai_systems: vec!["Rhythm classifier".into()],
                requirements: vec!["REQ-1".into(), "TEST-9".into()],
            },
            notes: "Über-note ✓\nline 2".into(),
        },
        RiskEntry {
            id: "H2".into(),
            hazard: "Data leak".into(),
            harm: "Privacy breach".into(),
            severity: "Minor".into(),
            p1: "1e-4".into(),
            p2: "1/2".into(),
            ..Default::default()
        },
        RiskEntry {
            id: "H3".into(),
            hazard: "Alarm fatigue".into(),
            severity: "Serious".into(),
            probability: "Occasional".into(),
            controls: vec![control(
                "RC-9",
                "Tune thresholds",
                Some(ControlType::ProtectiveMeasure),
            )],
            ..Default::default()
        },
    ];
    tf
}

fn reimport(bytes: &[u8], name: &str) -> TechFile {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let mut back = TechFile::empty();
    let report = techfile::risk::import_file(&mut back, &path, None).expect("re-import");
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    back
}

#[test]
fn csv_round_trip_loses_nothing() {
    let tf = rich();
    let bytes = export(&tf, ExportFormat::RisksCsv, &ExportOptions::default()).expect("csv");
    assert_eq!(reimport(&bytes, "r.csv").risk, tf.risk);
}

#[test]
fn xlsx_round_trip_loses_nothing() {
    let tf = rich();
    let bytes = export(&tf, ExportFormat::RisksXlsx, &ExportOptions::default()).expect("xlsx");
    assert_eq!(reimport(&bytes, "r.xlsx").risk, tf.risk);
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_inert() {
    let bytes = techfile::risk::export_csv(&rich()).expect("csv");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let mut seen = 0;
    for rec in rdr.records() {
        for cell in rec.expect("record").iter() {
            assert!(
                !matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                ),
                "live cell {cell:?}"
            );
            if cell.starts_with("'=")
                || cell.starts_with("'+")
                || cell.starts_with("'-")
                || cell.starts_with("'@")
            {
                seen += 1;
            }
        }
    }
    assert!(seen >= 4, "the injected cells are kept, quoted ({seen})");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "BOM for spreadsheet programs"
    );
}

#[test]
fn xlsx_writes_no_formula_and_keeps_formula_like_text_as_text() {
    use calamine::{Data, Reader};
    let bytes = techfile::risk::export_xlsx(&rich()).expect("xlsx");
    let mut wb =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("workbook");
    assert_eq!(wb.sheet_names(), ["Risks", "Plan"]);
    let formulas = wb.worksheet_formula("Risks").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let range = wb.worksheet_range("Risks").expect("range");
    assert_eq!(
        range.get((1, 2)),
        Some(&Data::String("=HYPERLINK(\"http://x\",\"click\")".into()))
    );
}

#[test]
fn exports_are_deterministic() {
    let tf = rich();
    for f in [ExportFormat::RisksCsv, ExportFormat::RisksXlsx] {
        let a = export(&tf, f, &ExportOptions::default()).expect("a");
        let b = export(&tf, f, &ExportOptions::default()).expect("b");
        assert_eq!(a, b, "{f:?}");
    }
}

#[test]
fn cli_import_risks_json_and_exit_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.json");
    techfile::store::save(&project, &TechFile::empty()).expect("save");
    let table = dir.path().join("t.csv");
    std::fs::write(
        &table,
        "id,hazard,harm,severity,probability\nH1,Crash,Delay,Minor,Remote\nH2,Hang,Delay,Huge,Remote\n",
    )
    .expect("write");
    let out = assert_cmd::Command::cargo_bin("techfile")
        .expect("bin")
        .args(["import", "risks"])
        .arg(&project)
        .arg(&table)
        .arg("--json")
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // Exit 1 exactly when the project has errors after the import.
    let errors = v["findings"]["errors"].as_u64().expect("error count");
    assert_eq!(
        out.status.code(),
        Some(if errors > 0 { 1 } else { 0 }),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        (v["kind"].as_str(), v["imported"].as_u64()),
        (Some("risks"), Some(2))
    );
    assert_eq!(v["warnings"][0]["location"], "row 3, column D \"severity\"");
    assert_eq!(
        techfile::store::load(&project)
            .expect("load")
            .risk
            .entries
            .len(),
        2
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "foo,bar\n1,2\n").expect("write");
    let out = assert_cmd::Command::cargo_bin("techfile")
        .expect("bin")
        .args(["import", "risks"])
        .arg(&project)
        .arg(&bad)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(2),
        "rejected input: could not import"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.csv: row 1:"));

    let out = assert_cmd::Command::cargo_bin("techfile")
        .expect("bin")
        .args(["import", "risks"])
        .arg(dir.path().join("missing.json"))
        .arg(&table)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "could not run");
}

#[test]
fn cli_exports_the_example_risk_table_and_it_reads_back() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.json");
    techfile::store::save(&project, &techfile::example::example().expect("example")).expect("save");
    for (format, name) in [("risks-csv", "r.csv"), ("risks-xlsx", "r.xlsx")] {
        let out_file = dir.path().join(name);
        let out = assert_cmd::Command::cargo_bin("techfile")
            .expect("bin")
            .arg("export")
            .arg(&project)
            .args(["--format", format, "-o"])
            .arg(&out_file)
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let fresh = dir.path().join(format!("{format}.json"));
        techfile::store::save(&fresh, &TechFile::empty()).expect("save");
        // The empty project has errors of its own (no device data): exit 1.
        let v = common::run_cli([
            OsStr::new("import"),
            "risks".as_ref(),
            fresh.as_os_str(),
            out_file.as_os_str(),
            "--json".as_ref(),
        ])
        .expect_code(1)
        .json();
        assert_eq!(v["imported"], 17, "{format}");
        assert_eq!(
            v["warnings"].as_array().map(Vec::len),
            Some(0),
            "{format}: {v}"
        );
        let back = techfile::store::load(&fresh).expect("load");
        assert_eq!(
            back.risk.entries,
            techfile::example::example().expect("example").risk.entries,
            "{format}"
        );
    }
}
