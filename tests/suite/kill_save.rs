//! kill -9 during saves never corrupts a project: a bounded loop kills
//! `techfile import` at varying moments while it saves a large project; the
//! project always loads afterwards (old or new content), and the next clean
//! save removes the temporary files the killed saves left behind.

use std::path::Path;
use std::process::Command;

const TECHFILE: &str = env!("CARGO_BIN_EXE_techfile");
const GEN: &str = env!("CARGO_BIN_EXE_gen-stress");

fn vex() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ecg-arrhythmia/sbom/cardiosense.openvex.json")
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tf-tmp-"))
        .collect()
}

#[test]
fn killed_saves_never_corrupt_the_project() {
    let dir = tempfile::tempdir().expect("dir");
    let project = dir.path().join("p.techfile.json");
    let st = Command::new(GEN)
        .arg("project")
        .arg("1")
        .arg(&project)
        .status()
        .expect("gen-stress");
    assert!(st.success());
    // One uninterrupted run tells how long load, import and save take here.
    let t = std::time::Instant::now();
    let st = import_vex(&project).status().expect("run");
    assert!(st.code().is_some_and(|c| c <= 1), "{st:?}");
    let full = t.elapsed();
    let mut killed_mid_write = 0;
    for i in 0..16u64 {
        let mut child = import_vex(&project).spawn().expect("spawn");
        // Spread the kills over load, import and the write itself.
        std::thread::sleep(full.mul_f64(0.4 + 0.6 * (i as f64) / 16.0));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !temporaries(dir.path()).is_empty() {
            killed_mid_write += 1;
        }
        techfile::store::load(&project)
            .unwrap_or_else(|e| panic!("after kill {i}: the project does not load: {e}"));
    }
    // The next save that completes cleans up after the killed ones.
    let st = import_vex(&project).status().expect("run");
    assert!(st.code().is_some_and(|c| c <= 1), "{st:?}");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    techfile::store::load(&project).expect("loads");
    eprintln!("{killed_mid_write} of 16 kills left a temporary file (killed mid-write)");
}

/// `techfile import vex PROJECT VEX`, quiet: the save the test kills.
fn import_vex(project: &std::path::Path) -> Command {
    let mut c = Command::new(TECHFILE);
    c.args(["import", "vex"])
        .arg(project)
        .arg(vex())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}
