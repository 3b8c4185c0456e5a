//! Unit tests of the graph: references by slug and by path, wrong kinds,
//! unknown levels, duplicate slugs, cycles, reverse edges and path times.
//! Sites are built from in-memory files through `parse` and `resolve`.

use std::path::Path;

use super::*;
use crate::config::parse_config;
use crate::load::SourceFile;
use crate::parse::parse;
use crate::resolve::{ResolveOptions, resolve};

/// Parse and resolve `(content-relative path, TOML front matter)` pairs.
fn resolved(files: &[(&str, &str)]) -> Result<Site, Vec<Diagnostic>> {
    let config = parse_config(Path::new("/handbook"), "title = \"T\"\n").unwrap();
    let docs = files
        .iter()
        .map(|(rel, front)| {
            let text = format!("+++\n{front}\n+++\nSome words.\n");
            let file = SourceFile {
                rel: rel.to_string(),
                text,
            };
            parse(&file, &config).map(|(doc, _)| doc)
        })
        .collect::<Result<Vec<_>, _>>()?;
    resolve(docs, Vec::new(), Vec::new(), ResolveOptions::default())
}

/// The site of `files`, which must have no errors.
pub(crate) fn site_of(files: &[(&str, &str)]) -> Site {
    match resolved(files) {
        Ok(site) => site,
        Err(errors) => panic!(
            "{}",
            errors.iter().map(|e| e.to_string()).collect::<String>()
        ),
    }
}

fn errors_of(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    match resolved(files) {
        Ok(_) => panic!("expected errors"),
        Err(errors) => errors,
    }
}

fn index(site: &Site, rel: &str) -> usize {
    site.pages.iter().position(|p| p.doc.rel == rel).unwrap()
}

const COACHING: (&str, &str) = (
    "competencies/coaching.md",
    "title = \"Coaching\"\nlevels = [\"Aware\", \"Practising\", \"Proficient\"]",
);
const LOYALTY: (&str, &str) = (
    "goals/loyalty.md",
    "title = \"Loyalty\"\nlevel = \"organization\"",
);

#[test]
fn resolves_references_by_slug_and_by_path() {
    let site = site_of(&[
        COACHING,
        LOYALTY,
        (
            "roles/Team_Lead.md",
            "title = \"Team lead\"\ncompetencies = { coaching = \"practising\" }",
        ),
        (
            "playbooks/huddle.md",
            "title = \"Huddle\"\nroles = \"team-lead\"\ngoals = [\"goals/loyalty\"]\nbuilds = [\"Coaching\"]",
        ),
    ]);
    let huddle = &site.graph.pages[index(&site, "playbooks/huddle.md")];
    assert_eq!(huddle.roles, [index(&site, "roles/Team_Lead.md")]);
    assert_eq!(huddle.goals, [index(&site, "goals/loyalty.md")]);
    assert_eq!(huddle.builds, [index(&site, "competencies/coaching.md")]);
    let role = site.graph.role(index(&site, "roles/Team_Lead.md")).unwrap();
    assert_eq!(role.competencies[0].level, 1);
    assert_eq!(role.competencies[0].level_name(&site), "Practising");
}

#[test]
fn an_unknown_reference_suggests_pages_of_the_expected_kind() {
    let errors = errors_of(&[
        COACHING,
        ("kata/coachin.md", "title = \"K\"\npattern = \"starter\""),
        ("playbooks/a.md", "title = \"A\"\nbuilds = [\"coachng\"]"),
    ]);
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.code, "unknown-reference");
    assert_eq!(e.message, "there is no competency `coachng`");
    assert_eq!(e.file.as_deref(), Some("content/playbooks/a.md"));
    assert_eq!(e.pos, Some(crate::diagnostic::Pos::new(3, 11)));
    assert_eq!(e.help.as_deref(), Some("did you mean `coaching`?"));
}

