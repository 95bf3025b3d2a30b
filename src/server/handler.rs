//! What the server does for each operation of the wire (`api`): one method
//! each, for the connected user. The server dates every change itself and
//! checks what a client sends before the store sees it.

use chrono::{NaiveDate, Utc};

use crate::api::views::{CasePage, Choice, DueEntry, DuePage, Hit, PageWindow};
use crate::api::*;
use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo};
use crate::domain::eligibility::Check;
use crate::domain::event::Event;
use crate::domain::policy::Policy;
use crate::domain::provider::Provider;
use crate::domain::user::{Role, User};
use crate::store::{Actor, StoreError};

use super::{EXPORT_PAGE, Server, checked, server_today};

/// One operation's context: the server, who asks, and for a command its
/// actor (dated now by the server's clock, with the client's id for it).
pub(super) struct Session<'a> {
    server: &'a Server,
    user: &'a str,
    actor: Actor,
}

impl<'a> Session<'a> {
    pub(super) fn new(server: &'a Server, user: &'a str, op: Option<OpId>) -> Session<'a> {
        Session {
            server,
            user,
            // Instants are kept in UTC; each reader sees them in their own zone.
            actor: Actor {
                user: user.to_string(),
                at: Utc::now().fixed_offset(),
                op,
            },
        }
    }

    fn store(&self) -> &crate::store::Store {
        &self.server.store
    }
}

/// The date a change is entered on: the one the client gives (a step that
/// happened earlier may be backdated), never after the server's own today,
/// which a client cannot move.
fn dated(given: NaiveDate) -> Result<NaiveDate> {
    let today = server_today();
    if given > today {
        return Err(StoreError::Refusal(
            crate::domain::refusal::Why::DatedInFuture { given, today }.into(),
        ));
    }
    Ok(given)
}

/// Pages are at most this long, whatever a client asks.
fn capped(mut w: PageWindow) -> PageWindow {
    w.limit = w.limit.min(1000);
    w
}

type Result<T> = std::result::Result<T, StoreError>;

