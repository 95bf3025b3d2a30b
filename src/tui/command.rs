//! Changes the screen asks the store to make, and their outcomes: the seam
//! between the pure core (which emits `Effect::Do`) and the shell (which
//! runs each through the client and hands back `Loaded::Done`).

use crate::domain::case::{Applicant, CaseNo};
use crate::domain::record::CaseRecord;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Read the user's registration draft (at start).
    LoadDraft,
    /// Save the draft as typed (None: discard it).
    SaveDraft(Option<String>),
    /// Before saving: cases of the same person, and applicants named like
    /// the adverse party.
    CheckPerson {
        applicant: Box<Applicant>,
        adverse_party: Option<String>,
    },
    /// Register the application (validated again by the shell), linked to
    /// the consultation (day, id) it came from.
    Register {
        record: Box<CaseRecord>,
        consultation: Option<(chrono::NaiveDate, u64)>,
    },
    Correct {
        no: CaseNo,
        revision: u64,
        field: String,
        value: String,
    },
    /// A step of the procedure (review, decision, approval, assignment,
    /// handling, closing): see `domain::workflow::Step`.
    Step {
        no: CaseNo,
        revision: u64,
        step: Box<crate::domain::workflow::Step>,
        /// The day it happened, when before today (the server checks it).
        on: Option<chrono::NaiveDate>,
    },
    /// Providers ranked for a case, with why (answer: `Outcome::Providers`).
    RankProviders { no: CaseNo },
    /// The user's role (answer: `Outcome::Role`).
    MyRole,
    /// Record a consultation (answer: `Outcome::Consulted`); `then_apply`:
    /// the registration form opens prefilled once it is saved.
    AddConsultation {
        consult: Box<crate::domain::consult::ValidConsult>,
        then_apply: bool,
    },
    /// Approve these payments (case, its revision, the entry): each is sent
    /// on its own; the outcome counts those approved and says why any was not.
    ApprovePayments { items: Vec<(CaseNo, u64, u32)> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Draft(Option<String>),
    DraftSaved,
    Person {
        /// Same ID number, phone, or name and birth date: with the reason.
        duplicates: Vec<(CaseNo, String)>,
        /// Cases whose applicant has the adverse party's name.
        conflicts: Vec<CaseNo>,
    },
    Registered(CaseNo),
    /// A consultation was recorded as number `id`.
    Consulted {
        id: u64,
        on: chrono::NaiveDate,
        then_apply: bool,
    },
    /// A change was made; the message says which.
    Changed(String),
    /// A step was taken on case `no`, which is now in `stage` of the board
    /// (None: off the board): the selection follows it there.
    Stepped {
        text: String,
        no: CaseNo,
        stage: Option<crate::domain::stage::Stage>,
    },
    Providers {
        no: CaseNo,
        choices: Vec<crate::api::views::Choice>,
    },
    /// The connected user's role, and who the store's users are.
    Me {
        role: crate::domain::user::Role,
        names: crate::domain::user::Names,
    },
    /// Refused, with why; `stale` when someone else changed the case first
    /// (the form keeps what was typed).
    Refused {
        message: String,
        stale: bool,
    },
}
