//! What the panes show, one small struct per row or card. The loader builds
//! them from cases with the pure constructors here, so the screen never holds
//! whole cases except the one open in the detail view.

use chrono::NaiveDate;

use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo};
use crate::domain::codes::{Channel, Kind, Matter, Status};
use crate::domain::deadlines::{self, Deadline, DeadlineKind};
use crate::domain::eligibility::{self, Check};
use crate::domain::event::Event;
use crate::domain::policy::Policy;

use super::paged::Row;

/// The most urgent open deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// The caseworker's label of a matter date; empty for statutory deadlines.
    pub label: String,
}

impl Next {
    fn of(case: &Case, policy: &Policy, calendar: &Calendar) -> Option<Next> {
        deadlines::open_deadlines(case, policy, calendar)
            .into_iter()
            .next()
            .map(|d| Next {
                kind: d.kind,
                due: d.due,
                label: matter_label(&d),
            })
    }
}

fn matter_label(d: &Deadline) -> String {
    if d.kind == DeadlineKind::Matter {
        d.label.clone()
    } else {
        String::new()
    }
}

/// A row of the intake queue (applications not yet decided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub no: CaseNo,
    pub received: NaiveDate,
    pub applicant: String,
    /// The applicant's ID number, masked (4302**********1234).
    pub id_masked: Option<String>,
    pub kind: Kind,
    pub matter: Matter,
    pub channel: Channel,
    pub status: Status,
    pub next: Option<Next>,
    /// Law Art. 44: a matter deadline less than `emergency_days` away.
    pub emergency: bool,
    pub flags: RowFlags,
    pub caseworker: Option<String>,
    /// The case's revision when read: a step sent from the row carries it.
    pub revision: u64,
}

/// What the flags column of the queue shows besides a live emergency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowFlags {
    /// Marked an emergency (先行提供) at registration.
    pub emergency: bool,
    /// A notification (通知辩护/通知代理) rather than an application.
    pub notified: bool,
    /// No means test: mandatory cases and the Art. 32 exemptions.
    pub exempt: bool,
    pub duplicate: bool,
    pub conflict: bool,
}

impl RowFlags {
    pub fn of(case: &Case) -> RowFlags {
        RowFlags {
            emergency: case.flags.emergency,
            notified: case.channel == Channel::Notified,
            exempt: eligibility::no_means_test(case),
            duplicate: !case.flags.possible_duplicates.is_empty(),
            conflict: !case.flags.possible_conflicts.is_empty(),
        }
    }
}

pub use crate::domain::queue::QueueFilter;

impl QueueRow {
    pub fn from_case(
        case: &Case,
        policy: &Policy,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> QueueRow {
        QueueRow {
            no: case.no,
            received: case.received,
            applicant: case.applicant.name.clone(),
            id_masked: case.applicant.id_number.as_ref().map(|n| n.masked()),
            kind: case.kind,
            matter: case.matter,
            channel: case.channel,
            status: case.status,
            next: Next::of(case, policy, calendar),
            emergency: deadlines::is_emergency(case, policy, today),
            flags: RowFlags::of(case),
            caseworker: case.caseworker.clone(),
            revision: case.revision,
        }
    }

    /// Most urgent first: emergencies, then the nearest deadline, then oldest.
    pub fn urgency_key(&self) -> (bool, NaiveDate, NaiveDate, CaseNo) {
        let due = self.next.as_ref().map_or(NaiveDate::MAX, |n| n.due);
        (!self.emergency, due, self.received, self.no)
    }
}

/// A line of the deadline warnings: one open deadline of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    pub no: CaseNo,
    pub applicant: String,
    pub kind: DeadlineKind,
    /// The `MatterDeadline` id for matter dates, else 0.
    pub sub: u32,
    /// The caseworker's label of a matter date; empty for statutory deadlines.
    pub label: String,
    pub due: NaiveDate,
    /// The provider, or else the caseworker, who should act.
    pub holder: Option<String>,
    /// Calendar years the count needed but the calendar lacks.
    pub uncovered: Vec<i32>,
}

impl DueRow {
    /// From a case and one of its open deadlines (as the due index lists them).
    pub fn new(case: &Case, d: &Deadline) -> DueRow {
        DueRow {
            no: case.no,
            applicant: case.applicant.name.clone(),
            kind: d.kind,
            sub: d.sub,
            label: matter_label(d),
            due: d.due,
            holder: case.provider.clone().or_else(|| case.caseworker.clone()),
            uncovered: d.uncovered.clone(),
        }
    }
}

pub use crate::domain::stage::Stage;

/// A card on the assignment board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub no: CaseNo,
    pub applicant: String,
    pub kind: Kind,
    pub matter: Matter,
    pub provider: Option<String>,
    pub next: Option<Next>,
    /// The case's revision when read: a step sent from the card carries it.
    pub revision: u64,
    /// Recorded as possibly bringing a life or death sentence (Law Art. 26).
    pub serious: bool,
}

