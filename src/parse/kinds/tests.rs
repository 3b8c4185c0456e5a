//! Unit tests of each kind's fields: required fields, enums with their
//! suggestion, competency levels, path step forms, and exact positions.

use super::*;
use crate::diagnostic::Pos;
use crate::value::{toml_table, yaml_table};

fn toml(kind: Kind, src: &str) -> Result<KindData, Vec<Diagnostic>> {
    let table = toml_table(src, 0, src.len()).unwrap();
    validate(kind, src, &table)
}

fn errors(kind: Kind, src: &str) -> Vec<Diagnostic> {
    toml(kind, src).unwrap_err()
}

fn codes(errors: &[Diagnostic]) -> Vec<&str> {
    errors.iter().map(|e| e.code).collect()
}

#[test]
fn reads_a_whole_kata() {
    let src = r#"pattern = "coaching"
cadence = "daily"
minutes = 20
questions = ["What is the target condition?", "What is the actual condition now?"]
record = ["target condition", "next step"]
[[steps]]
name = "Grasp the current condition"
prompt = "Go and see"
[[steps]]
name = "Reflect"
"#;
    let data = toml(Kind::Kata, src).unwrap();
    let kata = data.kata().unwrap();
    assert_eq!(kata.pattern, KataPattern::Coaching);
    assert_eq!(kata.pattern.as_str(), "coaching");
    assert_eq!(kata.cadence.as_deref(), Some("daily"));
    assert_eq!(kata.minutes, Some(20));
    assert_eq!(kata.questions.len(), 2);
    assert_eq!(kata.record, ["target condition", "next step"]);
    assert_eq!(
        kata.steps,
        [
            KataStep {
                name: "Grasp the current condition".into(),
                prompt: Some("Go and see".into())
            },
            KataStep {
                name: "Reflect".into(),
                prompt: None
            }
        ]
    );
}

#[test]
fn a_kata_needs_a_pattern_reported_at_the_front_matter() {
    let src = "+++\ncadence = \"daily\"\n+++\n";
    let table = toml_table(src, 4, src.len() - 4).unwrap();
    let errors = validate(Kind::Kata, src, &table).unwrap_err();
    assert_eq!(codes(&errors), ["missing-field"]);
    assert_eq!(errors[0].message, "this kata has no `pattern`");
    assert_eq!((errors[0].pos, errors[0].len), (Some(Pos::new(1, 1)), 3));
    assert!(errors[0].help.as_deref().unwrap().contains("coaching"));
}

#[test]
fn a_bad_pattern_lists_the_accepted_ones_and_suggests_the_closest() {
    let errors = errors(Kind::Kata, "pattern = \"coachng\"\n");
    assert_eq!(codes(&errors), ["invalid-field"]);
    assert_eq!(
        errors[0].message,
        "`pattern` has an unknown value `coachng`"
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("did you mean `coaching`? accepted values: improvement, coaching, starter")
    );
    assert_eq!((errors[0].pos, errors[0].len), (Some(Pos::new(1, 11)), 9));
}

#[test]
fn kata_minutes_must_be_a_positive_whole_number() {
    let zero = errors(Kind::Kata, "pattern = \"starter\"\nminutes = 0\n");
    assert_eq!(codes(&zero), ["invalid-duration"]);
    assert_eq!(zero[0].pos, Some(Pos::new(2, 11)));
    let wrong = errors(Kind::Kata, "pattern = \"starter\"\nminutes = \"ten\"\n");
    assert_eq!(
        wrong[0].message,
        "`minutes` must be a whole number, found a string"
    );
}

#[test]
fn kata_steps_need_a_name_and_known_keys() {
    let src = "pattern = \"improvement\"\n[[steps]]\nprompt = \"p\"\n[[steps]]\nname = \"n\"\npromt = \"x\"\n";
    let errors = errors(Kind::Kata, src);
    assert_eq!(codes(&errors), ["missing-field", "unknown-field"]);
    assert_eq!(errors[0].message, "this step has no `name`");
    assert_eq!(errors[1].pos, Some(Pos::new(6, 1)));
    assert_eq!(errors[1].help.as_deref(), Some("did you mean `prompt`?"));
}

#[test]
fn reads_a_role_with_located_references() {
    let src = "competencies = { coaching = \"Proficient\", listening = \"Aware\" }\n\
               paths = [\"new-team-lead\"]\nreports_to = \"manager\"\nserves = [\"agent\", \"customer\"]\n";
    let data = toml(Kind::Role, src).unwrap();
    let role = data.role().unwrap();
    assert_eq!(role.competencies.len(), 2);
    let first = &role.competencies[0];
    assert_eq!(
        (first.competency.value.as_str(), first.competency.pos),
        ("coaching", Pos::new(1, 18))
    );
    assert_eq!(
        (first.level.value.as_str(), first.level.pos),
        ("Proficient", Pos::new(1, 29))
    );
    assert_eq!(role.paths[0].value, "new-team-lead");
    assert_eq!(role.reports_to.as_ref().unwrap().pos, Pos::new(3, 14));
    assert_eq!(role.serves[1].value, CUSTOMER);
}

#[test]
fn a_role_needs_competencies_as_a_table_of_levels() {
    assert_eq!(
        codes(&errors(Kind::Role, "paths = []\n")),
        ["missing-field"]
    );
    let list = errors(Kind::Role, "competencies = [\"coaching\"]\n");
    assert_eq!(
        list[0].message,
        "`competencies` must be a table such as `{ coaching = \"Proficient\" }`, found a list"
    );
    let e = &errors(Kind::Role, "competencies = { coaching = 3 }\n")[0];
    assert_eq!(
        e.message,
        "`competencies.coaching` must be a string, found an integer"
    );
}

