//! Answers the screen's requests from the store, through the client: every
//! list is a page read from an index, never a whole table.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::api;
use crate::api::ErrorKind;
use crate::api::views::DueEntry;
use crate::client::{Client, ClientError};
use crate::domain::calendar::Calendar;
use crate::domain::case::Case;
use crate::domain::deadlines::{self, Deadline, DeadlineKind};
use crate::domain::policy::Policy;
use crate::store::provider_key;

use super::command::{Command, Outcome};
use super::paged::{Page, Window};
use super::rows::{
    Card, ChecklistView, DetailView, DueRow, PaymentRow, ProviderRow, QueueRow, Stage, Summary,
    SupervisionView,
};
use super::update::{Loaded, Request};

pub struct Loader {
    client: Client,
    today: NaiveDate,
    /// The language refusals are worded in.
    lang: crate::i18n::Lang,
    policy: Policy,
    calendar: Calendar,
}

impl Loader {
    pub fn new(
        client: Client,
        today: NaiveDate,
        lang: crate::i18n::Lang,
    ) -> Result<Loader, ClientError> {
        let mut loader = Loader {
            client,
            today,
            lang,
            policy: Policy::default(),
            calendar: Calendar::default(),
        };
        loader.refresh_rules()?;
        Ok(loader)
    }

    /// Reads the policy and calendar again (after a change of the rules).
    pub fn refresh_rules(&mut self) -> Result<(), ClientError> {
        self.policy = self.client.call(api::GetPolicy {})?;
        self.calendar = self.client.call(api::GetCalendar {})?;
        Ok(())
    }

    pub fn replace_client(&mut self, client: Client) {
        self.client = client;
    }

    pub fn load(&mut self, request: Request) -> Loaded {
        let missing = match &request {
            Request::Checklist(no) | Request::Detail(no) => Some(*no),
            _ => None,
        };
        match self.answer(request) {
            Ok(Some(loaded)) => loaded,
            Ok(None) => match missing {
                Some(no) => Loaded::Missing(no),
                None => Loaded::Error("nothing to show".into()),
            },
            Err(e) => Loaded::Error(e.worded(self.lang)),
        }
    }

