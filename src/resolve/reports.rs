//! Trainer reports: what the learning model is missing (competencies nothing
//! builds, roles without a path, playbooks and kata serving no goal, pages
//! no path reaches) and which pages are due for review. `findings` is pure;
//! only `today` reads the environment or the clock.

use std::time::{SystemTime, UNIX_EPOCH};

use super::Site;
use crate::diagnostic::Pos;
use crate::parse::{Date, Interval, Kind};

/// One thing a trainer should look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, one of `CODES`.
    pub code: &'static str,
    pub message: String,
    /// Handbook-relative source file (`content/roles/team-lead.md`).
    pub file: String,
    pub pos: Option<Pos>,
    /// What a report groups it under: the page's owner for `review-due`
    /// (`no owner` without one), else the kind's plural (`competencies`).
    pub group: String,
    /// Index into `Site::pages`.
    pub page: usize,
}

/// Every finding code, in the order `findings` returns them.
pub const CODES: [&str; 5] = [
    "uncovered-competency",
    "role-without-path",
    "serves-no-goal",
    "review-due",
    "unreached",
];

/// The group of a `review-due` finding whose page has no `owner`.
pub const NO_OWNER: &str = "no owner";

/// Every finding about `site` on day `today`, by code (as in `CODES`) and
/// then page order (reviews due: by owner, then file). `review_every` is the config's `[review] every`, used
/// when a page has no `review_every` of its own.
pub fn findings(site: &Site, today: Date, review_every: Interval) -> Vec<Finding> {
    let mut found = Vec::new();
    found.extend(uncovered_competencies(site));
    found.extend(roles_without_path(site));
    found.extend(serving_no_goal(site));
    let mut due = reviews_due(site, today, review_every);
    due.sort_by(|a, b| (&a.group, &a.file).cmp(&(&b.group, &b.file)));
    found.extend(due);
    found.extend(unreached(site));
    found
}

/// Today's date for reports: `SOURCE_DATE_EPOCH` (seconds) if set, so runs
/// are reproducible, else the clock (UTC).
pub fn today() -> Date {
    today_from(
        std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
        SystemTime::now(),
    )
}

fn today_from(source_date_epoch: Option<&str>, now: SystemTime) -> Date {
    let clock = || {
        now.duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    };
    let seconds = source_date_epoch
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(clock);
    Date::from_unix_seconds(seconds)
}

fn finding(site: &Site, code: &'static str, page: usize, message: String) -> Finding {
    let doc = &site.pages[page].doc;
    Finding {
        code,
        message,
        file: format!("content/{}", doc.rel),
        pos: None,
        group: doc.kind.folder().unwrap_or("pages").to_string(),
        page,
    }
}

/// Pages of `kinds` (section index pages are never typed).
fn of_kinds<'a>(site: &'a Site, kinds: &'a [Kind]) -> impl Iterator<Item = usize> + 'a {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| kinds.contains(&p.doc.kind))
        .map(|(i, _)| i)
}

fn uncovered_competencies(site: &Site) -> Vec<Finding> {
    of_kinds(site, &[Kind::Competency])
        .filter_map(|i| {
            let edges = site.graph.competency(i)?;
            if !edges.built_by.is_empty() {
                return None;
            }
            let title = &site.pages[i].doc.title;
            let required = match edges.required_by.len() {
                0 => String::new(),
                1 => " (1 role requires it)".to_string(),
                n => format!(" ({n} roles require it)"),
            };
            let message = format!("no page builds the competency \"{title}\"{required}");
            Some(finding(site, "uncovered-competency", i, message))
        })
        .collect()
}

fn roles_without_path(site: &Site) -> Vec<Finding> {
    of_kinds(site, &[Kind::Role])
        .filter(|&i| site.graph.role(i).is_some_and(|r| r.paths.is_empty()))
        .map(|i| {
            let title = &site.pages[i].doc.title;
            let message = format!("the role \"{title}\" has no learning path");
            finding(site, "role-without-path", i, message)
        })
        .collect()
}

fn serving_no_goal(site: &Site) -> Vec<Finding> {
    of_kinds(site, &[Kind::Playbook, Kind::Kata])
        .filter(|&i| site.graph.pages[i].goals.is_empty())
        .map(|i| {
            let doc = &site.pages[i].doc;
            let message = format!("the {} \"{}\" serves no goal", doc.kind.as_str(), doc.title);
            finding(site, "serves-no-goal", i, message)
        })
        .collect()
}

