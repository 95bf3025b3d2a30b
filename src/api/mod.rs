//! The wire: every operation a client may ask of the store's server, each a
//! type with its answer type, and for a command the fact that it changes
//! the store, known at compile time.
//!
//! One list (`operations!` below) generates the structs, the `Query` and
//! `Command` enums that travel, the `Answer` enum that comes back, the
//! [`Op`] impls the client calls with ([`crate::client::Client::call`]), and
//! the [`Handler`] trait the server implements: an operation added to the
//! list and not handled is a compile error, and a command is a change by
//! its kind (sent once with an id, announced to the other screens), never
//! by a list kept by hand.
//!
//! This module imports the domain and the codec only; the store and the
//! server import it.

pub mod frame;
pub mod greeting;
pub mod views;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Calendar;
use crate::domain::case::{Applicant, Case, CaseNo};
use crate::domain::eligibility::Check;
use crate::domain::event::Event;
use crate::domain::policy::Policy;
use crate::domain::provider::Provider;
use crate::domain::queue::QueueFilter;
use crate::domain::record::ValidCase;
use crate::domain::stage::Stage;
use crate::domain::user::{Role, User};
use crate::domain::workflow::Step;
use views::{CasePage, Choice, DueEntry, DuePage, Hit, PageWindow};

/// The shape of the frames after the greeting: bumped whenever an
/// operation, an answer or a frame changes. The greeting itself never
/// changes (`greeting`), so two versions always learn that they differ.
/// 4: operations as types (`Query`, `Command`, `Answer`); frames are plain
/// bounded bincode, apart from the disk codec.
/// 5: users' display names and deactivation; a step's item, verdict,
/// reason, ground and objection travel as typed values, not codes.
/// 8: funds, peer review, follow-up records and complaints.
pub const PROTOCOL: u32 = 8;

/// A client's id for a command: a retry with the same id is answered with
/// the first result, never done twice.
pub type OpId = [u8; 16];

/// An operation a client sends, with the answer it gets.
pub trait Op: Sized {
    type Answer;
    /// Whether it changes the store: a command is sent with an id, done
    /// once, and announced to every subscriber.
    const CHANGES: bool;
    fn into_body(self) -> Body;
    /// This operation's answer out of the wire's `Answer`; `None` when the
    /// server answered another operation (it is another version).
    fn take(answer: Answer) -> Option<Self::Answer>;
}

/// An operation as it travels: a query reads, a command changes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Body {
    Query(Query),
    Command(Command),
}

/// A frame from a client, after the greeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    Query(Query),
    /// A command with the client's id for it.
    Command {
        op: OpId,
        command: Command,
    },
    /// From now on, this connection receives `Changed` after every change.
    Subscribe,
    /// Ends the server (its owner only; refused while others are connected).
    Shutdown,
}

/// A frame from the server, after the greeting.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    Answer(Answer),
    Error(RemoteError),
    /// The subscription is open.
    Subscribed,
    /// Pushed to subscribers: events up to `seq` exist; these cases changed
    /// (`None` in the list: a change of the rules, such as the policy).
    Changed {
        seq: u64,
        cases: Vec<Option<CaseNo>>,
    },
}

/// The answer of a command as the store kept it with the command's id, read
/// back for a retry. The store keeps what its method returned.
pub trait Replay: Sized {
    fn replay(kept: &[u8]) -> Option<Self>;
}

impl Replay for () {
    fn replay(_: &[u8]) -> Option<Self> {
        Some(())
    }
}

macro_rules! replayed_as_kept {
    ($($t:ty),*) => {$(
        impl Replay for $t {
            fn replay(kept: &[u8]) -> Option<Self> {
                crate::codec::decode(kept).ok()
            }
        }
    )*};
}
replayed_as_kept!(
    u32,
    Vec<i32>,
    Vec<CaseNo>,
    Vec<u64>,
    crate::domain::quality::Sample,
    crate::domain::quality::ComplaintNo
);

/// A registration is an import of one case: the store keeps the list.
impl Replay for CaseNo {
    fn replay(kept: &[u8]) -> Option<Self> {
        Vec::<CaseNo>::replay(kept)?.first().copied()
    }
}