    /// Makes a change the screen asked for; never fails, the outcome says.
    pub fn run(&mut self, command: Command) -> Outcome {
        let lang = self.lang;
        let refused = |e: ClientError| Outcome::Refused {
            stale: matches!(e.kind(), Some(ErrorKind::Conflict { .. })),
            message: e.worded(lang),
        };
        let today = self.today;
        let c = &mut self.client;
        match command {
            Command::LoadDraft => c
                .call(api::GetDraft {})
                .map(Outcome::Draft)
                .unwrap_or_else(refused),
            Command::SaveDraft(d) => c
                .call(api::SaveDraft {
                    draft: (d.as_deref()).map(str::to_string),
                })
                .map(|()| Outcome::DraftSaved)
                .unwrap_or_else(refused),
            Command::CheckPerson {
                applicant,
                adverse_party,
            } => {
                let duplicates = match c.call(api::SamePerson {
                    applicant: applicant.clone(),
                }) {
                    Ok(d) => d,
                    Err(e) => return refused(e),
                };
                let conflicts = match c.call(api::Conflicts {
                    applicant: (&applicant.name).into(),
                    adverse_party: (adverse_party.as_deref()).map(str::to_string),
                }) {
                    Ok(n) => n,
                    Err(e) => return refused(e),
                };
                Outcome::Person {
                    duplicates,
                    conflicts,
                }
            }
            Command::Register {
                record,
                consultation,
            } => match record.validate(today) {
                Ok(valid) => c
                    .call(api::Register {
                        case: Box::new(valid),
                        today,
                        consultation,
                    })
                    .map(Outcome::Registered)
                    .unwrap_or_else(refused),
                Err(errs) => Outcome::Refused {
                    message: errs
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                    stale: false,
                },
            },
            Command::Step {
                no,
                revision,
                step,
                on,
            } => {
                let code = step.code().replace('_', " ");
                let stepped = c
                    .call(api::ApplyStep {
                        case: no,
                        expected_revision: Some(revision),
                        step: Box::new(*step),
                        today: on.unwrap_or(today),
                    })
                    .and_then(|()| c.call(api::GetCase { no }));
                match stepped {
                    Ok(case) => Outcome::Stepped {
                        text: format!("{no}: {code}"),
                        no,
                        stage: case.as_ref().and_then(crate::domain::stage::Stage::of),
                    },
                    Err(e) => refused(e),
                }
            }
            Command::ApprovePayments { items } => {
                let mut approved = 0;
                let mut total = 0u64;
                let mut refusals = Vec::new();
                for (no, revision, seq) in items {
                    let sent = c.call(api::ApplyStep {
                        case: no,
                        expected_revision: Some(revision),
                        step: Box::new(crate::domain::workflow::Step::ApprovePayment { seq }),
                        today,
                    });
                    match sent {
                        Ok(()) => {
                            approved += 1;
                            if let Ok(Some(case)) = c.call(api::GetCase { no })
                                && let Some(p) =
                                    case.handling.payments.iter().find(|p| p.seq == seq)
                            {
                                total += u64::from(p.amount());
                            }
                        }
                        Err(e) => refusals.push(format!("{no}: {}", e.worded(lang))),
                    }
                }
                let text = crate::i18n::fill(
                    lang.t("tui.supervision.approved"),
                    &[("n", &approved.to_string()), ("total", &total.to_string())],
                );
                if refusals.is_empty() {
                    Outcome::Changed(text)
                } else {
                    Outcome::Refused {
                        message: format!("{text} {}", refusals.join("; ")),
                        stale: false,
                    }
                }
            }
            Command::RankProviders { no } => c
                .call(api::RankProviders { case: no })
                .map(|choices| Outcome::Providers { no, choices })
                .unwrap_or_else(refused),
            Command::AddConsultation {
                consult,
                then_apply,
            } => {
                let on = consult.on;
                c.call(api::AddConsultations {
                    items: vec![*consult],
                })
                .map(|ids| Outcome::Consulted {
                    id: ids.first().copied().unwrap_or(0),
                    on,
                    then_apply,
                })
                .unwrap_or_else(refused)
            }
            Command::MyRole => c
                .call(api::MyRole {})
                .and_then(|role| {
                    let users = c.call(api::ListUsers {})?;
                    Ok(Outcome::Me {
                        role,
                        names: crate::domain::user::Names::of_users(&users),
                    })
                })
                .unwrap_or_else(refused),
            Command::Correct {
                no,
                revision,
                field,
                value,
            } => c
                .call(api::Correct {
                    case: no,
                    expected_revision: Some(revision),
                    field: (&field).into(),
                    value: (&value).into(),
                    today,
                })
                .map(|()| Outcome::Changed(format!("{no}: {field} corrected")))
                .unwrap_or_else(refused),
        }
    }

