//! Headless Chromium driven through chromedriver with fantoccini: finds the
//! tools, starts a chromedriver on a free port and a fresh browser session,
//! and wraps the few WebDriver calls the tests need (console log included).

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// Chromium and chromedriver, where the environment or Debian puts them.
pub(crate) struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Tools {
    /// The tools, or why the browser tests cannot run.
    pub(crate) fn find() -> Result<Tools, String> {
        let chromium = tool("DOJO_CHROMIUM", "/usr/bin/chromium")?;
        let chromedriver = tool("DOJO_CHROMEDRIVER", "/usr/bin/chromedriver")?;
        Ok(Tools {
            chromium,
            chromedriver,
        })
    }
}

fn tool(var: &str, default: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} not found (set {var})", path.display()))
    }
}

/// The axe-core script named by `DOJO_AXE`, or why it is not there.
pub(crate) fn axe_script() -> Result<String, String> {
    let path = std::env::var_os("DOJO_AXE").ok_or("DOJO_AXE is not set (axe-core)")?;
    std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read DOJO_AXE={}: {e}",
            PathBuf::from(path).display()
        )
    })
}

/// A chromedriver process on a free local port, killed when dropped.
pub(crate) struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    pub(crate) fn start(tools: &Tools) -> Chromedriver {
        let port = free_port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Chromedriver { child, port };
        driver.wait_until_listening();
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn wait_until_listening(&self) {
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start listening on port {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ask the OS for a port nobody uses; chromedriver binds it right after.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Chromium session; cheap to clone (clones share the session).
#[derive(Clone)]
pub(crate) struct Browser {
    client: Client,
}

impl Browser {
    /// A fresh headless Chromium whose profile lives in `profile`.
    pub(crate) async fn open(
        driver: &Chromedriver,
        tools: &Tools,
        profile: &std::path::Path,
    ) -> Browser {
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": chromium_args(profile),
            },
            "goog:loggingPrefs": { "browser": "ALL" },
            "timeouts": { "pageLoad": 20_000, "script": 30_000, "implicit": 0 },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        // Plain HTTP: chromedriver is on localhost, so no TLS stack is needed.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("cannot start Chromium through chromedriver: {e}"));
        Browser { client }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) async fn close(self) {
        let _ = self.client.close().await;
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    pub(crate) async fn url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    pub(crate) async fn title(&self) -> String {
        self.client.title().await.unwrap()
    }

    /// Run `script` (a function body; `arguments` holds `args`) in the page.
    pub(crate) async fn eval(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The first element matching the CSS `selector`.
    pub(crate) async fn find(&self, selector: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(selector)).await {
            Ok(element) => element,
            Err(e) => panic!("no element {selector} on {}: {e}", self.url().await),
        }
    }

    /// Click the first `selector`, then wait until the page at `url` loaded.
    pub(crate) async fn click_to(&self, selector: &str, url: &str) {
        self.find(selector).await.click().await.unwrap();
        let want = url::Url::parse(url).unwrap();
        let waited = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_url(&want)
            .await;
        assert!(
            waited.is_ok(),
            "clicking {selector} led to {}, not {url}",
            self.url().await
        );
        self.wait_for_load().await;
    }

    /// Wait until the document and its deferred scripts have run.
    pub(crate) async fn wait_for_load(&self) {
        let start = Instant::now();
        while self.eval("return document.readyState", vec![]).await != "complete" {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "page never loaded"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Resize the window so the page's viewport is `width` x `height` CSS
    /// pixels. The window's frame, if any, comes on top, and a busy machine
    /// may apply a resize late, so measure and correct until it fits.
    pub(crate) async fn set_viewport(&self, width: u32, height: u32) {
        let want = (i64::from(width), i64::from(height));
        let mut window = want;
        let mut inner = (0, 0);
        for _ in 0..20 {
            let (w, h) = (u32::try_from(window.0), u32::try_from(window.1));
            self.client
                .set_window_size(w.unwrap(), h.unwrap())
                .await
                .unwrap();
            inner = self.inner_size().await;
            if inner == want {
                return;
            }
            window = (window.0 + want.0 - inner.0, window.1 + want.1 - inner.1);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("viewport is {inner:?}, not {want:?}");
    }

    async fn inner_size(&self) -> (i64, i64) {
        let size = self
            .eval("return [window.innerWidth, window.innerHeight]", vec![])
            .await;
        (size[0].as_i64().unwrap(), size[1].as_i64().unwrap())
    }

    /// The browser console's SEVERE entries since the last call (errors,
    /// uncaught exceptions, failed loads, CSP refusals).
    pub(crate) async fn console_errors(&self) -> Vec<String> {
        let entries = self.timed_console_errors().await;
        entries.into_iter().map(|(_, message)| message).collect()
    }

    /// Like `console_errors`, each with its time in ms since the Unix epoch.
    pub(crate) async fn timed_console_errors(&self) -> Vec<(f64, String)> {
        let entries = self.client.issue_cmd(BrowserLog).await.unwrap();
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| {
                let time = e["timestamp"].as_f64().unwrap_or_default();
                (time, e["message"].as_str().unwrap_or_default().to_string())
            })
            .collect()
    }

    pub(crate) async fn screenshot(&self) -> Vec<u8> {
        self.client.screenshot().await.unwrap()
    }
}

/// Flags for a quiet, reproducible, isolated headless Chromium.
fn chromium_args(profile: &std::path::Path) -> Vec<String> {
    let fixed = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,900",
    ];
    let mut args: Vec<String> = fixed.iter().map(ToString::to_string).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args
}

/// chromedriver's (non-W3C) log endpoint, which fantoccini has no method for:
/// it returns and clears the entries collected under `goog:loggingPrefs`.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}
