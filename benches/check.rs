//! The time of one `check` (every part's rules, coverage, the prose walks)
//! on the stress project (`gen-stress project 1`: 5,000 SBOM components,
//! 1,000 risk entries, 50 prose chapters) and on the bundled example, in
//! process: the cost the desktop pays on every edit before it answers.
//! Prints the median and p95 over 30 runs; asserts nothing about time.
//!
//! `cargo bench --bench check`

use std::process::Command;
use std::time::{Duration, Instant};

const GEN: &str = env!("CARGO_BIN_EXE_gen-stress");
const RUNS: usize = 30;

fn measure(name: &str, tf: &techfile::TechFile) {
    // Warm up (regexes compiled, caches filled), then measure.
    for _ in 0..3 {
        std::hint::black_box(techfile::check::check_with_coverage(tf));
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let (f, c) = techfile::check::check_with_coverage(std::hint::black_box(tf));
            std::hint::black_box((f, c));
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "check {name}: median {:.1} ms, p95 {:.1} ms over {RUNS} runs",
        ms(times[RUNS / 2]),
        ms(times[RUNS * 95 / 100])
    );
    // Where the time goes: each part's rules, then coverage (medians).
    let median = |f: &dyn Fn()| {
        let mut t: Vec<Duration> = (0..9)
            .map(|_| {
                let s = Instant::now();
                f();
                s.elapsed()
            })
            .collect();
        t.sort();
        ms(t[4])
    };
    let mut parts = Vec::new();
    for part in techfile::parts::PARTS {
        let d = median(&|| {
            let links = techfile::links::Links::new(tf);
            let mut out = Vec::new();
            (part.check)(tf, &links, &mut out);
            std::hint::black_box(out);
        });
        parts.push(format!("{} {d:.1}", part.name));
    }
    let d = median(&|| {
        let cov = techfile::coverage::compute(tf);
        let mut out = Vec::new();
        techfile::coverage::check(&cov, &mut out);
        std::hint::black_box((out, cov.figures()));
    });
    parts.push(format!("coverage {d:.1}"));
    println!("  by part (ms): {}", parts.join(", "));
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stress.json");
    let status = Command::new(GEN)
        .args(["project", "1"])
        .arg(&path)
        .status()
        .expect("run gen-stress");
    assert!(status.success(), "gen-stress failed");
    let stress = techfile::store::open(&path)
        .expect("stress project")
        .techfile;
    measure("stress project", &stress);
    let example = techfile::example::example().expect("example");
    measure("example", &example);
}