/// Playbooks and kata no path includes as a step. Roles, competencies,
/// goals and paths describe the model rather than teach, so a path never
/// lists them and reporting them would only be noise.
fn unreached(site: &Site) -> Vec<Finding> {
    of_kinds(site, &[Kind::Playbook, Kind::Kata])
        .filter(|&i| site.graph.pages[i].in_paths.is_empty())
        .map(|i| {
            let doc = &site.pages[i].doc;
            let message = format!(
                "no learning path includes the {} \"{}\"",
                doc.kind.as_str(),
                doc.title
            );
            finding(site, "unreached", i, message)
        })
        .collect()
}

/// Pages whose last review (else their last update) plus their interval is
/// today or earlier; pages with neither date have nothing to count from.
fn reviews_due(site: &Site, today: Date, default_every: Interval) -> Vec<Finding> {
    let mut found = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        let front = &page.doc.front;
        let (label, since) = match (front.reviewed, front.updated) {
            (Some(reviewed), _) => ("reviewed", reviewed),
            (None, Some(updated)) => ("updated", updated),
            (None, None) => continue,
        };
        let every = front.review_every.unwrap_or(default_every);
        let due = since.add(every);
        if due > today {
            continue;
        }
        let message = format!(
            "\"{}\" was due for review on {due} ({label} {since}, every {every})",
            page.doc.title
        );
        let mut finding = finding(site, "review-due", i, message);
        finding.group = front.owner.clone().unwrap_or_else(|| NO_OWNER.to_string());
        found.push(finding);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::graph::tests::site_of;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    const MODEL: &[(&str, &str)] = &[
        (
            "competencies/coaching.md",
            "title = \"Coaching\"\nlevels = [\"Aware\", \"Proficient\"]",
        ),
        (
            "competencies/listening.md",
            "title = \"Listening\"\nlevels = [\"Aware\"]",
        ),
        (
            "roles/team-lead.md",
            "title = \"Team lead\"\ncompetencies = { coaching = \"Aware\", listening = \"Aware\" }",
        ),
        ("roles/agent.md", "title = \"Agent\"\ncompetencies = {}"),
        (
            "goals/loyalty.md",
            "title = \"Loyalty\"\nlevel = \"organization\"",
        ),
        (
            "kata/five-questions.md",
            "title = \"Five questions\"\npattern = \"coaching\"\nbuilds = [\"coaching\"]\ngoals = [\"loyalty\"]",
        ),
        (
            "playbooks/huddle.md",
            "title = \"Huddle\"\nowner = \"Ana\"\nreviewed = 2024-01-10\nreview_every = \"90 days\"",
        ),
        (
            "paths/new-lead.md",
            "title = \"New lead\"\nroles = [\"team-lead\"]\n[[stages]]\ntitle = \"One\"\nsteps = [\"kata/five-questions\"]",
        ),
        ("about.md", "title = \"About\"\nupdated = 2023-01-01"),
    ];

    #[test]
    fn reports_each_gap_of_the_model_by_code_then_page() {
        let site = site_of(MODEL);
        let found = findings(&site, date("2024-04-01"), Interval::Months(12));
        let summary: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|f| (f.code, f.file.as_str(), f.group.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "uncovered-competency",
                    "content/competencies/listening.md",
                    "competencies"
                ),
                ("role-without-path", "content/roles/agent.md", "roles"),
                ("serves-no-goal", "content/playbooks/huddle.md", "playbooks"),
                ("review-due", "content/about.md", NO_OWNER),
                ("unreached", "content/playbooks/huddle.md", "playbooks"),
            ]
        );
        assert_eq!(
            found[0].message,
            "no page builds the competency \"Listening\" (1 role requires it)"
        );
        assert_eq!(
            found[3].message,
            "\"About\" was due for review on 2024-01-01 (updated 2023-01-01, every 1 year)"
        );
    }

    #[test]
    fn a_review_is_due_on_its_day_and_grouped_by_owner() {
        let site = site_of(MODEL);
        let due = |today: &str| -> Vec<String> {
            findings(&site, date(today), Interval::Months(24))
                .into_iter()
                .filter(|f| f.code == "review-due")
                .map(|f| f.group)
                .collect()
        };
        // 2024-01-10 + 90 days = 2024-04-09; the config's 2 years apply to about.md.
        assert!(due("2024-04-08").is_empty());
        assert_eq!(due("2024-04-09"), ["Ana"]);
        assert_eq!(due("2025-01-01"), ["Ana", "no owner"]);
    }

    #[test]
    fn today_prefers_source_date_epoch() {
        let now = UNIX_EPOCH + std::time::Duration::from_secs(86_400 * 3);
        assert_eq!(today_from(Some("1714521600"), now), date("2024-05-01"));
        assert_eq!(today_from(Some("not a number"), now), date("1970-01-04"));
        assert_eq!(today_from(None, now), date("1970-01-04"));
    }
}
