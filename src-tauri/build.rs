// Declares the app's commands so tauri-build generates one `allow-*`
// permission per command; capabilities/main.json then grants exactly those.
// With an app manifest, a command not listed here is denied to the webview.

const COMMANDS: &[&str] = &[
    "initial_project",
    "open_project",
    "save_project",
    "check_project",
    "export_project",
    "set_dirty",
];

fn main() {
    // The UI is embedded from ../ui/dist at compile time; a missing build
    // would otherwise surface as an obscure proc-macro error.
    let dist = std::path::Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !dist.exists() {
        println!(
            "cargo:warning=ui/dist is missing: run `npm --prefix ui ci && npm --prefix ui run build` first"
        );
    }
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
