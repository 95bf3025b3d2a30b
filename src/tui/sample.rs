//! A screen full of data without a store: demo cases turned into rows the way
//! the loader will. For tests and snapshots; deterministic for a seed.

use std::path::PathBuf;

use chrono::{FixedOffset, NaiveDate, TimeZone};

use crate::demo;
use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo};
use crate::domain::codes::{Channel, Kind, Matter, Status};
use crate::domain::deadlines::{self, DueState};
use crate::domain::eligibility::{self, DEFAULT_HOME_AREA, Facts};
use crate::domain::event::{Change, Event};
use crate::domain::policy::Policy;
use crate::domain::report::{self, Column, Counts, Figures, Month, Period};
use crate::i18n::Lang;

use super::app::{App, Status as StatusBar};
use super::keymap::Keymap;
use super::paged::{Page, Paged};
use super::rows::{
    Card, ChecklistView, DetailView, DueRow, PaymentRow, QueueRow, Stage, Summary, SupervisionView,
};
use super::theme::Theme;
use super::update::{Loaded, apply};
use crate::domain::supervision::List;

/// The date the samples are made as of.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

pub struct Sample {
    pub cases: Vec<Case>,
    pub policy: Policy,
    pub calendar: Calendar,
    pub today: NaiveDate,
}

impl Sample {
    /// `count` demo cases numbered per year as the store would, plus one
    /// hand-made application whose name is long and carries an escape
    /// sequence (as a corrupt import might), to prove both are tamed.
    pub fn new(count: usize, seed: u64) -> Sample {
        let today = today();
        let mut cases: Vec<Case> = demo::cases(count, seed, today)
            .filter_map(|r| r.validate(today).ok())
            .map(|v| v.case)
            .collect();
        let mut seq = std::collections::HashMap::new();
        for c in &mut cases {
            let year = u16::try_from(chrono::Datelike::year(&c.received)).unwrap_or(0);
            let n = seq.entry(year).or_insert(0u32);
            *n += 1;
            c.no = CaseNo::new(year, *n);
        }
        if let Some(mut odd) = cases.iter().find(|c| c.status.is_undecided()).cloned() {
            odd.no = CaseNo::new(2026, 9001);
            odd.applicant.name = "欧阳\u{1b}[31m娜娜娜娜娜娜娜娜".into();
            odd.received = today;
            odd.status = Status::Received;
            odd.steps = Default::default();
            odd.deadlines.clear();
            cases.push(odd);
        }
        Sample {
            cases,
            policy: Policy::default(),
            calendar: Calendar::builtin(),
            today,
        }
    }

    /// The sample used by the tests: enough cases to fill every pane.
    pub fn standard() -> Sample {
        Sample::new(400, 7)
    }

