//! The shapes values had in older format versions, frozen, and how each
//! becomes today's. Never change a struct here: add a new one.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::codec::{CodecError, Stored, payload_of};
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
            result: None,
            criminal: None,
        }
    }
}

/// A note as format versions 2 to 8 wrote it (before strikes).
#[derive(Deserialize)]
pub struct NoteV2 {
    pub on: NaiveDate,
    pub who: String,
    pub text: String,
}

/// A case as format version 2 wrote it (before review and handling).
#[derive(Deserialize)]
pub struct CaseV2 {
    pub v1: CaseV1,
    pub flags: Flags,
    pub closing_reason: Option<String>,
    pub notes: Vec<NoteV2>,
}

impl From<CaseV2> for Case {
    fn from(v: CaseV2) -> Case {
        Case {
            flags: v.flags,
            closing_reason: v.closing_reason,
            notes: v
                .notes
                .into_iter()
                .map(|n| Note {
                    on: n.on,
                    who: n.who,
                    text: n.text,
                    struck: None,
                })
                .collect(),
            ..Case::from(v.v1)
        }
    }
}

/// A case as format versions 3 and 4 wrote it (before the serious flag).
#[derive(Deserialize)]
pub struct CaseV3 {
    pub v2: CaseV2,
    pub review: Review,
    pub handling: HandlingV3,
}

impl From<CaseV3> for Case {
    fn from(v: CaseV3) -> Case {
        Case {
            review: v.review,
            handling: v.handling.into(),
            ..Case::from(v.v2)
        }
    }
}

/// A case as format versions 5 to 8 wrote it (notes without strikes).
#[derive(Deserialize)]
pub struct CaseV5 {
    pub v3: CaseV3,
    pub serious: bool,
}

impl From<CaseV5> for Case {
    fn from(v: CaseV5) -> Case {
        Case {
            serious: v.serious,
            ..Case::from(v.v3)
        }
    }
}

/// A case as format version 9 wrote it (before the coded result).
#[derive(Deserialize)]
pub struct CaseV9 {
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
    pub flags: Flags,
    pub closing_reason: Option<String>,
    pub notes: Vec<Note>,
    pub review: Review,
    pub handling: HandlingV3,
    pub serious: bool,
}

impl From<CaseV9> for Case {
    fn from(v: CaseV9) -> Case {
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
            flags: v.flags,
            closing_reason: v.closing_reason,
            notes: v.notes,
            review: v.review,
            handling: v.handling.into(),
            serious: v.serious,
            result: None,
            criminal: None,
        }
    }
}

/// A case's handling as format versions 3 to 10 wrote it (one follow-up
/// with a 1–5 score; no ledger, no peer review).
#[derive(Deserialize)]
pub struct HandlingV3 {
    pub assignments: Vec<crate::domain::case::Assignment>,
    pub termination_ground: Option<String>,
    pub subsidy: Option<crate::domain::case::Subsidy>,
    pub follow_up: Option<crate::domain::quality::OldFollowUp>,
}

impl From<HandlingV3> for Handling {
    fn from(v: HandlingV3) -> Handling {
        Handling {
            assignments: v.assignments,
            termination_ground: v.termination_ground,
            subsidy: v.subsidy,
            follow_ups: v.follow_up.map(Into::into).into_iter().collect(),
            payments: Vec::new(),
            quality: None,
        }
    }
}

/// A case as format version 10 wrote it (its handling in the old shape).
#[derive(Deserialize)]
pub struct CaseV10 {
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
    pub flags: Flags,
    pub closing_reason: Option<String>,
    pub notes: Vec<Note>,
    pub review: Review,
    pub handling: HandlingV3,
    pub serious: bool,
    pub result: Option<crate::domain::case::CaseResult>,
    pub criminal: Option<crate::domain::case::CriminalFacts>,
}

