// Declares the app's commands so tauri-build generates one `allow-*`
// permission per command; capabilities/main.json then grants exactly those.
// With an app manifest, a command not listed here is denied to the webview.

const COMMANDS: &[&str] = &[
    "initial_project",
    "open_project",
    "edit",
    "value_at",
    "save_project",
    "export_project",
    "set_dirty",
    "ai_catalogue",
    "import_model_card",
    "risk_view",
    "import_risks",
    "export_risks",
    "import_sbom",
    "import_vex",
    "compare_with",
    "undo",
    "redo",
    "restore_recovery",
    "discard_recovery",
    "add_document_file",
    "verify_documents",
    "gspr_requirements",
    "declaration_markdown",
    "clause_catalogue",
    "render_chapter_preview",
    "reference_targets",
    "task_progress",
    "cancel_task",
    "recent_files",
    "open_recent",
    "import_dropped",
    "preview_locate",
    "preview_pdf",
    "new_project",
];

fn main() {
    // The UI is embedded from ../ui/dist at compile time. Without a UI build
    // the crate would not compile at all (so neither would `cargo clippy` or
    // `cargo test` of the workspace); instead it embeds a page that says how
    // to build the UI, and warns.
    println!("cargo:rerun-if-changed=../ui/dist");
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        println!(
            "cargo:warning=ui/dist is missing: run `npm --prefix ui ci && npm --prefix ui run build` first; embedding a placeholder page"
        );
        let page = "<!doctype html><meta charset=\"utf-8\"><title>Techfile</title>\
            <p>The user interface was not built. Run <code>npm --prefix ui ci &amp;&amp; \
            npm --prefix ui run build</code>, then build the app again.</p>\n";
        if let Err(e) = std::fs::create_dir_all(dist)
            .and_then(|()| std::fs::write(dist.join("index.html"), page))
        {
            println!("cargo:warning=cannot write the placeholder page: {e}");
        }
    }
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
