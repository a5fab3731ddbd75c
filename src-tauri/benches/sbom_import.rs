//! The desktop's SBOM import of the 5,000-component stress SBOM
//! (`techfile::sbom::stress`, as `gen-stress sbom 5000` writes it) into the
//! bundled example, stage by stage as the progress bar sees them: the
//! library's stages (`sbom.read` .. `sbom.merge`), then the check and the
//! answer (`Session::change`) and its serialisation for the IPC. Prints
//! the median of each stage's time and its share, which is where
//! `sbom_commands::IMPORT_STAGES` comes from; asserts nothing about time.
//!
//! `cargo bench -p techfile-desktop --bench sbom_import`

use std::sync::Mutex;
use std::time::{Duration, Instant};

use techfile::util::Observer;
use techfile_desktop::sbom_commands;
use techfile_desktop::session::Session;

const RUNS: usize = 9;

/// The time at which each stage ended.
struct Clock(Mutex<Vec<(String, Instant)>>);

impl Observer for Clock {
    fn stage(&self, name: &str) {
        if let Ok(mut v) = self.0.lock() {
            v.push((name.to_string(), Instant::now()));
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stress.cdx.json");
    std::fs::write(
        &path,
        techfile::sbom::stress::stress_sbom(5000, "stress-service"),
    )
    .expect("write the SBOM");
    let mut runs: Vec<Vec<(String, Duration)>> = Vec::new();
    for _ in 0..RUNS {
        let mut s = Session::new(None, techfile::example::example().expect("example"));
        let clock = Clock(Mutex::new(Vec::new()));
        let t0 = Instant::now();
        let parsed = sbom_commands::parse(&path, &clock).expect("parses");
        let out = sbom_commands::attach(&mut s, parsed, None, &clock).expect("imports");
        let checked = Instant::now();
        let json = serde_json::to_vec(&out.update).expect("serialises");
        let sent = Instant::now();
        std::hint::black_box(json.len());
        let mut last = t0;
        let mut stages = Vec::new();
        for (name, at) in clock.0.into_inner().expect("clock") {
            stages.push((name, at - last));
            last = at;
        }
        stages.push(("sbom.check".into(), checked - last));
        stages.push(("(answer serialised)".into(), sent - checked));
        runs.push(stages);
    }
    let names: Vec<String> = runs[0].iter().map(|(n, _)| n.clone()).collect();
    let medians: Vec<Duration> = (0..names.len())
        .map(|i| {
            let mut v: Vec<Duration> = runs.iter().map(|r| r[i].1).collect();
            v.sort();
            v[v.len() / 2]
        })
        .collect();
    let total: Duration = medians.iter().sum();
    println!("SBOM import of 5,000 components into the example, median of {RUNS}:");
    for (n, d) in names.iter().zip(&medians) {
        println!(
            "  {n:<22} {:>7.1} ms  {:>4.0} %",
            d.as_secs_f64() * 1e3,
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!("  {:<22} {:>7.1} ms", "total", total.as_secs_f64() * 1e3);
}
