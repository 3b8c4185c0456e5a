//! The service chain: every role as a box and an arrow to each role it
//! serves, in rows from the roles farthest from the customer (top) down to
//! the customer (bottom). "If you're not serving customers, you serve
//! someone who does."

use super::{Canvas, Node, Size, fit};

const PAD: u32 = 16;
const COLUMN: u32 = 180;
const GAP: u32 = 32;
const HEAD: u32 = 30;
const NODE: u32 = 44;
const ROW_GAP: u32 = 40;
/// Room right of the boxes for arrows that skip a row and bend around.
const BEND: u32 = 40;
const LABEL: usize = 22;
/// What the external customer is called in the picture.
const CUSTOMERS: &str = "Customers";

/// One role of the chain; `serves` are indices into the same list.
#[derive(Clone, Debug, Default)]
pub struct ChainRole<'a> {
    pub title: &'a str,
    pub serves: Vec<usize>,
    pub serves_customer: bool,
}

/// Where each role (and the customer, last) sits: (row, position in the row).
struct Layout {
    places: Vec<(u32, u32)>,
    /// How many boxes each row holds.
    widths: Vec<u32>,
}

impl Layout {
    fn widest(&self) -> u32 {
        self.widths.iter().copied().max().unwrap_or(1).max(1)
    }

    /// Top-left corner of the box at `place`; each row is centred.
    fn corner(&self, place: (u32, u32)) -> (u32, u32) {
        let (row, at) = place;
        let in_row = self.widths.get(row as usize).copied().unwrap_or(1);
        let indent = (self.widest() - in_row) * (COLUMN + GAP) / 2;
        (
            PAD + indent + at * (COLUMN + GAP),
            PAD + HEAD + row * (NODE + ROW_GAP),
        )
    }

    fn size(&self) -> Size {
        let rows = self.widths.len() as u32;
        let widest = self.widest();
        Size {
            width: 2 * PAD + widest * COLUMN + (widest - 1) * GAP + BEND,
            height: 2 * PAD + HEAD + rows * NODE + rows.saturating_sub(1) * ROW_GAP,
        }
    }
}