macro_rules! operations {
    (
        queries { $( $(#[$qm:meta])* $qfn:ident: $Q:ident { $($qf:ident: $qt:ty),* $(,)? } -> $QA:ty; )* }
        commands { $( $(#[$cm:meta])* $cfn:ident: $C:ident { $($cf:ident: $ct:ty),* $(,)? } -> $CA:ty; )* }
    ) => {
        $(
            $(#[$qm])*
            #[derive(Debug, Clone, Serialize, Deserialize)]
            pub struct $Q { $(pub $qf: $qt),* }

            impl Op for $Q {
                type Answer = $QA;
                const CHANGES: bool = false;
                fn into_body(self) -> Body {
                    Body::Query(Query::$Q(self))
                }
                fn take(answer: Answer) -> Option<$QA> {
                    match answer {
                        Answer::$Q(a) => Some(a),
                        _ => None,
                    }
                }
            }
        )*
        $(
            $(#[$cm])*
            #[derive(Debug, Clone, Serialize, Deserialize)]
            pub struct $C { $(pub $cf: $ct),* }

            impl Op for $C {
                type Answer = $CA;
                const CHANGES: bool = true;
                fn into_body(self) -> Body {
                    Body::Command(Command::$C(self))
                }
                fn take(answer: Answer) -> Option<$CA> {
                    match answer {
                        Answer::$C(a) => Some(a),
                        _ => None,
                    }
                }
            }
        )*

        /// An operation that reads.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum Query { $($Q($Q)),* }

        /// An operation that changes the store.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum Command { $($C($C)),* }

        /// The answer to an operation, one variant per operation. (Its size
        /// is the policy's: each answer is built once and moved out at once.)
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum Answer { $($Q($QA),)* $($C($CA)),* }

        /// What the server does for each operation, a method each: the
        /// compiler finds an operation nobody answers.
        pub trait Handler {
            type Error;
            $( fn $qfn(&self, op: $Q) -> Result<$QA, Self::Error>; )*
            $( fn $cfn(&self, op: $C) -> Result<$CA, Self::Error>; )*
        }

        impl Query {
            pub fn run<H: Handler + ?Sized>(self, h: &H) -> Result<Answer, H::Error> {
                match self { $(Query::$Q(op) => h.$qfn(op).map(Answer::$Q)),* }
            }
        }

        impl Command {
            pub fn run<H: Handler + ?Sized>(self, h: &H) -> Result<Answer, H::Error> {
                match self { $(Command::$C(op) => h.$cfn(op).map(Answer::$C)),* }
            }

            /// How to read the answer of this command done before from what
            /// the store kept with its id (known before the command is run,
            /// which consumes it).
            pub fn replayer(&self) -> fn(&[u8]) -> Option<Answer> {
                match self { $(Command::$C(_) => |kept| <$CA as Replay>::replay(kept).map(Answer::$C)),* }
            }
        }
    };
}

operations! {
    queries {
        policy: GetPolicy {} -> Policy;
        calendar: GetCalendar {} -> Calendar;
        case: GetCase { no: CaseNo } -> Option<Case>;
        history: GetHistory { no: CaseNo } -> Vec<Event>;
        /// Cases with their histories, in number order, after `after`.
        export_page: ExportPage { after: Option<CaseNo>, limit: u32 } -> Vec<(Case, Vec<Event>)>;
        /// Open deadlines due on or before `until`, with their cases.
        due_until: DueUntil { until: NaiveDate } -> Vec<(DueEntry, Case)>;
        /// A page of the intake queue as of `today`.
        queue_page: QueuePage { today: NaiveDate, window: PageWindow, filter: QueueFilter } -> CasePage;
        /// A page of a board column.
        board_page: BoardPage { stage: Stage, window: PageWindow } -> CasePage;
        /// A page of the open deadlines due by `until`.
        due_page: DuePageOf { until: NaiveDate, window: PageWindow } -> DuePage;
        users: ListUsers {} -> Vec<User>;
        /// The connected user's role.
        my_role: MyRole {} -> Role;
        /// Every provider with their number of open cases.
        providers: ListProviders {} -> Vec<(Provider, u32)>;
        /// A provider's open cases.
        provider_cases: ProviderCases { id: String } -> Vec<CaseNo>;
        /// Providers ranked for a case.
        rank_providers: RankProviders { case: CaseNo } -> Vec<Choice>;
        /// Possible conflicts of interest of an applicant and an adverse
        /// party, both ways.
        conflicts: Conflicts { applicant: String, adverse_party: Option<String> } -> Vec<CaseNo>;
        /// A case's eligibility checklist, evaluated by the store.
        checklist: GetChecklist { case: CaseNo, today: NaiveDate } -> Vec<Check>;
        /// The connected user's registration draft.
        draft: GetDraft {} -> Option<String>;
        /// Cases matching a query, best first.
        find: Find { query: String, limit: u32 } -> Vec<Hit>;
        /// Cases of the same person as this applicant (duplicate check),
        /// each with why.
        same_person: SamePerson { applicant: Box<Applicant> } -> Vec<(CaseNo, String)>;
        /// Who is connected.
        status: Status {} -> ServerStatus;
        /// Every disagreement between the indexes and the records (a full scan).
        verify: Verify {} -> Vec<String>;
        /// What was set aside in `recovered/` on opening the store.
        recovered: Recovered {} -> Vec<String>;
        consultations: ListConsultations { from: NaiveDate, to: NaiveDate, limit: u32 } -> Vec<crate::domain::consult::Consultation>;
        stations: ListStations {} -> Vec<crate::domain::station::Station>;
        report: Report { period: crate::domain::report::Period, branch: Option<crate::domain::report::Branch>, column: Option<crate::domain::report::Column>, today: NaiveDate } -> crate::domain::report::Figures;
        /// The year's funds: received by source, spent, committed.
        funds: GetFunds { year: i32 } -> crate::domain::funds::Funds;
        /// The cases on a supervision list, oldest first, each with the day it waits since.
        supervision_list: SupervisionList { list: crate::domain::supervision::List, limit: u32 } -> Vec<(NaiveDate, Case)>;
        /// How many cases each supervision list has.
        supervision_counts: SupervisionCounts {} -> Vec<(crate::domain::supervision::List, u32)>;
        /// The peer-review draw of a period, if one was made.
        sample: GetSample { period: crate::domain::report::Period } -> Option<crate::domain::quality::Sample>;
        complaints: ListComplaints {} -> Vec<crate::domain::quality::Complaint>;
        /// The payments that belong to no case (duty, consultation, drafting).
        other_payments: ListOtherPayments {} -> Vec<crate::domain::funds::OtherPayment>;
        /// A provider's scorecard.
        scorecard: GetScorecard { id: String, today: NaiveDate } -> crate::domain::quality::Scorecard;
    }
    commands {
        import: Import { cases: Vec<ValidCase>, via: String } -> Vec<CaseNo>;
        /// Registers one application (flags found at intake are recorded).
        /// `consultation`: the consultation (its day and id) it came from,
        /// linked to the new case in the same batch.
        register: Register { case: Box<ValidCase>, today: NaiveDate, consultation: Option<(NaiveDate, u64)> } -> CaseNo;
        add_deadline: AddDeadline { case: CaseNo, expected_revision: Option<u64>, date: NaiveDate, label: String } -> u32;
        done_deadline: DoneDeadline { case: CaseNo, expected_revision: Option<u64>, id: u32, on: NaiveDate } -> ();
        set_policy: SetPolicy { policy: Policy } -> ();
        /// The years the calendar covers after the import.
        import_calendar: ImportCalendar { calendar: Calendar } -> Vec<i32>;
        correct: Correct { case: CaseNo, expected_revision: Option<u64>, field: String, value: String, today: NaiveDate } -> ();
        /// A step of the procedure, as the connected user with their role.
        step: ApplyStep { case: CaseNo, expected_revision: Option<u64>, step: Box<Step>, today: NaiveDate } -> ();
        /// Adds a user or changes their role; a display name given replaces theirs.
        set_user: SetUser { name: String, role: Role, display_name: Option<String> } -> ();
        /// Deactivates a user (with the reason) or activates them again.
        set_user_active: SetUserActive { name: String, active: bool, reason: String } -> ();
        /// Adds or replaces providers, all or none.
        set_providers: SetProviders { providers: Vec<Provider> } -> ();
        /// Saves (Some) or discards (None) the connected user's draft.
        save_draft: SaveDraft { draft: Option<String> } -> ();
        set_stations: SetStations { items: Vec<crate::domain::station::ValidStation> } -> ();
        add_consultations: AddConsultations { items: Vec<crate::domain::consult::ValidConsult> } -> Vec<u64>;
        /// The funds a source gave for a year (directors and admins).
        set_budget: SetBudget { year: i32, source: crate::domain::funds::Source, yuan: u64 } -> ();
        /// Draws a period's peer-review sample (or gives the one drawn).
        draw_sample: DrawSample { period: crate::domain::report::Period, share: Option<u32>, seed: Option<u64>, today: NaiveDate } -> crate::domain::quality::Sample;
        file_complaint: FileComplaint { provider: Option<String>, case: Option<CaseNo>, kind: crate::domain::quality::ComplaintKind, facts: String, today: NaiveDate } -> crate::domain::quality::ComplaintNo;
        decide_complaint: DecideComplaint { no: crate::domain::quality::ComplaintNo, outcome: crate::domain::quality::ComplaintOutcome, investigation: String, today: NaiveDate } -> ();
        appeal_complaint: AppealComplaint { no: crate::domain::quality::ComplaintNo, appeal: crate::domain::quality::Appeal } -> ();
        /// Proposes a payment that belongs to no case; its number.
        propose_other: ProposeOther { kind: crate::domain::funds::SubsidyKind, payee: String, units: u32, amount: Option<u32>, reason: Option<String>, today: NaiveDate } -> u32;
        /// Approves (no voucher) or records as paid a payment that belongs to no case.
        settle_other: SettleOther { no: u32, voucher: Option<String>, today: NaiveDate } -> ();
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerStatus {
    pub pid: u32,
    pub version: String,
    pub store: String,
    /// When the server started (UTC; shown in the reader's zone).
    pub started: chrono::DateTime<chrono::FixedOffset>,
    pub clients: Vec<ClientInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientInfo {
    pub user: String,
    pub pid: i32,
    pub purpose: String,
    pub since: chrono::DateTime<chrono::FixedOffset>,
}

/// What kind of error the server answered with. The order of the variants
/// is part of the greeting's bytes (`greeting`): append, never reorder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    NoCase {
        case: CaseNo,
    },
    /// Someone else changed the case after the client loaded it.
    Conflict {
        case: CaseNo,
        who: String,
        at: String,
    },
    Refused,
    /// Sent by servers of protocol 1 and 2, which said the number of other
    /// clients in words only: such a server is never asked to step aside.
    VersionMismatch,
    Store,
    /// The server is another version, with this many other clients: with
    /// none, it steps aside when its owner asks.
    OtherVersion {
        others: u32,
    },
    /// A step the procedure refuses: the client words it in its reader's
    /// language (the message has the server's words, for its log).
    Refusal(Box<crate::domain::refusal::Refusal>),
}

/// An error from the server: a typed refusal, worded where it is read, or
/// the server's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    pub kind: ErrorKind,
    pub message: String,
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ErrorKind::Refusal(r) => r.fmt(f),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for RemoteError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_do_not_change_the_store_and_commands_do() {
        const { assert!(!GetCase::CHANGES) };
        const { assert!(ApplyStep::CHANGES) };
        assert!(matches!(
            GetPolicy {}.into_body(),
            Body::Query(Query::GetPolicy(_))
        ));
        assert!(matches!(
            SaveDraft { draft: None }.into_body(),
            Body::Command(_)
        ));
    }

    #[test]
    fn an_answer_is_taken_only_by_its_operation() {
        let answer = Answer::MyRole(Role::Director);
        assert!(GetDraft::take(answer.clone()).is_none());
        assert_eq!(MyRole::take(answer), Some(Role::Director));
    }

    #[test]
    fn a_command_replays_what_the_store_kept() {
        let no = CaseNo::new(2026, 7);
        let kept = crate::codec::encode(&vec![no]);
        let register = Command::Register(Register {
            case: Box::new(
                crate::demo::cases(1, 1, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())
                    .next()
                    .unwrap()
                    .validate(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())
                    .unwrap(),
            ),
            today: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            consultation: None,
        });
        assert!(matches!(register.replayer()(&kept), Some(Answer::Register(n)) if n == no));
        let calendar = Command::ImportCalendar(ImportCalendar {
            calendar: Calendar::default(),
        });
        let kept = crate::codec::encode(&vec![2026i32, 2027]);
        assert!(
            matches!(calendar.replayer()(&kept), Some(Answer::ImportCalendar(y)) if y == vec![2026, 2027])
        );
    }
}
