//! Plain types and pure functions: no I/O, no terminal, no store, no clock
//! reads (the date "today" is always passed in).

#[macro_use]
pub mod codes;
pub mod areas;
pub mod calendar;
pub mod case;
pub mod consult;
pub mod correct;
pub mod deadlines;
pub mod decision;
pub mod eligibility;
pub mod event;
pub mod funds;
pub mod idnumber;
pub mod input;
pub mod policy;
pub mod provider;
pub mod quality;
pub mod queue;
pub mod record;
pub mod refusal;
pub mod report;
pub mod search;
pub mod stage;
pub mod station;
pub mod supervision;
pub mod tables;
pub mod text;
pub mod user;
pub mod workflow;