#[test]
fn a_reference_to_another_kind_says_which_was_expected() {
    let errors = errors_of(&[
        ("kata/coaching.md", "title = \"K\"\npattern = \"starter\""),
        (
            "playbooks/a.md",
            "title = \"A\"\nbuilds = [\"coaching\"]\ngoals = \"kata/coaching\"",
        ),
    ]);
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.code, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "wrong-kind",
                "a competency is expected here, but `coaching` is a kata"
            ),
            (
                "wrong-kind",
                "a goal is expected here, but `kata/coaching` is a kata"
            ),
        ]
    );
}

#[test]
fn a_level_the_competency_does_not_name_lists_its_levels() {
    let errors = errors_of(&[
        COACHING,
        (
            "roles/lead.md",
            "title = \"Lead\"\ncompetencies = { coaching = \"Proficent\" }",
        ),
    ]);
    assert_eq!(errors[0].code, "unknown-level");
    assert_eq!(
        errors[0].message,
        "the competency `coaching` has no level `Proficent`"
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("did you mean `Proficient`? its levels, lowest first: Aware, Practising, Proficient")
    );
}

#[test]
fn two_roles_with_one_slug_name_both_files() {
    let role = "title = \"Coach\"\ncompetencies = {}";
    let errors = errors_of(&[
        ("roles/coach.md", role),
        ("roles/team/coach.md", role),
        ("playbooks/a.md", "title = \"A\"\nroles = [\"coach\"]"),
    ]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, "duplicate-slug");
    assert_eq!(
        errors[0].message,
        "two roles have the slug `coach`: content/roles/coach.md and content/roles/team/coach.md"
    );
}

#[test]
fn a_bare_stem_of_two_pages_is_ambiguous_in_a_path_step() {
    let errors = errors_of(&[
        ("kata/huddle.md", "title = \"K\"\npattern = \"starter\""),
        ("playbooks/huddle.md", "title = \"P\""),
        LEAD,
        (
            "paths/p.md",
            "title = \"P\"\nrole = \"lead\"\n[[stages]]\ntitle = \"S\"\nsteps = [\"huddle\"]",
        ),
    ]);
    assert_eq!(errors[0].code, "ambiguous-reference");
    assert_eq!(
        errors[0].message,
        "`huddle` matches more than one page: content/kata/huddle.md, content/playbooks/huddle.md"
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("write the page's path without `.md`, e.g. `kata/huddle`")
    );
}

const LEAD: (&str, &str) = ("roles/lead.md", "title = \"Lead\"\ncompetencies = {}");

#[test]
fn cycles_print_the_cycle_at_the_closing_reference() {
    let goal = |parent: &str| format!("title = \"G\"\nlevel = \"team\"\nparent = \"{parent}\"");
    let (a, b, c) = (goal("b"), goal("c"), goal("a"));
    let errors = errors_of(&[("goals/a.md", &a), ("goals/b.md", &b), ("goals/c.md", &c)]);
    // Every parent here is a team goal beside its child, which is reported
    // too: a cascade that only runs downwards cannot loop.
    let (cycles, levels): (Vec<_>, Vec<_>) = errors
        .into_iter()
        .partition(|e| e.code == "reference-cycle");
    assert_eq!(levels.len(), 3);
    assert!(levels.iter().all(|e| e.code == "goal-level"), "{levels:?}");
    let errors = cycles;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "reference-cycle");
    assert_eq!(
        errors[0].message,
        "goal parents form a cycle: a -> b -> c -> a"
    );
    assert_eq!(errors[0].file.as_deref(), Some("content/goals/c.md"));
}

