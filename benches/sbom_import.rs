//! SBOM import benchmark (a bench binary, not a timed test): the 1,115-component
//! juice-shop SBOM from the corpus and generated 3,000- and 50,000-component
//! CycloneDX 1.6 JSON files. For each it prints the in-process import time
//! (best and median of several runs), the whole-process time of
//! `techfile inspect sbom --json FILE` (median), and the peak RSS of that
//! process (from /usr/bin/time when present).
//!
//! Run: `cargo bench --bench sbom_import`. Goals (issue 3): 3,000 components
//! <= 60 ms whole process; 50,000 <= 1 s; memory proportional to the input.
//! Issue 16: a 2,875-component CycloneDX JSON <= 60 ms whole process, also
//! with `--profile bsi-tr-03183-2`; the process times are printed as median
//! and p95.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;

fn generate(n: usize) -> String {
    let licences = [
        "MIT",
        "Apache-2.0",
        "BSD-3-Clause",
        "ISC",
        "MIT OR Apache-2.0",
    ];
    let mut comps = Vec::with_capacity(n);
    let mut deps = Vec::with_capacity(n + 1);
    for i in 0..n {
        let name = format!("package-{i:05}");
        let version = format!("{}.{}.{}", i % 7, i % 13, i % 29);
        let purl = format!("pkg:npm/{name}@{version}");
        let lic = licences[i % licences.len()];
        let licenses = if lic.contains(' ') {
            json!([{"expression": lic}])
        } else {
            json!([{"license": {"id": lic}}])
        };
        comps.push(json!({
            "bom-ref": purl,
            "type": "library",
            "supplier": {"name": format!("Supplier {}", i % 97)},
            "name": name,
            "version": version,
            "description": "A generated component for the import benchmark",
            "hashes": [{"alg": "SHA-256", "content": format!("{:064x}", (i as u128) * 0x9e37_79b9_7f4a_7c15)}],
            "licenses": licenses,
            "purl": purl,
            "scope": "required",
        }));
        let on: Vec<String> = (1..=3)
            .filter_map(|k| i.checked_sub(k * 17))
            .map(|j| format!("pkg:npm/package-{j:05}@{}.{}.{}", j % 7, j % 13, j % 29))
            .collect();
        deps.push(json!({"ref": purl, "dependsOn": on}));
    }
    let bom = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2026-10-12T09:14:03Z",
            "authors": [{"name": "bench"}],
            "component": {"bom-ref": "root", "type": "application", "name": "root", "version": "1.0.0"}
        },
        "components": comps,
        "dependencies": deps,
    });
    serde_json::to_string_pretty(&bom).unwrap_or_default()
}

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn in_process(path: &Path, runs: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let p = techfile::sbom::import::read_file(path);
        times.push(t.elapsed());
        n = p.map(|p| p.document.component_count).unwrap_or(0);
    }
    let (best, median) = stats(times);
    (best, median, n)
}

/// Median and p95 of `runs` runs of `techfile inspect sbom --json [extra] FILE`.
fn whole_process(bin: &str, path: &Path, runs: usize, extra: &[&str]) -> (Duration, Duration) {
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let ok = Command::new(bin)
            .args(["inspect", "sbom", "--json"])
            .args(extra)
            .arg(path)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        times.push(t.elapsed());
        if !ok {
            eprintln!("inspect failed on {}", path.display());
        }
    }
    times.sort();
    let p95 = times[((times.len() * 95).div_ceil(100)).saturating_sub(1)];
    (times[times.len() / 2], p95)
}

/// Peak RSS in KiB of one `inspect` run, through GNU time's `%M`.
fn peak_rss_kib(bin: &str, path: &Path) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", bin, "inspect", "sbom", "--json"])
        .arg(path)
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines().last()?.trim().parse().ok()
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_techfile");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inputs: Vec<(String, PathBuf)> = Vec::new();
    let juice = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/sbom/cyclonedx/valid/bomex/SBOM/juice-shop/via_npm/flat/bom.1.4.json"
    ));
    if juice.is_file() {
        inputs.push(("juice-shop (corpus)".into(), juice));
    } else {
        eprintln!("corpus not found; skipping the juice-shop input");
    }
    for n in [2_875usize, 3_000, 50_000] {
        let p = dir.path().join(format!("generated-{n}.cdx.json"));
        std::fs::write(&p, generate(n)).expect("write generated SBOM");
        inputs.push((format!("generated {n}"), p));
    }
    // Warm the page cache and the binary.
    for (_, p) in &inputs {
        let _ = whole_process(bin, p, 1, &[]);
    }
    println!(
        "{:<22} {:>10} {:>10} {:>14} {:>14} {:>16} {:>13} {:>12}",
        "input",
        "components",
        "size MiB",
        "in-proc best",
        "in-proc med",
        "process median",
        "process p95",
        "peak RSS MiB"
    );
    for (name, p) in &inputs {
        let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / (1024.0 * 1024.0);
        let runs = if name.contains("50000") { 5 } else { 20 };
        let (best, median, n) = in_process(p, runs);
        let (proc_median, proc_p95) = whole_process(bin, p, runs, &[]);
        let rss = peak_rss_kib(bin, p)
            .map(|k| format!("{:.1}", k as f64 / 1024.0))
            .unwrap_or_else(|| "n/a".into());
        println!(
            "{name:<22} {n:>10} {size:>10.2} {:>11.1} ms {:>11.1} ms {:>13.1} ms {:>10.1} ms {rss:>12}",
            ms(best),
            ms(median),
            ms(proc_median),
            ms(proc_p95)
        );
        if name.contains("2875") {
            let runs = 40;
            let (m, p95) = whole_process(bin, p, runs, &["--profile", "bsi-tr-03183-2"]);
            println!(
                "{:<22} {n:>10} {size:>10.2} {:>14} {:>14} {:>13.1} ms {:>10.1} ms",
                "  --profile bsi",
                "",
                "",
                ms(m),
                ms(p95)
            );
            let verdict = if m.as_millis() <= 60 {
                "meets"
            } else {
                "MISSES"
            };
            println!(
                "  2,875 components: median {:.1} ms {verdict} the 60 ms goal",
                ms(m)
            );
        }
    }
}
