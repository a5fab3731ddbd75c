//! Stress generator and PDF benchmark driver for the PDF engine.
//!
//! `gen-stress md SCALE OUT.md`   writes the deterministic stress Markdown.
//! `gen-stress pdf IN.md OUT.pdf` renders it (stress front matter) and prints
//! wall time, pages and peak RSS; run under `/usr/bin/time -v` for the whole
//! process figures.

use std::time::Instant;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("md") if args.len() == 4 => {
            let scale: usize = args[2].parse()?;
            let md = techfile::pdf::stress::stress_markdown(scale);
            std::fs::write(&args[3], md)?;
        }
        Some("pdf") if args.len() == 4 => {
            let md = std::fs::read_to_string(&args[2])?;
            let t = Instant::now();
            let pdf =
                techfile::pdf::render_with_front(&techfile::pdf::stress::stress_front(), &md)?;
            let dt = t.elapsed();
            std::fs::write(&args[3], &pdf)?;
            let pages = pdf
                .windows(11)
                .filter(|w| *w == b"/Type /Page" || *w == b"/Type/Page\n")
                .count();
            eprintln!(
                "render_pdf: {:.3} s, {} bytes, ~{} page objects, peak RSS {} KiB",
                dt.as_secs_f64(),
                pdf.len(),
                pages,
                peak_rss_kib().unwrap_or(0)
            );
        }
        _ => {
            eprintln!("usage: gen-stress md SCALE OUT.md | gen-stress pdf IN.md OUT.pdf");
            std::process::exit(2);
        }
    }
    Ok(())
}
