//! The AI chapters of the technical file (Markdown and PDF) follow Annex IV's
//! order, and the Art. 13(3) "Information for deployers" exports on its own.
//! Tests read the Markdown the exporter writes.

use std::process::Command as Proc;

use assert_cmd::Command;
use techfile::export::{export, ExportFormat, ExportOptions};
use techfile::model::TechFile;

fn example() -> TechFile {
    techfile::example::example().expect("example parses")
}

fn markdown(tf: &TechFile, part: Option<&str>) -> String {
    let opts = ExportOptions {
        part: part.map(str::to_string),
        ..Default::default()
    };
    String::from_utf8(export(tf, ExportFormat::Markdown, &opts).expect("export")).expect("utf-8")
}

/// Positions of `needles` in `hay`, asserting each is found after the previous.
fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("`{n}` missing or out of order (searched from byte {at})"),
        }
    }
}

const ANNEX_IV_HEADINGS: &[&str] = &[
    "### Annex IV 1 — General description of the AI system",
    "#### 1(a) Intended purpose, provider and version",
    "#### 1(h) Instructions for use for the deployer",
    "### Annex IV 2 — Elements of the AI system and its development process",
    "#### 2(a) ",
    "#### 2(b) ",
    "#### 2(c) ",
    "#### 2(d) Data requirements and datasheets",
    "#### 2(e) ",
    "#### 2(f) ",
    "#### 2(g) Validation and testing procedures, metrics and results",
    "#### 2(h) Cybersecurity measures",
    "### Annex IV 3 — Monitoring, functioning and control",
    "### Annex IV 4 — Appropriateness of the performance metrics",
    "### Annex IV 5 — Risk management system (Art. 9)",
    "### Annex IV 6 — Relevant changes over the lifecycle",
    "### Annex IV 7 — Harmonised standards and other solutions applied",
    "### Annex IV 8 — EU declaration of conformity",
    "### Annex IV 9 — Post-market monitoring plan (Art. 72)",
    "### Information for deployers (Art. 13(3))",
];

#[test]
fn example_ai_chapter_follows_annex_iv_order_with_tables() {
    let md = markdown(&example(), None);
    let start = md
        .find("# Artificial intelligence (AI Act Annex IV)")
        .expect("AI chapter");
    let ai = &md[start..];
    let end = ai[1..].find("\n# ").map(|i| i + 1).unwrap_or(ai.len());
    let ai = &ai[..end];
    assert!(
        ai.contains("## AI system: cardiosense-arrhythmia-net 3.2.0"),
        "{}",
        &ai[..400.min(ai.len())]
    );
    in_order(ai, ANNEX_IV_HEADINGS);
    // The datasheet and performance tables sit under 2(d) and 2(g).
    in_order(
        ai,
        &[
            "#### 2(d)",
            "| Dataset | Purpose |",
            "| CS-TEST-2024 | test |",
            "#### 2(e)",
        ],
    );
    in_order(ai, &["#### 2(g)", "| Metric | Class | Subgroup | Dataset | Value | CI | Acceptance criterion | Result |", "| sensitivity | atrial fibrillation | — | CS-TEST-2024 | 0.971 | 0.96–0.979 (95 %) | CI lower ≥ 0.93 | pass |", "#### 2(h)"]);
    // Subgroup results: rows of that one table; Annex IV 3 refers to it.
    in_order(
        ai,
        &[
            "#### 2(g)",
            "| sensitivity | atrial fibrillation | sex: female |",
            "#### 2(h)",
            "### Annex IV 3 — Monitoring",
            "*The figures for specific groups are in the performance table under Annex IV 2(g).*",
            "### Annex IV 4 — ",
        ],
    );
    assert_eq!(
        ai.matches("| sensitivity | atrial fibrillation | sex: female |")
            .count(),
        1,
        "each performance row printed once"
    );
    assert!(
        ai.contains("21 passed, 0 failed, 0 without a criterion or value (of 21)"),
        "summary row"
    );
    assert!(
        !ai.contains("Not yet documented"),
        "the example documents every item"
    );
    // User Markdown is nested under the item heading, never above it.
    assert!(!ai
        .lines()
        .any(|l| l.starts_with("# ") && !l.starts_with("# Artificial")));
}