impl From<CaseV10> for Case {
    fn from(v: CaseV10) -> Case {
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
            flags: v.flags,
            closing_reason: v.closing_reason,
            notes: v.notes,
            review: v.review,
            handling: v.handling.into(),
            serious: v.serious,
            result: v.result,
            criminal: v.criminal,
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

/// A policy as format versions 7 to 9 wrote it (before the center's name,
/// the plan's targets and the half-year cut-off).
#[derive(Deserialize)]
pub struct PolicyV7 {
    pub v6: PolicyV6,
    pub self_approval: bool,
}

impl From<PolicyV7> for Policy {
    fn from(v: PolicyV7) -> Policy {
        Policy {
            self_approval: v.self_approval,
            ..Policy::from(v.v6)
        }
    }
}

/// A policy as format version 10 wrote it (subsidies by kind, before the
/// rate tables and the peer review's rules).
#[derive(Deserialize)]
pub struct PolicyV10 {
    pub v7: PolicyV7,
    pub center_name: String,
    pub cases_per_year: u32,
    pub workstation_share_percent: u32,
    pub half_year_from: u32,
}

impl From<PolicyV10> for Policy {
    fn from(v: PolicyV10) -> Policy {
        Policy {
            center_name: v.center_name,
            cases_per_year: v.cases_per_year,
            workstation_share_percent: v.workstation_share_percent,
            half_year_from: v.half_year_from,
            ..Policy::from(v.v7)
        }
    }
}

/// A policy as format version 6 wrote it (before `self_approval`).
#[derive(Deserialize)]
pub struct PolicyV6 {
    pub v4: PolicyV4,
    pub supplement_days: u32,
}

impl From<PolicyV6> for Policy {
    fn from(v: PolicyV6) -> Policy {
        Policy {
            supplement_days: v.supplement_days,
            ..Policy::from(v.v4)
        }
    }
}

impl From<PolicyV4> for Policy {
    fn from(v: PolicyV4) -> Policy {
        Policy {
            area_codes: v.area_codes,
            hardship_standards: v.hardship_standards,
            extra_matters: v.extra_matters,
            required_documents: v.required_documents,
            subsidy_rates: vec![crate::domain::policy::rates_from_kind_amounts(
                &v.subsidy_standards,
            )],
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

/// A user as format versions 1 to 7 wrote it (before the display name).
#[derive(Deserialize)]
pub struct UserV1 {
    pub name: String,
    pub role: crate::domain::user::Role,
    pub active: bool,
}

impl From<UserV1> for crate::domain::user::User {
    fn from(v: UserV1) -> Self {
        crate::domain::user::User {
            name: v.name,
            role: v.role,
            active: v.active,
            display_name: None,
        }
    }
}

// How each type reads its older versions.

impl Stored for crate::domain::user::User {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1..=7 => payload_of::<UserV1>(payload).map(Into::into),
            8..=9 => payload_of(payload),
            v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
        }
    }
}

impl Stored for crate::domain::case::Case {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => payload_of::<CaseV1>(payload).map(Into::into),
            2 => payload_of::<CaseV2>(payload).map(Into::into),
            3 | 4 => payload_of::<CaseV3>(payload).map(Into::into),
            5..=8 => payload_of::<CaseV5>(payload).map(Into::into),
            9 => payload_of::<CaseV9>(payload).map(Into::into),
            10 => payload_of::<CaseV10>(payload).map(Into::into),
            v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
        }
    }
}

impl Stored for crate::domain::policy::Policy {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1..=3 => payload_of::<PolicyV1>(payload).map(Into::into),
            4 | 5 => payload_of::<PolicyV4>(payload).map(Into::into),
            6 => payload_of::<PolicyV6>(payload).map(Into::into),
            7..=9 => payload_of::<PolicyV7>(payload).map(Into::into),
            10 => payload_of::<PolicyV10>(payload).map(Into::into),
            v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::codec::{decode, encode};

    #[test]
    fn a_policy_written_before_supplement_days_reads_with_the_default() {
        use crate::domain::policy::Policy;
        // The shape versions 4 and 5 wrote: today's policy without its last field.
        #[derive(serde::Serialize)]
        struct Before {
            review_days: u32,
            assign_after_grant_days: u32,
            assign_on_notice_days: u32,
            agreement_days: u32,
            objection_days: u32,
            case_file_days: u32,
            file_review_days: u32,
            emergency_days: u32,
            warning_days: u32,
            counting: crate::domain::calendar::Counting,
            clock_stop: bool,
            area_codes: Vec<String>,
            hardship_standards: Vec<crate::domain::policy::HardshipStandard>,
            extra_matters: Vec<String>,
            required_documents: Vec<crate::domain::policy::RequiredDocuments>,
            subsidy_standards: Vec<crate::domain::policy::SubsidyStandard>,
        }
        let d = Policy::default();
        let before = Before {
            review_days: 10,
            assign_after_grant_days: d.assign_after_grant_days,
            assign_on_notice_days: d.assign_on_notice_days,
            agreement_days: d.agreement_days,
            objection_days: d.objection_days,
            case_file_days: d.case_file_days,
            file_review_days: d.file_review_days,
            emergency_days: d.emergency_days,
            warning_days: d.warning_days,
            counting: d.counting,
            clock_stop: d.clock_stop,
            area_codes: d.area_codes.clone(),
            hardship_standards: d.hardship_standards.clone(),
            extra_matters: d.extra_matters.clone(),
            required_documents: d.required_documents.clone(),
            subsidy_standards: vec![crate::domain::policy::SubsidyStandard {
                kind: crate::domain::codes::Kind::Civil,
                amount: 1300,
            }],
        };
        for version in [4u8, 5] {
            let mut bytes = encode(&before);
            bytes[0] = version;
            let policy: Policy = decode(&bytes).expect("decodes");
            assert_eq!(policy.review_days, 10);
            assert_eq!(policy.supplement_days, 15);
            // The amounts by kind become a rate table: civil litigation 1300.
            let civil = policy.subsidy_rates[0]
                .classes
                .iter()
                .find(|r| r.class == crate::domain::funds::RateClass::CivilLitigation)
                .map(|r| r.direct_costs + r.labour_fee);
            assert_eq!(civil, Some(1300));
        }
        // Version 6 added supplement_days; self_approval came with 7.
        #[derive(serde::Serialize)]
        struct V6 {
            before: Before,
            supplement_days: u32,
        }
        let mut bytes = encode(&V6 {
            before,
            supplement_days: 12,
        });
        bytes[0] = 6;
        let policy: Policy = decode(&bytes).expect("decodes");
        assert_eq!((policy.review_days, policy.supplement_days), (10, 12));
        assert!(!policy.self_approval, "the proposer does not approve");
    }
}
