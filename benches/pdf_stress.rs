//! PDF engine benchmark: renders the deterministic synthetic stress document
//! (scale 1 and 4) in-process and prints wall time, pages and peak memory,
//! plus the scaling factor. It measures; it asserts nothing about time.
//!
//! The whole-process figures (the stress *project* through
//! `techfile export --format pdf`) come from `cargo bench --bench
//! export_stress`.

use std::time::{Duration, Instant};

use techfile::pdf::render_with_front;
use techfile::pdf::stress::{stress_front, stress_markdown};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

fn pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}

fn median_render(md: &str, runs: usize) -> (Duration, Vec<u8>) {
    let front = stress_front();
    let mut times = Vec::new();
    let mut last = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        match render_with_front(&front, md) {
            Ok(pdf) => last = pdf,
            Err(e) => {
                eprintln!("render failed: {e}");
                std::process::exit(1);
            }
        }
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last)
}

fn main() {
    let md1 = stress_markdown(1);
    let (t1, pdf1) = median_render(&md1, 5);
    println!(
        "pdf_stress scale 1: {:>7.1} ms median of 5, {} pages, {:.1} MiB PDF, markdown {:.1} MiB, peak RSS so far {:.0} MiB",
        t1.as_secs_f64() * 1e3,
        pages(&pdf1),
        pdf1.len() as f64 / 1048576.0,
        md1.len() as f64 / 1048576.0,
        peak_rss_mib()
    );
    let md4 = stress_markdown(4);
    let (t4, pdf4) = median_render(&md4, 3);
    println!(
        "pdf_stress scale 4: {:>7.1} ms median of 3, {} pages, {:.1} MiB PDF, peak RSS so far {:.0} MiB",
        t4.as_secs_f64() * 1e3,
        pages(&pdf4),
        pdf4.len() as f64 / 1048576.0,
        peak_rss_mib()
    );
    println!(
        "pdf_stress scaling: 4x content in {:.2}x the time (goal <= 4.4x)",
        t4.as_secs_f64() / t1.as_secs_f64().max(1e-9)
    );
}
