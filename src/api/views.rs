//! What the store answers with, as the wire carries it: pages of a list,
//! search hits, deadlines, ranked providers. Plain values of domain types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::case::{Case, CaseNo};
use crate::domain::deadlines::DeadlineKind;
use crate::domain::provider;

/// Which part of a list to read: `limit` items from `offset`, or the page
/// that holds the case `around` when it is in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageWindow {
    pub offset: usize,
    pub limit: usize,
    pub around: Option<CaseNo>,
}

/// Cases `offset..offset + cases.len()` of a list of `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    pub offset: usize,
    pub total: usize,
    pub cases: Vec<Case>,
}

/// Deadlines `offset..` of the due list, each with its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuePage {
    pub offset: usize,
    pub total: usize,
    pub items: Vec<(DueEntry, Case)>,
}

/// A case found by a query, with how well it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub case: Case,
    pub rank: crate::domain::search::Rank,
    /// The index the hit came from (`None`: the case number).
    pub field: Option<crate::domain::search::Field>,
}

/// A deadline read from the due index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueEntry {
    pub key: DueKey,
    /// Calendar years the computation needed but the calendar lacks.
    pub uncovered: Vec<i32>,
}

/// A deadline in the due index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueKey {
    pub due: NaiveDate,
    pub case: CaseNo,
    pub kind: DeadlineKind,
    pub sub: u32,
}

/// A provider as ranked for a case, ready to show: excluded ones say why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub organization: String,
    pub open: u32,
    pub capacity: u32,
    /// Why the provider may not take the case (hard rules); empty if they may.
    pub excluded: Vec<provider::Exclusion>,
    /// Why this rank: specialty match, load.
    pub reasons: Vec<provider::Reason>,
}
