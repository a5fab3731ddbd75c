//! A deterministic stress document for the PDF engine's benchmark and tests:
//! ~50 prose sections, an SBOM table of 5,000 components per scale unit and
//! a risk table of 1,000 entries with wrapped multi-line text, plus heat maps.
//! It owns no model types: it writes the Markdown the renderer would produce.

use std::fmt::Write;

use super::FrontMatter;

/// Small deterministic generator (64-bit LCG); no randomness from the system.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

const WORDS: &[&str] = &[
    "the",
    "device",
    "software",
    "shall",
    "analyse",
    "signal",
    "clinical",
    "risk",
    "control",
    "measure",
    "patient",
    "user",
    "alarm",
    "rhythm",
    "detection",
    "algorithm",
    "validated",
    "performance",
    "sensitivity",
    "specificity",
    "dataset",
    "training",
    "inference",
    "cloud",
    "update",
    "vulnerability",
    "component",
    "supplier",
    "maintenance",
    "release",
    "verification",
    "requirement",
    "traceability",
    "usability",
    "hazard",
    "harm",
    "probability",
    "severity",
    "residual",
    "benefit",
    "evidence",
    "report",
    "manufacturer",
    "notified",
    "body",
    "annex",
    "conformity",
    "assessment",
    "surveillance",
    "post-market",
    "cybersecurity",
    "encryption",
    "authentication",
    "logging",
    "integrity",
    "availability",
    "interface",
    "hospital",
    "network",
];