impl Handler for Session<'_> {
    type Error = StoreError;

    fn policy(&self, _: GetPolicy) -> Result<Policy> {
        self.store().policy()
    }

    fn calendar(&self, _: GetCalendar) -> Result<Calendar> {
        self.store().calendar()
    }

    fn case(&self, op: GetCase) -> Result<Option<Case>> {
        self.store().case(op.no)
    }

    fn history(&self, op: GetHistory) -> Result<Vec<Event>> {
        self.store().history(op.no)
    }

    fn export_page(&self, op: ExportPage) -> Result<Vec<(Case, Vec<Event>)>> {
        let s = self.store();
        s.cases_after(op.after, op.limit.min(EXPORT_PAGE) as usize)?
            .into_iter()
            .map(|c| s.history(c.no).map(|h| (c, h)))
            .collect()
    }

    fn due_until(&self, op: DueUntil) -> Result<Vec<(DueEntry, Case)>> {
        self.store().due_with_cases(op.until)
    }

    fn queue_page(&self, op: QueuePage) -> Result<CasePage> {
        self.store()
            .queue_page(op.today, capped(op.window), &op.filter)
    }

    fn board_page(&self, op: BoardPage) -> Result<CasePage> {
        self.store().board_page(op.stage, capped(op.window))
    }

    fn due_page(&self, op: DuePageOf) -> Result<DuePage> {
        self.store().due_page(op.until, capped(op.window))
    }

    fn users(&self, _: ListUsers) -> Result<Vec<User>> {
        self.store().users()
    }

    fn my_role(&self, _: MyRole) -> Result<Role> {
        self.store().role_of(self.user)
    }

    fn providers(&self, _: ListProviders) -> Result<Vec<(Provider, u32)>> {
        let s = self.store();
        Ok(s.providers()?
            .into_iter()
            .map(|p| {
                let open = s.provider_load(&p.id) as u32;
                (p, open)
            })
            .collect())
    }

    fn provider_cases(&self, op: ProviderCases) -> Result<Vec<CaseNo>> {
        self.store().provider_open_cases(&op.id)
    }

    fn rank_providers(&self, op: RankProviders) -> Result<Vec<Choice>> {
        self.store().rank_providers(op.case)
    }

    fn conflicts(&self, op: Conflicts) -> Result<Vec<CaseNo>> {
        self.store()
            .possible_conflicts(&op.applicant, op.adverse_party.as_deref())
    }

    fn checklist(&self, op: GetChecklist) -> Result<Vec<Check>> {
        self.store().checklist(op.case, op.today)
    }

    fn draft(&self, _: GetDraft) -> Result<Option<String>> {
        self.store().draft(self.user)
    }

    fn find(&self, op: Find) -> Result<Vec<Hit>> {
        self.store().find(&op.query, op.limit.min(1000) as usize)
    }

    fn same_person(&self, op: SamePerson) -> Result<Vec<(CaseNo, String)>> {
        Ok(self
            .store()
            .same_person(&op.applicant)?
            .into_iter()
            .map(|(n, why)| (n, why.to_string()))
            .collect())
    }

    fn status(&self, _: Status) -> Result<ServerStatus> {
        Ok(self.server.status())
    }

    fn verify(&self, _: Verify) -> Result<Vec<String>> {
        self.store().verify()
    }

    fn recovered(&self, _: Recovered) -> Result<Vec<String>> {
        self.store().recovered()
    }

    fn consultations(
        &self,
        op: ListConsultations,
    ) -> Result<Vec<crate::domain::consult::Consultation>> {
        let limit = (op.limit as usize).min(100_000);
        self.store().consultations(op.from, op.to, limit)
    }

    fn add_consultations(&self, op: AddConsultations) -> Result<Vec<u64>> {
        let today = server_today();
        for (i, item) in op.items.iter().enumerate() {
            if let Err(errors) = item.checked(today) {
                let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return Err(StoreError::Refused(format!(
                    "consultation {}: {}",
                    i + 1,
                    said.join("; ")
                )));
            }
        }
        self.store().add_consultations(&self.actor, op.items)
    }

    fn stations(&self, _: ListStations) -> Result<Vec<crate::domain::station::Station>> {
        self.store().stations()
    }

    fn set_stations(&self, op: SetStations) -> Result<()> {
        let today = server_today();
        if let Some(bad) = op.items.iter().find(|s| !s.checked(today)) {
            return Err(StoreError::Refused(format!(
                "workstation {} was not sent as docket validates it",
                bad.id
            )));
        }
        self.store().set_stations(&self.actor, op.items)
    }

    fn report(&self, op: Report) -> Result<crate::domain::report::Figures> {
        if !op.period.is_valid() {
            return Err(StoreError::Refusal(
                crate::domain::refusal::Why::NotAPeriod {
                    period: op.period.to_string(),
                }
                .into(),
            ));
        }
        self.store()
            .report(op.period, op.column.map(|c| (op.branch, c)), op.today)
    }

    fn import(&self, op: Import) -> Result<Vec<CaseNo>> {
        let cases = checked(op.cases)?;
        self.store().import(&self.actor, cases, &op.via)
    }

    fn register(&self, op: Register) -> Result<CaseNo> {
        let today = dated(op.today)?;
        let case = checked(vec![*op.case])?
            .pop()
            .ok_or_else(|| StoreError::Refused("no case to register".into()))?;
        self.store()
            .register(&self.actor, case, today, op.consultation)
    }

    fn add_deadline(&self, op: AddDeadline) -> Result<u32> {
        self.store().add_deadline(
            &self.actor,
            op.case,
            op.expected_revision,
            op.date,
            &op.label,
        )
    }

    fn done_deadline(&self, op: DoneDeadline) -> Result<()> {
        let on = dated(op.on)?;
        self.store()
            .done_deadline(&self.actor, op.case, op.expected_revision, op.id, on)
    }

    fn set_policy(&self, op: SetPolicy) -> Result<()> {
        self.store().set_policy(&self.actor, op.policy)
    }

    fn import_calendar(&self, op: ImportCalendar) -> Result<Vec<i32>> {
        self.store().import_calendar(&self.actor, op.calendar)
    }

    fn correct(&self, op: Correct) -> Result<()> {
        let today = dated(op.today)?;
        self.store().correct(
            &self.actor,
            op.case,
            op.expected_revision,
            &op.field,
            &op.value,
            today,
        )
    }

    fn step(&self, op: ApplyStep) -> Result<()> {
        let today = dated(op.today)?;
        self.store()
            .step(&self.actor, op.case, op.expected_revision, *op.step, today)
    }

    fn set_user(&self, op: SetUser) -> Result<()> {
        self.store()
            .set_user(&self.actor, &op.name, op.role, op.display_name.as_deref())
    }

    fn set_user_active(&self, op: SetUserActive) -> Result<()> {
        self.store()
            .set_user_active(&self.actor, &op.name, op.active, &op.reason)
    }

    fn set_providers(&self, op: SetProviders) -> Result<()> {
        self.store().set_providers(&self.actor, op.providers)
    }

    fn save_draft(&self, op: SaveDraft) -> Result<()> {
        self.store().save_draft(self.user, op.draft.as_deref())
    }

    fn funds(&self, op: GetFunds) -> Result<crate::domain::funds::Funds> {
        self.store().funds(op.year)
    }

    fn supervision_list(&self, op: SupervisionList) -> Result<Vec<(NaiveDate, Case)>> {
        let limit = (op.limit as usize).min(10_000);
        self.store().supervision_list(op.list, limit)
    }

    fn supervision_counts(
        &self,
        _: SupervisionCounts,
    ) -> Result<Vec<(crate::domain::supervision::List, u32)>> {
        Ok(crate::domain::supervision::List::ALL
            .iter()
            .map(|l| (*l, self.store().supervision_count(*l) as u32))
            .collect())
    }

    fn sample(&self, op: GetSample) -> Result<Option<crate::domain::quality::Sample>> {
        self.store().sample(op.period)
    }

    fn complaints(&self, _: ListComplaints) -> Result<Vec<crate::domain::quality::Complaint>> {
        self.store().complaints()
    }

    fn scorecard(&self, op: GetScorecard) -> Result<crate::domain::quality::Scorecard> {
        self.store().scorecard(&op.id, op.today)
    }

    fn set_budget(&self, op: SetBudget) -> Result<()> {
        if !(1990..=2200).contains(&op.year) || op.yuan > 100_000_000_000 {
            return Err(StoreError::Refused(format!(
                "a budget of {} yuan for {} was not sent as docket validates it",
                op.yuan, op.year
            )));
        }
        self.store()
            .set_budget(&self.actor, op.year, op.source, op.yuan)
    }

    fn draw_sample(&self, op: DrawSample) -> Result<crate::domain::quality::Sample> {
        let today = dated(op.today)?;
        if !op.period.is_valid() {
            return Err(StoreError::Refusal(
                crate::domain::refusal::Why::NotAPeriod {
                    period: op.period.to_string(),
                }
                .into(),
            ));
        }
        if let Some(share) = op.share.filter(|s| !(1..=100).contains(s)) {
            return Err(StoreError::Refused(format!(
                "a share of {share}% was not sent as docket validates it (1 to 100)"
            )));
        }
        self.store()
            .draw_sample(&self.actor, op.period, op.share, op.seed, today)
    }

    fn file_complaint(&self, op: FileComplaint) -> Result<crate::domain::quality::ComplaintNo> {
        let today = dated(op.today)?;
        self.store()
            .file_complaint(&self.actor, op.provider, op.case, op.kind, &op.facts, today)
    }

    fn decide_complaint(&self, op: DecideComplaint) -> Result<()> {
        let today = dated(op.today)?;
        self.store()
            .decide_complaint(&self.actor, op.no, op.outcome, &op.investigation, today)
    }

    fn other_payments(
        &self,
        _: ListOtherPayments,
    ) -> Result<Vec<crate::domain::funds::OtherPayment>> {
        self.store().other_payments()
    }

    fn propose_other(&self, op: ProposeOther) -> Result<u32> {
        let today = dated(op.today)?;
        if op.units > 10_000
            || op
                .amount
                .is_some_and(|a| a > crate::domain::policy::MAX_YUAN)
        {
            return Err(StoreError::Refused(format!(
                "{} units or {:?} yuan was not sent as docket validates it",
                op.units, op.amount
            )));
        }
        self.store().propose_other(
            &self.actor,
            op.kind,
            &op.payee,
            op.units,
            op.amount,
            op.reason,
            today,
        )
    }

    fn settle_other(&self, op: SettleOther) -> Result<()> {
        let today = dated(op.today)?;
        self.store()
            .settle_other(&self.actor, op.no, op.voucher.as_deref(), today)
    }

    fn appeal_complaint(&self, op: AppealComplaint) -> Result<()> {
        self.store().appeal_complaint(&self.actor, op.no, op.appeal)
    }
}
