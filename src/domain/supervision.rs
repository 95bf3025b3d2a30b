//! The director's lists (the Supervision screen, `docket subsidy list`,
//! `docket follow-up --due`): what waits for someone, each case once per
//! list with the day it has waited since. Pure: the store keeps one index
//! entry per (list, day, case), in the same batch as the case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::Case;
use super::codes::Status;
use super::quality::follow_up_due;

code_enum!(
    /// A list of the Supervision screen. Stored as its index: append only.
    /// to_approve: payments proposed, waiting for a director; to_pay:
    /// approved, waiting for the finance office; follow_up_due: closed cases
    /// without a follow-up that reached the recipient; second_review:
    /// failing files waiting for the two sheets of the second review;
    /// closed: every closed case by the day it concluded (the peer review's
    /// population, not a list to work through).
    List {
        ToApprove => "to_approve",
        ToPay => "to_pay",
        FollowUpDue => "follow_up_due",
        SecondReview => "second_review",
        Closed => "closed",
    }
);

/// The lists a case is on, with the day it waits since (the oldest of its
/// entries on that list).
pub fn entries(case: &Case) -> Vec<(List, NaiveDate)> {
    let mut out: Vec<(List, NaiveDate)> = Vec::new();
    let mut put = |list: List, day: NaiveDate| match out.iter_mut().find(|(l, _)| *l == list) {
        Some((_, d)) => *d = (*d).min(day),
        None => out.push((list, day)),
    };
    for p in &case.handling.payments {
        match (p.approved_on, p.paid_on) {
            (None, _) => put(List::ToApprove, p.proposed_on),
            (Some(on), None) => put(List::ToPay, on),
            _ => {}
        }
    }
    if let Some(day) = follow_up_due(case) {
        put(List::FollowUpDue, day);
    }
    if let (Some(q), Some(day)) = (&case.handling.quality, case.steps.file_submitted)
        && q.second_review_due()
    {
        put(List::SecondReview, day);
    }
    if let (Some(day), true) = (
        case.steps.concluded,
        matches!(case.status, Status::Concluded | Status::Archived),
    ) {
        put(List::Closed, day);
    }
    out
}
