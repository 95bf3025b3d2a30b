//! The shapes values had in older format versions, frozen, and how each
//! becomes today's. Never change a struct here: add a new one.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::case::{Applicant, Case, CaseNo, Flags, MatterDeadline, Note, Steps};
use crate::domain::codes::{Channel, Kind, Matter, Status};

/// A case as format version 1 wrote it (before flags, closing reason, notes).
#[derive(Deserialize)]
pub struct CaseV1 {
    pub no: CaseNo,
    pub received: NaiveDate,
    pub kind: Kind,
    pub matter: Matter,
    pub channel: Channel,
    pub station: Option<String>,
    pub applicant: Applicant,
    pub adverse_party: Option<String>,
    pub summary: String,
    pub status: Status,
    pub steps: Steps,
    pub provider: Option<String>,
    pub outcome: Option<String>,
    pub deadlines: Vec<MatterDeadline>,
    pub caseworker: Option<String>,
    pub revision: u64,
}

impl From<CaseV1> for Case {
    fn from(v: CaseV1) -> Case {
        Case {
            no: v.no,
            received: v.received,
            kind: v.kind,
            matter: v.matter,
            channel: v.channel,
            station: v.station,
            applicant: v.applicant,
            adverse_party: v.adverse_party,
            summary: v.summary,
            status: v.status,
            steps: v.steps,
            provider: v.provider,
            outcome: v.outcome,
            deadlines: v.deadlines,
            caseworker: v.caseworker,
            revision: v.revision,
            flags: Default::default(),
            closing_reason: None,
            notes: Vec::new(),
            review: Default::default(),
            handling: Default::default(),
        }
    }
}

/// A case as format version 2 wrote it (before review and handling).
#[derive(Deserialize)]
pub struct CaseV2 {
    pub v1: CaseV1,
    pub flags: Flags,
    pub closing_reason: Option<String>,
    pub notes: Vec<Note>,
}

impl From<CaseV2> for Case {
    fn from(v: CaseV2) -> Case {
        Case {
            flags: v.flags,
            closing_reason: v.closing_reason,
            notes: v.notes,
            ..Case::from(v.v1)
        }
    }
}
