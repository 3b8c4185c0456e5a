//! `dojo check --external`: read and parse the pages (no resolving, so links
//! are visited even when a reference elsewhere is broken) and visit their
//! external links with the config's `[check]` settings.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use crate::build::{self, BuildOptions};
use crate::check::{self, Report};
use crate::load;

/// Further tries after a failure that may pass (timeout, connection error, 5xx).
const RETRIES: u32 = 2;
/// Pause before the first retry; doubled before the next.
const BACKOFF: Duration = Duration::from_millis(500);

/// Visit the handbook's external links; `None` when its pages cannot be read
/// or parsed (`dojo check` has already listed why).
pub(super) fn check(root: &Path, options: &BuildOptions, timeout: Duration) -> Option<Report> {
    let config = build::configure(root, options).ok()?;
    let sources = load::load(&config).ok()?;
    let (docs, _) = build::parse_all(&sources, &config).ok()?;
    let options = check::Options {
        max_concurrency: config.check_max_concurrency,
        timeout,
        retries: RETRIES,
        backoff: BACKOFF,
        skip_prefixes: config.check_skip_prefixes.clone(),
        drafts: options.drafts,
    };
    if std::io::stderr().is_terminal() {
        eprintln!("Checking external links...");
    }
    Some(check::check_external(&docs, &options))
}
