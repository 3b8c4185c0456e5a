//! `dojo init [DIR]`: a small starter handbook, one page of each kind wired
//! together (a role, the competency it needs, a playbook and a kata that
//! build it and serve the organization's goal, a path through them), so it
//! builds with no warning and no trainer-report finding.

use std::fs;
use std::path::{Path, PathBuf};

use super::{ScaffoldError, create_file, toml_string};

/// A starter handbook `dojo init` wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Starter {
    /// The folder, as given.
    pub dir: PathBuf,
    pub files: usize,
}

const CONFIG: &str = r#"# The handbook's settings. Every key is described in Dojo's README, under
# "Configuration"; remove the `#` in front of a line to use it.

# Keys employees' progress, saved in their browsers: keep it when you rename the handbook.
id = {id}
title = {title}
# description = "One sentence, used in page descriptions and the feed"
# Where the site is published: "/" works anywhere; a full URL such as
# "https://handbook.example.com/" also gives the sitemap and feed full links.
base_url = "/"
# language = "en"
# theme = "custom"            # a folder under themes/: `dojo theme eject custom` makes one
# output_dir = "public"       # where `dojo build` writes
# edit_url = "https://git.example.com/handbook/-/edit/main/content/{path}"

# [review]
# every = "1 year"            # how often pages are due for review; a page's `review_every` wins

# [markdown]
# html = "sanitize"           # raw HTML: "sanitize", "allow" (trusted authors only) or "escape"

# [front_matter]
# unknown = "error"           # unknown front-matter fields: "error", or "warn" during a migration

# [search]
# enabled = true

# [check]
# skip_prefixes = ["https://intranet.example.com/"]  # URLs `dojo check --external` does not visit
# max_concurrency = 8         # parallel requests of `dojo check --external`

# [reports]
# publish = false             # also publish the trainer reports under _reports/
"#;

const HOME: &str = r#"+++
title = "Welcome"
+++
This handbook shows how we work and how we learn. Pick your role to see your
learning path, or start with [greeting a customer](@/playbooks/greet-a-customer.md).

Each kind of page has a folder under `content/`:

| folder | holds |
| --- | --- |
| `playbooks/` | how a job is done, step by step |
| `kata/` | routines practised daily |
| `roles/` | job roles and the competencies they need |
| `competencies/` | skills, with named levels |
| `paths/` | learning paths: stages of steps for a role |
| `goals/` | goals, from the organization down to each person |

Add a page with `dojo new playbook "Handle a complaint"`, preview the site with
`dojo serve`, and run `dojo check` before you publish.
"#;

const GOAL: &str = r#"+++
title = "Serve customers well"
summary = "Customers get what they came for, the first time"
level = "organization"
measure = "Customer satisfaction"
target = "90%"
+++
Everything in this handbook serves this goal. Team and individual goals name
it as their `parent`, so everyone can see how their work contributes.
"#;

const COMPETENCY: &str = r#"+++
title = "Listening"
summary = "Understand what the customer needs before answering"
levels = ["Aware", "Practising", "Proficient", "Coaching others"]
+++
Listening well means letting the customer finish, asking before assuming, and
checking what you heard.
"#;

const ROLE: &str = r#"+++
title = "Service agent"
summary = "Answers customers and solves their problems"
competencies = { listening = "Proficient" }
serves = ["customer"]
+++
Service agents are the first voice a customer hears.
"#;

const PLAYBOOK: &str = r#"+++
title = "Greet a customer"
summary = "Open every conversation so the customer feels heard"
roles = ["agent"]
goals = ["serve-customers-well"]
builds = ["listening"]
duration = "15 min"
+++
Use this at the start of every call or chat.

1. Say who you are, and that you are there to help.
2. Let the customer explain, without interrupting.
3. Repeat the need in your own words, and ask whether you got it right.
"#;

const KATA: &str = r#"+++
title = "Daily listening practice"
summary = "Five minutes a day to listen better"
pattern = "starter"
cadence = "daily"
minutes = 5
roles = ["agent"]
goals = ["serve-customers-well"]
builds = ["listening"]

[[steps]]
name = "Listen"
prompt = "On your next call, write down the customer's need in their own words."

[[steps]]
name = "Check"
prompt = "Read it back to them. Did you get it right the first time?"

