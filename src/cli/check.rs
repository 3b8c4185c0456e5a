//! `dojo check`: build without writing and report every error, warning and
//! trainer-report finding, as rustc-style text for people or JSON Lines for
//! CI annotations. Exit 1 on errors (and on warnings with `--strict`).

use std::io::IsTerminal;
use std::path::Path;

use serde::Serialize;

use super::{paint, print_diagnostics};
use crate::build::{self, BuildError, BuildOptions};
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

/// Run the check; returns the exit code.
pub(super) fn run(root: &Path, options: &BuildOptions, json: bool, strict: bool) -> i32 {
    let (diagnostics, findings) = match build::check(root, options) {
        Ok(checked) => (checked.warnings, checked.findings),
        Err(BuildError::Handbook(diags)) => (diags, Vec::new()),
        Err(BuildError::Io(message)) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    if json {
        print_json(&diagnostics, &findings);
    } else {
        print_text(&diagnostics, &findings);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 || (strict && warnings > 0) {
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

fn print_text(diagnostics: &[Diagnostic], findings: &[Finding]) {
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
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    println!(
        "{} errors, {} warnings, {} trainer-report findings",
        errors,
        diagnostics.len() - errors,
        findings.len()
    );
}
