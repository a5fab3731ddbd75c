//! Helpers shared by the CLI integration tests: run `techfile` and read what
//! it printed, so each test states only its arguments and expectations.
#![allow(dead_code)] // each test file uses a subset

use std::ffi::OsStr;
use std::process::Output;

/// What one run of `techfile` gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout as JSON (panics with both streams when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
    /// Asserts the exit code, showing stderr when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "stderr: {}", self.stderr);
        self
    }
}

/// Runs `techfile` with `args`.
pub fn run_cli<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_cli_in(None, args)
}

/// Runs `techfile` with `args` in `dir` (the test's directory when `None`).
pub fn run_cli_in<I, S>(dir: Option<&std::path::Path>, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_cli_with(dir, args, None)
}

/// Runs `techfile` with `args`, killed after `timeout` (for inputs that
/// used to block: the run then has no exit code).
pub fn run_cli_within<I, S>(args: I, timeout: Option<std::time::Duration>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_cli_with(None, args, timeout)
}

fn run_cli_with<I, S>(
    dir: Option<&std::path::Path>,
    args: I,
    timeout: Option<std::time::Duration>,
) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = assert_cmd::Command::cargo_bin("techfile").expect("techfile binary");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.args(args);
    if let Some(t) = timeout {
        cmd.timeout(t);
    }
    let out: Output = cmd.output().expect("techfile runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Whether an import report holds a warning whose message contains every
/// one of `needles`.
pub fn warned(report: &techfile::diag::ImportReport, needles: &[&str]) -> bool {
    report
        .warnings
        .iter()
        .any(|w| needles.iter().all(|n| w.message.contains(n)))
}

/// The shared corpus (`../shared/corpus`) when its SBOM manifest is there;
/// `None` with a note when not, and a failure when `CI` is set.
pub fn sbom_corpus() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    if dir.join("sbom/MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "corpus not found at {} (required when CI is set)",
            dir.display()
        );
    }
    eprintln!("skipping: corpus not found at {}", dir.display());
    None
}

/// `techfile export` of the bundled example's part `part` as Markdown.
pub fn example_part_md(part: &str) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join(format!("{part}.md"));
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ecg-arrhythmia/techfile.json"
    );
    let out_s = out.to_string_lossy().into_owned();
    run_cli([
        "export", example, "--format", "md", "--part", part, "-o", &out_s,
    ])
    .expect_code(0);
    std::fs::read_to_string(&out).expect("written")
}
