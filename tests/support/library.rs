//! Stores opened through the library, in the test process itself.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate};
use docket::domain::record::ValidCase;
use docket::store::Actor;

/// The date the tests are written for.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

pub fn actor() -> Actor {
    Actor {
        user: "tester".into(),
        at: DateTime::parse_from_rfc3339("2026-11-26T09:30:00+08:00").unwrap(),
        op: None,
    }
}

/// `n` demo cases of `seed`, validated as an import would.
pub fn demo(n: usize, seed: u64) -> Vec<ValidCase> {
    docket::demo::cases(n, seed, today())
        .map(|r| r.validate(today()).unwrap())
        .collect()
}