    /// The supervision screen's figures: the year's funds, the payments
    /// to approve, the lists' lengths, the oldest follow-ups due, this
    /// quarter's draw and the open complaints. Counters and index ranges.
    fn supervision(&mut self) -> Result<SupervisionView, ClientError> {
        use crate::domain::supervision::List;
        use chrono::Datelike;
        let today = self.today;
        let c = &mut self.client;
        let funds = c.call(api::GetFunds { year: today.year() })?;
        let mut to_approve = Vec::new();
        for (_, case) in c.call(api::SupervisionList {
            list: List::ToApprove,
            limit: 500,
        })? {
            to_approve.extend(PaymentRow::of(&case));
        }
        let counts = c.call(api::SupervisionCounts {})?;
        let follow_ups = c
            .call(api::SupervisionList {
                list: List::FollowUpDue,
                limit: 20,
            })?
            .into_iter()
            .map(|(day, case)| (day, case.no, case.applicant.name))
            .collect();
        let quarter = crate::domain::report::Period::holding(
            crate::domain::report::ReportKind::Quarterly,
            today,
            self.policy.half_year_from,
        );
        let sample = match c.call(api::GetSample { period: quarter })? {
            Some(s) => {
                let mut scored = 0;
                for no in &s.cases {
                    if let Some(case) = c.call(api::GetCase { no: *no })?
                        && case.handling.quality.as_ref().is_some_and(|q| q.complete())
                    {
                        scored += 1;
                    }
                }
                Some((s.cases.len() as u32, scored))
            }
            None => None,
        };
        let providers = c.call(api::ListProviders {})?;
        let complaints = c
            .call(api::ListComplaints {})?
            .into_iter()
            .filter(|x| x.is_open())
            .map(|x| {
                let against = x.provider.as_ref().map(|id| {
                    providers
                        .iter()
                        .find(|(p, _)| &p.id == id)
                        .map_or_else(|| id.clone(), |(p, _)| p.name.clone())
                });
                (x, against)
            })
            .collect();
        Ok(SupervisionView {
            funds,
            to_approve,
            counts,
            follow_ups,
            quarter,
            sample,
            complaints,
        })
    }

    fn window_end(&self) -> NaiveDate {
        deadlines::window_end(self.today, self.policy.warning_days)
    }

