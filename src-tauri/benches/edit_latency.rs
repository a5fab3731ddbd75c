//! Edit-to-findings latency of the desktop app on the stress project (the
//! bundled example grown to 5,000 SBOM components, 1,000 risk entries and 50
//! prose chapters by `gen-stress project 1`). Prints the median and p95 over
//! a series of one-field edits; asserts nothing about time.
//!
//! Old path, as the UI used to do it: the whole project crosses IPC on each
//! edit (serialised as the webview sends it, read by Tauri into a JSON value,
//! validated as a project file, checked, findings serialised back).
//!
//! New path: the backend holds the project (`session::Session`); one edit
//! crosses (read from its JSON as Tauri reads the `edits` argument), is
//! applied and validated on the piece of the model that holds it, the
//! project is checked, and the answer (value, findings) is serialised.
//!
//! Both include the whole `check`, which is the same on both paths; its
//! time alone is printed too.
//!
//! `cargo bench -p techfile-desktop --bench edit_latency`; set
//! `TECHFILE_STRESS_PROJECT=FILE` to measure another project instead of
//! generating the stress project.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use techfile::TechFile;
use techfile_desktop::edit::Edit;
use techfile_desktop::session::Session;

const EDITS: usize = 60;
const WARMUP: usize = 5;

fn fail(msg: String) -> ! {
    eprintln!("edit_latency: {msg}");
    std::process::exit(1)
}

/// The project to measure: `TECHFILE_STRESS_PROJECT`, else the stress
/// project written by the core crate's `gen-stress` into `dir`.
fn stress_project(dir: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("TECHFILE_STRESS_PROJECT") {
        return PathBuf::from(p);
    }
    let out = dir.join("stress.json");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "techfile",
            "--bin",
            "gen-stress",
            "--",
            "project",
            "1",
        ])
        .arg(&out)
        .status()
        .unwrap_or_else(|e| fail(format!("cannot run gen-stress: {e}")));
    if !status.success() {
        fail(format!("gen-stress failed: {status}"));
    }
    out
}

/// The `i`th edit of the series: a field of the device, of a risk entry or
/// of an SBOM component's SOUP record, with a new text each time.
fn edit(i: usize, tf: &TechFile) -> (String, String) {
    let text = format!("edited {i}");
    match i % 3 {
        0 => ("device.trade_name".into(), text),
        1 => {
            let n = (i * 37) % tf.risk.entries.len().max(1);
            (format!("risk.entries[{n}].hazard"), text)
        }
        _ => {
            let n = (i * 101) % tf.sbom.components.len().max(1);
            (format!("sbom.components[{n}].soup.requirements"), text)
        }
    }
}

/// Sets the string at `path` (one of `edit`'s) in the UI's copy.
fn set_in(tf: &mut TechFile, path: &str, text: String) {
    let index = |p: &str| -> usize {
        p.split('[')
            .nth(1)
            .and_then(|s| s.split(']').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    if path == "device.trade_name" {
        tf.device.trade_name = text;
    } else if path.starts_with("risk.") {
        tf.risk.entries[index(path)].hazard = text;
    } else {
        tf.sbom.components[index(path)].soup.requirements = text;
    }
}

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = times[times.len() / 2];
    let p95 = times[(times.len() * 95).div_ceil(100) - 1];
    println!(
        "{name}: median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms over {} edits",
        ms(median),
        ms(p95),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

/// One edit the old way; returns the findings JSON (so nothing is optimised away).
fn old_path(ui: &TechFile) -> String {
    // The webview serialises the whole project into the IPC request...
    let request = serde_json::to_string(ui).unwrap_or_else(|e| fail(e.to_string()));
    // ...Tauri reads the `techfile` argument into a JSON value...
    let value: serde_json::Value =
        serde_json::from_str(&request).unwrap_or_else(|e| fail(e.to_string()));
    // ...`check_project` validated it as a project file (as the old
    // `actions::parse_project` did) and checked it...
    let text = serde_json::to_string(&value).unwrap_or_else(|e| fail(e.to_string()));
    let tf = techfile::store::from_str(&text, Path::new("(editor)"))
        .unwrap_or_else(|e| fail(e.to_string()));
    let findings = techfile::check::check(&tf);
    // ...and the findings go back as JSON.
    serde_json::to_string(&findings).unwrap_or_else(|e| fail(e.to_string()))
}

fn main() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(format!("no temporary directory: {e}")));
    let path = stress_project(dir.path());
    let tf = techfile::store::load(&path).unwrap_or_else(|e| fail(e.to_string()));
    println!(
        "{}: {} SBOM components, {} risk entries, {} chapters, {} findings",
        path.display(),
        tf.sbom.components.len(),
        tf.risk.entries.len(),
        tf.chapters.len(),
        techfile::check::check(&tf).len()
    );

    let mut ui = tf.clone();
    let mut times = Vec::new();
    for i in 0..WARMUP + EDITS {
        let (p, text) = edit(i, &ui);
        set_in(&mut ui, &p, text);
        let t = Instant::now();
        std::hint::black_box(old_path(&ui));
        if i >= WARMUP {
            times.push(t.elapsed());
        }
    }
    stats("before (whole project over IPC)", times);

    let mut session = Session::new(None, tf.clone());
    let mut times = Vec::new();
    for i in 0..WARMUP + EDITS {
        let (p, text) = edit(i, session.techfile());
        let t = Instant::now();
        std::hint::black_box(new_path(&mut session, p, text));
        if i >= WARMUP {
            times.push(t.elapsed());
        }
    }
    stats("after (one edit to the held project)", times);

    let mut times = Vec::new();
    for _ in 0..EDITS {
        let t = Instant::now();
        std::hint::black_box(techfile::check::check(session.techfile()));
        times.push(t.elapsed());
    }
    stats("check alone (in both)", times);
}

/// One edit the new way; returns the answer's JSON.
fn new_path(session: &mut Session, path: String, text: String) -> String {
    // The webview sends the edit; Tauri reads the `edits` argument...
    let request =
        serde_json::to_string(&[Edit::set(path, text)]).unwrap_or_else(|e| fail(e.to_string()));
    let edits: Vec<Edit> = serde_json::from_str(&request).unwrap_or_else(|e| fail(e.to_string()));
    // ...`edit` applies it to the held project and checks it...
    let update = session.edit(&edits).unwrap_or_else(|e| fail(e.to_string()));
    // ...and the answer goes back as JSON.
    serde_json::to_string(&update).unwrap_or_else(|e| fail(e.to_string()))
}
