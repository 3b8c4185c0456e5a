//! Calendar dates and review intervals as front matter writes them:
//! `2024-05-01`, RFC 3339, Jekyll's `2024-05-01 10:00:00 +0200`;
//! intervals like `"90 days"`, `"6 months"`, `"1 year"`; durations like `"1h30"`.

/// A calendar date (no time zone: handbooks care about days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// How often a page must be reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    Days(u32),
    Months(u32),
}