#[test]
fn every_looping_relation_is_checked() {
    let role = |extra: &str| format!("title = \"R\"\ncompetencies = {{}}\n{extra}");
    let path = |pre: &str| {
        format!(
            "title = \"P\"\nrole = \"x\"\nprerequisites = [\"{pre}\"]\n[[stages]]\ntitle = \"S\"\nsteps = [\"roles/x\"]"
        )
    };
    let (x, y) = (
        role("reports_to = \"y\"\nserves = [\"x\"]"),
        role("reports_to = \"x\""),
    );
    let (p, q) = (path("q"), path("p"));
    let errors = errors_of(&[
        ("roles/x.md", &x),
        ("roles/y.md", &y),
        ("paths/p.md", &p),
        ("paths/q.md", &q),
    ]);
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "path prerequisites form a cycle: p -> q -> p",
            "`serves` links form a cycle: x -> x",
            "`reports_to` links form a cycle: x -> y -> x",
        ]
    );
}

#[test]
fn a_goal_parent_stands_above_it_in_the_cascade() {
    let goal = |level: &str, parent: &str| {
        format!("title = \"G\"\nlevel = \"{level}\"\nparent = \"{parent}\"")
    };
    // Down one level or two is the cascade.
    let team = goal("team", "loyalty");
    let mine = goal("individual", "loyalty");
    site_of(&[LOYALTY, ("goals/fcr.md", &team), ("goals/mine.md", &mine)]);

    // A team goal under another team goal.
    let beside = goal("team", "fcr");
    let errors = errors_of(&[LOYALTY, ("goals/fcr.md", &team), ("goals/aht.md", &beside)]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.code, "goal-level");
    assert_eq!(
        e.message,
        "a team goal's parent must stand above it in the cascade, but `fcr` is also a team goal"
    );
    assert_eq!(e.file.as_deref(), Some("content/goals/aht.md"));
    assert_eq!(e.pos, Some(crate::diagnostic::Pos::new(4, 10)));
    assert_eq!(
        e.help.as_deref(),
        Some(
            "the cascade runs organization -> team -> individual: point `parent` at an organization goal (`loyalty`), or change `level`"
        )
    );

    // A team goal under an individual one; the choices are the goals above.
    let under = goal("team", "mine");
    let errors = errors_of(&[LOYALTY, ("goals/mine.md", &mine), ("goals/aht.md", &under)]);
    assert_eq!(
        errors[0].message,
        "a team goal's parent must stand above it in the cascade, but `mine` is an individual goal"
    );

    // The organization goal is the top: it has no parent.
    let top = goal("organization", "fcr");
    let errors = errors_of(&[("goals/fcr.md", &team), ("goals/loyalty.md", &top)]);
    let levels: Vec<_> = errors.iter().filter(|e| e.code == "goal-level").collect();
    assert_eq!(levels.len(), 1, "{errors:?}");
    assert_eq!(
        levels[0].message,
        "an organization goal has no parent, but this one names `fcr` (a team goal)"
    );
    assert_eq!(
        levels[0].help.as_deref(),
        Some(
            "an organization goal is the top of the cascade: remove `parent`, or change this goal's `level`"
        )
    );
}