    /// The supervision screen over the sample: the concluded cases' files
    /// waiting for payment approval (one paid other than the standard),
    /// a budget past its 90% warning, the quarter's draw half scored, the
    /// oldest closed cases due a follow-up, and an open complaint.
    pub fn supervision(&self) -> SupervisionView {
        use crate::domain::funds::{Funds, Source};
        use crate::domain::quality::{Complaint, ComplaintKind, ComplaintNo};
        use crate::domain::report::{Period, ReportKind};
        let closed: Vec<&Case> = self
            .cases
            .iter()
            .filter(|c| c.status == Status::Concluded)
            .collect();
        let to_approve = closed
            .iter()
            .take(4)
            .enumerate()
            .map(|(i, c)| {
                let amount = if i == 2 { 900 } else { 1500 };
                PaymentRow {
                    no: c.no,
                    revision: c.revision,
                    seq: 1,
                    applicant: c.applicant.name.clone(),
                    payee: c.provider.clone().unwrap_or_default(),
                    amount,
                    standard: 1500,
                    reason: (amount != 1500).then(|| "提前结案".to_string()),
                    proposed_by: "liwei".into(),
                    proposed_on: self.today - chrono::Days::new(3),
                }
            })
            .collect();
        let follow_ups = closed
            .iter()
            .skip(4)
            .take(3)
            .map(|c| {
                (
                    c.steps.concluded.unwrap_or(self.today),
                    c.no,
                    c.applicant.name.clone(),
                )
            })
            .collect();
        SupervisionView {
            funds: Funds {
                year: 2026,
                received: vec![
                    (Source::SameLevel, 150_000),
                    (Source::HigherLevel, 30_000),
                    (Source::Lottery, 20_000),
                    (Source::Donation, 0),
                ],
                spent: 150_000,
                committed: 35_000,
                ..Funds::default()
            },
            to_approve,
            counts: vec![
                (List::ToApprove, 4),
                (List::ToPay, 2),
                (List::FollowUpDue, 3),
                (List::SecondReview, 1),
            ],
            follow_ups,
            quarter: Period::holding(ReportKind::Quarterly, self.today, 1),
            sample: Some((6, 3)),
            complaints: vec![(
                Complaint {
                    no: ComplaintNo { year: 2026, seq: 1 },
                    filed_on: self.today,
                    filed_by: "liwei".into(),
                    provider: Some("P-0001".into()),
                    case: None,
                    kind: ComplaintKind::Neglect,
                    facts: "律师未按时会见".into(),
                    investigation: String::new(),
                    outcome: None,
                    decided_on: None,
                    decided_by: None,
                    appeal: None,
                },
                Some("刘建国".into()),
            )],
        }
    }

    pub fn case(&self, no: CaseNo) -> Option<&Case> {
        self.cases.iter().find(|c| c.no == no)
    }

    pub fn queue(&self) -> Vec<QueueRow> {
        let mut rows: Vec<QueueRow> = self
            .cases
            .iter()
            .filter(|c| c.status.is_undecided())
            .map(|c| QueueRow::from_case(c, &self.policy, &self.calendar, self.today))
            .collect();
        rows.sort_by_key(QueueRow::urgency_key);
        rows
    }

    pub fn due(&self) -> Vec<DueRow> {
        let end = crate::domain::deadlines::window_end(self.today, self.policy.warning_days);
        let mut rows: Vec<DueRow> = self
            .cases
            .iter()
            .flat_map(|c| {
                deadlines::open_deadlines(c, &self.policy, &self.calendar)
                    .into_iter()
                    .filter(|d| d.due <= end)
                    .map(|d| DueRow::new(c, &d))
                    .collect::<Vec<_>>()
            })
            .collect();
        rows.sort_by_key(|r| (r.due, r.kind, r.no, r.sub));
        rows
    }

    pub fn board(&self, stage: Stage) -> Vec<Card> {
        self.cases
            .iter()
            .filter(|c| Stage::of(c) == Some(stage))
            .map(|c| Card::from_case(c, &self.policy, &self.calendar))
            .collect()
    }

