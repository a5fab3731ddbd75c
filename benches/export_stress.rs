//! The whole-process PDF benchmark: `gen-stress project SCALE` builds
//! the deterministic stress project (5,000 x SCALE SBOM components, 1,000 x
//! SCALE risk entries with wrapped text, 50 x SCALE prose sections), then
//! `techfile export --format pdf` runs on it as a separate process, several
//! times. Prints the median wall time, the peak RSS of the export processes,
//! the pages, and how the time grows from scale 1 to scale 4. It measures; it
//! asserts nothing about time (goals: <= 0.4 s, <= 100 MiB, 4x in <= 4.4x).
//!
//! `cargo bench --bench export_stress`; `TECHFILE_TIMINGS=1 techfile export
//! ...` prints the same run's stages (load, views, Markdown, layout, PDF).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const GEN: &str = env!("CARGO_BIN_EXE_gen-stress");
const TECHFILE: &str = env!("CARGO_BIN_EXE_techfile");

fn fail(msg: String) -> ! {
    eprintln!("{msg}");
    std::process::exit(1)
}

/// Runs `cmd` to its end: wall time and, for a `techfile` run, the peak
/// resident set it reports of itself just before it exits (MiB; with
/// `TECHFILE_TIMINGS` set, each stage prints the process's VmHWM).
fn run(cmd: &mut Command) -> (Duration, f64) {
    let t = Instant::now();
    let out = cmd
        .env("TECHFILE_TIMINGS", "1")
        .output()
        .unwrap_or_else(|e| fail(format!("cannot run {cmd:?}: {e}")));
    let dt = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        fail(format!("{cmd:?} failed: {}", stderr.trim()));
    }
    let peak = stderr
        .lines()
        .filter_map(|l| l.split("peak ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .next_back()
        .unwrap_or(f64::NAN);
    (dt, peak)
}

fn pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}

/// Median wall time, largest peak RSS and pages of `runs` exports of the
/// stress project at `scale`.
fn bench(dir: &Path, scale: usize, runs: usize) -> (Duration, f64, usize) {
    let project = dir.join(format!("stress-{scale}.json"));
    let pdf = dir.join(format!("stress-{scale}.pdf"));
    run(Command::new(GEN)
        .arg("project")
        .arg(scale.to_string())
        .arg(&project));
    let mut times = Vec::new();
    let mut peak = 0.0f64;
    for _ in 0..runs {
        let (t, rss) = run(Command::new(TECHFILE)
            .arg("export")
            .arg(&project)
            .args(["--format", "pdf", "-o"])
            .arg(&pdf));
        times.push(t);
        peak = peak.max(rss);
    }
    times.sort();
    (times[times.len() / 2], peak, pages(&pdf))
}

fn main() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(format!("no temporary directory: {e}")));
    let (t1, peak1, p1) = bench(dir.path(), 1, 9);
    println!(
        "export_stress scale 1: {:>7.1} ms median of 9 whole-process runs, {p1} pages, peak RSS {peak1:.0} MiB (goals: <= 400 ms, <= 100 MiB)",
        t1.as_secs_f64() * 1e3
    );
    let (t4, peak4, p4) = bench(dir.path(), 4, 3);
    println!(
        "export_stress scale 4: {:>7.1} ms median of 3, {p4} pages, peak RSS {peak4:.0} MiB",
        t4.as_secs_f64() * 1e3
    );
    println!(
        "export_stress scaling: 4x content in {:.2}x the time (goal <= 4.4x)",
        t4.as_secs_f64() / t1.as_secs_f64().max(1e-9)
    );
}
