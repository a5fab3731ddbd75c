//! Risk part benchmark: 1,000 and 10,000 entries through import (CSV and
//! XLSX), check and Markdown render. Prints figures; asserts nothing about
//! time. Run with `cargo bench --bench risk`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use techfile::render::{self, RenderOptions};
use techfile::risk::model::{ControlType, RiskControl, RiskEntry, RiskLinks, Verification};
use techfile::risk::{self, Mapping};
use techfile::TechFile;

const SEVERITY: [&str; 5] = ["Negligible", "Minor", "Serious", "Critical", "Catastrophic"];
const PROBABILITY: [&str; 5] = ["Improbable", "Remote", "Occasional", "Probable", "Frequent"];
const CATEGORY: [&str; 4] = ["software", "AI/ML", "cybersecurity", "use error"];

/// A project with `n` entries, two controls each, deterministic content.
fn project(n: usize) -> TechFile {
    let mut tf = TechFile::empty();
    tf.risk.entries = (0..n)
        .map(|i| RiskEntry {
            id: format!("HAZ-{i:05}"),
            category: CATEGORY[i % 4].into(),
            hazard: format!(
                "Hazard {i}: classifier output wrong for input class {}",
                i % 97
            ),
            sequence_of_events: format!("Input {i} is noisy; the window is misclassified"),
            hazardous_situation: "Physician reviews a wrong finding".into(),
            harm: "Delayed or wrong treatment".into(),
            severity: SEVERITY[i % 5].into(),
            probability: PROBABILITY[(i / 5) % 5].into(),
            controls: (0..2)
                .map(|j| RiskControl {
                    id: format!("RC-{:05}", (i * 2 + j) % 500),
                    description: format!("Control {} of hazard {i}", j + 1),
                    kind: Some(if j == 0 {
                        ControlType::InherentSafety
                    } else {
                        ControlType::InformationForSafety
                    }),
                    implementation: format!("SRS-{}", i % 300),
                    verification_implementation: Verification {
                        method: "System test".into(),
                        evidence: "STR-1".into(),
                    },
                    verification_effectiveness: Verification {
                        method: "Usability test".into(),
                        evidence: "UER-1".into(),
                    },
                    release: String::new(),
                    new_risks: Vec::new(),
                })
                .collect(),
            residual_severity: String::new(),
            residual_probability: PROBABILITY[0].into(),
            links: RiskLinks {
                requirements: vec![format!("REQ-{}", i % 400)],
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    tf
}

/// The fastest of `runs` (the least disturbed by other load on the machine).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:9.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mapping = Mapping::default();
    println!("risk benchmark (fastest of 3 runs; 2 controls per entry)");
    println!(
        "{:>8} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13}",
        "entries", "import csv", "import xlsx", "check", "risk view", "render md", "export xlsx"
    );
    for n in [1_000usize, 10_000] {
        let tf = project(n);
        let csv = risk::export_csv(&tf).expect("csv");
        let xlsx = risk::export_xlsx(&tf).expect("xlsx");
        let plan = tf.risk.plan.clone();
        let import_csv = time(3, || {
            let imp =
                risk::read_table(&csv, Path::new("bench.csv"), &mapping, &plan).expect("import");
            assert_eq!(imp.entries.len(), n);
            imp
        });
        let import_xlsx = time(3, || {
            let imp =
                risk::read_table(&xlsx, Path::new("bench.xlsx"), &mapping, &plan).expect("import");
            assert_eq!(imp.entries.len(), n);
            imp
        });
        let check = time(3, || {
            let mut out = Vec::new();
            risk::check(&tf, &techfile::links::Links::new(&tf), &mut out);
            out
        });
        let view = time(3, || risk::view(&tf));
        let md = time(3, || {
            render::markdown(&tf, &RenderOptions::markdown()).expect("render")
        });
        let export_xlsx = time(3, || risk::export_xlsx(&tf).expect("xlsx"));
        println!(
            "{n:>8} {} {} {} {} {} {}   (csv {} KiB, xlsx {} KiB)",
            ms(import_csv),
            ms(import_xlsx),
            ms(check),
            ms(view),
            ms(md),
            ms(export_xlsx),
            csv.len() / 1024,
            xlsx.len() / 1024
        );
    }
    // One entry whose controls come as continuation rows (the full layout's
    // one row per control): this was cubic (4,000 rows took 19 s).
    println!();
    println!(
        "{:>8} {:>13}   (continuation rows adding controls to one entry)",
        "rows", "import csv"
    );
    for n in [1_000usize, 4_000, 10_000] {
        let mut table = String::from(
            "id,hazard,harm,severity,probability,control_id,control_type,control_description\n",
        );
        for i in 0..n {
            table.push_str(&format!(
                "H1,Crash,Delay,Minor,Remote,RC-{i},protective-measure,Watchdog restarts the service ({i})\n"
            ));
        }
        let plan = project(1).risk.plan;
        let import = time(3, || {
            let imp = risk::read_table(table.as_bytes(), Path::new("bench.csv"), &mapping, &plan)
                .expect("import");
            assert_eq!((imp.entries.len(), imp.entries[0].controls.len()), (1, n));
            imp
        });
        println!("{n:>8} {}", ms(import));
    }
}