/// The SVG of the chain; `id` makes its element ids unique on the page.
pub fn service_chain(id: &str, roles: &[ChainRole<'_>]) -> String {
    let layout = layout(roles);
    let title = "The service chain: whom each role serves";
    let mut canvas = Canvas::new(id, "chain-picture", layout.size(), title, &describe(roles));
    canvas.arrow_marker(id);
    canvas.text("svg-heading", (PAD, PAD + 16), "Serves ↓");
    let customer = roles.len();
    for (i, role) in roles.iter().enumerate() {
        let targets = role.serves.iter().copied().filter(|&t| t < roles.len());
        let targets = targets.chain(role.serves_customer.then_some(customer));
        for target in targets {
            edge(
                &mut canvas,
                id,
                &layout,
                layout.places[i],
                layout.places[target],
            );
        }
    }
    for (i, role) in roles.iter().enumerate() {
        box_at(
            &mut canvas,
            layout.corner(layout.places[i]),
            "svg-role",
            role.title,
        );
    }
    if roles.iter().any(|r| r.serves_customer) {
        box_at(
            &mut canvas,
            layout.corner(layout.places[customer]),
            "svg-customer",
            CUSTOMERS,
        );
    }
    canvas.finish()
}

fn box_at(canvas: &mut Canvas, (x, y): (u32, u32), class: &str, title: &str) {
    let label = fit(title, LABEL);
    canvas.node(&Node {
        class,
        x,
        y,
        width: COLUMN,
        height: NODE,
        lines: &[&label],
        full: title,
        key: None,
    });
}

/// Bottom of one box to the top of the other; an arrow that skips rows
/// leaves and enters on the right and bends around the boxes between.
fn edge(canvas: &mut Canvas, id: &str, layout: &Layout, from: (u32, u32), to: (u32, u32)) {
    let (fx, fy) = layout.corner(from);
    let (tx, ty) = layout.corner(to);
    if to.0 == from.0 + 1 {
        let start = (fx + COLUMN / 2, fy + NODE);
        canvas.curve(id, start, (tx + COLUMN / 2, ty - 2), false);
    } else {
        let start = (fx + COLUMN, fy + NODE / 2);
        canvas.curve(id, start, (tx + COLUMN + 2, ty + NODE / 2), true);
    }
}

/// Each role's distance from the customer: one for the frontline (and for
/// roles serving no one), one more than the farthest role it serves otherwise.
fn depths(roles: &[ChainRole<'_>]) -> Vec<u32> {
    let mut depth = vec![0u32; roles.len()];
    // Longest-path layering by relaxation; the chain has no cycles (a build
    // error), and at most `len` rounds bound it even if one slipped through.
    for _ in 0..=roles.len() {
        let mut changed = false;
        for (i, role) in roles.iter().enumerate() {
            let served = role.serves.iter().filter_map(|&t| depth.get(t)).max();
            let d = served.map_or(1, |d| d + 1).max(1);
            if d != depth[i] {
                depth[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

fn layout(roles: &[ChainRole<'_>]) -> Layout {
    let depth = depths(roles);
    let deepest = depth.iter().copied().max().unwrap_or(0);
    let customer = roles.iter().any(|r| r.serves_customer);
    let rows = deepest + u32::from(customer);
    let mut widths = vec![0u32; rows.max(1) as usize];
    let mut places: Vec<(u32, u32)> = depth
        .iter()
        .map(|&d| {
            let row = deepest - d;
            let at = widths[row as usize];
            widths[row as usize] += 1;
            (row, at)
        })
        .collect();
    places.push((deepest, 0));
    if customer {
        widths[deepest as usize] = 1;
    }
    Layout { places, widths }
}

/// The chain in words, for screen readers.
fn describe(roles: &[ChainRole<'_>]) -> String {
    let sentences: Vec<String> = roles
        .iter()
        .map(|role| {
            let mut served: Vec<&str> = role
                .serves
                .iter()
                .filter_map(|&t| roles.get(t).map(|r| r.title))
                .collect();
            if role.serves_customer {
                served.push(CUSTOMERS);
            }
            match served.as_slice() {
                [] => format!("{} serves no one yet.", role.title),
                some => format!("{} serves {}.", role.title, some.join(", ")),
            }
        })
        .collect();
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Vec<ChainRole<'static>> {
        vec![
            ChainRole {
                title: "Agent",
                serves: vec![],
                serves_customer: true,
            },
            ChainRole {
                title: "Team lead",
                serves: vec![0],
                serves_customer: false,
            },
            ChainRole {
                title: "Workforce <planner> & co",
                serves: vec![1, 0],
                serves_customer: false,
            },
        ]
    }

    #[test]
    fn roles_are_laid_out_by_distance_from_the_customer() {
        let layout = layout(&chain());
        // Planner (3 hops) on top, then team lead, agent, customers at the bottom.
        assert_eq!(layout.places, [(2, 0), (1, 0), (0, 0), (3, 0)]);
        assert_eq!(layout.widths, [1, 1, 1, 1]);
        let svg = service_chain("c", &chain());
        let width = 2 * PAD + COLUMN + BEND;
        let height = 2 * PAD + HEAD + 4 * NODE + 3 * ROW_GAP;
        assert!(svg.contains(&format!("viewBox=\"0 0 {width} {height}\"")));
        // Planner -> lead, planner -> agent, lead -> agent, agent -> customers.
        assert_eq!(svg.matches("class=\"svg-edge\"").count(), 4);
        assert_eq!(svg.matches("<g class=\"svg-customer\">").count(), 1);
    }

    #[test]
    fn roles_at_one_distance_share_a_centred_row() {
        let mut roles = chain();
        roles.push(ChainRole {
            title: "Field technician",
            serves: vec![],
            serves_customer: true,
        });
        let layout = layout(&roles);
        assert_eq!(layout.places[3], (2, 1));
        assert_eq!(layout.widths, [1, 1, 2, 1]);
        assert_eq!(layout.size().width, 2 * PAD + 2 * COLUMN + GAP + BEND);
        // A row of one box is centred above a row of two.
        assert_eq!(layout.corner((0, 0)).0, PAD + (COLUMN + GAP) / 2);
    }

    #[test]
    fn text_is_escaped_and_described() {
        let svg = service_chain("c", &chain());
        assert!(svg.contains("<title>Workforce &lt;planner&gt; &amp; co</title>"));
        assert!(svg.contains(
            "<desc id=\"c-desc\">Agent serves Customers. Team lead serves Agent. Workforce &lt;planner&gt; &amp; co serves Team lead, Agent.</desc>"
        ));
        assert!(!svg.contains("<planner>"));
        assert!(!svg.contains("style"));
    }

    #[test]
    fn without_a_frontline_role_no_customer_is_drawn() {
        let roles = [ChainRole {
            title: "Lonely",
            serves: vec![],
            serves_customer: false,
        }];
        let svg = service_chain("c", &roles);
        assert!(!svg.contains("svg-customer"));
        assert!(svg.contains("Lonely serves no one yet."));
    }
}
