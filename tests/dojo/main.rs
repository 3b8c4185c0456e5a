//! Dojo's integration tests: one binary, one module per feature. Fixture
//! handbooks live in `tests/fixtures/`; set `DOJO_BLESS=1` to rewrite the
//! expected outputs, then review the diff before committing it.

// Test code: a failed unwrap is a failed test with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod browser;
mod build_output;
mod check;
mod config;
mod errors;
mod external;
mod golden;
mod scaffold;
mod serve;