impl Card {
    pub fn from_case(case: &Case, policy: &Policy, calendar: &Calendar) -> Card {
        Card {
            no: case.no,
            applicant: case.applicant.name.clone(),
            kind: case.kind,
            matter: case.matter,
            provider: case.provider.clone(),
            next: Next::of(case, policy, calendar),
            revision: case.revision,
            serious: case.serious,
        }
    }
}

/// The eligibility checklist of the case selected in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistView {
    pub no: CaseNo,
    pub applicant: String,
    pub matter: Matter,
    /// From `domain::eligibility::evaluate`, one per item.
    pub checks: Vec<Check>,
    /// The decision proposed and awaiting approval, shown in full.
    pub proposal: Option<crate::domain::case::Decision>,
}

/// Everything the detail view shows about one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailView {
    pub case: Case,
    /// The name of the workstation the case names by id.
    pub station: Option<String>,
    pub open: Vec<Deadline>,
    pub history: Vec<Event>,
    /// Open complaints against the case's provider (the case is flagged).
    pub complaints: Vec<crate::domain::quality::ComplaintNo>,
}

/// Store-wide counts for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// The peer review's most points of each score-sheet item.
    pub quality_points: Vec<u32>,
    pub overdue: usize,
    pub due_today: usize,
    /// The policy's warning window: "soon" means within this many days.
    pub warning_days: u32,
    /// The policy's emergency threshold (Law Art. 44), for the intake form.
    pub emergency_days: u32,
    /// The policy's period for missing documents (Law Art. 43): the date a
    /// supplement notice proposes.
    pub supplement_days: u32,
    /// The policy's standard subsidy of each kind of case (yuan), for the
    /// file review's prompt.
    pub subsidies: Vec<(Kind, u32)>,
    /// Years that today or a listed deadline needs and the calendar lacks.
    pub calendar_missing: Vec<i32>,
    /// The month a half-year report starts (the policy's cut-off).
    pub half_year_from: u32,
    /// The active workstations (id, name), for the form's workstation field.
    pub stations: Vec<(String, String)>,
}

impl Row for QueueRow {
    type Id = CaseNo;

    fn id(&self) -> CaseNo {
        self.no
    }

    fn case_no(&self) -> CaseNo {
        self.no
    }
}

impl Row for DueRow {
    /// A case can have several deadlines in the list: keep the same one.
    type Id = (CaseNo, DeadlineKind, u32);

    fn id(&self) -> Self::Id {
        (self.no, self.kind, self.sub)
    }

    fn case_no(&self) -> CaseNo {
        self.no
    }
}

impl Row for Card {
    type Id = CaseNo;

    fn id(&self) -> CaseNo {
        self.no
    }

    fn case_no(&self) -> CaseNo {
        self.no
    }
}

/// A provider as the provider view and the board's filter show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    pub organization: String,
    /// Open cases now, and how many the provider may hold.
    pub open: u32,
    pub capacity: u32,
    /// Deadlines of the provider's cases due before today and not met.
    pub overdue: usize,
    /// In the provider view: the scorecard (grades, satisfaction,
    /// complaints, subsidies paid this year).
    pub card: Option<crate::domain::quality::Scorecard>,
}