#[test]
fn reverse_edges_and_the_goal_chain() {
    let site = site_of(&[
        COACHING,
        LOYALTY,
        (
            "goals/first-contact.md",
            "title = \"FCR\"\nlevel = \"team\"\nparent = \"loyalty\"",
        ),
        (
            "roles/agent.md",
            "title = \"Agent\"\ncompetencies = {}\nserves = [\"customer\"]\nreports_to = \"lead\"",
        ),
        (
            "roles/lead.md",
            "title = \"Lead\"\ncompetencies = { coaching = \"Aware\" }\nserves = \"agent\"\npaths = [\"onboarding\"]",
        ),
        (
            "kata/five.md",
            "title = \"Five\"\npattern = \"coaching\"\nbuilds = \"coaching\"\ngoals = \"first-contact\"\nminutes = 15",
        ),
        (
            "paths/onboarding.md",
            "title = \"On\"\nroles = [\"agent\"]\n[[stages]]\ntitle = \"S\"\nsteps = [\"kata/five\", { page = \"roles/lead\", optional = true }]",
        ),
    ]);
    let at = |rel| index(&site, rel);
    let (agent, lead, five, onboarding) = (
        at("roles/agent.md"),
        at("roles/lead.md"),
        at("kata/five.md"),
        at("paths/onboarding.md"),
    );
    let coaching = site
        .graph
        .competency(at("competencies/coaching.md"))
        .unwrap();
    assert_eq!(coaching.built_by, [five]);
    assert_eq!(coaching.required_by[0].role, lead);
    let fcr = at("goals/first-contact.md");
    assert_eq!(site.graph.goal(fcr).unwrap().served_by, [five]);
    assert_eq!(
        site.graph.goal(at("goals/loyalty.md")).unwrap().children,
        [fcr]
    );
    assert_eq!(site.graph.goal_chain(fcr), [fcr, at("goals/loyalty.md")]);
    assert_eq!(site.graph.goal_roots, [at("goals/loyalty.md")]);
    let agent_edges = site.graph.role(agent).unwrap();
    assert!(agent_edges.serves_customer && agent_edges.serves.is_empty());
    assert_eq!(agent_edges.served_by, [lead]);
    assert_eq!(agent_edges.paths, [onboarding]);
    assert_eq!(agent_edges.pages, [onboarding]);
    let lead_edges = site.graph.role(lead).unwrap();
    assert_eq!(
        (lead_edges.reports.as_slice(), lead_edges.paths.as_slice()),
        (&[agent][..], &[onboarding][..])
    );
    assert_eq!(site.graph.pages[five].in_paths, [onboarding]);
    assert_eq!(site.graph.pages[lead].in_paths, [onboarding]);
}

#[test]
fn path_times_sum_durations_with_reading_time_as_fallback() {
    let site = site_of(&[
        LEAD,
        (
            "kata/five.md",
            "title = \"Five\"\npattern = \"coaching\"\nminutes = 15",
        ),
        ("playbooks/long.md", "title = \"Long\"\nduration = \"1h30\""),
        (
            "paths/p.md",
            "title = \"P\"\nrole = \"lead\"\n[[stages]]\ntitle = \"A\"\nsteps = [\"kata/five\", \"about\"]\n[[stages]]\ntitle = \"B\"\nsteps = [{ page = \"playbooks/long\", optional = true }]",
        ),
        ("about.md", "title = \"About\""),
    ]);
    let path = site.graph.path(index(&site, "paths/p.md")).unwrap();
    let stage_minutes: Vec<u32> = path.stages.iter().map(|s| s.minutes).collect();
    assert_eq!(stage_minutes, [16, 90]);
    assert_eq!((path.minutes, path.required_minutes), (106, 16));
    assert_eq!(path.stages[0].steps[1].page, index(&site, "about.md"));
    assert_eq!(
        site.pages[index(&site, "kata/five.md")].doc.front.duration,
        Some(15)
    );
}

#[test]
fn a_reference_to_a_draft_says_so() {
    let errors = errors_of(&[
        LEAD,
        (
            "kata/five.md",
            "title = \"Five\"\npattern = \"coaching\"\ndraft = true",
        ),
        (
            "paths/p.md",
            "title = \"P\"\nrole = \"lead\"\n[[stages]]\ntitle = \"A\"\nsteps = [\"kata/five\"]",
        ),
    ]);
    assert_eq!(errors[0].code, "link-to-draft");
}

#[test]
fn section_index_pages_of_typed_folders_are_plain_pages() {
    let site = site_of(&[("kata/_index.md", "title = \"Our kata\""), LEAD]);
    let index_page = &site.pages[index(&site, "kata/_index.md")].doc;
    assert_eq!(index_page.kind, Kind::Page);
    assert_eq!(
        crate::parse::overview_kind(&index_page.rel),
        Some(Kind::Kata)
    );
    assert_eq!(site.graph.pages[0].kind, KindEdges::Plain);
}