[[steps]]
name = "Reflect"
prompt = "What will you try on the next call?"
+++
A starter kata: a small routine, practised every day, that builds a habit.
"#;

const PATH: &str = r#"+++
title = "Service agent basics"
summary = "Your first week as a service agent"
roles = ["agent"]
outcomes = ["Open a conversation so the customer feels heard", "Practise listening every day"]

[[stages]]
title = "First day"
summary = "How we greet customers"
steps = ["playbooks/greet-a-customer"]

[[stages]]
title = "First week"
summary = "A daily habit"
steps = [{ page = "kata/daily-listening", note = "Practise it every day this week" }]
+++
Where every new service agent starts.
"#;

/// Every file of the starter handbook for a folder called `name`, in the order written.
pub fn starter_files(name: &str) -> Vec<(&'static str, String)> {
    let config = CONFIG
        .replace("{id}", &toml_string(&handbook_id(name)))
        .replace("{title}", &toml_string(&handbook_title(name)));
    vec![
        ("handbook.toml", config),
        (".gitignore", "/public/\n".to_string()),
        ("content/_index.md", HOME.to_string()),
        ("content/goals/serve-customers-well.md", GOAL.to_string()),
        ("content/competencies/listening.md", COMPETENCY.to_string()),
        ("content/roles/agent.md", ROLE.to_string()),
        (
            "content/playbooks/greet-a-customer.md",
            PLAYBOOK.to_string(),
        ),
        ("content/kata/daily-listening.md", KATA.to_string()),
        ("content/paths/agent-basics.md", PATH.to_string()),
    ]
}

/// Write the starter handbook into `dir`, which must be new or empty (a
/// `.git` folder alone is allowed, for `git init` first).
pub fn init(dir: &Path) -> Result<Starter, ScaffoldError> {
    refuse_non_empty(dir)?;
    fs::create_dir_all(dir).map_err(|e| ScaffoldError::io(dir, &e))?;
    let name = fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let files = starter_files(&name);
    for (rel, text) in &files {
        create_file(&dir.join(rel), text.as_bytes(), "")?;
    }
    let statics = dir.join("static");
    fs::create_dir_all(&statics).map_err(|e| ScaffoldError::io(&statics, &e))?;
    Ok(Starter {
        dir: dir.to_path_buf(),
        files: files.len(),
    })
}

fn refuse_non_empty(dir: &Path) -> Result<(), ScaffoldError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ScaffoldError::Usage {
            message: format!("`{}` is a file, not a folder", dir.display()),
            help: "give `dojo init` the name of a new or empty folder".into(),
        });
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let taken = entries
        .filter_map(Result::ok)
        .any(|e| e.file_name() != ".git");
    if taken {
        return Err(ScaffoldError::Usage {
            message: format!("`{}` is not empty", dir.display()),
            help: "`dojo init` writes only into a new or empty folder: `dojo init my-handbook`"
                .into(),
        });
    }
    Ok(())
}

/// A config `id` from the folder's name: lowercase ASCII letters, digits,
/// `-` and `_`, anything else turned into `-` (`My Handbook` -> `my-handbook`).
fn handbook_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches(['-', '_']);
    if id.is_empty() {
        "handbook".to_string()
    } else {
        id.to_string()
    }
}

/// A title from the folder's name: `service-handbook` -> `Service handbook`.
fn handbook_title(name: &str) -> String {
    let words: Vec<&str> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Our handbook".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_and_title_come_from_the_folder_name() {
        assert_eq!(handbook_id("My Handbook"), "my-handbook");
        assert_eq!(handbook_id("service_excellence-2"), "service_excellence-2");
        assert_eq!(handbook_id("Café crème"), "caf-cr-me");
        assert_eq!(handbook_id("..."), "handbook");
        assert_eq!(handbook_title("service-handbook"), "Service handbook");
        assert_eq!(handbook_title(""), "Our handbook");
    }

    #[test]
    fn the_config_is_valid_and_keeps_its_id() {
        let files = starter_files("Team \"A\"");
        let config = crate::config::parse_config(Path::new("/h"), &files[0].1).unwrap();
        assert_eq!(config.id.as_deref(), Some("team-a"));
        assert_eq!(config.title, "Team \"A\"");
        assert_eq!(config.base_url, "/");
    }
}
