//! A case and its applicant: the record the center keeps for one application.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{Channel, Group, Kind, Matter, Status};
use super::idnumber::{Gender, IdNumber};

/// A case number: a per-year sequence, shown as `2026-0001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CaseNo {
    pub year: u16,
    pub seq: u32,
}

impl CaseNo {
    pub fn new(year: u16, seq: u32) -> CaseNo {
        CaseNo { year, seq }
    }

    /// Case numbers as a person lists them: "2026-0001, 2026-0007".
    pub fn list(nos: &[CaseNo]) -> String {
        nos.iter()
            .map(CaseNo::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:04}", self.year, self.seq)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a case number (expected YEAR-NUMBER, such as 2026-0001)")]
pub struct BadCaseNo(pub String);

impl FromStr for CaseNo {
    type Err = BadCaseNo;

    fn from_str(s: &str) -> Result<CaseNo, BadCaseNo> {
        let bad = || BadCaseNo(s.to_string());
        let (year, seq) = s.trim().split_once('-').ok_or_else(bad)?;
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !all_digits(year) || !all_digits(seq) || seq.len() > 9 {
            return Err(bad());
        }
        let year: u16 = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(CaseNo { year, seq })
    }
}

/// The person who applies for aid (or, for a notification, the person aided).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Applicant {
    pub name: String,
    pub id_number: Option<IdNumber>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Derived from the ID number when there is one.
    pub gender: Option<Gender>,
    /// Derived from the ID number when there is one.
    pub birth_date: Option<NaiveDate>,
    pub groups: Vec<Group>,
}

/// The date each step of the procedure was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Steps {
    pub documents_requested: Option<NaiveDate>,
    pub documents_due: Option<NaiveDate>,
    pub documents_received: Option<NaiveDate>,
    pub decided: Option<NaiveDate>,
    pub assigned: Option<NaiveDate>,
    pub agreement_signed: Option<NaiveDate>,
    pub concluded: Option<NaiveDate>,
    pub file_submitted: Option<NaiveDate>,
    pub file_reviewed: Option<NaiveDate>,
    pub archived: Option<NaiveDate>,
    pub objection_filed: Option<NaiveDate>,
    pub objection_decided: Option<NaiveDate>,
}

impl Steps {
    /// The step dates a case in `status` must have: the steps that made it
    /// so (one rule for imports, corrections and `docket check`).
    pub fn missing_for(&self, status: super::codes::Status) -> Vec<&'static str> {
        use super::codes::Status::*;
        let needs: &[(&'static str, Option<NaiveDate>)] = match status {
            Granted | Denied => &[("decided", self.decided)],
            Assigned => &[("assigned", self.assigned)],
            Concluded => &[("assigned", self.assigned), ("concluded", self.concluded)],
            Archived => &[("concluded", self.concluded), ("archived", self.archived)],
            _ => &[],
        };
        needs
            .iter()
            .filter(|(_, d)| d.is_none())
            .map(|(step, _)| *step)
            .collect()
    }

