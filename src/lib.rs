//! docket: a keyboard-driven case manager for legal aid centers.

pub mod cli;
pub mod demo;
pub mod display;
pub mod domain;
pub mod i18n;
pub mod store;
