//! The WebDriver harness shared by the end-to-end tests (tests/desktop/e2e.rs,
//! ai_e2e.rs, risk_e2e.rs, sbom_e2e.rs): tauri-driver starts the built
//! `techfile-desktop` under WebKitWebDriver and the tests drive its window.
//!
//! They need a display (Xvfb), `tauri-driver` and `WebKitWebDriver`, so they
//! are `#[ignore]`d; scripts/e2e.sh runs them with `TECHFILE_E2E=1` and
//! `-- --include-ignored`.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

pub const WAIT: Duration = Duration::from_secs(30);

/// Fails an end-to-end test that was included without its setup, rather
/// than letting it hang on a missing display or driver.
pub fn require_e2e() {
    assert!(
        std::env::var("TECHFILE_E2E").is_ok_and(|v| v == "1"),
        "end-to-end tests need a display, tauri-driver and TECHFILE_E2E=1: run scripts/e2e.sh"
    );
}

pub fn app_binary() -> PathBuf {
    std::env::var_os("TECHFILE_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_techfile-desktop")))
}

/// A local port free now, chosen below the kernel's ephemeral range: a
/// port the kernel hands out for `bind(0)` is free only until the next
/// outgoing connection takes it, before WebKitWebDriver binds it (seen in
/// CI: "Unable to listen for HTTP server at host 127.0.0.1 and port …").
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let low: u32 = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(32768);
    let (from, to) = (10_000u32, low.max(10_001));
    let span = to - from;
    let start = std::process::id().wrapping_mul(7919);
    for _ in 0..span.min(5000) {
        let p = from + (start.wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed) * 17)) % span;
        if let Ok(l) = TcpListener::bind(("127.0.0.1", p as u16)) {
            drop(l);
            return p as u16;
        }
    }
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A running tauri-driver. Dropping it stops it with SIGTERM: SIGKILL would
/// leave WebKitWebDriver behind, holding its port, and the next run hangs.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start(env: &[(&str, &Path)]) -> Driver {
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
            // Started without a project the app shows its start screen;
            // the tests start on the bundled example unless they set
            // TECHFILE_START="" (start_e2e.rs).
            .env("TECHFILE_START", "example")
            // An untitled project's recovery file goes here, not into the
            // user's data dir, where the next test would find it offered.
            .env(
                "TECHFILE_RECOVERY_DIR",
                std::env::temp_dir().join(format!("techfile-e2e-recovery-{port}")),
            )
            // Likewise the recent projects list (a test may set its own).
            .env(
                "TECHFILE_RECENT_FILE",
                std::env::temp_dir().join(format!("techfile-e2e-recent-{port}.json")),
            )
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("tauri-driver runs (cargo install tauri-driver --version ^2 --locked)");
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

    /// The process id of this tauri-driver: the app it starts descends from it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A WebDriver session with the app, started with `args`.
    pub async fn session(&self, args: &[&str]) -> Client {
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": app_binary(),
                "args": args,
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("a JSON object")
        };
        // tauri-driver starts WebKitWebDriver on demand and forwards the
        // new-session request at once; on a loaded machine WebKitWebDriver
        // may not listen yet and the request fails with a connection error
        // (seen: hyper IncompleteMessage). A few spaced retries absorb that
        // start-up race; a real failure still fails after the last one.
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut last = None;
        for attempt in 0..4u64 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(1500 * attempt)).await;
            }
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return client,
                Err(e) => {
                    eprintln!("WebDriver session attempt {} failed: {e:?}", attempt + 1);
                    last = Some(e);
                }
            }
        }
        panic!("a WebDriver session with the app: {last:?}")
    }
}

/// The parent of process `pid`, from /proc (None once it is gone).
fn parent_pid(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// Whether `pid` still runs (a zombie waiting to be reaped does not).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = &stat[stat.rfind(')')? + 2..];
            rest.split_whitespace().next().map(|state| state != "Z")
        })
        .unwrap_or(false)
}