    /// Every step's date with its name, in the order of a case's life: the
    /// one list of the steps (`show`, the case view, the order rule).
    pub fn dated(&self) -> [(&'static str, Option<NaiveDate>); 12] {
        let s = self;
        [
            ("documents_requested", s.documents_requested),
            ("documents_due", s.documents_due),
            ("documents_received", s.documents_received),
            ("decided", s.decided),
            ("assigned", s.assigned),
            ("agreement_signed", s.agreement_signed),
            ("concluded", s.concluded),
            ("file_submitted", s.file_submitted),
            ("file_reviewed", s.file_reviewed),
            ("archived", s.archived),
            ("objection_filed", s.objection_filed),
            ("objection_decided", s.objection_decided),
        ]
    }

    /// Each step that comes before the step it follows, or before the day
    /// the case was received: (field, date, the earlier field, its date).
    /// One rule for imports, corrections and every step of the procedure.
    pub fn out_of_order(
        &self,
        received: NaiveDate,
    ) -> Vec<(&'static str, NaiveDate, &'static str, NaiveDate)> {
        let s = self;
        // The due date of the supplement may lie anywhere after its notice.
        let after_received = self
            .dated()
            .into_iter()
            .filter(|(field, _)| *field != "documents_due")
            .map(|(field, date)| (field, date, "received", Some(received)));
        let pairs = [
            (
                "documents_received",
                s.documents_received,
                "documents_requested",
                s.documents_requested,
            ),
            (
                "documents_due",
                s.documents_due,
                "documents_requested",
                s.documents_requested,
            ),
            ("assigned", s.assigned, "decided", s.decided),
            (
                "agreement_signed",
                s.agreement_signed,
                "assigned",
                s.assigned,
            ),
            ("concluded", s.concluded, "assigned", s.assigned),
            ("file_submitted", s.file_submitted, "concluded", s.concluded),
            (
                "file_reviewed",
                s.file_reviewed,
                "file_submitted",
                s.file_submitted,
            ),
            ("archived", s.archived, "file_reviewed", s.file_reviewed),
            (
                "objection_decided",
                s.objection_decided,
                "objection_filed",
                s.objection_filed,
            ),
        ];
        after_received
            .into_iter()
            .chain(pairs)
            .filter_map(|(field, date, after, earlier)| match (date, earlier) {
                (Some(d), Some(e)) if d < e => Some((field, d, after, e)),
                _ => None,
            })
            .collect()
    }
}

/// A date of the matter itself (hearing, limitation, appeal), entered by a caseworker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterDeadline {
    /// Numbered from 1 within the case; never reused.
    pub id: u32,
    pub date: NaiveDate,
    pub label: String,
    /// When it was marked done; a done deadline is no longer open.
    pub done: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub no: CaseNo,
    pub received: NaiveDate,
    pub kind: Kind,
    pub matter: Matter,
    pub channel: Channel,
    /// The workstation (站点) that took the application, if any.
    pub station: Option<String>,
    pub applicant: Applicant,
    pub adverse_party: Option<String>,
    pub summary: String,
    pub status: Status,
    pub steps: Steps,
    /// The provider the case is assigned to.
    pub provider: Option<String>,
    pub outcome: Option<String>,
    pub deadlines: Vec<MatterDeadline>,
    /// The caseworker (OS user name) who holds the case.
    pub caseworker: Option<String>,
    /// Bumped by every change; a change based on an older revision is refused.
    pub revision: u64,
    /// Found at intake: possible duplicates and conflicts, emergency.
    pub flags: Flags,
    /// Why the case was withdrawn or terminated (or another closing note).
    pub closing_reason: Option<String>,
    /// Progress notes, oldest first.
    pub notes: Vec<Note>,
    /// The eligibility review and the decision (审查, 决定, 审批).
    pub review: Review,
    /// Assignment, handling, closing and follow-up (指派, 承办, 结案, 回访).
    pub handling: Handling,
    /// The charge may bring life imprisonment or the death penalty: a fact
    /// of the case (from the notification, or once the charge is known),
    /// which every assignment and replacement applies (Law Art. 26).
    pub serious: bool,
    /// The coded result at conclusion and the amounts obtained, as the
    /// national tables count them (the outcome text stays as it was typed).
    pub result: Option<CaseResult>,
    /// The criminal case's facts the tables count (T5).
    pub criminal: Option<CriminalFacts>,
}

/// A criminal case's facts for table T5: a notification's stage and
/// ground, or how an application came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CriminalFacts {
    // Never skipped when written: the store's encoding has no field names.
    #[serde(default)]
    pub stage: Option<super::codes::ProceedingStage>,
    #[serde(default)]
    pub ground: Option<super::codes::NoticeGround>,
    #[serde(default)]
    pub source: Option<super::codes::Source>,
}

/// A concluded case's result for the statistics: its code and the money
/// recovered or obtained for the recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseResult {
    pub code: super::codes::ResultCode,
    /// Yuan recovered or obtained for the recipient.
    #[serde(default)]
    pub recovered: u64,
    /// Of it, wages recovered for a migrant worker.
    #[serde(default)]
    pub wages: u64,
}

