// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `techfile-desktop [PROJECT | --example]`: opens PROJECT (or
//! `$TECHFILE_OPEN`), or the bundled example, in the desktop app; with
//! neither it shows the start screen.

use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc for the Rust side: see Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let arg = args.next().map(PathBuf::from);
    if let Some(a) = &arg {
        if a.to_str().is_some_and(|s| s == "--help" || s == "-h") {
            println!(
                "Usage: techfile-desktop [PROJECT | --example]\n\n\
                 Opens PROJECT (a techfile.json) or $TECHFILE_OPEN; --example opens the bundled\n\
                 example; with neither, the start screen offers new, example, open and the\n\
                 recent projects."
            );
            return ExitCode::SUCCESS;
        }
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "techfile-desktop: no display (neither DISPLAY nor WAYLAND_DISPLAY is set); \
             use the `techfile` CLI to export without a window"
        );
        return ExitCode::from(2);
    }
    match techfile_desktop::run(arg) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("techfile-desktop: {e}");
            ExitCode::FAILURE
        }
    }
}