#[test]
fn empty_items_are_marked_in_the_chapter() {
    let mut tf = TechFile::empty();
    tf.ai.systems.push(techfile::ai::model::AiSystem {
        name: "Bare".into(),
        ..Default::default()
    });
    let md = markdown(&tf, None);
    assert!(
        md.contains(
            "*Not yet documented: development.data\\_requirements, datasets (AIA-IV-2(d)).*"
        ),
        "{md}"
    );
    assert!(
        md.contains("*Items still empty:* AIA-IV-1(a)"),
        "lists the empty items"
    );
    let md = markdown(&TechFile::empty(), None);
    assert!(md.contains("The device contains no AI system"));
}

#[test]
fn deployer_information_exports_on_its_own_in_art_13_order() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    let out = dir.path().join("deployers.md");
    Command::cargo_bin("techfile")
        .expect("bin")
        .arg("new")
        .arg(&project)
        .arg("--example")
        .assert()
        .success();
    Command::cargo_bin("techfile")
        .expect("bin")
        .arg("export")
        .arg(&project)
        .args(["--format", "md", "--part", "ai-deployer-info", "-o"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(
        md.starts_with("# Information for deployers\n"),
        "{}",
        &md[..200.min(md.len())]
    );
    in_order(
        &md,
        &[
            "## cardiosense-arrhythmia-net 3.2.0",
            "### Identity and contact details of the provider",
            "*AI Act Art. 13(3)(a)*",
            "Veridian Cardiac Diagnostics GmbH",
            "*AI Act Art. 13(3)(b)(i)*",
            "*AI Act Art. 13(3)(b)(ii)*",
            "| sensitivity | ventricular tachycardia | — |",
            "*AI Act Art. 13(3)(b)(iii)*",
            "*AI Act Art. 13(3)(b)(iv)*",
            "*AI Act Art. 13(3)(b)(v)*",
            "| sensitivity | atrial fibrillation | age: 65+ |",
            "*AI Act Art. 13(3)(b)(vi)*",
            "*AI Act Art. 13(3)(b)(vii)*",
            "*AI Act Art. 13(3)(c)*",
            "*AI Act Art. 13(3)(d)*",
            "*AI Act Art. 13(3)(e)*",
            "*AI Act Art. 13(3)(f)*",
        ],
    );
    // Only the deployer information: none of the technical file around it.
    assert!(
        !md.contains("Annex IV 2(d)") && !md.contains("# Device description"),
        "standalone part"
    );
    assert!(!md.contains("| Dataset | Purpose |"));
    // It is valid Markdown whose only H1 is the title.
    let h1 = techfile::markdown::parser(&md)
        .filter(|e| {
            matches!(
                e,
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
                    level: pulldown_cmark::HeadingLevel::H1,
                    ..
                })
            )
        })
        .count();
    assert_eq!(h1, 1);
}

#[test]
fn pdf_has_the_ai_chapter_in_annex_iv_order() {
    let pdf = export(&example(), ExportFormat::Pdf, &ExportOptions::default()).expect("pdf");
    let have = Proc::new("pdftotext").arg("-v").output().is_ok();
    if !have {
        assert!(std::env::var_os("CI").is_none(), "pdftotext missing on CI");
        eprintln!("SKIP: pdftotext not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let f = dir.path().join("t.pdf");
    std::fs::write(&f, &pdf).expect("write");
    let out = Proc::new("pdftotext")
        .arg(&f)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).replace('\u{ad}', "");
    let start = text
        .rfind("AI system: cardiosense-arrhythmia-net")
        .expect("AI system heading in the body");
    in_order(
        &text[start..],
        &[
            "Annex IV 1 — ",
            "Annex IV 2 — ",
            "Annex IV 3 — ",
            "Annex IV 4 — ",
            "Annex IV 5 — ",
            "Annex IV 6 — ",
            "Annex IV 7 — ",
            "Annex IV 8 — ",
            "Annex IV 9 — ",
            "Information for deployers",
        ],
    );
}