    pub fn summary(&self) -> Summary {
        let due = self.due();
        let count = |s: DueState| {
            due.iter()
                .filter(|r| deadlines::state(r.due, self.today, self.policy.warning_days) == s)
                .count()
        };
        Summary {
            quality_points: self.policy.quality.points.clone(),
            overdue: count(DueState::Overdue),
            due_today: count(DueState::Today),
            warning_days: self.policy.warning_days,
            emergency_days: self.policy.emergency_days,
            supplement_days: self.policy.supplement_days,
            subsidies: super::loader::subsidies_by_kind(&self.policy, self.today),
            calendar_missing: Vec::new(),
            half_year_from: self.policy.half_year_from,
            // The workstations the sample's cases name, numbered as the
            // store would number them.
            stations: self
                .cases
                .iter()
                .filter_map(|c| c.station.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .enumerate()
                .map(|(i, name)| (format!("ST-{:03}", i + 1), name))
                .collect(),
        }
    }

    /// A report's figures and the year's trend from the sample's cases, as
    /// the store's counters would give them.
    pub fn report(&self, period: Period) -> (Figures, Vec<(Month, u64)>) {
        let mut by_month: std::collections::BTreeMap<Month, Counts> = Default::default();
        for case in &self.cases {
            let cells = report::cells(case, &self.policy, &self.calendar);
            for c in cells.into_iter().filter(|c| c.branch.is_none()) {
                *by_month
                    .entry(c.month)
                    .or_default()
                    .entry(c.column)
                    .or_default() += c.amount;
            }
        }
        let counts =
            |m: Month| -> Result<Counts, ()> { Ok(by_month.get(&m).cloned().unwrap_or_default()) };
        let overdue = self.due().iter().filter(|r| r.due < self.today).count() as u64;
        let figures = report::figures(period, &self.policy, counts, 0, overdue)
            .unwrap_or_else(|()| unreachable!());
        let trend = report::trend(period, self.policy.half_year_from, |m| {
            counts(m).map(|c| c.get(&Column::Cases).copied().unwrap_or(0))
        })
        .unwrap_or_default();
        (figures, trend)
    }

    pub fn checklist(&self, no: CaseNo) -> Option<ChecklistView> {
        let case = self.case(no)?;
        let facts = Facts {
            today: self.today,
            home_area: DEFAULT_HOME_AREA,
            conflicts: None,
        };
        Some(ChecklistView {
            no,
            applicant: case.applicant.name.clone(),
            matter: case.matter,
            checks: eligibility::evaluate(case, &facts),
            proposal: case
                .review
                .decision
                .clone()
                .filter(|d| d.approved_by.is_none()),
        })
    }

    /// The case with open deadlines and a short made-up history.
    pub fn detail(&self, no: CaseNo) -> Option<DetailView> {
        let mut case = self.case(no)?.clone();
        // A concluded file: its payment proposed, its score and a follow-up.
        if case.status == Status::Concluded
            && let Some(on) = case.steps.concluded
        {
            use crate::domain::funds::{PayeeType, RateClass, SubsidyKind};
            use crate::domain::quality::{
                Answers, FollowUp, Grade, Method, QualityReview, Satisfaction, ScoreSheet, Timing,
            };
            case.handling.payments.push(crate::domain::case::Payment {
                seq: 1,
                kind: SubsidyKind::Handling,
                payee: "P-0001".into(),
                payee_type: PayeeType::Lawyer,
                class: RateClass::CivilLitigation,
                direct_costs: 440,
                labour_fee: 1210,
                base: 1500,
                standard: 1650,
                reason: None,
                cross_region: false,
                source: crate::domain::funds::Source::SameLevel,
                proposed_by: "liwei".into(),
                proposed_on: on,
                approved_by: None,
                approved_on: None,
                paid_on: None,
                voucher: None,
            });
            case.handling.quality = Some(QualityReview {
                sheets: vec![ScoreSheet {
                    by: "wangfang".into(),
                    on,
                    items: Vec::new(),
                    total: 92,
                    note: String::new(),
                }],
                grade: Some(Grade::Excellent),
            });
            case.handling.follow_ups.push(FollowUp {
                on,
                by: "liwei".into(),
                method: Some(Method::Phone),
                timing: Timing::After,
                reached: true,
                answers: Answers {
                    charged: Some(false),
                    courteous: Some(true),
                    ..Answers::default()
                },
                satisfaction: Some(Satisfaction::Satisfied),
                comments: "律师很负责".into(),
                action: String::new(),
            });
        }
        let open = deadlines::open_deadlines(&case, &self.policy, &self.calendar);
        let tz = FixedOffset::east_opt(8 * 3600)?;
        let at = |d: NaiveDate, h: u32| tz.from_local_datetime(&d.and_hms_opt(h, 30, 0)?).single();
        let who = case.caseworker.clone().unwrap_or_else(|| "liwei".into());
        let mut history = vec![Event {
            seq: 1,
            at: at(case.received, 9)?,
            who: who.clone(),
            case: Some(no),
            change: Change::Created {
                via: "register".into(),
            },
        }];
        if let Some(d) = case.steps.decided {
            history.push(Event {
                seq: 2,
                at: at(d, 15)?,
                who,
                case: Some(no),
                change: Change::Updated {
                    field: "status".into(),
                    from: Some("received".into()),
                    to: Some(case.status.code().into()),
                },
            });
        }
        // The sample's cases name their workstations by name.
        Some(DetailView {
            case,
            station: None,
            open,
            history,
            complaints: Vec::new(),
        })
    }

    /// An app showing this sample, as after the loader answered `start`.
    pub fn app(&self, lang: Lang, theme: Theme, size: (u16, u16)) -> App {
        let status = StatusBar {
            user: "liwei".into(),
            store: PathBuf::from("/home/liwei/.local/share/docket"),
            today: self.today,
            summary: Summary::default(),
            message: None,
        };
        let mut app = App::new(lang, theme, Keymap::default(), status);
        app.size = size;
        // The sample's history was written in Beijing time: read there too.
        app.zone = FixedOffset::east_opt(8 * 3600);
        apply(&mut app, Loaded::Summary(self.summary()));
        apply(&mut app, Loaded::Queue(Page::all(self.queue())));
        apply(&mut app, Loaded::Deadlines(Page::all(self.due())));
        for stage in Stage::ALL {
            apply(
                &mut app,
                Loaded::Board(stage, None, Page::all(self.board(stage))),
            );
        }
        if let Some(view) = app.queue.selected_case().and_then(|no| self.checklist(no)) {
            apply(&mut app, Loaded::Checklist(view));
        }
        app.dirty = false;
        app
    }
}

/// An app before anything was loaded.
pub fn empty_app() -> App {
    let status = StatusBar {
        user: "liwei".into(),
        store: PathBuf::from("/tmp/docket-demo"),
        today: today(),
        summary: Summary::default(),
        message: None,
    };
    let mut app = App::new(Lang::En, Theme::Colour, Keymap::default(), status);
    app.size = (120, 40);
    app
}

/// An app with empty (loaded) lists.
pub fn loaded_empty_app() -> App {
    let mut app = empty_app();
    app.queue = Paged::with_rows(Vec::new());
    app.due = Paged::with_rows(Vec::new());
    for col in &mut app.board.columns {
        *col = Paged::with_rows(Vec::new());
    }
    app.status.summary.warning_days = 3;
    app
}

/// The standard sample in English and colour at 120x40.
pub fn app_with_data() -> App {
    Sample::standard().app(Lang::En, Theme::Colour, (120, 40))
}

/// The figures of a period from the standard sample's cases.
pub fn figures(period: Period) -> Figures {
    Sample::standard().report(period).0
}

/// The checklist of the `i`th queue row of an app made from the standard sample.
pub fn checklist_for(app: &App, i: usize) -> ChecklistView {
    let no = app.queue.get(i).map(|r| r.no).unwrap_or(CaseNo::new(0, 0));
    Sample::standard()
        .checklist(no)
        .unwrap_or_else(|| ChecklistView {
            no,
            applicant: String::new(),
            matter: Matter::Other,
            checks: Vec::new(),
            proposal: None,
        })
}

/// The detail of case `no` of the standard sample.
pub fn detail_for(_app: &App, no: CaseNo) -> DetailView {
    Sample::standard().detail(no).unwrap_or_else(|| DetailView {
        case: placeholder_case(no),
        station: None,
        open: Vec::new(),
        history: Vec::new(),
        complaints: Vec::new(),
    })
}

fn placeholder_case(no: CaseNo) -> Case {
    Case::received(no, today(), Kind::Civil, Matter::Other, Channel::WalkIn)
}
