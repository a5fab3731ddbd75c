//! The time of `techfile diff` on two stress projects (`gen-stress project
//! 1`: 5,000 SBOM components, 1,000 risk entries, 50 chapters), the second
//! changed throughout: every tenth component upgraded, 100 risk entries
//! removed and 100 rescored, every chapter given a new paragraph, the device
//! renamed. Measured in process as the CLI runs it after loading (diff and
//! its Markdown), and the whole CLI command (two loads included). Target:
//! <= 0.5 s. Prints the median and p95; asserts nothing about time.
//!
//! `cargo bench --bench diff`

use std::process::Command;
use std::time::{Duration, Instant};

const GEN: &str = env!("CARGO_BIN_EXE_gen-stress");
const CLI: &str = env!("CARGO_BIN_EXE_techfile");
const RUNS: usize = 15;

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: median {:.1} ms, p95 {:.1} ms over {} runs",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        times.len()
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old_path = dir.path().join("old.json");
    let status = Command::new(GEN)
        .args(["project", "1"])
        .arg(&old_path)
        .status()
        .expect("run gen-stress");
    assert!(status.success(), "gen-stress failed");
    let old = techfile::store::open(&old_path).expect("stress").techfile;
    let mut new = old.clone();
    new.device.trade_name.push_str(" Two");
    for c in new.sbom.components.iter_mut().step_by(10) {
        c.version.push_str(".1");
    }
    new.risk
        .entries
        .truncate(new.risk.entries.len().saturating_sub(100));
    let top = new
        .risk
        .plan
        .severity
        .last()
        .map(|l| l.name.clone())
        .unwrap_or_default();
    for e in new.risk.entries.iter_mut().take(100) {
        e.severity = top.clone();
    }
    for ch in &mut new.chapters {
        ch.body.push_str("\n\nA new paragraph.");
    }
    let new_path = dir.path().join("new.json");
    techfile::store::save(&new_path, &new).expect("save");

    let d = techfile::diff::diff(&old, &new);
    println!(
        "stress diff: {} sections, {} entries, {} bytes of Markdown",
        d.sections.len(),
        d.count(),
        techfile::diff::render::markdown(&d).len()
    );
    let times = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let d = techfile::diff::diff(std::hint::black_box(&old), std::hint::black_box(&new));
            std::hint::black_box(techfile::diff::render::markdown(&d));
            t.elapsed()
        })
        .collect();
    stats("diff + Markdown, in process", times);
    let times = (0..5)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(CLI)
                .args(["diff", "--format", "md"])
                .arg(&old_path)
                .arg(&new_path)
                .output()
                .expect("run techfile diff");
            assert_eq!(out.status.code(), Some(1), "they differ");
            t.elapsed()
        })
        .collect();
    stats("techfile diff --format md (two loads included)", times);
}
