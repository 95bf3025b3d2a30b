//! The shapes values had in older format versions, frozen, and how each
//! becomes today's. Never change a struct here: add a new one.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::calendar::Counting;
use crate::domain::case::{
    Applicant, Case, CaseNo, Flags, Handling, MatterDeadline, Note, Review, Steps,
};
use crate::domain::codes::{Channel, Kind, Matter, Status};
use crate::domain::policy::Policy;

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
            serious: false,
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

/// A case as format versions 3 and 4 wrote it (before the serious flag).
#[derive(Deserialize)]
pub struct CaseV3 {
    pub v2: CaseV2,
    pub review: Review,
    pub handling: Handling,
}

impl From<CaseV3> for Case {
    fn from(v: CaseV3) -> Case {
        Case {
            review: v.review,
            handling: v.handling,
            ..Case::from(v.v2)
        }
    }
}

/// A policy as format versions 1 to 3 wrote it (deadline numbers only;
/// version 4 added the area, hardship standards, scope, documents and
/// subsidies, which an old store gets as defaults).
#[derive(Deserialize)]
pub struct PolicyV1 {
    pub review_days: u32,
    pub assign_after_grant_days: u32,
    pub assign_on_notice_days: u32,
    pub agreement_days: u32,
    pub objection_days: u32,
    pub case_file_days: u32,
    pub file_review_days: u32,
    pub emergency_days: u32,
    pub warning_days: u32,
    pub counting: Counting,
    pub clock_stop: bool,
}

/// A policy as format versions 4 and 5 wrote it (before `supplement_days`).
#[derive(Deserialize)]
pub struct PolicyV4 {
    pub v1: PolicyV1,
    pub area_codes: Vec<String>,
    pub hardship_standards: Vec<crate::domain::policy::HardshipStandard>,
    pub extra_matters: Vec<String>,
    pub required_documents: Vec<crate::domain::policy::RequiredDocuments>,
    pub subsidy_standards: Vec<crate::domain::policy::SubsidyStandard>,
}

impl From<PolicyV4> for Policy {
    fn from(v: PolicyV4) -> Policy {
        Policy {
            area_codes: v.area_codes,
            hardship_standards: v.hardship_standards,
            extra_matters: v.extra_matters,
            required_documents: v.required_documents,
            subsidy_standards: v.subsidy_standards,
            ..Policy::from(v.v1)
        }
    }
}

impl From<PolicyV1> for Policy {
    fn from(v: PolicyV1) -> Policy {
        Policy {
            review_days: v.review_days,
            assign_after_grant_days: v.assign_after_grant_days,
            assign_on_notice_days: v.assign_on_notice_days,
            agreement_days: v.agreement_days,
            objection_days: v.objection_days,
            case_file_days: v.case_file_days,
            file_review_days: v.file_review_days,
            emergency_days: v.emergency_days,
            warning_days: v.warning_days,
            counting: v.counting,
            clock_stop: v.clock_stop,
            ..Policy::default()
        }
    }
}