/// The board shows only this provider's cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardFilter {
    pub id: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Applicant;
    use crate::domain::codes::{Channel, Kind};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(status: Status) -> Case {
        Case {
            applicant: Applicant {
                name: "李四".into(),
                ..Applicant::default()
            },
            status,
            caseworker: Some("liwei".into()),
            revision: 1,
            ..Case::received(
                CaseNo::new(2026, 3),
                d("2026-11-20"),
                Kind::Civil,
                Matter::Wages,
                Channel::WalkIn,
            )
        }
    }

    #[test]
    fn stages_follow_the_steps() {
        let mut c = case(Status::Granted);
        assert_eq!(Stage::of(&c), Some(Stage::AwaitingAssignment));
        c.status = Status::Assigned;
        assert_eq!(Stage::of(&c), Some(Stage::Assigned));
        c.steps.agreement_signed = Some(d("2026-11-24"));
        assert_eq!(Stage::of(&c), Some(Stage::InProgress));
        c.status = Status::Concluded;
        assert_eq!(Stage::of(&c), Some(Stage::Concluded));
        c.steps.file_submitted = Some(d("2026-11-25"));
        assert_eq!(Stage::of(&c), Some(Stage::FileUnderReview));
        c.steps.file_reviewed = Some(d("2026-11-26"));
        assert_eq!(Stage::of(&c), Some(Stage::ToArchive));
        c.status = Status::Archived;
        assert_eq!(Stage::of(&c), None);
        for s in [Status::Received, Status::Denied, Status::Archived] {
            assert_eq!(Stage::of(&case(s)), None);
        }
    }

    #[test]
    fn a_queue_row_knows_its_next_deadline() {
        let c = case(Status::Received);
        let row = QueueRow::from_case(
            &c,
            &Policy::default(),
            &Calendar::builtin(),
            d("2026-11-26"),
        );
        let next = row.next.unwrap();
        assert_eq!(
            (next.kind, next.due),
            (DeadlineKind::Review, d("2026-11-27"))
        );
        assert!(!row.emergency);
    }

    #[test]
    fn a_queue_row_carries_the_columns_and_flags() {
        let mut c = case(Status::Received);
        c.applicant.id_number = Some(
            crate::domain::idnumber::IdNumber::parse("11010519491231002X", d("2026-11-26"))
                .unwrap(),
        );
        c.flags.possible_duplicates = vec![CaseNo::new(2026, 1)];
        let row = QueueRow::from_case(
            &c,
            &Policy::default(),
            &Calendar::builtin(),
            d("2026-11-26"),
        );
        assert_eq!(row.id_masked.as_deref(), Some("1101**********002X"));
        assert_eq!((row.kind, row.channel), (Kind::Civil, Channel::WalkIn));
        assert!(row.flags.duplicate && !row.flags.conflict && !row.flags.notified);
        assert!(!row.flags.exempt, "wages: the means test applies");
        c.matter = Matter::DomesticViolence;
        c.channel = Channel::Notified;
        let flags = RowFlags::of(&c);
        assert!(flags.exempt && flags.notified);
    }

    #[test]
    fn the_queue_filter_matches_channel_kind_and_caseworker() {
        let c = case(Status::Received);
        let mut f = QueueFilter::default();
        assert!(f.is_empty() && f.matches(&c));
        f.next_channel();
        assert_eq!(f.channel, Some(Channel::WalkIn));
        assert!(f.matches(&c));
        f.next_channel();
        assert!(!f.matches(&c));
        for _ in 1..Channel::ALL.len() {
            f.next_channel();
        }
        assert_eq!(f.channel, None, "after the last channel: all again");
        f.kind = Some(Kind::Criminal);
        assert!(!f.matches(&c));
        f.kind = Some(Kind::Civil);
        f.caseworker = Some("liwei".into());
        assert!(f.matches(&c));
        f.caseworker = Some("wangfang".into());
        assert!(!f.matches(&c));
    }

    #[test]
    fn the_holder_is_the_provider_or_the_caseworker() {
        let mut c = case(Status::Granted);
        let dl = &deadlines::open_deadlines(&c, &Policy::default(), &Calendar::builtin())[0];
        assert_eq!(DueRow::new(&c, dl).holder.as_deref(), Some("liwei"));
        c.provider = Some("刘建国".into());
        assert_eq!(DueRow::new(&c, dl).holder.as_deref(), Some("刘建国"));
    }
}

/// A payment waiting for a director, as the supervision screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub no: CaseNo,
    pub revision: u64,
    pub seq: u32,
    pub applicant: String,
    /// The provider as the case names them.
    pub payee: String,
    pub amount: u32,
    pub standard: u32,
    pub reason: Option<String>,
    pub proposed_by: String,
    pub proposed_on: NaiveDate,
}

impl PaymentRow {
    /// The case's entries not yet approved.
    pub fn of(case: &Case) -> Vec<PaymentRow> {
        case.handling
            .payments
            .iter()
            .filter(|p| p.approved_on.is_none())
            .map(|p| PaymentRow {
                no: case.no,
                revision: case.revision,
                seq: p.seq,
                applicant: case.applicant.name.clone(),
                payee: case.provider.clone().unwrap_or_else(|| p.payee.clone()),
                amount: p.amount(),
                standard: p.standard,
                reason: p.reason.clone(),
                proposed_by: p.proposed_by.clone(),
                proposed_on: p.proposed_on,
            })
            .collect()
    }
}

/// What the supervision screen shows: the year's funds, the payments to
/// approve, how long each list is, the follow-ups due first, the quarter's
/// peer review and the open complaints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionView {
    pub funds: crate::domain::funds::Funds,
    pub to_approve: Vec<PaymentRow>,
    pub counts: Vec<(crate::domain::supervision::List, u32)>,
    /// The oldest follow-ups due: the day the case closed, the case, the applicant.
    pub follow_ups: Vec<(NaiveDate, CaseNo, String)>,
    /// The quarter holding today.
    pub quarter: crate::domain::report::Period,
    /// Its draw, if made: files drawn and of them scored.
    pub sample: Option<(u32, u32)>,
    /// The open complaints, each with whom it is against as people read
    /// it (the provider's name; None: the center).
    pub complaints: Vec<(crate::domain::quality::Complaint, Option<String>)>,
}

impl SupervisionView {
    pub fn count(&self, list: crate::domain::supervision::List) -> u32 {
        self.counts
            .iter()
            .find(|(l, _)| *l == list)
            .map_or(0, |(_, n)| *n)
    }
}