/// The review of an application: the facts the checklist needs, the
/// caseworker's confirmations and overrides, the decision and its approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// People in the household (for the hardship test).
    #[serde(default)]
    pub household_size: Option<u32>,
    /// The household's monthly income, in yuan.
    #[serde(default)]
    pub monthly_income: Option<u32>,
    /// Checklist items confirmed or overridden by a caseworker, latest last.
    #[serde(default)]
    pub overrides: Vec<CheckOverride>,
    /// The documents asked for in the supplement notice (补充材料).
    #[serde(default)]
    pub documents_missing: Vec<String>,
    /// The proposed or approved decision.
    #[serde(default)]
    pub decision: Option<Decision>,
    /// Emergency aid (先行提供, Law Art. 44) granted on this date; the
    /// review is completed afterwards.
    #[serde(default)]
    pub emergency_aid: Option<NaiveDate>,
    /// An objection (异议, Law Art. 49) to a denial or termination.
    #[serde(default)]
    pub objection: Option<Objection>,
}

/// A caseworker's verdict on a checklist item, with the reason kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckOverride {
    /// The item code: identity, jurisdiction, scope, hardship, documents, conflicts.
    pub item: String,
    /// pass, fail, pending or not_applicable.
    pub verdict: String,
    pub reason: String,
    pub who: String,
    pub on: NaiveDate,
}

/// A decision to grant or deny aid: proposed by a caseworker, approved
/// (or returned) by a director.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub grant: bool,
    /// A reason code (e.g. hardship_met, not_in_scope, not_hardship).
    pub reason_code: String,
    pub text: String,
    pub proposed_by: String,
    pub proposed_on: NaiveDate,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    /// The hardship standard the review used, as in force on the received
    /// date: "effective DATE: N yuan per member per month".
    #[serde(default)]
    pub standard: Option<String>,
}

/// An objection to a denial or termination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub filed: NaiveDate,
    /// What it objects to: denial or termination.
    pub against: String,
    /// upheld, or corrected (which reopens the review).
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub decided: Option<NaiveDate>,
}

/// The life of a granted case after the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Handling {
    /// Every assignment, the current one last (reassignment keeps history).
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// The Art. 48 ground of a termination.
    #[serde(default)]
    pub termination_ground: Option<String>,
    /// The handling subsidy (办案补贴) set when the file is reviewed.
    #[serde(default)]
    pub subsidy: Option<Subsidy>,
    /// The follow-ups with the recipient (回访), oldest first.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// The ledger of the case's payments (办案补贴), oldest first.
    #[serde(default)]
    pub payments: Vec<Payment>,
    /// The peer review of the closed file (同行评估).
    #[serde(default)]
    pub quality: Option<QualityReview>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The provider's id.
    pub provider: String,
    pub on: NaiveDate,
    pub by: String,
    /// Why this provider rather than the first ranked, or why reassigned.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subsidy {
    /// Yuan paid.
    pub amount: u32,
    /// The policy's standard amount for the kind, in yuan.
    pub standard: u32,
    /// Why the amount differs from the standard.
    #[serde(default)]
    pub reason: Option<String>,
}

pub use super::quality::{FollowUp, QualityReview};

/// The provider a case is with: the id of its last assignment, or else the
/// provider named on an imported case.
pub fn provider_of(case: &Case) -> Option<&str> {
    case.handling
        .assignments
        .last()
        .map(|a| a.provider.as_str())
        .or(case.provider.as_deref())
}

