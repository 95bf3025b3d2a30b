//! docket: a keyboard-driven case manager for legal aid centers.

pub mod api;
pub mod cli;
pub mod client;
pub mod codec;
pub mod demo;
pub mod display;
pub mod domain;
pub mod i18n;
pub mod server;
pub mod store;
pub mod tui;
pub mod users;
