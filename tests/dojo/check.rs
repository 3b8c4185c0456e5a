//! `dojo check`: the same checks as a build, nothing written, every problem
//! listed (text for people, JSON Lines for CI) with the trainer reports.

use std::fs;
use std::process::Command;

use crate::support::{copy_fixture, fixtures, stderr, stdout};

/// Run `dojo` with a fixed "today", so review-due findings do not drift.
fn dojo_on(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dojo"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795392000") // 2026-11-23
        .output()
        .unwrap()
}

#[test]
fn json_lines_name_file_line_and_column_and_exit_1_on_errors() {
    let dir = copy_fixture(&fixtures().join("errors/broken-anchor"));
    let out = dojo_on(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    let d = &lines[0];
    assert_eq!(d["file"], "content/page.md");
    assert_eq!(d["line"], 6);
    assert_eq!(d["column"], 5);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "broken-anchor");
    assert_eq!(d["help"], "did you mean `#the-five-questions`?");
    assert!(!dir.path().join("public").exists(), "check wrote output");
}

#[test]
fn every_error_of_every_file_is_one_json_line() {
    let dir = copy_fixture(&fixtures().join("errors/unknown-config-key"));
    let out = dojo_on(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(codes, ["unknown-config-key", "invalid-config"]);
}

#[test]
fn text_lists_the_trainer_reports_of_the_example() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = dojo_on(repo, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}{text}", stderr(&out));
    assert!(
        text.contains(
            "report[uncovered-competency]\n  content/competencies/workforce-planning.md: "
        ),
        "{text}"
    );
    assert!(text.contains("report[review-due]"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("0 errors, 0 warnings, 7 trainer-report findings"),
        "{text}"
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn strict_fails_on_warnings() {
    let dir = copy_fixture(&fixtures().join("sites/basic"));
    let config = dir.path().join("handbook.toml");
    let mut toml = fs::read_to_string(&config).unwrap();
    toml.push_str("\n[front_matter]\nunknown = \"warn\"\n");
    fs::write(&config, toml).unwrap();
    fs::write(
        dir.path().join("content/old.md"),
        "+++\ntitle = \"Old\"\nlayout = \"post\"\n+++\n",
    )
    .unwrap();
    assert_eq!(dojo_on(dir.path(), &["check"]).status.code(), Some(0));
    let strict = dojo_on(dir.path(), &["check", "--strict", "--format", "json"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stdout(&strict).contains("\"severity\":\"warning\",\"code\":\"unknown-field\""),
        "{}",
        stdout(&strict)
    );
}

#[test]
fn build_counts_the_findings_and_points_to_check() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("site");
    let out = dojo_on(repo, &["build", "--out", out_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out);
    assert!(
        line.trim_end()
            .ends_with("(7 trainer-report findings: run `dojo check` to see them)"),
        "{line}"
    );
}
