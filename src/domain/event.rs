//! Events: the history of every change, who made it and when. Events are
//! appended, never changed or deleted.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::case::CaseNo;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The store-wide order of events.
    pub seq: u64,
    pub at: DateTime<FixedOffset>,
    /// The operating-system user who made the change.
    pub who: String,
    pub case: Option<CaseNo>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The case came into the store: `via` is import, demo or register.
    Created {
        via: String,
    },
    /// A field changed, shown as it reads (dates as YYYY-MM-DD, codes as codes).
    Updated {
        field: String,
        from: Option<String>,
        to: Option<String>,
    },
    DeadlineAdded {
        id: u32,
        date: NaiveDate,
        label: String,
    },
    DeadlineDone {
        id: u32,
        on: NaiveDate,
    },
    /// The center's policy was replaced (its TOML text after the change).
    PolicyChanged {
        policy: String,
    },
    /// Calendar years were added or replaced.
    CalendarImported {
        years: Vec<i32>,
    },
    /// A step of the procedure (review, decision, assignment, closing...),
    /// named by its code, with what the caseworker entered.
    Step {
        step: String,
        detail: String,
    },
    /// A user was added or changed role.
    UserSet {
        name: String,
        role: String,
    },
    /// A provider was added or changed.
    ProviderSet {
        id: String,
        detail: String,
    },
    /// A user was given a display name.
    UserNamed {
        name: String,
        display_name: String,
    },
    /// A user was deactivated (with the reason) or activated again.
    UserActive {
        name: String,
        active: bool,
        reason: String,
    },
    /// A step of the procedure, named by its code, with what it recorded,
    /// typed (the catalog words it in the reader's language), and when it
    /// was dated before the day it was entered, both dates. Steps recorded
    /// before this variant existed are `Step`, their detail in English.
    Taken {
        step: String,
        detail: Detail,
        backdated: Option<Backdated>,
    },
    /// The funds a source gave for a year (yuan).
    BudgetSet {
        year: i32,
        source: String,
        yuan: u64,
    },
    /// A peer-review draw of a period's closed files.
    SampleDrawn {
        period: String,
        seed: u64,
        cases: u32,
    },
    /// A complaint filed or decided (its number and what happened).
    Complaint {
        no: String,
        detail: String,
    },
    /// A payment that belongs to no case: proposed, approved or paid.
    OtherPayment {
        no: u32,
        step: String,
        amount: u32,
    },
}

/// A step dated earlier than the day it was entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backdated {
    pub dated: NaiveDate,
    pub entered: NaiveDate,
}

/// What a step recorded, as values: codes stay codes (an item, a verdict,
/// a reason, a ground), what a person typed stays as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    Nothing,
    Means {
        household_size: u32,
        monthly_income: u32,
    },
    Confirmed {
        item: String,
        verdict: String,
        reason: String,
    },
    DocumentsRequested {
        items: Vec<String>,
        due: NaiveDate,
    },
    DocumentsReceived {
        waited_days: i64,
    },
    DeemedWithdrawn {
        due: NaiveDate,
    },
    Proposed {
        grant: bool,
        reason_code: String,
        text: String,
    },
    Approved {
        grant: bool,
        reason_code: String,
        note: String,
    },
    Returned {
        grant: bool,
        note: String,
    },
    EmergencyAid,
    Objection {
        against: String,
    },
    ObjectionDecided {
        against: String,
        upheld: bool,
        note: String,
    },
    Assigned {
        provider: String,
        reason: String,
    },
    Reassigned {
        from: String,
        to: String,
        reason: String,
    },
    Agreement {
        provider: Option<String>,
    },
    Note {
        text: String,
    },
    NoteStruck {
        note: u32,
        text: String,
        reason: String,
    },
    Concluded {
        outcome: String,
    },
    Terminated {
        ground: String,
    },
    FileSubmitted {
        provider: Option<String>,
    },
    FileReviewed {
        amount: u32,
        standard: u32,
        reason: Option<String>,
    },
    FollowUp {
        satisfaction: u8,
        note: String,
    },
    /// The applicant withdrew the application, with their reason.
    Withdrawn {
        reason: String,
    },
    /// Entry `seq` of the ledger proposed (yuan).
    PaymentProposed {
        seq: u32,
        amount: u32,
        standard: u32,
        reason: Option<String>,
    },
    PaymentApproved {
        seq: u32,
        amount: u32,
    },
    PaymentPaid {
        seq: u32,
        amount: u32,
        voucher: String,
    },
    /// A score sheet: its total, the grade so far, whether of the second review.
    Scored {
        total: u32,
        grade: String,
        second: bool,
    },
    /// A follow-up record (the old `FollowUp` kept a 1–5 score).
    FollowedUp {
        method: String,
        reached: bool,
        satisfaction: Option<String>,
        comments: String,
    },
}

impl Change {
    /// One line for history listings.
    pub fn describe(&self) -> String {
        match self {
            Change::Created { via } => format!("created ({via})"),
            Change::Updated { field, from, to } => format!(
                "{field}: {} → {}",
                from.as_deref().unwrap_or("—"),
                to.as_deref().unwrap_or("—")
            ),
            Change::DeadlineAdded { id, date, label } => {
                format!("deadline #{id} added: {date} {label}")
            }
            Change::DeadlineDone { id, on } => format!("deadline #{id} done on {on}"),
            Change::PolicyChanged { .. } => "policy replaced".to_string(),
            Change::Step { step, detail } if detail.is_empty() => step.replace('_', " "),
            Change::Step { step, detail } => format!("{}: {detail}", step.replace('_', " ")),
            Change::UserSet { name, role } => format!("user {name} is {role}"),
            Change::ProviderSet { id, detail } => format!("provider {id}: {detail}"),
            Change::UserNamed { name, display_name } => format!("user {name} is {display_name}"),
            Change::UserActive {
                name, active: true, ..
            } => format!("user {name} activated"),
            Change::UserActive { name, reason, .. } => format!("user {name} deactivated: {reason}"),
            Change::Taken { step, .. } => step.replace('_', " "),
            Change::BudgetSet { year, source, yuan } => {
                format!("budget {year} {source}: {yuan} yuan")
            }
            Change::SampleDrawn {
                period,
                seed,
                cases,
            } => format!("peer review {period}: {cases} files drawn (seed {seed})"),
            Change::Complaint { no, detail } => format!("complaint {no}: {detail}"),
            Change::OtherPayment { no, step, amount } => {
                format!("payment O{no} {step}: {amount} yuan")
            }
            Change::CalendarImported { years } => {
                let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
                format!("calendar years imported: {}", years.join(", "))
            }
        }
    }
}
