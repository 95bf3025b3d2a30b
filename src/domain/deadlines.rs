//! The statutory deadlines of a case, computed from its steps, the center's
//! policy and the working-day calendar. Nothing here is stored: deadlines
//! are recomputed whenever a case, the policy or the calendar changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, Counting};
use super::case::Case;
use super::codes::{Channel, Status};
use super::policy::Policy;

/// The kinds of deadline. The store keeps the variant index (`as_u8`), so
/// new kinds are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Review,
    Supplement,
    AssignAfterGrant,
    AssignOnNotice,
    Agreement,
    Objection,
    CaseFile,
    FileReview,
    Matter,
}

impl DeadlineKind {
    pub const ALL: &'static [DeadlineKind] = &[
        DeadlineKind::Review,
        DeadlineKind::Supplement,
        DeadlineKind::AssignAfterGrant,
        DeadlineKind::AssignOnNotice,
        DeadlineKind::Agreement,
        DeadlineKind::Objection,
        DeadlineKind::CaseFile,
        DeadlineKind::FileReview,
        DeadlineKind::Matter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::Review => "review",
            DeadlineKind::Supplement => "supplement",
            DeadlineKind::AssignAfterGrant => "assign_after_grant",
            DeadlineKind::AssignOnNotice => "assign_on_notice",
            DeadlineKind::Agreement => "agreement",
            DeadlineKind::Objection => "objection",
            DeadlineKind::CaseFile => "case_file",
            DeadlineKind::FileReview => "file_review",
            DeadlineKind::Matter => "matter",
        }
    }

    pub fn from_code(code: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    pub fn as_u8(self) -> u8 {
        self as u8
    }

    pub fn from_u8(n: u8) -> Option<DeadlineKind> {
        DeadlineKind::ALL.get(usize::from(n)).copied()
    }

    pub fn label_en(self) -> &'static str {
        match self {
            DeadlineKind::Review => "review decision",
            DeadlineKind::Supplement => "applicant's supplement",
            DeadlineKind::AssignAfterGrant => "assignment after grant",
            DeadlineKind::AssignOnNotice => "assignment on notification",
            DeadlineKind::Agreement => "agreement signed",
            DeadlineKind::Objection => "objection decided",
            DeadlineKind::CaseFile => "case file submitted",
            DeadlineKind::FileReview => "file reviewed and subsidy paid",
            DeadlineKind::Matter => "matter date",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The `MatterDeadline` id for `Matter`, else 0.
    pub sub: u32,
    pub due: NaiveDate,
    /// For `Matter` the caseworker's label, else the English label.
    pub label: String,
    /// Calendar years consulted but not covered (only weekends were days off).
    pub uncovered: Vec<i32>,
}

impl Deadline {
    fn fixed(kind: DeadlineKind, due: NaiveDate) -> Deadline {
        Deadline {
            kind,
            sub: 0,
            due,
            label: kind.label_en().to_string(),
            uncovered: Vec::new(),
        }
    }
}

/// The deadlines still open on a case, sorted by (due, kind).
pub fn open_deadlines(case: &Case, policy: &Policy, calendar: &Calendar) -> Vec<Deadline> {
    let steps = &case.steps;
    let counted = |kind: DeadlineKind, start: NaiveDate, days: u32| {
        let due = calendar.due_date(start, days, policy.counting);
        Deadline {
            uncovered: due.uncovered,
            ..Deadline::fixed(kind, due.date)
        }
    };
    let mut out = Vec::new();

    // Objections exist to challenge a denial or a termination, so they stay
    // open on closed cases.
    if let (Some(filed), None) = (steps.objection_filed, steps.objection_decided) {
        out.push(counted(
            DeadlineKind::Objection,
            filed,
            policy.objection_days,
        ));
    }

    if !case.status.is_closed() {
        let notified = case.channel == Channel::Notified;

        if case.status.is_undecided() {
            let awaiting =
                steps.documents_requested.is_some() && steps.documents_received.is_none();
            if let (Some(due), None) = (steps.documents_due, steps.documents_received) {
                out.push(Deadline::fixed(DeadlineKind::Supplement, due));
            }
            // While the clock is stopped the supplement date is the deadline.
            let stopped_now = policy.clock_stop && awaiting;
            if !notified && !stopped_now {
                let stopped = if policy.clock_stop {
                    stopped_days(case, policy.counting, calendar)
                } else {
                    0
                };
                let days = policy.review_days.saturating_add(stopped);
                // A review reopened by a corrected objection (Law Art. 49)
                // runs again from the objection's decision.
                let start = steps
                    .objection_decided
                    .filter(|d| *d > case.received)
                    .unwrap_or(case.received);
                out.push(counted(DeadlineKind::Review, start, days));
            }
        }

        let before_assignment = case.status.is_undecided() || case.status == Status::Granted;
        if notified && before_assignment && steps.assigned.is_none() {
            out.push(counted(
                DeadlineKind::AssignOnNotice,
                case.received,
                policy.assign_on_notice_days,
            ));
        }

        if case.status == Status::Granted && steps.assigned.is_none() && !notified {
            let decided = steps.decided.unwrap_or(case.received);
            out.push(counted(
                DeadlineKind::AssignAfterGrant,
                decided,
                policy.assign_after_grant_days,
            ));
        }

        if let (Some(assigned), None, Status::Assigned) =
            (steps.assigned, steps.agreement_signed, case.status)
        {
            out.push(counted(
                DeadlineKind::Agreement,
                assigned,
                policy.agreement_days,
            ));
        }

        if let (Some(concluded), None) = (steps.concluded, steps.file_submitted) {
            out.push(counted(
                DeadlineKind::CaseFile,
                concluded,
                policy.case_file_days,
            ));
        }

        if let (Some(submitted), None) = (steps.file_submitted, steps.file_reviewed) {
            out.push(counted(
                DeadlineKind::FileReview,
                submitted,
                policy.file_review_days,
            ));
        }

        for m in case.deadlines.iter().filter(|m| m.done.is_none()) {
            out.push(Deadline {
                kind: DeadlineKind::Matter,
                sub: m.id,
                due: m.date,
                label: m.label.clone(),
                uncovered: Vec::new(),
            });
        }
    }

    out.sort_by_key(|d| (d.due, d.kind, d.sub));
    out
}

/// The statutory deadlines a case has met or missed: each step done, with
/// the day it was due and the day it was done (`report`: deadlines met and
/// missed). The same rules as [`open_deadlines`], for the steps behind.
pub fn kept(case: &Case, policy: &Policy, calendar: &Calendar) -> Vec<(NaiveDate, NaiveDate)> {
    let s = &case.steps;
    let due = |start: NaiveDate, days: u32| calendar.due_date(start, days, policy.counting).date;
    let notified = case.channel == Channel::Notified;
    let mut out = Vec::new();
    if let (Some(due_on), Some(got)) = (s.documents_due, s.documents_received) {
        out.push((due_on, got));
    }
    if !notified && let Some(decided) = s.decided {
        let stopped = if policy.clock_stop {
            stopped_days(case, policy.counting, calendar)
        } else {
            0
        };
        let start = s
            .objection_decided
            .filter(|d| *d > case.received && *d <= decided)
            .unwrap_or(case.received);
        out.push((
            due(start, policy.review_days.saturating_add(stopped)),
            decided,
        ));
    }
    if let Some(assigned) = s.assigned {
        if notified {
            out.push((due(case.received, policy.assign_on_notice_days), assigned));
        } else if let Some(decided) = s.decided {
            out.push((due(decided, policy.assign_after_grant_days), assigned));
        }
        if let Some(signed) = s.agreement_signed {
            out.push((due(assigned, policy.agreement_days), signed));
        }
    }
    if let (Some(concluded), Some(submitted)) = (s.concluded, s.file_submitted) {
        out.push((due(concluded, policy.case_file_days), submitted));
    }
    if let (Some(submitted), Some(reviewed)) = (s.file_submitted, s.file_reviewed) {
        out.push((due(submitted, policy.file_review_days), reviewed));
    }
    if let (Some(filed), Some(decided)) = (s.objection_filed, s.objection_decided) {
        out.push((due(filed, policy.objection_days), decided));
    }
    out
}

/// The days the review clock stood still while the applicant gathered the
/// missing documents, in the policy's unit of counting.
fn stopped_days(case: &Case, counting: Counting, calendar: &Calendar) -> u32 {
    let (Some(from), Some(to)) = (
        case.steps.documents_requested,
        case.steps.documents_received,
    ) else {
        return 0;
    };
    match counting {
        Counting::CalendarDays => u32::try_from((to - from).num_days()).unwrap_or(0),
        Counting::WorkingDays => calendar.working_days_between(from, to),
    }
}

/// How close a due date is, for colouring and for the login check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    Overdue,
    Today,
    Soon,
    Later,
}