/// One entry of the ledger: a payment proposed, approved by a director,
/// then paid by the finance office against a voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// Its number in the case's ledger, from 1.
    pub seq: u32,
    pub kind: super::funds::SubsidyKind,
    /// The provider's id.
    pub payee: String,
    pub payee_type: super::funds::PayeeType,
    pub class: super::funds::RateClass,
    /// Yuan: direct costs (办案成本) and the labour fee (劳务补贴); the
    /// amount is their sum.
    pub direct_costs: u32,
    pub labour_fee: u32,
    /// The rate table's standard before the quality grade.
    pub base: u32,
    /// The standard after the grade.
    pub standard: u32,
    /// Why the amount differs from the standard, or why a second entry.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub cross_region: bool,
    /// The funds it is charged to (the central lottery project's cases are
    /// reported on their own, quarterly).
    #[serde(default = "super::funds::default_source")]
    pub source: super::funds::Source,
    pub proposed_by: String,
    pub proposed_on: NaiveDate,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    #[serde(default)]
    pub paid_on: Option<NaiveDate>,
    #[serde(default)]
    pub voucher: Option<String>,
}

impl Payment {
    pub fn amount(&self) -> u32 {
        self.direct_costs + self.labour_fee
    }
}

impl Review {
    pub fn is_empty(&self) -> bool {
        *self == Review::default()
    }
}

impl Handling {
    pub fn is_empty(&self) -> bool {
        *self == Handling::default()
    }
}

/// What intake found about a case, kept so that later screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Flags {
    /// Marked as an emergency (先行提供, Law Art. 44) at registration.
    #[serde(default)]
    pub emergency: bool,
    /// Cases of the same person (same ID number, phone, or name and birth date).
    #[serde(default)]
    pub possible_duplicates: Vec<CaseNo>,
    /// Cases whose applicant has the adverse party's name.
    #[serde(default)]
    pub possible_conflicts: Vec<CaseNo>,
}

impl Flags {
    pub fn is_empty(&self) -> bool {
        *self == Flags::default()
    }
}

/// A progress note on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub on: NaiveDate,
    pub who: String,
    pub text: String,
    /// Struck out as filed by mistake: kept, never deleted. (Never
    /// skipped when written: the store's encoding has no field names.)
    #[serde(default)]
    pub struck: Option<Strike>,
}

/// Who struck a note out, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strike {
    pub on: NaiveDate,
    pub who: String,
    pub reason: String,
}

impl Case {
    /// A new application with nothing recorded past its receipt: the one
    /// place that lists every field, for builders and tests.
    pub fn received(
        no: CaseNo,
        received: NaiveDate,
        kind: Kind,
        matter: Matter,
        channel: Channel,
    ) -> Case {
        Case {
            no,
            received,
            kind,
            matter,
            channel,
            station: None,
            applicant: Applicant::default(),
            adverse_party: None,
            summary: String::new(),
            status: Status::Received,
            steps: Steps::default(),
            provider: None,
            outcome: None,
            deadlines: Vec::new(),
            caseworker: None,
            revision: 0,
            flags: Flags::default(),
            closing_reason: None,
            notes: Vec::new(),
            review: Review::default(),
            handling: Handling::default(),
            serious: false,
            result: None,
            criminal: None,
        }
    }

    /// A domestic-violence victim's address is shown only when asked for
    /// (`docket show --reveal`), never in lists or the case view.
    pub fn address_protected(&self) -> bool {
        self.applicant
            .groups
            .contains(&Group::DomesticViolenceVictim)
            || self.matter == Matter::DomesticViolence
    }

    /// The next free id for a matter deadline.
    pub fn next_deadline_id(&self) -> u32 {
        self.deadlines.iter().map(|d| d.id).max().unwrap_or(0) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_round_trip() {
        let no: CaseNo = "2026-0001".parse().unwrap();
        assert_eq!(no, CaseNo::new(2026, 1));
        assert_eq!(no.to_string(), "2026-0001");
        assert_eq!(CaseNo::new(2026, 12345).to_string(), "2026-12345");
        assert_eq!("2026-12345".parse::<CaseNo>().unwrap().seq, 12345);
    }

    #[test]
    fn bad_case_numbers_are_refused() {
        for s in [
            "",
            "2026",
            "26-0001",
            "2026-",
            "2026-0000",
            "2026-00a1",
            "x-1",
        ] {
            assert!(s.parse::<CaseNo>().is_err(), "{s}");
        }
    }
}
