//! End-to-end test of the SBOM view: the real app imports a corpus SBOM
//! through the (seamed) native open dialog and the view's component table
//! shows its components. Runs like tests/e2e.rs: only with `TECHFILE_E2E=1`
//! under Xvfb with tauri-driver (scripts/e2e.sh); a plain `cargo test` passes
//! with a note.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

const WAIT: Duration = Duration::from_secs(30);

fn enabled(test: &str) -> bool {
    if std::env::var("TECHFILE_E2E").is_ok_and(|v| v == "1") {
        return true;
    }
    eprintln!("skipping {test}: end-to-end tests run with TECHFILE_E2E=1 (scripts/e2e.sh)");
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A running tauri-driver, stopped with SIGTERM on drop (see tests/e2e.rs).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(env: &[(&str, &Path)]) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let mut cmd =
            Command::new(std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into()));
        cmd.args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env_remove("TECHFILE_OPEN")
            .env_remove("TECHFILE_DIALOG_OPEN")
            .env_remove("TECHFILE_DIALOG_SAVE_DIR")
            .env_remove("TECHFILE_DIALOG_CONFIRM")
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("tauri-driver runs");
        let driver = Driver { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < WAIT,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    async fn session(&self) -> Client {
        let app = std::env::var_os("TECHFILE_DESKTOP_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_techfile-desktop")));
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": [] }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("a JSON object")
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session with the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
}

async fn value(c: &Client, css: &str) -> String {
    find(c, css)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn attr(c: &Client, css: &str, name: &str) -> String {
    find(c, css)
        .await
        .attr(name)
        .await
        .expect("attr")
        .unwrap_or_default()
}

async fn until<F, Fut>(what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !probe().await {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn import_a_corpus_sbom_and_see_its_components() {
    if !enabled("import_a_corpus_sbom_and_see_its_components") {
        return;
    }
    let sbom = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/sbom/cyclonedx/valid/bomex/SBOM/laravel-7.12.0/bom.1.4.json");
    if !sbom.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "corpus missing at {} (CI is set)",
            sbom.display()
        );
        eprintln!("skipping: corpus not found at {}", sbom.display());
        return;
    }
    // The open dialog answers the SBOM (test seam of src-tauri/src/dialog.rs).
    let driver = Driver::start(&[("TECHFILE_DIALOG_OPEN", &sbom)]);
    let c = driver.session().await;

    find(&c, r#"[data-view="sbom"]"#)
        .await
        .click()
        .await
        .expect("SBOM view");
    // The bundled example's inventory is shown first.
    find(&c, r#"[data-component="pkg:pypi/annotated-types@0.7.0"]"#).await;

    find(&c, "#import-sbom")
        .await
        .click()
        .await
        .expect("import");
    let report = find(&c, r#"[data-testid="sbom-import-report"]"#).await;
    let text = report.text().await.expect("report text");
    assert!(text.contains("Imported 62 components"), "{text}");
    assert!(text.contains("cyclonedx-php-composer-demo"), "{text}");
    // The new item is selected: its 62 components, sorted by name.
    until("the item's components", || async {
        find(&c, r#"[data-testid="sbom-count"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
            .starts_with("62 of ")
    })
    .await;
    find(
        &c,
        r#"[data-component="pkg:composer/nesbot/carbon@2.63.0"]"#,
    )
    .await;
    // Search narrows the table; a row opens its SOUP fields.
    let search = find(&c, r#"[data-testid="sbom-search"]"#).await;
    search.send_keys("brick/math").await.expect("type");
    until("search applied", || async {
        find(&c, r#"[data-testid="sbom-count"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
            .starts_with("1 of ")
    })
    .await;
    find(&c, r#"[data-component="pkg:composer/brick/math@0.9.3"]"#)
        .await
        .click()
        .await
        .expect("row");
    let path = attr(&c, r#"[data-path$=".soup.requirements"]"#, "data-path").await;
    assert!(path.starts_with("sbom.components["), "{path}");
    let _ = value(&c, &format!(r#"[data-path="{path}"]"#)).await;
    if let Some(shot) = std::env::var_os("TECHFILE_SBOM_SCREENSHOT") {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&shot, png).expect("write the screenshot");
    }
    c.close().await.expect("close session");
}