/// The last day of a warning window of `days` from `today`.
pub fn window_end(today: NaiveDate, days: u32) -> NaiveDate {
    today
        .checked_add_days(chrono::Days::new(days.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// Days from `today` to `due`; negative when overdue.
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// Soon means due within `within_days` days (and not today or past).
pub fn state(due: NaiveDate, today: NaiveDate, within_days: u32) -> DueState {
    match days_left(due, today) {
        n if n < 0 => DueState::Overdue,
        0 => DueState::Today,
        n if n <= i64::from(within_days) => DueState::Soon,
        _ => DueState::Later,
    }
}

/// Emergency (先行提供, Law Art. 44): an open matter deadline less than
/// `policy.emergency_days` days away (and not past).
pub fn is_emergency(case: &Case, policy: &Policy, today: NaiveDate) -> bool {
    !case.status.is_closed()
        && case.deadlines.iter().any(|m| {
            let left = days_left(m.date, today);
            m.done.is_none() && (0..i64::from(policy.emergency_days)).contains(&left)
        })
}

/// The order of the intake queue, most urgent first: emergencies, then the
/// nearest open deadline, then the oldest application.
pub fn urgency(
    case: &Case,
    policy: &Policy,
    calendar: &Calendar,
    today: NaiveDate,
) -> (bool, NaiveDate, NaiveDate, crate::domain::case::CaseNo) {
    let next = open_deadlines(case, policy, calendar)
        .first()
        .map_or(NaiveDate::MAX, |d| d.due);
    (
        !is_emergency(case, policy, today),
        next,
        case.received,
        case.no,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseNo, MatterDeadline};
    use crate::domain::codes::{Kind, Matter};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(received: &str, status: Status) -> Case {
        Case {
            status,
            revision: 1,
            ..Case::received(
                CaseNo::new(2026, 1),
                d(received),
                Kind::Civil,
                Matter::Wages,
                Channel::WalkIn,
            )
        }
    }

    fn matter(id: u32, date: &str) -> MatterDeadline {
        MatterDeadline {
            id,
            date: d(date),
            label: format!("hearing {id}"),
            done: None,
        }
    }

    fn open(case: &Case, policy: &Policy) -> Vec<(DeadlineKind, NaiveDate)> {
        open_deadlines(case, policy, &Calendar::builtin())
            .into_iter()
            .map(|x| (x.kind, x.due))
            .collect()
    }

    fn working_days() -> Policy {
        Policy {
            counting: Counting::WorkingDays,
            ..Policy::default()
        }
    }

    #[test]
    fn kind_codes_and_indexes_round_trip() {
        for (i, k) in DeadlineKind::ALL.iter().enumerate() {
            assert_eq!(DeadlineKind::from_code(k.code()), Some(*k));
            assert_eq!(usize::from(k.as_u8()), i);
            assert_eq!(DeadlineKind::from_u8(k.as_u8()), Some(*k));
            assert!(!k.label_en().is_empty());
        }
        assert_eq!(DeadlineKind::from_u8(9), None);
        assert_eq!(DeadlineKind::from_code("x"), None);
    }

    #[test]
    fn review_over_national_day() {
        let c = case("2026-09-28", Status::Received);
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Review, d("2026-10-08"))]
        );
        assert_eq!(
            open(&c, &working_days()),
            [(DeadlineKind::Review, d("2026-10-13"))]
        );
        let all = open_deadlines(&c, &Policy::default(), &Calendar::builtin());
        assert_eq!(all[0].label, "review decision");
        assert!(all[0].uncovered.is_empty());
    }

    #[test]
    fn a_reopened_review_runs_from_the_objection_decision() {
        let mut c = case("2026-03-02", Status::Received);
        c.steps.objection_filed = Some(d("2026-03-20"));
        c.steps.objection_decided = Some(d("2026-03-23"));
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Review, d("2026-03-30"))]
        );
    }

    #[test]
    fn uncovered_years_are_passed_on() {
        let c = case("2031-03-03", Status::Received);
        let all = open_deadlines(&c, &Policy::default(), &Calendar::builtin());
        assert_eq!(all[0].uncovered, vec![2031]);
    }

    #[test]
    fn clock_stop_moves_the_review() {
        let mut c = case("2026-02-26", Status::AwaitingDocuments);
        c.steps.documents_requested = Some(d("2026-03-02"));
        c.steps.documents_due = Some(d("2026-03-16"));

        // Waiting: only the supplement date is open.
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Supplement, d("2026-03-16"))]
        );

        // Received after 7 days: the review moves from 03-05 by 7 days.
        c.steps.documents_received = Some(d("2026-03-09"));
        c.status = Status::Received;
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Review, d("2026-03-12"))]
        );

        // In working days: 7 working days (Saturday 02-28 is a make-up day)
        // plus the 5 working days stopped.
        assert_eq!(
            open(&c, &working_days()),
            [(DeadlineKind::Review, d("2026-03-13"))]
        );

        // Without the clock stop the review keeps its date.
        let no_stop = Policy {
            clock_stop: false,
            ..Policy::default()
        };
        assert_eq!(
            open(&c, &no_stop),
            [(DeadlineKind::Review, d("2026-03-05"))]
        );
    }

    #[test]
    fn without_clock_stop_both_are_open_while_waiting() {
        let mut c = case("2026-02-26", Status::AwaitingDocuments);
        c.steps.documents_requested = Some(d("2026-03-02"));
        c.steps.documents_due = Some(d("2026-03-16"));
        let no_stop = Policy {
            clock_stop: false,
            ..Policy::default()
        };
        assert_eq!(
            open(&c, &no_stop),
            [
                (DeadlineKind::Review, d("2026-03-05")),
                (DeadlineKind::Supplement, d("2026-03-16")),
            ]
        );
    }

    #[test]
    fn notified_cases_are_assigned_not_reviewed() {
        let mut c = case("2026-03-02", Status::Received);
        c.channel = Channel::Notified;
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::AssignOnNotice, d("2026-03-05"))]
        );
        c.status = Status::Granted;
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::AssignOnNotice, d("2026-03-05"))]
        );
        c.steps.assigned = Some(d("2026-03-04"));
        c.status = Status::Assigned;
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Agreement, d("2026-03-09"))]
        );
    }

    #[test]
    fn assignment_after_grant() {
        let mut c = case("2026-03-02", Status::Granted);
        c.steps.decided = Some(d("2026-03-04"));
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::AssignAfterGrant, d("2026-03-09"))]
        );
        // No decision date recorded: counted from receipt.
        c.steps.decided = None;
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::AssignAfterGrant, d("2026-03-05"))]
        );
    }

    #[test]
    fn agreement_after_assignment() {
        let mut c = case("2026-03-02", Status::Assigned);
        c.steps.assigned = Some(d("2026-03-10"));
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Agreement, d("2026-03-16"))]
        );
        c.steps.agreement_signed = Some(d("2026-03-11"));
        assert!(open(&c, &Policy::default()).is_empty());
    }

    #[test]
    fn case_file_and_file_review() {
        let mut c = case("2026-01-05", Status::Concluded);
        c.steps.concluded = Some(d("2026-06-01"));
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::CaseFile, d("2026-07-01"))]
        );
        c.steps.file_submitted = Some(d("2026-06-10"));
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::FileReview, d("2026-07-10"))]
        );
        c.steps.file_reviewed = Some(d("2026-06-20"));
        assert!(open(&c, &Policy::default()).is_empty());
    }

    #[test]
    fn matter_deadlines_keep_their_dates_and_labels() {
        let mut c = case("2026-03-02", Status::Assigned);
        c.steps.assigned = Some(d("2026-03-03"));
        c.steps.agreement_signed = Some(d("2026-03-04"));
        c.deadlines = vec![
            matter(1, "2026-10-03"),
            matter(2, "2026-04-01"),
            matter(3, "2026-05-01"),
        ];
        c.deadlines[2].done = Some(d("2026-04-20"));
        let all = open_deadlines(&c, &Policy::default(), &Calendar::builtin());
        let got: Vec<_> = all
            .iter()
            .map(|x| (x.sub, x.due, x.label.as_str()))
            .collect();
        // A matter date on a holiday is not moved: it is the court's date.
        assert_eq!(
            got,
            [
                (2, d("2026-04-01"), "hearing 2"),
                (1, d("2026-10-03"), "hearing 1")
            ]
        );
    }

    #[test]
    fn closed_cases_have_none() {
        for status in [
            Status::Denied,
            Status::Withdrawn,
            Status::Terminated,
            Status::Archived,
        ] {
            let mut c = case("2026-03-02", status);
            c.steps.documents_due = Some(d("2026-03-10"));
            c.steps.concluded = Some(d("2026-03-20"));
            c.steps.file_submitted = Some(d("2026-03-25"));
            c.deadlines = vec![matter(1, "2026-04-01")];
            assert!(open(&c, &Policy::default()).is_empty(), "{status}");
            assert!(!is_emergency(&c, &Policy::default(), d("2026-03-30")));
        }
    }

    #[test]
    fn objection_is_open_on_a_denied_case() {
        let mut c = case("2026-03-02", Status::Denied);
        c.steps.decided = Some(d("2026-03-06"));
        c.steps.objection_filed = Some(d("2026-03-10"));
        assert_eq!(
            open(&c, &Policy::default()),
            [(DeadlineKind::Objection, d("2026-03-16"))]
        );
        c.status = Status::Terminated;
        assert_eq!(open(&c, &Policy::default()).len(), 1);
        c.steps.objection_decided = Some(d("2026-03-12"));
        assert!(open(&c, &Policy::default()).is_empty());
    }

    #[test]
    fn sorted_by_due_then_kind() {
        let mut c = case("2026-03-02", Status::Received);
        c.steps.objection_filed = Some(d("2026-03-02"));
        c.deadlines = vec![matter(1, "2026-03-09"), matter(2, "2026-03-03")];
        assert_eq!(
            open(&c, &Policy::default()),
            [
                (DeadlineKind::Matter, d("2026-03-03")),
                (DeadlineKind::Review, d("2026-03-09")),
                // 03-07 is a Saturday: moved to Monday.
                (DeadlineKind::Objection, d("2026-03-09")),
                (DeadlineKind::Matter, d("2026-03-09")),
            ]
        );
    }

    #[test]
    fn due_states() {
        let today = d("2026-03-10");
        assert_eq!(days_left(d("2026-03-13"), today), 3);
        assert_eq!(state(d("2026-03-09"), today, 3), DueState::Overdue);
        assert_eq!(state(today, today, 3), DueState::Today);
        assert_eq!(state(d("2026-03-13"), today, 3), DueState::Soon);
        assert_eq!(state(d("2026-03-14"), today, 3), DueState::Later);
    }

    #[test]
    fn emergency_threshold() {
        let policy = Policy::default();
        let today = d("2026-03-10");
        let mut c = case("2026-03-02", Status::Received);
        c.deadlines = vec![matter(1, "2026-03-17")]; // 7 days away: not yet
        assert!(!is_emergency(&c, &policy, today));
        c.deadlines = vec![matter(1, "2026-03-16")]; // 6 days away
        assert!(is_emergency(&c, &policy, today));
        c.deadlines = vec![matter(1, "2026-03-10")]; // today
        assert!(is_emergency(&c, &policy, today));
        c.deadlines = vec![matter(1, "2026-03-09")]; // past
        assert!(!is_emergency(&c, &policy, today));
        c.deadlines = vec![matter(1, "2026-03-12")];
        c.deadlines[0].done = Some(today);
        assert!(!is_emergency(&c, &policy, today));
    }
}