/// Every process that descends from `root`: WebKitWebDriver and the app.
fn descendants(root: u32) -> Vec<u32> {
    let all: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .map(|dir| {
            dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(|pid| Some((pid, parent_pid(pid)?)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = vec![];
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for &(pid, parent) in &all {
            if parent == p && !out.contains(&pid) {
                out.push(pid);
                frontier.push(pid);
            }
        }
    }
    out
}

impl Drop for Driver {
    /// Stops tauri-driver and whatever it started, and waits until they are
    /// gone: an app left running would keep its window on the shared
    /// display into the next test.
    fn drop(&mut self) {
        let children = descendants(self.child.id());
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for pid in &children {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        let start = Instant::now();
        let mut driver_gone = false;
        while start.elapsed() < Duration::from_secs(10) {
            driver_gone = driver_gone || matches!(self.child.try_wait(), Ok(Some(_)));
            let alive = children.iter().any(|pid| running(*pid));
            if driver_gone && !alive {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        for pid in &children {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Clicks a button once it is enabled (buttons are disabled while busy).
pub async fn click(c: &Client, css: &str) {
    let el = find(c, css).await;
    until(&format!("{css} to be enabled"), || async {
        el.prop("disabled").await.ok().flatten().as_deref() != Some("true")
    })
    .await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits for the unsaved mark, saves with Ctrl+S typed into the element
/// `css` (U+E009 is WebDriver's Control key) and waits until the mark goes.
pub async fn save_with_ctrl_s(c: &Client, css: &str) {
    until("the unsaved mark", || {
        present(c, r#"[data-testid="dirty"]"#)
    })
    .await;
    find(c, css)
        .await
        .send_keys("\u{E009}s\u{E000}")
        .await
        .expect("Ctrl+S");
    until("the save", || async {
        !present(c, r#"[data-testid="dirty"]"#).await
    })
    .await;
}

/// Whether an element matching `css` is in the page now.
/// How many elements match `css` now (counted in the page: a list of
/// element handles for 735 preview pages would be slow).
pub async fn count(c: &Client, css: &str) -> u64 {
    c.execute(
        "return document.querySelectorAll(arguments[0]).length",
        vec![css.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("count of {css}: {e}"))
    .as_u64()
    .unwrap_or_else(|| panic!("count of {css}: not a number"))
}

pub async fn present(c: &Client, css: &str) -> bool {
    c.find_all(Locator::Css(css))
        .await
        .map(|v| !v.is_empty())
        .unwrap_or(false)
}

pub async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
}

/// A property of the element `css` (see `read`).
pub async fn prop_of(c: &Client, css: &str, name: &str) -> String {
    read(c, css, Read::Property(name)).await
}

/// An attribute of the element `css` (see `read`).
pub async fn attr(c: &Client, css: &str, name: &str) -> String {
    read(c, css, Read::Attribute(name)).await
}

enum Read<'a> {
    Property(&'a str),
    Attribute(&'a str),
}

/// A property or attribute of the element `css`. The UI re-renders while
/// it loads a project, so an element found a moment ago can be gone
/// ("stale"): the lookup is then made again, until `WAIT` runs out.
async fn read(c: &Client, css: &str, what: Read<'_>) -> String {
    let start = Instant::now();
    loop {
        let el = find(c, css).await;
        let got = match what {
            Read::Property(name) => el.prop(name).await,
            Read::Attribute(name) => el.attr(name).await,
        };
        match got {
            Ok(v) => return v.unwrap_or_default(),
            Err(e) if is_stale(&e) && start.elapsed() < WAIT => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => match what {
                Read::Property(name) => panic!("property {name} of {css}: {e}"),
                Read::Attribute(name) => panic!("attribute {name} of {css}: {e}"),
            },
        }
    }
}

fn is_stale(e: &fantoccini::error::CmdError) -> bool {
    matches!(
        e,
        fantoccini::error::CmdError::Standard(w)
            if w.error == fantoccini::error::ErrorStatus::StaleElementReference
    )
}

pub async fn value(c: &Client, css: &str) -> String {
    prop_of(c, css, "value").await
}

/// Polls `probe` until it holds.
pub async fn until<F, Fut>(what: &str, mut probe: F)
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

/// Clicks the import button `button` (its dialog answers through the test
/// seam) and returns the text of the report element `report` it brings up.
pub async fn import_and_report(c: &Client, button: &str, report: &str) -> String {
    find(c, button)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {button}: {e}"));
    find(c, report).await.text().await.expect("report text")
}

/// The text of the element `css` (empty when it has none).
pub async fn text_of(c: &Client, css: &str) -> String {
    find(c, css).await.text().await.unwrap_or_default()
}