fn sentence(r: &mut Lcg, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = r.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn paragraph(r: &mut Lcg, sentences: usize) -> String {
    (0..sentences)
        .map(|_| {
            let n = 8 + (r.next() % 14) as usize;
            sentence(r, n)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading such as "## Section 3 Title of words" with a title of `words`
/// random words.
fn numbered_heading(md: &mut String, r: &mut Lcg, prefix: &str, number: usize, words: usize) {
    let title = sentence(r, words);
    let _ = writeln!(md, "{prefix} {number} {}\n", title.trim_end_matches('.'));
}

pub fn stress_front() -> FrontMatter {
    FrontMatter {
        document_id: "TF-STRESS-001".into(),
        title: "Technical documentation — stress test".into(),
        version: "9.9".into(),
        date: "2026-11-01".into(),
        device: "CardioScan AI stress edition".into(),
        manufacturer: "Example Medical Software GmbH".into(),
        risk_class: "IIb".into(),
        acts: vec!["MDR Annex II".into(), "MDR Annex III".into()],
        compact: false,
        status: "Released".into(),
        confidentiality: "Confidential".into(),
        software_version: "9.9.0".into(),
        notified_body: "0123 Example Notified Body".into(),
        revisions: (1..=12)
            .map(|i| {
                [
                    format!("{i}.0"),
                    format!("2026-{:02}-01", (i % 12) + 1),
                    "QA Team".into(),
                    "Periodic update of the technical documentation.".into(),
                ]
            })
            .collect(),
        approvals: vec![[
            "Dr. A. Example".into(),
            "Head of Regulatory Affairs".into(),
            "2026-11-01".into(),
            "Approved for release".into(),
        ]],
    }
}

/// The stress body Markdown; `scale` multiplies every part (1 = the benchmark size).
pub fn stress_markdown(scale: usize) -> String {
    let scale = scale.max(1);
    let mut r = Lcg(42);
    let mut md = String::with_capacity(4_000_000 * scale);
    let chapters = 10 * scale;
    for ch in 0..chapters {
        numbered_heading(&mut md, &mut r, "# Chapter", ch + 1, 3);
        for sec in 0..5 {
            numbered_heading(&mut md, &mut r, "## Section", sec + 1, 4);
            for _ in 0..3 {
                let _ = writeln!(md, "{}\n", paragraph(&mut r, 5));
            }
            let _ = writeln!(md, "### Details\n");
            let _ = writeln!(md, "{} See [the standard](https://www.iso.org/standard/72704.html) and *emphasis*, **strong** and `code`.[^n{ch}_{sec}]\n", paragraph(&mut r, 2));
            for i in 0..4 {
                let _ = writeln!(md, "- {}", sentence(&mut r, 10 + i));
            }
            let _ = writeln!(md, "  - nested {}\n", sentence(&mut r, 6));
            if sec == 2 {
                let _ = writeln!(
                    md,
                    "```\nfn check(x: u32) -> bool {{\n    x < 100 // {}\n}}\n```\n",
                    sentence(&mut r, 5)
                );
                let _ = writeln!(md, "> {}\n", paragraph(&mut r, 2));
            }
            let _ = writeln!(md, "[^n{ch}_{sec}]: {}\n", sentence(&mut r, 9));
        }
    }

    let _ = writeln!(md, "# Software bill of materials\n");
    let _ = writeln!(md, "## Components\n");
    let _ = writeln!(
        md,
        "| # | Component | Version | Licence | Supplier | Package URL | Safety class |"
    );
    let _ = writeln!(md, "|--:|---|---|---|---|---|:-:|");
    let licences = [
        "MIT",
        "Apache-2.0",
        "BSD-3-Clause",
        "MPL-2.0",
        "MIT OR Apache-2.0",
        "ISC",
    ];
    let suppliers = [
        "Open source community",
        "Example Corp",
        "Rust Foundation",
        "Apache Software Foundation",
    ];
    for i in 0..5000 * scale {
        let name = format!("{}-{}", r.pick(WORDS), r.pick(WORDS));
        let ver = format!("{}.{}.{}", r.next() % 5, r.next() % 30, r.next() % 20);
        let lic = r.pick(&licences);
        let sup = r.pick(&suppliers);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | pkg:cargo/{}@{} | {} |",
            i + 1,
            name,
            ver,
            lic,
            sup,
            name,
            ver,
            ["A", "B", "C"][(r.next() % 3) as usize]
        );
    }
    md.push('\n');

    let _ = writeln!(md, "# Risk management\n");
    for (title, shift) in [
        ("Risk matrix before risk control", 0u64),
        ("Risk matrix after risk control", 1),
    ] {
        let counts: Vec<String> = (0..5)
            .map(|i| {
                let row: Vec<String> = (0..5)
                    .map(|j| ((i * 7 + j * 3 + 1) as u64 / (1 + shift * 2)).to_string())
                    .collect();
                format!("[{}]", row.join(","))
            })
            .collect();
        let zones: Vec<String> = (0..5)
            .map(|i| {
                let row: Vec<String> = (0..5)
                    .map(|j| {
                        let s = (4 - i) + j;
                        if s >= 6 {
                            "\"unacceptable\""
                        } else if s >= 3 {
                            "\"alarp\""
                        } else {
                            "\"acceptable\""
                        }
                        .to_string()
                    })
                    .collect();
                format!("[{}]", row.join(","))
            })
            .collect();
        let _ = writeln!(
            md,
            "<!-- techfile:heatmap {{\"title\":\"{title}\",\"rows\":[\"Catastrophic\",\"Critical\",\"Serious\",\"Minor\",\"Negligible\"],\"cols\":[\"Improbable\",\"Remote\",\"Occasional\",\"Probable\",\"Frequent\"],\"counts\":[{}],\"zones\":[{}]}} -->",
            counts.join(","),
            zones.join(",")
        );
        let _ = writeln!(md, "| Severity | Improbable | Remote | Occasional | Probable | Frequent |\n|---|---|---|---|---|---|");
        for s in ["Catastrophic", "Critical", "Serious", "Minor", "Negligible"] {
            let _ = writeln!(md, "| {s} | 1 | 2 | 3 | 4 | 5 |");
        }
        md.push('\n');
    }
    let _ = writeln!(md, "## Risk register\n");
    let _ = writeln!(
        md,
        "| ID | Hazard | Sequence of events | Harm | S | P | Risk control measures | Residual |"
    );
    let _ = writeln!(md, "|---|---|---|---|:-:|:-:|---|---|");
    for i in 0..1000 * scale {
        let _ = writeln!(
            md,
            "| R-{:04} | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            sentence(&mut r, 4),
            paragraph(&mut r, 2),
            sentence(&mut r, 3),
            1 + r.next() % 5,
            1 + r.next() % 5,
            paragraph(&mut r, 1),
            ["Acceptable", "ALARP", "Acceptable after benefit-risk"][(r.next() % 3) as usize]
        );
    }
    md.push('\n');
    md
}

/// Markdown body of prose chapter `i` of the stress project (deterministic).
pub fn stress_chapter_body(i: usize) -> String {
    let mut r = Lcg(1000 + i as u64);
    let mut md = String::new();
    for _ in 0..4 {
        let _ = writeln!(md, "{}\n", paragraph(&mut r, 5));
    }
    for j in 0..4 {
        let _ = writeln!(md, "- {}", sentence(&mut r, 10 + j));
    }
    md.push('\n');
    let _ = writeln!(
        md,
        "{} See *emphasis*, **strong** and `code`.\n",
        paragraph(&mut r, 3)
    );
    md
}