#[test]
fn competency_levels_are_required_non_empty_and_unique() {
    let data = toml(
        Kind::Competency,
        "levels = [\"Aware\", \"Practising\", \"Proficient\"]\n",
    )
    .unwrap();
    let competency = data.competency().unwrap();
    assert_eq!(competency.level_index("proficient"), Some(2));
    assert_eq!(competency.level_index("Expert"), None);
    assert_eq!(codes(&errors(Kind::Competency, "")), ["missing-field"]);
    let empty = errors(Kind::Competency, "levels = []\n");
    assert_eq!(empty[0].message, "`levels` is empty");
    let twice = errors(
        Kind::Competency,
        "levels = [\"Aware\", \"Expert\", \"aware\"]\n",
    );
    assert_eq!(codes(&twice), ["invalid-field"]);
    assert_eq!(twice[0].message, "`levels` lists `aware` twice");
    assert_eq!(twice[0].pos, Some(Pos::new(1, 30)));
}

#[test]
fn reads_path_steps_as_strings_or_tables() {
    let src = r#"roles = ["team-lead"]
prerequisites = "basics"
outcomes = ["Coach a learner through one cycle"]
[[stages]]
title = "Week one"
summary = "Learn the routine"
steps = ["kata/five-questions", { page = "playbooks/huddle", note = "Watch one first", optional = true }]
"#;
    let data = toml(Kind::Path, src).unwrap();
    let path = data.path().unwrap();
    assert_eq!(path.prerequisites[0].value, "basics");
    assert_eq!(path.outcomes.len(), 1);
    let stage = &path.stages[0];
    assert_eq!(
        (stage.title.as_str(), stage.summary.as_deref()),
        ("Week one", Some("Learn the routine"))
    );
    assert_eq!(stage.steps[0].page.value, "kata/five-questions");
    assert_eq!(stage.steps[0].page.pos, Pos::new(7, 10));
    assert!(!stage.steps[0].optional);
    let second = &stage.steps[1];
    assert_eq!(second.page.value, "playbooks/huddle");
    assert_eq!(second.note.as_deref(), Some("Watch one first"));
    assert!(second.optional);
}

#[test]
fn a_path_needs_roles_and_stages_with_titled_non_empty_steps() {
    let missing = errors(Kind::Path, "outcomes = []\n");
    assert_eq!(codes(&missing), ["missing-field", "missing-field"]);
    assert_eq!(missing[0].message, "this path has no `roles`");
    assert_eq!(missing[1].message, "this path has no `stages`");
    assert!(
        toml(
            Kind::Path,
            "role = \"x\"\n[[stages]]\ntitle = \"a\"\nsteps = [\"b\"]\n"
        )
        .is_ok()
    );
    let src = "role = \"x\"\n[[stages]]\nsummary = \"s\"\nsteps = []\n[[stages]]\ntitle = \"t\"\nsteps = [3, { note = \"n\" }, { page = \"p\", optinal = true }]\n";
    let errors = errors(Kind::Path, src);
    let found: Vec<(&str, u32)> = errors
        .iter()
        .map(|e| (e.code, e.pos.unwrap().line))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-field", 2),
            ("invalid-field", 4),
            ("invalid-field", 7),
            ("missing-field", 7),
            ("unknown-field", 7)
        ]
    );
    assert_eq!(errors[1].message, "`steps` is empty");
    assert_eq!(
        errors[2].message,
        "`steps` must be a page reference or a table `{ page, note, optional }`, found an integer"
    );
    assert_eq!(errors[3].message, "this step has no `page`");
}

#[test]
fn reads_goals_and_their_levels() {
    let src = "level = \"team\"\nparent = \"grow-loyalty\"\nmeasure = \"NPS\"\ntarget = 60\n";
    let data = toml(Kind::Goal, src).unwrap();
    let goal = data.goal().unwrap();
    assert_eq!(goal.level, GoalLevel::Team);
    assert_eq!(goal.parent.as_ref().unwrap().value, "grow-loyalty");
    assert_eq!(
        (goal.measure.as_deref(), goal.target.as_deref()),
        (Some("NPS"), Some("60"))
    );
    let bad = errors(Kind::Goal, "level = \"company\"\n");
    assert_eq!(
        bad[0].help.as_deref(),
        Some("accepted values: organization, team, individual")
    );
    assert_eq!(codes(&errors(Kind::Goal, "")), ["missing-field"]);
}

#[test]
fn yaml_kind_fields_read_the_same() {
    let src =
        "pattern: improvement\nsteps:\n  - name: Understand the direction\n    prompt: Why?\n";
    let table = yaml_table(src, 0, src.len()).unwrap();
    let data = validate(Kind::Kata, src, &table).unwrap();
    assert_eq!(
        data.kata().unwrap().steps[0].prompt.as_deref(),
        Some("Why?")
    );
}

#[test]
fn plain_pages_and_playbooks_add_nothing() {
    assert_eq!(toml(Kind::Playbook, "").unwrap(), KindData::Plain);
    assert!(field_names(Kind::Playbook).is_empty());
    assert!(field_names(Kind::Path).contains(&"stages"));
}
