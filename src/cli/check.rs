//! `dojo check`: build without writing and report every error, warning and
//! trainer-report finding (and, with `--external`, every broken external
//! link), as rustc-style text for people or JSON Lines for CI annotations.
//! Exit 1 on errors (and on warnings with `--strict`).

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::{external, paint, print_diagnostics};
use crate::build::{self, BuildError, BuildOptions};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::resolve::reports::Finding;

/// One line of `--format json`: a diagnostic or a report finding.
#[derive(Serialize)]
struct JsonLine<'a> {
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    /// `error`, `warning`, or `report` for trainer-report findings.
    severity: &'a str,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> JsonLine<'a> {
    fn diagnostic(d: &'a Diagnostic) -> Self {
        JsonLine {
            file: d.file.as_deref(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.col),
            severity: d.severity.as_str(),
            code: d.code,
            message: &d.message,
            help: d.help.as_deref(),
        }
    }

    fn finding(f: &'a Finding) -> Self {
        JsonLine {
            file: Some(&f.file),
            line: f.pos.map(|p| p.line),
            column: f.pos.map(|p| p.col),
            severity: "report",
            code: f.code,
            message: &f.message,
            help: None,
        }
    }
}

/// How `dojo check` runs and reports.
pub(super) struct How {
    pub(super) json: bool,
    /// Fail on warnings too.
    pub(super) strict: bool,
    /// Visit external links, with this timeout per request.
    pub(super) external: Option<Duration>,
}

/// `--timeout`: a number of seconds above zero, an hour at most.
pub(super) fn parse_timeout(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err(format!(
            "`{text}` is not a number of seconds between 0 and 3600"
        )),
    }
}

/// Run the check; returns the exit code.
pub(super) fn run(root: &Path, options: &BuildOptions, how: &How) -> i32 {
    let (mut diagnostics, findings) = match build::check(root, options) {
        Ok(checked) => (checked.warnings, checked.findings),
        Err(BuildError::Handbook(diags)) => (diags, Vec::new()),
        Err(BuildError::Io(message)) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let report = how
        .external
        .and_then(|timeout| external::check(root, options, timeout));
    for broken in report.iter().flat_map(|r| &r.broken) {
        if how.json {
            diagnostics.extend(broken.diagnostics_per_place());
        } else {
            diagnostics.push(broken.diagnostic());
        }
    }
    if how.json {
        print_json(&diagnostics, &findings);
    } else {
        print_text(&diagnostics, &findings, report.as_ref());
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 || (how.strict && warnings > 0) {
        1
    } else {
        0
    }
}

fn print_json(diagnostics: &[Diagnostic], findings: &[Finding]) {
    let lines = diagnostics
        .iter()
        .map(JsonLine::diagnostic)
        .chain(findings.iter().map(JsonLine::finding));
    for line in lines {
        // Serializing plain strings and numbers cannot fail.
        if let Ok(text) = serde_json::to_string(&line) {
            println!("{text}");
        }
    }
}

fn print_text(diagnostics: &[Diagnostic], findings: &[Finding], external: Option<&Report>) {
    let color = std::io::stdout().is_terminal();
    print_diagnostics(diagnostics, std::io::stderr().is_terminal());
    let mut code = "";
    let mut owner = "";
    for f in findings {
        if f.code != code {
            code = f.code;
            owner = "";
            println!(
                "{}",
                paint(&format!("report[{}]", f.code), Severity::Warning, color)
            );
        }
        // Reviews are grouped by owner, so each owner sees their list at once.
        if f.code == "review-due" && f.group != owner {
            owner = &f.group;
            println!("  {owner}:");
        }
        let indent = if f.code == "review-due" { "    " } else { "  " };
        println!("{indent}{}: {}", f.file, f.message);
    }
    if let Some(r) = external {
        println!(
            "External links: {} checked, {} skipped, {} broken",
            r.checked,
            r.skipped,
            r.broken.len()
        );
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    println!(
        "{} errors, {} warnings, {} trainer-report findings",
        errors,
        diagnostics.len() - errors,
        findings.len()
    );
}
