//! Stress generator and PDF benchmark driver for the PDF engine.
//!
//! `gen-stress md SCALE OUT.md`   writes the deterministic stress Markdown.
//! `gen-stress pdf IN.md OUT.pdf` renders it (stress front matter) and prints
//! wall time, pages and peak RSS; run under `/usr/bin/time -v` for the whole
//! process figures.
//! `gen-stress project SCALE OUT.json` writes a full stress project: the
//! bundled example grown to 5,000 x SCALE SBOM components, 1,000 x SCALE risk
//! entries and 50 x SCALE prose chapters; `techfile export OUT.json --format
//! pdf` on it is the whole-process benchmark.
//! `gen-stress sbom COUNT OUT.cdx.json [ITEM]` writes a CycloneDX 1.6 SBOM of
//! COUNT components (licences, hashes, suppliers, a dependency chain) whose
//! subject is ITEM (default `stress-service`): the input of the import
//! progress tests and of the import timing (5,000 is the figure).

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
        Some("project") if args.len() == 4 => {
            let scale: usize = args[2].parse()?;
            let text = stress_project(scale.max(1))?;
            // Prove that it loads before anyone benchmarks it.
            techfile::store::from_str(&text, std::path::Path::new(&args[3]))?;
            std::fs::write(&args[3], text)?;
        }
        Some("sbom") if args.len() == 4 || args.len() == 5 => {
            let count: usize = args[2].parse()?;
            let item = args.get(4).map_or("stress-service", String::as_str);
            let text = techfile::sbom::stress::stress_sbom(count, item);
            // Prove that it imports before anyone measures it.
            techfile::sbom::import::parse(text.as_bytes(), &args[3])?;
            std::fs::write(&args[3], text)?;
        }
        _ => {
            eprintln!("usage: gen-stress md SCALE OUT.md | gen-stress pdf IN.md OUT.pdf | gen-stress project SCALE OUT.json | gen-stress sbom COUNT OUT.cdx.json [ITEM]");
            std::process::exit(2);
        }
    }
    Ok(())
}

/// The bundled example with its SBOM, risk register and chapters multiplied.
fn stress_project(scale: usize) -> anyhow::Result<String> {
    use serde_json::Value;
    let mut v: Value = serde_json::from_str(techfile::example::EXAMPLE_JSON)?;
    let comps = v["sbom"]["components"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::with_capacity(5000 * scale);
    for k in 0..5000 * scale {
        let Some(base) = comps.get(k % comps.len().max(1)) else {
            break;
        };
        let mut c = base.clone();
        let name = format!("{}-{}", c["name"].as_str().unwrap_or("component"), k);
        let purl = format!("pkg:generic/stress/{name}@1.{}.{}", k % 50, k % 7);
        c["id"] = Value::from(purl.clone());
        c["purl"] = Value::from(purl);
        c["name"] = Value::from(name.clone());
        c["source_ref"] = Value::from(name);
        c["depends_on"] = Value::Array(Vec::new());
        c["parent"] = Value::from("");
        out.push(c);
    }
    v["sbom"]["components"] = Value::Array(out);
    v["sbom"]["vulnerabilities"] = Value::Array(Vec::new());
    let entries = v["risk"]["entries"].as_array().cloned().unwrap_or_default();
    let mut risks = Vec::with_capacity(1000 * scale);
    for k in 0..1000 * scale {
        let Some(base) = entries.get(k % entries.len().max(1)) else {
            break;
        };
        let mut e = base.clone();
        e["id"] = Value::from(format!("HAZ-S{k:05}"));
        if let Some(ctrls) = e["controls"].as_array_mut() {
            for (j, c) in ctrls.iter_mut().enumerate() {
                c["id"] = Value::from(format!("RC-S{k:05}-{j}"));
                // A risk a control introduces is the copy of that entry in
                // the same cycle (the first cycle's when this one is cut short).
                if let Some(new) = c["new_risks"].as_array_mut() {
                    for r in new.iter_mut() {
                        let Some(i) = entries.iter().position(|x| x["id"] == *r) else {
                            continue;
                        };
                        let n = entries.len();
                        let mut target = k / n * n + i;
                        if target >= 1000 * scale {
                            target = i;
                        }
                        *r = Value::from(format!("HAZ-S{target:05}"));
                    }
                }
            }
        }
        e["links"]["components"] = Value::Array(Vec::new());
        e["links"]["vulnerabilities"] = Value::Array(Vec::new());
        risks.push(e);
    }
    v["risk"]["entries"] = Value::Array(risks);
    let chapters = v["chapters"].as_array().cloned().unwrap_or_default();
    let mut all = chapters.clone();
    for k in 0..50 * scale {
        let Some(base) = chapters.get(k % chapters.len().max(1)) else {
            break;
        };
        let mut c = base.clone();
        c["id"] = Value::from(format!("stress-chapter-{k}"));
        c["title"] = Value::from(format!("Stress section {}", k + 1));
        c["body"] = Value::from(techfile::pdf::stress::stress_chapter_body(k));
        all.push(c);
    }
    v["chapters"] = Value::Array(all);
    Ok(serde_json::to_string_pretty(&v)? + "\n")
}
