//! Every integration test of the desktop crate, in one test binary: each
//! binary links Tauri and WebKitGTK, so one per file cost minutes of linking
//! and gigabytes of disk. The end-to-end modules are `#[ignore]`d unless
//! scripts/e2e.sh runs them under Xvfb with `--include-ignored`.

mod support;

mod ai_e2e;
mod chapters_e2e;
mod compare_e2e;
mod completion_e2e;
mod drop_e2e;
mod e2e;
mod latency_e2e;
mod preview_e2e;
mod preview_locate_e2e;
mod progress_e2e;
mod recent_e2e;
mod recovery_e2e;
mod registers_e2e;
mod risk_e2e;
mod sbom_e2e;
mod security_config;
mod start_e2e;
mod stress_e2e;
mod undo_e2e;
mod views_e2e;