    fn answer(&mut self, request: Request) -> Result<Option<Loaded>, ClientError> {
        let (policy, calendar, today) = (&self.policy, &self.calendar, self.today);
        Ok(Some(match request {
            Request::Queue(w, filter) => {
                let p = self.client.call(api::QueuePage {
                    today,
                    window: w,
                    filter: filter.clone(),
                })?;
                Loaded::Queue(Page {
                    offset: p.offset,
                    total: p.total,
                    rows: p
                        .cases
                        .iter()
                        .map(|c| QueueRow::from_case(c, policy, calendar, today))
                        .collect(),
                })
            }
            Request::Deadlines(w) => {
                let p = self.client.call(api::DuePageOf {
                    until: self.window_end(),
                    window: w,
                })?;
                Loaded::Deadlines(Page {
                    offset: p.offset,
                    total: p.total,
                    rows: p
                        .items
                        .iter()
                        .map(|(e, c)| DueRow::new(c, &deadline_of(e, c)))
                        .collect(),
                })
            }
            Request::Board(stage, w, None) => {
                let p = self.client.call(api::BoardPage { stage, window: w })?;
                Loaded::Board(
                    stage,
                    None,
                    Page {
                        offset: p.offset,
                        total: p.total,
                        rows: p
                            .cases
                            .iter()
                            .map(|c| Card::from_case(c, policy, calendar))
                            .collect(),
                    },
                )
            }
            Request::Board(stage, w, Some(id)) => {
                let page = self.provider_column(&id, stage, w)?;
                Loaded::Board(stage, Some(id), page)
            }
            Request::Providers { view } => {
                let mut rows = self.provider_rows()?;
                // The view shows each provider's scorecard; the picker does not.
                if view {
                    for r in &mut rows {
                        r.card = Some(self.client.call(api::GetScorecard {
                            id: r.id.clone(),
                            today,
                        })?);
                    }
                }
                Loaded::Providers { view, rows }
            }
            Request::Search { query, window } => {
                let hits = self.client.call(api::Find {
                    query: (&query).into(),
                    limit: (window.offset + window.limit) as u32,
                })?;
                let rows: Vec<QueueRow> = hits
                    .iter()
                    .map(|h| QueueRow::from_case(&h.case, policy, calendar, today))
                    .collect();
                let matched = hits
                    .iter()
                    .map(|h| (h.case.no, crate::domain::search::matched(h.field, h.rank)))
                    .filter(|(_, m)| crate::domain::search::says_what_matched(m))
                    .collect();
                Loaded::Search {
                    query,
                    page: Page::all(rows),
                    matched,
                }
            }
            Request::Checklist(no) => {
                let Some(case) = self.client.call(api::GetCase { no })? else {
                    return Ok(None);
                };
                Loaded::Checklist(ChecklistView {
                    no,
                    applicant: case.applicant.name.clone(),
                    matter: case.matter,
                    checks: self.client.call(api::GetChecklist { case: no, today })?,
                    proposal: case
                        .review
                        .decision
                        .clone()
                        .filter(|d| d.approved_by.is_none()),
                })
            }
            Request::Detail(no) => {
                let Some(case) = self.client.call(api::GetCase { no })? else {
                    return Ok(None);
                };
                let history = self.client.call(api::GetHistory { no })?;
                let open = deadlines::open_deadlines(&case, policy, calendar);
                let station = match &case.station {
                    Some(id) => self
                        .client
                        .call(api::ListStations {})?
                        .into_iter()
                        .find(|s| &s.id == id)
                        .map(|s| s.name),
                    None => None,
                };
                let complaints = match crate::domain::case::provider_of(&case) {
                    Some(p) => self
                        .client
                        .call(api::ListComplaints {})?
                        .into_iter()
                        .filter(|c| c.is_open() && c.provider.as_deref() == Some(p))
                        .map(|c| c.no)
                        .collect(),
                    None => Vec::new(),
                };
                Loaded::Detail(Box::new(DetailView {
                    case,
                    station,
                    open,
                    history,
                    complaints,
                }))
            }
            Request::Summary => {
                let due = self.client.call(api::DueUntil { until: today })?;
                let overdue = due.iter().filter(|(e, _)| e.key.due < today).count();
                let due_today = due.len() - overdue;
                let mut missing: Vec<i32> = due
                    .iter()
                    .flat_map(|(e, _)| e.uncovered.iter().copied())
                    .collect();
                if !calendar.covers(today.year()) {
                    missing.push(today.year());
                }
                missing.sort_unstable();
                missing.dedup();
                Loaded::Summary(Summary {
                    quality_points: policy.quality.points.clone(),
                    overdue,
                    due_today,
                    warning_days: policy.warning_days,
                    emergency_days: policy.emergency_days,
                    supplement_days: policy.supplement_days,
                    subsidies: subsidies_by_kind(policy, today),
                    calendar_missing: missing,
                    half_year_from: policy.half_year_from,
                    stations: self
                        .client
                        .call(api::ListStations {})?
                        .into_iter()
                        .filter(|s| s.active)
                        .map(|s| (s.id, s.name))
                        .collect(),
                })
            }
            Request::Report(period) => {
                let figures = self.client.call(api::Report {
                    period,
                    branch: None,
                    column: None,
                    today,
                })?;
                let trend = self.trend(period)?;
                Loaded::Report {
                    period,
                    figures: Box::new(figures),
                    trend,
                }
            }
            Request::Supervision => Loaded::Supervision(Box::new(self.supervision()?)),
            Request::ReportCases {
                period,
                column,
                title,
                window,
            } => {
                let figures = self.client.call(api::Report {
                    period,
                    branch: None,
                    column: Some(column),
                    today,
                })?;
                let all = figures.cases.unwrap_or_default();
                let mut rows = Vec::new();
                for no in all.iter().skip(window.offset).take(window.limit) {
                    if let Some(case) = self.client.call(api::GetCase { no: *no })? {
                        rows.push(QueueRow::from_case(&case, policy, calendar, today));
                    }
                }
                Loaded::Search {
                    query: title,
                    page: Page {
                        offset: window.offset,
                        total: all.len(),
                        rows,
                    },
                    matched: Vec::new(),
                }
            }
        }))
    }

