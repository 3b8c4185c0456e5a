//! Front-matter fields: check a positioned `Table` against the fields every
//! kind has (ARCHITECTURE section 1), with the aliases `description`, `date`
//! and `author`, and turn it into a `FrontMatter`. Unknown fields get a did-you-mean.

use crate::config::UnknownFields;
use crate::diagnostic::Diagnostic;
use crate::parse::FrontMatter;
use crate::parse::value::Table;

/// Validate the table; warnings (unknown fields under `warn`) come back with the value.
pub fn validate(
    source: &str,
    table: &Table,
    unknown: UnknownFields,
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let _ = (source, table, unknown);
    todo!("fields::validate")
}
