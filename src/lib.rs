//! Dojo: a static-site generator for learning organizations.
//!
//! The pipeline is `config -> load -> parse -> resolve -> render -> write`;
//! each stage is a module that takes a value and returns one (see `build`).

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod hash;
pub mod load;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
mod swar;
pub mod value;
pub mod write;
