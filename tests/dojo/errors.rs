//! Every error a trainer can cause has a fixture under `tests/fixtures/errors/`
//! with the exact stderr it must print: file, `line:col`, a caret and help.
//! Each run must exit 1 and write nothing.

use std::path::Path;

use crate::support::{assert_matches_file, copy_fixture, dojo, fixtures, stderr};

/// Build the fixture `name` in a temporary copy and compare its stderr.
fn check(name: &str, prepare: impl FnOnce(&Path)) {
    let src = fixtures().join("errors").join(name);
    let dir = copy_fixture(&src);
    prepare(dir.path());
    let out = dojo(dir.path(), &["build"]);
    let err = stderr(&out).replace(&dir.path().display().to_string(), "[ROOT]");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: expected exit code 1, stderr:\n{err}"
    );
    assert!(
        !dir.path().join("public").exists(),
        "{name}: a failed build wrote public/"
    );
    assert!(
        out.stdout.is_empty(),
        "{name}: a failed build printed to stdout"
    );
    assert_matches_file(&err, &src.join("expected.stderr"));
}

fn no_setup(_: &Path) {}

#[test]
fn malformed_toml_points_at_the_line_in_the_file() {
    check("malformed-toml", no_setup);
}

#[test]
fn malformed_yaml_points_at_the_line_in_the_file() {
    check("malformed-yaml", no_setup);
}

#[test]
fn unknown_front_matter_field_suggests_the_known_one() {
    check("unknown-field", no_setup);
}

#[test]
fn a_page_without_any_title_is_refused() {
    check("missing-title", no_setup);
}

#[test]
fn broken_at_link_suggests_the_closest_page() {
    check("broken-link", no_setup);
}

#[test]
fn broken_anchor_suggests_the_closest_heading() {
    check("broken-anchor", no_setup);
}

#[test]
fn two_sources_on_one_output_path_are_named() {
    check("duplicate-output", no_setup);
}

#[test]
fn a_page_on_a_reserved_path_is_refused() {
    check("reserved-path", no_setup);
}

#[test]
fn non_utf8_markdown_names_the_byte_offset() {
    check("non-utf8", no_setup);
}

#[test]
fn a_symlink_out_of_the_handbook_is_refused() {
    check("symlink-escape", |root| {
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/hostname", root.join("content/leak.md")).unwrap();
    });
}

#[test]
fn a_link_to_a_missing_image_is_an_error() {
    check("missing-image", no_setup);
}

#[test]
fn a_published_page_may_not_link_to_a_draft() {
    check("link-to-draft", no_setup);
}

#[test]
fn unknown_config_keys_and_values_are_errors() {
    check("unknown-config-key", no_setup);
}

#[test]
fn a_missing_config_says_how_to_create_one() {
    check("missing-config", no_setup);
}

#[test]
fn an_unknown_reference_suggests_a_page_of_the_expected_kind() {
    check("unknown-reference", no_setup);
}

#[test]
fn a_reference_to_a_page_of_another_kind_names_both_kinds() {
    check("wrong-kind", no_setup);
}

#[test]
fn a_cycle_of_goal_parents_prints_the_cycle() {
    check("reference-cycle", no_setup);
}

#[test]
fn a_goal_under_a_goal_of_its_own_level_names_the_goals_above() {
    check("goal-level", no_setup);
}

#[test]
fn a_bad_kata_pattern_lists_the_patterns_and_suggests_one() {
    check("bad-enum", no_setup);
}

#[test]
fn bad_durations_and_kata_minutes_are_refused() {
    check("bad-duration", no_setup);
}

#[test]
fn a_role_level_the_competency_does_not_have_lists_its_levels() {
    check("unknown-level", no_setup);
}

#[test]
fn two_roles_with_one_slug_are_both_named() {
    check("duplicate-slug", no_setup);
}