    /// Cases per month over the twelve months up to a period's end, from
    /// the counters of that year and the year before.
    fn trend(
        &mut self,
        period: crate::domain::report::Period,
    ) -> Result<Vec<(crate::domain::report::Month, u64)>, ClientError> {
        use crate::domain::report::{Column, Period, trend};
        let from = self.policy.half_year_from;
        let Some(last) = period.months(from).last().copied() else {
            return Ok(Vec::new());
        };
        let mut months = Vec::new();
        for year in [last.year - 1, last.year] {
            if !Period::Year(year).is_valid() {
                continue;
            }
            let f = self.client.call(api::Report {
                period: Period::Year(year),
                branch: None,
                column: None,
                today: self.today,
            })?;
            months.extend(f.months);
        }
        trend(period, from, |m| {
            Ok(months
                .iter()
                .find(|(have, _)| *have == m)
                .and_then(|(_, c)| c.get(&Column::Cases).copied())
                .unwrap_or(0))
        })
    }

    /// A board column of one provider's cases. A provider's open cases are
    /// few (bounded by capacity), so they are read whole, never the board.
    fn provider_column(
        &mut self,
        id: &str,
        stage: Stage,
        w: Window,
    ) -> Result<Page<Card>, ClientError> {
        let mut nos = self.client.call(api::ProviderCases { id: id.into() })?;
        nos.sort_unstable();
        nos.dedup();
        let mut cases = Vec::new();
        for no in nos {
            if let Some(case) = self.client.call(api::GetCase { no })?
                && Stage::of(&case) == Some(stage)
                && provider_key(&case) == Some(id)
            {
                cases.push(case);
            }
        }
        let total = cases.len();
        let limit = w.limit.max(1);
        let offset = match w
            .around
            .and_then(|no| cases.iter().position(|c| c.no == no))
        {
            Some(i) => i / limit * limit,
            None => w.offset.min(total),
        };
        let rows = cases
            .iter()
            .skip(offset)
            .take(limit)
            .map(|c| Card::from_case(c, &self.policy, &self.calendar))
            .collect();
        Ok(Page {
            offset,
            total,
            rows,
        })
    }

    /// Every provider with open cases and capacity, and the deadlines of
    /// their cases due before today.
    fn provider_rows(&mut self) -> Result<Vec<ProviderRow>, ClientError> {
        let providers = self.client.call(api::ListProviders {})?;
        let mut overdue: HashMap<String, usize> = HashMap::new();
        if let Some(yesterday) = self.today.pred_opt() {
            for (_, case) in self.client.call(api::DueUntil { until: yesterday })? {
                if let Some(id) = provider_key(&case) {
                    *overdue.entry(id.to_string()).or_default() += 1;
                }
            }
        }
        Ok(providers
            .into_iter()
            .map(|(p, open)| ProviderRow {
                overdue: overdue.get(&p.id).copied().unwrap_or(0),
                id: p.id,
                name: p.name,
                organization: p.organization,
                open,
                capacity: p.capacity,
                card: None,
            })
            .collect())
    }
}

/// The deadline a due-index entry stands for.
fn deadline_of(e: &DueEntry, case: &Case) -> Deadline {
    let label = match e.key.kind {
        DeadlineKind::Matter => case
            .deadlines
            .iter()
            .find(|d| d.id == e.key.sub)
            .map(|d| d.label.clone())
            .unwrap_or_default(),
        kind => kind.label_en().to_string(),
    };
    Deadline {
        kind: e.key.kind,
        sub: e.key.sub,
        due: e.key.due,
        label,
        uncovered: e.uncovered.clone(),
    }
}

/// The standard subsidy of each kind of case under the rates in force
/// today, as the file review's prompt offers it (the store prices the case
/// itself).
pub fn subsidies_by_kind(
    policy: &crate::domain::policy::Policy,
    today: chrono::NaiveDate,
) -> Vec<(crate::domain::codes::Kind, u32)> {
    let Some(table) = policy.rates_on(today) else {
        return Vec::new();
    };
    crate::domain::codes::Kind::ALL
        .iter()
        .map(|k| (*k, crate::domain::funds::kind_standard(table, *k)))
        .collect()
}
